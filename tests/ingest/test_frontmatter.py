from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.ingest.frontmatter import FrontMatterError, read_front_matter
from bot.ingest.loader import IngestError, load_document
from bot.ingest.pipeline import scan_knowledge

BODY = "The lock gates at Porto Vento reopen after repairs, the canal office said on Friday.\n"


def test_a_bad_date_is_a_warning_naming_the_file_and_the_rest_indexes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "bad-date.md").write_text(
        f"---\ntitle: Lock gates reopen\npublished: 2026-02-30\n---\n{BODY}"
    )
    (tmp_path / "good.md").write_text(
        f"---\ntitle: Canal dredging\npublished: 2026-02-27\n---\n{BODY}"
    )
    with caplog.at_level(logging.WARNING):
        documents, skipped = scan_knowledge(tmp_path)
    assert skipped == []
    dated = {d.doc_id: d.published for d in documents}
    assert dated == {"bad-date.md": "", "good.md": "2026-02-27"}
    assert any(
        "bad-date.md" in r.getMessage() and "2026-02-30" in r.getMessage() for r in caplog.records
    )


def test_a_field_of_the_wrong_kind_is_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "list-title.md"
    path.write_text(f"---\ntitle: [Lock, gates]\noutlet: Canal Weekly\n---\n{BODY}")
    with caplog.at_level(logging.WARNING):
        document = load_document(path, tmp_path)
    assert document.outlet == "Canal Weekly" and "[" not in document.title
    assert any(
        "list-title.md" in r.getMessage() and "title" in r.getMessage() for r in caplog.records
    )


def test_yaml_aliases_are_refused_not_expanded(tmp_path: Path) -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    levels += [
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]"
        for i in range(4)
    ]
    path = tmp_path / "bomb.md"
    path.write_text("---\n" + "\n".join(levels) + "\ntitle: x\n---\n" + BODY)
    with pytest.raises(IngestError, match="aliases"):
        load_document(path, tmp_path)


def test_dates_stay_strings_and_fields_are_lower_cased() -> None:
    meta, body = read_front_matter("---\nTitle: Gates\npublished: 2026-03-01\n---\nText\n")
    assert meta == {"title": "Gates", "published": "2026-03-01"}
    assert body == "Text\n"


def test_unclosed_and_oversized_front_matter() -> None:
    with pytest.raises(FrontMatterError, match="never closed"):
        read_front_matter("---\ntitle: x\n")
    with pytest.raises(FrontMatterError, match="longer than"):
        read_front_matter("---\nnote: " + "y" * 30_000 + "\n---\nText\n")
