"""The feeds file: subscriptions, validators, seen entries and summary channels."""

from __future__ import annotations

from pathlib import Path

from bot.feeds.state import FeedState
from bot.fetch.client import Validators


def test_subscriptions_remember_their_polls_and_forget_their_entries(tmp_path: Path) -> None:
    state = FeedState(tmp_path / "feeds.sqlite3")
    assert state.add("https://news.test/rss", "News") is True
    assert state.add("https://news.test/rss", "News, renamed") is False
    state.polled(
        "https://news.test/rss",
        validators=Validators('"e1"', "Mon, 02 Mar 2026 09:00:00 GMT"),
        seen=[("guid-1", "https://news.test/1"), ("guid-2", "https://news.test/2")],
    )
    (feed,) = state.feeds()
    assert (feed.title, feed.seen, feed.last_error) == ("News, renamed", 2, "")
    assert feed.validators == Validators('"e1"', "Mon, 02 Mar 2026 09:00:00 GMT")
    assert feed.polled_at is not None and feed.polled_at.endswith("Z")

    state.polled("https://news.test/rss", error="the server answered 500")
    assert state.feeds()[0].last_error == "the server answered 500"
    assert state.feeds()[0].validators.etag == '"e1"'  # kept when the feed was not read

    assert state.remove("https://news.test/rss") and not state.remove("https://news.test/rss")
    state.add("https://news.test/rss", "News")
    assert state.seen("https://news.test/rss") == set()  # entries went with the feed


def test_one_summary_channel_per_server(tmp_path: Path) -> None:
    state = FeedState(tmp_path / "feeds.sqlite3")
    state.set_channel(1, 10)
    state.set_channel(2, 20)
    state.set_channel(1, 11)
    assert FeedState(tmp_path / "feeds.sqlite3").channels() == {1: 11, 2: 20}
