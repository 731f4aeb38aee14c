"""The writer half of the facts: each index generation's ledger, built beside the BM25 files.

Like the vector index, the ledger is versioned per generation and swapped in when the
pointer moves, so facts and passages always agree. A new generation starts from a copy of
the previous ledger and re-extracts only the documents that changed; a fact whose article
was removed disappears with it. A process without the file (another machine sharing a
Chroma server) builds it from the generation's passages on first use.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.facts.extract import extract_facts
from bot.facts.ledger import FactLedger
from bot.facts.models import FactSet
from bot.models import Passage

_log = logging.getLogger(__name__)

WRITE_BATCH = 200
"""Documents per ledger transaction: one commit per article cost ~5 ms each at 2,000 articles."""


class FactsIndex:
    """Ledgers under ``<index_dir>/facts/<generation>.sqlite3``; implements ``DerivedIndex``."""

    def __init__(
        self, index_dir: Path, extract: Callable[[Sequence[Passage]], FactSet] | None = None
    ) -> None:
        """``extract`` replaces the deterministic extractor (e.g. with model-assisted
        extraction, :func:`bot.facts.extract.model.model_assisted`)."""
        self.root = index_dir / "facts"
        self._extract = extract
        self._lock = threading.Lock()
        self._opened: tuple[str, FactLedger] | None = None

    def path(self, generation: str) -> Path:
        return self.root / f"{generation}.sqlite3"

    def build(
        self,
        generation: str,
        passages: Sequence[Passage],
        previous: str | None,
        changed_docs: set[str],
        should_stop: Callable[[], bool] = lambda: False,
    ) -> None:
        by_doc: dict[str, list[Passage]] = {}
        for passage in passages:
            by_doc.setdefault(passage.doc_id, []).append(passage)
        self.root.mkdir(parents=True, exist_ok=True)
        staging = self.path(generation).with_suffix(".building")
        staging.unlink(missing_ok=True)
        source = self.path(previous) if previous else None
        if source is not None and FactLedger.is_current(source):
            _copy_database(source, staging)
            ledger = FactLedger(staging)
            ledger.remove_documents(changed_docs | (ledger.doc_ids() - set(by_doc)))
            todo = sorted(changed_docs & set(by_doc))
        else:
            ledger = FactLedger(staging)
            todo = sorted(by_doc)
        ledger.set_signatures({doc: _signature(ps) for doc, ps in by_doc.items()})
        for start in range(0, len(todo), WRITE_BATCH):
            if should_stop():  # the reindex failed: its generation is being dropped
                staging.unlink(missing_ok=True)
                return
            # Whole articles: who imposes a rate on whom is often said sentences earlier.
            docs = todo[start : start + WRITE_BATCH]
            try:
                ledger.replace_documents(docs, self._facts([p for d in docs for p in by_doc[d]]))
            except Exception:  # find the article at fault, keep the others
                for doc in docs:
                    ledger.replace_documents([doc], self._facts_of(doc, by_doc[doc]))
        _checkpoint(staging)
        os.replace(staging, self.path(generation))

    def _facts(self, passages: Sequence[Passage]) -> FactSet:
        return (self._extract or extract_facts)(passages)

    def _facts_of(self, doc: str, passages: Sequence[Passage]) -> FactSet:
        """One article's facts, or none when the extractor fails on it: a page shaped as no
        test foresaw must not keep every other article out of the index."""
        try:
            return self._facts(passages)
        except Exception as error:  # logged; the article stays searchable
            _log.warning(
                "no trade facts taken from %s: the extractor failed (%s: %s)",
                doc,
                type(error).__name__,
                error,
            )
            return FactSet()

    def ledger(self, generation: str, passages: Callable[[], Sequence[Passage]]) -> FactLedger:
        """The generation's ledger, built from its passages if this process has none."""
        opened = self._opened
        if opened is not None and opened[0] == generation:
            return opened[1]  # opening runs the schema script, a write: once per generation
        path = self.path(generation)
        with self._lock:
            if not FactLedger.is_current(path):  # missing, or written by another version
                self._catch_up(generation, passages())
            ledger = FactLedger(path)
            self._opened = (generation, ledger)
        return ledger

    def _catch_up(self, generation: str, passages: Sequence[Passage]) -> None:
        """Build a ledger this process did not write (another machine reindexed): from the
        newest local ledger, re-extracting only the articles whose passages differ from it."""
        previous = max(
            (
                p
                for p in self.root.glob("*.sqlite3")
                if p.stem != generation and FactLedger.is_current(p)
            ),
            key=lambda p: p.stat().st_mtime,
            default=None,
        )
        if previous is None:
            self.build(generation, passages, None, set())
            return
        by_doc: dict[str, list[Passage]] = {}
        for passage in passages:
            by_doc.setdefault(passage.doc_id, []).append(passage)
        known = FactLedger(previous).signatures()
        changed = {doc for doc, ps in by_doc.items() if known.get(doc) != _signature(ps)}
        self.build(generation, passages, previous.stem, changed)

    def prune(self, keep: set[str]) -> None:
        if not self.root.is_dir():
            return
        for child in self.root.iterdir():
            if child.name.split(".")[0] not in keep:
                with contextlib.suppress(OSError):
                    child.unlink()


def _copy_database(source: Path, target: Path) -> None:
    """A consistent copy even while readers have the source open (SQLite backup API)."""
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def _checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file so that renaming it moves every fact."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _signature(passages: Sequence[Passage]) -> str:
    """Changes whenever anything facts are taken from changes: text (in the ids), title, date."""
    parts = sorted(f"{p.passage_id}|{p.title}|{p.published}|{p.outlet}|{p.url}" for p in passages)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
