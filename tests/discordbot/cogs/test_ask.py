"""Unit tests of the ask cog with spec'd doubles (no gateway)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from unittest.mock import MagicMock, create_autospec

import discord
import pytest
from discord.ext import commands

from bot.answer.followup import Turn
from bot.discordbot import render
from bot.discordbot.cogs.ask import AskCog, ConversationMemory, Pager, standalone_question
from bot.discordbot.cogs.feedback import FeedbackStore
from bot.discordbot.limits import Limits
from bot.models import Answer
from bot.retrieval.hybrid import HybridRetriever, IndexNotBuiltError
from bot.service import QAService
from tests.discordbot.helpers import make_interaction, make_member, respond, sent_text

ANSWER = Answer("What tariff?", "A 24% tariff [1].", False, (), "extractive")


@pytest.fixture
def cog(tmp_path: Path) -> AskCog:
    bot = MagicMock(spec=commands.Bot)
    qa = create_autospec(QAService, instance=True)
    qa.ask.return_value = ANSWER
    qa.streams = False  # the extractive default; streaming has its own test below
    return AskCog(
        bot,
        qa,
        create_autospec(HybridRetriever, instance=True),
        Limits.create(cooldown_s=60.0, concurrency=1, max_queued=0),
        FeedbackStore(tmp_path / "votes.sqlite3"),
        ConversationMemory(),
        max_question_chars=100,
        moderator_role_ids={7},
    )


async def test_ask_defers_then_sends_embeds_with_buttons(cog: AskCog) -> None:
    interaction = make_interaction()
    respond(interaction)
    await cog.ask.callback(cog, interaction, "  What   tariff? ", True)  # type: ignore[arg-type]
    interaction.response.defer.assert_awaited_once_with(thinking=True, ephemeral=True)
    cog.qa.ask.assert_called_once_with("What tariff?", ())  # type: ignore[attr-defined]
    kwargs = interaction.followup.send.call_args.kwargs
    assert kwargs["ephemeral"] is True
    assert kwargs["embeds"][0].description == "A 24% tariff [1]."
    assert isinstance(kwargs["view"], discord.ui.View)
    labels = [getattr(item, "label", None) for item in kwargs["view"].children]
    assert labels == [None, None, "Share"], "👍 👎 and, on a private answer, Share"


async def test_ask_refuses_bad_input_and_cooldown_privately(cog: AskCog) -> None:
    interaction = make_interaction()
    await cog.ask.callback(cog, interaction, "x" * 101)  # type: ignore[arg-type]
    interaction.response.send_message.assert_awaited_once()
    assert interaction.response.send_message.call_args.kwargs == {"ephemeral": True}
    assert "keep it under 100" in sent_text(interaction.response.send_message)
    interaction.response.defer.assert_not_awaited()

    user = make_member()
    first, second = make_interaction(user), make_interaction(user)
    respond(first)
    await cog.ask.callback(cog, first, "What tariff?")  # type: ignore[arg-type]
    await cog.ask.callback(cog, second, "What tariff?")  # type: ignore[arg-type]
    assert "try again in 60 s" in sent_text(second.response.send_message)


async def test_ask_without_an_index_says_so(cog: AskCog) -> None:
    cog.qa.ask.side_effect = IndexNotBuiltError("no index at /secret")  # type: ignore[attr-defined]
    interaction = make_interaction()
    respond(interaction)
    await cog.ask.callback(cog, interaction, "What tariff?")  # type: ignore[arg-type]
    text = sent_text(interaction.followup.send)
    assert "/reindex" in text and "/secret" not in text


async def test_help_shows_moderator_commands_to_moderators_only(cog: AskCog) -> None:
    members, moderators = len(render.HELP_MEMBER) + 1, len(render.HELP_MODERATOR)  # + mentions
    for user, expected in (
        (make_member(), members),
        (make_member(role_ids=[7]), members + moderators),
    ):
        interaction = make_interaction(user)
        await cog.help.callback(cog, interaction)  # type: ignore[arg-type]
        embed = interaction.response.send_message.call_args.kwargs["embed"]
        assert len(embed.fields) == expected


async def test_sources_pages_when_long(cog: AskCog) -> None:
    from bot.models import Passage

    cog.sources_provider.passages.return_value = [  # type: ignore[attr-defined]
        Passage(f"d{i}#1", f"d{i}.md", "t", f"Doc {i}", "Wire", "", "", f"d{i}.md", 0)
        for i in range(15)
    ]
    interaction = make_interaction()
    await cog.sources.callback(cog, interaction)  # type: ignore[arg-type]
    kwargs = interaction.followup.send.call_args.kwargs
    assert isinstance(kwargs["view"], Pager) and kwargs["ephemeral"] is True
    pager: Pager = kwargs["view"]
    assert pager.previous.disabled and not pager.next.disabled
    click = make_interaction()
    await pager.next.callback(click)
    assert pager.page == 1 and pager.next.disabled
    click.response.edit_message.assert_awaited_once_with(embeds=pager.pages[1], view=pager)
    other = make_interaction()  # someone else: told privately, the page stays
    assert not await pager.interaction_check(other)
    assert "someone else's" in sent_text(other.response.send_message) and pager.page == 1


async def test_direct_message_reset_and_empty(cog: AskCog) -> None:
    cog.memory.add(5, ANSWER)
    message = MagicMock(spec=discord.Message)
    message.author = make_member()
    message.guild = None
    message.channel = create_autospec(discord.DMChannel, instance=True)
    message.channel.id = 5
    message.content = "Reset!"
    await cog._on_direct_message(message)
    assert cog.memory.history(5) == ()
    assert sent_text(message.channel.send).startswith("Starting over")
    message.content = "   "
    await cog._on_direct_message(message)
    assert "send your question as text" in sent_text(message.channel.send)


def test_memory_keeps_the_last_turns_and_forgets_idle_conversations() -> None:
    now = [0.0]
    memory = ConversationMemory(turns=2, max_conversations=2, idle_s=10, clock=lambda: now[0])
    for n in range(3):
        memory.add(1, Answer(f"q{n}", f"a{n}", False, (), "x"))
    assert memory.history(1) == (Turn("q1", "a1"), Turn("q2", "a2"))
    memory.add(2, ANSWER)
    memory.add(3, ANSWER)
    assert len(memory) == 2 and memory.history(1) == ()  # least recently used went first
    now[0] = 11
    assert memory.history(2) == ()
    understood = Answer("who is he?", "a", False, (), "x", standalone="who is Kato?")
    assert standalone_question(understood) == "who is Kato?"


async def test_a_streamed_draft_is_never_shown_only_the_verified_answer(
    cog: AskCog,
) -> None:
    async def stream(question: str, history: object = ()) -> AsyncIterator[str | Answer]:
        for chunk in ("Japan faces ", "a 24% tariff ", "[1]."):
            yield chunk
        yield ANSWER

    cog.qa.streams = True  # type: ignore[misc]
    cog.qa.aask_stream = stream  # type: ignore[method-assign]
    interaction = make_interaction()
    respond(interaction)
    await cog.ask.callback(cog, interaction, "What tariff?")  # type: ignore[arg-type]
    edits = interaction.edit_original_response.call_args_list
    assert len(edits) == 1, "no progress within the first second: the verified answer only"
    final = edits[-1].kwargs
    assert final["content"] is None and final["embeds"][0].description == ANSWER.text
    interaction.followup.send.assert_not_called()
