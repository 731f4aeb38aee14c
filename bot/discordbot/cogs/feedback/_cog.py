"""👍/👎 buttons under answers and the moderators' ``/feedback`` summary."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Collection
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discordbot import render
from bot.discordbot.cogs.feedback._store import FeedbackStore
from bot.discordbot.replies import apology, defer, is_moderator, log_error, send_private

UP, DOWN = "up", "down"


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"tradebot:vote:(?P<vote>up|down):(?P<answer>[0-9a-f]{16})",
):
    """A persistent vote button: the answer id and the vote live in its ``custom_id``.

    Being a dynamic item, it is routed after a restart without keeping a view per message.
    """

    store: FeedbackStore | None = None
    """Set when the feedback cog loads (dynamic items are created by discord.py itself)."""

    def __init__(self, answer_id: str, vote: str) -> None:
        super().__init__(
            discord.ui.Button(
                style=discord.ButtonStyle.secondary,
                emoji="👍" if vote == UP else "👎",
                custom_id=f"tradebot:vote:{vote}:{answer_id}",
            )
        )
        self.answer_id = answer_id
        self.vote = vote

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> VoteButton:
        return cls(match["answer"], match["vote"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        # Acknowledge before touching SQLite: a busy file may wait up to 10 s for its lock,
        # and Discord drops an interaction not answered within 3 s.
        await defer(interaction, private=True)
        store = type(self).store
        try:
            if store is None:
                raise RuntimeError("feedback store not configured")
            known = await asyncio.to_thread(
                store.vote, self.answer_id, interaction.user.id, self.vote == UP
            )
        except Exception as exc:
            await send_private(interaction, apology(log_error("recording a vote", exc)))
            return
        if known:
            thanks = (
                "Thanks, noted 👍" if self.vote == UP else "Thanks, noted 👎; we'll look at it."
            )
        else:
            thanks = "Thanks, but that answer is too old to vote on now."
        await interaction.followup.send(thanks, ephemeral=True)


def feedback_view(answer_id: str) -> discord.ui.View:
    """The 👍/👎 row for one stored answer."""
    view = discord.ui.View(timeout=None)
    view.add_item(VoteButton(answer_id, UP))
    view.add_item(VoteButton(answer_id, DOWN))
    return view


class FeedbackCog(commands.Cog, name="Feedback"):
    def __init__(
        self, bot: commands.Bot, store: FeedbackStore, moderator_role_ids: Collection[int]
    ) -> None:
        self.bot = bot
        self.store = store
        self.moderator_role_ids = moderator_role_ids

    async def cog_load(self) -> None:
        VoteButton.store = self.store
        self.bot.add_dynamic_items(VoteButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(VoteButton)

    @app_commands.command(name="feedback", description="Summary of 👍/👎 votes (moderators)")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def feedback(self, interaction: discord.Interaction) -> None:
        if interaction.guild is None or not is_moderator(interaction.user, self.moderator_role_ids):
            await send_private(interaction, "Only moderators of a server can see the feedback.")
            return
        await defer(interaction, private=True)
        summary = await asyncio.to_thread(self.store.summary)
        embed = discord.Embed(title="Answer feedback", colour=render.COLOUR)
        embed.add_field(name="All time", value=f"👍 {summary.up} · 👎 {summary.down}")
        embed.add_field(
            name="Last 7 days", value=f"👍 {summary.recent_up} · 👎 {summary.recent_down}"
        )
        embed.add_field(name="Answers shown", value=str(summary.answers))
        if summary.most_down:
            lines = [
                f"👎 {item.down} 👍 {item.up} — {render.shorten(item.question, 150)}"
                for item in summary.most_down
            ]  # at most 5 lines of ~170 characters: within a field's 1,024
            embed.add_field(name="Voted down most", value="\n".join(lines), inline=False)
        await interaction.followup.send(embed=embed, ephemeral=True)
