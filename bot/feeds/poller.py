"""Polling the subscribed feeds: a conditional GET each, new entries' pages stored.

Feeds are parsed with feedparser (RSS 0.9x-2.0, RSS 1.0 and Atom, with its tolerance for
the malformed feeds found in the wild). An entry is known by its id (RSS ``guid``, Atom
``id``), else its link. Each feed is handled on its own: a feed that fails is reported and
recorded, and the poll goes on with the next one. An entry whose page failed for a reason
that may pass (timeout, 5xx) is tried again at the next poll; one refused for good (404, not
a web page, robots.txt) is not.

Storing pages is all a poll does; the caller runs one reindex afterwards.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import feedparser

from bot.feeds.state import Feed, FeedState
from bot.fetch.client import FEED_TYPES, Fetched, Fetcher, FetchError, Validators, check_url
from bot.fetch.links import LinkAdder, LinkOutcome

log = logging.getLogger(__name__)

MAX_NEW_PER_POLL = 50
"""New entries taken from one feed per poll, newest first; older ones are marked seen, so a
newly added feed with years of archive brings in its recent articles only."""


class FeedError(ValueError):
    """Not a usable feed; the message says why."""


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    link: str
    title: str
    published: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    entries: list[Entry]
    malformed: int = 0
    """Entries without a usable link (nothing to fetch)."""


@dataclass(slots=True)
class FeedResult:
    url: str
    title: str
    not_modified: bool = False
    error: str = ""
    added: list[LinkOutcome] = field(default_factory=list)
    """Entries whose page was stored (added or updated)."""
    failed: list[LinkOutcome] = field(default_factory=list)
    malformed: int = 0

    def describe(self) -> str:
        name = self.title or self.url
        if self.error:
            return f"{name}: failed: {self.error}"
        if self.not_modified:
            return f"{name}: not modified"
        parts = [f"{len(self.added)} new article{'s' if len(self.added) != 1 else ''}"]
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        if self.malformed:
            parts.append(f"{self.malformed} entries without a link skipped")
        return f"{name}: {', '.join(parts)}"


@dataclass(slots=True)
class PollReport:
    feeds: list[FeedResult] = field(default_factory=list)

    @property
    def added(self) -> list[LinkOutcome]:
        return [outcome for result in self.feeds for outcome in result.added]

    @property
    def failed_feeds(self) -> list[FeedResult]:
        return [result for result in self.feeds if result.error]

    def headline(self) -> str:
        """``3 new articles: A; B; C`` (titles), or ``no new articles``."""
        added = self.added
        if not added:
            return "no new articles"
        titles = "; ".join(o.page.title for o in added if o.page is not None)
        return f"{len(added)} new article{'s' if len(added) != 1 else ''}: {titles}"


def parse_feed(fetched: Fetched) -> ParsedFeed:
    """Entries of an RSS or Atom document; :class:`FeedError` if it is neither."""
    content_type = fetched.content_type + (
        f"; charset={fetched.charset}" if fetched.charset else ""
    )
    # Given a stream, feedparser never fetches anything itself (a string could be taken as a URL).
    parsed: Any = feedparser.parse(
        io.BytesIO(fetched.body),
        response_headers={"content-location": fetched.url, "content-type": content_type},
    )
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise FeedError(f"not an RSS or Atom feed{f' ({problem})' if problem else ''}")
    entries: list[Entry] = []
    malformed = 0
    for item in parsed.entries:
        link = str(item.get("link") or "").strip()
        try:
            link = check_url(link)
        except FetchError:
            malformed += 1
            continue
        key = str(item.get("id") or "").strip() or link
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        entries.append(Entry(key, link, str(item.get("title") or "").strip(), tuple(stamp or ())))
    entries.sort(key=lambda e: e.published, reverse=True)
    return ParsedFeed(str(parsed.feed.get("title") or "").strip(), entries, malformed)


class FeedPoller:
    """Subscriptions and polls (blocking; call from a thread)."""

    def __init__(self, state: FeedState, links: LinkAdder, max_new: int = MAX_NEW_PER_POLL) -> None:
        self.state = state
        self.links = links
        self.max_new = max_new

    def subscribe(self, url: str) -> tuple[str, bool]:
        """Check that ``url`` is a feed, then subscribe: ``(title, newly added)``.

        Its entries are left unseen and its validators unset, so the next poll ingests them.
        """
        with self.links.fetcher() as fetcher:
            fetched = fetcher.fetch(url, FEED_TYPES)
        feed = parse_feed(fetched)
        return feed.title, self.state.add(check_url(url), feed.title)

    def unsubscribe(self, url: str) -> bool:
        return self.state.remove(url.strip())

    def poll(self, on_feed: Callable[[FeedResult], None] | None = None) -> PollReport:
        """Every feed in turn; new entries' pages are stored in the knowledge folder."""
        report = PollReport()
        with self.links.fetcher() as fetcher:
            for feed in self.state.feeds():
                result = self._poll_one(feed, fetcher)
                report.feeds.append(result)
                if on_feed is not None:
                    on_feed(result)
        return report

    def _poll_one(self, feed: Feed, fetcher: Fetcher) -> FeedResult:
        result = FeedResult(feed.url, feed.title)
        try:
            fetched = fetcher.fetch(feed.url, FEED_TYPES, feed.validators)
            if fetched.not_modified:
                result.not_modified = True
                self.state.polled(feed.url)
                return result
            parsed = parse_feed(fetched)
        except (FetchError, FeedError) as exc:
            result.error = str(exc)
            log.warning("feed %s failed: %s", feed.url, exc)
            self.state.polled(feed.url, error=result.error)
            return result
        result.title, result.malformed = parsed.title or feed.title, parsed.malformed
        seen = self.state.seen(feed.url)
        new = [entry for entry in parsed.entries if entry.key not in seen]
        done: list[tuple[str, str]] = [(e.key, e.link) for e in new[self.max_new :]]
        for entry, outcome in zip(
            new, self.links.add([e.link for e in new[: self.max_new]], fetcher), strict=False
        ):
            if outcome.page is None:
                result.failed.append(outcome)
            elif outcome.page.status != "unchanged":  # not already stored from another feed
                result.added.append(outcome)
            if outcome.ok or outcome.permanent:
                done.append((entry.key, entry.link))
        # The validators are kept only when every entry was dealt with: an entry to try again
        # must not be hidden behind a 304 at the next poll.
        complete = len(done) == len(new)
        self.state.polled(
            feed.url,
            validators=fetched.validators if complete else Validators(),
            seen=done,
            title=result.title or None,
        )
        return result
