"""Status of a rate from the words around it; sentences written for these tests."""

from __future__ import annotations

from bot.facts import extract_facts
from bot.facts.models import TariffMeasure
from tests.facts.helpers import passages_from


def rows(*paragraphs: str) -> list[TariffMeasure]:
    meta = {"title": "Tariff roundup", "published": "2025-06-01"}
    return list(extract_facts(passages_from("t.md", list(paragraphs), meta)).measures)


def status_of(rate: float, *paragraphs: str) -> str:
    return next(m.status for m in rows(*paragraphs) if m.rate_percent == rate)


def test_an_averted_tariff_was_only_threatened_an_attempt_to_avert_it_leaves_it_coming() -> None:
    assert status_of(40, "Relief that a 40% tariff on Peruvian goods was averted spread.") == (
        "threatened"
    )
    assert status_of(40, "The deal avoided a 40% US tariff on Peruvian copper.") == "threatened"
    assert status_of(40, "Lima made a last bid to avoid the 40% US levy on its copper.") == (
        "announced"
    )


def test_a_pronoun_that_acts_in_a_later_clause_does_not_pass_its_verb_to_the_rate() -> None:
    acts = "Peru will bring its tariff on US wheat down to 8%, and it will suspend its quotas."
    assert status_of(8, acts) == "lowered"
    undergoes = "Peru set a 12% tariff on US wheat, but it was suspended a week later."
    assert status_of(12, undergoes) == "paused"


def test_a_reason_after_over_is_not_the_product() -> None:
    found = rows("The 25% US tariff on Peru over its copper subsidies stays in place.")
    assert [(m.target, m.product) for m in found] == [("Peru", "all goods")]


def test_a_tariff_named_by_a_past_year_is_superseded() -> None:
    assert status_of(10, "Lawyers recalled the 10% import surcharge of 1971.") == "superseded"
    assert status_of(10, "The US kept its 10% import surcharge on Peruvian goods.") == "in force"
