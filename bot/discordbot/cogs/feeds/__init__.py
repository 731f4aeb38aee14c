"""Subscribed feeds: ``/feeds add|remove|list|channel`` and the scheduled poll."""

from __future__ import annotations

from discord.ext import commands

from bot.discordbot.cogs.feeds._cog import FeedsCog, summary

__all__ = ["FeedsCog", "setup", "summary"]


async def setup(bot: commands.Bot) -> None:
    from bot.discordbot.client import TradeBot

    if not isinstance(bot, TradeBot):
        raise TypeError("the feeds cog needs a TradeBot (it provides the services)")
    services, config = bot.services, bot.config
    if services.feeds is None:
        return  # services without feeds (some tests): the commands are simply absent
    await bot.add_cog(
        FeedsCog(
            bot,
            services.feeds,
            services.indexer,
            services.knowledge_dir,
            config.moderator_role_ids,
            interval_s=config.feeds_interval_s,
        )
    )
