"""Percentages, dates and comparison-friendly normalisation for the fact ledger.

Sentences come from the one splitter of the bot (``bot.text.split_sentences``), so a fact's
evidence is exactly a sentence the answer side also sees.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from datetime import date, timedelta

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
NUMBER_WORDS = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:a |one )?hundred)"  # noqa: E501


def words_to_number(text: str) -> float | None:
    """Value of a spelled-out number up to one hundred ("twenty-five" -> 25)."""
    t = text.lower().strip()
    if t.endswith("hundred"):
        return 100.0
    total = 0
    for part in re.split(r"[- ]", t):
        if part in _UNITS:
            total += _UNITS[part]
        elif part in _TENS:
            total += _TENS[part]
        else:
            return None
    return float(total)


# A percentage: digits or words, then %, percent or per cent (never "percentage points").
PERCENT_RE = re.compile(
    rf"(?<![\w.])(?P<num>\d{{1,3}}(?:,\d{{3}})*(?:\.\d+)?|{NUMBER_WORDS})"
    r"(?:\s*%|[\s-]+(?:percent|per cent|pct)\b(?![\s-]*points?))",
    re.I,
)


def percent_value(match: re.Match[str]) -> float | None:
    num = match.group("num")
    if num[0].isdigit():
        return float(num.replace(",", ""))
    return words_to_number(num)


_MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH_NAMES["sept"] = 9
_MONTH_ALT = "|".join(sorted(_MONTH_NAMES, key=len, reverse=True))
DATE_RE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH_ALT})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH_ALT})(?:,?\s+(?P<y2>\d{{4}}))?)\b",
    re.I,
)


def parse_date(match: re.Match[str], published: str) -> str:
    """ISO date from a "July 9" / "9 July 2025" match; the year defaults to the article's.

    A month well before the article's month without a year is read as next year
    ("until January 5" in a November article).
    """
    month = _MONTH_NAMES[(match.group("m1") or match.group("m2")).lower()]
    day = int(match.group("d1") or match.group("d2"))
    year_text = match.group("y1") or match.group("y2")
    pub = to_date(published)
    if year_text:
        year = int(year_text)
    elif pub:
        year = pub.year + (1 if month < pub.month - 3 else 0)
    else:
        return ""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""


def to_date(iso: str) -> date | None:
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


def add_period(published: str, amount: int, unit: str) -> str:
    """``published`` + N days/weeks/months, ISO; "" when the date is unknown."""
    start = to_date(published)
    if start is None:
        return ""
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return (start + timedelta(days=amount)).isoformat()
    if unit == "week":
        return (start + timedelta(weeks=amount)).isoformat()
    month_index = start.month - 1 + amount
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day).isoformat()


def fold(text: str) -> str:
    """Lower case, accents and curly quotes folded, whitespace collapsed."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    t = t.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    t = t.replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", t).strip().lower()


@functools.lru_cache(maxsize=4096)
def normalise_name(name: str) -> str:
    """Key for merging people across documents: folded, punctuation removed."""
    return re.sub(r"[^a-z0-9 ]", "", fold(name).replace("-", " ")).strip()
