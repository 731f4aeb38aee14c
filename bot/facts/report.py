"""Ledger rows as numbered, cited report rows: what `tradebot tariffs` and `/tariffs` show.

The CLI and Discord render the same :class:`FactReport`; only the layout differs. Each row
carries the number of its source, and each source is a :class:`~bot.models.Citation` like
the ones ``tradebot ask`` returns, so scripts can treat both alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.facts.ledger import FactLedger
from bot.facts.models import TariffMeasure
from bot.models import Citation, Passage

Kind = Literal["tariffs", "who", "positions", "timeline"]
Section = Literal["in force", "pending", "replaced", ""]
SECTION_TITLES: dict[Section, str] = {
    "in force": "In force now",
    "pending": "Announced, agreed or threatened, not yet in force",
    "replaced": "Replaced, paused or earlier figures",
}
_IN_FORCE = frozenset({"in force", "raised", "lowered", "exempt"})
_PENDING = frozenset({"announced", "agreed", "threatened"})


@dataclass(frozen=True, slots=True)
class FactRow:
    cells: dict[str, Any]
    """The row's fields, as in the ledger (JSON-ready scalars and lists)."""
    summary: str
    """One line for people: "United States → Japan · cars · 25% · in force · 2025-04-16"."""
    source: int
    """``n`` of the citation this row comes from (0 when its passage is gone)."""
    section: Section = ""
    """For tariffs: whether the row is what applies now, what is pending, or what it replaced."""


@dataclass(slots=True)
class FactReport:
    kind: Kind
    rows: list[FactRow] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)

    def sections(self) -> list[tuple[str, list[FactRow]]]:
        """Rows under their section titles, in force first (one untitled group for the
        kinds that have no sections)."""
        if not any(row.section for row in self.rows):
            return [("", list(self.rows))] if self.rows else []
        return [
            (title, rows)
            for key, title in SECTION_TITLES.items()
            if (rows := [row for row in self.rows if row.section == key])
        ]

    def lines(self) -> list[tuple[str, list[tuple[str, tuple[int, ...]]]]]:
        """:meth:`sections` for people: rows that read the same (several articles reporting
        one measure) are one line with each of their sources, in first-seen order."""
        out: list[tuple[str, list[tuple[str, tuple[int, ...]]]]] = []
        for title, rows in self.sections():
            merged: dict[str, list[int]] = {}
            for row in rows:
                sources = merged.setdefault(row.summary, [])
                if row.source and row.source not in sources:
                    sources.append(row.source)
            out.append((title, [(summary, tuple(ns)) for summary, ns in merged.items()]))
        return out

    def to_json(self) -> list[dict[str, Any]]:
        by_n = {c.n: c for c in self.citations}
        return [
            {**row.cells, "citation": by_n[row.source].to_json() if row.source in by_n else None}
            for row in self.rows
        ]


def source_marks(sources: tuple[int, ...]) -> str:
    """ "[3][7]": the numbers of a line's sources, as answers mark theirs."""
    return "".join(f"[{n}]" for n in sources)


class _Sources:
    def __init__(self, lookup: Callable[[str], Passage | None]) -> None:
        self._lookup = lookup
        self.numbers: dict[str, int] = {}
        self.citations: list[Citation] = []

    def number(self, passage_id: str, quote: str) -> int:
        if passage_id in self.numbers:
            return self.numbers[passage_id]
        passage = self._lookup(passage_id)
        if passage is None:
            return 0
        n = len(self.citations) + 1
        self.numbers[passage_id] = n
        self.citations.append(Citation.of(n, passage, quote))
        return n


def tariff_summary(m: TariffMeasure) -> str:
    """One line: "United States → India · all goods · 50% (25% reciprocal + 25% penalty = 50%)
    · reciprocal · in force · 2025-08-27"."""
    rate = f"{m.rate_percent:g}%" if m.rate_percent is not None else "rate not given"
    if m.stack:
        rate += f" ({m.stack})"
    when = m.effective_date or m.announced_date or m.published
    status = f"{m.status} {m.pause_note()}".strip()
    basis = f" · {m.legal_basis}" if m.legal_basis else ""
    return (
        f"{m.imposer or '?'} → {m.target or '?'} · {m.product} · {rate} · {m.kind}{basis} · "
        f"{status} · {when or 'undated'}"
    )


def tariff_sections(measures: list[TariffMeasure]) -> list[Section]:
    """For each measure: "in force" when it is the newest in-force figure of its (imposer,
    target, product) and nothing newer replaced it; "pending" when it is announced, agreed
    or threatened after the figure in force; "replaced" otherwise."""
    newest: dict[tuple[str, str, str], tuple[str, str]] = {}
    for m in measures:
        if m.status in _IN_FORCE:
            key = (m.imposer, m.target, m.product)
            newest[key] = max(newest.get(key, ("", "")), (m.published, m.effective_date))
    out: list[Section] = []
    for m in measures:
        key = (m.imposer, m.target, m.product)
        when = (m.published, m.effective_date)
        current = newest.get(key)
        if m.status in _IN_FORCE and when == current:
            out.append("in force")
        elif m.status in _PENDING and (current is None or when >= current):
            out.append("pending")
        else:
            out.append("replaced")
    return out


def build_report(
    kind: Kind,
    ledger: FactLedger,
    passage: Callable[[str], Passage | None],
    *,
    country: str | None = None,
    product: str | None = None,
    name: str | None = None,
    topic: str | None = None,
) -> FactReport:
    sources = _Sources(passage)
    report = FactReport(kind)
    if kind == "tariffs":
        measures = ledger.tariffs(country=country, product=product)
        sections = tariff_sections(measures)
        for m, section in zip(measures, sections, strict=True):
            n = sources.number(m.passage_id, m.evidence)
            cells: dict[str, Any] = {**m.to_json(), "section": section}
            report.rows.append(FactRow(cells, tariff_summary(m), n, section))
        order = list(SECTION_TITLES)
        report.rows.sort(key=lambda row: order.index(row.section))
    elif kind == "who":
        for p in ledger.who(name):
            where = ", ".join(part for part in (p.affiliation, p.country) if part)
            summary = f"{p.name} — {p.role or 'role not given'}" + (f" ({where})" if where else "")
            n = sources.number(p.evidence_passage_id, p.evidence)
            cells = {
                "name": p.name,
                "role": p.role,
                "affiliation": p.affiliation,
                "country": p.country,
                "passage_ids": list(p.passage_ids),
                "evidence": p.evidence,
            }
            report.rows.append(FactRow(cells, summary, n))
    elif kind == "positions":
        for pos in ledger.positions(topic):
            said = f' — "{pos.quote}"' if pos.quote else ""
            summary = f"{pos.actor} · {pos.topic}: {pos.stance}{said} · {pos.date or 'undated'}"
            n = sources.number(pos.passage_id, pos.evidence)
            report.rows.append(FactRow(dict(pos.to_json()), summary, n))
    else:
        for entry in ledger.timeline():
            summary = f"{entry.date or 'undated'} · {entry.summary}"
            n = sources.number(entry.passage_id, "")
            cells = {
                "date": entry.date,
                "category": entry.category,
                "summary": entry.summary,
                "passage_id": entry.passage_id,
                "doc_id": entry.doc_id,
            }
            report.rows.append(FactRow(cells, summary, n))
    report.citations = sources.citations
    return report
