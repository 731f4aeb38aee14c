"""Recognise page furniture (navigation, cookie banners, teaser lists, share prompts, bylines).

Saved pages carry text that is not the article; if it were indexed it could be quoted as an
answer ("Leave the first comment"). The rules work on lines so that the same logic cleans
``.txt``, raw ``.md`` and the text extracted from ``.html``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.ingest.dates import is_date_text, parse_date

__all__ = [
    "CleanedText",
    "clean_lines",
    "ends_article",
    "is_date_line",
    "is_furniture",
    "is_navigation",
    "parse_date",
]

# A line like this starts a block of teasers or links: everything after it is furniture.
_SECTION_ENDERS = re.compile(
    r"^(read next|most read|most popular|read more|"
    r"related( articles| stories| news| coverage| content| reading| links)?|"
    r"more (stories|news|from [\w ]+)|recommended( for you)?|you (may|might) also like|"
    r"latest( news)?|trending( now)?|popular( now)?|top stories|what to read next|"
    r"comments?( \(\d+\))?|\d+ comments?|leave (a|the first) comment|"
    r"what is your opinion on this topic\??)$",
    re.IGNORECASE,
)
_FURNITURE = re.compile(
    r"(^(?=.*\bcookies?\b).*\b(uses?|accept|consent|settings|policy|agree|continu\w*|"
    r"personali[sz]\w*|analytics|partners|preferences)\b|^accept( all)?( cookies)?$|"
    r"^(reject|manage) (all|cookies|preferences)|"
    r"^share( this( article| story)?| on \w+|:)|^(tweet|email|print|copy link|whatsapp)$|"
    r"\bsubscribe\b|\bsign up\b.*\bnewsletter\b|\bnewsletter\b.*\bsign up\b|^follow us\b|"
    r"^leave (a|the first) comment|^what is your opinion on this topic|^\d+ comments?$|"
    r"^advertisement\b|^sponsored( content)?$|^skip to (main )?content$|"
    r"^comments are (closed|disabled)|^\(c\)\s*\d{4}|"
    r"^(photo|image|video|caption|credit)s?:|getty images|all rights reserved|^©|^copyright\b|"
    r"^(home|menu|search|log ?in|sign in|register)(\s*[|/·•]\s*\w+)*$|^read more:|"
    r"^(updated|last updated|modified)\b.*\d|^\d+ min(ute)?s? read$)",
    re.IGNORECASE,
)
_FURNITURE_MAX_CHARS = 200
"""Furniture is short; a long line that mentions "subscribe" is article prose."""
_BYLINE = re.compile(
    r"^(?i:by|written by|reporting by|words by)\s+[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}"
    r"(\s*(,|and|&)\s*[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3})*(\s*[,|–-].{0,60})?$"
)
_TIME_ONLY = re.compile(r"^\d{1,2}:\d{2}(\s*(am|pm))?$", re.IGNORECASE)

_NAV_SEPARATOR = re.compile(r"\s*[|/·•]\s*|\s{2,}")
_BUTTONS = re.compile(r"^(\[[^\]]{1,40}\]\s*){2,}$")
"""A row of bracketed button labels as text scrapes keep them: "[Share] [Email]"."""
_BREADCRUMB = re.compile(r"^[\w&' -]{1,25}(\s*[>›»]\s*[\w&' -]{1,25}){2,}$")
_NAV_MIN_ITEMS = 4
"""A line of at least this many short items side by side is a menu or a row of buttons."""


def ends_article(line: str) -> bool:
    """A line that opens a block of teasers, links or comments ("Related stories:"): the
    article has ended."""
    return bool(_SECTION_ENDERS.match(line.strip().strip("#*_-—:> ").strip()))


def is_date_line(line: str) -> bool:
    """A short line that is only a (publication) date."""
    return is_date_text(line)


def is_furniture(line: str) -> bool:
    """A cookie notice, share prompt, byline, bare time, menu: never article text."""
    return bool(
        (len(line) <= _FURNITURE_MAX_CHARS and _FURNITURE.search(line))
        or _BYLINE.match(line)
        or _TIME_ONLY.match(line)
        or is_navigation(line)
    )


def is_navigation(line: str) -> bool:
    """A menu, breadcrumb or button row: several one-to-three-word items and no sentence."""
    if _BUTTONS.match(line.strip()) or _BREADCRUMB.match(line.strip()):
        return True
    items = [item for item in _NAV_SEPARATOR.split(line.strip()) if item.strip("[]() ")]
    return (
        len(items) >= _NAV_MIN_ITEMS
        and all(len(item.split()) <= 3 for item in items)
        and not re.search(r"[.!?]$", line.strip())
    )


@dataclass(frozen=True, slots=True)
class CleanedText:
    paragraphs: list[str]
    published: str
    removed: list[str]
    """Lines taken out as furniture, kept for tests and ``--verbose`` reporting."""


def clean_lines(lines: list[str]) -> CleanedText:
    """Drop furniture lines, cut teaser sections, and pick up a publication date line."""
    kept: list[str] = []
    removed: list[str] = []
    published = ""
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        bare = line.strip("#*_-—:> ").strip()
        if ends_article(bare):
            removed.extend(item.strip() for item in lines[index:] if item.strip())
            break
        if not published and is_date_line(bare):
            published = parse_date(bare)
            removed.append(line)
            continue
        if is_furniture(bare):
            removed.append(line)
            continue
        kept.append(line)
    return CleanedText(kept, published, removed)
