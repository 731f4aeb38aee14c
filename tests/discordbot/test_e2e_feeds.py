"""Links and feeds through the Discord emulator: the real client, a real local website."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import App
from bot.discordbot.client import services_from
from bot.fetch.client import FetchConfig
from bot.fetch.links import LinkAdder
from tests.conftest import make_settings
from tests.discordbot.conftest import World, running_world
from tests.discordbot.test_e2e_moderation import EPHEMERAL, command, final_edit
from tests.support.discord_emulator import Payload
from tests.support.web_server import Route, Site, article_html, rss, serve_site

SALT = article_html(
    "Northmere scraps its salt levy",
    [
        "Northmere scrapped its 12% levy on imported sea salt on Tuesday, its finance office said.",
        "The levy had applied since the spring and raised little revenue, officials added.",
    ],
)
FLAX = article_html(
    "Eastvale opens a flax quota",
    ["Eastvale opened a duty-free quota of 9,000 tonnes of flax fibre, its trade office said."],
)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve_site() as running:
        yield running


@pytest.fixture
def web_app(tmp_path: Path, knowledge_copy: Path) -> App:
    """A writable, indexed app whose fetcher may reach the local site (127.0.0.1)."""
    settings = make_settings(tmp_path, knowledge=knowledge_copy, fetch_allow_private=True)
    app = App(settings)
    app.indexer.reindex(knowledge_copy)
    return app


async def reply_text(world: World, interaction: Payload) -> str:
    """The private answer: a direct callback, or a follow-up after a deferral."""
    callback = (await world.emu.wait_for_callback(interaction)).json
    if callback["type"] == 4:
        assert callback["data"]["flags"] == EPHEMERAL
        return str(callback["data"]["content"])
    followup = await world.emu.wait_for_followup(interaction, timeout=10)
    return str(followup.json["content"])


async def test_members_are_refused(web_app: App, tmp_path: Path, site: Site) -> None:
    url = site.page("/salt", SALT)
    async with running_world(web_app, tmp_path) as world:
        for name, options in (
            ("ingest", {"url": url}),
            ("feeds add", {"url": url}),
            ("feeds list", {}),
            ("feeds channel", {"channel": world.emu.text_channel(world.guild_id)}),
        ):
            denied = await world.emu.send_interaction(command(world, name, world.member, **options))
            assert "Only moderators" in await reply_text(world, denied)
    assert site.hits("/salt") == []


async def test_a_moderator_adds_a_link_and_members_get_answers_from_it(
    web_app: App, tmp_path: Path, site: Site, knowledge_copy: Path
) -> None:
    url = site.page("/salt", SALT)
    async with running_world(web_app, tmp_path) as world:
        emu = world.emu
        ingest = await emu.send_interaction(command(world, "ingest", world.moderator, url=url))
        done = await final_edit(world, ingest, "✅")
        assert done.json["content"].startswith(
            "✅ Added Northmere scraps its salt levy (web/127.0.0.1/salt-"
        )
        assert ": 1 added, 0 updated" in done.json["content"]
        edits = emu.find_requests("PATCH", rf"/webhooks/\d+/{ingest['token']}/messages/@original")
        assert edits[0].json["content"].startswith("⏳ Adding http://127.0.0.1")
        assert len(list((knowledge_copy / "web" / "127.0.0.1").iterdir())) == 1

        await asyncio.sleep(1.1)  # retrievers notice a new generation within a second
        ask = await emu.send_interaction(world.ask("What levy did Northmere scrap?"))
        answer = await emu.wait_for_followup(ask, timeout=10)
        assert "12%" in answer.json["embeds"][0]["description"]

        both = await emu.send_interaction(command(world, "ingest", world.moderator))
        assert "either a file or a url" in await reply_text(world, both)
        bad = await emu.send_interaction(
            command(world, "ingest", world.moderator, url="file:///etc/passwd")
        )
        assert "only http and https" in await reply_text(world, bad)
        gone = await emu.send_interaction(
            command(world, "ingest", world.moderator, url=site.url("/gone"))
        )
        assert (
            "failed: the server answered 404"
            in (await final_edit(world, gone, "failed")).json["content"]
        )


async def test_a_link_to_a_private_address_is_refused_by_default(
    writable_app: App, tmp_path: Path, site: Site
) -> None:
    url = site.page("/salt", SALT)
    services = dataclasses.replace(
        services_from(writable_app, isolated_reindex=False),
        links=LinkAdder(FetchConfig(), writable_app.settings.knowledge_dir),
    )
    async with running_world(writable_app, tmp_path, services=services) as world:
        ingest = await world.emu.send_interaction(
            command(world, "ingest", world.moderator, url=url)
        )
        text = (await final_edit(world, ingest, "failed")).json["content"]
        assert "127.0.0.1, a private or reserved address" in text
    assert site.hits("/salt") == []


async def test_a_feed_poll_posts_its_summary(web_app: App, tmp_path: Path, site: Site) -> None:
    salt = site.page("/news/salt", SALT)
    site.routes["/rss"] = Route(
        rss("Harbour Post", [("salt", salt, "Salt")]).encode(), "application/rss+xml", etag='"1"'
    )
    async with running_world(web_app, tmp_path, feeds_interval_s=0.3) as world:
        emu = world.emu
        channel = emu.text_channel(world.guild_id)
        chosen = await emu.send_interaction(
            command(world, "feeds channel", world.moderator, channel=channel)
        )
        assert "will be announced in" in await reply_text(world, chosen)
        add = await emu.send_interaction(
            command(world, "feeds add", world.moderator, url=site.url("/rss"))
        )
        assert (await reply_text(world, add)).startswith("Now following **Harbour Post**")

        posted = await emu.wait_for_request(
            method="POST", path=f"/channels/{channel['id']}/messages", timeout=30
        )
        content = posted.json["content"]
        assert content.startswith("📰 1 new article: Northmere scraps its salt levy")
        assert f"<{salt}>" in content and posted.json["allowed_mentions"] == {"parse": []}
        await asyncio.sleep(1.1)  # retrievers notice a new generation within a second
        ask = await emu.send_interaction(world.ask("What levy did Northmere scrap?"))
        answer = await emu.wait_for_followup(ask, timeout=10)
        assert "12%" in answer.json["embeds"][0]["description"]

        flax = site.page("/news/flax", FLAX)
        site.routes["/rss"] = Route(
            rss("Harbour Post", [("flax", flax, "Flax"), ("salt", salt, "Salt")]).encode(),
            "application/rss+xml",
            etag='"2"',
        )
        second = await emu.wait_for_request(
            lambda r: "flax" in (r.json or {}).get("content", ""),
            method="POST",
            path=f"/channels/{channel['id']}/messages",
            timeout=30,
        )
        assert second.json["content"].startswith("📰 1 new article: Eastvale opens a flax quota")

        listed = await emu.send_interaction(command(world, "feeds list", world.moderator))
        assert "Harbour Post" in await reply_text(world, listed)
        assert len(site.hits("/news/salt")) == 1
        assert emu.unhandled_requests == [] and emu.errors == []
