"""Discord as it really behaves: each defect the lenient emulator hid, through the strict one.

Every test runs the production bot against the emulator, which now rejects what Discord
rejects (limits, permissions, deadlines) and shows what Discord shows (a follow-up after a
public defer is public, a reply pings its author).
"""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.answer.followup import Turn
from bot.app import App
from bot.discordbot.client import Services, services_from
from bot.facts.report import FactReport, FactRow
from bot.models import Answer, Citation, Passage
from tests.discordbot.conftest import World, assert_within_limits, eventually, running_world
from tests.support.discord_emulator import Payload, RecordedRequest, make_user

EPHEMERAL = 64
CITATION = Citation(
    1,
    "Harbour fees rise",
    "Coastal Ledger",
    "https://ledger.example/fees",
    "2025-05-02",
    "fees.md",
    "fees.md#1",
    "Port fees rose to 12% on 2 May.",
)
ANSWER = Answer("What do harbour fees cost?", "Port fees rose to 12% [1].", False, (CITATION,), "x")


class Asker:
    """A stand-in for the QA service: a fixed answer, optionally streamed slowly."""

    def __init__(self, answer: Answer = ANSWER, streams: bool = False, delay: float = 0.0):
        self.answer = answer
        self._streams = streams
        self.delay = delay
        self.running = 0
        self.most = 0

    @property
    def streams(self) -> bool:
        return self._streams

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        time.sleep(self.delay)
        return dataclasses.replace(self.answer, question=question)

    async def aask_stream(
        self, question: str, history: Sequence[Turn] = ()
    ) -> AsyncIterator[str | Answer]:
        self.running += 1
        self.most = max(self.most, self.running)
        try:
            for word in ("Unchecked ", "claims ", "stream ", "in ", "slowly."):
                await asyncio.sleep(self.delay)
                yield word
            yield dataclasses.replace(self.answer, question=question)
        finally:
            self.running -= 1


class Sources:
    """``passages()`` for /sources and /forget's autocomplete; optionally slow."""

    def __init__(self, passages: list[Passage], delay: float = 0.0) -> None:
        self._passages = passages
        self.delay = delay

    def passages(self) -> list[Passage]:
        time.sleep(self.delay)
        return self._passages

    def passage(self, passage_id: str) -> Passage | None:
        return None


def with_doubles(app: App, **replace: Any) -> Services:
    return dataclasses.replace(services_from(app, isolated_reindex=False), **replace)


@asynccontextmanager
async def fixed_answers(app: App, tmp_path: Path, **config: Any) -> AsyncIterator[World]:
    """The bot with :data:`ANSWER` for every question (the index for everything else)."""
    services = with_doubles(app, qa=Asker())
    async with running_world(None, tmp_path, services=services, **config) as world:
        yield world


def channel_of(world: World) -> int:
    return int(world.emu.text_channel(world.guild_id)["id"])


def mention(world: World, text: str, **kwargs: Any) -> Payload:
    bot_id = world.emu.bot_user["id"]
    return world.emu.message(
        f"<@{bot_id}> {text}",
        world.member,
        guild_id=world.guild_id,
        mentions=[world.emu.bot_user],
        **kwargs,
    )


def posts(world: World, channel: int | str) -> list[RecordedRequest]:
    return world.emu.find_requests("POST", rf"/channels/{channel}/messages")


# --- 1. /sources pages within 4,096 characters ---------------------------------------------


async def test_sources_pages_fit_discord_even_with_long_titles_and_links(
    built_app: App, tmp_path: Path
) -> None:
    passages = [
        Passage(
            f"d{i}.md#1",
            f"d{i}.md",
            "text",
            "Tariff " * 40,
            "Outlet " * 30,
            "https://news.example/" + "a" * 400,
            f"2025-04-{i + 1:02d}",
            f"d{i}.md",
            0,
        )
        for i in range(12)
    ]
    services = with_doubles(built_app, retriever=Sources(passages))
    async with running_world(None, tmp_path, services=services) as world:
        emu = world.emu
        listed = await emu.send_interaction(
            emu.slash_command("sources", user=world.member, guild_id=world.guild_id)
        )
        page = await emu.wait_for_followup(listed)
        assert page.status == 200, page.response
        assert_within_limits(page.json)
        assert page.json["embeds"][0]["title"] == "Indexed articles"


# --- 2. after a public defer, private notes stay private -----------------------------------


async def test_a_failure_after_a_public_defer_is_told_privately(
    built_app: App, tmp_path: Path
) -> None:
    class Broken(Asker):
        def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
            raise RuntimeError("model exploded at /srv/secret")

    async with running_world(None, tmp_path, services=with_doubles(built_app, qa=Broken())) as w:
        emu = w.emu
        ask = await emu.send_interaction(w.ask("What do harbour fees cost?"))
        assert (await emu.wait_for_callback(ask)).json == {"type": 5}  # public "thinking…"
        note = await emu.wait_for_followup(ask)
        assert note.response["flags"] & EPHEMERAL, "the apology is shown to the asker only"
        assert "error id" in note.json["content"] and "/srv" not in note.json["content"]
        assert emu.find_requests("DELETE", rf"/webhooks/\d+/{ask['token']}/messages/@original")
        public = [m for m in emu.messages.values() if not m["flags"] & EPHEMERAL]
        assert not any("Sorry" in m["content"] for m in public)


# --- 3. streaming: progress only, in the limit, robust to a failed edit --------------------


async def test_a_failed_progress_edit_does_not_lose_the_answer(
    built_app: App, tmp_path: Path
) -> None:
    qa = Asker(streams=True, delay=0.35)
    async with running_world(None, tmp_path, services=with_doubles(built_app, qa=qa)) as world:
        emu = world.emu
        ask = world.ask("What do harbour fees cost?")
        emu.fail_next("PATCH", rf"/webhooks/\d+/{ask['token']}/messages/@original", status=400)
        await emu.send_interaction(ask)
        final = await emu.wait_for_request(
            lambda r: r.status == 200 and bool((r.json or {}).get("embeds")),
            method="PATCH",
            path=rf"/webhooks/\d+/{ask['token']}/messages/@original",
            timeout=10,
        )
        assert "12%" in final.json["embeds"][0]["description"]
        shown = " ".join(str(r.json) for r in emu.requests if r.json)
        assert "Unchecked" not in shown, "the unverified draft never reaches the channel"


async def test_streamed_answers_respect_the_concurrency_limit(
    built_app: App, tmp_path: Path
) -> None:
    qa = Asker(streams=True, delay=0.1)
    services = with_doubles(built_app, qa=qa)
    async with running_world(None, tmp_path, services=services, max_concurrent_answers=2) as world:
        emu = world.emu
        asks = [world.ask("Fees?", user=make_user(f"asker{i}")) for i in range(6)]
        await asyncio.gather(*(emu.send_interaction(a) for a in asks))
        await asyncio.gather(
            *(
                emu.wait_for_request(
                    lambda r: bool((r.json or {}).get("embeds")),
                    path=rf"/webhooks/\d+/{a['token']}/messages/@original",
                    timeout=15,
                )
                for a in asks
            )
        )
        assert qa.most == 2


# --- 4. mentions ---------------------------------------------------------------------------


async def test_refused_and_repeated_mentions_open_no_thread(built_app: App, tmp_path: Path) -> None:
    async with fixed_answers(built_app, tmp_path, user_cooldown_s=60) as world:
        emu = world.emu
        channel = channel_of(world)
        bad = mention(world, "fees\x07?")
        await emu.dispatch("MESSAGE_CREATE", bad)
        refused = await emu.wait_for_request(method="POST", path=rf"/channels/{channel}/messages")
        assert "control characters" in refused.json["content"]
        assert str(refused.json["message_reference"]["message_id"]) == bad["id"]

        await emu.dispatch("MESSAGE_CREATE", mention(world, "What do harbour fees cost?"))
        await emu.wait_for_request(method="POST", path=r"/channels/\d+/messages/\d+/threads")
        again = mention(world, "And what about cars?")
        await emu.dispatch("MESSAGE_CREATE", again)
        await eventually(
            lambda: any(
                "try again" in (r.json or {}).get("content", "") for r in posts(world, channel)
            )
        )
        assert len(emu.find_requests("POST", r"/channels/\d+/messages/\d+/threads")) == 1


async def test_replies_to_the_bot_are_not_questions_but_its_role_is_a_mention(
    built_app: App, tmp_path: Path
) -> None:
    async with fixed_answers(built_app, tmp_path) as world:
        emu = world.emu
        channel = channel_of(world)
        own = emu._bot_message(channel, {"content": "an earlier answer"}, [], webhook=False)
        reply = emu.message(
            "thanks, that helped",
            world.member,
            guild_id=world.guild_id,
            reference={"message_id": own["id"]},
        )
        assert reply["mentions"], "Discord lists the bot as mentioned in a reply to it"
        await emu.dispatch("MESSAGE_CREATE", reply)
        role = emu.bot_role(world.guild_id)
        by_role = emu.message(
            f"<@&{role['id']}> What do harbour fees cost?",
            world.member,
            guild_id=world.guild_id,
            mention_roles=[role],
        )
        await emu.dispatch("MESSAGE_CREATE", by_role)
        thread = await emu.wait_for_request(
            method="POST", path=rf"/channels/{channel}/messages/{by_role['id']}/threads"
        )
        answer = await emu.wait_for_request(
            method="POST", path=rf"/channels/{thread.response['id']}/messages"
        )
        assert "12%" in answer.json["embeds"][0]["description"]
        assert not emu.find_requests("POST", rf"/channels/\d+/messages/{reply['id']}/threads")
        assert all(
            str((r.json or {}).get("message_reference", {}).get("message_id")) != reply["id"]
            for r in posts(world, channel)
        )


async def test_settings_turn_mentions_and_threads_off_and_help_says_so(
    built_app: App, tmp_path: Path
) -> None:
    async with fixed_answers(built_app, tmp_path) as world:
        emu = world.emu
        channel = channel_of(world)

        async def settings(**options: Any) -> str:
            done = await emu.send_interaction(
                emu.slash_command(
                    "settings", options, user=world.moderator, guild_id=world.guild_id
                )
            )
            reply = await emu.wait_for_followup(done)
            assert reply.response["flags"] & EPHEMERAL
            return str(reply.json["embeds"][0]["fields"][0]["value"])

        refused = await emu.send_interaction(
            emu.slash_command(
                "settings", {"threads": False}, user=world.member, guild_id=world.guild_id
            )
        )
        assert "Only moderators" in (await emu.wait_for_callback(refused)).json["data"]["content"]

        assert "with a reply" in await settings(threads=False)
        asked = mention(world, "What do harbour fees cost?")
        await emu.dispatch("MESSAGE_CREATE", asked)
        answer = await emu.wait_for_request(
            lambda r: bool((r.json or {}).get("embeds")),
            method="POST",
            path=rf"/channels/{channel}/messages",
        )
        assert str(answer.json["message_reference"]["message_id"]) == asked["id"]
        assert not emu.find_requests("POST", r"/channels/\d+/messages/\d+/threads")

        assert "turned off" in await settings(mentions="off")
        before = len(posts(world, channel))
        await emu.dispatch("MESSAGE_CREATE", mention(world, "What do harbour fees cost?"))
        await asyncio.sleep(0.5)
        assert len(posts(world, channel)) == before

        listed = await settings(mentions="listed", add_channel=emu.get_channel(channel))
        assert f"<#{channel}>" in listed
        helped = await emu.send_interaction(
            emu.slash_command("help", user=world.member, guild_id=world.guild_id)
        )
        fields = (await emu.wait_for_callback(helped)).json["data"]["embeds"][0]["fields"]
        text = next(f["value"] for f in fields if f["name"] == "Mention me")
        assert f"<#{channel}>" in text and "with a reply" in text


# --- 5. permissions ------------------------------------------------------------------------


async def test_answers_adapt_to_missing_embed_and_history_permissions(
    built_app: App, tmp_path: Path
) -> None:
    async with fixed_answers(built_app, tmp_path) as world:
        emu = world.emu
        channel = channel_of(world)
        await emu.deny_bot(
            channel,
            discord.Permissions(
                embed_links=True, read_message_history=True, create_public_threads=True
            ),
        )
        await emu.dispatch("MESSAGE_CREATE", mention(world, "What do harbour fees cost?"))
        answer = await emu.wait_for_request(
            lambda r: "12%" in (r.json or {}).get("content", ""),
            method="POST",
            path=rf"/channels/{channel}/messages",
        )
        assert answer.status == 200 and not answer.json.get("embeds")
        assert "message_reference" not in answer.json
        assert "<https://ledger.example/fees>" in answer.json["content"]  # no preview


async def test_no_send_permission_is_explained_by_direct_message(
    built_app: App, tmp_path: Path
) -> None:
    async with fixed_answers(built_app, tmp_path) as world:
        emu = world.emu
        channel = channel_of(world)
        await emu.deny_bot(channel, discord.Permissions(send_messages=True))
        await emu.dispatch("MESSAGE_CREATE", mention(world, "What do harbour fees cost?"))
        dm = emu.dm_channel(world.member)["id"]
        told = await emu.wait_for_request(method="POST", path=rf"/channels/{dm}/messages")
        assert "may not post" in told.json["content"]
        assert not posts(world, channel)


async def test_a_refused_post_is_explained_by_direct_message_too(
    built_app: App, tmp_path: Path
) -> None:
    """Permissions taken away without the bot hearing of it: Discord refuses (50013)."""
    async with fixed_answers(built_app, tmp_path) as world:
        emu = world.emu
        channel = channel_of(world)
        await emu.deny_bot(
            channel,
            discord.Permissions(send_messages=True, create_public_threads=True),
            notify=False,
        )
        await emu.dispatch("MESSAGE_CREATE", mention(world, "What do harbour fees cost?"))
        dm = emu.dm_channel(world.member)["id"]
        told = await emu.wait_for_request(method="POST", path=rf"/channels/{dm}/messages")
        assert "may not post my answer in #general" in told.json["content"]
        assert {r.status for r in posts(world, channel)} == {403}


# --- 6. votes answer before SQLite ---------------------------------------------------------


async def test_a_vote_is_acknowledged_while_the_database_is_locked(
    built_app: App, tmp_path: Path
) -> None:
    async with fixed_answers(built_app, tmp_path) as world:
        emu = world.emu
        ask = await emu.send_interaction(world.ask("What do harbour fees cost?"))
        answer = await emu.wait_for_followup(ask)
        up = answer.json["components"][0]["components"][0]["custom_id"]
        released = threading.Event()

        def hold_lock() -> None:
            with sqlite3.connect(tmp_path / "feedback.sqlite3", timeout=10) as db:
                db.execute("BEGIN EXCLUSIVE")
                released.wait(10)

        locker = threading.Thread(target=hold_lock)
        locker.start()
        try:
            await asyncio.sleep(0.2)
            click = await emu.send_interaction(
                emu.component_click(answer.response["id"], up, user=world.member)
            )
            callback = await emu.wait_for_callback(click)
            assert callback.status == 200, "answered within 3 s although the file is locked"
            await asyncio.sleep(3.2)
        finally:
            released.set()
            locker.join()
        thanks = await emu.wait_for_followup(click, timeout=10)
        assert thanks.response["content"].startswith("Thanks, noted")


# --- 7. fact tables: private and paged -----------------------------------------------------


async def test_fact_tables_are_private_on_request_and_paged(
    built_app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [FactRow({}, f"Northland → Southland · item {i} · {i}%", 1) for i in range(30)]
    async with running_world(built_app, tmp_path) as world:
        emu = world.emu
        monkeypatch.setattr(
            world.bot.get_cog("Facts"),
            "_report",
            lambda kind, filters: FactReport(kind, rows, [CITATION]),
        )
        table = await emu.send_interaction(
            emu.slash_command(
                "tariffs", {"private": True}, user=world.member, guild_id=world.guild_id
            )
        )
        assert (await emu.wait_for_callback(table)).json == {"type": 5, "data": {"flags": 64}}
        first = await emu.wait_for_followup(table)
        assert first.response["flags"] & EPHEMERAL
        assert first.json["embeds"][0]["title"].endswith("· 1/3")
        buttons = first.json["components"][0]["components"]
        await emu.send_interaction(
            emu.component_click(first.response["id"], buttons[1]["custom_id"], user=world.member)
        )
        turned = await emu.wait_for_request(
            method="POST",
            path=r"/interactions/\d+/.+/callback",
            predicate=lambda r: r.json.get("type") == 7,
        )
        assert turned.json["data"]["embeds"][0]["title"].endswith("· 2/3")
        await asyncio.sleep(0.3)
        assert len(emu.find_requests("POST", rf"/webhooks/\d+/{table['token']}")) == 1


# --- 8. /forget's suggestions within Discord's 3 seconds -----------------------------------


async def test_forget_suggestions_arrive_within_the_deadline_on_a_slow_index(
    built_app: App, tmp_path: Path
) -> None:
    passages = [Passage("fees.md#1", "fees.md", "t", "Fees", "L", "", "", "fees.md", 0)]
    sources = Sources(passages, delay=4.0)
    async with running_world(
        None, tmp_path, services=with_doubles(built_app, retriever=sources)
    ) as world:
        emu = world.emu

        async def suggest() -> RecordedRequest:
            typing = await emu.send_interaction(
                emu.autocomplete(
                    "forget",
                    {"source": "fe"},
                    "source",
                    user=world.moderator,
                    guild_id=world.guild_id,
                )
            )
            return await emu.wait_for_callback(typing)

        first = await suggest()
        assert first.status == 200 and first.json["data"]["choices"] == []
        await asyncio.sleep(4.5)
        second = await suggest()
        assert [c["value"] for c in second.json["data"]["choices"]] == ["fees.md"]


# --- 9. smaller ones -----------------------------------------------------------------------


async def test_question_length_pager_timeout_and_blank_answers(
    built_app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    passages = [
        Passage(f"d{i}.md#1", f"d{i}.md", "t", f"Doc {i}", "L", "", "", f"d{i}.md", 0)
        for i in range(15)
    ]
    blank = dataclasses.replace(ANSWER, text="  \n ", citations=())
    services = with_doubles(built_app, qa=Asker(blank), retriever=Sources(passages))
    async with running_world(None, tmp_path, services=services, pager_timeout_s=0.5) as world:
        emu = world.emu
        ask_schema = next(c for c in emu.commands[None] if c["name"] == "ask")
        question = next(o for o in ask_schema["options"] if o["name"] == "question")
        assert question["max_length"] == 1000

        listed = await emu.send_interaction(
            emu.slash_command("sources", user=world.member, guild_id=world.guild_id)
        )
        page = await emu.wait_for_followup(listed)
        disabled = await emu.wait_for_request(
            lambda r: all(b.get("disabled") for b in r.json["components"][0]["components"]),
            method="PATCH",
            path=rf"/webhooks/\d+/{listed['token']}/messages/{page.response['id']}",
        )
        assert disabled.status == 200

        ask = await emu.send_interaction(world.ask("What do harbour fees cost?"))
        shown = await emu.wait_for_followup(ask)
        assert shown.status == 200 and shown.json["embeds"][0]["description"] == "(no answer)"
