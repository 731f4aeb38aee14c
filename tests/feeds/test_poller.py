"""Feed polls against a real local site: RSS and Atom feeds whose entries change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.feeds.poller import FeedError, FeedPoller
from bot.feeds.state import FeedState
from bot.fetch.client import FetchError
from bot.fetch.links import LinkAdder
from tests.fetch.conftest import LOCAL
from tests.support.web_server import Route, Site, article_html, atom, rss, serve_site

RSS = "application/rss+xml"
ATOM = "application/atom+xml"


@pytest.fixture
def site() -> Iterator[Site]:
    with serve_site() as running:
        yield running


@pytest.fixture
def poller(tmp_path: Path) -> FeedPoller:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    return FeedPoller(FeedState(tmp_path / "feeds.sqlite3"), LinkAdder(LOCAL, knowledge))


def story(site: Site, slug: str, title: str) -> str:
    return site.page(
        f"/news/{slug}", article_html(title, [f"{title}, officials in Valoria said on Monday."])
    )


def test_rss_and_atom_feeds_bring_in_new_entries_once(site: Site, poller: FeedPoller) -> None:
    one, two = story(site, "one", "Tin duty halved"), story(site, "two", "Grain quota lifted")
    site.routes["/rss"] = Route(rss("Gazette", [("g1", one, "Tin")]).encode(), RSS, etag='"r1"')
    site.routes["/atom"] = Route(
        atom("Courier", [("urn:1", two, "Grain")]).encode(), ATOM, last_modified="Mon, 02 Mar"
    )
    assert poller.subscribe(site.url("/rss")) == ("Gazette", True)
    assert poller.subscribe(site.url("/atom")) == ("Courier", True)
    assert poller.subscribe(site.url("/rss")) == ("Gazette", False)

    first = poller.poll()
    assert [r.describe() for r in first.feeds] == [
        "Gazette: 1 new article",
        "Courier: 1 new article",
    ]
    assert first.headline() == "2 new articles: Tin duty halved; Grain quota lifted"

    # Nothing changed: both feeds answer 304 to the conditional GET.
    second = poller.poll()
    assert [r.not_modified for r in second.feeds] == [True, True]
    assert site.hits("/rss")[-1].headers["if-none-match"] == '"r1"'
    assert site.hits("/atom")[-1].headers["if-modified-since"] == "Mon, 02 Mar"

    three = story(site, "three", "Steel talks resume")
    site.routes["/rss"] = Route(
        rss("Gazette", [("g3", three, "Steel"), ("g1", one, "Tin")]).encode(), RSS, etag='"r2"'
    )
    third = poller.poll()
    assert third.headline() == "1 new article: Steel talks resume"
    assert len(site.hits("/news/one")) == 1  # a seen entry is never fetched again


def test_a_failing_feed_is_reported_and_the_others_still_polled(
    site: Site, poller: FeedPoller
) -> None:
    good = story(site, "good", "Wool tariff dropped")
    site.routes["/good"] = Route(rss("Good", [("g", good, "Wool")]).encode(), RSS)
    site.routes["/broken"] = Route(rss("Broken", []).encode(), RSS)
    poller.subscribe(site.url("/broken"))
    poller.subscribe(site.url("/good"))
    site.routes["/broken"] = Route(b"gone", status=410)
    report = poller.poll()
    assert [r.describe() for r in report.feeds] == [
        "Broken: failed: the server answered 410",
        "Good: 1 new article",
    ]
    assert poller.state.feeds()[0].last_error == "the server answered 410"


def test_malformed_and_failing_entries(site: Site, poller: FeedPoller) -> None:
    ok = story(site, "ok", "Rice levy scrapped")
    items = [
        ("no-link", "", "An entry without a link"),
        ("bad-link", "javascript:alert(1)", "A script link"),
        ("missing", site.url("/news/missing"), "A page that is gone"),
        ("slow", site.url("/news/slow"), "A page that will come back"),
        ("ok", ok, "Rice"),
    ]
    site.routes["/news/slow"] = Route(b"busy", status=503)
    site.routes["/rss"] = Route(rss("Mixed", items).encode(), RSS, etag='"m1"')
    poller.subscribe(site.url("/rss"))
    result = poller.poll().feeds[0]
    assert result.describe() == "Mixed: 1 new article, 2 failed, 2 entries without a link skipped"
    assert {o.url: o.permanent for o in result.failed} == {
        site.url("/news/missing"): True,
        site.url("/news/slow"): False,
    }
    # The 503 entry is tried again: the feed is fetched in full, not answered with a 304.
    site.page("/news/slow", article_html("Cotton pact signed", ["Cotton pact signed today."]))
    again = poller.poll()
    assert again.headline() == "1 new article: Cotton pact signed"
    assert "if-none-match" not in site.hits("/rss")[-1].headers
    assert len(site.hits("/news/missing")) == 1


def test_a_page_that_is_not_a_feed_is_not_subscribed(site: Site, poller: FeedPoller) -> None:
    site.routes["/page.xml"] = Route(b"<html><body>hi</body></html>", "text/xml")
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        poller.subscribe(site.url("/page.xml"))
    site.page("/page", "<html><body><p>hi</p></body></html>")
    with pytest.raises(FetchError, match="text/html is not a web page or feed"):
        poller.subscribe(site.url("/page"))
    assert poller.state.feeds() == []


def test_a_long_archive_brings_in_its_newest_entries_only(site: Site, tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    poller = FeedPoller(FeedState(tmp_path / "f.sqlite3"), LinkAdder(LOCAL, knowledge), max_new=2)
    items = [(f"g{n}", story(site, f"s{n}", f"Story {n}"), f"Story {n}") for n in range(3)]
    days = [f"Mon, {day} Mar 2026 09:00:00 GMT" for day in ("01", "03", "02")]  # out of order
    document = rss("Archive", items, days)
    site.routes["/rss"] = Route(document.encode(), RSS)
    poller.subscribe(site.url("/rss"))
    assert poller.poll().headline() == "2 new articles: Story 1; Story 2"
    assert poller.state.feeds()[0].seen == 3  # the oldest is passed over for good
    assert poller.poll().headline() == "no new articles"
    assert site.hits("/news/s0") == []
