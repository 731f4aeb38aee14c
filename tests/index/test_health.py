"""Checks of a local index folder on a real Chroma folder, damaged in the ways disks do."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.app import App
from bot.index.health import (
    DERIVED,
    find_damage,
    hnsw_problem,
    move_aside,
    sqlite_problem,
    vector_segments,
)
from tests.conftest import make_settings


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> App:
    app = App(make_settings(tmp_path_factory.mktemp("health")))
    app.indexer.reindex(app.settings.knowledge_dir)
    return app


def live_vector_folder(app: App) -> Path:
    pointer = app.store.pointer()
    assert pointer is not None
    (folder,) = vector_segments(app.settings.index_dir / "chroma", pointer.collection)
    return folder


def test_a_healthy_index_passes_every_check(built: App) -> None:
    chroma = built.settings.index_dir / "chroma"
    assert sqlite_problem(chroma) is None
    assert hnsw_problem(live_vector_folder(built)) is None
    assert find_damage(built.settings.index_dir, built.settings.embeddings) is None


@pytest.mark.parametrize(
    ("name", "damage", "finding"),
    [
        ("header.bin", lambda data: data[:60], "has 60 bytes"),
        ("header.bin", lambda data: os.urandom(len(data)), "do not agree"),
        ("data_level0.bin", lambda data: data[: len(data) // 2], "data size"),
        ("length.bin", lambda data: data + b"\0" * 8, "vector lengths size"),
    ],
)
def test_hnsw_files_that_hnswlib_did_not_write_are_found(
    tmp_path: Path, built: App, name: str, damage: object, finding: str
) -> None:
    source = live_vector_folder(built)
    copy = tmp_path / source.name
    copy.mkdir()
    for path in source.iterdir():
        data = path.read_bytes()
        (copy / path.name).write_bytes(damage(data) if path.name == name else data)  # type: ignore[operator]
    problem = hnsw_problem(copy)
    assert problem is not None and finding in problem


def test_a_cut_catalogue_is_found_and_moved_aside_whole(tmp_path: Path) -> None:
    app = App(make_settings(tmp_path))
    app.indexer.reindex(app.settings.knowledge_dir)
    index = app.settings.index_dir
    (index / "feedback.sqlite3").write_bytes(b"votes")
    database = index / "chroma" / "chroma.sqlite3"
    os.truncate(database, database.stat().st_size // 3)
    assert find_damage(index, app.settings.embeddings) is not None
    moved = move_aside(index)
    assert sorted(p.name for p in moved.iterdir()) == sorted(DERIVED)
    assert (index / "feedback.sqlite3").read_bytes() == b"votes"
    assert not (index / "chroma").exists()
