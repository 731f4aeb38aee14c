"""The bot: a ``commands.Bot`` that receives its services and loads the cogs.

Nothing here reads the environment: :func:`create_bot` turns an :class:`~bot.app.App` and its
settings into :class:`Services` and :class:`BotConfig`, and tests build a bot the same way
around test doubles or the emulator.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import discord
import discord.gateway
import discord.http
import numpy as np
import yarl
from discord import app_commands
from discord.ext import commands

from bot.discordbot.cogs.feedback import FeedbackStore
from bot.discordbot.replies import apology, log_error, send_private
from bot.discordbot.servers import ServerSettingsStore
from bot.gaps import GapStore

if TYPE_CHECKING:
    from bot.app import App
    from bot.discordbot.reindex import Reindexer
    from bot.facts.index import FactDesk
    from bot.feeds.poller import FeedPoller
    from bot.fetch.links import LinkAdder
    from bot.retrieval.hybrid import HybridRetriever
    from bot.service import QAService
    from bot.settings import Settings

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.discordbot.cogs.ask",
    "bot.discordbot.cogs.moderation",
    "bot.discordbot.cogs.feedback",
    "bot.discordbot.cogs.facts",
    "bot.discordbot.cogs.server",
    "bot.discordbot.cogs.feeds",
)
INTERACTION_TOKEN_S = 15 * 60.0
"""Interaction tokens (replies, edits, follow-ups) expire 15 minutes after the interaction."""


@dataclass(frozen=True)
class Services:
    """What the cogs use; built once by :func:`create_bot` (or by tests)."""

    qa: QAService
    indexer: Reindexer
    """Writes index generations: in a child process in production (see ``reindex.py``)."""
    retriever: HybridRetriever
    feedback: FeedbackStore
    knowledge_dir: Path
    forgotten_dir: Path
    """Where ``/forget`` moves a removed article, so that it can be restored by hand."""
    facts: FactDesk | None = None
    """The fact ledger behind ``/tariffs``, ``/who``, ``/positions`` and ``/timeline``."""
    servers: ServerSettingsStore | None = None
    """Each server's ``/settings`` (None: the defaults everywhere, no ``/settings``)."""
    gaps: GapStore | None = None
    """Refused questions for ``/gaps`` (None: not recorded)."""
    embed: Callable[[Sequence[str]], np.ndarray] | None = None
    """The index's embedding model, which groups refused questions by meaning."""
    links: LinkAdder | None = None
    """Adds articles by link (``/ingest url:``); None: the option says it is not set up."""
    feeds: FeedPoller | None = None
    """Feed subscriptions (``/feeds``) and their scheduled poll."""


@dataclass(frozen=True)
class BotConfig:
    guild_id: int | None = None
    """Sync commands to this one guild (instant, for development) instead of globally."""
    moderator_role_ids: frozenset[int] = field(default_factory=frozenset)
    user_cooldown_s: float = 5.0
    max_concurrent_answers: int = 4
    max_queued_answers: int = 32
    max_question_chars: int = 1000
    sync_commands: bool = True
    guild_ready_timeout: float = 2.0
    progress_interval_s: float = 2.0
    """How often a running reindex edits its reply (Discord rate-limits edits)."""
    reply_deadline_s: float = INTERACTION_TOKEN_S - 60.0
    """After this long a job posts its result to the channel instead of editing its reply."""
    gaps_days: float = 30.0
    pager_timeout_s: float = 300.0
    """How long ◀ ▶ buttons work; then they are disabled."""
    feeds_interval_s: float = 0.0
    """Seconds between two feed polls; 0 turns polling off."""


def intents() -> discord.Intents:
    """Only what is used: guilds, and messages in guilds (mentions) and DMs.

    No privileged intent is needed: Discord includes the content of DMs and of messages that
    mention the bot even without the message-content intent.
    """
    chosen = discord.Intents.none()
    chosen.guilds = True
    chosen.guild_messages = True
    chosen.dm_messages = True
    return chosen


def point_at(api_base: str | None, gateway_url: str | None) -> Callable[[], None]:
    """Send REST calls and the gateway connection elsewhere (a proxy or a local emulator).

    discord.py 2.7 reads ``Route.BASE`` for every REST call (follow-ups included) and opens
    ``DiscordWebSocket.DEFAULT_GATEWAY``; returns a callable that restores both.
    """
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    if api_base:
        discord.http.Route.BASE = api_base.rstrip("/")
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)

    def restore() -> None:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway

    return restore


class TradeTree(app_commands.CommandTree[Any]):
    """A command tree whose last-resort error handler apologises instead of going silent."""

    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        command = interaction.command.qualified_name if interaction.command else "a command"
        error_id = log_error(f"running /{command}", error)
        try:
            await send_private(interaction, apology(error_id))
        except discord.HTTPException:
            log.warning("could not tell the member about error id %s", error_id)


class TradeBot(commands.Bot):
    """Slash commands, DMs and mentions; every reply is sent with no mentions allowed."""

    def __init__(self, services: Services, config: BotConfig, **options: Any) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=TradeTree,
            guild_ready_timeout=config.guild_ready_timeout,
            **options,
        )
        self.services = services
        self.config = config

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self.config.sync_commands:
            await self.sync_commands()

    async def sync_commands(self) -> list[app_commands.AppCommand]:
        """Register the slash commands: with one guild only when configured, else globally."""
        if self.config.guild_id is not None:
            guild = discord.Object(self.config.guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            # Global commands left from an earlier global sync would show twice there.
            self.tree.clear_commands(guild=None)
            await self.tree.sync()
            log.info("synced %d commands to guild %s", len(synced), self.config.guild_id)
        else:
            synced = await self.tree.sync()
            log.info("synced %d commands globally (may take a while to appear)", len(synced))
        return synced

    async def on_message(self, message: discord.Message, /) -> None:
        """No prefix commands: messages are handled by the ask cog's listener only."""

    async def on_ready(self) -> None:
        user = self.user
        log.info("connected as %s to %d servers", user, len(self.guilds))


def services_from(app: App, isolated_reindex: bool = True) -> Services:
    """The services of ``app``; ``isolated_reindex`` runs reindexing in a child process."""
    from bot.discordbot.reindex import SubprocessReindexer

    settings = app.settings
    return Services(
        qa=app.service,
        indexer=SubprocessReindexer(settings) if isolated_reindex else app.indexer,
        retriever=app.retriever,
        feedback=FeedbackStore(settings.feedback_path),
        knowledge_dir=settings.knowledge_dir,
        forgotten_dir=settings.index_dir / "forgotten",
        facts=app.facts,
        servers=ServerSettingsStore(settings.servers_path),
        gaps=GapStore(settings.gaps_path, settings.gaps_days),
        embed=app.store.embedder.embed_documents,
        links=app.links,
        feeds=app.feeds,
    )


def config_from(settings: Settings, **overrides: Any) -> BotConfig:
    """The bot's configuration from the settings; ``overrides`` replace single fields."""
    values: dict[str, Any] = {
        "guild_id": settings.guild_id,
        "moderator_role_ids": frozenset(settings.moderator_role_ids),
        "user_cooldown_s": settings.user_cooldown_s,
        "max_concurrent_answers": settings.max_concurrent_answers,
        "max_queued_answers": settings.max_queued_answers,
        "max_question_chars": settings.max_question_chars,
        "gaps_days": settings.gaps_days,
        # With the shards split over processes, the one running shard 0 syncs the commands.
        "sync_commands": not settings.shard_ids or 0 in settings.shard_ids,
    }
    # One process polls the feeds (the one that syncs the commands): they share the folder.
    values["feeds_interval_s"] = settings.feeds_interval_min * 60.0 * values["sync_commands"]
    values.update(overrides)
    return BotConfig(**values)


class ShardedTradeBot(TradeBot, commands.AutoShardedBot):
    """The same bot over several gateway connections (needed from 2,500 servers on)."""


def create_bot(app: App, **overrides: Any) -> TradeBot:
    """The bot for ``app`` and its settings (``overrides`` replace :class:`BotConfig` fields).

    Sharded automatically: without ``TRADEBOT_SHARDS`` Discord says how many shards the bot
    needs (one below 2,500 servers), so a growing bot is never refused at connection;
    ``TRADEBOT_SHARDS`` fixes the number and ``TRADEBOT_SHARD_IDS`` limits this process to some.
    """
    services, config = services_from(app), config_from(app.settings, **overrides)
    shards, shard_ids = app.settings.shards, app.settings.shard_ids
    return ShardedTradeBot(services, config, shard_count=shards, shard_ids=list(shard_ids) or None)
