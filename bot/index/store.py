"""The vector index in Chroma, as generations of passage collections and a pointer to the live one.

A reindex writes a new generation (unchanged passages are copied with their vectors, only new
and changed ones are embedded) and then moves the pointer in one metadata update. Readers keep
answering from the previous generation until then, and a reindex that fails or is interrupted
leaves the pointer, and so the answers, as they were. The previous generation is kept until
the next reindex starts, so that a reader that has not yet seen the new pointer still finds
its collection; the folder then holds at most two generations, also while writing.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import numpy as np

from bot.index.embeddings import ChromaEmbeddingFunction, Embedder
from bot.index.health import hnsw_problem, orphan_segments, vector_segments
from bot.index.lexical import LexicalIndex
from bot.index.lock import local_writer_lock, server_writer_lock
from bot.models import Passage

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

META_COLLECTION = "tradebot-meta"
SENTENCES_SUFFIX = "-s"
PAGE = 2000


REPAIR = "run `tradebot index --rebuild` to rebuild it from the knowledge folder"


class IndexUnavailableError(RuntimeError):
    """The index is missing, damaged or unreachable; the message says what to do."""


@dataclass(frozen=True, slots=True)
class Pointer:
    collection: str
    generation: int
    built_at: float
    passages: int
    documents: int


class IndexStore:
    """Chroma client, collection naming and the live-generation pointer for one embedder."""

    def __init__(
        self, client: ClientAPI, embedder: Embedder, index_dir: Path, remote: bool
    ) -> None:
        self.client = client
        self.embedder = embedder
        self.index_dir = index_dir
        self.remote = remote
        # Chroma's generic EmbeddingFunction type does not accept a str-only function.
        self._function: Any = ChromaEmbeddingFunction(embedder)
        self.prefix = "tradebot-" + re.sub(r"[^a-zA-Z0-9]+", "-", embedder.identity).strip("-")
        self.publishes = 0
        """Pointer moves made through this object: readers in the same process follow at once."""

    @classmethod
    def open(cls, index_dir: Path, embedder: Embedder, chroma_url: str | None = None) -> IndexStore:
        """A local persistent folder, or the Chroma server at ``chroma_url``."""
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        try:
            if chroma_url:
                url = urlparse(chroma_url)
                if not url.hostname:
                    raise IndexUnavailableError(f"TRADEBOT_CHROMA_URL {chroma_url!r} is not a URL")
                client = chromadb.HttpClient(
                    host=url.hostname,
                    port=url.port or (443 if url.scheme == "https" else 8000),
                    ssl=url.scheme == "https",
                    settings=chroma_settings,
                )
            else:
                index_dir.mkdir(parents=True, exist_ok=True)
                client = chromadb.PersistentClient(
                    path=str(index_dir / "chroma"), settings=chroma_settings
                )
        except IndexUnavailableError:
            raise
        except Exception as exc:
            where = chroma_url or str(index_dir)
            raise IndexUnavailableError(
                f"cannot open the index at {where} ({type(exc).__name__}: {exc}); "
                + ("check that the Chroma server is running" if chroma_url else REPAIR)
            ) from exc
        return cls(client, embedder, index_dir, remote=bool(chroma_url))

    # --- pointer ---------------------------------------------------------------------------------

    def _meta(self) -> Collection:
        return self.client.get_or_create_collection(
            META_COLLECTION, embedding_function=self._function
        )

    def pointer(self) -> Pointer | None:
        """The live generation, or None when nothing was ever indexed with this embedder."""
        try:
            meta: dict[str, Any] = dict(self._meta().metadata or {})
        except Exception as exc:
            raise IndexUnavailableError(
                f"cannot read the index ({type(exc).__name__}: {exc}); "
                + ("check the Chroma server" if self.remote else REPAIR)
            ) from exc
        name = meta.get(f"{self.prefix}.collection")
        if not isinstance(name, str):
            return None
        return Pointer(
            collection=name,
            generation=int(meta.get(f"{self.prefix}.generation", 0)),
            built_at=float(meta.get(f"{self.prefix}.built_at", 0.0)),
            passages=int(meta.get(f"{self.prefix}.passages", 0)),
            documents=int(meta.get(f"{self.prefix}.documents", 0)),
        )

    def publish(self, pointer: Pointer) -> None:
        """Make ``pointer`` the live generation: one metadata write, seen by every reader."""
        meta_collection = self._meta()
        meta: dict[str, Any] = dict(meta_collection.metadata or {})
        meta.update(
            {
                f"{self.prefix}.collection": pointer.collection,
                f"{self.prefix}.generation": pointer.generation,
                f"{self.prefix}.built_at": pointer.built_at,
                f"{self.prefix}.passages": pointer.passages,
                f"{self.prefix}.documents": pointer.documents,
                f"{self.prefix}.previous": (self.pointer() or pointer).collection,
            }
        )
        meta_collection.modify(metadata=meta)
        self.publishes += 1

    # --- generations -----------------------------------------------------------------------------

    def collection(self, name: str) -> Collection:
        return self._checked_collection(name)

    def sentences(self, name: str) -> Collection:
        """The sentence vectors of a generation: what answers are composed from."""
        return self._checked_collection(name + SENTENCES_SUFFIX)

    def _checked_collection(self, name: str) -> Collection:
        """A collection whose vector files were checked first: garbage there would crash the
        process inside Chroma instead of raising."""
        if not self.remote:
            for folder in vector_segments(self.index_dir / "chroma", name):
                problem = hnsw_problem(folder)
                if problem:
                    raise IndexUnavailableError(f"the index is damaged ({problem}); {REPAIR}")
        try:
            return self.client.get_collection(name, embedding_function=self._function)
        except Exception as exc:
            raise IndexUnavailableError(
                f"the index has no collection {name!r} ({type(exc).__name__}); "
                + ("check the Chroma server" if self.remote else REPAIR)
            ) from exc

    def create_generation(self, generation: int) -> tuple[Collection, Collection]:
        """Empty passage and sentence collections for a new generation.

        Sentence vectors are read by id and searched exactly in memory by the retriever (its
        graph is searched only above ``EXACT_SENTENCES``), so their collection holds ids and
        vectors alone and builds the cheapest graph Chroma allows: at 10,000 passages that cut
        Chroma's share of a full build from 27 s to 10 s.
        """
        name = f"{self.prefix}-g{generation:06d}-{int(time.time() * 1000) % 100000:05d}"
        passages = self.client.create_collection(
            name,
            embedding_function=self._function,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"generation": generation},
        )
        sentences = self.client.create_collection(
            name + SENTENCES_SUFFIX,
            embedding_function=self._function,
            configuration={"hnsw": {"space": "cosine", "ef_construction": 8, "max_neighbors": 4}},
            metadata={"generation": generation},
        )
        return passages, sentences

    def add_vectors(self, collection: Collection, ids: Sequence[str], vectors: Any) -> None:
        """Add ids with their vectors, in writes no larger than the server accepts."""
        step = min(self.client.get_max_batch_size(), 4096)
        for start in range(0, len(ids), step):
            collection.add(
                ids=list(ids[start : start + step]), embeddings=vectors[start : start + step]
            )

    def drop(self, name: str) -> None:
        for collection_name in (name, name + SENTENCES_SUFFIX):
            with contextlib.suppress(Exception):
                self.client.delete_collection(collection_name)
        shutil.rmtree(self.lexical_dir(name), ignore_errors=True)
        shutil.rmtree(self.sentence_cache_dir(name), ignore_errors=True)

    def prune(self, keep_previous: bool = True) -> set[str]:
        """Delete generations other than the live one and (unless ``keep_previous`` is False)
        the one before it, crash leftovers too, and the vector folders Chroma leaves behind
        when it deletes a collection.

        Returns the names kept, for derived indexes to prune their own files alike.
        """
        meta = dict(self._meta().metadata or {})
        wanted = [meta.get(f"{self.prefix}.collection")]
        if keep_previous:
            wanted.append(meta.get(f"{self.prefix}.previous"))
        keep = {str(name) for name in wanted if name}
        for collection in self.client.list_collections():
            name = getattr(collection, "name", str(collection)).removesuffix(SENTENCES_SUFFIX)
            if name.startswith(f"{self.prefix}-g") and name not in keep:
                self.drop(name)
        lexical_root = self.index_dir / "lexical"
        if lexical_root.is_dir():
            for child in lexical_root.iterdir():
                if child.name.startswith(f"{self.prefix}-g") and child.name not in keep:
                    shutil.rmtree(child, ignore_errors=True)
        if not self.remote:
            for orphan in orphan_segments(self.index_dir / "chroma"):
                shutil.rmtree(orphan, ignore_errors=True)
        return keep

    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]:
        if self.remote:
            with server_writer_lock(self.client, self.prefix):
                yield
        else:
            with local_writer_lock(self.index_dir):
                yield

    # --- reading a generation ----------------------------------------------------------------

    def iter_records(
        self, collection: Collection, include_embeddings: bool = False
    ) -> Iterator[dict[str, Any]]:
        """Every record of a collection, page by page."""
        include: list[Any] = ["documents", "metadatas"]
        if include_embeddings:
            include.append("embeddings")
        offset = 0
        while True:
            page = collection.get(include=include, limit=PAGE, offset=offset)
            if not page["ids"]:
                return
            yield from self.records(page)
            offset += len(page["ids"])

    @staticmethod
    def records(page: Any) -> list[dict[str, Any]]:
        """The rows of one ``Collection.get`` result: id, document, metadata, embedding."""
        embeddings: Any = page.get("embeddings")
        return [
            {
                "id": record_id,
                "document": (page.get("documents") or [])[i],
                "metadata": (page.get("metadatas") or [])[i],
                "embedding": embeddings[i] if embeddings is not None else None,
            }
            for i, record_id in enumerate(page["ids"])
        ]

    def lexical_dir(self, name: str) -> Path:
        return self.index_dir / "lexical" / name

    def load_lexical(self, name: str) -> LexicalIndex:
        """The BM25 index of a generation: from the local cache, else rebuilt from Chroma."""
        directory = self.lexical_dir(name)
        if (directory / "passages.jsonl").is_file():
            with contextlib.suppress(Exception):
                return LexicalIndex.load(directory)
        passages = [passage_from_record(r) for r in self.iter_records(self.collection(name))]
        passages.sort(key=lambda p: (p.doc_id, p.position))
        lexical = LexicalIndex.build(passages)
        with contextlib.suppress(OSError):
            lexical.save(directory)
        return lexical

    def sentence_cache_dir(self, name: str) -> Path:
        return self.index_dir / "lexical" / f"{name}.sentences"

    def load_sentence_matrix(
        self, name: str, limit: int
    ) -> tuple[list[str], np.ndarray[Any, np.dtype[np.float32]]] | None:
        """Every sentence id and unit vector of a generation, for exact search in memory:
        memory-mapped from the local cache, else read from Chroma once and cached (the first
        reader after a reindex pays ~1 s per 10,000 sentences). None above ``limit``."""
        directory = self.sentence_cache_dir(name)
        ids_file, vectors_file = directory / "ids.json", directory / "vectors.npy"
        with contextlib.suppress(Exception):
            ids = json.loads(ids_file.read_text(encoding="utf-8"))
            vectors = np.load(vectors_file, mmap_mode="r")
            if isinstance(ids, list) and len(ids) == len(vectors):
                return ids, vectors
        sentences = self.sentences(name)
        count = sentences.count()
        if count > limit:
            return None
        ids = []
        rows = []
        for offset in range(0, count, PAGE):
            page = sentences.get(include=["embeddings"], limit=PAGE, offset=offset)
            ids.extend(page["ids"])
            rows.append(np.asarray(page["embeddings"], dtype=np.float32))
        vectors = np.vstack(rows) if rows else np.zeros((0, 0), dtype=np.float32)
        with contextlib.suppress(OSError):
            directory.mkdir(parents=True, exist_ok=True)
            staged = directory / f".vectors-{os.getpid()}.npy"
            np.save(staged, vectors)
            staged.replace(vectors_file)  # vectors first: ids of another length are ignored
            staged_ids = directory / f".ids-{os.getpid()}.json"
            staged_ids.write_text(json.dumps(ids), encoding="utf-8")
            staged_ids.replace(ids_file)
        return ids, vectors


def passage_from_record(record: dict[str, Any]) -> Passage:
    meta = record["metadata"] or {}
    return Passage(
        passage_id=str(record["id"]),
        doc_id=str(meta.get("doc_id", "")),
        text=str(record["document"] or ""),
        title=str(meta.get("title", "")),
        outlet=str(meta.get("outlet", "")),
        url=str(meta.get("url", "")),
        published=str(meta.get("published", "")),
        source_file=str(meta.get("source_file", "")),
        position=int(meta.get("position", 0)),
    )
