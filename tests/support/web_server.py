"""A small website on 127.0.0.1 for the fetcher and feed tests (stdlib http.server in a thread).

Routes are set per test and can change between requests (a feed gaining entries). Each route
may send an ETag / Last-Modified and answer conditional requests with 304, wait before
answering (a slow server), or stream a large body without a Content-Length.
"""

from __future__ import annotations

import contextlib
import ssl
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    delay_s: float = 0.0
    stream_bytes: int = 0
    """Send this many filler bytes in chunks, with no Content-Length, instead of ``body``."""


@dataclass(frozen=True)
class Seen:
    path: str
    headers: dict[str, str]


class Site:
    """The routes and the requests seen; ``url(path)`` gives the full address."""

    def __init__(self, host: str, port: int) -> None:
        self.base = f"http://{host}:{port}"
        self.port = port
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, html: str, **options: object) -> str:
        self.routes[path] = Route(html.encode(), **options)  # type: ignore[arg-type]
        return self.url(path)

    def redirect(self, path: str, target: str, status: int = 302) -> str:
        self.routes[path] = Route(status=status, headers={"Location": target})
        return self.url(path)

    def hits(self, path: str) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def _record(self, seen: Seen) -> None:
        with self._lock:
            self.requests.append(seen)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            site._record(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = site.routes.get(self.path)
            if route is None:
                self._send(404, b"not found", "text/plain", {})
                return
            if route.delay_s:
                time.sleep(route.delay_s)
            headers = dict(route.headers)
            if route.etag:
                headers["ETag"] = route.etag
            if route.last_modified:
                headers["Last-Modified"] = route.last_modified
            fresh = (route.etag and self.headers.get("If-None-Match") == route.etag) or (
                route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
            )
            if fresh:
                self._send(304, b"", None, headers)
            elif route.stream_bytes:
                self._stream(route, headers)
            else:
                self._send(route.status, route.body, route.content_type, headers)

        def _send(
            self, status: int, body: bytes, content_type: str | None, headers: dict[str, str]
        ) -> None:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            # the client may refuse the body from its declared length
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def _stream(self, route: Route, headers: dict[str, str]) -> None:
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            chunk = b"<p>" + b"x" * 65_530 + b"</p>"
            sent = 0
            try:
                while sent < route.stream_bytes:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading, as it should

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a slow route's thread must not hold up the shutdown

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client closing its kept-alive connection is normal; anything else is shown."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_site(host: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> Iterator[Site]:
    """A running site on a free port of ``host`` (HTTPS with ``tls``); stopped on exit."""
    site = Site(host, 0)
    server = _Server((host, 0), _handler(site))
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    site.port = server.server_port
    site.base = f"{'https' if tls else 'http'}://{host}:{site.port}"
    thread = threading.Thread(target=server.serve_forever, name="test-site", daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def article_html(
    title: str,
    paragraphs: list[str],
    *,
    canonical: str | None = None,
    published: str = "2026-03-02",
) -> str:
    """A news page with furniture around the article, as sites serve them."""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>{title} | The Test Gazette</title>{link}
<meta property="article:published_time" content="{published}T09:00:00Z">
<script>document.write("never run")</script></head>
<body><nav><a href="/">Home</a> <a href="/trade">Trade</a></nav>
<article><h1>{title}</h1>
{body}
</article>
<aside class="most-read"><h2>Most read</h2><ul><li>Something else</li></ul></aside>
<footer>© The Test Gazette</footer></body></html>
"""


def rss(title: str, items: list[tuple[str, str, str]], dates: list[str] | None = None) -> str:
    """An RSS 2.0 document; ``items`` are (guid, link, title), ``dates`` their pubDates."""
    when = dates or ["Mon, 02 Mar 2026 09:00:00 GMT"] * len(items)
    entries = "".join(
        f"<item><guid>{guid}</guid><link>{link}</link><title>{name}</title>"
        f"<pubDate>{day}</pubDate></item>"
        for (guid, link, name), day in zip(items, when, strict=True)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://example.invalid/</link>"
        f"<description>test feed</description>{entries}</channel></rss>"
    )


def atom(title: str, entries: list[tuple[str, str, str]]) -> str:
    """An Atom 1.0 document; ``entries`` are (id, link, title)."""
    items = "".join(
        f'<entry><id>{entry_id}</id><link rel="alternate" href="{link}"/><title>{name}</title>'
        "<updated>2026-03-02T09:00:00Z</updated></entry>"
        for entry_id, link, name in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{title}</title><id>urn:test:{title}</id>"
        f"<updated>2026-03-02T09:00:00Z</updated>{items}</feed>"
    )
