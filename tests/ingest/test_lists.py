from __future__ import annotations

from pathlib import Path

from bot.ingest.chunking import chunk_document
from bot.ingest.lists import MAX_LIST_WORDS, announced, join_bulleted
from bot.ingest.loader import load_document
from bot.models import Document

ITEMS = [f"Lock {n}, closed from {n} March for new gates." for n in range(1, 6)]
PROSE = (
    "Barge operators on the Kessel canal said on Monday that the repairs would add two days to "
    "every trip north, and that freight rates would rise before the summer season began."
)


def _load(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_document(path, tmp_path).text


def test_an_announced_list_is_one_sentence_with_its_announcement() -> None:
    assert announced("Works are planned at:", ["- Lock 1;", "- Lock 2."]) == (
        "Works are planned at: Lock 1; Lock 2."
    )
    assert announced("Works are planned at:", ["word " * MAX_LIST_WORDS]) is None


def test_plain_text_bullets_join_their_announcement_but_teasers_do_not() -> None:
    lines = ["Works are planned at:", "", *[f"- {item}" for item in ITEMS], "", PROSE]
    joined = join_bulleted(lines)
    assert joined[0].startswith("Works are planned at: Lock 1, closed from 1 March")
    assert joined[0].endswith("Lock 5, closed from 5 March for new gates.")
    assert PROSE in joined
    teasers = join_bulleted(["Related:", "- Canal tolls rise again", "- Ferry strike ends"])
    assert teasers[0] == "Related:"


def test_a_markdown_list_stays_in_one_passage_with_its_announcement(tmp_path: Path) -> None:
    markdown = "\n\n".join(
        ["# Canal works", PROSE, "Works are planned at:", "\n".join(f"- {i}" for i in ITEMS)]
    )
    text = _load(tmp_path, "canal.md", markdown + "\n\n" + PROSE.replace("Monday", "Friday"))
    passages = chunk_document(Document(doc_id="canal.md", title="Canal works", text=text))
    listing = [p.text for p in passages if "Works are planned at:" in p.text]
    assert len(listing) == 1
    assert "at: Lock 1, closed from 1 March for new gates; Lock 2," in listing[0]
    assert "Lock 5, closed from 5 March for new gates." in listing[0]


def test_a_text_page_keeps_its_teaser_list_out(tmp_path: Path) -> None:
    page = "\n\n".join(
        [
            PROSE,
            "Works are planned at:",
            "\n".join(f"- {i}" for i in ITEMS),
            "Related:",
            "- Canal tolls rise again\n- Ferry strike ends",
        ]
    )
    text = _load(tmp_path, "canal.txt", page)
    assert "at: Lock 1, closed from 1 March for new gates; Lock 2," in text
    assert "tolls" not in text and "Ferry" not in text
