from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.ingest.chunking import chunk_document
from bot.ingest.loader import IngestError, load_document
from bot.ingest.pipeline import scan_knowledge
from tests.conftest import DATA, KNOWLEDGE, SHARED_PAGE, requires_shared

RAW = DATA / "raw"
EXPECTED = yaml.safe_load((RAW / "EXPECTED.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_raw_pages_keep_article_and_drop_furniture(name: str) -> None:
    expected = EXPECTED[name]
    document = load_document(RAW / name, RAW)
    assert document.title == expected["title"]
    assert document.published == expected["published"]
    for phrase in expected["must_contain"]:
        assert phrase in document.text, phrase
    lowered = document.text.lower()
    for furniture in expected["must_not_contain"]:
        assert furniture.lower() not in lowered, furniture


@requires_shared
def test_shared_raw_page_is_cleaned() -> None:
    document = load_document(SHARED_PAGE, SHARED_PAGE.parent)
    assert "24% tariff" in document.text
    assert "Vietnam and South Korea" in document.text
    for furniture in (
        "Read next",
        "12:37",
        "Li Qiang",
        "Leave the first comment",
        "opinion on this",
    ):
        assert furniture not in document.text
    assert document.title.startswith("Japan is set to engage in crucial tariff negotiations")


def test_curated_front_matter() -> None:
    path = KNOWLEDGE / "2025-04-16-japan-us-tariff-talks.md"
    document = load_document(path, KNOWLEDGE)
    assert document.doc_id == "2025-04-16-japan-us-tariff-talks.md"
    assert document.published == "2025-04-16"
    assert document.outlet and document.url.startswith("https://")
    assert "tariffs" in document.topics
    assert not document.text.startswith("---")


def test_broken_file_is_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text("# Title here\n\nJapan faces a 24% tariff on exports.\n")
    (tmp_path / "broken.html").write_bytes((RAW / "broken.html").read_bytes())
    (tmp_path / "bad-yaml.md").write_text("---\ntitle: [unclosed\n---\nBody text here.\n")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    documents, skipped = scan_knowledge(tmp_path)
    assert [d.doc_id for d in documents] == ["good.md"]
    reasons = {s.path: s.reason for s in skipped}
    assert "binary" in reasons["broken.html"] or "UTF-8" in reasons["broken.html"]
    assert "YAML" in reasons["bad-yaml.md"]
    assert "unsupported" in reasons["notes.pdf"]


def test_empty_page_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("Share this article\nLeave the first comment\n")
    with pytest.raises(IngestError, match="no article text"):
        load_document(path, tmp_path)


@requires_shared
def test_passages_have_stable_ids_and_metadata() -> None:
    document = load_document(SHARED_PAGE, SHARED_PAGE.parent)
    first = chunk_document(document)
    again = chunk_document(load_document(SHARED_PAGE, SHARED_PAGE.parent))
    assert [p.passage_id for p in first] == [p.passage_id for p in again]
    assert all(p.passage_id.startswith(document.doc_id + "#") for p in first)
    assert [p.position for p in first] == list(range(len(first)))
    assert all(len(p.text.split()) <= 130 for p in first)
    assert all(p.text[-1] in '.!?"”' for p in first), "passages end at sentence boundaries"
