"""The reindex driver on folders that go wrong: links out, unreadable files and folders, an
empty folder. Real model and Chroma folder; an unreadable file is simulated (tests run as
root, whom permission bits do not stop)."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import App
from bot.ingest.pipeline import EmptyKnowledgeError, read_knowledge
from tests.conftest import make_settings

ARTICLE = "# {title}\n\n{body}\n"


def write(path: Path, title: str, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ARTICLE.format(title=title, body=body), encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    knowledge = tmp_path / "knowledge"
    write(knowledge / "lumber.md", "Lumber duties", "Freedonia set a 12% duty on lumber in May.")
    write(knowledge / "dairy" / "cheese.md", "Cheese quotas", "Sylvania opened a cheese quota.")
    return knowledge


def test_links_are_never_followed_out_of_the_folder(tmp_path: Path, folder: Path) -> None:
    outside = tmp_path / "outside"
    write(outside / "secret.md", "Secret", "The launch code is swordfish-42.")
    (folder / "secret.md").symlink_to(outside / "secret.md")
    (folder / "elsewhere").symlink_to(outside, target_is_directory=True)
    (folder / "again.md").symlink_to(folder / "lumber.md")
    (folder / "loop").symlink_to(folder / "loop")

    scan = read_knowledge(folder)
    assert sorted(d.doc_id for d in scan.documents) == ["dairy/cheese.md", "lumber.md"]
    reasons = {s.path: s.reason for s in scan.skipped}
    assert "outside the knowledge folder" in reasons["secret.md"]
    assert "outside the knowledge folder" in reasons["elsewhere/"]
    assert "lumber.md" in reasons["again.md"]
    assert "not followed" in reasons["loop"]

    app = App(make_settings(tmp_path, folder))
    app.indexer.reindex(folder)
    assert all("swordfish" not in p.text for p in app.retriever.passages())


@pytest.fixture
def unreadable(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[Path]]:
    """Paths that fail with EACCES when read or listed, as for a user without permission."""
    denied: set[Path] = set()
    read_bytes, scandir = Path.read_bytes, os.scandir

    def guarded_read(self: Path) -> bytes:
        if self.resolve() in denied:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return read_bytes(self)

    def guarded_scandir(path: Any = ".") -> Any:
        if isinstance(path, str | os.PathLike) and Path(path).resolve() in denied:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(Path, "read_bytes", guarded_read)
    monkeypatch.setattr(os, "scandir", guarded_scandir)
    yield denied


def test_unreadable_files_and_folders_keep_their_passages(
    tmp_path: Path, folder: Path, unreadable: set[Path]
) -> None:
    app = App(make_settings(tmp_path, folder))
    app.indexer.reindex(folder)
    before = {p.passage_id: p for p in app.retriever.passages()}

    unreadable.update({(folder / "lumber.md").resolve(), (folder / "dairy").resolve()})
    write(folder / "rice.md", "Rice", "Sylvania cut its rice tariff to 5%.")
    report = app.indexer.reindex(folder)
    assert (report.added, report.removed) == (1, 0), "unreadable is not deleted"
    warnings = {s.path: s for s in report.skipped}
    assert "Permission denied" in warnings["lumber.md"].reason and warnings["lumber.md"].kept
    assert "cannot read folder" in warnings["dairy/"].reason and warnings["dairy/"].kept == 1
    after = {p.passage_id: p for p in app.retriever.passages()}
    assert set(before) < set(after) and all(after[k] == v for k, v in before.items())
    assert not app.service.ask("What duty did Freedonia set on lumber?").refused
    rebuilt = app.indexer.reindex(folder, full=True)
    assert rebuilt.removed == 0 and rebuilt.passages == len(after), "a rebuild keeps them too"

    unreadable.clear()
    (folder / "lumber.md").unlink()
    assert app.indexer.reindex(folder).removed == 1, "a file that is really gone is removed"


def test_an_empty_folder_never_empties_the_index_without_being_asked(
    tmp_path: Path, folder: Path
) -> None:
    app = App(make_settings(tmp_path, folder))
    app.indexer.reindex(folder)
    pointer = app.store.pointer()
    for path in [folder / "lumber.md", folder / "dairy" / "cheese.md"]:
        path.unlink()
    with pytest.raises(EmptyKnowledgeError, match="--allow-empty"):
        app.indexer.reindex(folder)
    assert app.store.pointer() == pointer
    emptied = app.indexer.reindex(folder, allow_empty=True)
    assert emptied.removed == 2 and emptied.passages == 0
