"""``tradebot add URL…`` and ``tradebot feeds add|list|remove|poll``: articles from the web.

Each URL or feed gets one line saying what happened; then one reindex embeds only what
changed. Exit codes as elsewhere: 0 all done, 1 some failed, 2 bad input (a malformed link).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.app import App
from bot.cli.commands import Registrar, run_index
from bot.cli.main import EXIT_ERROR, EXIT_OK, EXIT_USAGE, CliError, Handler
from bot.feeds.poller import FeedError
from bot.fetch.client import FetchError, check_url
from bot.fetch.links import LinkOutcome
from bot.settings import Settings


def _checked(urls: list[str]) -> tuple[list[str], list[str]]:
    """``(usable URLs, one message per malformed one)``."""
    good, bad = [], []
    for url in urls:
        try:
            good.append(check_url(url))
        except FetchError as exc:
            bad.append(f"{url}: not added: {exc}")
    return good, bad


def _knowledge_folder(settings: Settings) -> None:
    if not settings.knowledge_dir.is_dir():
        raise CliError(
            f"knowledge folder {settings.knowledge_dir} does not exist; "
            "create it or set TRADEBOT_KNOWLEDGE_DIR",
            EXIT_USAGE,
        )


def _index_if_changed(app: App, settings: Settings, outcomes: list[LinkOutcome]) -> None:
    if any(o.page is not None and o.page.status != "unchanged" for o in outcomes):
        print(run_index(app, settings).summary())


# --- add -----------------------------------------------------------------------------------------


def register_add(sub: Any) -> tuple[str, Handler]:
    parser = sub.add_parser("add", help="fetch web pages into the knowledge folder and index them")
    parser.add_argument("urls", nargs="+", metavar="URL", help="http(s) links to articles")
    parser.add_argument("--knowledge", metavar="DIR", help="knowledge folder (default: settings)")
    return "add", cmd_add


def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    urls, bad = _checked(args.urls)
    for line in bad:
        print(line, file=sys.stderr)
    _knowledge_folder(settings)
    app = App(settings)
    outcomes = app.links.add(urls, on_each=lambda o: print(o.describe(), flush=True))
    _index_if_changed(app, settings, outcomes)
    if bad:
        return EXIT_USAGE
    return EXIT_OK if all(o.ok for o in outcomes) else EXIT_ERROR


# --- feeds ---------------------------------------------------------------------------------------


def register_feeds(sub: Any) -> tuple[str, Handler]:
    parser = sub.add_parser("feeds", help="subscribed RSS/Atom feeds: add, list, remove, poll")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="subscribe to a feed (checked first)")
    add.add_argument("url", metavar="URL")
    actions.add_parser("list", help="the subscribed feeds and their last poll")
    remove = actions.add_parser("remove", help="unsubscribe (stored articles stay)")
    remove.add_argument("url", metavar="URL")
    poll = actions.add_parser("poll", help="fetch new entries of every feed now, then index")
    poll.add_argument("--knowledge", metavar="DIR", help="knowledge folder (default: settings)")
    return "feeds", cmd_feeds


def cmd_feeds(args: argparse.Namespace, settings: Settings) -> int:
    app = App(settings)
    if args.action == "list":
        return _list(app)
    if args.action == "poll":
        return _poll(app, settings)
    try:
        url = check_url(args.url)
    except FetchError as exc:
        raise CliError(f"{args.url}: {exc}", EXIT_USAGE) from exc
    if args.action == "remove":
        if not app.feeds.unsubscribe(url):
            raise CliError(f"not subscribed to {url}; `tradebot feeds list` shows the feeds")
        print(f"unsubscribed from {url} (its articles stay in the knowledge folder)")
        return EXIT_OK
    try:
        title, new = app.feeds.subscribe(url)
    except (FetchError, FeedError) as exc:
        raise CliError(f"{url}: not subscribed: {exc}") from exc
    what = "subscribed to" if new else "already subscribed to"
    print(f"{what} {title or url} ({url}); `tradebot feeds poll` fetches its articles")
    return EXIT_OK


def _list(app: App) -> int:
    feeds = app.feeds.state.feeds()
    for feed in feeds:
        polled = f"polled {feed.polled_at}" if feed.polled_at else "never polled"
        error = f" · last poll failed: {feed.last_error}" if feed.last_error else ""
        print(
            f"{feed.url}\n    {feed.title or '(untitled)'} · {feed.seen} entries · {polled}{error}"
        )
    print(f"{len(feeds)} feed{'s' if len(feeds) != 1 else ''}")
    return EXIT_OK


def _poll(app: App, settings: Settings) -> int:
    _knowledge_folder(settings)
    report = app.feeds.poll(on_feed=lambda r: print(r.describe(), flush=True))
    for result in report.feeds:
        for outcome in result.failed:
            print(f"    {outcome.describe()}", file=sys.stderr)
    _index_if_changed(app, settings, report.added)
    print(report.headline())
    failed = report.failed_feeds or any(r.failed for r in report.feeds)
    return EXIT_ERROR if failed else EXIT_OK


REGISTRY: list[Registrar] = [register_add, register_feeds]
