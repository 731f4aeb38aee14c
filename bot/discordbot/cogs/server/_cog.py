"""Moderators' view of their server: ``/settings`` and ``/gaps``.

Both answer privately and are guild-only; like every moderator command they check the member
on each use, since the default permissions that hide them are only a hint admins can change.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Collection, Sequence
from typing import Any, Protocol

import discord
import numpy as np
from discord import app_commands
from discord.ext import commands

from bot.discordbot import render
from bot.discordbot.replies import apology, defer, is_moderator, log_error, send_private
from bot.discordbot.servers import MentionMode, ServerSettings, ServerSettingsStore
from bot.gaps import Gap, GapStore
from bot.textsafe import for_discord

NOT_ALLOWED = "Only moderators of this server can do that."
GAPS_SHOWN = 10


class FeedChannels(Protocol):
    """Where each server's feed summaries go (the feeds' own state, ``/feeds channel``)."""

    def set_channel(self, guild_id: int, channel_id: int) -> None: ...

    def channels(self) -> dict[int, int]: ...


class ServerCog(commands.Cog, name="Server"):
    def __init__(
        self,
        store: ServerSettingsStore,
        gaps: GapStore | None,
        embed: Callable[[Sequence[str]], np.ndarray] | None,
        moderator_role_ids: Collection[int],
        gaps_days: float = 30.0,
        feed_channels: FeedChannels | None = None,
    ) -> None:
        self.store = store
        self.feed_channels = feed_channels
        self.gaps = gaps
        self.embed = embed
        self.moderator_role_ids = moderator_role_ids
        self.gaps_days = gaps_days

    async def _allowed(self, interaction: discord.Interaction) -> bool:
        if interaction.guild is None or not is_moderator(interaction.user, self.moderator_role_ids):
            await send_private(interaction, NOT_ALLOWED)
            return False
        return True

    @app_commands.command(name="settings", description="Where and how I answer here (moderators)")
    @app_commands.describe(
        mentions="Answer mentions in all channels, only in listed channels, or nowhere",
        threads="Answer a mention in a new thread (off: a reply in the channel)",
        add_channel="List this channel (used when mentions is 'listed')",
        remove_channel="Take this channel off the list",
        feed_channel="Where feed summaries are posted",
    )
    @app_commands.choices(
        mentions=[app_commands.Choice(name=mode, value=mode) for mode in ("all", "listed", "off")]
    )
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def settings(
        self,
        interaction: discord.Interaction,
        mentions: app_commands.Choice[str] | None = None,
        threads: bool | None = None,
        add_channel: discord.TextChannel | None = None,
        remove_channel: discord.TextChannel | None = None,
        feed_channel: discord.TextChannel | None = None,
    ) -> None:
        if not await self._allowed(interaction):
            return
        guild_id = interaction.guild_id
        assert guild_id is not None
        await defer(interaction, private=True)
        current = self.store.get(guild_id)
        changes: dict[str, Any] = {}
        if mentions is not None:
            mode: MentionMode = mentions.value  # type: ignore[assignment]
            changes["mentions"] = mode
        if threads is not None:
            changes["threads"] = threads
        channels = set(current.channels)
        if add_channel is not None:
            channels.add(add_channel.id)
        if remove_channel is not None:
            channels.discard(remove_channel.id)
        if channels != current.channels:
            changes["channels"] = frozenset(channels)
        feeds = self.feed_channels
        if feed_channel is not None and feeds is None:
            await send_private(interaction, "Feeds are not set up on this bot.")
            return
        try:
            if changes:
                current = await asyncio.to_thread(self.store.update, guild_id, **changes)
            if feed_channel is not None and feeds is not None:
                await asyncio.to_thread(feeds.set_channel, guild_id, feed_channel.id)
            feed = (await asyncio.to_thread(feeds.channels)).get(guild_id) if feeds else None
        except Exception as exc:
            await send_private(interaction, apology(log_error("storing /settings", exc)))
            return
        title = "Settings saved" if changes or feed_channel else "Settings"
        embed = settings_embed(current, title, feed, feeds is not None)
        await interaction.followup.send(embed=embed, ephemeral=True)

    @app_commands.command(name="gaps", description="Questions I could not answer (moderators)")
    @app_commands.describe(days="How far back to look (default 30 days)")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def gaps_command(
        self,
        interaction: discord.Interaction,
        days: app_commands.Range[int, 1, 365] | None = None,
    ) -> None:
        if not await self._allowed(interaction):
            return
        await defer(interaction, private=True)
        span = min(float(days or self.gaps_days), self.gaps_days)
        if self.gaps is None or self.embed is None:
            await interaction.followup.send(
                "Refused questions are not recorded here.", ephemeral=True
            )
            return
        try:
            found = await asyncio.to_thread(
                self.gaps.report, self.embed, span, interaction.guild_id, GAPS_SHOWN
            )
        except Exception as exc:
            await send_private(interaction, apology(log_error("building /gaps", exc)))
            return
        await interaction.followup.send(embed=gaps_embed(found, span), ephemeral=True)


def settings_embed(
    settings: ServerSettings, title: str, feed_channel: int | None, feeds: bool
) -> discord.Embed:
    embed = discord.Embed(title=title, colour=render.COLOUR)
    embed.add_field(name="Mentions", value=render.mentions_help(settings), inline=False)
    feed = f"<#{feed_channel}>" if feed_channel else "not set" if feeds else "feeds are not set up"
    embed.add_field(name="Feed summaries", value=feed, inline=False)
    return embed


def gaps_embed(gaps: Sequence[Gap], days: float) -> discord.Embed:
    """The biggest groups of refused questions: count and one example each."""
    lines = [f"**{gap.count}×** {render.shorten(for_discord(gap.example), 300)}" for gap in gaps]
    description = "\n".join(lines) or "No question was refused in that time."
    embed = discord.Embed(  # at most 10 lines of ~310 characters: within 4,096
        title=f"Unanswered questions, last {days:g} days",
        description=description,
        colour=render.COLOUR,
    )
    embed.set_footer(text="Grouped by meaning; add articles that answer the biggest groups.")
    return embed
