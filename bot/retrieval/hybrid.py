"""Hybrid retrieval over the live index generation.

Dense retrieval finds paraphrases ("automobiles" for "cars"); BM25 finds exact names and
numbers. Reciprocal-rank fusion combines the two lists without having to calibrate their
scores against each other. The retriever follows the index pointer, so a reindex by this or
another process is picked up without a restart, and a question asked mid-reindex is answered
from the previous generation.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from bot.index.lexical import LexicalIndex
from bot.index.store import IndexStore, IndexUnavailableError, Pointer
from bot.ingest.chunking import passage_sentences, sentence_ids
from bot.models import Passage, ScoredPassage

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

RRF_K = 60
"""The constant of Cormack et al. (2009); ranks beyond ~20 contribute little."""
CANDIDATES = 20
"""How deep each retriever looks before fusion."""
POINTER_CHECK_S = 1.0
SENTENCE_NEIGHBOURS = 10
"""Sentences looked up by nearest neighbour beside the passage search (about 2 ms)."""
EXACT_SENTENCES = 60_000
"""Up to this many sentences (about 90 MB of vectors) the nearest are found exactly, in
memory: the cheap graph built for them is approximate, so its answers changed from one build
of the same articles to the next. Above it the graph is searched."""
SENTENCE_PASSAGES = 3
"""At most this many passages are added for their sentences, after the ``k`` best."""

Mode = Literal["hybrid", "dense", "lexical"]


class IndexNotBuiltError(IndexUnavailableError):
    """No generation has been published yet."""


@dataclass(slots=True)
class _Live:
    pointer: Pointer
    collection: Collection
    sentences: Collection
    lexical: LexicalIndex
    by_id: dict[str, Passage]
    load_matrix: Callable[[], tuple[list[str], np.ndarray] | None]
    _matrix: tuple[list[str], np.ndarray] | None = None
    _loaded: bool = False

    def sentence_matrix(self) -> tuple[list[str], np.ndarray] | None:
        """Every sentence id and its unit vector, loaded once per generation; None when there
        are too many to hold (a benign race: two threads may both load it once)."""
        if not self._loaded:
            self._matrix = self.load_matrix()
            self._loaded = True
        return self._matrix


class HybridRetriever:
    """Thread-safe; one instance serves every question of a process."""

    def __init__(self, store: IndexStore, mode: Mode = "hybrid") -> None:
        self._store = store
        self.mode = mode
        self._live: _Live | None = None
        self._checked = 0.0
        self._seen_publishes = 0
        self._lock = threading.Lock()

    @property
    def store(self) -> IndexStore:
        return self._store

    def live(self) -> _Live:
        """The generation in use, reloaded when the pointer moved (checked once a second)."""
        now = time.monotonic()
        live = self._live
        if live is not None and self._fresh(now):
            return live
        with self._lock:
            if self._live is not None and self._fresh(now):
                return self._live
            pointer = self._store.pointer()
            if pointer is None:
                raise IndexNotBuiltError("the index has not been built yet; run `tradebot index`")
            if self._live is None or self._live.pointer.collection != pointer.collection:
                lexical = self._store.load_lexical(pointer.collection)
                self._live = _Live(
                    pointer,
                    self._store.collection(pointer.collection),
                    self._store.sentences(pointer.collection),
                    lexical,
                    {p.passage_id: p for p in lexical.passages},
                    functools.partial(
                        self._store.load_sentence_matrix, pointer.collection, EXACT_SENTENCES
                    ),
                )
            self._checked = now
            self._seen_publishes = self._store.publishes
            return self._live

    def _fresh(self, now: float) -> bool:
        """Checked within the last second, and no reindex in this process since."""
        return (
            now - self._checked < POINTER_CHECK_S and self._seen_publishes == self._store.publishes
        )

    def passages(self) -> list[Passage]:
        return self.live().lexical.passages

    def passage(self, passage_id: str) -> Passage | None:
        return self.live().by_id.get(passage_id)

    def search(
        self, query: str, k: int = 5, mode: Mode | None = None, include: Sequence[str] = ()
    ) -> list[ScoredPassage]:
        """The ``k`` best passages, then those of ``include`` (ids) not among them."""
        mode = mode or self.mode
        for attempt in range(2):
            live = self.live()
            try:
                return self._search(live, query, k, mode, include)
            except Exception:
                if attempt:
                    raise
                # The generation may have been pruned by a reindex elsewhere: reload and retry.
                self._checked = 0.0
                self._live = None
        raise AssertionError("unreachable")

    def _search(
        self, live: _Live, query: str, k: int, mode: Mode, include: Sequence[str] = ()
    ) -> list[ScoredPassage]:
        dense: list[tuple[str, float]] = []
        vector = None
        if mode in ("hybrid", "dense") and live.by_id:
            vector = self._store.embedder.embed_query(query)
            result = live.collection.query(
                query_embeddings=[vector],
                n_results=min(CANDIDATES, len(live.by_id)),
                include=["distances"],
            )
            distances = (result["distances"] or [[]])[0]
            dense = [
                (pid, 1.0 - float(d)) for pid, d in zip(result["ids"][0], distances, strict=True)
            ]
        lexical: list[str] = []
        if mode in ("hybrid", "lexical"):
            lexical = [p.passage_id for p, _ in live.lexical.search(query, CANDIDATES)]

        scores: dict[str, float] = {}
        dense_rank = {pid: rank for rank, (pid, _) in enumerate(dense)}
        similarity = dict(dense)
        lexical_rank = {pid: rank for rank, pid in enumerate(lexical)}
        for pid, rank in dense_rank.items():
            scores[pid] = scores.get(pid, 0.0) + 1.0 / (RRF_K + rank + 1)
        for pid, rank in lexical_rank.items():
            scores[pid] = scores.get(pid, 0.0) + 1.0 / (RRF_K + rank + 1)
        ranked = [pid for pid in sorted(scores, key=lambda pid: -scores[pid]) if pid in live.by_id]
        ranked = ranked[:k]
        if vector is not None:
            # Passages whose single sentence is among the nearest to the question: a short
            # answer inside a long passage about something else ranks low as a whole.
            near = [pid for pid in self._near_sentences(live, vector) if pid not in ranked]
            ranked += near[:SENTENCE_PASSAGES]
        ranked += [pid for pid in dict.fromkeys(include) if pid in live.by_id and pid not in ranked]
        per_sentence = (
            self._sentence_similarities(live, vector, ranked) if vector is not None else {}
        )
        return [
            ScoredPassage(
                passage=live.by_id[pid],
                score=scores.get(pid, 0.0),
                dense_similarity=similarity.get(pid),
                dense_rank=dense_rank.get(pid),
                lexical_rank=lexical_rank.get(pid),
                sentence_similarity=per_sentence.get(pid, ()),
            )
            for pid in ranked
        ]

    @staticmethod
    def _near_sentences(live: _Live, vector: np.ndarray) -> list[str]:
        """Passage ids of the sentences nearest to ``vector``, best first, without repeats."""
        matrix = live.sentence_matrix()
        if matrix is not None:
            ids_of, vectors = matrix
            scores = vectors @ vector.astype(np.float32)
            count = min(2 * SENTENCE_NEIGHBOURS, len(ids_of))  # deeper, for ties at the cut
            top: list[int] = (
                [int(i) for i in np.argpartition(-scores, count - 1)[:count]] if count else []
            )
            order = sorted(top, key=lambda i: (-round(float(scores[i]), 6), ids_of[i]))
            nearest = [ids_of[i] for i in order[:SENTENCE_NEIGHBOURS]]
        else:
            result = live.sentences.query(
                query_embeddings=[vector], n_results=SENTENCE_NEIGHBOURS, include=[]
            )
            nearest = list((result["ids"] or [[]])[0])
        ids = [sid.rpartition("~")[0] for sid in nearest]
        return [pid for pid in dict.fromkeys(ids) if pid in live.by_id]

    @staticmethod
    def _sentence_similarities(
        live: _Live, vector: np.ndarray, passage_ids: list[str]
    ) -> dict[str, tuple[float, ...]]:
        """Similarity of the question to every sentence of the given passages.

        The sentence vectors are fetched by id (``<passage_id>~<i>``) and compared here (they
        are unit length, so the dot product is the cosine). A nearest-neighbour query filtered
        by passage id gives the same figures but makes Chroma scan sentence metadata, which
        grows with the index: 25 ms a question at 10,000 passages against ~2 ms for this.
        """
        if not passage_ids:
            return {}
        counts = {pid: len(passage_sentences(live.by_id[pid])) for pid in passage_ids}
        ids = sentence_ids([live.by_id[pid] for pid in passage_ids])
        result = live.sentences.get(ids=ids, include=["embeddings"])
        sims: dict[str, list[float]] = {pid: [0.0] * n for pid, n in counts.items()}
        embeddings = result["embeddings"]
        if embeddings is not None and len(embeddings):
            scores = np.asarray(embeddings, dtype=np.float32) @ vector.astype(np.float32)
            for sentence_id, score in zip(result["ids"], scores, strict=True):
                pid, _, index = sentence_id.rpartition("~")
                if pid in sims and int(index) < len(sims[pid]):
                    sims[pid][int(index)] = float(score)
        return {pid: tuple(values) for pid, values in sims.items()}

    def known_term(self, stemmed: str) -> bool:
        return self.live().lexical.known(stemmed)
