"""Whether a name the question uses is present in a piece of evidence, in any of its forms."""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache

from bot.answer.terms import NOT_NAMES, STOPWORDS, concept
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


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")


def recased(question: str, texts: Sequence[str]) -> str:
    """``question`` with the words that the texts write capitalised mid-sentence, and never in
    lower case, capitalised too: "who is jasem al-budaiwi", typed in a hurry, asks about
    "Jasem Al-Budaiwi", and names are what the question's analysis keys on. Months and
    countries are left as typed: they are read in any case already."""
    capitalised: dict[str, str] = {}
    lowered: set[str] = set()
    for text in texts:
        for match in _WORD.finditer(text):
            word = match.group(0)
            if word[0].isupper() and _mid_sentence(text, match.start()):
                capitalised.setdefault(word.lower(), word)
            else:
                lowered.add(word.lower())

    def case(match: re.Match[str]) -> str:
        word = match.group(0)
        if len(word) < 3 or word in STOPWORDS or word in lowered or _dated_or_placed(word):
            return word
        return capitalised.get(word, word)

    return _WORD.sub(case, question)


def _mid_sentence(text: str, start: int) -> bool:
    """A word at ``start`` follows another word or a comma, not a sentence's or quote's start."""
    i = start - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i >= 0 and text[i] not in ".!?:;\"“‘'(—–-"


def _dated_or_placed(word: str) -> bool:
    return bool(NOT_NAMES.match(word)) or _country_of(word.capitalize()) is not None
