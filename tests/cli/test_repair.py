"""A damaged index, as an unlucky operator finds it: `ask` names the one command that helps,
and `tradebot index --rebuild` rebuilds from the knowledge folder whatever state the index is
in, moving the damaged files aside. Real processes: garbage vector files would crash one."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.app import App
from tests.cli.test_cli import run
from tests.conftest import make_settings

QUESTION = "What is the US levy on Japanese cars?"
ADVICE = "run `tradebot index --rebuild` to rebuild it from the knowledge folder"


def truncate_catalogue(app: App) -> None:
    database = app.settings.index_dir / "chroma" / "chroma.sqlite3"
    os.truncate(database, database.stat().st_size // 2)


def drop_live_collection(app: App) -> None:
    pointer = app.store.pointer()
    assert pointer is not None
    app.store.client.delete_collection(pointer.collection)


def garbage_vectors(app: App) -> None:
    for header in (app.settings.index_dir / "chroma").glob("*/header.bin"):
        for name in ("header.bin", "data_level0.bin", "length.bin"):
            (header.parent / name).write_bytes(os.urandom(4096))


@pytest.mark.parametrize(
    "damage",
    [truncate_catalogue, drop_live_collection, garbage_vectors],
    ids=["half-truncated chroma.sqlite3", "missing live collection", "garbage HNSW files"],
)
def test_ask_says_rebuild_and_rebuild_repairs(
    tmp_path: Path, knowledge_copy: Path, damage: Callable[[App], None]
) -> None:
    app = App(make_settings(tmp_path, knowledge_copy))
    app.indexer.reindex(knowledge_copy)
    (app.settings.index_dir / "feedback.sqlite3").write_bytes(b"votes")
    damage(app)
    del app
    index = tmp_path / "index"

    asked = run(["ask", QUESTION], index, knowledge=knowledge_copy)
    assert asked.returncode == 1, asked.stderr
    assert ADVICE in asked.stderr and "Traceback" not in asked.stderr

    rebuilt = run(["index", "--rebuild"], index, knowledge=knowledge_copy)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "the index was damaged" in rebuilt.stderr and "6 added" in rebuilt.stdout
    aside = [p for p in index.iterdir() if p.name.startswith("damaged-")]
    assert len(aside) == 1 and (aside[0] / "chroma" / "chroma.sqlite3").exists(), "kept"
    assert (index / "feedback.sqlite3").read_bytes() == b"votes", "user data stays in place"
    assert run(["ask", QUESTION], index, knowledge=knowledge_copy).returncode == 0


def test_a_shortened_bm25_file_is_rebuilt_from_chroma(tmp_path: Path, knowledge_copy: Path) -> None:
    app = App(make_settings(tmp_path, knowledge_copy))
    app.indexer.reindex(knowledge_copy)
    (lexical,) = (tmp_path / "index" / "lexical").iterdir()
    lines = (lexical / "passages.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (lexical / "passages.jsonl").write_text("".join(lines[:-3]), encoding="utf-8")
    asked = run(["ask", "--json", QUESTION], tmp_path / "index", knowledge=knowledge_copy)
    assert asked.returncode == 0 and '"refused": false' in asked.stdout, asked.stderr
    lines_after = (lexical / "passages.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines_after) == len(lines), "the cache was rewritten whole"


def test_rebuild_of_a_healthy_index_moves_nothing(tmp_path: Path, knowledge_copy: Path) -> None:
    index = tmp_path / "index"
    assert run(["index"], index, knowledge=knowledge_copy).returncode == 0
    rebuilt = run(["index", "--rebuild"], index, knowledge=knowledge_copy)
    assert rebuilt.returncode == 0 and "damaged" not in rebuilt.stderr
    assert not [p for p in index.iterdir() if p.name.startswith("damaged-")]
    shutil.rmtree(index / "lexical")
    assert run(["ask", QUESTION], index, knowledge=knowledge_copy).returncode == 0
