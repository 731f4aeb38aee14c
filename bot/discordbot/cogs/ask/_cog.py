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
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

import discord
from discord import app_commands
from discord.ext import commands

from bot.answer.followup import Turn
from bot.discordbot import render
from bot.discordbot.cogs.ask._memory import ConversationMemory
from bot.discordbot.cogs.feedback import FeedbackStore, feedback_view
from bot.discordbot.limits import Limits, Refusal, Ticket
from bot.discordbot.replies import (
    NOT_BUILT,
    apology,
    defer,
    is_moderator,
    log,
    log_error,
    original_used,
    polite,
    send_private,
)
from bot.discordbot.servers import ServerSettings, ServerSettingsStore
from bot.gaps import GapStore
from bot.models import Answer, Passage
from bot.retrieval.hybrid import IndexNotBuiltError
from bot.service import QuestionError, validate_question
from bot.textsafe import clean

STREAM_EDIT_S = 1.0
"""Discord rate-limits message edits; progress is refreshed at most this often."""
RESET_WORDS = frozenset({"reset", "start over", "new conversation"})
PAGER_TIMEOUT_S = 300.0
SHARE_TIMEOUT_S = 15 * 60.0
QUESTION_OPTION_MAX = 1000
"""Discord stops longer ``question`` options in the client (the setting is checked too)."""
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
        servers: ServerSettingsStore | None = None,
        gaps: GapStore | None = None,
        pager_timeout_s: float = PAGER_TIMEOUT_S,
    ) -> None:
        self.bot = bot
        self.qa = qa
        self.sources_provider = sources
        self.limits = limits
        self.feedback = feedback
        self.memory = memory
        self.max_question_chars = max_question_chars
        self.moderator_role_ids = moderator_role_ids
        self.servers = servers
        self.gaps = gaps
        self.pager_timeout_s = pager_timeout_s

    async def cog_load(self) -> None:
        if self.servers is not None:
            await asyncio.to_thread(self.servers.load)

    async def cog_unload(self) -> None:
        self.limits.close()

    def _server(self, guild_id: int) -> ServerSettings:
        return self.servers.get(guild_id) if self.servers is not None else ServerSettings()

    # --- /ask -------------------------------------------------------------------------------

    @app_commands.command(name="ask", description="Ask about trade policy; answers cite articles")
    @app_commands.describe(
        question="Your question, e.g. What tariff does Japan face from the US?",
        private="Show the answer to you only (default: everyone in the channel sees it)",
    )
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, QUESTION_OPTION_MAX],
        private: bool = False,
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
            await defer(interaction, private)
            notify = partial(send_private, interaction)
            if self.qa.streams:
                answer = await self._answer_streaming(ticket, question, interaction, notify)
            else:
                answer = await self._answer(ticket.run, question, (), notify)
        if answer is None:
            return
        self._note_gap(answer, interaction.guild_id)
        send = partial(interaction.followup.send, ephemeral=private)
        # The first follow-up replaces the "thinking…" reply; after progress edits the
        # verified answer replaces the progress message itself.
        first = interaction.edit_original_response if self.qa.streams else None
        await self._deliver(answer, send, first, share=private)
        original_used(interaction)

    async def _answer_streaming(
        self, ticket: Ticket, question: str, interaction: discord.Interaction, notify: Send
    ) -> Answer | None:
        """Wait for the model's verified answer, showing progress (never the unverified
        draft) at most once a second; a failed progress edit only stops the progress."""
        words, shown, showing = 0, time.monotonic(), True
        try:
            stream = self.qa.aask_stream(question)
            async with ticket.slot(), contextlib.aclosing(stream):  # type: ignore[type-var]
                async for item in stream:
                    if not isinstance(item, str):
                        return item
                    words += len(item.split())
                    now = time.monotonic()
                    if showing and now - shown >= STREAM_EDIT_S:
                        shown = now
                        try:
                            await interaction.edit_original_response(content=render.drafting(words))
                        except discord.HTTPException as exc:
                            showing = False
                            log.info("progress edit failed (%s); the answer follows", exc)
        except Exception as exc:
            await notify(failure_message(exc))
            return None
        await notify(failure_message(RuntimeError("the answer stream ended without an answer")))
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

    def _note_gap(self, answer: Answer, guild_id: int | None) -> None:
        """A refused question goes to ``/gaps`` (no user id); never delays the answer."""
        if self.gaps is not None and answer.refused:
            task = asyncio.get_running_loop().run_in_executor(
                None, self.gaps.record, answer.question, "discord", guild_id
            )
            task.add_done_callback(_log_failure("recording a refused question"))

    async def _deliver(
        self,
        answer: Answer,
        send: Send,
        first: Send | None = None,
        *,
        embeds: bool = True,
        share: bool = False,
    ) -> None:
        """Send the answer (one message unless it is very long); buttons go on the last one.

        ``first``, when given, shows the first message instead of ``send`` (it replaces the
        deferred reply in place). Without ``embeds`` (no Embed Links permission) the answer
        goes as plain text. ``share`` adds a button that posts a private answer publicly.
        """
        view: discord.ui.View | None = None
        try:
            view = feedback_view(await asyncio.to_thread(self.feedback.record_answer, answer))
        except Exception as exc:  # votes are a nicety: the answer goes out regardless
            log_error("storing an answer for feedback", exc)
        if share:
            view = view or discord.ui.View()
            view.timeout = SHARE_TIMEOUT_S  # the vote buttons keep working (dynamic items)
            view.add_item(ShareButton(answer, self._deliver))
        bodies: list[dict[str, Any]] = (
            [{"embeds": page} for page in render.answer_messages(answer)]
            if embeds
            else [{"content": text} for text in render.answer_plain(answer)]
        )
        for number, body in enumerate(bodies, 1):
            target = first if number == 1 and first is not None else send
            if target is first:
                body = {"content": None, **body}
            if number == len(bodies) and view is not None:
                body["view"] = view
            await target(**body)

    # --- direct messages and mentions -------------------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if message.author.bot or me is None:
            return
        try:
            if message.guild is None:
                await self._on_direct_message(message)
            elif mentioned(message, me.id):
                await self._on_mention(message, me.id)
        except discord.Forbidden as exc:  # permissions changed since the bot last heard
            log.info("no permission to answer in channel %s (%s)", message.channel.id, exc)
            await tell_by_dm(message)
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
        where = Place(channel.send, channel, channel.id, embeds=True)
        await self._answer_message(text, where, message.author.id, None)

    async def _on_mention(self, message: discord.Message, my_id: int) -> None:
        channel = message.channel
        guild = message.guild
        assert guild is not None
        home = channel.parent_id if isinstance(channel, discord.Thread) else channel.id
        server = self._server(guild.id)
        if home is None or not server.answers_mentions_in(home):
            return
        reply = await self._reply_place(message)
        if reply is None:
            return
        text = strip_mentions(message.content, my_id, guild.self_role)
        if not text:
            await reply.send(MENTION_HINT)
            return
        try:
            question = validate_question(text, self.max_question_chars)
        except QuestionError as exc:
            await reply.send(polite(str(exc)))
            return
        ticket = self.limits.admit(message.author.id)
        if isinstance(ticket, Refusal):
            await reply.send(ticket.message())
            return
        with ticket:
            if isinstance(channel, discord.Thread):
                where = Place(channel.send, channel, channel.id, reply.embeds)
            else:
                thread = await self._open_thread(message, question) if server.threads else None
                where = Place(thread.send, thread, thread.id, reply.embeds) if thread else reply
            await self._answer_message(question, where, message.author.id, ticket)

    async def _reply_place(self, message: discord.Message) -> Place | None:
        """Where to answer a mention, given the bot's permissions in that channel; None (after
        telling the member in a DM, when possible) if the bot may not post there at all."""
        channel = message.channel
        guild = message.guild
        assert guild is not None and isinstance(channel, discord.abc.GuildChannel | discord.Thread)
        mine = channel.permissions_for(guild.me)
        in_thread = isinstance(channel, discord.Thread)
        if not (mine.send_messages_in_threads if in_thread else mine.send_messages):
            log.info("no permission to post in channel %s; telling the member by DM", channel.id)
            await tell_by_dm(message)
            return None
        send: Send = message.reply if mine.read_message_history else channel.send
        memory = channel.id if in_thread else None
        return Place(send, channel, memory, embeds=mine.embed_links)

    async def _open_thread(self, message: discord.Message, question: str) -> discord.Thread | None:
        """A thread for the answer when threads are possible here, else None (reply instead)."""
        channel = message.channel
        if not isinstance(channel, discord.TextChannel):
            return None
        mine = channel.permissions_for(channel.guild.me)
        if not (mine.create_public_threads and mine.send_messages_in_threads):
            return None
        try:
            return await message.create_thread(name=render.shorten(clean(question), 100))
        except discord.HTTPException as exc:
            log.info("could not open a thread in %s (%s); replying instead", channel.id, exc)
            return None

    async def _answer_message(
        self, text: str, where: Place, user_id: int, ticket: Ticket | None
    ) -> None:
        """Answer a question from a message in ``where`` (a DM, a thread or a reply);
        ``ticket`` when the mention handler has already admitted the question."""
        if ticket is None:
            try:
                text = validate_question(text, self.max_question_chars)
            except QuestionError as exc:
                await where.send(polite(str(exc)))
                return
            admitted = self.limits.admit(user_id)
            if isinstance(admitted, Refusal):
                await where.send(admitted.message())
                return
            with admitted:
                await self._answer_message(text, where, user_id, admitted)
            return
        history = self.memory.history(where.memory_key) if where.memory_key is not None else ()
        async with where.typing_in.typing():
            answer = await self._answer(ticket.run, text, history, where.send)
        if answer is None:
            return
        if where.memory_key is not None:
            self.memory.add(where.memory_key, answer)
        guild = getattr(where.typing_in, "guild", None)
        self._note_gap(answer, guild.id if guild is not None else None)
        await self._deliver(answer, where.send, embeds=where.embeds)

    # --- /sources and /help -----------------------------------------------------------------

    @app_commands.command(name="sources", description="List the articles answers come from")
    async def sources(self, interaction: discord.Interaction) -> None:
        await defer(interaction, private=True)
        try:
            passages = await asyncio.to_thread(self.sources_provider.passages)
        except IndexNotBuiltError:
            await interaction.followup.send(NOT_BUILT, ephemeral=True)
            return
        pages = render.sources_pages(render.documents(passages))
        await show_pages(interaction, [[page] for page in pages], True, self.pager_timeout_s)

    @app_commands.command(name="help", description="What this bot does and how to use it")
    async def help(self, interaction: discord.Interaction) -> None:
        guild = interaction.guild
        moderator = guild is not None and is_moderator(interaction.user, self.moderator_role_ids)
        server = self._server(guild.id) if guild is not None else None
        await interaction.response.send_message(
            embed=render.help_embed(moderator, server), ephemeral=True
        )


@dataclass(frozen=True)
class Place:
    """Where a message's answer goes: how to send, where to type, the conversation (if any)
    and whether embeds are allowed there."""

    send: Send
    typing_in: discord.abc.Messageable
    memory_key: int | None
    embeds: bool


def mentioned(message: discord.Message, my_id: int) -> bool:
    """Whether the bot is addressed: its ``<@id>`` in the text, or its managed role mentioned.

    A reply to one of the bot's messages lists the bot in ``mentions`` too (Discord pings the
    replied-to author), but is a conversation between members, not a question to the bot.
    """
    if re.search(rf"<@!?{my_id}>", message.content):
        return True
    guild = message.guild
    own = guild.self_role if guild is not None else None
    return own is not None and own.id in message.raw_role_mentions


async def tell_by_dm(message: discord.Message) -> None:
    """Tell the asker privately that the bot may not answer where they asked."""
    name = clean(getattr(message.channel, "name", None) or "that channel")
    with contextlib.suppress(discord.HTTPException):
        await message.author.send(
            f"I may not post my answer in #{name} (a moderator can give me Send Messages, "
            "Embed Links and Read Message History there). Ask me here instead, or use /ask."
        )


def strip_mentions(content: str, my_id: int, own_role: discord.Role | None) -> str:
    text = re.sub(rf"<@!?{my_id}>", " ", content)
    if own_role is not None:
        text = text.replace(f"<@&{own_role.id}>", " ")
    return text.strip()


def _log_failure(what: str) -> Callable[[asyncio.Future[Any]], None]:
    def check(future: asyncio.Future[Any]) -> None:
        if not future.cancelled() and future.exception() is not None:
            log_error(what, future.exception())  # type: ignore[arg-type]

    return check


async def show_pages(
    interaction: discord.Interaction,
    pages: Sequence[list[discord.Embed]],
    private: bool,
    listen_s: float = PAGER_TIMEOUT_S,
) -> None:
    """The first page (one message's embeds) as the deferred reply, ◀ ▶ when there are more."""
    if len(pages) == 1:
        await interaction.followup.send(embeds=pages[0], ephemeral=private)
    else:
        pager = Pager(pages, interaction.user.id, listen_s)
        pager.message = await interaction.followup.send(
            embeds=pages[0], view=pager, ephemeral=private, wait=True
        )
    original_used(interaction)


class ShareButton(discord.ui.Button[discord.ui.View]):
    """Posts a private answer for the whole channel to see, when its asker chooses to."""

    def __init__(self, answer: Answer, deliver: Callable[..., Awaitable[None]]) -> None:
        super().__init__(label="Share", emoji="📣", style=discord.ButtonStyle.primary)
        self.answer = answer
        self.deliver = deliver

    async def callback(self, interaction: discord.Interaction) -> None:
        await defer(interaction, private=False)
        send = partial(interaction.followup.send, ephemeral=False)
        await self.deliver(self.answer, send)
        original_used(interaction)


class Pager(discord.ui.View):
    """◀ ▶ buttons over pre-rendered pages; only the member who asked turns them, and they
    are disabled when the pager stops listening."""

    def __init__(
        self,
        pages: Sequence[list[discord.Embed]],
        owner_id: int | None = None,
        timeout: float = PAGER_TIMEOUT_S,
    ) -> None:
        super().__init__(timeout=timeout)
        self.pages = list(pages)
        self.page = 0
        self.owner_id = owner_id
        self.message: discord.WebhookMessage | None = None
        self._sync()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if self.owner_id is None or interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            "These pages belong to someone else's command; run it yourself to page.",
            ephemeral=True,
        )
        return False

    async def on_timeout(self) -> None:
        self.previous.disabled = self.next.disabled = True
        if self.message is not None:
            try:
                await self.message.edit(view=self)
            except discord.HTTPException as exc:
                log.info("could not disable the page buttons (%s)", exc)

    def _sync(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page == len(self.pages) - 1

    async def _show(self, interaction: discord.Interaction, page: int) -> None:
        self.page = max(0, min(page, len(self.pages) - 1))
        self._sync()
        await interaction.response.edit_message(embeds=self.pages[self.page], view=self)

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
