"""Hybrid retrieval over a real index: sentence neighbours and passages asked for by id."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.retrieval.hybrid import SENTENCE_PASSAGES
from tests.conftest import make_settings

ARTICLES = {
    "harbour.md": (
        "Harbour news",
        "The harbour of Port Elm was dredged this spring. Fishing boats returned in May. "
        "The harbour master praised the crews. Avaria charges a 12% levy on Zembian plums "
        "landed at the quay. Gulls were counted by volunteers.",
    ),
    "weather.md": ("Spring weather", "Rain fell across Avaria in April. Farmers welcomed it."),
    "plums.md": (
        "Plum growers meet",
        "Plum growers met in Zembia to discuss the harvest and the price of crates.",
    ),
}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> App:
    tmp = tmp_path_factory.mktemp("hybrid")
    knowledge = tmp / "knowledge"
    knowledge.mkdir()
    for name, (title, body) in ARTICLES.items():
        text = f"---\ntitle: {title}\noutlet: Orchard Post\npublished: 2031-05-01\n---\n\n{body}\n"
        (knowledge / name).write_text(text, encoding="utf-8")
    built = App(make_settings(tmp, knowledge))
    built.indexer.reindex(knowledge)
    return built


def test_a_passage_is_found_by_its_nearest_sentence(app: App) -> None:
    hits = app.retriever.search("What levy does Avaria charge on Zembian plums?", k=1)
    assert 1 <= len(hits) <= 1 + SENTENCE_PASSAGES
    assert any(h.passage.doc_id == "harbour.md" for h in hits)
    for hit in hits:
        assert len(hit.sentence_similarity) >= 1


def test_passages_asked_for_by_id_come_last(app: App) -> None:
    weather = next(p for p in app.retriever.passages() if p.doc_id == "weather.md")
    hits = app.retriever.search("plum levy", k=1, include=[weather.passage_id, "missing#id"])
    assert hits[-1].passage.passage_id == weather.passage_id
    assert all(h.passage.passage_id != "missing#id" for h in hits)


def test_nearest_sentences_are_exact_and_ordered(app: App) -> None:
    """The sentences added beside the passage search are the true nearest, ties by id, so two
    builds of the same articles give the same evidence (the cheap graph alone did not)."""
    from bot.retrieval.hybrid import SENTENCE_NEIGHBOURS, HybridRetriever

    live = app.retriever.live()
    matrix = live.sentence_matrix()
    assert matrix is not None
    ids, vectors = matrix
    assert len(ids) == live.sentences.count() == len(vectors)
    vector = app.store.embedder.embed_query("Which levy applies to plums at the quay?")
    scores = vectors @ vector
    expected = [ids[i] for i in sorted(range(len(ids)), key=lambda i: -scores[i])]
    expected_passages = list(
        dict.fromkeys(s.rpartition("~")[0] for s in expected[:SENTENCE_NEIGHBOURS])
    )
    assert HybridRetriever._near_sentences(live, vector) == expected_passages


def test_the_sentence_vectors_are_cached_beside_the_index(app: App) -> None:
    """Read from Chroma once per generation, then memory-mapped by every later process; a
    cache whose ids do not match its vectors is read again from Chroma."""
    from bot.retrieval.hybrid import EXACT_SENTENCES

    store = app.store
    name = app.retriever.live().pointer.collection
    ids, vectors = store.load_sentence_matrix(name, EXACT_SENTENCES) or ([], None)
    cache = store.sentence_cache_dir(name)
    assert (cache / "vectors.npy").is_file() and (cache / "ids.json").is_file()
    again = store.load_sentence_matrix(name, EXACT_SENTENCES)
    assert again is not None and again[0] == ids and again[1].shape == vectors.shape
    (cache / "ids.json").write_text('["only-one"]', encoding="utf-8")
    rebuilt = store.load_sentence_matrix(name, EXACT_SENTENCES)
    assert rebuilt is not None and rebuilt[0] == ids
    assert store.load_sentence_matrix(name, 0) is not None  # the cache holds it already
