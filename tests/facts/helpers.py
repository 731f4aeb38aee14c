"""Building passages for fact tests: the shared raw page and the fictional articles."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bot.models import Passage

TESTS = Path(__file__).resolve().parent.parent
FICTION = TESTS / "data" / "facts"
SHARED_PAGE = TESTS.parent.parent / "shared" / "corpus" / "000_d99573e286085249.txt"


def passages_from(doc_id: str, paragraphs: list[str], meta: dict[str, str]) -> list[Passage]:
    """One passage per paragraph, ids shaped like the indexer's ``<doc_id>#<hash>``."""
    return [
        Passage(
            passage_id=f"{doc_id}#{hashlib.sha1(text.encode()).hexdigest()[:12]}",
            doc_id=doc_id,
            text=text,
            title=meta.get("title", ""),
            outlet=meta.get("outlet", ""),
            url=meta.get("url", ""),
            published=meta.get("published", ""),
            source_file=doc_id,
            position=i,
        )
        for i, text in enumerate(paragraphs)
    ]


def shared_passages() -> list[Passage]:
    """The article part of the raw page (everything before "Read next"), one passage
    per paragraph, dated 2025-04-16."""
    article = SHARED_PAGE.read_text(encoding="utf-8").split("Read next")[0]
    paragraphs = [p.strip() for p in article.splitlines() if p.strip()]
    meta = {
        "title": "Japan heads into tariff talks with the United States",
        "outlet": "shared corpus",
        "published": "2025-04-16",
    }
    return passages_from("shared/000_d99573e286085249.txt", paragraphs, meta)


def article_passages(path: Path) -> list[Passage]:
    """A Markdown article with YAML front matter (title, outlet, url, published)."""
    raw = path.read_text(encoding="utf-8")
    _, front, body = raw.split("---", 2)
    meta = {}
    for line in front.strip().splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip().strip('"')
    paragraphs = [p.strip() for p in body.strip().split("\n\n") if p.strip()]
    return passages_from(f"facts/{path.name}", paragraphs, meta)


def fiction(name: str) -> list[Passage]:
    return article_passages(FICTION / name)


def all_fiction() -> list[Passage]:
    return [p for path in sorted(FICTION.glob("*.md")) for p in article_passages(path)]
