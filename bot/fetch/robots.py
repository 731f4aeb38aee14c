"""robots.txt, read with :mod:`urllib.robotparser` but fetched through our own safe client.

``RobotFileParser.read()`` would fetch with urllib, bypassing the address checks, so the file
is fetched by the caller and only parsed here. Following RFC 9309: a missing file (4xx) allows
everything; an unreachable one (5xx, network error) disallows everything for now.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

ROBOTS_AGENT = "tradebot"

RobotsGetter = Callable[[str], tuple[int, str]]
"""``robots_url -> (status, text)``; raises :class:`RobotsUnreachable` on a network error."""


class RobotsUnreachable(Exception):
    """robots.txt could not be read for a reason that may pass (timeout, network error)."""


class Robots:
    """Answers "may tradebot fetch this URL?", one robots.txt per origin, cached per batch."""

    def __init__(self, get: RobotsGetter, agent: str = ROBOTS_AGENT) -> None:
        self._get = get
        self._agent = agent
        self._parsers: dict[str, RobotFileParser] = {}

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        parser = self._parsers.get(origin)
        if parser is None:
            parser = self._parsers[origin] = self._load(origin + "/robots.txt")
        return parser.can_fetch(self._agent, url)

    def _load(self, robots_url: str) -> RobotFileParser:
        parser = RobotFileParser(robots_url)
        try:
            status, text = self._get(robots_url)
        except RobotsUnreachable:
            status, text = 503, ""
        if status >= 500:
            parser.parse(["User-agent: *", "Disallow: /"])
        elif status >= 400:
            parser.parse([])
        else:
            parser.parse(text.splitlines())
        return parser
