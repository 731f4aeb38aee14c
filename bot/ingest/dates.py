"""Publication dates from the ways pages write them, read by dateparser.

Pages say "14 March 2024", "Mar 14, 2024 16:25 GMT", "Published: 2024-03-14" or
"Reporter | City | Updated: 9 Feb 2024, 6:05 am CET". We find the stretch that holds a year,
drop labels, and let dateparser (strict: day, month and year all required) read it. A date
that does not exist (``2025-02-30``) is no date.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_LABEL = re.compile(
    r"^\W*(first\s+)?(published|posted|updated|last updated|modified|date|dated|filed)"
    r"(\s+(on|at))?\s*:?\s*",
    re.IGNORECASE,
)
SEGMENTS = re.compile(r"\s*[|·•]\s*|\s+[-–—]\s+")
"""What joins the parts of a date or byline line ("City | 3 June 2024", "City — 3 June")."""
_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
    "PREFER_DATES_FROM": "past",
}
_MAX_CANDIDATE = 60


def parse_date(text: str) -> str:
    """The first calendar date in ``text`` as ``YYYY-MM-DD``, or "" when it has none."""
    text = " ".join(text.split()).strip("*_ ")
    if not _YEAR.search(text):
        return ""
    if match := _ISO.search(text):
        try:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            return ""
    for candidate in _candidates(text):
        if found := _read(candidate):
            return found
    return ""


def is_date_text(text: str) -> bool:
    """Does ``text`` consist of a date (with its label, weekday, time, zone) and little else?"""
    text = " ".join(text.split()).strip("*_ ")
    if len(text) > _MAX_CANDIDATE or not _YEAR.search(text):
        return False
    if _ISO.search(text) and not re.search(r"[A-Za-z]{4,}", _LABEL.sub("", text)):
        return bool(parse_date(text))
    return bool(_read(_LABEL.sub("", text)))


def _candidates(text: str) -> list[str]:
    """Stretches of ``text`` that may be a date: the whole, its segments, words before a year."""
    found: list[str] = []
    pieces = [text, *SEGMENTS.split(text)]
    for piece in pieces:
        piece = _LABEL.sub("", piece).strip(" ,;")
        if piece and len(piece) <= _MAX_CANDIDATE and _YEAR.search(piece):
            found.append(piece)
            head = piece.split(",")
            if len(head) > 1:
                found.append(",".join(head[:2]) if _YEAR.search(head[0]) is None else head[0])
    for match in _YEAR.finditer(text):
        window = text[max(0, match.start() - 30) : match.end()].split(" ")
        found.extend(" ".join(window[i:]) for i in range(min(len(window), 6)))
    return list(dict.fromkeys(found))


@lru_cache(maxsize=4096)
def _read(candidate: str) -> str:
    import dateparser  # loads its language data on first use (~0.3 s)

    try:
        parsed = dateparser.parse(candidate, languages=["en"], settings=_SETTINGS)
    except (ValueError, OverflowError):
        return ""
    return parsed.date().isoformat() if parsed is not None else ""
