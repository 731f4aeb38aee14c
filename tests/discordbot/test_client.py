"""The bot's construction: endpoints, intents, configuration."""

from __future__ import annotations

import asyncio
from pathlib import Path

import discord
import discord.gateway
import discord.http
import pytest
import yarl
from discord.ext import commands

from bot.app import App
from bot.discordbot.client import (
    ShardedTradeBot,
    TradeBot,
    config_from,
    create_bot,
    intents,
    point_at,
)
from tests.conftest import make_settings
from tests.support.discord_emulator import DiscordEmulator, make_guild


def endpoints() -> tuple[str, yarl.URL]:
    return discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY


def test_point_at_and_restore() -> None:
    original = endpoints()
    restore = point_at("http://127.0.0.1:9/api/v10/", "ws://127.0.0.1:9/gateway")
    try:
        redirected = endpoints()
    finally:
        restore()
    assert redirected == ("http://127.0.0.1:9/api/v10", yarl.URL("ws://127.0.0.1:9/gateway"))
    assert endpoints() == original
    point_at(None, None)()  # nothing configured: nothing changes
    assert endpoints() == original


def test_no_privileged_intents() -> None:
    chosen = intents()
    assert chosen.guilds and chosen.guild_messages and chosen.dm_messages
    assert not (chosen.message_content or chosen.members or chosen.presences)


def test_config_from_settings(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path, guild_id=5, moderator_role_ids="1, 2", user_cooldown_s=0, max_queued_answers=3
    )
    config = config_from(settings, sync_commands=False)
    assert config.guild_id == 5 and config.moderator_role_ids == frozenset({1, 2})
    assert (config.user_cooldown_s, config.max_queued_answers, config.sync_commands) == (
        0,
        3,
        False,
    )
    bot = create_bot(App(settings))
    assert isinstance(bot, TradeBot)
    # Without TRADEBOT_SHARDS Discord says how many shards are needed: never refused at 2,500.
    assert isinstance(bot, ShardedTradeBot) and bot.shard_count is None
    assert bot.allowed_mentions is not None
    assert bot.allowed_mentions.to_dict() == discord.AllowedMentions.none().to_dict()
    assert bot.services.feedback.path == tmp_path / "index" / "feedback.sqlite3"


@pytest.mark.slow
async def test_shards_setting_runs_several_gateway_connections(
    built_app: App, tmp_path: Path
) -> None:
    settings = built_app.settings.model_copy(update={"shards": 2})
    bot = create_bot(App(settings), guild_ready_timeout=0.05, user_cooldown_s=0)
    assert isinstance(bot, ShardedTradeBot) and isinstance(bot, commands.Bot)
    guild = make_guild("Desk")
    async with DiscordEmulator(guilds=[guild]) as emu:
        restore = point_at(emu.api_base, emu.gateway_url)
        try:
            await bot.login("token")
            task = asyncio.create_task(bot.connect(reconnect=False))
            await asyncio.wait_for(bot.wait_until_ready(), 20)  # shards identify 5 s apart
            assert [p["shard"] for p in emu.identify_payloads] == [[0, 2], [1, 2]]
            assert emu.find_requests("PUT", r".*/commands"), "all shards here: commands synced"
            ask = await emu.send_interaction(
                emu.slash_command(
                    "ask", {"question": "What does Japan face?"}, guild_id=guild["id"]
                )
            )
            assert (await emu.wait_for_followup(ask, timeout=10)).json["embeds"]
        finally:
            await bot.close()
            await asyncio.wait_for(task, 10)
            restore()


def test_shard_ids_accept_ranges_and_must_fit_the_shard_count(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, shards=8, shard_ids="0-2, 6")
    assert settings.shard_ids == (0, 1, 2, 6)
    assert config_from(settings).sync_commands, "the process running shard 0 syncs"
    assert not config_from(make_settings(tmp_path, shards=8, shard_ids="4-7")).sync_commands
    with pytest.raises(ValueError, match="between 0 and 3"):
        make_settings(tmp_path, shards=4, shard_ids="2-4")
    with pytest.raises(ValueError, match="needs TRADEBOT_SHARDS"):
        make_settings(tmp_path, shard_ids="1")


@pytest.mark.slow
async def test_a_process_runs_only_its_shards(built_app: App) -> None:
    """Two of four shards in this process: it identifies as those, answers, syncs nothing."""
    settings = built_app.settings.model_copy(update={"shards": 4, "shard_ids": (2, 3)})
    bot = create_bot(App(settings), guild_ready_timeout=0.05, user_cooldown_s=0)
    assert isinstance(bot, ShardedTradeBot) and not bot.config.sync_commands
    guild = make_guild("Desk")
    async with DiscordEmulator(guilds=[guild]) as emu:
        restore = point_at(emu.api_base, emu.gateway_url)
        try:
            await bot.login("token")
            task = asyncio.create_task(bot.connect(reconnect=False))
            await asyncio.wait_for(bot.wait_until_ready(), 20)
            assert [p["shard"] for p in emu.identify_payloads] == [[2, 4], [3, 4]]
            ask = await emu.send_interaction(
                emu.slash_command(
                    "ask", {"question": "What does Japan face?"}, guild_id=guild["id"]
                )
            )
            assert (await emu.wait_for_followup(ask, timeout=10)).json["embeds"]
            assert not emu.find_requests("PUT", r".*/commands")
        finally:
            await bot.close()
            await asyncio.wait_for(task, 10)
            restore()
