"""Checks facts produced elsewhere (a language model) against the passage they cite."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.facts.lexicon import (
    PRODUCTS,
    aliases_of,
    country_of,
    find_countries,
)
from bot.facts.models import (
    FactSet,
    Participant,
    Position,
    TariffMeasure,
)
from bot.facts.text import (
    PERCENT_RE,
    fold,
    percent_value,
)

_US_RE = re.compile(r"\b(?:u\.s\.a\.|u\.s\.|united states of america|united states|usa)(?!\w)")


def norm_for_match(text: str) -> str:
    t = fold(text)
    t = re.sub(r"\s*(?:per cent|percent|pct)\b", "%", t)
    t = re.sub(r"\s+%", "%", t)
    t = _US_RE.sub("us", t)
    return re.sub(r"\s+", " ", t)


def appears(value: str, passage: str) -> bool:
    needle = norm_for_match(value)
    return bool(needle) and re.search(rf"(?<![\w]){re.escape(needle)}(?![\w])", passage) is not None


def country_appears(country: str, passage_text: str, passage: str) -> bool:
    if country in {"", "all"}:
        return True
    country = country_of(country) or country
    if any(m.country == country for m in find_countries(passage_text)):
        return True
    return any(appears(alias, passage) for alias in aliases_of(country))


def _product_appears(product: str, passage: str) -> bool:
    if product in {"", "all goods"}:
        return True
    forms = next((f for canon, f in PRODUCTS if canon == product), (product,))
    return any(appears(f, passage) for f in (product, *forms))


def _rate_appears(rate: float | None, passage: str) -> bool:
    if rate is None:
        return True
    return any(percent_value(m) == rate for m in PERCENT_RE.finditer(passage))


def validate_against_passage(
    fact: TariffMeasure | Participant | Position, passage_text: str
) -> bool:
    """True when every textual field of ``fact`` can be found in ``passage_text``.

    Meant for filtering structured output from a language model: matching ignores case
    and whitespace, treats "%"/"percent"/"per cent" and "U.S."/"US"/"United States" as
    equal, and accepts a country via any of its names, demonyms or capitals.  Closed
    vocabularies (kind, status, topic), dates and ids are not text and are not checked.
    """
    passage = norm_for_match(passage_text)
    if isinstance(fact, TariffMeasure):
        return (
            country_appears(fact.imposer, passage_text, passage)
            and country_appears(fact.target, passage_text, passage)
            and _product_appears(fact.product, passage)
            and _rate_appears(fact.rate_percent, passage_text)
            and (not fact.evidence or appears(fact.evidence, passage))
        )
    if isinstance(fact, Participant):
        affiliation_ok = (
            not fact.affiliation
            or appears(fact.affiliation, passage)
            or country_appears(
                re.sub(r"^Government of\s+", "", fact.affiliation), passage_text, passage
            )
        )
        return (
            appears(fact.name, passage)
            and (not fact.role or appears(fact.role, passage))
            and affiliation_ok
            and country_appears(fact.country, passage_text, passage)
            and (not fact.evidence or appears(fact.evidence, passage))
        )
    actor_ok = (
        appears(fact.actor, passage)
        or (fact.actor in {m.country for m in find_countries(passage_text)})
        or appears(fact.actor.split()[-1], passage)
    )
    return (
        actor_ok
        and (not fact.stance or appears(fact.stance, passage))
        and (not fact.quote or appears(fact.quote, passage))
        and (not fact.evidence or appears(fact.evidence, passage))
    )


def iter_facts(facts: FactSet) -> Iterable[TariffMeasure | Participant | Position]:
    """Every fact of a set, measures first (handy for validation loops)."""
    yield from facts.measures
    yield from facts.participants
    yield from facts.positions
