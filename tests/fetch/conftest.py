"""A local site on 127.0.0.1 and a fetcher allowed to reach it (as the operator would allow)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.fetch.client import FetchConfig, Fetcher
from tests.support.web_server import Site, serve_site

LOCAL = FetchConfig(contact="ops@tradebot.test", allow_private=True, timeout_s=2.0, deadline_s=10.0)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve_site() as running:
        yield running


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(LOCAL) as client:
        yield client
