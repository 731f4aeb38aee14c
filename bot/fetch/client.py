"""The fetcher: one GET with every safety rule of ``tradebot add`` and the feeds.

- only ``http`` and ``https``; each hop's address checked by :class:`PinnedTransport`;
- at most :data:`MAX_REDIRECTS` redirects, followed here one by one so that every hop is
  checked (scheme, address, robots.txt) and a loop is named as such;
- connect and read timeouts, and a deadline for the whole body (a server trickling bytes);
- the body is read as a stream and abandoned past :data:`MAX_BODY_BYTES`;
- only the content types the caller accepts (HTML or plain text for pages, XML for feeds);
- a User-Agent naming tradebot and the operator's contact; cookies only through one page's
  redirects; no proxies from the environment (a proxy would connect on our behalf, past the
  address checks).

Nothing is ever executed: the body is returned as text.
"""

from __future__ import annotations

import re
import ssl
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

import bot
from bot.fetch.address import AddressPolicy, AddressRefused, PinnedTransport, Resolver, resolve
from bot.fetch.robots import Robots, RobotsUnreachable
from bot.ingest.loader import MAX_FILE_BYTES

MAX_REDIRECTS = 5
MAX_BODY_BYTES = MAX_FILE_BYTES
"""The same cap as a file in the knowledge folder: a bigger page would be skipped anyway."""
MAX_ROBOTS_BYTES = 512_000
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
_CHARSET_META = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class FetchError(Exception):
    """A URL that could not be fetched; the message is safe to show to the person who asked.

    ``permanent`` is False for what may work next time (timeouts, 5xx, network errors), so
    that a feed poll tries such an entry again later.
    """

    def __init__(self, message: str, *, permanent: bool = True, status: int | None = None) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.status = status


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """What a :class:`Fetcher` needs from the settings (picklable, for child processes)."""

    contact: str = ""
    allow_private: bool = False
    obey_robots: bool = True
    timeout_s: float = 10.0
    deadline_s: float = 60.0
    """The whole request, body included; the timeouts alone let a trickling server go on."""

    @property
    def user_agent(self) -> str:
        contact = self.contact.strip() or "operator contact not set"
        return f"tradebot/{bot.__version__} (+{contact})"


@dataclass(frozen=True, slots=True)
class Validators:
    """A previous answer's ETag and Last-Modified, for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    """The final URL, after redirects."""
    status: int
    content_type: str
    body: bytes
    charset: str | None
    """From the Content-Type header; None when the server did not say."""
    validators: Validators

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def text(self) -> str:
        """The body decoded: the header's charset, else the page's <meta charset>, else UTF-8."""
        charset = self.charset
        if charset is None and (match := _CHARSET_META.search(self.body[:4096])):
            charset = match.group(1).decode("ascii")
        try:
            return self.body.decode(charset or "utf-8", errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


def check_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL with a host; FetchError otherwise."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise FetchError(f"not a valid URL ({exc})") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"only http and https links can be fetched, not {parts.scheme or url!r}")
    if not parts.hostname:
        raise FetchError("the link has no host name")
    if parts.username or parts.password:
        raise FetchError("links with a user name or password are not fetched")
    return parts.geturl()


class Fetcher:
    """A GET client with the rules above; use as a context manager (it holds connections)."""

    def __init__(
        self,
        config: FetchConfig,
        resolver: Resolver = resolve,
        inner: httpx.BaseTransport | None = None,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        """``resolver``, ``inner`` (the transport below the address checks) and ``tls`` (the
        certificate checks) are replaced in tests only."""
        self.config = config
        policy = AddressPolicy(config.allow_private)
        transport = PinnedTransport(policy, resolver, inner, tls)
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(config.timeout_s),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": config.user_agent},
        )
        self._robots = Robots(self._get_robots) if config.obey_robots else None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(
        self,
        url: str,
        accept: Collection[str] = PAGE_TYPES,
        validators: Validators | None = None,
    ) -> Fetched:
        """GET ``url`` following at most MAX_REDIRECTS redirects; raises :class:`FetchError`."""
        self._client.cookies.clear()  # cookies may live through one page's redirects, no longer
        return self._fetch(url, accept, validators, MAX_BODY_BYTES, self._robots)

    def _get_robots(self, robots_url: str) -> tuple[int, str]:
        try:
            fetched = self._fetch(robots_url, (), None, MAX_ROBOTS_BYTES, None)
        except FetchError as exc:
            if exc.status is not None:
                return exc.status, ""
            if not exc.permanent:
                raise RobotsUnreachable(str(exc)) from exc
            raise  # e.g. a refused address: the page's own answer
        return fetched.status, fetched.text

    def _fetch(
        self,
        url: str,
        accept: Collection[str],
        validators: Validators | None,
        limit: int,
        robots: Robots | None,
    ) -> Fetched:
        current = check_url(url)
        seen = {current}
        deadline = time.monotonic() + self.config.deadline_s
        headers = validators.headers() if validators else {}
        for _hop in range(MAX_REDIRECTS + 1):
            if robots is not None and not robots.allowed(current):
                raise FetchError(f"robots.txt of {urlsplit(current).netloc} disallows this page")
            with self._request(current, headers) as response:
                if response.status_code in REDIRECTS:
                    location = response.headers.get("location", "")
                    if not location:
                        raise FetchError(f"a redirect ({response.status_code}) without a target")
                    current = check_url(urljoin(current, location))
                    if current in seen:
                        raise FetchError(f"redirect loop (back to {current})")
                    seen.add(current)
                    continue
                return self._answer(current, response, accept, limit, deadline)
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    @contextmanager
    def _request(self, url: str, headers: dict[str, str]) -> Iterator[httpx.Response]:
        host = urlsplit(url).hostname
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                yield response
        except AddressRefused as exc:
            raise FetchError(str(exc)) from exc
        except httpx.TimeoutException as exc:
            raise FetchError(
                f"{host} did not answer within {self.config.timeout_s:g} s", permanent=False
            ) from exc
        except httpx.HTTPError as exc:
            raise FetchError(
                f"could not reach {host} ({type(exc).__name__})", permanent=False
            ) from exc

    def _answer(
        self,
        url: str,
        response: httpx.Response,
        accept: Collection[str],
        limit: int,
        deadline: float,
    ) -> Fetched:
        validators = Validators(response.headers.get("etag"), response.headers.get("last-modified"))
        status = response.status_code
        if status == 304:
            return Fetched(url, status, "", b"", None, validators)
        if status >= 400 or status < 200:
            transient = status >= 500 or status in (408, 429)
            raise FetchError(
                f"the server answered {status}", permanent=not transient, status=status
            )
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if accept and content_type not in accept:
            raise FetchError(f"{content_type or 'an unnamed type'} is not a web page or feed")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"the page is larger than {limit // 1_000_000} MB")
        body = bytearray()
        for chunk in response.iter_bytes():  # decoded: the cap is on what is stored
            body += chunk
            if len(body) > limit:
                raise FetchError(f"the page is larger than {limit // 1_000_000} MB")
            if time.monotonic() > deadline:
                raise FetchError(
                    f"the page took longer than {self.config.deadline_s:g} s", permanent=False
                )
        return Fetched(
            url, status, content_type, bytes(body), response.charset_encoding, validators
        )
