"""Metadata from the first lines of a saved page, and those lines kept out of its text.

Saved pages open with a block of short lines before the prose: the outlet's name (often in
capitals), menus and cookie notices, the headline, a standfirst, a date line ("14 March 2024",
"Mar 14, 2024 16:25 GMT", "Published: 2024-03-14"), a byline ("By …", sometimes joined with
place and date by "|"), a URL. We read that block line by line, take what each line is, and
leave the rest to furniture removal. Plain text and Markdown without front matter get all their
metadata this way; other pages only what their markup did not state (and lose the repeated
headline, kicker and byline lines from their text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bot.ingest.dates import SEGMENTS, is_date_text, parse_date
from bot.ingest.furniture import is_furniture, is_navigation

HEADER_LINES = 15
"""The block is at most this many non-empty lines; the first line of prose ends it sooner."""
MASTHEAD_LINES = 3
"""The outlet's name in capitals is among the first lines; lower down it is a section label."""
MASTHEAD_WORDS = 4
"""A site's name set like a headline is this short at most."""
PROSE_WORDS = 25
"""A line this long is article prose: the header block is over."""
_URL = re.compile(
    r"^(?:(?:source|url|link|canonical|originally published at|read online)\s*:?\s*)?"
    r"<?(?P<url>https?://[^\s<>]+?)>?$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by|written by|reporting by|words by)\s+(?P<names>.+)$", re.IGNORECASE)
_PLACE = re.compile(r"\s+in\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}(?=\s+and\s+|\s*$)")
_OUTLET_LABEL = re.compile(r"^(?:source|outlet|publisher|published by)\s*:\s*(?P<name>.+)$", re.I)
_SEGMENT = re.compile(r"\s*[|·•]\s*")


@dataclass(slots=True)
class Header:
    title: str = ""
    published: str = ""
    outlet: str = ""
    url: str = ""
    author: str = ""
    title_position: int = -1
    """Which header line (0 = the first) the title was read from; -1 when it was given."""
    used: set[int] = field(default_factory=set)
    """Indexes of the lines read as metadata: they are not article text."""


def read_header(
    lines: list[str], headings: frozenset[int] = frozenset(), title: str = ""
) -> Header:
    """Title, date, outlet, URL and author from the header block of ``lines``.

    ``headings`` are the indexes of lines marked as headings by their markup (Markdown ``#``):
    the first one in the block is the headline. A ``title`` known from elsewhere (front matter,
    HTML metadata) is not looked for, and its repetitions in the block are not text.
    """
    header = Header(title=title)
    seen = 0
    for index, raw in enumerate(lines):
        line = raw.strip().strip("*_").strip()
        if not line:
            continue
        if len(line.split()) >= PROSE_WORDS or seen >= HEADER_LINES:
            break
        seen += 1
        if (title and same_line(line, title)) or _read_line(
            header, line, index in headings, seen - 1
        ):
            header.used.add(index)
    # The headline repeated just below the top (an extractor may put a first paragraph above
    # it) is not text either.
    for index, raw in enumerate(lines[: 2 * HEADER_LINES]):
        if header.title and same_line(raw.strip().strip("*_").strip(), header.title):
            header.used.add(index)
    return header


def _read_line(header: Header, line: str, is_heading: bool, position: int) -> bool:
    """Take what ``line`` says into ``header``; True when the line is metadata only."""
    if match := _URL.match(line):
        header.url = header.url or match.group("url").rstrip(".,)")
        return True
    if is_date_text(line):
        header.published = header.published or parse_date(line)
        return True
    if match := _OUTLET_LABEL.match(line):
        header.outlet = header.outlet or match.group("name").strip()
        return True
    segments = [s.strip().strip("*_").strip() for s in _SEGMENT.split(line) if s.strip("*_ ")]
    if len(segments) > 1 and not is_navigation(line):
        # "By A. Writer | City | 3 June 2024", "City desk | Updated 17:48": metadata, not prose
        return _read_segments(header, segments) or all(len(s.split()) <= 4 for s in segments)
    if match := _BYLINE.match(line):
        header.author = header.author or _author(match.group("names"))
        header.published = header.published or _dateline(line)
        return True
    if dated := _dateline(line):  # "Port Elm, 3 May 2031 — by Ana Ruiz"
        header.published = header.published or dated
        if match := _BYLINE.match(_PIECES.split(line)[-1].strip("*_ ")):
            header.author = header.author or _author(match.group("names"))
        return True
    if is_furniture(line) or is_navigation(line):
        return False
    if line.isupper() and len(line.split()) <= 5 and not line.endswith((".", "!", "?")):
        if position < MASTHEAD_LINES and _is_outlet_name(line, header):
            header.outlet = line
        return True  # a masthead, or a section label above the headline ("TRADE")
    if _is_headline(line, is_heading):
        if not header.title:
            header.title = line.lstrip("#").strip()
            header.title_position = position
            return True
        if _masthead_in_title_case(header) and len(line.split()) > len(header.title.split()):
            # "The Harbour Times" above the headline: the first short line was the outlet
            header.outlet, header.title = header.title, line.lstrip("#").strip()
            return True
    return False


_PIECES = re.compile(rf"{SEGMENTS.pattern}|\s*,\s*|\*+")
DATELINE_WORDS = 14
"""A byline or dateline is this short at most; a longer line with a date is prose."""


def _dateline(line: str) -> str:
    """The date of a byline or dateline whose parts are joined by commas or dashes ("By Ana
    Ruiz, Orchard Post, 3 May 2031", "Port Elm, May 3, 2031 - Orchard Post"), or ""."""
    if len(line.split()) > DATELINE_WORDS:
        return ""
    pieces = [p.strip("*_ ") for p in _PIECES.split(line) if p.strip("*_ ")]
    for index, piece in enumerate(pieces):
        for candidate in (piece, ", ".join(pieces[index : index + 2])):  # "May 3, 2031"
            if is_date_text(candidate):
                return parse_date(candidate)
    return ""


def _masthead_in_title_case(header: Header) -> bool:
    """Was the "title" found so far the site's name: a short Title Case first line, with no
    date or byline read yet (they come after the headline)?"""
    words = header.title.split()
    return (
        header.title_position == 0
        and not header.outlet
        and not header.published
        and not header.author
        and len(words) <= MASTHEAD_WORDS
        and all(w[:1].isupper() or w in ("of", "the", "and", "&") for w in words)
    )


def _read_segments(header: Header, segments: list[str]) -> bool:
    """A line like "By A. Writer | City | 3 June 2024" or "OUTLET | Section | Section"."""
    known = False
    for position, segment in enumerate(segments):
        if is_date_text(segment):
            header.published = header.published or parse_date(segment)
            known = True
        elif match := _BYLINE.match(segment):
            header.author = header.author or _author(match.group("names"))
            known = True
        elif position == 0 and segment.isupper() and len(segment.split()) >= 2:
            header.outlet = header.outlet or segment
            known = True
    return known


def _is_outlet_name(line: str, header: Header) -> bool:
    """A masthead: two to five words in capitals, above the headline."""
    words = line.split()
    return (
        not header.outlet
        and not header.title
        and 2 <= len(words) <= 5
        and all(w.strip("&.'’-").isalpha() for w in words)
    )


def _is_headline(line: str, is_heading: bool) -> bool:
    words = line.split()
    if is_heading:
        return len(words) >= 2
    return (
        3 <= len(words) < PROSE_WORDS
        and not line.isupper()
        and not line.endswith((".", ":", ",", ";"))
        and sum(w[:1].isalpha() for w in words) >= len(words) // 2
    )


def _author(names: str) -> str:
    names = _SEGMENT.split(names)[0]
    names = _PLACE.sub("", names.strip())
    head, comma, rest = names.partition(",")
    if comma and not re.search(r"\s(and|&)\s", rest):
        names = head  # "Jane Doe, Trade Correspondent": a role after the name

    return names.strip(" ,")


def host_of(url: str) -> str:
    """The host of ``url`` without ``www.``: the outlet when nothing else names it."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def same_line(line: str, title: str) -> bool:
    """The same words, whatever the case and a final full stop."""
    return line.strip().lower().rstrip(".") == title.strip().lower().rstrip(".")
