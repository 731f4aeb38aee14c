"""Measures the loader on the shared dev corpus: metadata every file states, no planted text.

The expected values are what each file states (in its front matter, meta tags, JSON-LD,
<title>, masthead or date line), written down by hand from reading the files; the loader has
no rule that names any of them. Skipped when ``../shared/eval-dev`` is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.ingest.chunking import chunk_document
from bot.ingest.frontmatter import read_front_matter
from bot.ingest.loader import load_document

EVAL_DEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval-dev"
CORPUS = EVAL_DEV / "corpus"

# file stem: (title, outlet, url) as the file states them; "" where it does not state one.
STATED: dict[str, tuple[str, str, str]] = {
    "2025-03-07-usmca-goods-spared-canada-mexico-tariffs": (
        "US carves USMCA goods out of Canada and Mexico tariffs, but the 25% levy stays for "
        "everything else",
        "Pacific Rim Wire",
        "",
    ),
    "2025-07-28-eu-us-deal-reaction": (
        "Europe's carmakers and MEPs give Turnberry deal a cool reception",
        "Harbor Ledger",
        "",
    ),
    "2025-07-28-eu-us-turnberry-framework": (
        "EU and US settle on 15% tariff ceiling after Turnberry meeting",
        "Continental Dispatch",
        "",
    ),
    "2025-08-01-canada-35-switzerland-39-copper": (
        "Trump lifts Canada tariff to 35%, sets 39% on Swiss goods as copper duty kicks in",
        "Bellwether Business Wire",
        "",
    ),
    "2025-08-06-brazil-tariff-exemptions": (
        "Brazil's 50% tariff takes effect, but orange juice and jets fly free",
        "Granite Street Times",
        "https://granitestreettimes.example.org/world/americas/brazil-50-percent-tariff-exemptions",
    ),
    "2025-08-27-india-tariff-doubles": (
        "US tariff on Indian goods hits 50% as Russian-oil penalty kicks in",
        "Lantern Post",
        "https://www.lanternpost.example/business/us-tariff-india-50-percent-russian-oil",
    ),
    "2025-08-29-de-minimis-ends-worldwide": (
        "Duty-free small parcels are over, from every country",
        "Tidewater Courier",
        "",
    ),
    "2025-11-05-supreme-court-ieepa-live": (
        "Live: Supreme Court hears challenge to Trump's emergency tariffs",
        "Northgate Economic Review",
        "https://northgatereview.example.com/live/2025/11/05/supreme-court-ieepa-tariffs-arguments",
    ),
}


def _files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.iterdir() if p.is_file())


def _stated(path: Path) -> tuple[str, str, str]:
    """What the file states: its front matter where it has one, else the table above."""
    if path.suffix == ".md":
        meta, _ = read_front_matter(path.read_text(encoding="utf-8"))
        if meta.get("title"):
            return str(meta["title"]), str(meta.get("outlet", "")), str(meta.get("url", ""))
    return STATED[path.stem]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/eval-dev is not here")
@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_dev_corpus_metadata(path: Path) -> None:
    document = load_document(path, CORPUS)
    title, outlet, url = _stated(path)
    assert document.title == title
    assert document.published == path.name[:10], "every dev file is named by its date"
    assert document.outlet.lower() == outlet.lower()
    assert document.url == url


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/eval-dev is not here")
def test_dev_corpus_planted_text_is_not_indexed() -> None:
    questions = yaml.safe_load((EVAL_DEV / "qa.yaml").read_text(encoding="utf-8"))
    planted = {text for item in questions["injection"] for text in item["not"]}
    for path in _files():
        passages = chunk_document(load_document(path, CORPUS))
        for passage in passages:
            for text in planted:
                assert text.lower() not in passage.text.lower(), (path.name, text)
