"""Payers named by a description instead of a name: "its two neighbours", "either country",
"the bloc", "the country's exporters".

A plural description with a number refers back to a group of that many countries the text
has already coordinated ("Ruritania and Freedonia"); a singular one ("the country", "the
bloc") to the nearest country (or bloc) named before it; both looked for in the passage before
the sentence, then in the article's title. When none is there, the description stays
unresolved: a guess from how often countries are mentioned would put rows on the wrong country.
"""

from __future__ import annotations

import re

from bot.facts.lexicon import BLOCS, CountryMention, find_countries
from bot.text import split_sentences

_GROUP_RE = re.compile(
    r"\b(?:on|to|from|for|against|of|hit|hits|hitting|affect\w*|cover\w*|target\w*)\s+"
    r"(?:the\s+)?"
    r"(?:(?P<owner>[A-Z][\w.]*)['’]s\s+|(?:its|their)\s+)?"
    r"(?P<n>two|three|both|either)\s+"
    r"(?:neighbou?rs|neighbou?r|partners?|allies|ally|countries|country|nations?|economies|"
    r"governments?)\b"
)
_SIZE = {"two": 2, "both": 2, "either": 2, "three": 3}
_COORDINATION_RE = re.compile(r"\s*(?:,|,?\s*(?:and|or)|&)\s*(?:the\s+)?")


def group_payers(text: str, before: str, title: str, exclude: set[str]) -> list[str] | None:
    """The countries a group description in ``text`` stands for: the last coordinated group
    of the right size in ``before`` (the passage up to the sentence), else in ``title``;
    ``exclude`` holds countries that cannot be in it (the imposer).  None when ``text`` has
    no such description, [] when it has one that cannot be resolved."""
    m = _GROUP_RE.search(text)
    if m is None:
        return None
    size = _SIZE[m.group("n").lower()]
    owner = find_countries(m.group("owner")) if m.group("owner") else []
    banned = exclude | {o.country for o in owner}
    for source in (before, title):
        groups = [g for g in _groups(source) if len(g) == size and not banned & set(g)]
        if groups:
            return groups[-1]
    return []


def in_compound(text: str, mention: CountryMention) -> bool:
    """ "the Chile-Peru Free Trade Agreement", "EU-India talks": a country inside a
    hyphenated name says nothing about who imposes or pays."""
    return bool(
        re.match(r"-[A-Z]", text[mention.end : mention.end + 2])
        or re.search(r"[A-Za-z]-$", text[max(0, mention.start - 2) : mention.start])
    )


def _groups(text: str) -> list[list[str]]:
    """Runs of coordinated country names in ``text``, in order ("Chile and Peru" -> one)."""
    mentions = [m for m in find_countries(text) if not in_compound(text, m)]
    out: list[list[str]] = []
    run: list[CountryMention] = []
    for m in mentions:
        if run and _COORDINATION_RE.fullmatch(text[run[-1].end : m.start]):
            run.append(m)
            continue
        if len(run) > 1:
            out.append(list(dict.fromkeys(r.country for r in run)))
        run = [m]
    if len(run) > 1:
        out.append(list(dict.fromkeys(r.country for r in run)))
    return out


DESCRIPTION_RE = re.compile(r"\bthe\s+(?P<noun>bloc|union|country|nation|kingdom|republic)\b", re.I)
"""A country or bloc named by what it is ("the bloc's exporters", "the country will pay")."""


def described_country(noun: str, before: str, title: str) -> str:
    """The country "the <noun>" (or a pronoun, noun "it") stands for: in the latest sentence of
    ``before`` that names one, the first bloc ("bloc", "union"), the first country that is not a
    bloc, or (for "it") the first of either, never where goods go ("exports to X"); else the
    first in ``title``; ""."""
    wanted = noun.lower()
    for source in [*reversed(split_sentences(before)), title]:
        named = [
            m.country
            for m in find_countries(source)
            if not in_compound(source, m)
            and (wanted == "it" or (m.country in BLOCS) == (wanted in {"bloc", "union"}))
            and not re.search(r"\b(?:to|into)\s+(?:the\s+)?$", source[: m.start])
        ]
        if named:
            return named[0]
    return ""
