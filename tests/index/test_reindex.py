"""Reindexing through the real path: real model, real Chroma folder (and a real Chroma server)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

from bot.app import App
from bot.index.lock import IndexBusyError
from bot.ingest.chunking import sentence_ids
from bot.ingest.pipeline import Progress
from tests.conftest import SHARED_PAGE, make_settings


def test_incremental_and_idempotent(tmp_path: Path, knowledge_copy: Path) -> None:
    app = App(make_settings(tmp_path, knowledge_copy))
    first = app.indexer.reindex(knowledge_copy)
    assert (first.added, first.updated, first.removed, first.unchanged) == (6, 0, 0, 0)
    assert first.passages == first.embedded > 0

    again = app.indexer.reindex(knowledge_copy)
    assert not again.changed and again.embedded == 0 and again.unchanged == 6
    assert again.generation == first.generation, "a no-op reindex writes nothing"

    soy = knowledge_copy / "2025-04-19-japan-soybean-rice-concessions.md"
    soy.write_text(soy.read_text().replace("soybean", "soy bean"), encoding="utf-8")
    (knowledge_copy / "2025-04-22-china-urges-japan-to-counter-us-tariffs.md").unlink()
    shutil.copy(SHARED_PAGE, knowledge_copy / "raw-page.txt")
    before = app.retriever.live()
    third = app.indexer.reindex(knowledge_copy)
    assert (third.added, third.updated, third.removed, third.unchanged) == (1, 1, 1, 4)
    assert 0 < third.embedded < third.passages, "unchanged documents are copied, not re-embedded"

    # Every passage of the new generation has all its sentence vectors, copied ones unchanged.
    after = app.retriever.live()
    wanted = sentence_ids(after.lexical.passages)
    got = after.sentences.get(ids=wanted, include=["embeddings"])
    assert sorted(got["ids"]) == sorted(wanted)
    kept = [i for i in wanted if i.startswith("2025-04-16-japan-us-tariff-talks.md#")]
    old = before.sentences.get(ids=kept, include=["embeddings"])
    new = after.sentences.get(ids=kept, include=["embeddings"])
    old_vectors = dict(zip(old["ids"], old["embeddings"], strict=True))
    new_vectors = dict(zip(new["ids"], new["embeddings"], strict=True))
    assert kept and old_vectors.keys() == new_vectors.keys()
    for key, vector in old_vectors.items():
        assert np.allclose(vector, new_vectors[key], atol=1e-6), key

    doc_ids = {p.doc_id for p in app.retriever.passages()}
    assert "raw-page.txt" in doc_ids
    assert "2025-04-22-china-urges-japan-to-counter-us-tariffs.md" not in doc_ids
    answer = app.service.ask("What did Chinese Premier Li Qiang urge Japan to do?")
    assert all("china-urges" not in c.source_file for c in answer.citations)


@pytest.mark.parametrize(
    "failing",
    [
        "bot.index.store.IndexStore.publish",
        "bot.index.embeddings.MiniLMOnnx.embed_documents",  # the model, on the main thread
        "bot.index.store.IndexStore.add_vectors",  # Chroma's writes, in their own thread
        "bot.facts.index.FactsIndex.build",  # the derived indexes, in theirs
    ],
)
def test_failed_reindex_keeps_previous_index_answering(
    tmp_path: Path, knowledge_copy: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    app = App(make_settings(tmp_path, knowledge_copy))
    app.indexer.reindex(knowledge_copy)
    before = app.store.pointer()
    (knowledge_copy / "extra.md").write_text(
        "# Extra\n\nThe EU set a 25% safeguard tariff on steel.\n"
    )

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(failing, explode)
    with pytest.raises(RuntimeError, match="disk full"):
        app.indexer.reindex(knowledge_copy)
    monkeypatch.undo()
    assert app.store.pointer() == before
    assert before is not None
    names = {c.name for c in app.store.client.list_collections()}
    generations = {n.removesuffix("-s") for n in names if n.startswith(app.store.prefix + "-g")}
    assert generations == {before.collection}, "the half-built generation was removed"
    assert app.service.ask("What is the US levy on Japanese cars?").refused is False


def test_questions_are_answered_during_a_reindex(tmp_path: Path, knowledge_copy: Path) -> None:
    app = App(make_settings(tmp_path, knowledge_copy))
    app.indexer.reindex(knowledge_copy)
    (knowledge_copy / "raw-page.txt").write_bytes(SHARED_PAGE.read_bytes())
    answers: list[bool] = []
    started = threading.Event()

    def on_progress(event: Progress) -> None:
        if event.stage == "embed" and not started.is_set():
            started.set()
            # The writer is mid-way: a reader must still get the previous generation's answer.
            answers.append(app.service.ask("What is the US levy on Japanese cars?").refused)

    app.indexer.reindex(knowledge_copy, progress=on_progress)
    assert answers == [False]


def test_second_writer_gets_a_clear_error(tmp_path: Path, knowledge_copy: Path) -> None:
    app = App(make_settings(tmp_path, knowledge_copy))
    with app.store.writer_lock(), pytest.raises(IndexBusyError, match="another reindex"):
        App(make_settings(tmp_path, knowledge_copy)).indexer.reindex(knowledge_copy)


def test_full_rebuild_reembeds_everything(tmp_path: Path, knowledge_copy: Path) -> None:
    app = App(make_settings(tmp_path, knowledge_copy))
    first = app.indexer.reindex(knowledge_copy)
    rebuilt = app.indexer.reindex(knowledge_copy, full=True)
    assert rebuilt.embedded == first.passages and rebuilt.generation == first.generation + 1


@pytest.mark.slow
def test_chroma_server(tmp_path: Path, knowledge_copy: Path, chroma_server: str) -> None:
    app = App(make_settings(tmp_path, knowledge_copy, chroma_url=chroma_server))
    report = app.indexer.reindex(knowledge_copy)
    assert report.added == 6
    assert app.indexer.reindex(knowledge_copy).changed is False
    answer = app.service.ask("Who is Japan's top trade negotiator?")
    assert not answer.refused and "Akazawa" in answer.text
    # Another process on another machine has no local BM25 cache: it rebuilds it from the server.
    other = App(make_settings(tmp_path / "elsewhere", knowledge_copy, chroma_url=chroma_server))
    assert "Akazawa" in other.service.ask("Who is Japan's top trade negotiator?").text
    with app.store.writer_lock(), pytest.raises(IndexBusyError):
        other.indexer.reindex(knowledge_copy)
