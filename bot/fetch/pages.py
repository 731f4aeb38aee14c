"""Fetched pages in the knowledge folder: one file per article, named from its canonical URL.

An HTML page is stored as it was served (re-encoded as UTF-8 from its declared charset, the
encoding the loader reads), with a first line recording where and when it was
fetched (``<!-- tradebot:source url="…" fetched="…" -->``), which the loader reads as the
page's URL when the page has no canonical link; a plain-text page is stored as Markdown whose
front matter holds the URL. So a rebuild from the folder alone reproduces the index, and
citations carry the link.

The file name is derived from the canonical URL (the page's ``<link rel="canonical">`` when it
is on the same site, else the final URL without fragment and tracking parameters), so adding
the same article again replaces its file instead of adding a second copy.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import yaml
from bs4 import BeautifulSoup, SoupStrainer, Tag

from bot.fetch.client import Fetched
from bot.ingest.loader import IngestError, load_document
from bot.ingest.pipeline import KnowledgeDirError

WEB_FOLDER = "web"
SOURCE_LINE = '<!-- tradebot:source url="{url}" fetched="{fetched}" -->\n'
_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid)$", re.IGNORECASE)
_SOURCE_COMMENT = re.compile(r"\A<!-- tradebot:source [^\n]*-->\n")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)

Status = Literal["added", "updated", "unchanged"]


class PageRefused(ValueError):
    """A fetched page that will not be stored; the message says why."""


@dataclass(frozen=True, slots=True)
class StoredPage:
    url: str
    canonical: str
    path: str
    """Relative to the knowledge folder, as ``/sources`` and citations name it."""
    title: str
    status: Status


def normalise_url(url: str) -> str:
    """Scheme and host in lower case, no default port, fragment or tracking parameters."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}.get(scheme)
    netloc = host if parts.port in (None, default) else f"{host}:{parts.port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, True) if not _TRACKING.match(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def canonical_url(fetched: Fetched) -> str:
    """The page's own canonical link if it stays on the same site, else the fetched URL.

    A canonical link to another site is ignored: otherwise any page could overwrite the
    stored copy of an article from elsewhere by claiming to be it.
    """
    final = normalise_url(fetched.url)
    if fetched.content_type == "text/plain":
        return final
    head = BeautifulSoup(fetched.text, "html.parser", parse_only=SoupStrainer(["link", "meta"]))
    declared = ""
    for tag in head.find_all("link"):
        if isinstance(tag, Tag) and "canonical" in [str(r).lower() for r in tag.get("rel") or []]:
            declared = str(tag.get("href") or "")
            break
    if not declared:
        og = head.find("meta", attrs={"property": "og:url"})
        declared = str(og.get("content") or "") if isinstance(og, Tag) else ""
    if not declared.strip():
        return final
    candidate = normalise_url(urljoin(fetched.url, declared.strip()))
    if candidate.startswith(("http://", "https://")) and _site(candidate) == _site(final):
        return candidate
    return final


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def file_name(canonical: str, suffix: str) -> Path:
    """``web/<host>/<last path segment>-<hash>.<suffix>``: readable, and stable per URL."""
    parts = urlsplit(canonical)
    host = re.sub(r"[^a-z0-9.-]+", "-", (parts.hostname or "unknown").lower()).strip(".-")
    segments = [s for s in parts.path.split("/") if s]
    stem = re.sub(r"\.(html?|php|aspx?)$", "", segments[-1] if segments else "index", flags=re.I)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_")[:60] or "page"
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:10]
    return Path(WEB_FOLDER) / (host or "unknown") / f"{stem}-{digest}{suffix}"


def page_file(fetched: Fetched, fetched_at: datetime | None = None) -> tuple[str, str, str]:
    """``(canonical URL, suffix, file text)`` for a fetched page."""
    canonical = canonical_url(fetched)
    stamp = (fetched_at or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    if fetched.content_type == "text/plain":
        front = yaml.safe_dump({"url": fetched.url, "fetched": stamp}, sort_keys=False)
        return canonical, ".md", f"---\n{front}---\n{fetched.text}"
    url = fetched.url.replace('"', "%22").replace("<", "%3C").replace(">", "%3E")
    return canonical, ".html", SOURCE_LINE.format(url=url, fetched=stamp) + fetched.text


def _body(text: str) -> str:
    """The stored text without the line that records when it was fetched."""
    return _FRONT_MATTER.sub("", _SOURCE_COMMENT.sub("", text, count=1), count=1)


class PageStore:
    """Writes fetched pages into the knowledge folder (blocking; call from a thread)."""

    def __init__(self, knowledge_dir: Path) -> None:
        self.knowledge_dir = knowledge_dir

    def store(self, fetched: Fetched) -> StoredPage:
        """Write ``fetched`` under its stable name; raises :class:`PageRefused`."""
        if not self.knowledge_dir.is_dir():
            raise KnowledgeDirError(f"knowledge folder {self.knowledge_dir} does not exist")
        root = self.knowledge_dir.resolve()
        canonical, suffix, text = page_file(fetched)
        relative = file_name(canonical, suffix)
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        previous = [
            target.with_suffix(s) for s in (".html", ".md") if target.with_suffix(s).exists()
        ]
        if target in previous and _body(target.read_text("utf-8", errors="replace")) == _body(text):
            title = load_document(target, root).title
            return StoredPage(fetched.url, canonical, relative.as_posix(), title, "unchanged")
        temporary = target.with_name(f".{target.stem}.{os.getpid()}.part{suffix}")
        temporary.write_text(text, encoding="utf-8")  # dot files are never indexed
        try:
            document = load_document(temporary, root)
        except IngestError as exc:
            temporary.unlink()
            raise PageRefused(str(exc)) from exc
        os.replace(temporary, target)
        for old in previous:
            if old != target:
                old.unlink()
        status: Status = "updated" if previous else "added"
        return StoredPage(fetched.url, canonical, relative.as_posix(), document.title, status)
