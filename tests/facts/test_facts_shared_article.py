"""Facts from the shared raw page about the Japan-US talks (published 2025-04-16)."""

from __future__ import annotations

import pytest

from bot.facts import FactSet, Participant, Position, extract_facts, validate_against_passage
from bot.facts.extract import iter_facts
from bot.text import split_sentences
from tests.facts.helpers import SHARED_PAGE, shared_passages

pytestmark = pytest.mark.skipif(not SHARED_PAGE.exists(), reason="shared corpus not mounted")


@pytest.fixture(scope="module")
def facts() -> FactSet:
    return extract_facts(shared_passages())


def _person(facts: FactSet, surname: str) -> Participant:
    found = [p for p in facts.participants if p.name.split()[-1] == surname]
    assert len(found) == 1, facts.participants
    return found[0]


def _positions(facts: FactSet, actor: str, topic: str) -> list[Position]:
    return [p for p in facts.positions if p.actor == actor and p.topic == topic]


def test_reciprocal_rate_on_japan_is_paused_for_90_days(facts: FactSet) -> None:
    [m] = [m for m in facts.measures if m.rate_percent == 24]
    assert (m.imposer, m.target, m.product) == ("United States", "Japan", "all goods")
    assert m.kind == "reciprocal"
    assert m.status == "paused"
    # The article gives the pause's length, not its end: no date is made up from its own date.
    assert (m.paused_until, m.pause_period) == ("", "90 days")
    assert m.published == "2025-04-16"


def test_universal_ten_percent_remains_in_force(facts: FactSet) -> None:
    [m] = [m for m in facts.measures if m.rate_percent == 10]
    assert (m.kind, m.status, m.target, m.product) == ("universal", "in force", "all", "all goods")
    assert m.imposer == "United States"


def test_car_levy(facts: FactSet) -> None:
    [m] = [m for m in facts.measures if m.rate_percent == 25]
    assert (m.product, m.kind, m.status) == ("cars", "sectoral", "in force")
    assert (m.imposer, m.target) == ("United States", "Japan")


def test_no_other_percentages_become_measures(facts: FactSet) -> None:
    assert sorted(m.rate_percent or 0 for m in facts.measures) == [10, 24, 25]


def test_officials_and_their_titles(facts: FactSet) -> None:
    akazawa = _person(facts, "Akazawa")
    assert akazawa.name == "Ryosei Akazawa"
    assert akazawa.role == "top trade negotiator"
    assert akazawa.country == "Japan"
    bessent = _person(facts, "Bessent")
    assert (bessent.name, bessent.role, bessent.country) == (
        "Scott Bessent",
        "Treasury Secretary",
        "United States",
    )
    greer = _person(facts, "Greer")
    assert (greer.name, greer.role) == ("Jamieson Greer", "Trade Representative")
    ishiba = _person(facts, "Ishiba")
    assert (ishiba.name, ishiba.role, ishiba.country) == (
        "Shigeru Ishiba",
        "Prime Minister",
        "Japan",
    )
    assert ishiba.affiliation == "Government of Japan"


def test_commentator_with_title_after_name(facts: FactSet) -> None:
    tong = _person(facts, "Tong")
    assert (tong.name, tong.role, tong.affiliation) == (
        "Kurt Tong",
        "managing partner",
        "The Asia Group",
    )
    assert not [p for p in facts.positions if p.actor == "Kurt Tong"], "analysts hold no positions"


def test_participant_passages_include_surname_mentions(facts: FactSet) -> None:
    akazawa = _person(facts, "Akazawa")
    texts = {p.passage_id: p.text for p in shared_passages()}
    assert len(akazawa.passage_ids) == 2
    assert "Akazawa has said" in texts[akazawa.passage_ids[1]]
    assert akazawa.evidence in texts[akazawa.passage_ids[0]]


def test_japan_will_not_rush_concessions_or_retaliate(facts: FactSet) -> None:
    [concessions] = _positions(facts, "Shigeru Ishiba", "concessions")
    assert concessions.stance == "would not rush to make concessions"
    assert concessions.side == "Japan"
    [counter] = _positions(facts, "Shigeru Ishiba", "countermeasures")
    assert counter.stance.startswith("would not consider countermeasures")


def test_us_wants_exchange_rates_and_non_tariff_barriers_in_the_deal(facts: FactSet) -> None:
    for topic in ("exchange rates", "non-tariff barriers"):
        [p] = _positions(facts, "United States", topic)
        assert p.stance.startswith("has pushed for a deal")


def test_japan_wants_exchange_rates_kept_separate(facts: FactSet) -> None:
    [p] = _positions(facts, "Japan", "exchange rates")
    assert "separate from tariff talks" in p.stance


def test_japan_offers_investment_including_alaska_gas(facts: FactSet) -> None:
    [p] = _positions(facts, "Japan", "investment")
    assert "increase investments" in p.stance
    assert "gas project in Alaska" in p.stance
    [akazawa] = _positions(facts, "Ryosei Akazawa", "investment")
    assert akazawa.side == "Japan"


def test_trump_quote_is_kept(facts: FactSet) -> None:
    [p] = [p for p in facts.positions if p.actor == "Donald Trump" and p.quote]
    assert p.quote.startswith("Hopefully something can be worked out")


def test_every_fact_is_grounded_in_its_passage(facts: FactSet) -> None:
    by_id = {p.passage_id: p for p in shared_passages()}
    for fact in iter_facts(facts):
        passage_id = fact.passage_ids[0] if isinstance(fact, Participant) else fact.passage_id
        text = by_id[passage_id].text
        assert fact.evidence in split_sentences(text)
        assert validate_against_passage(fact, text), fact


def test_extraction_is_deterministic() -> None:
    assert extract_facts(shared_passages()) == extract_facts(shared_passages())
