"""The index folder after many reindexes and after damage: real Chroma folders."""

from __future__ import annotations

import uuid
from pathlib import Path

from bot.app import App
from bot.index.health import orphan_segments, vector_segments
from tests.conftest import make_settings


def segment_folders(index_dir: Path) -> list[Path]:
    folders = []
    for path in (index_dir / "chroma").iterdir():
        try:
            uuid.UUID(path.name)
        except ValueError:
            continue
        folders.append(path)
    return folders


def live_segments(app: App) -> set[Path]:
    names = {c.name for c in app.store.client.list_collections()}
    return {f for name in names for f in vector_segments(app.settings.index_dir / "chroma", name)}


def test_reindexing_leaves_no_orphan_vector_folders(tmp_path: Path, knowledge_copy: Path) -> None:
    app = App(make_settings(tmp_path, knowledge_copy))
    article = knowledge_copy / "2025-04-16-japan-us-tariff-talks.md"
    original = article.read_text(encoding="utf-8")
    for round_ in range(4):
        article.write_text(original + f"\n\nUpdate {round_}: talks continue.\n", encoding="utf-8")
        app.indexer.reindex(knowledge_copy)
    folders = set(segment_folders(app.settings.index_dir))
    assert folders <= live_segments(app), "every vector folder belongs to a live collection"
    assert len(folders) <= 4, "two generations of two collections at most"
    assert not orphan_segments(app.settings.index_dir / "chroma")
    assert not app.service.ask("What is the US levy on Japanese cars?").refused
