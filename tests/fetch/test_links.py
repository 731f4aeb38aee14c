"""Adding by link end to end: fetch from the local site, store, load as the indexer would."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.fetch.links import LinkAdder
from bot.ingest.loader import load_document
from tests.conftest import ROOT
from tests.fetch.conftest import LOCAL
from tests.support.web_server import Route, Site, article_html

DEV_CORPUS = ROOT.parent / "shared" / "eval-dev" / "corpus"


def test_each_link_says_what_happened_and_one_failure_stops_nothing(
    site: Site, tmp_path: Path
) -> None:
    good = site.page("/fish", article_html("Fish duty cut", ["Valoria cut its fish duty to 4%."]))
    site.routes["/doc.pdf"] = Route(b"%PDF", content_type="application/pdf")
    adder = LinkAdder(LOCAL, tmp_path)
    outcomes = adder.add([site.url("/doc.pdf"), good, site.url("/gone"), good])
    assert [o.ok for o in outcomes] == [False, True, False, True]
    assert outcomes[0].describe().endswith("not added: application/pdf is not a web page or feed")
    assert outcomes[1].describe().startswith(f"{good}: added web/127.0.0.1/fish-")
    assert outcomes[1].describe().endswith("(Fish duty cut)")
    assert outcomes[2].error == "the server answered 404"
    assert outcomes[3].page is not None and outcomes[3].page.status == "unchanged"


def test_dev_corpus_pages_survive_the_round_trip(site: Site, tmp_path: Path) -> None:
    """Real news pages served over HTTP, stored and loaded: text and title kept."""
    pages = sorted(DEV_CORPUS.glob("*.html")) if DEV_CORPUS.is_dir() else []
    if not pages:
        pytest.skip("the shared dev corpus is not available")
    urls = [site.page(f"/dev/{p.name}", p.read_text("utf-8")) for p in pages]
    outcomes = LinkAdder(LOCAL, tmp_path).add(urls)
    assert all(o.ok for o in outcomes), [o.describe() for o in outcomes if not o.ok]
    for source, outcome in zip(pages, outcomes, strict=True):
        assert outcome.page is not None
        stored = load_document(tmp_path / outcome.page.path, tmp_path)
        original = load_document(source, source.parent)
        assert stored.title == original.title and stored.text == original.text
