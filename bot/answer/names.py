"""Whether a name the question uses is present in a piece of evidence, in any of its forms."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from functools import lru_cache

from bot.answer.terms import STOPWORDS, concept
from bot.facts.lexicon import country_of
from bot.text import words


@lru_cache(maxsize=4096)
def _country_of(name: str) -> str | None:
    return country_of(name)


@lru_cache(maxsize=4096)
def _name_parts(name: str) -> tuple[tuple[str, str, str], ...]:
    """Each word of a name with its concept and the prefix its other forms share."""
    return tuple(
        (part, concept(part), part[: max(4, len(part) - 3)])
        for part in words(name)
        if part not in STOPWORDS
    )


def name_in(name: str, context: AbstractSet[str], countries: frozenset[str] = frozenset()) -> bool:
    """A name is present as itself, its synonym group, a word sharing its stem ("Zembia",
    "Zembian") or, for a place, as another name of its country (its capital, its demonym)."""
    country = _country_of(name) if countries else None
    if country is not None and country in countries:
        return True
    for part, label, prefix in _name_parts(name):
        if label in context:
            continue
        if not any(c.startswith(prefix) or (len(c) >= 4 and part.startswith(c)) for c in context):
            return False
    return True
