"""Adding articles by link: fetch each URL safely, store the page, say what happened.

Used by ``tradebot add``, ``/ingest url:`` and the feed poll; indexing is left to the caller,
which runs one reindex for the whole batch (only the changed files are embedded).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.fetch.address import Resolver, resolve
from bot.fetch.client import PAGE_TYPES, FetchConfig, Fetcher, FetchError
from bot.fetch.pages import PageRefused, PageStore, StoredPage


@dataclass(frozen=True, slots=True)
class LinkOutcome:
    """One URL: the stored page, or why not (``permanent`` False: worth trying again later)."""

    url: str
    page: StoredPage | None = None
    error: str = ""
    permanent: bool = True

    @property
    def ok(self) -> bool:
        return self.page is not None

    def describe(self) -> str:
        """``<url>: added|updated|unchanged <file> (<title>)`` or ``<url>: not added: <why>``."""
        if self.page is None:
            return f"{self.url}: not added: {self.error}"
        return f"{self.url}: {self.page.status} {self.page.path} ({self.page.title})"


class LinkAdder:
    """Fetch pages and store them in the knowledge folder (blocking; call from a thread)."""

    def __init__(
        self, config: FetchConfig, knowledge_dir: Path, resolver: Resolver = resolve
    ) -> None:
        self.config = config
        self.store = PageStore(knowledge_dir)
        self.resolver = resolver

    def fetcher(self) -> Fetcher:
        """A fetcher for one batch (its connections and robots.txt cache end with it)."""
        return Fetcher(self.config, self.resolver)

    def add(
        self,
        urls: Iterable[str],
        fetcher: Fetcher | None = None,
        on_each: Callable[[LinkOutcome], None] | None = None,
    ) -> list[LinkOutcome]:
        """Each URL fetched and stored in turn; one failure never stops the others."""
        own = fetcher is None
        client = fetcher or self.fetcher()
        outcomes = []
        try:
            for url in urls:
                outcome = self._add_one(client, url)
                outcomes.append(outcome)
                if on_each is not None:
                    on_each(outcome)
        finally:
            if own:
                client.close()
        return outcomes

    def _add_one(self, fetcher: Fetcher, url: str) -> LinkOutcome:
        try:
            fetched = fetcher.fetch(url, PAGE_TYPES)
            return LinkOutcome(url, self.store.store(fetched))
        except FetchError as exc:
            return LinkOutcome(url, error=str(exc), permanent=exc.permanent)
        except PageRefused as exc:
            return LinkOutcome(url, error=str(exc))
