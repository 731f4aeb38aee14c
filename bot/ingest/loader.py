"""Load one file of the knowledge folder into a clean :class:`~bot.models.Document`.

Curated articles are Markdown with YAML front matter. Users also drop in pages as they saved
them (``.txt``, ``.md`` without front matter, ``.html``): HTML goes through trafilatura
(:mod:`bot.ingest.html`); plain text and Markdown have their title, date, outlet, URL and
author read from their first lines (:mod:`bot.ingest.header`) and their furniture stripped.
Sentences addressed to AI systems are dropped from every format.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path, PurePath

from bot.ingest.frontmatter import FrontMatterError, read_front_matter
from bot.ingest.furniture import clean_lines, parse_date
from bot.ingest.header import host_of, read_header
from bot.ingest.instructions import drop_instructions
from bot.ingest.lists import BULLET, ListJoiner, join_bulleted
from bot.models import Document
from bot.text import split_sentences

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")
MAX_FILE_BYTES = 5_000_000
_HTML = (".html", ".htm")


class IngestError(ValueError):
    """A file that cannot be read or parsed; the message says why, for the skip warning."""


def load_document(path: Path, root: Path) -> Document:
    """Read, parse and clean ``path``; raises :class:`IngestError` with a reason on failure."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(f"unsupported file type {suffix or '(none)'}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > MAX_FILE_BYTES:
        raise IngestError(f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    if b"\x00" in data:
        raise IngestError("binary content, not a text page")
    doc_id = PurePath(path.relative_to(root)).as_posix() if path.is_relative_to(root) else path.name
    meta, lines = _html_fields(data) if suffix in _HTML else _text_fields(data, suffix, doc_id)

    cleaned = clean_lines(lines)
    paragraphs: list[str] = []
    for paragraph in cleaned.paragraphs:
        kept, dropped = drop_instructions(paragraph)
        if dropped:
            # repr: the text is hostile by definition, so no control character reaches a terminal
            log.warning(
                "%s: dropped text addressed to AI systems: %r", doc_id, " ".join(dropped)[:200]
            )
        if kept:
            paragraphs.append(kept)
    if not paragraphs:
        raise IngestError("no article text found after removing page furniture")
    title = _text(meta.get("title")) or _title_from_text(paragraphs[0])
    published = _date_field(meta, doc_id) or cleaned.published
    url = _text(meta.get("url"))
    topics = meta.get("topics") or ()
    text = "\n\n".join(paragraphs)
    document = Document(
        doc_id=doc_id,
        title=title,
        text=text,
        outlet=_text(meta.get("outlet")) or host_of(url),
        url=url,
        published=published,
        topics=tuple(str(t) for t in topics)
        if isinstance(topics, (list, tuple))
        else (str(topics),),
        source_file=doc_id,
        author=_text(meta.get("author")),
    )
    return document.with_hash()


Fields = dict[str, object]
"""Metadata as the page states it: ``title``, ``outlet``, ``url``, ``published``, ``author``,
``topics``; values are whatever the front matter holds, so they are checked where used."""


def _html_fields(data: bytes) -> tuple[Fields, list[str]]:
    from bot.ingest.html import MarkupError, parse_html

    try:
        page = parse_html(data)
    except MarkupError as exc:
        raise IngestError(str(exc)) from exc
    except Exception as exc:  # a parser's bug on one odd page must not stop a reindex
        raise IngestError(f"cannot extract the article from this HTML ({exc})") from exc
    fields: Fields = {
        "title": page.title,
        "published": page.published,
        "outlet": page.outlet,
        "url": page.url,
        "author": page.author,
    }
    return _with_header(fields, page.lines, frozenset())


def _text_fields(data: bytes, suffix: str, doc_id: str) -> tuple[Fields, list[str]]:
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"not UTF-8 text (byte {exc.start})") from exc
    headings: frozenset[int] = frozenset()
    meta: Fields = {}
    if suffix in (".md", ".markdown"):
        try:
            meta, body = read_front_matter(raw)
        except FrontMatterError as exc:
            raise IngestError(str(exc)) from exc
        for key in ("title", "outlet", "url", "author"):
            if key in meta and not isinstance(meta[key], (str, int, float, type(None))):
                log.warning("%s: front matter %s is not text; ignored", doc_id, key)
                del meta[key]
        lines, headings = _markdown_lines(body)
    else:
        lines = join_bulleted(_unwrap(raw.splitlines()))
    return _with_header(meta, lines, headings)


def _with_header(
    meta: Fields, lines: list[str], headings: frozenset[int]
) -> tuple[Fields, list[str]]:
    """``meta`` completed from the first lines, and the lines without those read as metadata.

    What the page states as metadata (front matter, HTML meta tags) wins over what its first
    lines say.
    """
    header = read_header(lines, headings, _text(meta.get("title")))
    found = {
        "title": header.title,
        "published": header.published,
        "outlet": header.outlet,
        "url": header.url,
        "author": header.author,
    }
    merged = {**{k: v for k, v in found.items() if v}, **{k: v for k, v in meta.items() if v}}
    return merged, [line for index, line in enumerate(lines) if index not in header.used]


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def _markdown_lines(body: str) -> tuple[list[str], frozenset[int]]:
    """Markdown to plain lines: one per paragraph, heading or list item (an announced list's
    items in the line announcing them); markup removed.

    Also returns the indexes of the heading lines.
    """
    lines: list[str] = []
    headings: set[int] = set()
    paragraph: list[str] = []
    joiner = ListJoiner(lines)

    def flush() -> None:
        if paragraph:
            lines.append(" ".join(paragraph))
            paragraph.clear()
            joiner.appended()

    for raw_line in body.splitlines():
        line = _MD_EMPHASIS.sub(r"\2", _MD_LINK.sub(r"\1", raw_line)).strip()
        if not line or line.strip("-*_ ") == "":
            flush()
        elif line.startswith("#") or re.match(r"^([-*+]|\d+\.)\s", line) or line.startswith(">"):
            flush()
            if BULLET.match(line) and joiner.take(line):
                continue  # an item of the list the line above announced
            joiner.close()
            if line.startswith("#"):
                headings.add(len(lines))
            lines.append(re.sub(r"^(#+|[-*+]|\d+\.|>)\s*", "", line))
        else:
            if paragraph and len(paragraph[-1]) < WRAP_WIDTH:
                flush()  # a short line is a line of its own ("By …", a date), not wrapped prose
            paragraph.append(line)
            joiner.close()
    flush()
    return lines, frozenset(headings)


WRAP_WIDTH = 60
"""A line at least this long that stops mid-sentence was hard-wrapped by the saving tool."""
WRAPPED_MAX = 100
"""No line of a hard-wrapped file is longer than this."""


def _unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped prose lines, if the file was hard-wrapped; keep short lines apart.

    A file was hard-wrapped when none of its lines is much longer than the wrap width: then a
    long line that stops mid-sentence continues on the next line. A file with long lines
    (one line per paragraph) is left as it is, so a cookie notice is never joined to the
    outlet's name below it.
    """
    stripped_lines = [line.strip() for line in lines]
    if max((len(line) for line in stripped_lines), default=0) > WRAPPED_MAX:
        return stripped_lines
    out: list[str] = []
    for stripped in stripped_lines:
        previous = out[-1] if out else ""
        if (
            stripped
            and previous
            and len(previous) >= WRAP_WIDTH
            and not previous.endswith((".", "!", "?", ":", '"', "”"))
        ):
            out[-1] = f"{previous} {stripped}"
        else:
            out.append(stripped)
    return out


def _title_from_text(paragraph: str) -> str:
    sentence = (split_sentences(paragraph) or [paragraph])[0]
    if len(sentence) <= 100:
        return sentence.rstrip(".")
    return sentence[:100].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _date_field(meta: dict[str, object], doc_id: str) -> str:
    """The ``published`` (or ``date``) field as ISO; a value that is no date is a warning."""
    for key in ("published", "date"):
        value = meta.get(key)
        if value is None or value == "":
            continue
        if hasattr(value, "isoformat"):
            return str(value.isoformat())[:10]
        found = parse_date(str(value))
        if found:
            return found
        log.warning("%s: %s %r is not a date; the article is indexed undated", doc_id, key, value)
    return ""


def _text(value: object) -> str:
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) else ""
