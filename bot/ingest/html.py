"""HTML pages: metadata from <head>, article text from the body without furniture elements."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

from bot.ingest.furniture import parse_date

# Elements that are never article text.
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "iframe",
    "figure",
    "figcaption",
    "dialog",
    "select",
    "input",
    "time",
)
# class/id fragments that mark furniture containers.
_FURNITURE_HINT = re.compile(
    r"cookie|consent|gdpr|share|social|subscribe|newsletter|comment|related|read-?next|"
    r"most-?read|popular|trending|recommend|promo|advert|\bads?\b|sponsor|byline|author|"
    r"breadcrumb|sidebar|menu|navbar|paywall|signup|teaser|tags",
    re.IGNORECASE,
)
_BLOCKS = ("h1", "h2", "h3", "h4", "p", "li", "blockquote", "pre")


@dataclass(frozen=True, slots=True)
class HtmlPage:
    title: str
    published: str
    lines: list[str]


def parse_html(raw: str) -> HtmlPage:
    soup = BeautifulSoup(raw, "html.parser")
    title = _meta(soup, "og:title") or _meta(soup, "twitter:title")
    h1 = soup.find("h1")
    if not title and isinstance(h1, Tag):
        title = h1.get_text(" ", strip=True)
    if not title and soup.title and soup.title.string:
        title = re.split(r"\s[|–—-]\s", soup.title.string.strip())[0]
    published = ""
    for name in ("article:published_time", "datePublished", "date", "pubdate", "dc.date"):
        if value := _meta(soup, name):
            published = parse_date(value)
            if published:
                break
    if not published:
        time_tag = soup.find("time", attrs={"datetime": True})
        if isinstance(time_tag, Tag):
            published = parse_date(str(time_tag.get("datetime", "")))

    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or not isinstance(tag, Tag) or tag.attrs is None:
            continue
        hints = " ".join([*tag.get("class", []), str(tag.get("id", "")), str(tag.get("role", ""))])
        if hints.strip() and _FURNITURE_HINT.search(hints) and tag.name not in ("html", "body"):
            tag.decompose()

    root = soup.find("article") or soup.find("main") or soup.body or soup
    lines: list[str] = []
    for block in root.find_all(_BLOCKS) if isinstance(root, Tag) else []:
        if block.find_parent(_BLOCKS) is not None:
            continue  # nested block: its parent's text already has it
        text = " ".join(block.get_text(" ", strip=True).split())
        text = re.sub(r"\s+([,.;:!?])", r"\1", text)
        if text and not (block.name == "h1" and text == title):
            lines.append(text)
    return HtmlPage(title=title, published=published, lines=lines)


def _meta(soup: BeautifulSoup, name: str) -> str:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    if isinstance(tag, Tag):
        return str(tag.get("content", "")).strip()
    return ""
