"""Tariff reports: what applies now apart from what it replaced, stacks spelled out."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bot.facts import FactLedger, FactSet, TariffMeasure
from bot.facts.report import (
    SECTION_TITLES,
    build_report,
    source_marks,
    tariff_sections,
    tariff_summary,
)
from bot.models import Passage

BASE = TariffMeasure(
    imposer="United States",
    target="Peru",
    product="all goods",
    rate_percent=20.0,
    kind="reciprocal",
    status="in force",
    effective_date="",
    paused_until="",
    announced_date="",
    published="2025-03-01",
    passage_id="p.md#1",
    doc_id="p.md",
    evidence="The 20% tariff on Peruvian goods is in force.",
)


def test_the_newest_in_force_figure_is_current_and_older_ones_are_replaced() -> None:
    older = BASE
    newer = replace(BASE, rate_percent=30.0, status="raised", published="2025-05-01")
    old_figure = replace(BASE, rate_percent=10.0, status="superseded", published="2025-05-01")
    threat = replace(BASE, rate_percent=50.0, status="threatened", published="2025-06-01")
    stale_threat = replace(BASE, rate_percent=60.0, status="threatened", published="2025-01-01")
    assert tariff_sections([older, newer, old_figure, threat, stale_threat]) == [
        "replaced",
        "in force",
        "replaced",
        "pending",
        "replaced",
    ]


def test_a_stack_and_a_legal_basis_appear_in_the_summary() -> None:
    m = replace(BASE, rate_percent=50.0, stack="25% reciprocal + 25% penalty = 50%")
    m = replace(m, legal_basis="IEEPA")
    line = tariff_summary(m)
    assert "50% (25% reciprocal + 25% penalty = 50%)" in line and "· IEEPA ·" in line


def test_report_rows_are_grouped_in_force_first(tmp_path: Path) -> None:
    ledger = FactLedger(tmp_path / "l.sqlite3")
    rows = (
        replace(BASE, rate_percent=10.0, status="superseded"),
        replace(BASE, rate_percent=30.0, status="raised", published="2025-05-01"),
    )
    ledger.replace_documents(["p.md"], FactSet(measures=rows))
    passage = Passage("p.md#1", "p.md", BASE.evidence, "Peru", "o", "", "2025-03-01", "p.md", 0)
    report = build_report(
        "tariffs", ledger, lambda pid: passage if pid == passage.passage_id else None
    )
    assert [title for title, _rows in report.sections()] == [
        SECTION_TITLES["in force"],
        SECTION_TITLES["replaced"],
    ]
    assert [row["section"] for row in report.to_json()] == ["in force", "replaced"]
    assert report.to_json()[0]["extractor"] == "rules"


def test_rows_that_read_the_same_are_one_line_with_each_source(tmp_path: Path) -> None:
    """Two articles reporting one measure: one line for people, "[1][2]"; JSON keeps both."""
    ledger = FactLedger(tmp_path / "l.sqlite3")
    second = replace(BASE, passage_id="q.md#1", doc_id="q.md")
    ledger.replace_documents(["p.md"], FactSet(measures=(BASE,)))
    ledger.replace_documents(["q.md"], FactSet(measures=(second,)))
    passages = {
        pid: Passage(pid, doc, BASE.evidence, "Peru", "o", "", "2025-03-01", doc, 0)
        for pid, doc in (("p.md#1", "p.md"), ("q.md#1", "q.md"))
    }
    report = build_report("tariffs", ledger, passages.get)
    assert len(report.to_json()) == 2
    [(title, lines)] = report.lines()
    assert title == SECTION_TITLES["in force"]
    assert lines == [(tariff_summary(BASE), (1, 2))]
    assert source_marks((1, 2)) == "[1][2]"
