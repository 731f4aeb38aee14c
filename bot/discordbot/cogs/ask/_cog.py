"""Questions from members: ``/ask``, direct messages and mentions; ``/sources`` and ``/help``.

Every question goes the same way: validated (bad input gets a polite private note), admitted
by the limits (or told when to try again), acknowledged at once (deferred reply or typing
indicator), answered in a worker thread, then shown as embeds within Discord's limits with
👍/👎 buttons.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Sequence
from functools import partial
from typing import Any, Protocol

import discord
from discord import app_commands
from discord.ext import commands

from bot.answer.followup import Turn
from bot.discordbot import render
from bot.discordbot.cogs.ask._memory import ConversationMemory
from bot.discordbot.cogs.feedback import FeedbackStore, feedback_view
from bot.discordbot.limits import Limits, Refusal
from bot.discordbot.replies import (
    NOT_BUILT,
    apology,
    is_moderator,
    log,
    log_error,
    polite,
    send_private,
)
from bot.models import Answer, Passage
from bot.retrieval.hybrid import IndexNotBuiltError
from bot.service import QuestionError, validate_question

STREAM_EDIT_S = 1.0
"""Discord rate-limits message edits; a draft is refreshed at most this often."""
RESET_WORDS = frozenset({"reset", "start over", "new conversation"})
PAGER_TIMEOUT_S = 300.0
MENTION_HINT = "Ask me a question after the mention, e.g. “What tariff does Japan face?”."

Send = Callable[..., Awaitable[Any]]
"""``send(embeds=..., view=...)`` of a channel, a reply or an interaction follow-up."""


def failure_message(exc: Exception) -> str:
    """What a member is told when there is no answer: the reason, or an apology with an id."""
    if isinstance(exc, QuestionError):
        return polite(str(exc))
    if isinstance(exc, IndexNotBuiltError):
        return NOT_BUILT
    return apology(log_error("answering a question", exc))


class Asker(Protocol):
    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer: ...

    @property
    def streams(self) -> bool: ...

    def aask_stream(
        self, question: str, history: Sequence[Turn] = ()
    ) -> AsyncIterator[str | Answer]: ...


class PassageSource(Protocol):
    def passages(self) -> list[Passage]: ...


class AskCog(commands.Cog, name="Ask"):
    def __init__(
        self,
        bot: commands.Bot,
        qa: Asker,
        sources: PassageSource,
        limits: Limits,
        feedback: FeedbackStore,
        memory: ConversationMemory,
        max_question_chars: int,
        moderator_role_ids: Collection[int] = (),
    ) -> None:
        self.bot = bot
        self.qa = qa
        self.sources_provider = sources
        self.limits = limits
        self.feedback = feedback
        self.memory = memory
        self.max_question_chars = max_question_chars
        self.moderator_role_ids = moderator_role_ids

    async def cog_unload(self) -> None:
        self.limits.close()

    # --- /ask -------------------------------------------------------------------------------

    @app_commands.command(name="ask", description="Ask about trade policy; answers cite articles")
    @app_commands.describe(
        question="Your question, e.g. What tariff does Japan face from the US?",
        private="Show the answer to you only (default: everyone in the channel sees it)",
    )
    async def ask(
        self, interaction: discord.Interaction, question: str, private: bool = False
    ) -> None:
        try:
            question = validate_question(question, self.max_question_chars)
        except QuestionError as exc:
            await send_private(interaction, polite(str(exc)))
            return
        ticket = self.limits.admit(interaction.user.id)
        if isinstance(ticket, Refusal):
            await send_private(interaction, ticket.message())
            return
        with ticket:
            await interaction.response.defer(thinking=True, ephemeral=private)
            notify = partial(interaction.followup.send, ephemeral=True)
            if self.qa.streams:
                answer = await self._answer_streaming(question, interaction, notify)
            else:
                answer = await self._answer(ticket.run, question, (), notify)
        if answer is None:
            return
        send = partial(interaction.followup.send, ephemeral=private)
        if self.qa.streams:
            # The draft sits in the original reply: the verified answer replaces it there.
            await self._deliver(answer, send, first=interaction.edit_original_response)
        else:
            await self._deliver(answer, send)

    async def _answer_streaming(
        self, question: str, interaction: discord.Interaction, notify: Send
    ) -> Answer | None:
        """Show the model's draft as it arrives (one edit a second at most), return the Answer.

        The draft is marked as unverified; only the final Answer, checked against the
        passages, is delivered as the answer.
        """
        draft = ""
        shown = 0.0
        try:
            async for item in self.qa.aask_stream(question):
                if not isinstance(item, str):
                    return item
                draft += item
                now = time.monotonic()
                if draft.strip() and now - shown >= STREAM_EDIT_S:
                    shown = now
                    await interaction.edit_original_response(content=render.draft_preview(draft))
        except Exception as exc:
            await notify(failure_message(exc))
        return None

    async def _answer(
        self,
        run: Callable[[Callable[[], Answer]], Awaitable[Answer]],
        question: str,
        history: Sequence[Turn],
        notify: Send,
    ) -> Answer | None:
        """The answer, or None after telling the member (via ``notify``) why there is none."""
        try:
            return await run(partial(self.qa.ask, question, history))
        except Exception as exc:
            await notify(failure_message(exc))
        return None

    async def _deliver(self, answer: Answer, send: Send, first: Send | None = None) -> None:
        """Send the answer (one message unless it is very long); buttons go on the last one.

        ``first``, when given, shows the first message instead of ``send`` (it replaces a
        streamed draft in place).
        """
        messages = render.answer_messages(answer)
        view: discord.ui.View | None = None
        try:
            view = feedback_view(await asyncio.to_thread(self.feedback.record_answer, answer))
        except Exception as exc:  # votes are a nicety: the answer goes out regardless
            log_error("storing an answer for feedback", exc)
        for number, embeds in enumerate(messages, 1):
            target = first if number == 1 and first is not None else send
            extra: dict[str, Any] = {"content": None} if target is first else {}
            if number == len(messages) and view is not None:
                await target(embeds=embeds, view=view, **extra)
            else:
                await target(embeds=embeds, **extra)

    # --- direct messages and mentions -------------------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if message.author.bot or me is None:
            return
        try:
            if message.guild is None:
                await self._on_direct_message(message)
            elif any(user.id == me.id for user in message.mentions):
                await self._on_mention(message, me.id)
        except Exception as exc:
            error_id = log_error("replying to a message", exc)
            if not isinstance(exc, discord.HTTPException):
                with contextlib.suppress(discord.HTTPException):
                    await message.channel.send(apology(error_id))

    async def _on_direct_message(self, message: discord.Message) -> None:
        text = message.content.strip()
        channel = message.channel
        if text.lower().strip(" .!") in RESET_WORDS:
            self.memory.reset(channel.id)
            await channel.send("Starting over. Ask me anything about the trade talks.")
            return
        if not text:
            await channel.send(polite("send your question as text"))
            return
        await self._answer_message(text, channel.send, channel, channel.id, message.author.id)

    async def _on_mention(self, message: discord.Message, my_id: int) -> None:
        text = re.sub(rf"<@!?{my_id}>", " ", message.content).strip()
        if not text:
            await message.reply(MENTION_HINT)
            return
        channel = message.channel
        if isinstance(channel, discord.Thread):
            await self._answer_message(text, channel.send, channel, channel.id, message.author.id)
            return
        thread = await self._open_thread(message, text)
        if thread is None:
            await self._answer_message(text, message.reply, channel, None, message.author.id)
        else:
            await self._answer_message(text, thread.send, thread, thread.id, message.author.id)

    async def _open_thread(self, message: discord.Message, question: str) -> discord.Thread | None:
        """A thread for the answer when threads are possible here, else None (reply instead)."""
        channel = message.channel
        if not isinstance(channel, discord.TextChannel):
            return None
        mine = channel.permissions_for(channel.guild.me)
        if not (mine.create_public_threads and mine.send_messages_in_threads):
            return None
        try:
            return await message.create_thread(name=render.shorten(question, 100))
        except discord.HTTPException as exc:
            log.info("could not open a thread in %s (%s); replying instead", channel.id, exc)
            return None

    async def _answer_message(
        self,
        text: str,
        send: Send,
        typing_in: discord.abc.Messageable,
        memory_key: int | None,
        user_id: int,
    ) -> None:
        """Answer a question from a message; ``memory_key`` is the conversation, if any."""
        try:
            question = validate_question(text, self.max_question_chars)
        except QuestionError as exc:
            await send(polite(str(exc)))
            return
        ticket = self.limits.admit(user_id)
        if isinstance(ticket, Refusal):
            await send(ticket.message())
            return
        history = self.memory.history(memory_key) if memory_key is not None else ()
        with ticket:
            async with typing_in.typing():
                answer = await self._answer(ticket.run, question, history, send)
        if answer is None:
            return
        if memory_key is not None:
            self.memory.add(memory_key, answer)
        await self._deliver(answer, send)

    # --- /sources and /help -----------------------------------------------------------------

    @app_commands.command(name="sources", description="List the articles answers come from")
    async def sources(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        try:
            passages = await asyncio.to_thread(self.sources_provider.passages)
        except IndexNotBuiltError:
            await interaction.followup.send(NOT_BUILT, ephemeral=True)
            return
        pages = render.sources_pages(render.documents(passages))
        if len(pages) == 1:
            await interaction.followup.send(embed=pages[0], ephemeral=True)
        else:
            await interaction.followup.send(embed=pages[0], view=Pager(pages), ephemeral=True)

    @app_commands.command(name="help", description="What this bot does and how to use it")
    async def help(self, interaction: discord.Interaction) -> None:
        moderator = interaction.guild is not None and is_moderator(
            interaction.user, self.moderator_role_ids
        )
        await interaction.response.send_message(embed=render.help_embed(moderator), ephemeral=True)


class Pager(discord.ui.View):
    """◀ ▶ buttons over pre-rendered pages (the reply is private, so only its owner pages)."""

    def __init__(self, pages: Sequence[discord.Embed]) -> None:
        super().__init__(timeout=PAGER_TIMEOUT_S)
        self.pages = list(pages)
        self.page = 0
        self._sync()

    def _sync(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page == len(self.pages) - 1

    async def _show(self, interaction: discord.Interaction, page: int) -> None:
        self.page = max(0, min(page, len(self.pages) - 1))
        self._sync()
        await interaction.response.edit_message(embed=self.pages[self.page], view=self)

    @discord.ui.button(emoji="◀", style=discord.ButtonStyle.secondary)
    async def previous(
        self, interaction: discord.Interaction, button: discord.ui.Button[Pager]
    ) -> None:
        await self._show(interaction, self.page - 1)

    @discord.ui.button(emoji="▶", style=discord.ButtonStyle.secondary)
    async def next(
        self, interaction: discord.Interaction, button: discord.ui.Button[Pager]
    ) -> None:
        await self._show(interaction, self.page + 1)
