"""Fetched pages in the knowledge folder: stable names, the source line, updates in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.fetch.client import Fetched, Validators
from bot.fetch.pages import PageRefused, PageStore, canonical_url, file_name, normalise_url
from bot.ingest.loader import load_document
from tests.support.web_server import article_html

STORY = ["Valoria cut its duty on tinned fish to 4% on Monday.", "Ostmark said it would answer."]


def page(url: str, html: str, content_type: str = "text/html") -> Fetched:
    return Fetched(url, 200, content_type, html.encode(), "utf-8", Validators())


def test_normalised_urls_drop_what_does_not_name_the_article() -> None:
    assert (
        normalise_url("HTTPS://News.Test:443/a/b?utm_source=x&id=7&fbclid=y#comments")
        == "https://news.test/a/b?id=7"
    )
    assert normalise_url("http://news.test:8080") == "http://news.test:8080/"


def test_the_canonical_link_is_used_only_on_the_same_site() -> None:
    html = article_html("Fish", STORY, canonical="/2026/fish-duty")
    assert canonical_url(page("https://www.news.test/amp/fish?utm_medium=rss", html)) == (
        "https://www.news.test/2026/fish-duty"
    )
    foreign = article_html("Fish", STORY, canonical="https://rival.test/their-story")
    assert canonical_url(page("https://news.test/fish", foreign)) == "https://news.test/fish"


def test_names_are_readable_and_stable() -> None:
    name = file_name("https://news.test/2026/fish-duty.html", ".html")
    assert name.parent == Path("web/news.test") and name.name.startswith("fish-duty-")
    assert name == file_name("https://news.test/2026/fish-duty.html", ".html")
    assert name != file_name("https://news.test/2027/fish-duty.html", ".html")


def test_a_page_is_stored_with_its_source_then_updated_in_place(tmp_path: Path) -> None:
    store = PageStore(tmp_path)
    html = article_html("Valoria trims fish duty", STORY, canonical="https://news.test/fish")
    first = store.store(page("https://news.test/fish?utm_source=feed", html))
    assert first.status == "added" and first.title == "Valoria trims fish duty"
    stored = tmp_path / first.path
    line, _, rest = stored.read_text().partition("\n")
    assert line.startswith('<!-- tradebot:source url="https://news.test/fish?utm_source=feed"')
    assert 'fetched="20' in line and rest == html
    assert load_document(stored, tmp_path).title == "Valoria trims fish duty"

    again = store.store(page("https://news.test/fish", html))  # same canonical URL
    assert again.status == "unchanged" and again.path == first.path
    changed = article_html("Valoria trims fish duty", [*STORY, "A third paragraph."])
    updated = store.store(page("https://news.test/fish", changed))
    assert updated.status == "updated" and updated.path == first.path
    assert [p.name for p in stored.parent.iterdir()] == [stored.name]


def test_plain_text_keeps_its_url_in_front_matter(tmp_path: Path) -> None:
    text = "Fish duty cut\n\nValoria cut its duty on tinned fish to 4% on Monday.\n"
    stored = PageStore(tmp_path).store(page("https://news.test/fish.txt", text, "text/plain"))
    assert stored.path.endswith(".md")
    document = load_document(tmp_path / stored.path, tmp_path)
    assert document.url == "https://news.test/fish.txt" and "tinned fish" in document.text


def test_a_page_without_article_text_is_not_stored(tmp_path: Path) -> None:
    empty = "<html><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(PageRefused, match="no article text"):
        PageStore(tmp_path).store(page("https://news.test/empty", empty))
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
