"""Rendered table rows: the total (or only) duty cell, never a guess between two."""

from __future__ import annotations

from bot.facts import extract_facts
from bot.facts.extract.tables import table_row
from bot.facts.models import TariffMeasure
from tests.facts.helpers import passages_from


def measures(caption: str, rows: str, title: str = "Peru tariffs") -> list[TariffMeasure]:
    """The measures of a caption paragraph followed by a paragraph of rendered rows."""
    meta = {"title": title, "published": "2025-02-02"}
    return list(extract_facts(passages_from("t.md", [caption, rows], meta)).measures)


def test_the_total_cell_is_the_rate() -> None:
    row = table_row("Frozen fish — additional duty: 0%; total duty: 15%")
    assert row is not None and (row.product, row.rate, row.cell) == (
        "frozen fish",
        15.0,
        "total duty",
    )


def test_rows_that_are_not_duty_tables_are_left_out() -> None:
    assert table_row("The minister said — frankly: 10%") is None
    assert table_row("Wheat — 2023: 10%; 2024: 12%") is None
    assert table_row("Wool — old duty: 5%; later duty: 9%") is None  # two rates, no total
    assert table_row("An ordinary sentence about tariffs of 10%.") is None


def test_rows_take_the_pair_of_the_caption() -> None:
    found = {
        (m.imposer, m.target, m.product, m.rate_percent)
        for m in measures(
            "The United States raised tariffs on Peruvian goods to 30% on Monday.",
            "Frozen fish — additional duty: 0%; total duty: 15%\nCopper wire — tariff: 30%",
        )
    }
    assert ("United States", "Peru", "frozen fish", 15.0) in found
    assert any(m[1] == "Peru" and m[3] == 30.0 and m[2] != "all goods" for m in found)


def test_a_cell_figure_may_carry_a_qualifier() -> None:
    exempt = table_row("Tin ore — extra levy applies?: No; total duty: 0% (ore exempt)")
    assert exempt is not None and (exempt.rate, exempt.exempt) == (0.0, True)
    under = table_row("Steel bars — total duty: 25% under Section 232.")
    assert under is not None and under.rate == 25.0
    assert table_row("Wool — total duty: 10% to 15%") is None  # a range is no single rate
    assert table_row("Wool — total duty: 10% or more") is None


def test_an_exempt_row_at_zero_is_exempt_and_keeps_its_law() -> None:
    found = {
        (m.product, m.rate_percent): m
        for m in measures(
            "The United States raised tariffs on Peruvian goods to 30% on Monday.",
            "Tin ore — total duty: 0% (exempt)\nSteel bars — total duty: 25% under Section 232",
        )
    }
    assert found[("tin ore", 0.0)].status == "exempt"
    assert found[("tin ore", 0.0)].kind == "exemption"
    assert found[("steel", 25.0)].legal_basis == "Section 232"


def test_a_row_that_names_a_country_is_that_country_s_rate() -> None:
    found = {
        (m.imposer, m.target, m.product, m.rate_percent)
        for m in measures(
            "The United States set new tariffs on Monday, listed below.",
            "Peru — new tariff rate: 26%\nChilean copper — total duty: 15%",
            title="New US tariffs",
        )
    }
    assert found == {
        ("United States", "Peru", "all goods", 26.0),
        ("United States", "Chile", "copper", 15.0),
    }


def test_a_table_with_no_pair_to_take_gives_no_measure_and_no_error() -> None:
    """Rows before any country is named: nothing to carry to the sentences after them."""
    assert (
        measures(
            "Selected lines from the schedule.",
            "Frozen fish — tariff: 15%\nCopper wire — tariff: 30%",
            title="Market notes",
        )
        == []
    )
