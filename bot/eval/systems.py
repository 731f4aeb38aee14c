"""The systems compared by ``tradebot eval``, all over the same indexed passages.

- ``hybrid``: the real service (``App.service``): dense + BM25 fused, the configured composer.
- ``dense`` and ``bm25``: the same service class and extractive composer on one retrieval mode.
  For ``bm25`` the composer still receives its per-sentence similarities (one query embedding):
  without them the extractive composer cannot weigh evidence and would refuse everything, so the
  comparison would say nothing about retrieval, which is what it isolates.
- ``langchain``: what a user would build with LangChain alone: a ``langchain-chroma`` vector
  store over the same passages with the same MiniLM model, ``similarity_search`` top 4, and the
  best passage as the answer (it never refuses).
"""

from __future__ import annotations

import dataclasses
import time
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from bot.answer.question import parts
from bot.eval.gold import GoldItem
from bot.eval.metrics import RANK_DEPTH, Outcome, citation_problems
from bot.index.embeddings import Embedder
from bot.models import Answer, Citation, Passage, ScoredPassage
from bot.retrieval.hybrid import HybridRetriever, Mode
from bot.service import QAService

if TYPE_CHECKING:
    from langchain_chroma import Chroma
    from langchain_core.embeddings import Embeddings

    from bot.app import App

BASELINE_K = 4
"""LangChain's ``similarity_search`` default."""
ADD_BATCH = 1000


class System(Protocol):
    """One way of answering; ``answer`` is what is timed."""

    @property
    def name(self) -> str: ...

    def ranking(self, question: str) -> list[Passage]:
        """The retrieval ranking, :data:`RANK_DEPTH` deep (for recall and MRR)."""
        ...

    def answer(self, question: str) -> Answer: ...

    def composed_from(self, answer: Answer) -> list[Passage]:
        """The passages the answer was composed from (not timed)."""
        ...


class _LexicalWithEvidence(HybridRetriever):
    """BM25 ranking, plus the question's similarity to each sentence for the composer."""

    def search(
        self, query: str, k: int = 5, mode: Mode | None = None, include: Sequence[str] = ()
    ) -> list[ScoredPassage]:
        hits = super().search(query, k, mode, include)
        if not hits:
            return hits
        vector = self.store.embedder.embed_query(query)
        ids = [hit.passage.passage_id for hit in hits]
        similarities = self._sentence_similarities(self.live(), vector, ids)
        return [
            dataclasses.replace(hit, sentence_similarity=similarities.get(pid, ()))
            for hit, pid in zip(hits, ids, strict=True)
        ]


class ServiceSystem:
    """A :class:`QAService`; the passages it composed from are found by the same search."""

    def __init__(self, name: str, service: QAService) -> None:
        self.name = name
        self.service = service

    def ranking(self, question: str) -> list[Passage]:
        return [hit.passage for hit in self.service.retriever.search(question, RANK_DEPTH)]

    def answer(self, question: str) -> Answer:
        return self.service.ask(question)

    def composed_from(self, answer: Answer) -> list[Passage]:
        # Retrieval is deterministic: the same searches give the passages the answer came from
        # (the question's own, and each part's when it asks several things).
        found: dict[str, Passage] = {}
        for asked in dict.fromkeys((answer.standalone, *parts(answer.standalone))):
            for hit in self.service.evidence(asked):
                found.setdefault(hit.passage.passage_id, hit.passage)
        return list(found.values())


def mode_system(app: App, mode: Mode) -> ServiceSystem:
    """The extractive service on one retrieval mode of the same index."""
    retriever_class = _LexicalWithEvidence if mode == "lexical" else HybridRetriever
    service = QAService(
        retriever_class(app.store, mode=mode),
        app.extractive,
        top_k=app.settings.top_k,
        max_question_chars=app.settings.max_question_chars,
    )
    return ServiceSystem("bm25" if mode == "lexical" else mode, service)


def langchain_embeddings(embedder: Embedder) -> Embeddings:
    """Our embedder behind LangChain's ``Embeddings`` interface (no network)."""
    from langchain_core.embeddings import Embeddings

    class _Wrapped(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            vectors: list[list[float]] = embedder.embed_documents(texts).tolist()
            return vectors

        def embed_query(self, text: str) -> list[float]:
            vector: list[float] = embedder.embed_query(text).tolist()
            return vector

    return _Wrapped()


class LangChainBaseline:
    """A plain ``langchain-chroma`` store (defaults: in-memory client, L2 distance)."""

    name = "langchain"

    def __init__(self, store: Chroma, by_id: dict[str, Passage]) -> None:
        self._store = store
        self._by_id = by_id
        self._found: dict[str, list[Passage]] = {}

    @classmethod
    def build(cls, passages: Sequence[Passage], embedder: Embedder) -> LangChainBaseline:
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma

        store = Chroma(
            collection_name=f"langchain-baseline-{uuid.uuid4().hex[:8]}",
            embedding_function=langchain_embeddings(embedder),
            client_settings=ChromaSettings(anonymized_telemetry=False),
        )
        for start in range(0, len(passages), ADD_BATCH):  # Chroma caps the size of one write
            batch = passages[start : start + ADD_BATCH]
            metadatas: list[dict[str, Any]] = [p.metadata() for p in batch]
            store.add_texts(
                [p.text for p in batch], metadatas=metadatas, ids=[p.passage_id for p in batch]
            )
        return cls(store, {p.passage_id: p for p in passages})

    def close(self) -> None:
        self._store.delete_collection()

    def _search(self, question: str, k: int) -> list[Passage]:
        return [self._by_id[str(doc.id)] for doc in self._store.similarity_search(question, k=k)]

    def ranking(self, question: str) -> list[Passage]:
        return self._search(question, RANK_DEPTH)

    def answer(self, question: str) -> Answer:
        started = time.perf_counter()
        found = self._search(question, BASELINE_K)
        self._found[question] = found
        if not found:
            return Answer(question, "No passages are indexed.", True, (), "langchain-chroma")
        best = found[0]
        citation = Citation.of(1, best, best.text)
        total = (time.perf_counter() - started) * 1000
        answer = Answer(
            question=question,
            text=f"{best.text} [1]",
            refused=False,
            citations=(citation,),
            backend="langchain-chroma",
            timings_ms={"retrieve": round(total, 2), "compose": 0.0, "total": round(total, 2)},
        )
        return answer

    def composed_from(self, answer: Answer) -> list[Passage]:
        return self._found.pop(answer.question, [])


def run_system(system: System, items: Sequence[GoldItem]) -> list[Outcome]:
    """Every question through one system; one untimed warm-up question first."""
    if items:
        system.composed_from(system.answer(items[0].question))
    outcomes = []
    for item in items:
        ranking = system.ranking(item.question)
        started = time.perf_counter()
        answer = system.answer(item.question)
        seconds = time.perf_counter() - started
        used = system.composed_from(answer)
        problems = citation_problems(answer, {p.passage_id: p for p in used})
        outcomes.append(
            Outcome(
                item=item,
                ranking=tuple(p.source_file for p in ranking),
                answer=answer,
                citation_problems=tuple(problems),
                seconds=seconds,
            )
        )
    return outcomes
