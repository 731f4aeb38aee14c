"""Moderators' server tools: ``/settings`` (where and how the bot answers) and ``/gaps``."""

from __future__ import annotations

from discord.ext import commands

from bot.discordbot.cogs.server._cog import ServerCog

__all__ = ["ServerCog", "setup"]


async def setup(bot: commands.Bot) -> None:
    from bot.discordbot.client import TradeBot

    if not isinstance(bot, TradeBot):
        raise TypeError("the server cog needs a TradeBot (it provides the services)")
    services, config = bot.services, bot.config
    if services.servers is None:
        return  # services without per-server settings (some tests): no /settings, no /gaps
    await bot.add_cog(
        ServerCog(
            services.servers,
            services.gaps,
            services.embed,
            config.moderator_role_ids,
            config.gaps_days,
            services.feeds.state if services.feeds is not None else None,
        )
    )
