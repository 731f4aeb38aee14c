"""Exempt products without a rate; sentences written for these tests."""

from __future__ import annotations

from bot.facts import extract_facts
from bot.facts.extract.exemptions import exemption
from tests.facts.helpers import passages_from


def exempt_rows(*paragraphs: str) -> set[tuple[str, str, str]]:
    meta = {"title": "Tariff roundup", "published": "2025-06-01"}
    facts = extract_facts(passages_from("t.md", list(paragraphs), meta))
    return {
        (m.imposer, m.target, m.product)
        for m in facts.measures
        if m.status == "exempt" and m.rate_percent is None and m.kind == "exemption"
    }


def test_a_listed_subject_with_an_appositive_is_read_whole() -> None:
    found = exemption("Coffee, the country's top export, and copper wire are excluded for now.")
    assert found is not None and found.products == ("coffee", "copper")
    listed = exemption("Coffee, wine and aircraft are exempt from both parts of the levy.")
    assert listed is not None and listed.products == ("coffee", "wine", "aircraft")


def test_no_exemption_without_a_product_a_denial_or_a_condition() -> None:
    assert exemption("Goods that qualify under the pact remain exempt.") is None
    assert exemption("Peruvian coffee is not exempt.") is None
    assert exemption("Copper will be exempt if a deal is struck.") is None
    assert exemption("Copper would be exempt under the draft.") is None
    assert exemption("The exemption for coffee would last until April.") is None
    assert exemption("Coffee and wine were exempt until March.") is None


def test_exempt_products_belong_to_the_payer_just_named() -> None:
    found = exempt_rows(
        "US tariffs took effect on Friday. Peruvian goods face a 30% US tariff. "
        "Coffee, the country's biggest export, is excluded for now."
    )
    assert found == {("United States", "Peru", "coffee")}


def test_the_clause_of_the_verb_is_the_subject_and_a_named_origin_wins() -> None:
    found = exempt_rows(
        "US tariffs on Peru took effect.",
        "Chilean wine is exempt from the new US tariff.",
        "Peru's copper and lumber are among the hardest hit, while coffee is exempt.",
    )
    assert ("United States", "Chile", "wine") in found
    assert not any(p in {"copper", "lumber"} for _i, _t, p in found)


def test_no_exempt_row_without_a_payer_close_by() -> None:
    found = exempt_rows(
        "US tariffs on Peru and Chile took effect.",
        "Officials met on Monday. Nobody commented. Coffee is exempt.",
    )
    assert found == set()


def test_an_origin_named_earlier_in_the_sentence_owns_the_exempt_goods() -> None:
    found = exempt_rows(
        "The European Union warned it could revive a 25% counter-tariff on US wine.",
        "Chilean miners escaped the new duties: copper is exempt from the reciprocal tariff.",
    )
    assert found == {("United States", "Chile", "copper")}
