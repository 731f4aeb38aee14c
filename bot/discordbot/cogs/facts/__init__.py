"""The fact ledger in Discord: ``/tariffs``, ``/who``, ``/positions`` and ``/timeline``."""

from __future__ import annotations

from discord.ext import commands

from bot.discordbot.cogs.facts._cog import FactsCog

__all__ = ["FactsCog", "setup"]


async def setup(bot: commands.Bot) -> None:
    from bot.discordbot.client import TradeBot

    if not isinstance(bot, TradeBot):
        raise TypeError("the facts cog needs a TradeBot (it provides the services)")
    facts = bot.services.facts
    if facts is None:
        return  # services without a ledger (some tests): the commands are simply absent
    await bot.add_cog(FactsCog(facts, bot.services.retriever.passage))
