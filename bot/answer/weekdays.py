"""Which calendar day a news sentence's "on Thursday", "today" or "yesterday" means.

News copy names days relative to the day it was written ("Trump said on Thursday …"). An
answer to "on what date …" that quotes such a sentence is only useful with the day spelled
out, counted from the article's date: the last such weekday on or before it, or the next one
when the sentence speaks of what is still to come.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.answer.evidence import holds

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_FUTURE = re.compile(
    r"\b(will|is due|are due|is set to|are set to|next|shall|is to|are to)\b[^,.;:]{0,50}$", re.I
)
"""A future verb earlier in the clause that names the day ("talks will resume on Monday")."""
_OFFSETS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
_RELATIVE = re.compile(rf"\b({'|'.join((*_DAYS, *_OFFSETS))})(?:['’]s)?\b", re.I)
DAY_NOTE = re.compile(r" \((\w+) = \d{1,2} [A-Z][a-z]+ \d{4}, counted from the article's date\)")
"""The note an answer carries after such a sentence: derived from the article's date, so
checks of what a passage states leave it out."""


def day_note(sentence: str, published: str) -> str:
    """ " (Thursday = 13 November 2025, counted from the article's date)", or ""."""
    day = resolve(sentence, published)
    return f" ({day}, counted from the article's date)" if day else ""


def resolve(sentence: str, published: str) -> str:
    """ "Thursday = 13 November 2025", or "" when the sentence names no relative day, already
    states a calendar day, or the article has no date. The day is spelled out as readers
    write it; it comes from the article's date, not from the passage's words."""
    match = _RELATIVE.search(sentence)
    if match is None or _states_calendar_day(sentence, match.start(), match.end()):
        return ""
    try:
        written = date.fromisoformat(published[:10])
    except ValueError:
        return ""
    word = match.group(1).lower()
    if word in _OFFSETS:
        day = written + timedelta(days=_OFFSETS[word])
    else:
        gap = (written.weekday() - _DAYS.index(word)) % 7
        day = written - timedelta(days=gap)
        if gap and _FUTURE.search(sentence[: match.start()]):
            day += timedelta(days=7)
    return f"{match.group(1)} = {day.day} {day:%B %Y}"


_BESIDE = 16
"""How far from the weekday a calendar day still dates it ("Thursday, 4 March", "4 March
(Thursday)"); one further away dates another event ("… on Thursday, under an order signed on
31 July")."""


def _states_calendar_day(sentence: str, start: int, end: int) -> bool:
    """The sentence gives the weekday's day and month itself ("Thursday, 4 March")."""
    window = sentence[max(0, start - _BESIDE) : end + _BESIDE]
    return holds(_RELATIVE.sub("", window), "day")
