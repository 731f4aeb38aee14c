"""Adding articles by link and by feed: throughput, and the delay from a feed entry to an answer.

A local website (the test suite's, on 127.0.0.1) serves N generated news pages (``bench.corpus``
sentences, 3 paragraphs each, with page furniture around them):

* **by link**: the pages fetched and stored with ``LinkAdder`` (what ``tradebot add`` does),
  then one incremental reindex on top of the bundled knowledge: pages per second for each
  stage and end to end;
* **by feed, poll forced**: an RSS feed gains one entry about an invented measure; the clock
  starts when the entry appears, then a poll (feed + page fetched and stored), the reindex in
  a child process as the Discord bot runs it, and questions asked every 100 ms until the
  answer cites the new page. At the scheduled interval the delay adds the wait for the next
  poll (on average half the interval).

    python -m bench.fetch_ingest [--pages 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import logging
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import header, print_header, table
from bench.corpus import KNOWLEDGE, _Writer
from bot.app import App
from bot.discordbot.reindex import SubprocessReindexer
from bot.settings import Settings
from tests.support.web_server import Route, Site, article_html, rss, serve_site

NEWS = article_html(
    "Northmere scraps its salt levy",
    [
        "Northmere scrapped its 12% levy on imported sea salt on Tuesday, its finance office said.",
        "The levy had applied since the spring and raised little revenue, officials added.",
    ],
)
QUESTION = "What levy did Northmere scrap?"


def settings(folder: Path) -> Settings:
    """A copy of the bundled knowledge and a fresh index in ``folder``; loopback allowed."""
    shutil.copytree(KNOWLEDGE, folder / "knowledge")
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        knowledge_dir=folder / "knowledge",
        index_dir=folder / "index",
        fetch_allow_private=True,
        fetch_contact="bench@tradebot.invalid",
    )


def serve_pages(site: Site, count: int) -> list[str]:
    writer = _Writer(seed=7)
    urls = []
    for n in range(count):
        title, text, published = writer.article(3)
        paragraphs = text.split("---\n", 2)[2].strip().split("\n\n")
        html = article_html(title, paragraphs, published=published)
        urls.append(site.page(f"/news/{n:05d}", html))
    return urls


def by_link(site: Site, pages: int, folder: Path) -> list[object]:
    app = App(settings(folder))
    app.indexer.reindex(app.settings.knowledge_dir)  # the bundled knowledge first
    urls = serve_pages(site, pages)
    started = time.perf_counter()
    outcomes = app.links.add(urls)
    fetched = time.perf_counter() - started
    report = app.indexer.reindex(app.settings.knowledge_dir)
    total = time.perf_counter() - started
    assert all(o.ok for o in outcomes) and report.added == pages, report.summary()
    return [
        pages,
        report.embedded,
        f"{fetched:.2f}",
        f"{pages / fetched:.0f}",
        f"{total - fetched:.1f}",
        f"{pages / (total - fetched):.1f}",
        f"{total:.1f}",
        f"{pages / total:.1f}",
    ]


def by_feed(site: Site, folder: Path) -> tuple[float, float, float, float]:
    """Seconds from the entry's appearance: poll, reindex (child process), until answered, total."""
    app = App(settings(folder))
    app.indexer.reindex(app.settings.knowledge_dir)
    site.routes["/rss"] = Route(rss("Harbour Post", []).encode(), "application/rss+xml")
    app.feeds.subscribe(site.url("/rss"))
    app.feeds.poll()
    app.service.ask(QUESTION)  # warm: the model and the index loaded, as in a running bot
    url = site.page(f"/news/salt-{folder.name}", NEWS)
    site.routes["/rss"] = Route(
        rss("Harbour Post", [("salt", url, "Salt")]).encode(), "application/rss+xml"
    )
    appeared = time.perf_counter()
    report = app.feeds.poll()
    polled = time.perf_counter()
    assert len(report.added) == 1, report.headline()
    SubprocessReindexer(app.settings).reindex(app.settings.knowledge_dir)
    indexed = time.perf_counter()
    while True:
        answer = app.service.ask(QUESTION)
        if any(c.source_file.startswith("web/") for c in answer.citations):
            break
        time.sleep(0.1)
    answered = time.perf_counter()
    return polled - appeared, indexed - polled, answered - indexed, answered - appeared


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="feed-to-answer runs")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    print_header(header())
    with serve_site() as site, tempfile.TemporaryDirectory(prefix="tradebot-fetch-") as tmp:
        row = by_link(site, args.pages, Path(tmp) / "links")
        print("By link (LinkAdder, then one incremental reindex over the bundled knowledge):")
        columns = ["pages", "passages", "fetch s", "fetched/s", "index s", "indexed/s"]
        print(table([[*columns, "total s", "pages/s"], row], markdown=True))
        runs = [by_feed(site, Path(tmp) / f"feed{n}") for n in range(args.repeat)]
    print("\nFeed entry to answer, poll forced (seconds; reindex in a child process as the bot):")
    rows = [["run", "poll", "reindex", "until answered", "total"]]
    rows += [[n + 1, *(f"{v:.2f}" for v in run)] for n, run in enumerate(runs)]
    medians = [statistics.median(run[i] for run in runs) for i in range(4)]
    rows.append(["median", *(f"{v:.2f}" for v in medians)])
    print(table(rows, markdown=True))
    wait = "wait 0-60 min (30 min on average)"
    print(f"\nAt the default interval (60 min): {wait} + {medians[3]:.1f} s")


if __name__ == "__main__":
    main()
