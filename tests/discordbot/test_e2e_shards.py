"""One bot split over two processes, one shard each, sharing one Chroma server.

The deployment of docs/scaling.md for real: ``chroma run`` on loopback, ``tradebot index`` once,
then two ``tradebot run`` processes (``TRADEBOT_SHARDS=2``, ``TRADEBOT_SHARD_IDS=0`` and ``1``),
each with its own local folder as if on its own machine, against the Discord emulator, which
routes each guild's events to the shard Discord would. A moderator's ``/reindex`` in one shard's
guild runs while the other shard keeps answering, and the other shard then answers from the new
generation without a restart; a reindex while another writer holds the server's lease is refused
politely.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import IO, Any

import pytest

from tests.conftest import ROOT, chroma_server_at
from tests.discordbot.conftest import world_guild
from tests.index.test_shared_server import ARTICLE, HOLD_LEASE, KNOWN, NEW, NEW_FILE, env_for
from tests.index.test_shared_server import tradebot as run_tradebot
from tests.support.discord_emulator import DiscordEmulator, Payload, new_snowflake

pytestmark = pytest.mark.slow

TOKEN = "shard-token"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from chroma_server_at(tmp_path_factory.mktemp("shards-server"))


def guild_on_shard(shard: int, count: int = 2) -> tuple[Payload, Payload, Payload]:
    """A guild whose id Discord routes to ``shard``, its member, and a moderator (with the id of
    the moderator role under ``mod_role``)."""
    while True:
        guild_id = new_snowflake()
        if (guild_id >> 22) % count == shard:
            guild, member, moderator, _manager, mod_role = world_guild(id=guild_id)
            return guild, member, {**moderator, "mod_role": mod_role["id"]}


@asynccontextmanager
async def python_process(
    args: list[str], env: dict[str, str], cwd: Path, **pipes: Any
) -> AsyncIterator[asyncio.subprocess.Process]:
    """A Python child for the block's duration; stopped (then killed) if still running."""
    process = await asyncio.create_subprocess_exec(sys.executable, *args, env=env, cwd=cwd, **pipes)
    try:
        yield process
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 20)
            except TimeoutError:
                process.kill()
                await process.wait()


async def answer_text(emu: DiscordEmulator, interaction: Payload) -> str:
    followup = await emu.wait_for_followup(await emu.send_interaction(interaction), timeout=30)
    embeds = followup.json.get("embeds") or []
    return str(embeds[0]["description"] if embeds else followup.json.get("content", ""))


async def job_result(emu: DiscordEmulator, interaction: Payload, wait_s: float) -> str:
    """The final text of a deferred reindex reply (progress edits come first)."""
    edit = await emu.wait_for_request(
        lambda r: any(m in (r.json or {}).get("content", "") for m in ("finished", "Another")),
        method="PATCH",
        path=rf"/webhooks/\d+/{interaction['token']}/messages/@original",
        timeout=wait_s,
    )
    return str(edit.json["content"])


@pytest.fixture
def logs(tmp_path: Path) -> Iterator[tuple[IO[bytes], IO[bytes]]]:
    """The bot processes' stderr, in files (a pipe nobody reads could fill and stall a bot)."""
    with (tmp_path / "a.log").open("w+b") as a, (tmp_path / "b.log").open("w+b") as b:
        yield a, b


async def test_two_shard_processes_share_one_chroma_server(
    tmp_path: Path, knowledge_copy: Path, server: str, logs: tuple[IO[bytes], IO[bytes]]
) -> None:
    (guild_a, member_a, mod_a), (guild_b, member_b, mod_b) = guild_on_shard(0), guild_on_shard(1)
    indexed = await asyncio.to_thread(
        run_tradebot, ["index"], env_for(tmp_path / "indexer", knowledge_copy, server)
    )
    assert indexed.returncode == 0, indexed.stderr

    async with DiscordEmulator(guilds=[guild_a, guild_b], token=TOKEN) as emu:

        def bot_env(machine: str, shard: str) -> dict[str, str]:
            return env_for(
                tmp_path / machine,
                knowledge_copy,
                server,
                DISCORD_TOKEN=TOKEN,
                TRADEBOT_DISCORD_API_BASE=emu.api_base,
                TRADEBOT_DISCORD_GATEWAY_URL=emu.gateway_url,
                TRADEBOT_SHARDS="2",
                TRADEBOT_SHARD_IDS=shard,
                TRADEBOT_MODERATOR_ROLE_IDS=f"{mod_a['mod_role']},{mod_b['mod_role']}",
                TRADEBOT_USER_COOLDOWN_S="0",
            )

        def ask(guild: Payload, member: Payload, question: str) -> Payload:
            return emu.slash_command(
                "ask", {"question": question}, user=member, guild_id=guild["id"]
            )

        def reindex(guild: Payload, moderator: Payload) -> Payload:
            return emu.slash_command("reindex", user=moderator, guild_id=guild["id"])

        log_a, log_b = logs
        async with (  # cwd is the tmp folder: no developer's .env file is read
            python_process(["-m", "bot", "run"], bot_env("a", "0"), tmp_path, stderr=log_a) as a,
            python_process(["-m", "bot", "run"], bot_env("b", "1"), tmp_path, stderr=log_b) as b,
        ):
            async with asyncio.timeout(120):
                while len(emu.identify_payloads) < 2:  # noqa: ASYNC110 - state is the emulator's
                    await asyncio.sleep(0.1)
            assert sorted(p["shard"] for p in emu.identify_payloads) == [[0, 2], [1, 2]]
            await emu.wait_for_request(method="PUT", path=r".*/commands", timeout=60)

            for guild, member in ((guild_a, member_a), (guild_b, member_b)):
                text = await answer_text(emu, ask(guild, member, KNOWN))
                assert "25%" in text, text

            # Another writer holds the server's lease: shard 1's /reindex is refused politely.
            pipe = asyncio.subprocess.PIPE
            holder_env = env_for(tmp_path / "holder", knowledge_copy, server)
            async with python_process(
                ["-c", HOLD_LEASE], holder_env, ROOT, stdin=pipe, stdout=pipe
            ) as holder:
                assert holder.stdout is not None and holder.stdin is not None
                assert (await holder.stdout.readline()).strip() == b"holding"
                busy = await emu.send_interaction(reindex(guild_b, mod_b))
                assert "Another reindex is running" in await job_result(emu, busy, 60)
                holder.stdin.close()
                assert (await holder.stdout.readline()).strip() == b"released"

            # Shard 0 reindexes a new article while shard 1 keeps answering.
            (knowledge_copy / NEW_FILE).write_text(ARTICLE.format(rate="30%"), encoding="utf-8")
            job = await emu.send_interaction(reindex(guild_a, mod_a))
            done = asyncio.create_task(job_result(emu, job, 180))
            answered = 0
            while not done.done():
                text = await answer_text(emu, ask(guild_b, member_b, KNOWN))
                assert "25%" in text, text
                answered += 1
            assert "1 added" in done.result(), done.result()
            assert answered >= 1

            # Shard 1 follows the pointer to the new generation (checked once a second).
            async with asyncio.timeout(30):
                while True:
                    text = await answer_text(emu, ask(guild_b, member_b, NEW))
                    if "30%" in text:
                        break
                    await asyncio.sleep(0.5)
            assert a.returncode is None and b.returncode is None
    for log in logs:
        log.seek(0)
        errors = log.read().decode()
        assert "Traceback" not in errors, errors
