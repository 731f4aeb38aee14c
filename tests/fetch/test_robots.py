"""robots.txt rules, parsed by urllib.robotparser, fetched by whoever builds Robots."""

from __future__ import annotations

import pytest

from bot.fetch.robots import Robots, RobotsGetter, RobotsUnreachable


def getter(answers: dict[str, tuple[int, str]], asked: list[str]) -> RobotsGetter:
    def get(url: str) -> tuple[int, str]:
        asked.append(url)
        answer = answers[url]
        if answer[0] == 0:
            raise RobotsUnreachable("timed out")
        return answer

    return get


@pytest.mark.parametrize(
    ("answer", "allowed"),
    [
        ((200, "User-agent: tradebot\nDisallow: /drafts/\n"), [True, False]),
        ((200, "User-agent: *\nDisallow: /\n\nUser-agent: tradebot\nAllow: /\n"), [True, True]),
        ((200, "User-agent: *\nDisallow: /\n"), [False, False]),
        ((404, ""), [True, True]),  # no robots.txt: everything allowed
        ((503, ""), [False, False]),  # unreachable: nothing for now (RFC 9309)
        ((0, ""), [False, False]),  # network error: the same
    ],
)
def test_rules_by_answer(answer: tuple[int, str], allowed: list[bool]) -> None:
    asked: list[str] = []
    robots = Robots(getter({"https://news.test/robots.txt": answer}, asked))
    pages = ["https://news.test/story", "https://news.test/drafts/memo"]
    assert [robots.allowed(page) for page in pages] == allowed
    assert asked == ["https://news.test/robots.txt"]  # once per origin
