"""Figures in text: each number with the unit class that says what kind of figure it is."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

Figure = tuple[Decimal, str]
"""``(Decimal("25"), "%")``, ``(Decimal("1.5"), "bn")``, ``(Decimal("2025"), "")``."""

_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:st|nd|rd|th)?"
    r"(\s*(?:%|percent\b|per\s+cent\b|percentage points?\b|billion\b|million\b|trillion\b|bn\b|"
    r"m\b|tn\b))?",
    re.IGNORECASE,
)
_SCALE = {
    "%": "%",
    "percent": "%",
    "per cent": "%",
    "percentage point": "pp",
    "percentage points": "pp",
    "billion": "bn",
    "bn": "bn",
    "million": "m",
    "m": "m",
    "trillion": "tn",
    "tn": "tn",
}


def figures(text: str) -> Iterator[tuple[Figure, int]]:
    """Each number with its unit class and where it starts in ``text``."""
    for match in _NUMBER.finditer(text):
        try:
            value = Decimal(match.group(1).replace(",", "")).normalize()
        except InvalidOperation:
            continue
        unit = " ".join((match.group(2) or "").lower().split())
        yield (value, _SCALE.get(unit, "")), match.start()


def numbers_in(text: str) -> set[Figure]:
    """Each number with its unit class: ``("25", "%")``, ``("1.5", "bn")``, ``("2025", "")``."""
    return {figure for figure, _ in figures(text)}
