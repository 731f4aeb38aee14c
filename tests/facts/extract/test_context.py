"""What an article's country counts allow one to guess about a rate's sides."""

from __future__ import annotations

from collections import Counter

from bot.facts.extract.context import DocContext


def ctx(**counts: int) -> DocContext:
    return DocContext(
        "t.md", "2025-06-01", Counter({k.replace("_", " "): n for k, n in counts.items()})
    )


def test_the_payer_is_guessed_only_when_one_country_dominates() -> None:
    assert ctx(United_States=9, Peru=6, Chile=2).guess_target("United States") == "Peru"
    many = ctx(United_States=9, Peru=4, Chile=3)
    assert many.guess_target("United States") == ""
    assert many.guess_target("United States", sectoral=True) == "all"
    assert ctx(Peru=3).guess_target("") == "all"


def test_the_imposer_is_washington_in_a_us_story_and_its_one_clear_counterpart_otherwise() -> None:
    assert ctx(United_States=5, Peru=4).guess_imposer("Peru") == "United States"
    assert ctx(United_States=5, Peru=4, Chile=1).guess_imposer("United States") == "Peru"
    assert ctx(United_States=5, Peru=4, Chile=3).guess_imposer("United States") == ""
    assert ctx(Peru=4, Chile=1).guess_imposer("Chile") == ""


def test_a_member_state_pays_the_bloc_s_rate_only_in_an_article_about_the_bloc() -> None:
    about_bloc = ctx(European_Union=3, Italy=1, United_States=2)
    assert about_bloc.as_bloc("Italy", "United States") == "European Union"
    assert about_bloc.as_bloc("Italy", "France") == "Italy"  # between members: no bloc rate
    assert ctx(Italy=2, United_States=2).as_bloc("Italy", "United States") == "Italy"
