"""Recognise page furniture (navigation, cookie banners, teaser lists, share prompts, bylines).

Saved pages carry text that is not the article; if it were indexed it could be quoted as an
answer ("Leave the first comment"). The rules work on lines so that the same logic cleans
``.txt``, raw ``.md`` and the text extracted from ``.html``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A line like this starts a block of teasers or links: everything after it is furniture.
_SECTION_ENDERS = re.compile(
    r"^(read next|most read|most popular|read more|related( articles| stories| news)?|"
    r"more (stories|news|from [\w ]+)|recommended( for you)?|you (may|might) also like|"
    r"latest( news)?|trending( now)?|popular( now)?|top stories|what to read next|"
    r"comments?( \(\d+\))?|\d+ comments?|leave (a|the first) comment|"
    r"what is your opinion on this topic\??)$",
    re.IGNORECASE,
)
_FURNITURE = re.compile(
    r"(\bcookies?\b.*\b(use|accept|consent|settings|policy)\b|^accept( all)?( cookies)?$|"
    r"^(reject|manage) (all|cookies|preferences)|"
    r"^share( this( article| story)?| on \w+|:)|^(tweet|email|print|copy link|whatsapp)$|"
    r"\bsubscribe\b|\bsign up\b.*\bnewsletter\b|\bnewsletter\b.*\bsign up\b|^follow us\b|"
    r"^leave (a|the first) comment|^what is your opinion on this topic|^\d+ comments?$|"
    r"^advertisement$|^sponsored( content)?$|^skip to (main )?content$|"
    r"^(photo|image|video|caption|credit)s?:|getty images|all rights reserved|^©|^copyright\b|"
    r"^(home|menu|search|log ?in|sign in|register)(\s*[|/·•]\s*\w+)*$|^read more:|"
    r"^(updated|last updated|modified)\b.*\d)",
    re.IGNORECASE,
)
_FURNITURE_MAX_CHARS = 200
"""Furniture is short; a long line that mentions "subscribe" is article prose."""
_BYLINE = re.compile(
    r"^(?i:by|written by|reporting by|words by)\s+[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}"
    r"(\s*(,|and|&)\s*[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3})*(\s*[,|–-].{0,60})?$"
)
_TIME_ONLY = re.compile(r"^\d{1,2}:\d{2}(\s*(am|pm))?$", re.IGNORECASE)

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_MDY = re.compile(_MONTH + r"\s+(\d{1,2}),?\s+(\d{4})", re.IGNORECASE)
_DMY = re.compile(r"\b(\d{1,2})\s+" + _MONTH + r",?\s+(\d{4})", re.IGNORECASE)
_DATE_LINE = re.compile(
    r"^[*_\s]*((published|posted|updated|date)( on)?:?\s*)?"
    r"([a-z]+day,?\s*)?[^.!?]{0,12}\d{4}[^.!?]{0,30}[*_\s]*$",
    re.IGNORECASE,
)


def parse_date(text: str) -> str:
    """The first calendar date in ``text`` as ``YYYY-MM-DD``, or ""."""
    candidates: list[tuple[int, str]] = []
    if match := _ISO_DATE.search(text):
        candidates.append((match.start(), f"{match[1]}-{match[2]}-{match[3]}"))
    if match := _MDY.search(text):
        month = _MONTHS[match[1].lower().rstrip(".")]
        candidates.append((match.start(), f"{match[3]}-{month:02d}-{int(match[2]):02d}"))
    if match := _DMY.search(text):
        month = _MONTHS[match[2].lower().rstrip(".")]
        candidates.append((match.start(), f"{match[3]}-{month:02d}-{int(match[1]):02d}"))
    return min(candidates)[1] if candidates else ""


def is_date_line(line: str) -> bool:
    """A short line that is only a (publication) date."""
    return len(line) <= 60 and bool(_DATE_LINE.match(line)) and bool(parse_date(line))


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
        if _SECTION_ENDERS.match(bare):
            removed.extend(item.strip() for item in lines[index:] if item.strip())
            break
        if not published and is_date_line(bare):
            published = parse_date(bare)
            removed.append(line)
            continue
        short = len(bare) <= _FURNITURE_MAX_CHARS
        if (short and _FURNITURE.search(bare)) or _BYLINE.match(bare) or _TIME_ONLY.match(bare):
            removed.append(line)
            continue
        kept.append(line)
    return CleanedText(kept, published, removed)
