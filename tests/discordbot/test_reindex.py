"""The reindex child process: the same errors as in process, one writer at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.discordbot.reindex import SubprocessReindexer
from bot.index.lock import IndexBusyError, local_writer_lock
from bot.ingest.pipeline import KnowledgeDirError
from tests.conftest import make_settings


def test_errors_come_back_as_the_same_exceptions(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    reindexer = SubprocessReindexer(settings)
    with pytest.raises(KnowledgeDirError, match="does not exist"):
        reindexer.reindex(tmp_path / "missing")
    with local_writer_lock(settings.index_dir), pytest.raises(IndexBusyError):
        reindexer.reindex(settings.knowledge_dir)
    reindexer.cancel()  # nothing running: nothing to do
