"""validate_against_passage: filtering structured facts (e.g. from a language model)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.facts import Participant, Position, TariffMeasure, validate_against_passage

PASSAGE = (
    "Japan has been subject to a 24 percent tariff on its exports to the United States,\n"
    "though these duties have been paused for 90 days.  A 25% levy on autos remains.  "
    "The meeting will involve Japan’s top trade negotiator, Ryosei Akazawa, along with "
    "U.S. Treasury Secretary Scott Bessent. However, Japan has lobbied to keep exchange "
    'rate discussions separate from tariff talks. "We will not retaliate," Akazawa said.'
)

MEASURE = TariffMeasure(
    imposer="US",
    target="Japan",
    product="all goods",
    rate_percent=24.0,
    kind="reciprocal",
    status="paused",
    effective_date="",
    paused_until="2025-07-15",
    announced_date="",
    published="2025-04-16",
    passage_id="d#1",
    doc_id="d",
    evidence="Japan has been subject to a 24% tariff on its exports to the U.S.",
)
PERSON = Participant(
    name="Scott Bessent",
    role="treasury secretary",
    affiliation="Government of the United States",
    country="United States",
    passage_ids=("d#1",),
    evidence="",
)
POSITION = Position(
    actor="Japan",
    topic="exchange rates",
    stance="lobbied to keep exchange rate discussions separate",
    quote="We will not retaliate,",
    date="2025-04-16",
    passage_id="d#1",
    doc_id="d",
    evidence="",
)


def test_percent_spellings_country_aliases_and_whitespace_are_normalised() -> None:
    # "24%" in the fact, "24 percent" in the text; "US"/"U.S."/"United States";
    # evidence with a line break and a different spelling of the country.
    assert validate_against_passage(replace(MEASURE, evidence=""), PASSAGE)
    assert validate_against_passage(
        replace(MEASURE, evidence="Japan has been subject to a 24% TARIFF on its exports"), PASSAGE
    )
    assert validate_against_passage(
        replace(MEASURE, evidence="to the US, though these   duties"), PASSAGE
    )


def test_product_synonyms_and_demonyms() -> None:
    cars = replace(MEASURE, product="cars", rate_percent=25.0, target="Japanese", evidence="")
    assert validate_against_passage(cars, PASSAGE)


@pytest.mark.parametrize(
    "fact",
    [
        replace(MEASURE, rate_percent=26.0),
        replace(MEASURE, target="China"),
        replace(MEASURE, imposer="European Union"),
        replace(MEASURE, product="steel"),
        replace(MEASURE, evidence="Japan has been subject to a 34% tariff"),
    ],
    ids=["rate", "target", "imposer", "product", "evidence"],
)
def test_measure_with_a_field_not_in_the_passage_is_rejected(fact: TariffMeasure) -> None:
    assert not validate_against_passage(fact, PASSAGE)


def test_participant_fields() -> None:
    assert validate_against_passage(PERSON, PASSAGE)
    assert validate_against_passage(
        replace(PERSON, name="Ryosei Akazawa", role="top trade negotiator", country="Japan"),
        PASSAGE,
    )
    assert not validate_against_passage(replace(PERSON, role="Commerce Secretary"), PASSAGE)
    assert not validate_against_passage(replace(PERSON, name="Scott Bessant"), PASSAGE)
    assert not validate_against_passage(replace(PERSON, affiliation="The Asia Group"), PASSAGE)


def test_position_fields() -> None:
    assert validate_against_passage(POSITION, PASSAGE)
    assert not validate_against_passage(replace(POSITION, quote="We will retaliate"), PASSAGE)
    assert not validate_against_passage(replace(POSITION, actor="Canada"), PASSAGE)
    assert not validate_against_passage(
        replace(POSITION, stance="wants exchange rates in the deal"), PASSAGE
    )


def test_closed_vocabularies_and_dates_are_not_checked() -> None:
    # kind, status, topic, dates and ids are not text the passage could contain.
    assert validate_against_passage(replace(MEASURE, status="agreed", evidence=""), PASSAGE)
    assert validate_against_passage(replace(POSITION, topic="investment"), PASSAGE)
