"""A running :class:`~bot.discordbot.client.TradeBot` against the local Discord emulator.

The bot is the production one (same services, cogs, intents and endpoint override as
``tradebot run``); only the endpoints point at the emulator and ``on_ready`` is not delayed.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.app import App
from bot.discordbot.client import (
    BotConfig,
    Services,
    TradeBot,
    config_from,
    point_at,
    services_from,
)
from bot.discordbot.cogs.feedback import FeedbackStore
from bot.discordbot.servers import ServerSettingsStore
from bot.gaps import GapStore
from tests.conftest import make_settings
from tests.support.discord_emulator import (
    DiscordEmulator,
    Payload,
    make_guild,
    make_member,
    make_role,
    make_user,
)

TOKEN = "fake-token"
DATA = Path(__file__).resolve().parent / "data"


@dataclass
class World:
    emu: DiscordEmulator
    bot: TradeBot
    guild: Payload
    member: Payload
    moderator: Payload
    manager: Payload
    mod_role: Payload

    @property
    def guild_id(self) -> int:
        return int(self.guild["id"])

    def ask(self, question: str, user: Payload | None = None, **options: Any) -> Payload:
        return self.emu.slash_command(
            "ask",
            {"question": question, **options},
            user=user or self.member,
            guild_id=self.guild_id,
        )


def world_guild(**guild_options: Any) -> tuple[Payload, Payload, Payload, Payload, Payload]:
    """A guild with a plain member, a member with the moderator role and a Manage Server one."""
    mod_role = make_role("trade-mods")
    manager_role = make_role("managers", permissions=discord.Permissions(manage_guild=True).value)
    member, moderator, manager = make_user("member"), make_user("moderator"), make_user("boss")
    guild = make_guild(
        "Trade Desk",
        members=[
            make_member(member),
            make_member(moderator, roles=[mod_role]),
            make_member(manager, roles=[manager_role]),
        ],
        roles=[mod_role, manager_role],
        **guild_options,
    )
    return guild, member, moderator, manager, mod_role


@asynccontextmanager
async def running_world(
    app: App | None,
    tmp_path: Path,
    *,
    services: Services | None = None,
    emulator: dict[str, Any] | None = None,
    guild_options: dict[str, Any] | None = None,
    sync_to_guild: bool = False,
    isolated_reindex: bool = False,
    **config: Any,
) -> AsyncIterator[World]:
    """Emulator + bot, logged in and ready; closed cleanly afterwards.

    ``isolated_reindex`` reindexes in a child process as in production (3-4 s more per job);
    by default the indexer runs in a worker thread to keep the suite fast.
    """
    guild, member, moderator, manager, mod_role = world_guild(**(guild_options or {}))
    async with DiscordEmulator(guilds=[guild], **(emulator or {})) as emu:
        if services is None:
            assert app is not None
            services = services_from(app, isolated_reindex)
        services = dataclasses.replace(
            services,
            feedback=FeedbackStore(tmp_path / "feedback.sqlite3"),
            servers=ServerSettingsStore(tmp_path / "servers.sqlite3"),
            gaps=GapStore(tmp_path / "gaps.sqlite3"),
        )
        defaults: dict[str, Any] = {
            "moderator_role_ids": frozenset({int(mod_role["id"])}),
            "user_cooldown_s": 0.0,
            "guild_ready_timeout": 0.05,
            "progress_interval_s": 0.05,
        }
        if sync_to_guild:
            defaults["guild_id"] = int(guild["id"])
        defaults.update(config)
        bot_config = (
            config_from(app.settings, **defaults) if app is not None else BotConfig(**defaults)
        )
        bot = TradeBot(services, bot_config)
        restore = point_at(emu.api_base, emu.gateway_url)
        try:
            await bot.login(TOKEN)
            task = asyncio.create_task(bot.connect(reconnect=False))
            try:
                await asyncio.wait_for(bot.wait_until_ready(), 10)
                yield World(
                    emu, bot, emu.guilds[int(guild["id"])], member, moderator, manager, mod_role
                )
            finally:
                await bot.close()
                await asyncio.wait_for(task, 10)
        finally:
            restore()


@pytest.fixture
def writable_app(tmp_path: Path, knowledge_copy: Path) -> App:
    """An app on a writable copy of the knowledge folder, indexed (for moderator commands)."""
    app = App(make_settings(tmp_path, knowledge=knowledge_copy))
    app.indexer.reindex(knowledge_copy)
    return app


async def eventually(check: Any, within: float = 5.0) -> None:
    """Poll ``check()`` until it is true."""
    async with asyncio.timeout(within):
        while not check():  # noqa: ASYNC110 - state lives in the emulator and the bot
            await asyncio.sleep(0.02)


def assert_within_limits(body: Payload) -> None:
    """Every Discord message limit holds for one outgoing message body."""
    assert len(body.get("content") or "") <= 2000
    embeds = body.get("embeds") or []
    assert len(embeds) <= 10
    total = 0
    for embed in embeds:
        assert len(embed.get("title") or "") <= 256
        assert len(embed.get("description") or "") <= 4096
        fields = embed.get("fields") or []
        assert len(fields) <= 25
        for item in fields:
            assert 0 < len(item["name"]) <= 256 and 0 < len(item["value"]) <= 1024
        footer = (embed.get("footer") or {}).get("text") or ""
        assert len(footer) <= 2048
        total += len(embed.get("title") or "") + len(embed.get("description") or "")
        total += sum(len(f["name"]) + len(f["value"]) for f in fields) + len(footer)
    assert total <= 6000


def balanced_fences(text: str) -> bool:
    return sum(1 for line in text.splitlines() if line.lstrip().startswith("```")) % 2 == 0
