"""``/gaps`` and ``/settings`` through the emulator (the defaults and refusals are in
test_e2e_discord_rules.py)."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

from bot.app import App
from bot.discordbot.client import services_from
from bot.feeds.poller import FeedPoller
from bot.feeds.state import FeedState
from tests.discordbot.conftest import assert_within_limits, running_world

EPHEMERAL = 64


async def test_gaps_groups_the_servers_refused_questions(built_app: App, tmp_path: Path) -> None:
    async with running_world(built_app, tmp_path) as world:
        emu = world.emu
        for question in (
            "Who won the 2025 Super Bowl?",
            "Which team won the Super Bowl in 2025?",
            "What tariffs does Japan face from the United States?",
        ):
            ask = await emu.send_interaction(world.ask(question))
            await emu.wait_for_followup(ask, timeout=10)
        with sqlite3.connect(tmp_path / "gaps.sqlite3") as db:
            stored = db.execute("SELECT question, origin, guild_id FROM refused").fetchall()
        assert sorted(q for q, _, _ in stored) == [
            "Which team won the Super Bowl in 2025?",
            "Who won the 2025 Super Bowl?",
        ]
        assert {(origin, guild) for _, origin, guild in stored} == {("discord", world.guild_id)}
        refused = await emu.send_interaction(
            emu.slash_command("gaps", user=world.member, guild_id=world.guild_id)
        )
        assert "Only moderators" in (await emu.wait_for_callback(refused)).json["data"]["content"]
        report = await emu.send_interaction(
            emu.slash_command("gaps", {"days": 7}, user=world.moderator, guild_id=world.guild_id)
        )
        shown = await emu.wait_for_followup(report, timeout=15)
        assert shown.response["flags"] & EPHEMERAL
        assert_within_limits(shown.json)
        embed = shown.json["embeds"][0]
        assert embed["title"] == "Unanswered questions, last 7 days"
        lines = embed["description"].splitlines()
        assert len(lines) == 1 and lines[0].startswith("**2×**") and "Super Bowl" in lines[0]


async def test_settings_choose_the_channel_for_feed_summaries(
    built_app: App, tmp_path: Path
) -> None:
    """One place for the feed channel: /settings writes where the feeds read it."""
    state = FeedState(tmp_path / "feeds.sqlite3")
    services = dataclasses.replace(
        services_from(built_app, isolated_reindex=False),
        feeds=FeedPoller(state, built_app.links),
    )
    async with running_world(None, tmp_path, services=services) as world:
        emu = world.emu
        channel = emu.text_channel(world.guild_id)
        chosen = await emu.send_interaction(
            emu.slash_command(
                "settings",
                {"feed_channel": channel},
                user=world.moderator,
                guild_id=world.guild_id,
            )
        )
        fields = (await emu.wait_for_followup(chosen)).json["embeds"][0]["fields"]
        assert {f["name"]: f["value"] for f in fields}["Feed summaries"] == f"<#{channel['id']}>"
        assert state.channels() == {world.guild_id: int(channel["id"])}
