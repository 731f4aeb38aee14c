"""👍/👎 votes on answers, stored in SQLite, summarised for moderators."""

from __future__ import annotations

from discord.ext import commands

from bot.discordbot.cogs.feedback._cog import FeedbackCog, VoteButton, feedback_view
from bot.discordbot.cogs.feedback._store import FeedbackStore, FeedbackSummary

__all__ = [
    "FeedbackCog",
    "FeedbackStore",
    "FeedbackSummary",
    "VoteButton",
    "feedback_view",
    "setup",
]


async def setup(bot: commands.Bot) -> None:
    from bot.discordbot.client import TradeBot

    if not isinstance(bot, TradeBot):
        raise TypeError("the feedback cog needs a TradeBot (it provides the services)")
    await bot.add_cog(FeedbackCog(bot, bot.services.feedback, bot.config.moderator_role_ids))
