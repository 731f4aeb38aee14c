"""The fetcher against a real HTTP server on 127.0.0.1: every rule of a single GET."""

from __future__ import annotations

import dataclasses
import ssl

import httpx
import pytest
import trustme

from bot.fetch.client import FEED_TYPES, MAX_REDIRECTS, Fetcher, FetchError, Validators
from tests.fetch.conftest import LOCAL
from tests.support.web_server import Route, Site, article_html, serve_site


def test_a_page_is_fetched_with_a_user_agent_naming_tradebot_and_the_contact(
    site: Site, fetcher: Fetcher
) -> None:
    url = site.page("/a", article_html("Valoria trims duties", ["Duties fall."]))
    fetched = fetcher.fetch(url)
    assert fetched.status == 200 and fetched.content_type == "text/html"
    assert "Valoria trims duties" in fetched.text
    agent = site.hits("/a")[0].headers["user-agent"]
    assert agent.startswith("tradebot/") and "ops@tradebot.test" in agent


def test_loopback_is_refused_by_default(site: Site) -> None:
    site.page("/a", article_html("Private", ["Not for members."]))
    with Fetcher(dataclasses.replace(LOCAL, allow_private=False)) as strict:
        for url in (
            site.url("/a"),
            f"http://localhost:{site.port}/a",  # a name that resolves to 127.0.0.1
            f"http://[::ffff:127.0.0.1]:{site.port}/a",
        ):
            with pytest.raises(FetchError, match="private or reserved") as caught:
                strict.fetch(url)
            assert caught.value.permanent
    assert site.hits("/a") == []  # refused before connecting


def test_redirects_are_followed_one_by_one_and_each_hop_checked(
    site: Site, fetcher: Fetcher
) -> None:
    site.page("/final", article_html("Moved story", ["Text."]))
    site.redirect("/r1", "/r2", 301)
    site.redirect("/r2", site.url("/final"))
    assert fetcher.fetch(site.url("/r1")).url == site.url("/final")

    site.redirect("/loop-a", "/loop-b")
    site.redirect("/loop-b", "/loop-a")
    with pytest.raises(FetchError, match="redirect loop"):
        fetcher.fetch(site.url("/loop-a"))

    for n in range(MAX_REDIRECTS + 1):
        site.redirect(f"/chain{n}", f"/chain{n + 1}")
    site.page(f"/chain{MAX_REDIRECTS + 1}", article_html("Too far", ["Text."]))
    with pytest.raises(FetchError, match=f"more than {MAX_REDIRECTS} redirects"):
        fetcher.fetch(site.url("/chain0"))
    site.redirect("/to-file", "file:///etc/passwd")
    with pytest.raises(FetchError, match="only http and https"):
        fetcher.fetch(site.url("/to-file"))


def test_a_redirect_to_a_private_address_is_refused() -> None:
    """Only the first hop is public: the check happens again on the address of the second."""
    public = "93.184.216.34"
    addresses = {"news.test": [public], "intranet.test": ["10.0.0.7"]}
    contacted: list[str] = []

    def server(request: httpx.Request) -> httpx.Response:
        contacted.append(str(request.url.host))
        return httpx.Response(302, headers={"Location": "http://intranet.test/admin"})

    with (
        Fetcher(
            dataclasses.replace(LOCAL, allow_private=False, obey_robots=False),
            lambda host, port: addresses[host],
            httpx.MockTransport(server),
        ) as strict,
        pytest.raises(FetchError, match=r"intranet\.test resolves to 10\.0\.0\.7"),
    ):
        strict.fetch("http://news.test/story")
    assert contacted == [public]


def test_only_pages_of_the_accepted_types(site: Site, fetcher: Fetcher) -> None:
    site.routes["/scan.pdf"] = Route(b"%PDF-1.7", content_type="application/pdf")
    with pytest.raises(FetchError, match="application/pdf is not a web page"):
        fetcher.fetch(site.url("/scan.pdf"))
    site.routes["/plain"] = Route(b"Plain words.", content_type="text/plain; charset=latin-1")
    assert fetcher.fetch(site.url("/plain")).text == "Plain words."
    with pytest.raises(FetchError, match="text/plain is not a web page or feed"):
        fetcher.fetch(site.url("/plain"), FEED_TYPES)


def test_http_errors_say_whether_to_try_again(site: Site, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="answered 404") as missing:
        fetcher.fetch(site.url("/missing"))
    assert missing.value.permanent
    site.routes["/down"] = Route(b"oops", status=503)
    with pytest.raises(FetchError, match="answered 503") as down:
        fetcher.fetch(site.url("/down"))
    assert not down.value.permanent


def test_a_slow_server_times_out(site: Site) -> None:
    site.routes["/slow"] = Route(b"late", delay_s=3.0)
    with (
        Fetcher(dataclasses.replace(LOCAL, timeout_s=0.3)) as impatient,
        pytest.raises(FetchError, match=r"did not answer within 0\.3 s") as caught,
    ):
        impatient.fetch(site.url("/slow"))
    assert not caught.value.permanent


def test_a_huge_body_is_abandoned_while_streaming(site: Site, fetcher: Fetcher) -> None:
    site.routes["/huge"] = Route(stream_bytes=20_000_000)  # no Content-Length: must be counted
    with pytest.raises(FetchError, match="larger than 5 MB"):
        fetcher.fetch(site.url("/huge"))
    site.routes["/declared"] = Route(b"y" * 6_000_000)  # refused from its Content-Length
    with pytest.raises(FetchError, match="larger than 5 MB"):
        fetcher.fetch(site.url("/declared"))


def test_robots_txt_is_honoured_unless_the_operator_overrides_it(
    site: Site, fetcher: Fetcher
) -> None:
    site.routes["/robots.txt"] = Route(
        b"User-agent: tradebot\nDisallow: /private/\n", content_type="text/plain"
    )
    site.page("/private/memo", article_html("Memo", ["Internal."]))
    site.page("/public/story", article_html("Story", ["Public."]))
    with pytest.raises(FetchError, match=r"robots\.txt .* disallows"):
        fetcher.fetch(site.url("/private/memo"))
    assert fetcher.fetch(site.url("/public/story")).status == 200
    assert len(site.hits("/robots.txt")) == 1  # once per site and batch
    assert site.hits("/private/memo") == []
    with Fetcher(dataclasses.replace(LOCAL, obey_robots=False)) as rude:
        assert rude.fetch(site.url("/private/memo")).status == 200


def test_an_unreachable_robots_txt_disallows_for_now(site: Site, fetcher: Fetcher) -> None:
    site.routes["/robots.txt"] = Route(b"", status=500)
    site.page("/story", article_html("Story", ["Text."]))
    with pytest.raises(FetchError, match="disallows"):
        fetcher.fetch(site.url("/story"))


def test_conditional_get_answers_not_modified(site: Site, fetcher: Fetcher) -> None:
    site.routes["/feed"] = Route(b"<rss/>", "application/rss+xml", etag='"v1"')
    first = fetcher.fetch(site.url("/feed"), FEED_TYPES)
    assert first.validators == Validators('"v1"', None)
    again = fetcher.fetch(site.url("/feed"), FEED_TYPES, first.validators)
    assert again.not_modified and site.hits("/feed")[-1].headers["if-none-match"] == '"v1"'


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.com/a", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("http:///nohost", "no host name"),
        ("http://user:pw@example.com/", "user name or password"),
        ("http://example.com:99999/", "not a valid URL"),
    ],
)
def test_bad_links_are_refused_before_any_request(fetcher: Fetcher, url: str, reason: str) -> None:
    with pytest.raises(FetchError, match=reason):
        fetcher.fetch(url)


def test_https_to_the_checked_address_still_verifies_the_name() -> None:
    """Connecting to the resolved IP keeps TLS honest: SNI and the certificate use the name."""
    authority = trustme.CA()
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("news.test").configure_cert(server_tls)
    client_tls = ssl.create_default_context()
    authority.configure_trust(client_tls)
    with serve_site(tls=server_tls) as site:
        site.page("/a", article_html("Secure story", ["Text."]))
        config = dataclasses.replace(LOCAL, obey_robots=False)
        with Fetcher(config, lambda host, port: ["127.0.0.1"], tls=client_tls) as fetcher:
            fetched = fetcher.fetch(f"https://news.test:{site.port}/a")
            assert "Secure story" in fetched.text
            assert site.hits("/a")[0].headers["host"] == f"news.test:{site.port}"
            with pytest.raises(FetchError, match=r"could not reach other\.test"):
                fetcher.fetch(f"https://other.test:{site.port}/a")  # same address, wrong name
    assert len(site.hits("/a")) == 1
