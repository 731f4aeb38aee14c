"""Facts from fictional articles written in other phrasings (tests/data/facts/*.md)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.facts import (
    FactLedger,
    FactSet,
    Participant,
    TariffMeasure,
    answer_from_ledger,
    extract_facts,
    validate_against_passage,
)
from bot.facts.extract import iter_facts
from bot.models import Passage
from tests.facts.helpers import all_fiction, fiction, passages_from


@pytest.fixture(scope="module")
def facts() -> FactSet:
    return extract_facts(all_fiction())


def _measures(facts: FactSet, doc: str) -> list[TariffMeasure]:
    return [m for m in facts.measures if m.doc_id == f"facts/{doc}"]


def _key(m: TariffMeasure) -> tuple[str, str, str, float | None, str]:
    return (m.imposer, m.target, m.product, m.rate_percent, m.status)


def test_eu_retaliation_in_percent_spelled_out(facts: FactSet) -> None:
    ms = _measures(facts, "eu_steel_countermeasures.md")
    assert {_key(m) for m in ms} == {
        ("United States", "European Union", "steel", 25.0, "in force"),
        ("United States", "European Union", "aluminium", 25.0, "in force"),
        ("European Union", "United States", "whiskey", 25.0, "announced"),
        ("European Union", "United States", "motorcycles", 25.0, "announced"),
    }
    whiskey = next(m for m in ms if m.product == "whiskey")
    assert (whiskey.kind, whiskey.effective_date) == ("retaliatory", "2025-04-01")
    valdmaa = next(p for p in facts.participants if p.name == "Henrik Valdmaa")
    assert (valdmaa.role, valdmaa.country) == ("Trade Commissioner", "European Union")


def test_china_duties_of_fourteen_and_a_half_percent(facts: FactSet) -> None:
    ms = _measures(facts, "china_chips_duties.md")
    assert {_key(m) for m in ms} == {
        ("China", "United States", "all goods", 125.0, "raised"),
        ("United States", "China", "all goods", 145.0, "in force"),
        ("China", "United States", "semiconductors", 14.5, "announced"),
    }
    chips = next(m for m in ms if m.product == "semiconductors")
    assert chips.effective_date == "2025-05-01"
    lin = next(p for p in facts.participants if p.name == "Lin Baozhen")
    assert lin.role == "ministry spokesperson"
    assert ("China", "exchange rates") in {(p.actor, p.topic) for p in facts.positions}


def test_canada_lumber_raised_to_27_percent(facts: FactSet) -> None:
    new, old = _measures(facts, "canada_lumber_duties.md")
    assert _key(new) == ("United States", "Canada", "lumber", 27.0, "raised")
    assert _key(old) == ("United States", "Canada", "lumber", 14.5, "superseded")  # "up from"
    minister = next(p for p in facts.participants if p.name == "Maren Holloway")
    assert (minister.role, minister.country) == ("International Trade Minister", "Canada")
    stances = {(p.actor, p.topic) for p in facts.positions if p.doc_id.endswith("lumber_duties.md")}
    assert {
        ("Canada", "tariffs"),
        ("Maren Holloway", "tariffs"),
        ("Maren Holloway", "countermeasures"),
        ("Elaine Fortier", "tariffs"),
    } <= stances


def test_uk_per_cent_and_compound_title(facts: FactSet) -> None:
    ms = _measures(facts, "uk_cars_deal.md")
    assert {(m.target, m.product, m.rate_percent, m.status) for m in ms} == {
        ("United Kingdom", "cars", 10.0, "agreed"),
        ("United Kingdom", "steel", 25.0, "in force"),
    }
    marsh = next(p for p in facts.participants if p.name == "Olivia Marsh")
    assert marsh.role == "Business and Trade Secretary"


def test_rice_specific_duty_is_not_a_percentage_measure(facts: FactSet) -> None:
    ms = _measures(facts, "japan_rice_talks.md")
    assert [_key(m) for m in ms] == [("United States", "Japan", "all goods", 35.0, "threatened")]
    topics = {(p.actor, p.topic) for p in facts.positions if p.doc_id.endswith("rice_talks.md")}
    assert {("Japan", "agriculture"), ("Japan", "concessions")} <= topics


def test_non_tariff_percentages_in_an_economy_article(facts: FactSet) -> None:
    ms = _measures(facts, "mexico_economy.md")
    assert [_key(m) for m in ms] == [("United States", "Mexico", "all goods", 25.0, "in force")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Mexico's economy grew 0.2% in the first quarter, the statistics agency said.",
        "The central bank cut its benchmark interest rate to 8.5% as tariffs weighed on trade.",
        "A poll showed 62% of voters oppose the new tariffs.",
        "Stocks in Tokyo fell 3% after the tariff announcement.",
        "The president's approval rating fell to 41 percent amid the tariff fight.",
        "About 85% of Mexican exports enter the United States duty-free.",
        "Tariffs could shave 0.5 percentage points off growth this year.",
        "Japan levies a tariff of 341 yen per kilogram on rice.",
        "The EU said it would not impose 25% duties on American bourbon after all.",
    ],
)
def test_sentence_with_non_tariff_percentage_is_not_a_measure(sentence: str) -> None:
    passages = passages_from("x", [sentence], {"published": "2025-05-01"})
    assert extract_facts(passages).measures == ()


@pytest.mark.parametrize(
    ("sentence", "until", "period"),
    [
        ("The 20% tariff on Korean cars is paused for 90 days.", "", "90 days"),
        ("The 20% tariff on Korean cars is paused until July 9.", "2025-07-09", ""),
        (
            "The 20% tariff on Korean cars is paused for 90 days from April 9.",
            "2025-07-08",
            "90 days",
        ),
        ("The 20% tariff on Korean cars was suspended for one month.", "", "1 month"),
    ],
)
def test_a_pause_ends_on_a_stated_date_or_keeps_its_stated_length(
    sentence: str, until: str, period: str
) -> None:
    passages = passages_from("x", [sentence], {"published": "2025-05-01"})
    [m] = extract_facts(passages).measures
    assert (m.status, m.paused_until, m.pause_period) == ("paused", until, period)


def test_fictional_facts_validate_against_their_passages(facts: FactSet) -> None:
    """Everything validates except sides taken from the rest of the article: the
    validator checks one passage, which is the point of it."""
    by_id = {p.passage_id: p for p in all_fiction()}
    outside = []
    for fact in iter_facts(facts):
        if isinstance(fact, Participant):
            text = by_id[fact.passage_ids[0]].text
        else:
            text = by_id[fact.passage_id].text
        if validate_against_passage(fact, text):
            continue
        assert isinstance(fact, TariffMeasure), fact
        assert validate_against_passage(replace(fact, imposer="", target="all"), text), fact
        outside.append((fact.imposer, fact.product))
    assert outside == [("China", "semiconductors")]


def _ledger_with(tmp_path: Path, passages: list[Passage]) -> FactLedger:
    ledger = FactLedger(tmp_path / "facts.sqlite3")
    facts = extract_facts(passages)
    ledger.replace_documents({p.doc_id for p in passages}, facts)
    return ledger


def test_superseded_rate_is_answered_newest_first(tmp_path: Path) -> None:
    passages = fiction("india_cars_april.md") + fiction("india_cars_july.md")
    ledger = _ledger_with(tmp_path, passages)
    by_id = {p.passage_id: p for p in passages}
    answer = answer_from_ledger("What is the tariff on Indian cars?", ledger, by_id.get)
    assert answer is not None
    assert answer.kind == "tariff"
    first = answer.text.splitlines()[0]
    assert first.startswith("United States tariff on cars from India: 15% (lowered)")
    assert "as of 2025-07-22 [1]" in first
    assert "earlier: 25% (superseded) as of 2025-07-22 [1]; 25% as of 2025-04-10 [2]" in first
    assert by_id[answer.passage_ids[0]].doc_id == "facts/india_cars_july.md"
    assert by_id[answer.passage_ids[1]].doc_id == "facts/india_cars_april.md"
    assert [c.n for c in answer.citations] == [1, 2]
    assert "lowered its tariff on Indian cars to 15%" in answer.citations[0].quote


def test_removing_a_document_removes_its_facts(tmp_path: Path) -> None:
    passages = fiction("india_cars_april.md") + fiction("india_cars_july.md")
    ledger = _ledger_with(tmp_path, passages)
    ledger.remove_documents(["facts/india_cars_july.md"])
    assert {m.rate_percent for m in ledger.tariffs("India", "cars")} == {25.0}
    assert "facts/india_cars_july.md" not in ledger.doc_ids()
    raghunathan = ledger.who("Raghunathan")
    assert [r.doc_ids for r in raghunathan] == [("facts/india_cars_april.md",)]
    by_id = {p.passage_id: p for p in passages}
    answer = answer_from_ledger("What is the tariff on Indian cars?", ledger, by_id.get)
    assert answer is not None
    assert "earlier" not in answer.text
    assert "25% (in force) as of 2025-04-10 [1]" in answer.text


def test_rate_question_with_imposer_and_target(tmp_path: Path) -> None:
    passages = fiction("canada_lumber_duties.md")
    ledger = _ledger_with(tmp_path, passages)
    by_id = {p.passage_id: p for p in passages}
    answer = answer_from_ledger("How high are US duties on Canadian lumber?", ledger, by_id.get)
    assert answer is not None
    assert answer.text.startswith("United States tariff on lumber from Canada: 27% (raised)")
    assert (
        answer_from_ledger("How high are US duties on Mexican avocados?", ledger, by_id.get) is None
    )
