"""Moderator tools: reindex, add and remove articles, without a shell."""

from __future__ import annotations

from discord.ext import commands

from bot.discordbot.cogs.moderation._cog import Job, ModerationCog

__all__ = ["Job", "ModerationCog", "setup"]


async def setup(bot: commands.Bot) -> None:
    from bot.discordbot.client import TradeBot

    if not isinstance(bot, TradeBot):
        raise TypeError("the moderation cog needs a TradeBot (it provides the services)")
    services, config = bot.services, bot.config
    await bot.add_cog(
        ModerationCog(
            bot,
            services.indexer,
            services.retriever,
            services.knowledge_dir,
            services.forgotten_dir,
            config.moderator_role_ids,
            progress_interval_s=config.progress_interval_s,
            reply_deadline_s=config.reply_deadline_s,
            links=services.links,
        )
    )
