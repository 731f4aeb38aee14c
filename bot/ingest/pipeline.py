"""Reindexing: knowledge folder → passages → a new index generation, published atomically.

Only new and changed documents are embedded; unchanged ones are copied with their vectors and
removed ones are left out. When nothing changed, nothing is written (reindexing twice in a row
is a no-op). The derived indexes (BM25, fact ledger) are built for the new generation before
the pointer moves, so readers switch to a complete set at once.
"""

from __future__ import annotations

import logging
import os
import stat
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from bot.index.lexical import LexicalIndex
from bot.index.store import IndexStore, Pointer, passage_from_record
from bot.ingest.chunking import chunk_document, passage_sentences, sentence_ids
from bot.ingest.loader import SUPPORTED_SUFFIXES, IngestError, load_document
from bot.models import Document, Passage

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)

ADD_BATCH = 1024
"""Passages embedded and written per step: bounds memory and paces progress reports. The
model sorts each step's ~3,000 sentences by length before batching them; steps of 256 passages
left more padding and cost 8% more model time."""
COPY_BATCH = 2000


class KnowledgeDirError(RuntimeError):
    """The knowledge folder is missing or not a folder."""


class EmptyKnowledgeError(KnowledgeDirError):
    """The folder has no readable article while the index has some: refusing to empty it."""


@dataclass(frozen=True, slots=True)
class SkippedFile:
    path: str
    reason: str
    kept: int = 0
    """Passages of its previous version that stay in the index."""


@dataclass(frozen=True, slots=True)
class Progress:
    stage: str
    """``scan``, ``embed``, ``copy``, ``finalise`` or ``done``."""
    done: int
    total: int


@dataclass(slots=True)
class ReindexReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    passages: int = 0
    embedded: int = 0
    """Passages embedded in this run (the rest were copied with their vectors)."""
    skipped: list[SkippedFile] = field(default_factory=list)
    generation: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.removed} removed, "
            f"{self.unchanged} unchanged documents; {self.passages} passages "
            f"({self.embedded} embedded) in {self.seconds:.1f} s"
        )


class DerivedIndex(Protocol):
    """Something built from the passages of a generation (e.g. the fact ledger)."""

    def build(
        self,
        generation: str,
        passages: Sequence[Passage],
        previous: str | None,
        changed_docs: set[str],
        should_stop: Callable[[], bool] = ...,
    ) -> None:
        """Build the generation's files; return early, unpublished, once ``should_stop()``."""
        ...

    def prune(self, keep: set[str]) -> None:
        """Delete what belongs to generations other than ``keep``."""
        ...


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True, slots=True)
class _Step:
    """One step's passages with their vectors, between the model and Chroma's writes."""

    passages: Sequence[Passage]
    passage_vectors: np.ndarray
    metadatas: list[dict[str, str | int]]
    sentence_vectors: np.ndarray


@dataclass(slots=True)
class Scan:
    """What the knowledge folder holds, and what could not be read this time."""

    documents: list[Document] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)
    """Files that exist but failed to load, and folders (ending in ``/``) that could not be
    listed: their previous passages are kept, not removed."""

    def keeps(self, doc_id: str) -> bool:
        return doc_id in self.unreadable or any(
            doc_id.startswith(folder) for folder in self.unreadable if folder.endswith("/")
        )


def scan_knowledge(knowledge_dir: Path) -> tuple[list[Document], list[SkippedFile]]:
    """Load every supported file; files that fail are reported, never silently dropped."""
    scan = read_knowledge(knowledge_dir)
    return scan.documents, scan.skipped


def read_knowledge(knowledge_dir: Path) -> Scan:
    """Every supported file of the folder, read only from inside it.

    Links are never followed (a link to ``/etc/passwd`` would otherwise be indexed and
    quoted; a link inside the folder would index its target twice); every path is resolved
    and checked to be inside the folder before it is read, and only regular files are read.
    A folder that cannot be listed is reported, not taken for empty.
    """
    if not knowledge_dir.exists():
        raise KnowledgeDirError(f"knowledge folder {knowledge_dir} does not exist")
    if not knowledge_dir.is_dir():
        raise KnowledgeDirError(f"knowledge folder {knowledge_dir} is not a folder")
    root = knowledge_dir.resolve()
    scan = Scan()

    def unlisted(error: OSError) -> None:
        folder = Path(error.filename or root)
        if folder == root:
            raise KnowledgeDirError(
                f"cannot read knowledge folder {knowledge_dir}: {error.strerror or error}"
            )
        relative = _relative(folder, root)
        scan.unreadable.add(f"{relative}/")
        reason = (
            f"cannot read folder: {error.strerror or error}; its articles are kept as they were"
        )
        scan.skipped.append(SkippedFile(f"{relative}/", reason))

    for folder, subfolders, files in os.walk(root, onerror=unlisted, followlinks=False):
        here = Path(folder)
        for name in sorted(subfolders):
            if (here / name).is_symlink():
                scan.skipped.append(
                    SkippedFile(_relative(here / name, root) + "/", _link(here / name, root))
                )
        subfolders.sort()
        for name in sorted(files):
            path = here / name
            relative = _relative(path, root)
            if name.startswith("."):
                continue
            if path.is_symlink():
                scan.skipped.append(SkippedFile(relative, _link(path, root)))
                continue
            if not path.resolve().is_relative_to(root):  # pragma: no cover - walk stays inside
                scan.skipped.append(SkippedFile(relative, "outside the knowledge folder: not read"))
                continue
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                if name.lower() not in ("readme", "license", "licence"):
                    reason = f"unsupported file type {path.suffix or '(none)'}"
                    scan.skipped.append(SkippedFile(relative, reason))
                continue
            if not _regular(path):
                scan.skipped.append(SkippedFile(relative, "not a regular file: not read"))
                continue
            try:
                scan.documents.append(load_document(path, root))
            except IngestError as exc:
                scan.unreadable.add(relative)
                scan.skipped.append(SkippedFile(relative, str(exc)))
    for item in scan.skipped:
        log.warning("skipped %s: %s", item.path, item.reason)
    return scan


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _regular(path: Path) -> bool:
    """A file, not a pipe or a device (reading a FIFO would wait forever)."""
    try:
        return stat.S_ISREG(path.stat(follow_symlinks=False).st_mode)
    except OSError:
        return True  # let the loader report why it cannot be read


def _link(path: Path, root: Path) -> str:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "a broken or looping link: not followed"
    if not target.is_relative_to(root):
        return "a link to outside the knowledge folder: not read"
    return f"a link to {_relative(target, root)}, which is read under its own name"


class Indexer:
    """Writes index generations; the only component that changes the index."""

    def __init__(self, store: IndexStore, derived: Sequence[DerivedIndex] = ()) -> None:
        self._store = store
        self._derived = list(derived)

    def reindex(
        self,
        knowledge_dir: Path,
        full: bool = False,
        progress: ProgressCallback | None = None,
        allow_empty: bool = False,
    ) -> ReindexReport:
        """Bring the index in line with the folder.

        ``full`` re-embeds every article. A folder with no readable article never replaces a
        non-empty index unless ``allow_empty`` (an unmounted disk is not a deletion).
        """
        started = time.perf_counter()
        notify = progress or (lambda _: None)
        with self._store.writer_lock():
            report = self._reindex(knowledge_dir, full, notify, allow_empty)
        report.seconds = time.perf_counter() - started
        notify(Progress("done", report.passages, report.passages))
        return report

    def _reindex(
        self, knowledge_dir: Path, full: bool, notify: ProgressCallback, allow_empty: bool
    ) -> ReindexReport:
        store = self._store
        scan = read_knowledge(knowledge_dir)
        documents = scan.documents
        report = ReindexReport(skipped=scan.skipped)
        notify(Progress("scan", len(documents), len(documents)))

        pointer = store.pointer()
        # A full rebuild needs the previous records only to keep what is unreadable this time.
        old = self._previous(pointer, full) if not full or scan.unreadable else {}
        current = {d.doc_id: d for d in documents}
        # Articles that could not be read this time keep their passages (and vectors).
        preserved = {d: records for d, records in old.items() if d not in current and scan.keeps(d)}
        _note_preserved(report.skipped, preserved)
        if not current and not preserved and not allow_empty:
            _refuse_to_empty(knowledge_dir, pointer)
        old_hashes = {d: str((r[0]["metadata"] or {}).get("doc_hash", "")) for d, r in old.items()}
        report.removed = len(set(old) - set(current) - set(preserved))
        to_embed: list[Document] = []
        keep: list[str] = list(preserved)
        for doc_id, document in current.items():
            if doc_id not in old_hashes or full:
                report.added += 1
                to_embed.append(document)
            elif old_hashes[doc_id] != document.content_hash:
                report.updated += 1
                to_embed.append(document)
            else:
                report.unchanged += 1
                keep.append(doc_id)

        passages_by_doc = {d.doc_id: chunk_document(d) for d in documents}
        for doc_id, records in preserved.items():
            passages_by_doc[doc_id] = sorted(
                (passage_from_record(r) for r in records), key=lambda p: p.position
            )
        hashes = {d.doc_id: d.content_hash for d in documents} | {
            d: old_hashes[d] for d in preserved
        }
        report.passages = sum(len(p) for p in passages_by_doc.values())
        if pointer is not None and not full and not report.changed:
            report.generation = pointer.generation
            self._ensure_derived(pointer.collection, passages_by_doc)
            return report

        generation = (pointer.generation if pointer else 0) + 1
        # The generation before the live one has served readers through a whole reindex
        # interval: drop it now, so that the folder holds two generations at its peak, not three.
        self._prune(keep_previous=False)
        collection, sentences = store.create_generation(generation)
        all_passages = _in_order(passages_by_doc)
        changed_docs = {d.doc_id for d in to_embed} | (set(old_hashes) - set(current))
        previous = pointer.collection if pointer and not full else None
        try:
            copy_ids = [r["id"] for doc_id in keep for r in old.get(doc_id, [])]
            self._copy(pointer, collection, sentences, copy_ids, notify)
            self._embed_beside_derived(
                collection,
                sentences,
                [p for d in to_embed for p in passages_by_doc[d.doc_id]],
                hashes,
                report,
                notify,
                derive=partial(
                    self._build_derived, collection.name, all_passages, previous, changed_docs
                ),
            )
            store.publish(
                Pointer(
                    collection.name,
                    generation,
                    time.time(),
                    report.passages,
                    len(passages_by_doc),
                )
            )
        except BaseException:
            log.warning("reindex did not finish; the previous index stays live")
            store.drop(collection.name)
            raise
        report.generation = generation
        self._prune(keep_previous=True)
        return report

    def _prune(self, keep_previous: bool) -> None:
        kept = self._store.prune(keep_previous)
        for derived in self._derived:
            derived.prune(kept)

    def _previous(self, pointer: Pointer | None, full: bool) -> dict[str, list[dict[str, Any]]]:
        """The live generation's records by article (for a full rebuild, only as far as they
        can be read: they serve to keep articles that are unreadable this time)."""
        old: dict[str, list[dict[str, Any]]] = {}
        if pointer is None:
            return old
        try:
            for record in self._store.iter_records(self._store.collection(pointer.collection)):
                old.setdefault(str((record["metadata"] or {}).get("doc_id", "")), []).append(record)
        except Exception:
            if not full:
                raise
            log.warning("the previous index cannot be read; rebuilding from the folder alone")
            return {}
        return old

    def _embed_beside_derived(
        self,
        collection: Collection,
        sentences: Collection,
        passages: Sequence[Passage],
        hashes: dict[str, str],
        report: ReindexReport,
        notify: ProgressCallback,
        derive: Callable[[Callable[[], bool]], None],
    ) -> None:
        """Embed and write ``passages`` while ``derive`` builds the derived indexes.

        The model holds no GIL and leaves CPU idle between and within its runs, so the derived
        indexes (which need the passages alone) and Chroma's writes of the previous step run
        in threads beside it: 10,000 passages index at 88-95% of the bare model's rate (median
        93%) instead of 86% (docs/benchmarks.md). On failure the derived build stops at its
        next step.
        """
        abandon = threading.Event()
        with (
            ThreadPoolExecutor(1, "derived-indexes") as derived_pool,
            ThreadPoolExecutor(1, "chroma-writes") as writer,
        ):
            derived = derived_pool.submit(derive, abandon.is_set)
            try:
                written: Future[None] | None = None
                for start in range(0, len(passages), ADD_BATCH):
                    batch = passages[start : start + ADD_BATCH]
                    step = self._embed(batch, hashes)
                    if written is not None:
                        written.result()  # one step in flight: memory stays bounded
                    written = writer.submit(self._write, collection, sentences, step)
                    report.embedded += len(batch)
                    notify(Progress("embed", report.embedded, len(passages)))
                notify(Progress("finalise", 0, 1))
                if written is not None:
                    written.result()
                derived.result()
            except BaseException:
                abandon.set()
                raise

    def _embed(self, batch: Sequence[Passage], hashes: dict[str, str]) -> _Step:
        """Embed each sentence once; a passage's vector is the mean of its sentences and title.

        Embedding sentences instead of whole passages costs the same (the same words go through
        the model) and gives the composer a similarity per sentence at no cost per question.
        """
        units = [passage_sentences(p) for p in batch]
        titles = sorted({p.title for p in batch})
        flat = [sentence for sentence_list in units for sentence in sentence_list]
        vectors = self._store.embedder.embed_documents(flat + titles)
        title_vectors = dict(zip(titles, vectors[len(flat) :], strict=True))
        passage_vectors = np.zeros((len(batch), vectors.shape[1]), dtype=np.float32)
        offset = 0
        for row, (passage, sentence_list) in enumerate(zip(batch, units, strict=True)):
            own = vectors[offset : offset + len(sentence_list)]
            offset += len(sentence_list)
            mean = own.sum(axis=0) + title_vectors[passage.title]
            passage_vectors[row] = mean / max(float(np.linalg.norm(mean)), 1e-12)
        metadatas = [{**p.metadata(), "doc_hash": hashes[p.doc_id]} for p in batch]
        return _Step(batch, passage_vectors, metadatas, vectors[: len(flat)])

    def _write(self, collection: Collection, sentences: Collection, step: _Step) -> None:
        collection.add(
            ids=[p.passage_id for p in step.passages],
            embeddings=step.passage_vectors,
            documents=[p.text for p in step.passages],
            metadatas=list(step.metadatas),
        )
        self._store.add_vectors(sentences, sentence_ids(step.passages), step.sentence_vectors)

    def _build_derived(
        self,
        generation: str,
        passages: Sequence[Passage],
        previous: str | None,
        changed_docs: set[str],
        should_stop: Callable[[], bool],
    ) -> None:
        LexicalIndex.build(passages).save(self._store.lexical_dir(generation))
        for derived in self._derived:
            if should_stop():
                return
            derived.build(generation, passages, previous, changed_docs, should_stop)

    def _copy(
        self,
        pointer: Pointer | None,
        collection: Collection,
        sentences: Collection,
        ids: list[str],
        notify: ProgressCallback,
    ) -> None:
        """Carry unchanged passages into the new generation with their vectors (no re-embedding)."""
        if pointer is None or not ids:
            return
        source = self._store.collection(pointer.collection)
        source_sentences = self._store.sentences(pointer.collection)
        for start in range(0, len(ids), COPY_BATCH):
            chunk = ids[start : start + COPY_BATCH]
            page = source.get(ids=chunk, include=["documents", "metadatas", "embeddings"])
            collection.add(
                ids=page["ids"],
                embeddings=page["embeddings"],
                documents=page["documents"],
                metadatas=page["metadatas"],
            )
            records = self._store.records(page)
            wanted = sentence_ids([passage_from_record(r) for r in records])
            vectors = source_sentences.get(ids=wanted, include=["embeddings"])
            self._store.add_vectors(sentences, vectors["ids"], vectors["embeddings"])
            notify(Progress("copy", start + len(chunk), len(ids)))

    def _ensure_derived(self, generation: str, passages_by_doc: dict[str, list[Passage]]) -> None:
        """A no-op reindex still repairs a missing BM25 cache (e.g. after a crash)."""
        if not (self._store.lexical_dir(generation) / "passages.jsonl").is_file():
            lexical = LexicalIndex.build(_in_order(passages_by_doc))
            lexical.save(self._store.lexical_dir(generation))


def _refuse_to_empty(knowledge_dir: Path, pointer: Pointer | None) -> None:
    """An unmounted disk or a wrong path must not look like every article deleted."""
    if pointer is not None and pointer.passages:
        raise EmptyKnowledgeError(
            f"knowledge folder {knowledge_dir} has no readable article but the index has "
            f"{pointer.passages} passages from {pointer.documents} articles; nothing was "
            "changed (run `tradebot index --allow-empty` to empty the index)"
        )


def _note_preserved(skipped: list[SkippedFile], preserved: dict[str, list[Any]]) -> None:
    """Say in each skip warning how many earlier passages stay in the index because of it."""
    for i, item in enumerate(skipped):
        kept = sum(
            len(records)
            for doc_id, records in preserved.items()
            if doc_id == item.path or (item.path.endswith("/") and doc_id.startswith(item.path))
        )
        if kept:
            reason = f"{item.reason}; its previous {kept} passages are kept"
            skipped[i] = SkippedFile(item.path, reason, kept)


def _in_order(passages_by_doc: dict[str, list[Passage]]) -> list[Passage]:
    """Every passage, by document and position: the order the derived indexes are built in."""
    return sorted(
        (p for ps in passages_by_doc.values() for p in ps), key=lambda p: (p.doc_id, p.position)
    )
