"""The feed poll's channel summary."""

from __future__ import annotations

from bot.discordbot.cogs.feeds import summary
from bot.feeds.poller import FeedResult, PollReport
from bot.fetch.links import LinkOutcome
from bot.fetch.pages import StoredPage


def added(n: int) -> LinkOutcome:
    url = f"https://news.test/{n}"
    return LinkOutcome(url, StoredPage(url, url, f"web/news.test/{n}.html", f"Story {n}", "added"))


def test_the_summary_names_each_article_with_its_link_and_stays_short() -> None:
    report = PollReport([FeedResult("https://news.test/rss", "News", added=[added(1), added(2)])])
    assert summary(report) == (
        "📰 2 new articles: Story 1; Story 2\n"
        "• Story 1 — <https://news.test/1>\n"
        "• Story 2 — <https://news.test/2>"
    )
    many = PollReport([FeedResult("u", "t", added=[added(n) for n in range(14)])])
    lines = summary(many).splitlines()
    assert len(lines) == 12 and lines[-1] == "… and 4 more (/sources lists them)"
