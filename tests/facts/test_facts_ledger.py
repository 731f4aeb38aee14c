"""FactLedger: per-document replacement, merging people, typed queries, concurrency."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from bot.facts import FactLedger, FactSet, Participant, Position, TariffMeasure


def measure(doc: str, rate: float, **kw: str) -> TariffMeasure:
    fields = {
        "imposer": "United States",
        "target": "Japan",
        "product": "cars",
        "kind": "sectoral",
        "status": "in force",
        "effective_date": "",
        "paused_until": "",
        "announced_date": "",
        "published": "2025-04-16",
        "evidence": f"A {rate:g}% levy on cars.",
    }
    fields.update(kw)
    return TariffMeasure(rate_percent=rate, passage_id=f"{doc}#p1", doc_id=doc, **fields)  # type: ignore[arg-type]


def person(doc: str, name: str, role: str, published: str, country: str = "Japan") -> Participant:
    return Participant(
        name=name,
        role=role,
        affiliation=f"Government of {country}",
        country=country,
        passage_ids=(f"{doc}#p1", f"{doc}#p2"),
        evidence=f"{role} {name} spoke.",
        doc_id=doc,
        published=published,
    )


def position(doc: str, actor: str, topic: str, side: str = "Japan") -> Position:
    return Position(
        actor=actor,
        topic=topic,  # type: ignore[arg-type]
        stance=f"wants something on {topic}",
        quote="",
        date="2025-04-16",
        passage_id=f"{doc}#p1",
        doc_id=doc,
        evidence=f"{actor} wants something on {topic}.",
        side=side,
    )


@pytest.fixture
def ledger(tmp_path: Path) -> FactLedger:
    led = FactLedger(tmp_path / "index" / "facts.sqlite3")
    led.replace_documents(
        ["a"],
        FactSet(
            measures=(measure("a", 25), measure("a", 10, product="all goods", target="all")),
            participants=(person("a", "Ryosei Akazawa", "top trade negotiator", "2025-04-16"),),
            positions=(
                position("a", "Shigeru Ishiba", "concessions"),
                position("a", "United States", "exchange rates", side="United States"),
            ),
        ),
    )
    led.replace_documents(
        ["b"],
        FactSet(
            measures=(measure("b", 15, published="2025-07-23", status="agreed"),),
            participants=(
                person("b", "RYOSEI  AKAZAWA", "economic revitalization minister", "2025-07-23"),
            ),
            positions=(position("b", "Japan", "agriculture"),),
        ),
    )
    return led


def test_wal_mode_and_file_beside_index(ledger: FactLedger) -> None:
    assert ledger.path.exists()
    with sqlite3.connect(ledger.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_tariffs_by_country_alias_and_product_alias(ledger: FactLedger) -> None:
    rows = ledger.tariffs("Japanese", "autos")
    assert [m.rate_percent for m in rows] == [15.0, 25.0]
    assert all(isinstance(m, TariffMeasure) for m in rows)
    assert [m.rate_percent for m in ledger.tariffs(target="all")] == [10.0]
    assert [m.rate_percent for m in ledger.tariffs(imposer="U.S.", product="cars")] == [15.0, 25.0]
    assert ledger.tariffs("Canada") == []


def test_groups_newest_first_and_latest_row_per_rate(ledger: FactLedger) -> None:
    ledger.replace_documents(
        ["c", "d"],
        FactSet(
            measures=(
                measure("c", 25, published="2025-05-01"),  # repeats an older figure
                measure("d", 15, published="2025-07-23", status="agreed", evidence="again"),
                measure("d", 30, product="steel", published="2025-03-01"),
            )
        ),
    )
    groups = ledger.tariff_groups(imposer="United States", targets=["Japan", "all"])
    assert [g.key for g in groups] == [
        ("United States", "Japan", "cars"),
        ("United States", "all", "all goods"),
        ("United States", "Japan", "steel"),
    ]
    assert groups[0].newest == ("2025-07-23", "")
    cars = [("United States", "Japan", "cars")]
    every = ledger.tariffs(groups=cars)
    latest = ledger.tariffs(groups=cars, latest_per_rate=True)
    assert len(every) == 4
    # One row per (rate, status), the newest of each, in the same order as the full list.
    assert [(m.rate_percent, m.published) for m in latest] == [
        (15.0, "2025-07-23"),
        (25.0, "2025-05-01"),
    ]
    assert latest == [m for m in every if m in latest]
    assert ledger.tariffs(groups=[]) == []


def test_people_are_merged_across_documents(ledger: FactLedger) -> None:
    [rec] = ledger.who("Akazawa")
    assert rec.name == "Ryosei Akazawa"
    assert rec.role == "economic revitalization minister", "newest article wins"
    assert [r[0] for r in rec.roles] == ["economic revitalization minister", "top trade negotiator"]
    assert rec.passage_ids == ("a#p1", "a#p2", "b#p1", "b#p2")
    assert rec.doc_ids == ("a", "b")
    assert rec.evidence_passage_id == "b#p1"
    assert ledger.who("ryosei akazawa") == [rec]
    assert ledger.who(country="Japan") == [rec]
    assert ledger.who("Bessent") == []
    assert ledger.counts()["participants"] == 1


def test_positions_by_topic_and_by_side(ledger: FactLedger) -> None:
    assert [p.actor for p in ledger.positions("exchange rates")] == ["United States"]
    japan = ledger.positions(actor="Japan")
    assert {p.actor for p in japan} == {"Japan", "Shigeru Ishiba"}
    assert [p.topic for p in ledger.positions("concessions", actor="japanese")] == ["concessions"]


def test_replace_documents_swaps_only_that_document(ledger: FactLedger) -> None:
    ledger.replace_documents(["a"], FactSet(measures=(measure("a", 24, product="all goods"),)))
    assert sorted(m.rate_percent or 0 for m in ledger.tariffs()) == [15.0, 24.0]
    [rec] = ledger.who("Akazawa")
    assert rec.doc_ids == ("b",)
    assert [p.actor for p in ledger.positions()] == ["Japan"]


def test_remove_documents_drops_orphaned_people(ledger: FactLedger) -> None:
    ledger.remove_documents(["a", "b"])
    assert ledger.counts() == {
        "measures": 0,
        "participants": 0,
        "participant_mentions": 0,
        "positions": 0,
    }
    assert ledger.doc_ids() == set()


def test_failed_replacement_leaves_old_facts(
    ledger: FactLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(conn: sqlite3.Connection, facts: FactSet) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(FactLedger, "_insert", staticmethod(boom))
    with pytest.raises(RuntimeError):
        ledger.replace_documents(["a"], FactSet())
    assert sorted(m.rate_percent or 0 for m in ledger.tariffs()) == [10.0, 15.0, 25.0]


def test_timeline_is_chronological(ledger: FactLedger) -> None:
    ledger.replace_documents(
        ["c"],
        FactSet(measures=(measure("c", 50, published="2025-06-01", effective_date="2025-06-04"),)),
    )
    dates = [e.date for e in ledger.timeline()]
    assert dates == sorted(dates)
    assert dates[-1] == "2025-07-23"
    assert any(e.category == "position" for e in ledger.timeline())
    assert any("50%" in e.summary and e.date == "2025-06-04" for e in ledger.timeline())


def test_reopening_keeps_facts(ledger: FactLedger) -> None:
    again = FactLedger(ledger.path)
    assert len(again.tariffs()) == 3


def test_concurrent_readers_and_a_writer(ledger: FactLedger) -> None:
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(30):
                assert ledger.tariffs("Japan")
                ledger.who("Akazawa")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def write() -> None:
        try:
            for i in range(30):
                ledger.replace_documents(["w"], FactSet(measures=(measure("w", float(i)),)))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(4)] + [threading.Thread(target=write)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [m.rate_percent for m in ledger.tariffs() if m.doc_id == "w"] == [29.0]
