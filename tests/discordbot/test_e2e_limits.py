"""Load, long answers and failures end to end, with a spec'd stand-in for the QA service."""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
import threading
from pathlib import Path
from unittest.mock import create_autospec

import pytest

from bot.discordbot.client import Services
from bot.discordbot.cogs.feedback import FeedbackStore
from bot.ingest.pipeline import Indexer
from bot.models import Answer, Citation
from bot.retrieval.hybrid import HybridRetriever
from bot.service import QAService
from tests.discordbot.conftest import assert_within_limits, balanced_fences, running_world
from tests.support.discord_emulator import make_user

EPHEMERAL = 64


def stub_services(tmp_path: Path) -> Services:
    qa = create_autospec(QAService, instance=True)
    qa.streams = False
    return Services(
        qa=qa,
        indexer=create_autospec(Indexer, instance=True),
        retriever=create_autospec(HybridRetriever, instance=True),
        feedback=FeedbackStore(tmp_path / "unused.sqlite3"),
        knowledge_dir=tmp_path / "knowledge",
        forgotten_dir=tmp_path / "forgotten",
    )


def citation(n: int) -> Citation:
    return Citation(
        n=n,
        title=f"Article number {n} about tariffs " + "and negotiations " * 20,
        outlet="Test Wire",
        url=f"https://example.org/articles/{n}",
        published="2025-04-16",
        source_file=f"article-{n}.md",
        passage_id=f"article-{n}.md#abc",
        quote="Tariffs were discussed at length by both delegations. " * 12,
    )


def long_answer() -> Answer:
    code = "```python\n" + "\n".join(f"tariff_{i} = rate({i}) * 0.24" for i in range(220)) + "\n```"
    prose = " ".join(
        f"Sentence {i} says tariffs rose on goods category {i} [1]." for i in range(150)
    )
    text = f"{prose}\n\n{code}\n\nAfter the code, {prose}"
    return Answer(
        question="Explain everything about the tariffs " + "in great detail " * 30,
        text=text,
        refused=False,
        citations=tuple(citation(n) for n in range(1, 31)),
        backend="stub",
        notes=("Understood as: everything about tariffs",),
    )


async def test_a_long_answer_is_split_within_discord_limits(tmp_path: Path) -> None:
    services = stub_services(tmp_path)
    answer = long_answer()
    services.qa.ask.return_value = answer  # type: ignore[attr-defined]
    async with running_world(None, tmp_path, services=services) as world:
        interaction = await world.emu.send_interaction(world.ask("Explain everything"))
        await world.emu.wait_for_callback(interaction)
        await world.emu.wait_for_request(
            lambda r: bool(r.json and r.json.get("components")),
            method="POST",
            path=rf"/webhooks/\d+/{interaction['token']}",
            timeout=10,
        )
        sent = world.emu.find_requests("POST", rf"/webhooks/\d+/{interaction['token']}")
        assert len(sent) >= 2 and all(r.status == 200 for r in sent)
        for request in sent:
            assert_within_limits(request.json)
        descriptions = [e.get("description") or "" for r in sent for e in r.json["embeds"]]
        assert all(balanced_fences(d) for d in descriptions)
        words = re.findall(r"\S+", answer.text)
        shown = re.findall(r"\S+", "\n".join(descriptions))

        def prose(tokens: list[str]) -> list[str]:  # fences are closed and reopened at cuts
            return [w for w in tokens if not w.startswith("```")]

        assert prose(shown) == prose(words)  # every word intact and in order
        fields = [f for r in sent for e in r.json["embeds"] for f in e.get("fields", [])]
        assert [f["name"].split("]")[0] for f in fields] == [f"[{n}" for n in range(1, 31)]
        assert sent[-1].json["components"] and not any(r.json.get("components") for r in sent[:-1])


async def test_internal_errors_get_an_apology_with_an_error_id(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    services = stub_services(tmp_path)
    services.qa.ask.side_effect = RuntimeError(  # type: ignore[attr-defined]
        "openai provider failed reading /srv/secret/index"
    )
    async with running_world(None, tmp_path, services=services) as world:
        interaction = await world.emu.send_interaction(world.ask("What tariff does Japan face?"))
        reply = await world.emu.wait_for_followup(interaction, timeout=10)
        dm = await world.emu.send_user_message("What tariff does Japan face?", world.member)
        dm_reply = await world.emu.wait_for_request(
            method="POST", path=f"/channels/{dm['channel_id']}/messages", timeout=10
        )
    for content in (reply.json["content"], dm_reply.json["content"]):
        error_id = re.search(r"error id `([0-9a-f]{8})`", content)
        assert content.startswith("Sorry, something went wrong") and error_id
        assert not re.search(r"openai|/srv|Traceback|RuntimeError", content)
        logged = [r for r in caplog.records if error_id.group(1) in r.getMessage()]
        assert logged and logged[0].exc_info is not None


async def test_cooldown_and_full_queue_say_when_to_try_again(tmp_path: Path) -> None:
    services = stub_services(tmp_path)
    release = threading.Event()
    ask_started = threading.Event()

    def slow_ask(question: str, history: object = ()) -> Answer:
        ask_started.set()
        release.wait(10)
        return Answer(question, "Tariffs are 24% [1].", False, (citation(1),), "stub")

    services.qa.ask.side_effect = slow_ask  # type: ignore[attr-defined]
    async with running_world(
        None,
        tmp_path,
        services=services,
        emulator={"heartbeat_interval_ms": 100},
        user_cooldown_s=30.0,
        max_concurrent_answers=1,
        max_queued_answers=1,
    ) as world:
        emu = world.emu
        first = await emu.send_interaction(world.ask("one?", user=world.member))
        await asyncio.to_thread(ask_started.wait, 5)
        again = await emu.send_interaction(world.ask("two?", user=world.member))
        data = (await emu.wait_for_callback(again)).json["data"]
        assert data["flags"] == EPHEMERAL
        assert re.fullmatch(
            r".*faster than I can keep up with; try again in (29|30) s\.", data["content"]
        )

        queued = await emu.send_interaction(world.ask("three?", user=make_user("other")))
        assert (await emu.wait_for_callback(queued)).json == {"type": 5}
        over = await emu.send_interaction(world.ask("four?", user=make_user("third")))
        data = (await emu.wait_for_callback(over)).json["data"]
        assert data["flags"] == EPHEMERAL
        assert re.fullmatch(r"Lots of questions .*; try again in \d+ s\.", data["content"])

        await asyncio.sleep(0.5)  # the loop stays free while the worker thread is blocked
        release.set()
        for interaction in (first, queued):
            answer = await emu.wait_for_followup(interaction, timeout=10)
            assert answer.json["embeds"][0]["description"] == "Tariffs are 24% [1]."
        gaps = [b - a for a, b in itertools.pairwise(emu.heartbeats)]
        assert gaps and max(gaps) < 0.5, gaps


async def test_warnings_and_errors_stay_out_of_a_normal_run(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    services = stub_services(tmp_path)
    services.qa.ask.return_value = Answer("q?", "A [1].", False, (citation(1),), "stub")  # type: ignore[attr-defined]
    async with running_world(None, tmp_path, services=services) as world:
        interaction = await world.emu.send_interaction(world.ask("q?"))
        await world.emu.wait_for_followup(interaction, timeout=10)
    problems = [
        r.getMessage()
        for r in caplog.records
        if r.levelno >= logging.WARNING and "voice will NOT be supported" not in r.getMessage()
    ]
    assert problems == []
    assert any(re.match(r"synced \d+ commands globally", r.getMessage()) for r in caplog.records)
