"""Feeds in Discord: moderators subscribe with ``/feeds add``, the bot polls on a schedule.

The poll runs as a job of the moderation cog (one job at a time: a poll waits for a running
``/reindex`` and the other way round), in the same worker thread and child-process reindexer,
so members keep getting answers meanwhile. Each server whose moderators chose a channel with
``/feeds channel`` gets a short summary there when articles were added.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Collection
from pathlib import Path

import discord
from discord import app_commands
from discord.ext import commands

from bot.discordbot import render
from bot.discordbot.cogs.moderation._cog import NOT_ALLOWED
from bot.discordbot.reindex import Reindexer
from bot.discordbot.replies import is_moderator, log_error, send_private
from bot.feeds.poller import FeedError, FeedPoller, PollReport
from bot.fetch.client import FetchError
from bot.index.lock import IndexBusyError
from bot.ingest.pipeline import ProgressCallback, ReindexReport
from bot.textsafe import clean, for_discord

log = logging.getLogger(__name__)

BUSY_RETRY_S = 60.0
"""A poll that finds another job running tries again this much later (or sooner)."""
SUMMARY_ITEMS = 10

Polled = tuple[PollReport, ReindexReport | None]


def summary(report: PollReport) -> str:
    """``📰 3 new articles: A; B; C`` and a line per article with its link (no previews).

    Titles come from the web: shown without links or controls; the article's own address is
    the one link, as a citation's is."""
    added = [o.page for o in report.added if o.page is not None]
    lines = [f"📰 {render.shorten(for_discord(report.headline()), 300)}"]
    lines += [
        f"• {render.shorten(for_discord(p.title), 120)} — <{clean(p.url)}>"
        for p in added[:SUMMARY_ITEMS]
    ]
    if len(added) > SUMMARY_ITEMS:
        lines.append(f"… and {len(added) - SUMMARY_ITEMS} more (/sources lists them)")
    return "\n".join(lines)


class FeedsCog(commands.Cog, name="Feeds"):
    feeds = app_commands.Group(
        name="feeds",
        description="RSS and Atom feeds the bot follows (moderators)",
        allowed_contexts=app_commands.AppCommandContext(guild=True),
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(
        self,
        bot: commands.Bot,
        poller: FeedPoller,
        indexer: Reindexer,
        knowledge_dir: Path,
        moderator_role_ids: Collection[int],
        interval_s: float = 0.0,
    ) -> None:
        self.bot = bot
        self.poller = poller
        self.indexer = indexer
        self.knowledge_dir = knowledge_dir
        self.moderator_role_ids = moderator_role_ids
        self.interval_s = interval_s
        self._schedule: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        if self.interval_s > 0:
            self._schedule = asyncio.create_task(self._poll_forever(), name="tradebot-feeds")

    async def cog_unload(self) -> None:
        if self._schedule is not None:
            self._schedule.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._schedule

    # --- commands ---------------------------------------------------------------------------

    @feeds.command(name="add", description="Follow an RSS or Atom feed (moderators)")
    @app_commands.describe(url="The feed's address (http or https)")
    async def add(self, interaction: discord.Interaction, url: str) -> None:
        if not await self._allowed(interaction):
            return
        await interaction.response.defer(thinking=True, ephemeral=True)
        try:
            title, new = await asyncio.to_thread(self.poller.subscribe, url)
        except (FetchError, FeedError) as exc:
            await send_private(interaction, f"Could not follow {render.shorten(url, 80)}: {exc}.")
            return
        name = f"**{render.shorten(title, 100)}**" if title else "the feed"
        when = (
            f"its new articles are added every {self.interval_s / 60:g} minutes"
            if self.interval_s > 0
            else "scheduled polling is off on this bot (TRADEBOT_FEEDS_INTERVAL_MIN=0)"
        )
        what = "Now following" if new else "Already following"
        await send_private(interaction, f"{what} {name} (<{url.strip()}>); {when}.")

    @feeds.command(name="remove", description="Stop following a feed (moderators)")
    @app_commands.describe(url="The feed, as /feeds list shows it")
    async def remove(self, interaction: discord.Interaction, url: str) -> None:
        if not await self._allowed(interaction):
            return
        removed = await asyncio.to_thread(self.poller.unsubscribe, url)
        text = (
            f"Stopped following <{url.strip()}>; its articles stay until /forget removes them."
            if removed
            else f"Not following {render.shorten(url, 80)}; /feeds list shows the feeds."
        )
        await send_private(interaction, text)

    @remove.autocomplete("url")
    async def _feed_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild is None or not is_moderator(interaction.user, self.moderator_role_ids):
            return []
        feeds = await asyncio.to_thread(self.poller.state.feeds)
        wanted = current.lower()
        return [
            app_commands.Choice(name=render.shorten(f.title or f.url, 100), value=f.url)
            for f in feeds
            if wanted in f.url.lower() or wanted in f.title.lower()
        ][:25]

    @feeds.command(name="list", description="The feeds the bot follows (moderators)")
    async def list_feeds(self, interaction: discord.Interaction) -> None:
        if not await self._allowed(interaction):
            return
        feeds = await asyncio.to_thread(self.poller.state.feeds)
        if not feeds:
            await send_private(interaction, "No feeds yet; add one with /feeds add.")
            return
        lines = [f"{len(feeds)} feed{'s' if len(feeds) != 1 else ''}:"]
        for feed in feeds:
            state = f"polled {feed.polled_at}" if feed.polled_at else "not polled yet"
            if feed.last_error:
                state += (
                    f", ⚠️ last poll failed: {render.shorten(for_discord(feed.last_error), 120)}"
                )
            title = render.shorten(for_discord(feed.title or "(untitled)"), 80)
            lines.append(f"• {title} <{feed.url}> — {feed.seen} entries, {state}")
        await send_private(interaction, render.content_messages("\n".join(lines))[0])

    @feeds.command(name="channel", description="Where the bot posts new feed articles (moderators)")
    @app_commands.describe(channel="The channel for the summaries")
    async def channel(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        if not await self._allowed(interaction) or interaction.guild is None:
            return
        await asyncio.to_thread(self.poller.state.set_channel, interaction.guild.id, channel.id)
        await send_private(
            interaction, f"New feed articles will be announced in {channel.mention}."
        )

    async def _allowed(self, interaction: discord.Interaction) -> bool:
        # guild_only keeps the group out of DMs; the member is checked on every use.
        if not is_moderator(interaction.user, self.moderator_role_ids):
            await send_private(interaction, NOT_ALLOWED)
            return False
        return True

    # --- the schedule -----------------------------------------------------------------------

    async def _poll_forever(self) -> None:
        await self.bot.wait_until_ready()
        delay = self.interval_s
        while True:
            await asyncio.sleep(delay)
            try:
                polled = await self.poll_now()
            except Exception as exc:
                log_error("polling the feeds", exc)
                polled = True
            delay = self.interval_s if polled else min(BUSY_RETRY_S, self.interval_s)

    async def poll_now(self) -> bool:
        """One poll as a moderation job, then the summaries; False if another job was running."""
        from bot.discordbot.cogs.moderation import ModerationCog

        moderation = self.bot.get_cog("Moderation")
        if not isinstance(moderation, ModerationCog):
            raise RuntimeError("the feed poll needs the moderation cog's job runner")
        result = await moderation.run_job("Feed poll", "the feed schedule", self._work)
        if result is None:
            log.info("feed poll postponed: another job is running")
            return False
        report, index = result
        for failed in report.failed_feeds:
            log.warning("feed %s failed: %s", failed.url, failed.error)
        if index is not None:
            log.info("feed poll: %s; %s", report.headline(), index.summary())
        if report.added:
            await self._announce(summary(report))
        return True

    def _work(self, progress: ProgressCallback) -> Polled:
        """In the job thread: poll every feed, then reindex once if anything was stored."""
        report = self.poller.poll()
        if not report.added:
            return report, None
        try:
            return report, self.indexer.reindex(self.knowledge_dir, False, progress)
        except IndexBusyError:
            log.warning("feed articles stored but not indexed: another reindex is running")
            return report, None

    async def _announce(self, text: str) -> None:
        channels = await asyncio.to_thread(self.poller.state.channels)
        for guild_id, channel_id in channels.items():
            try:
                await self.bot.get_partial_messageable(channel_id, guild_id=guild_id).send(
                    render.content_messages(text)[0]
                )
            except discord.HTTPException as exc:
                log.warning("could not post the feed summary in channel %s: %s", channel_id, exc)
