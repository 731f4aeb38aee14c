"""Load one file of the knowledge folder into a clean :class:`~bot.models.Document`.

Curated articles are Markdown with YAML front matter. Users also drop in pages as they saved
them (``.txt``, ``.md`` without front matter, ``.html``): for those the title and date are
read from the page where present and the furniture is stripped.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path, PurePath

import yaml

from bot.ingest.furniture import clean_lines, is_date_line, parse_date
from bot.ingest.text import split_sentences
from bot.models import Document

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")
MAX_FILE_BYTES = 5_000_000


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
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"not UTF-8 text (byte {exc.start})") from exc
    doc_id = PurePath(path.relative_to(root)).as_posix() if path.is_relative_to(root) else path.name

    if suffix in (".html", ".htm"):
        from bot.ingest.html import parse_html

        page = parse_html(raw)
        meta: dict[str, object] = {"title": page.title, "published": page.published}
        lines = page.lines
    elif suffix in (".md", ".markdown"):
        meta, body = _split_front_matter(raw)
        lines = _markdown_lines(body)
    else:
        meta, lines = {}, _unwrap(raw.splitlines())

    curated = bool(meta.get("title")) and suffix in (".md", ".markdown")
    title = str(meta.get("title") or "").strip()
    if not curated and not title and lines and _looks_like_headline(lines[0]):
        title = lines.pop(0).strip().lstrip("#").strip()
    cleaned = clean_lines(lines)
    paragraphs = cleaned.paragraphs
    if not paragraphs:
        raise IngestError("no article text found after removing page furniture")
    if not title:
        title = _title_from_text(paragraphs[0])
    published = _date_value(meta.get("published") or meta.get("date")) or cleaned.published
    topics = meta.get("topics") or ()
    text = "\n\n".join(paragraphs)
    document = Document(
        doc_id=doc_id,
        title=title,
        text=text,
        outlet=str(meta.get("outlet") or "").strip(),
        url=str(meta.get("url") or "").strip(),
        published=published,
        topics=tuple(str(t) for t in topics)
        if isinstance(topics, (list, tuple))
        else (str(topics),),
        source_file=doc_id,
    )
    digest = hashlib.sha256(
        "\x1f".join(
            (document.title, document.outlet, document.url, document.published, text)
        ).encode()
    ).hexdigest()
    return dataclasses.replace(document, content_hash=digest)


def _split_front_matter(raw: str) -> tuple[dict[str, object], str]:
    if not raw.startswith("---"):
        return {}, raw
    match = re.match(r"^---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(\r?\n|$)", raw, re.DOTALL)
    if not match:
        raise IngestError("front matter starts with '---' but is never closed")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise IngestError(f"front matter is not valid YAML ({problem})") from exc
    if not isinstance(meta, dict):
        raise IngestError("front matter is not a mapping of keys to values")
    return {str(k).lower(): v for k, v in meta.items()}, raw[match.end() :]


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def _markdown_lines(body: str) -> list[str]:
    """Markdown to plain lines: one per paragraph, heading or list item; markup removed."""
    lines: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            lines.append(" ".join(paragraph))
            paragraph.clear()

    for raw_line in body.splitlines():
        line = _MD_EMPHASIS.sub(r"\2", _MD_LINK.sub(r"\1", raw_line)).strip()
        if not line:
            flush()
        elif line.startswith("#") or re.match(r"^([-*+]|\d+\.)\s", line) or line.startswith(">"):
            flush()
            lines.append(re.sub(r"^(#+|[-*+]|\d+\.|>)\s*", "", line))
        else:
            paragraph.append(line)
    flush()
    return [line for line in lines if line.strip() not in ("---", "***")]


WRAP_WIDTH = 60
"""A line at least this long that stops mid-sentence was hard-wrapped by the saving tool."""


def _unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped prose lines; keep short lines (headline, date, byline) apart."""
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
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


def _looks_like_headline(line: str) -> bool:
    line = line.strip().lstrip("#").strip()
    return 0 < len(line) <= 150 and not line.endswith((".", ":", ",")) and not is_date_line(line)


def _title_from_text(paragraph: str) -> str:
    sentence = (split_sentences(paragraph) or [paragraph])[0]
    if len(sentence) <= 100:
        return sentence.rstrip(".")
    return sentence[:100].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _date_value(value: object) -> str:
    if value is None or value == "":
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    return parse_date(str(value))
