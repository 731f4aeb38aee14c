"""Members' questions: ``/ask``, direct messages, mentions, ``/sources`` and ``/help``."""

from __future__ import annotations

from discord.ext import commands

from bot.discordbot.cogs.ask._cog import AskCog, Pager, ShareButton, show_pages
from bot.discordbot.cogs.ask._memory import ConversationMemory, standalone_question
from bot.discordbot.limits import Limits

__all__ = [
    "AskCog",
    "ConversationMemory",
    "Pager",
    "ShareButton",
    "setup",
    "show_pages",
    "standalone_question",
]


async def setup(bot: commands.Bot) -> None:
    from bot.discordbot.client import TradeBot

    if not isinstance(bot, TradeBot):
        raise TypeError("the ask cog needs a TradeBot (it provides the services)")
    services, config = bot.services, bot.config
    limits = Limits.create(
        config.user_cooldown_s, config.max_concurrent_answers, config.max_queued_answers
    )
    await bot.add_cog(
        AskCog(
            bot,
            services.qa,
            services.retriever,
            limits,
            services.feedback,
            ConversationMemory(),
            config.max_question_chars,
            config.moderator_role_ids,
            services.servers,
            services.gaps,
            config.pager_timeout_s,
        )
    )
