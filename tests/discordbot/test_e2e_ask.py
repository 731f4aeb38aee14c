"""Members' side end to end: the real bot and the real index, through the local emulator."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.app import App
from tests.conftest import make_settings
from tests.discordbot.conftest import DATA, running_world
from tests.support.discord_emulator import (
    DEFAULT_BOT_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    RecordedRequest,
    make_user,
)

ACK_S = 3.0
EPHEMERAL = 64


async def test_ask_is_acknowledged_and_answered_with_sources(
    built_app: App, tmp_path: Path
) -> None:
    async with running_world(built_app, tmp_path) as world:
        emu = world.emu
        interaction = await emu.send_interaction(
            world.ask("What tariffs does Japan face from the United States?")
        )
        callback = await emu.wait_for_callback(interaction)
        assert callback.json == {"type": 5}  # deferred ("thinking"), visible to the channel
        assert callback.monotonic - emu.interaction_sent_at(interaction) < ACK_S
        followup = await emu.wait_for_followup(interaction, timeout=10)
        body = followup.json
        embed = body["embeds"][0]
        assert embed["title"] == "What tariffs does Japan face from the United States?"
        assert "24%" in embed["description"] and "[1]" in embed["description"]
        source = embed["fields"][0]
        assert source["name"].startswith("[1] ")
        assert "2025-04-" in source["value"] and "read the article](https://" in source["value"]
        assert "indexed news articles" in embed["footer"]["text"]
        assert body["allowed_mentions"] == {"parse": []}
        assert "content" not in body or not body["content"]  # nothing to preview
        buttons = body["components"][0]["components"]
        assert [b["emoji"]["name"] for b in buttons] == ["👍", "👎"]
        assert emu.unhandled_requests == [] and emu.errors == []


async def test_private_ask_is_ephemeral(built_app: App, tmp_path: Path) -> None:
    async with running_world(built_app, tmp_path) as world:
        interaction = await world.emu.send_interaction(
            world.ask("Who is Japan's top trade negotiator?", private=True)
        )
        callback = await world.emu.wait_for_callback(interaction)
        assert callback.json == {"type": 5, "data": {"flags": EPHEMERAL}}
        followup = await world.emu.wait_for_followup(interaction, timeout=10)
        assert "Akazawa" in followup.json["embeds"][0]["description"]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("   ", "the question is empty"),
        ("tariffs\x07 on rice?", "control characters"),
        ("tariffs " * 200, "keep it under 1,000"),
    ],
)
async def test_bad_input_gets_a_polite_private_message(
    built_app: App, tmp_path: Path, question: str, expected: str
) -> None:
    async with running_world(built_app, tmp_path) as world:
        interaction = await world.emu.send_interaction(world.ask(question))
        callback = await world.emu.wait_for_callback(interaction)
        assert callback.json["type"] == 4
        assert callback.json["data"]["flags"] == EPHEMERAL
        content = callback.json["data"]["content"]
        assert content.startswith("Sorry, I can't answer that:") and expected in content


async def test_twenty_simultaneous_asks_are_all_acknowledged_and_answered(
    built_app: App, tmp_path: Path
) -> None:
    questions = [
        "What tariffs does Japan face from the United States?",
        "Who is Japan's top trade negotiator?",
        "What does Japan consider offering in the talks?",
        "What did Kato say about the yen?",
    ]
    async with running_world(built_app, tmp_path) as world:
        emu = world.emu
        interactions = [
            world.ask(questions[i % len(questions)], user=make_user(f"asker{i}")) for i in range(20)
        ]
        await asyncio.gather(*(emu.send_interaction(i) for i in interactions))
        callbacks = await asyncio.gather(*(emu.wait_for_callback(i) for i in interactions))
        delays = [
            c.monotonic - emu.interaction_sent_at(i)
            for c, i in zip(callbacks, interactions, strict=True)
        ]
        assert all(c.json == {"type": 5} for c in callbacks)
        assert max(delays) < ACK_S, delays
        followups = await asyncio.gather(
            *(emu.wait_for_followup(i, timeout=30) for i in interactions)
        )
        assert all(f.json["embeds"][0]["fields"] for f in followups)
        assert all(f.status == 200 for f in followups)


async def test_dm_conversation_keeps_context_and_resets(built_app: App, tmp_path: Path) -> None:
    async with running_world(built_app, tmp_path) as world:
        emu, user = world.emu, world.member
        channel = emu.dm_channel(user)["id"]
        path = f"/channels/{channel}/messages"

        async def say(text: str) -> RecordedRequest:
            count = len(emu.find_requests("POST", path))
            await emu.send_user_message(text, user)
            return await emu.wait_for_request(
                lambda r: (
                    len(emu.find_requests("POST", path)) > count
                    and r is emu.find_requests("POST", path)[count]
                ),
                method="POST",
                path=path,
                timeout=10,
            )

        first = await say("Who is Japan's top trade negotiator?")
        assert "Akazawa" in first.json["embeds"][0]["description"]
        assert emu.find_requests("POST", f"/channels/{channel}/typing")
        second = await say("who is he?")
        assert "Understood as: who is Ryosei Akazawa?" in second.json["embeds"][0]["footer"]["text"]
        assert "Akazawa" in second.json["embeds"][0]["description"]
        third = await say("and what about cars?")
        assert "cars" in third.json["embeds"][-1]["footer"]["text"]  # understood with context
        assert "cars" in third.json["embeds"][0]["description"]
        reset = await say("reset")
        assert reset.json["content"].startswith("Starting over")
        fourth = await say("who is he?")
        assert "Understood as" not in fourth.json["embeds"][-1]["footer"]["text"]
        assert all(
            r.json["allowed_mentions"] == {"parse": []} for r in emu.find_requests("POST", path)
        )


async def test_mention_is_answered_in_a_thread(built_app: App, tmp_path: Path) -> None:
    async with running_world(built_app, tmp_path) as world:
        emu = world.emu
        bot_id = emu.bot_user["id"]
        message = await emu.send_user_message(
            f"<@{bot_id}> What tariffs does Japan face from the United States?",
            world.member,
            guild_id=world.guild_id,
            mentions=[emu.bot_user],
        )
        thread = await emu.wait_for_request(
            method="POST", path=rf"/channels/\d+/messages/{message['id']}/threads"
        )
        assert thread.status == 201
        answer = await emu.wait_for_request(
            method="POST", path=f"/channels/{thread.response['id']}/messages", timeout=10
        )
        assert "24%" in answer.json["embeds"][0]["description"]


async def test_mention_is_answered_with_a_reply_where_threads_are_off(
    built_app: App, tmp_path: Path
) -> None:
    no_threads = discord.Permissions(create_public_threads=True).value
    async with running_world(
        built_app,
        tmp_path,
        emulator={"bot_permissions": DEFAULT_BOT_PERMISSIONS & ~no_threads},
        guild_options={"everyone_permissions": DEFAULT_EVERYONE_PERMISSIONS & ~no_threads},
    ) as world:
        emu = world.emu
        message = await emu.send_user_message(
            f"<@{emu.bot_user['id']}> Who is Japan's top trade negotiator?",
            world.member,
            guild_id=world.guild_id,
            mentions=[emu.bot_user],
        )
        reply = await emu.wait_for_request(
            method="POST", path=f"/channels/{message['channel_id']}/messages", timeout=10
        )
        assert str(reply.json["message_reference"]["message_id"]) == message["id"]
        assert reply.json["allowed_mentions"] == {"parse": []}  # replied_user defaults to off
        assert "Akazawa" in reply.json["embeds"][0]["description"]
        assert not emu.find_requests("POST", r"/channels/\d+/messages/\d+/threads")


async def test_everyone_in_an_answer_pings_nobody(tmp_path: Path, knowledge_copy: Path) -> None:
    shutil.copy(DATA / "fictional-port-fees.md", knowledge_copy)
    app = App(make_settings(tmp_path, knowledge=knowledge_copy))
    app.indexer.reindex(knowledge_copy)
    async with running_world(app, tmp_path) as world:
        interaction = await world.emu.send_interaction(
            world.ask("Will the Freeport steel harbour fee be reviewed?")
        )
        followup = await world.emu.wait_for_followup(interaction, timeout=10)
        assert "@everyone" in followup.json["embeds"][0]["description"]
        assert followup.json["allowed_mentions"] == {"parse": []}
        dm = await world.emu.send_user_message(
            "Will the Freeport steel harbour fee be reviewed?", world.member
        )
        reply = await world.emu.wait_for_request(
            method="POST", path=f"/channels/{dm['channel_id']}/messages", timeout=10
        )
        assert "@everyone" in reply.json["embeds"][0]["description"]
        assert reply.json["allowed_mentions"] == {"parse": []}


async def test_sources_and_help(built_app: App, tmp_path: Path) -> None:
    async with running_world(built_app, tmp_path) as world:
        emu = world.emu
        sources = await emu.send_interaction(
            emu.slash_command("sources", user=world.member, guild_id=world.guild_id)
        )
        listed = await emu.wait_for_followup(sources)
        description = listed.json["embeds"][0]["description"]
        assert "2025-04-16-japan-us-tariff-talks.md" in description
        assert "6 articles" in listed.json["embeds"][0]["footer"]["text"]

        member_help = await emu.send_interaction(
            emu.slash_command("help", user=world.member, guild_id=world.guild_id)
        )
        shown = (await emu.wait_for_callback(member_help)).json["data"]
        assert shown["flags"] == EPHEMERAL
        names = [f["name"] for f in shown["embeds"][0]["fields"]]
        assert "/sources" in names and not any("moderators" in n for n in names)
        mod_help = await emu.send_interaction(
            emu.slash_command("help", user=world.moderator, guild_id=world.guild_id)
        )
        names = [
            f["name"]
            for f in (await emu.wait_for_callback(mod_help)).json["data"]["embeds"][0]["fields"]
        ]
        assert "/reindex [full] (moderators)" in names


async def test_a_private_answer_can_be_shared_with_the_channel(
    built_app: App, tmp_path: Path
) -> None:
    async with running_world(built_app, tmp_path) as world:
        emu = world.emu
        ask = await emu.send_interaction(
            world.ask("Who is Japan's top trade negotiator?", private=True)
        )
        answer = await emu.wait_for_followup(ask, timeout=10)
        assert answer.response["flags"] & EPHEMERAL
        buttons = answer.json["components"][0]["components"]
        assert [b.get("label") for b in buttons] == [None, None, "Share"]
        click = await emu.send_interaction(
            emu.component_click(answer.response["id"], buttons[2]["custom_id"], user=world.member)
        )
        assert (await emu.wait_for_callback(click)).json == {"type": 5}  # public
        shared = await emu.wait_for_followup(click, timeout=10)
        assert not shared.response["flags"] & EPHEMERAL
        assert "Akazawa" in shared.json["embeds"][0]["description"]
        assert [b.get("label") for b in shared.json["components"][0]["components"]] == [None, None]
        assert shared.json["allowed_mentions"] == {"parse": []}


async def test_a_streaming_model_never_shows_its_unverified_draft(
    built_app: App, tmp_path: Path
) -> None:
    """Only the checked answer reaches the channel: a planted claim and a masked link in the
    model's draft are never shown, not even while it streams."""
    import dataclasses

    from langchain_core.language_models import GenericFakeChatModel

    from bot.answer.llm import ChatRunner, LLMComposer
    from bot.answer.prompts import load_prompts
    from bot.discordbot.client import services_from
    from bot.service import QAService

    reply = (
        "Ryosei Akazawa is Japan's top trade negotiator [1]. All tariffs were repealed, so buy "
        "from [Rivalcorp](https://rival.example/deal) now [1]."
    )

    class SlowModel(GenericFakeChatModel):
        """Streams a word every 0.1 s, so the bot has time to show progress."""

        def _stream(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
            for chunk in super()._stream(*args, **kwargs):
                time.sleep(0.1)
                yield chunk

    llm = LLMComposer(
        "fake:model",
        ChatRunner(SlowModel(messages=iter([reply])), 20.0),
        load_prompts(),
        built_app.extractive,
    )
    services = dataclasses.replace(
        services_from(built_app, isolated_reindex=False),
        qa=QAService(built_app.retriever, llm, top_k=3),
    )
    async with running_world(None, tmp_path, services=services) as world:
        emu = world.emu
        interaction = await emu.send_interaction(world.ask("Who is Japan's top trade negotiator?"))
        assert (await emu.wait_for_callback(interaction)).json == {"type": 5}
        final = await emu.wait_for_request(
            lambda r: (
                r.method == "PATCH"
                and r.path.endswith("/messages/@original")
                and bool((r.json or {}).get("embeds"))
            ),
            timeout=20,
        )
        shown = [str(r.json) for r in emu.requests if r.json]
        assert not any("repealed" in text or "rival.example" in text for text in shown)
        progress = [text for text in shown if "Writing the answer" in text]
        assert progress, "progress (without text) was shown while the model wrote"
        embed = final.json["embeds"][0]
        assert "Akazawa" in embed["description"] and embed["fields"][0]["name"].startswith("[1]")
        assert final.json["content"] is None
        assert emu.unhandled_requests == [] and emu.errors == []
