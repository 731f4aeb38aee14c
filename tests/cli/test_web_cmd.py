"""``tradebot add`` and ``tradebot feeds`` as a real process against a local site."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.support.web_server import Route, Site, article_html, atom, serve_site

TIN = article_html(
    "Valoria halves its tin duty",
    [
        "Valoria halved its import duty on refined tin to 6% on Monday, the trade ministry said.",
        "The cut applies to tin from every country and lasts until the end of next year.",
    ],
)
WOOL = article_html(
    "Ostmark lifts its wool quota",
    ["Ostmark lifted its wool import quota to 40,000 tonnes a year, its customs office said."],
)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve_site() as running:
        yield running


def tradebot(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``tradebot ARGS`` on an empty knowledge folder, allowed to reach the local site."""
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir(exist_ok=True)
    settings = {"TRADEBOT_FETCH_ALLOW_PRIVATE": "1", "TRADEBOT_FETCH_CONTACT": "ops@tradebot.test"}
    return run(list(args), tmp_path / "index", knowledge=knowledge, **{**settings, **env})


def test_add_fetches_indexes_and_answers_then_updates_in_place(site: Site, tmp_path: Path) -> None:
    tin = site.page("/tin", TIN)
    added = tradebot(tmp_path, "add", tin, site.url("/missing"))
    assert added.returncode == 1, added.stderr
    lines = added.stdout.splitlines()
    assert lines[0].startswith(f"{tin}: added web/127.0.0.1/tin-")
    assert lines[1] == f"{site.url('/missing')}: not added: the server answered 404"
    assert lines[2].startswith("1 added, 0 updated, 0 removed")

    answer = tradebot(tmp_path, "ask", "--json", "What is Valoria's import duty on tin?")
    data = json.loads(answer.stdout)
    assert "6%" in data["answer"]
    assert data["citations"][0]["source_file"].startswith("web/127.0.0.1/tin-")

    again = tradebot(tmp_path, "add", tin)
    assert again.returncode == 0 and ": unchanged web/127.0.0.1/tin-" in again.stdout
    site.page("/tin", TIN.replace("6%", "5%"))
    changed = tradebot(tmp_path, "add", tin)
    assert changed.returncode == 0 and "0 added, 1 updated" in changed.stdout
    assert len(list((tmp_path / "knowledge" / "web" / "127.0.0.1").iterdir())) == 1


def test_add_refuses_bad_links_and_private_addresses_by_default(site: Site, tmp_path: Path) -> None:
    tin = site.page("/tin", TIN)
    bad = tradebot(tmp_path, "add", "ftp://files.test/x", tin)
    assert bad.returncode == 2
    assert "ftp://files.test/x: not added: only http and https" in bad.stderr
    private = tradebot(tmp_path, "add", tin, TRADEBOT_FETCH_ALLOW_PRIVATE="0")
    assert private.returncode == 1
    assert "127.0.0.1, a private or reserved address" in private.stdout


def test_feeds_add_list_poll_remove(site: Site, tmp_path: Path) -> None:
    feed = site.url("/atom")
    site.routes["/atom"] = Route(
        atom("Courier", [("urn:tin", site.page("/tin", TIN), "Tin")]).encode(),
        "application/atom+xml",
        etag='"a1"',
    )
    assert tradebot(tmp_path, "feeds", "add", "notaurl").returncode == 2
    subscribed = tradebot(tmp_path, "feeds", "add", feed)
    assert subscribed.returncode == 0 and subscribed.stdout.startswith("subscribed to Courier")
    polled = tradebot(tmp_path, "feeds", "poll")
    assert polled.returncode == 0, polled.stderr
    assert "Courier: 1 new article" in polled.stdout
    assert polled.stdout.strip().endswith("1 new article: Valoria halves its tin duty")

    site.routes["/atom"] = Route(
        atom("Courier", [("urn:wool", site.page("/wool", WOOL), "Wool")]).encode(),
        "application/atom+xml",
        etag='"a2"',
    )
    polled = tradebot(tmp_path, "feeds", "poll")
    assert "1 added, 0 updated, 0 removed, 1 unchanged" in polled.stdout
    listed = tradebot(tmp_path, "feeds", "list")
    assert f"{feed}\n    Courier · 2 entries · polled 20" in listed.stdout
    assert tradebot(tmp_path, "feeds", "remove", feed).returncode == 0
    missing = tradebot(tmp_path, "feeds", "remove", feed)
    assert missing.returncode == 1 and "not subscribed" in missing.stderr
