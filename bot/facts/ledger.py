"""SQLite ledger of extracted facts, kept beside the vector index.

Facts are stored per document so re-ingesting or deleting an article replaces exactly its
facts (one transaction, so readers never see a half-updated article).  People are merged
across articles by normalised name, keeping every passage that mentions them; the role
shown is the one from the newest article, since titles change.  Every call opens its own
connection (WAL mode), so concurrent readers are safe; writers are serialised by a lock.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from bot.facts.lexicon import country_of, product_of
from bot.facts.models import (
    Extractor,
    FactSet,
    LegalBasis,
    MeasureKind,
    MeasureStatus,
    Participant,
    Position,
    TariffMeasure,
    Topic,
)
from bot.facts.text import normalise_name

SCHEMA_VERSION = "3"
"""Bump when the tables or what the extractor finds change: a ledger of another version is
rebuilt from the passages, never copied forward (see FactsIndex)."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- What each article looked like when its facts were extracted (see FactsIndex).
CREATE TABLE IF NOT EXISTS sources (doc_id TEXT PRIMARY KEY, signature TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS measures (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,
    passage_id TEXT NOT NULL,
    imposer TEXT NOT NULL,
    target TEXT NOT NULL,
    product TEXT NOT NULL,
    rate_percent REAL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    effective_date TEXT NOT NULL,
    paused_until TEXT NOT NULL,
    announced_date TEXT NOT NULL,
    published TEXT NOT NULL,
    evidence TEXT NOT NULL,
    pause_period TEXT NOT NULL DEFAULT '',
    legal_basis TEXT NOT NULL DEFAULT '',
    end_date TEXT NOT NULL DEFAULT '',
    hs_code TEXT NOT NULL DEFAULT '',
    stack TEXT NOT NULL DEFAULT '',
    quote TEXT NOT NULL DEFAULT '',
    extractor TEXT NOT NULL DEFAULT 'rules'
);
CREATE INDEX IF NOT EXISTS measures_doc ON measures(doc_id);
CREATE INDEX IF NOT EXISTS measures_target ON measures(target, product);
-- The answer's queries at scale: groups by target, newest row per (group, rate, status).
CREATE INDEX IF NOT EXISTS measures_groups ON measures(target, imposer, product, rate_percent,
    published, effective_date);
CREATE INDEX IF NOT EXISTS measures_latest ON measures(imposer, target, product, rate_percent,
    status, published DESC, effective_date DESC, id);
CREATE TABLE IF NOT EXISTS participants (
    id INTEGER PRIMARY KEY,
    norm_name TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS participant_roles (
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL,
    passage_id TEXT NOT NULL,
    role TEXT NOT NULL,
    affiliation TEXT NOT NULL,
    country TEXT NOT NULL,
    published TEXT NOT NULL,
    evidence TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS participant_roles_doc ON participant_roles(doc_id);
CREATE TABLE IF NOT EXISTS participant_mentions (
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL,
    passage_id TEXT NOT NULL,
    PRIMARY KEY (participant_id, passage_id)
);
CREATE INDEX IF NOT EXISTS participant_mentions_doc ON participant_mentions(doc_id);
CREATE TABLE IF NOT EXISTS positions (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,
    passage_id TEXT NOT NULL,
    actor TEXT NOT NULL,
    side TEXT NOT NULL,
    topic TEXT NOT NULL,
    stance TEXT NOT NULL,
    quote TEXT NOT NULL,
    date TEXT NOT NULL,
    evidence TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS positions_doc ON positions(doc_id);
CREATE INDEX IF NOT EXISTS positions_topic ON positions(topic);
"""


_RATE_KEY = ("imposer", "target", "product", "rate_percent", "status")
TariffKey = tuple[str, str, str]
"""(imposer, target, product)."""


@dataclass(frozen=True, slots=True)
class TariffGroup:
    key: TariffKey
    newest: tuple[str, str]
    """(published, effective_date) of the group's newest measure."""

    @property
    def imposer(self) -> str:
        return self.key[0]

    @property
    def target(self) -> str:
        return self.key[1]


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One person merged across all articles."""

    name: str
    role: str
    """Role from the newest article that gives one."""
    affiliation: str
    country: str
    roles: tuple[tuple[str, str, str, str], ...]
    """Every distinct (role, passage_id, published, evidence) seen, newest first."""
    passage_ids: tuple[str, ...]
    doc_ids: tuple[str, ...]
    evidence: str
    evidence_passage_id: str


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: str
    category: str
    """"measure" or "position"."""
    summary: str
    passage_id: str
    doc_id: str


class FactLedger:
    """Per-document store of measures, participants and positions."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._write_lock = threading.Lock()
        with self._write_lock, self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(_SCHEMA)
            conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,)
            )
            conn.commit()

    @staticmethod
    def version_of(path: Path) -> str | None:
        """The schema version of an existing ledger file, None if it has none (or is unreadable)."""
        try:
            with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
                row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.Error:
            return None
        return str(row[0]) if row else None

    @classmethod
    def is_current(cls, path: Path) -> bool:
        return path.is_file() and cls.version_of(path) == SCHEMA_VERSION

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=30.0)
        try:
            conn.execute("PRAGMA foreign_keys=ON")
            yield conn
        finally:
            conn.close()

    # ----------------------------------------------------------------------------------
    # Writing

    def replace_documents(self, doc_ids: Iterable[str], facts: FactSet) -> None:
        """Atomically drop the facts of ``doc_ids`` (and of any document in ``facts``)
        and store ``facts`` in their place."""
        docs = set(doc_ids) | facts.doc_ids()
        with self._write_lock, self._connect() as conn:
            try:
                conn.execute("BEGIN IMMEDIATE")
                self._delete(conn, docs)
                self._insert(conn, facts)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def remove_documents(self, doc_ids: Iterable[str]) -> None:
        """Forget every fact taken from ``doc_ids``."""
        with self._write_lock, self._connect() as conn:
            try:
                conn.execute("BEGIN IMMEDIATE")
                self._delete(conn, set(doc_ids))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    @staticmethod
    def _delete(conn: sqlite3.Connection, docs: set[str]) -> None:
        for doc in sorted(docs):
            for table in ("measures", "positions", "participant_roles", "participant_mentions"):
                conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc,))
        conn.execute(
            "DELETE FROM participants WHERE id NOT IN "
            "(SELECT participant_id FROM participant_mentions) AND id NOT IN "
            "(SELECT participant_id FROM participant_roles)"
        )

    @staticmethod
    def _insert(conn: sqlite3.Connection, facts: FactSet) -> None:
        conn.executemany(
            "INSERT INTO measures (doc_id, passage_id, imposer, target, product, rate_percent,"
            " kind, status, effective_date, paused_until, announced_date, published, evidence,"
            " pause_period, legal_basis, end_date, hs_code, stack, quote, extractor)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    m.doc_id,
                    m.passage_id,
                    m.imposer,
                    m.target,
                    m.product,
                    m.rate_percent,
                    m.kind,
                    m.status,
                    m.effective_date,
                    m.paused_until,
                    m.announced_date,
                    m.published,
                    m.evidence,
                    m.pause_period,
                    m.legal_basis,
                    m.end_date,
                    m.hs_code,
                    m.stack,
                    m.quote,
                    m.extractor,
                )
                for m in facts.measures
            ],
        )
        conn.executemany(
            "INSERT INTO positions (doc_id, passage_id, actor, side, topic, stance, quote, date,"
            " evidence) VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (
                    p.doc_id,
                    p.passage_id,
                    p.actor,
                    p.side,
                    p.topic,
                    p.stance,
                    p.quote,
                    p.date,
                    p.evidence,
                )
                for p in facts.positions
            ],
        )
        for person in facts.participants:
            key = normalise_name(person.name)
            conn.execute(
                "INSERT OR IGNORE INTO participants(norm_name, name) VALUES (?, ?)",
                (key, " ".join(person.name.split())),
            )
            row = conn.execute(
                "SELECT id, name FROM participants WHERE norm_name = ?", (key,)
            ).fetchone()
            pid, stored = int(row[0]), str(row[1])
            if _name_quality(person.name) > _name_quality(stored):
                conn.execute(
                    "UPDATE participants SET name = ? WHERE id = ?",
                    (" ".join(person.name.split()), pid),
                )
            first = person.passage_ids[0] if person.passage_ids else ""
            conn.execute(
                "INSERT INTO participant_roles VALUES (?,?,?,?,?,?,?,?)",
                (
                    pid,
                    person.doc_id,
                    first,
                    person.role,
                    person.affiliation,
                    person.country,
                    person.published,
                    person.evidence,
                ),
            )
            conn.executemany(
                "INSERT OR IGNORE INTO participant_mentions VALUES (?,?,?)",
                [(pid, person.doc_id, passage) for passage in person.passage_ids],
            )

    # ----------------------------------------------------------------------------------
    # Reading

    def tariffs(
        self,
        country: str | None = None,
        product: str | None = None,
        *,
        imposer: str | None = None,
        target: str | None = None,
        targets: Sequence[str] = (),
        products: Sequence[str] = (),
        rated: bool = False,
        groups: Sequence[TariffKey] | None = None,
        latest_per_rate: bool = False,
    ) -> list[TariffMeasure]:
        """Measures where ``country`` imposes or is targeted (names, demonyms and capitals
        are accepted), optionally for one product; newest article first.

        ``targets``/``products`` keep rows whose target/product is one of them, ``rated`` rows
        with a rate, and ``groups`` rows of those (imposer, target, product) triples.
        ``latest_per_rate`` keeps only the newest row of each (triple, rate, status): all an
        answer shows, where a triple of a big corpus may hold thousands of repeats.
        """
        where, args = _measure_filter(country, product, imposer, target, targets, products, rated)
        if groups is not None:
            if not groups:
                return []
            where += (
                " AND ("
                + " OR ".join(["(imposer = ? AND target = ? AND product = ?)"] * len(groups))
                + ")"
            )
            args += [value for key in groups for value in key]
        order = "published DESC, effective_date DESC, id"
        sql = f"SELECT * FROM measures WHERE {where} ORDER BY {order}"
        if latest_per_rate:
            same = " AND ".join(f"m.{c} IS keys.{c}" for c in _RATE_KEY)
            sql = (
                f"WITH keys AS (SELECT DISTINCT {', '.join(_RATE_KEY)} FROM measures"
                f" WHERE {where}) SELECT measures.* FROM keys JOIN measures ON measures.id ="
                f" (SELECT id FROM measures AS m WHERE {same} ORDER BY {order} LIMIT 1)"
                f" ORDER BY {order}"
            )
        with self._connect() as conn:
            conn.row_factory = sqlite3.Row
            rows = conn.execute(sql, args).fetchall()
        return [_measure(r) for r in rows]

    def tariff_groups(
        self,
        country: str | None = None,
        *,
        imposer: str | None = None,
        targets: Sequence[str] = (),
        products: Sequence[str] = (),
    ) -> list[TariffGroup]:
        """Rated (imposer, target, product) triples with their newest (published, effective)
        dates, newest first: lets a question over a big ledger (100,000 passages hold tens of
        thousands of measures) fetch the rows of the few groups it shows, not all of them."""
        where, args = _measure_filter(country, None, imposer, None, targets, products, True)
        sql = (
            "SELECT imposer, target, product, MAX(published || char(31) || effective_date)"
            f" AS newest FROM measures WHERE {where} GROUP BY imposer, target, product"
            " ORDER BY newest DESC"
        )
        with self._connect() as conn:
            rows = conn.execute(sql, args).fetchall()
        groups = []
        for imposer_, target_, product_, newest in rows:
            published, _, effective = str(newest).partition("\x1f")
            groups.append(TariffGroup((imposer_, target_, product_), (published, effective)))
        return groups

    def positions(self, topic: str | None = None, *, actor: str | None = None) -> list[Position]:
        """Positions, optionally on one topic and/or held by one actor (a person, or a
        country which also matches the people speaking for it); newest first."""
        sql = "SELECT * FROM positions WHERE 1=1"
        args: list[str] = []
        if topic:
            sql += " AND topic = ?"
            args.append(topic)
        if actor:
            canon = country_of(actor) or actor
            sql += " AND (actor = ? COLLATE NOCASE OR side = ?)"
            args += [canon, canon]
        sql += " ORDER BY date DESC, id"
        with self._connect() as conn:
            conn.row_factory = sqlite3.Row
            rows = conn.execute(sql, args).fetchall()
        return [_position(r) for r in rows]

    def who(self, name: str | None = None, *, country: str | None = None) -> list[PersonRecord]:
        """People matching ``name`` (full name, surname or part of it), or all people of
        ``country``, or everyone; each merged across articles."""
        with self._connect() as conn:
            conn.row_factory = sqlite3.Row
            people = conn.execute("SELECT id, norm_name, name FROM participants").fetchall()
            wanted = normalise_name(name) if name else ""
            out: list[PersonRecord] = []
            for person in people:
                norm = str(person["norm_name"])
                if wanted and not (
                    wanted == norm or wanted in norm.split() or f" {wanted}" in f" {norm}"
                ):
                    continue
                record = self._person(conn, int(person["id"]), str(person["name"]))
                if country and record.country != (country_of(country) or country):
                    continue
                out.append(record)
        return out

    @staticmethod
    def _person(conn: sqlite3.Connection, pid: int, name: str) -> PersonRecord:
        roles = conn.execute(
            "SELECT * FROM participant_roles WHERE participant_id = ? "
            "ORDER BY published DESC, rowid",
            (pid,),
        ).fetchall()
        mentions = conn.execute(
            "SELECT doc_id, passage_id FROM participant_mentions WHERE participant_id = ? "
            "ORDER BY rowid",
            (pid,),
        ).fetchall()
        with_role = [r for r in roles if r["role"]] or list(roles)
        best = with_role[0] if with_role else None
        seen: set[str] = set()
        distinct: list[tuple[str, str, str, str]] = []
        for r in with_role:
            key = normalise_name(str(r["role"]))
            if key and key not in seen:
                seen.add(key)
                distinct.append(
                    (str(r["role"]), str(r["passage_id"]), str(r["published"]), str(r["evidence"]))
                )
        return PersonRecord(
            name=name,
            role=str(best["role"]) if best else "",
            affiliation=next((str(r["affiliation"]) for r in roles if r["affiliation"]), ""),
            country=next((str(r["country"]) for r in roles if r["country"]), ""),
            roles=tuple(distinct),
            passage_ids=tuple(dict.fromkeys(str(m["passage_id"]) for m in mentions)),
            doc_ids=tuple(dict.fromkeys(str(m["doc_id"]) for m in mentions)),
            evidence=str(best["evidence"]) if best else "",
            evidence_passage_id=str(best["passage_id"]) if best else "",
        )

    def timeline(self) -> list[TimelineEntry]:
        """Measures (dated by effective, announced or article date) and positions, oldest
        first: the order in which things happened or were said."""
        entries: list[TimelineEntry] = []
        for m in self.tariffs():
            date = m.effective_date or m.announced_date or m.published
            rate = f"{m.rate_percent:g}%" if m.rate_percent is not None else "?"
            summary = (
                f"{m.imposer or '?'} tariff on {m.product} from {m.target}: {rate} ({m.status})"
            )
            entries.append(TimelineEntry(date, "measure", summary, m.passage_id, m.doc_id))
        for p in self.positions():
            entries.append(
                TimelineEntry(
                    p.date, "position", f"{p.actor} {p.stance} [{p.topic}]", p.passage_id, p.doc_id
                )
            )
        entries.sort(key=lambda e: (e.date, e.category, e.summary))
        return entries

    def signatures(self) -> dict[str, str]:
        """Per article, the signature of the passages its facts were extracted from."""
        with self._connect() as conn:
            return {
                str(d): str(v) for d, v in conn.execute("SELECT doc_id, signature FROM sources")
            }

    def set_signatures(self, signatures: dict[str, str]) -> None:
        """Replace every article's signature (after the ledger was brought up to date)."""
        with self._write_lock, self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("DELETE FROM sources")
            conn.executemany("INSERT INTO sources VALUES (?, ?)", sorted(signatures.items()))
            conn.execute("COMMIT")

    def doc_ids(self) -> set[str]:
        """Documents that contributed at least one fact."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT doc_id FROM measures UNION SELECT doc_id FROM positions "
                "UNION SELECT doc_id FROM participant_mentions"
            ).fetchall()
        return {str(r[0]) for r in rows}

    def counts(self) -> dict[str, int]:
        with self._connect() as conn:
            return {
                table: int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
                for table in ("measures", "participants", "participant_mentions", "positions")
            }


def _name_quality(name: str) -> tuple[bool, int, int]:
    """Which spelling of a merged name to show: mixed case, more words, more accents."""
    words = name.split()
    return (not name.isupper(), len(words), sum(not ch.isascii() for ch in name))


def _measure_filter(
    country: str | None,
    product: str | None,
    imposer: str | None,
    target: str | None,
    targets: Sequence[str],
    products: Sequence[str],
    rated: bool,
) -> tuple[str, list[str]]:
    """The WHERE clause (and its arguments) shared by the measure queries."""
    where = "1=1"
    args: list[str] = []
    for column, values in (("target", targets), ("product", products)):
        if values:
            where += f" AND {column} IN ({','.join('?' * len(values))})"
            args += list(values)
    if rated:
        where += " AND rate_percent IS NOT NULL"
    if country:
        canon = country_of(country) or country
        where += " AND (imposer = ? OR target = ?)"
        args += [canon, canon]
    if imposer:
        where += " AND imposer = ?"
        args.append(country_of(imposer) or imposer)
    if target:
        where += " AND target = ?"
        args.append(target if target == "all" else country_of(target) or target)
    if product:
        where += " AND product = ?"
        args.append(product_of(product) or product)
    return where, args


def _measure(r: sqlite3.Row) -> TariffMeasure:
    return TariffMeasure(
        imposer=r["imposer"],
        target=r["target"],
        product=r["product"],
        rate_percent=r["rate_percent"],
        kind=cast(MeasureKind, r["kind"]),
        status=cast(MeasureStatus, r["status"]),
        effective_date=r["effective_date"],
        paused_until=r["paused_until"],
        announced_date=r["announced_date"],
        published=r["published"],
        passage_id=r["passage_id"],
        doc_id=r["doc_id"],
        evidence=r["evidence"],
        pause_period=r["pause_period"],
        legal_basis=cast(LegalBasis, r["legal_basis"]),
        end_date=r["end_date"],
        hs_code=r["hs_code"],
        stack=r["stack"],
        quote=r["quote"],
        extractor=cast(Extractor, r["extractor"]),
    )


def _position(r: sqlite3.Row) -> Position:
    return Position(
        actor=r["actor"],
        topic=cast(Topic, r["topic"]),
        stance=r["stance"],
        quote=r["quote"],
        date=r["date"],
        passage_id=r["passage_id"],
        doc_id=r["doc_id"],
        evidence=r["evidence"],
        side=r["side"],
    )


def participant_from_record(record: PersonRecord) -> Participant:
    """The merged record as a plain :class:`Participant` (for JSON output)."""
    return Participant(
        name=record.name,
        role=record.role,
        affiliation=record.affiliation,
        country=record.country,
        passage_ids=record.passage_ids,
        evidence=record.evidence,
    )
