"""HTML pages: the article body and its metadata, extracted with trafilatura.

trafilatura (with htmldate for the publication date) is the best open extractor on the
ScrapingHub article-extraction benchmark (``bench/extraction.py``, docs/benchmarks.md). Before
it runs, the page is bounded (size, nesting) and text a reader never sees is removed; after it
runs, its XML body is turned into our lines: one per paragraph, heading, list item and table
row, a table row keeping its cells with their column headers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from bot.ingest.header import same_line
from bot.ingest.hidden import remove_hidden
from bot.ingest.lists import announces, with_items
from bot.ingest.tables import table_lines

MAX_NESTING = 400
"""Deeper markup is not a page a person reads (real pages stay under ~100 levels; libxml2
itself stops at 255 and drops what is below); refusing it up front keeps a hostile page from
costing time while the index writer waits."""
_SOURCE_COMMENT = re.compile(
    rb"^\s*<!--\s*tradebot:source\s+url=\"(?P<url>[^\"]+)\"(?:\s+fetched=\"(?P<fetched>[^\"]*)\")?"
    rb"\s*-->"
)
_TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*?(/?)>")
"""A tag; ``[^<>]`` keeps each attempt within one tag, so the scan stays linear."""
_VOID = b"area base br col embed hr img input link meta source track wbr param keygen command"
_OPTIONAL_END = (
    b"p li dt dd tr td th option optgroup thead tbody tfoot colgroup rb rt rp html head body"
)
_NO_END_TAG = frozenset((_VOID + b" " + _OPTIONAL_END).split())
"""Void elements, and elements whose end tag may be left out: they do not nest in practice."""


_TITLE_SUFFIX = re.compile(r"^(?P<headline>.+?)\s+[|–—-]\s+(?P<site>[^|–—-]{2,60}?)[\s|]*$")


class MarkupError(ValueError):
    """A page that is not HTML a person reads (too deeply nested, unparseable)."""


@dataclass(frozen=True, slots=True)
class HtmlPage:
    title: str
    published: str
    outlet: str
    url: str
    author: str
    lines: list[str]


def parse_html(raw: bytes) -> HtmlPage:
    """Extract the article of one saved page; raises :class:`MarkupError` for hostile markup."""
    depth = nesting_depth(raw)
    if depth > MAX_NESTING:
        raise MarkupError(f"HTML nested more than {MAX_NESTING} levels deep ({depth})")
    source = _SOURCE_COMMENT.match(raw)
    tree = _parse(raw[source.end() :] if source else raw)
    remove_hidden(tree)
    stated_url, title_tag = _stated_url(tree), _title_tag(tree)
    introduced = introduced_lists(tree)
    extracted = trafilatura.bare_extraction(
        tree,
        url=source.group("url").decode("utf-8", "replace") if source else None,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
    )
    body = getattr(extracted, "body", None)
    lines = with_lists(body_lines(body), introduced) if body is not None else []
    title = _clean(getattr(extracted, "title", None) or "")
    outlet = _clean(getattr(extracted, "sitename", None) or "")
    url = str(getattr(extracted, "url", None) or "")
    if not _absolute(url):
        url = stated_url or (source.group("url").decode("utf-8", "replace") if source else "")
    if not outlet and title:
        outlet = _site_from_title_tag(title_tag, title)
    host = urlsplit(url).hostname or ""
    host = host.removeprefix("www.")
    if not outlet or (host and outlet.lower() in host):
        outlet = host or outlet
    title = _without_site_name(title, outlet, host)
    return HtmlPage(
        title=title,
        published=str(getattr(extracted, "date", None) or "")[:10],
        outlet=outlet,
        url=url,
        author=_clean(getattr(extracted, "author", None) or ""),
        lines=lines,
    )


def _parse(raw: bytes) -> HtmlElement:
    """trafilatura's parse (encoding detection, repairs); plain lxml for what it turns down.

    trafilatura refuses a document whose root has a single child (a page saved without
    ``<head>``) unless it starts like HTML; such a page is still a page.
    """
    tree = trafilatura.load_html(raw)
    if tree is not None:
        return tree
    try:
        return lxml.html.document_fromstring(raw)
    except (etree.ParserError, ValueError) as exc:
        raise MarkupError(f"not an HTML page ({exc})") from exc


def _without_site_name(title: str, outlet: str, host: str) -> str:
    """The headline without a trailing " | Site" or " - Site" that names the outlet or host."""
    names = {_squash(outlet), _squash(host.split(".", maxsplit=1)[0]), _squash(host)}
    names |= {_squash(part) for part in re.split(r"\s[|–—-]\s|\|", outlet)}
    names -= {""}
    if _squash(title) in names:
        return ""  # the site's name, not a headline
    while (match := _TITLE_SUFFIX.match(title)) and _squash(match.group("site")) in names:
        title = match.group("headline").strip()
    return title


def _squash(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.lower())


def _stated_url(tree: HtmlElement) -> str:
    """The page's own address as it states it: canonical link, ``og:url``, JSON-LD."""
    for element in tree.iterfind(".//link[@rel]"):
        href = element.get("href") or ""
        if "canonical" in (element.get("rel") or "").lower().split() and _absolute(href):
            return href
    for element in tree.iterfind(".//meta[@property]"):
        content = element.get("content") or ""
        if (element.get("property") or "").lower() == "og:url" and _absolute(content):
            return content
    return _json_ld_url(tree)


def _absolute(url: str) -> bool:
    return url.startswith(("http://", "https://"))


def _json_ld_url(tree: HtmlElement) -> str:
    """The article's own address in JSON-LD (``mainEntityOfPage`` or ``url``), if stated."""
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if not isinstance(item, dict) or "Article" not in str(item.get("@type", "")):
                continue
            for key in ("mainEntityOfPage", "url"):
                value = item.get(key)
                value = value.get("@id") if isinstance(value, dict) else value
                if isinstance(value, str) and _absolute(value):
                    return value
    return ""


def _title_tag(tree: HtmlElement) -> str:
    element = tree.find(".//title")
    return _clean(element.text_content()) if element is not None else ""


def _site_from_title_tag(title_tag: str, headline: str) -> str:
    """ "Headline | Site" or "Headline - Site": the site's name, when the headline is known."""
    match = _TITLE_SUFFIX.match(title_tag)
    if match and same_line(match.group("headline"), headline):
        return match.group("site").strip()
    return ""


def nesting_depth(raw: bytes) -> int:
    """How deep the page's elements nest, by a linear scan of its tags (no parser)."""
    depth = deepest = 0
    for match in _TAG.finditer(raw):
        name = match.group(2).lower()
        if match.group(3) or name in _NO_END_TAG:
            continue
        if match.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


MAX_LINK_SHARE = 0.5
"""A list whose items are mostly link text is navigation ("Read next: …"), not content."""


def introduced_lists(tree: HtmlElement) -> list[tuple[str, list[str]]]:
    """Each list a paragraph introduces ("The new fees cover:"), as that paragraph's line
    and its items' lines.

    trafilatura drops a list inside the article's container in some layouts (its issues #233
    and #431: kept only with ``favor_recall``, which costs precision elsewhere), leaving the
    sentence that announces it hanging. A list announced by a colon is part of the text.
    """
    found: list[tuple[str, list[str]]] = []
    for listing in tree.iter("ul", "ol"):
        intro = listing.getprevious()
        if intro is None or intro.tag != "p":
            continue
        text = _clean(intro.text_content())
        items = [_clean(li.text_content()) for li in listing.iterchildren("li")]
        items = [item for item in items if item]
        linked = sum(len(_clean(a.text_content())) for a in listing.iter("a"))
        if announces(text) and items and linked <= MAX_LINK_SHARE * sum(map(len, items)):
            found.append((text, items))
    return found


def with_lists(lines: list[str], introduced: list[tuple[str, list[str]]]) -> list[str]:
    """``lines`` with each introduced list the extractor left out put back with its
    introduction (only where that introduction was kept, so boilerplate stays out)."""
    out = list(lines)
    present = set(lines)
    for intro, items in introduced:
        if intro in present and not present.intersection(items):
            at = out.index(intro)
            out[at : at + 1] = with_items(intro, items)
            present.update(items)
    return out


def body_lines(body: etree._Element) -> list[str]:
    """trafilatura's XML body as lines: paragraphs, headings, list items, table rows."""
    lines: list[str] = []
    for element in body:
        _element_lines(element, lines)
    return [line for line in lines if line]


def _element_lines(element: etree._Element, lines: list[str]) -> None:
    tag = element.tag
    if tag == "table":
        lines.extend(table_lines(_rows(element)))
    elif tag == "list" and lines and announces(lines[-1]) and len(element):
        items = [" ".join(_clean(p) for p in _text_parts(item)) for item in element]
        lines[-1:] = with_items(lines[-1], items)
    elif tag in ("list", "div", "quote") and len(element):
        if element.text and element.text.strip():
            lines.append(_clean(element.text))
        for child in element:
            _element_lines(child, lines)
            if child.tail and child.tail.strip():
                lines.append(_clean(child.tail))
    else:
        lines.extend(_clean(part) for part in _text_parts(element))


def _text_parts(element: etree._Element) -> list[str]:
    """The element's text, split where it has line breaks (``<lb/>``)."""
    parts = [""]
    _collect(element, parts)
    return [p for p in parts if p.strip()]


def _collect(node: etree._Element, parts: list[str]) -> None:
    if node.tag == "lb":
        parts.append("")
        return
    parts[-1] += node.text or ""
    for child in node:
        _collect(child, parts)
        parts[-1] += child.tail or ""


def _rows(table: etree._Element) -> list[tuple[list[str], bool]]:
    rows: list[tuple[list[str], bool]] = []
    for row in table.iter("row"):
        cells = [c for c in row if c.tag == "cell"]
        texts = [_clean("".join(c.itertext())) for c in cells]
        is_header = bool(cells) and all(
            c.get("role") == "head" or not t for c, t in zip(cells, texts, strict=True)
        )
        rows.append((texts, is_header))
    return rows


def _clean(text: str) -> str:
    text = " ".join(text.split())
    return re.sub(r"\s+([,.;:!?])", r"\1", text)
