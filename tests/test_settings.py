"""Settings: relative folders become absolute once, against the folder tradebot starts in."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings


def test_relative_folders_resolve_against_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.knowledge_dir == tmp_path / "knowledge"
    assert settings.index_dir == tmp_path / ".tradebot" / "index"
    assert settings.feedback_path == tmp_path / ".tradebot" / "index" / "feedback.sqlite3"
    assert settings.feeds_path == tmp_path / ".tradebot" / "index" / "feeds.sqlite3"
    feeds = Settings(_env_file=None, feeds_db=Path("subs.sqlite3"))  # type: ignore[call-arg]
    assert feeds.feeds_path == tmp_path / "subs.sqlite3"
    assert settings.with_knowledge_dir(Path("other")).knowledge_dir == tmp_path / "other"


def test_absolute_folders_are_kept(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, index_dir=tmp_path / "i")  # type: ignore[call-arg]
    assert settings.index_dir == tmp_path / "i"
