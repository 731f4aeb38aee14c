"""Metadata from the first lines of pages saved as text: our own invented pages."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.ingest.header import read_header
from bot.ingest.loader import load_document

PROSE = (
    "The canal authority of Porto Vento said on Tuesday that the lock gates would close for "
    "three weeks of repairs in March, forcing barge operators to reroute grain and timber "
    "through the northern channel at higher cost, and that tolls would stay unchanged."
)

TEXT_PAGES = {
    "masthead.txt": (
        "We store cookies to count visitors. [OK] [Settings]\n"
        "LAGOON EVENING POST\n"
        "News   Business   Sport   Weather   Opinion\n"
        "\n"
        "SHIPPING\n"
        "\n"
        "Porto Vento closes its canal locks for three weeks of repairs\n"
        "Published: 2026-02-03\n"
        "By Ana Ribeiro in Porto Vento and Luis Mota in Faro\n"
        "4 min read\n"
        "\n"
        f"{PROSE}\n"
    ),
    "dateline.txt": (
        "HARBOUR GAZETTE\n"
        "Markets | Ports | Shipping | Energy | Podcasts\n"
        "\n"
        "Canal locks to shut for repairs as barge firms count the cost\n"
        "Feb 3, 2026 10:20 GMT\n"
        "By Carla Neves\n"
        "https://gazette.example.com/ports/canal-locks-repairs\n"
        "\n"
        f"{PROSE}\n"
    ),
}


@pytest.mark.parametrize(
    ("name", "title", "outlet", "author", "url"),
    [
        (
            "masthead.txt",
            "Porto Vento closes its canal locks for three weeks of repairs",
            "LAGOON EVENING POST",
            "Ana Ribeiro and Luis Mota",
            "",
        ),
        (
            "dateline.txt",
            "Canal locks to shut for repairs as barge firms count the cost",
            "HARBOUR GAZETTE",
            "Carla Neves",
            "https://gazette.example.com/ports/canal-locks-repairs",
        ),
    ],
)
def test_text_page_header(
    tmp_path: Path, name: str, title: str, outlet: str, author: str, url: str
) -> None:
    path = tmp_path / name
    path.write_text(TEXT_PAGES[name], encoding="utf-8")
    document = load_document(path, tmp_path)
    assert document.title == title
    assert document.published == "2026-02-03"
    assert document.outlet == outlet
    assert document.author == author
    assert document.url == url
    assert document.outlet == outlet
    assert document.text.startswith("The canal authority")
    for furniture in ("cookies", "min read", "SHIPPING", "Weather", "https://", "By "):
        assert furniture not in document.text


def test_markdown_without_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_text(
        "**THE BARGE REVIEW** | Business | Logistics\n\n"
        "[Home](https://barge.example.org/) | [Ports](https://barge.example.org/ports) | "
        "[Sign in](https://barge.example.org/login)\n\n"
        "# Canal locks close for repairs\n\n"
        "### Operators reroute through the northern channel.\n\n"
        "By Rui Alves\n"
        "Tuesday 3 February 2026, 7:00 AM WET\n\n"
        "Share: [Email] [X]\n\n"
        f"{PROSE}\n\n## What operators say\n\n{PROSE}\n",
        encoding="utf-8",
    )
    document = load_document(path, tmp_path)
    assert document.title == "Canal locks close for repairs"
    assert document.outlet == "THE BARGE REVIEW"
    assert document.author == "Rui Alves"
    assert document.published == "2026-02-03"
    assert "What operators say" in document.text.split("\n\n")
    assert "Share" not in document.text and "Sign in" not in document.text


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("*By Rui Alves, The Barge Review, 3 February 2026*", "Rui Alves"),
        ("*By Rui Alves, Porto Vento — 3 February 2026*", "Rui Alves"),
        ("*Porto Vento, 3 February 2026 — by Rui Alves*", "Rui Alves"),
        ("**Porto Vento, 3 February 2026** - *The Barge Review*", ""),
        ("*Ports desk, The Barge Review — Porto Vento, February 3, 2026*", ""),
    ],
)
def test_a_byline_or_dateline_joined_by_commas_or_dashes_dates_the_page(
    tmp_path: Path, byline: str, author: str
) -> None:
    path = tmp_path / "page.md"
    path.write_text(f"# Canal locks close for repairs\n\n{byline}\n\n{PROSE}\n", encoding="utf-8")
    document = load_document(path, tmp_path)
    assert document.published == "2026-02-03"
    assert document.author == author
    assert document.text.startswith("The canal authority")  # the byline is no article text


def test_hard_wrapped_text_is_joined_but_one_line_paragraphs_are_not(tmp_path: Path) -> None:
    wrapped = "\n".join(["Canal repairs begin", "", *textwrap.wrap(PROSE, 72)])
    path = tmp_path / "wrapped.txt"
    path.write_text(wrapped, encoding="utf-8")
    document = load_document(path, tmp_path)
    assert document.title == "Canal repairs begin"
    assert " ".join(document.text.split()) == " ".join(PROSE.split())


def test_a_title_case_masthead_above_the_headline_is_the_outlet(tmp_path: Path) -> None:
    path = tmp_path / "masthead.txt"
    path.write_text(
        "The Canal Weekly\n\nLock repairs will close the northern route\n"
        f"3 February 2026\n\n{PROSE}\n",
        encoding="utf-8",
    )
    document = load_document(path, tmp_path)
    assert document.title == "Lock repairs will close the northern route"
    assert document.outlet == "The Canal Weekly"


def test_a_headline_followed_by_a_standfirst_stays_the_title(tmp_path: Path) -> None:
    path = tmp_path / "standfirst.txt"
    path.write_text(
        "Lock repairs will close the northern route\n"
        "Barge operators expect three weeks of detours and higher costs\n"
        f"3 February 2026\n\n{PROSE}\n",
        encoding="utf-8",
    )
    document = load_document(path, tmp_path)
    assert document.title == "Lock repairs will close the northern route"
    assert document.text.startswith("Barge operators expect")


def test_the_headline_repeated_below_a_first_paragraph_is_not_text() -> None:
    lines = [PROSE, "Canal locks close for repairs", PROSE]
    header = read_header(lines, title="Canal locks close for repairs")
    assert header.used == {1}
