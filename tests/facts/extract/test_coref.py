"""Payers named by a description ("its two neighbours", "either country") resolved to a group
the text has coordinated; sentences written for these tests."""

from __future__ import annotations

from bot.facts import extract_facts
from bot.facts.extract.coref import described_country, group_payers
from tests.facts.helpers import passages_from


def pairs(*paragraphs: str, title: str = "Tariff roundup") -> set[tuple[str, str, float | None]]:
    facts = extract_facts(passages_from("t.md", list(paragraphs), {"title": title}))
    return {(m.imposer, m.target, m.rate_percent) for m in facts.measures}


def test_a_numbered_description_takes_the_last_group_of_its_size() -> None:
    before = "Chile, Peru and Bolivia met in May. Later Chile and Peru signed a pact."
    assert group_payers("on both countries", before, "", set()) == ["Chile", "Peru"]
    assert group_payers("from either country", "", "Tariffs on Chile and Peru", set()) == [
        "Chile",
        "Peru",
    ]


def test_no_group_of_the_right_size_or_only_the_imposer_s_leaves_it_unresolved() -> None:
    assert group_payers("from either country", "Chile, Peru and Bolivia met.", "", set()) == []
    assert group_payers("on both countries", "Chile and Peru met.", "", {"Peru"}) == []
    assert group_payers("on Peru's two neighbours", "Chile and Peru met.", "", set()) == []
    assert group_payers("on the goods", "Chile and Peru met.", "", set()) is None


def test_a_rate_imposed_on_both_countries_gives_a_row_for_each() -> None:
    found = pairs(
        "Freight firms in Chile and Peru braced for news. Washington kept the 20% tariffs "
        "it imposed on both countries last year.",
    )
    assert ("United States", "Chile", 20.0) in found and ("United States", "Peru", 20.0) in found


def test_the_title_s_group_resolves_either_country() -> None:
    found = pairs(
        "The United States raised tariffs on Monday.",
        "Officials extended the 15% rate to copper from either country.",
        title="US tariffs hit Chile and Peru",
    )
    assert {t for _i, t, r in found if r == 15} == {"Chile", "Peru"}


def test_the_owner_of_a_description_is_not_the_payer() -> None:
    found = pairs(
        "The president spoke about trade with the United States.",
        "The 25% tariffs that the president imposed on Peru's two neighbours stay in place.",
    )
    assert not any(t == "Peru" for _i, t, _r in found)


def test_a_rate_that_would_hit_both_economies_falls_on_the_pair_named_before() -> None:
    found = pairs(
        "Chile and Peru are still negotiating with the United States. Officials said a 25% "
        "tariff announced in July would hit both economies hard.",
        "A 30% duty floated in June would hit both economies too.",
    )
    assert {t for _i, t, r in found if r == 25} == {"Chile", "Peru"}
    assert not any(r == 30 for _i, _t, r in found)  # no pair named in its own passage


def test_the_bloc_and_the_country_stand_for_the_last_bloc_or_country_named() -> None:
    before = "The European Union and Peru met the United States. Talks with Chile stalled."
    assert described_country("bloc", before, "") == "European Union"
    assert described_country("country", before, "") == "Chile"
    assert described_country("country", "Chile's exports to the United States", "") == "Chile"
    assert described_country("country", "No names here.", "Peru weighs US tariffs") == "Peru"
    assert described_country("bloc", "Peru and Chile met.", "") == ""


def test_a_rate_the_bloc_or_the_country_pays_falls_on_it() -> None:
    found = pairs(
        "Washington and the European Union struck a tariff deal. The bloc will pay "
        "15% on most goods.",
        "Talks with Peru failed. The country's exporters now face 39%.",
        "Bolivia agreed to a 20% tariff on its exports to the US, and a 40% rate on goods "
        "transshipped through the country.",
    )
    assert ("United States", "European Union", 15.0) in found
    assert ("United States", "Peru", 39.0) in found
    assert ("United States", "Bolivia", 40.0) in found
