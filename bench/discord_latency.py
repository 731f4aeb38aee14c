"""Discord responsiveness: acknowledgement and answer latency under load, loop lag during reindex.

The real bot (``create_bot``, real index, default limits) is driven through the local Discord
emulator of the test suite, in one process and one event loop with the emulator:

* N simultaneous ``/ask`` from N different members (N = 1, 20, 50): time from the interaction
  being dispatched to the acknowledgement (the deferred "thinking" reply, or the ephemeral
  "try again in N s" when the queue is full) and to the answer;
* a moderator's full ``/reindex`` of a synthetic knowledge folder (``bench.corpus``) while a
  member asks every second: the worst event-loop lag (a 5 ms ticker's overshoot), the longest
  gap between gateway heartbeats, and the latency of those asks.

    python -m bench.discord_latency [--passages 10000] [--record docs/benchmarks.md]
    python -m bench.discord_latency --bursts-only    # the simultaneous asks only (~1 min)

The emulator enforces Discord's 3-second acknowledgement deadline, so an ask acknowledged too
late would fail (recorded as a refused callback) instead of being measured as slow.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import logging
import math
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import header, load_average, print_header, table
from bot.app import App
from bot.discordbot.client import TradeBot, create_bot, point_at
from bot.settings import Settings
from tests.support.discord_emulator import (
    DiscordEmulator,
    Payload,
    make_guild,
    make_member,
    make_role,
    make_user,
)

QUESTIONS = (
    "What tariffs does Japan face from the United States?",
    "Who is Japan's top trade negotiator?",
    "What does Japan consider offering in the talks?",
    "What did Kato say about the yen?",
    "What did China urge Japan to do?",
)
SECTION_START = "<!-- bench.discord_latency:start -->"
SECTION_END = "<!-- bench.discord_latency:end -->"
HEARTBEAT_MS = 250
BURST_HEAD = [
    "simultaneous asks",
    "asks",
    "ack p50 ms",
    "ack p99 ms",
    "ack max ms",
    "answer p50 ms",
    "answer p99 ms",
    "told to retry",
    "worst loop lag ms",
]
CONTROL_S = 60
"""Seconds of asks without a reindex, measured first as a baseline for the machine's load."""


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ms(value: float) -> str:
    return "–" if math.isnan(value) else f"{value * 1000:.0f}"


class LagMeter:
    """Overshoot of a short sleep: how late the event loop runs a ready callback."""

    def __init__(self, interval: float = 0.005) -> None:
        self.interval = interval
        self.lags: list[float] = []
        self.spikes: list[tuple[float, float]] = []
        """(monotonic time, lag) of every lag over 50 ms, to see what caused it."""

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            started = loop.time()
            await asyncio.sleep(self.interval)
            lag = max(0.0, loop.time() - started - self.interval)
            self.lags.append(lag)
            if lag > 0.05:
                self.spikes.append((time.monotonic(), lag))

    @contextlib.asynccontextmanager
    async def measuring(self) -> AsyncIterator[LagMeter]:
        self.lags.clear()
        self.spikes.clear()
        task = asyncio.create_task(self.run())
        try:
            yield self
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


@dataclass
class World:
    emu: DiscordEmulator
    bot: TradeBot
    guild: Payload
    moderator: Payload
    users: Iterator[int] = field(default_factory=itertools.count)

    def ask(self, question: str) -> Payload:
        user = make_user(f"member{next(self.users)}")
        return self.emu.slash_command(
            "ask", {"question": question}, user=user, guild_id=self.guild["id"]
        )


@asynccontextmanager
async def running(app: App, **config: Any) -> AsyncIterator[World]:
    mods = make_role("moderators")
    moderator = make_user("moderator")
    guild = make_guild("Bench", members=[make_member(moderator, roles=[mods])], roles=[mods])
    async with DiscordEmulator(guilds=[guild], heartbeat_interval_ms=HEARTBEAT_MS) as emu:
        bot = create_bot(
            app, moderator_role_ids=frozenset({int(mods["id"])}), guild_ready_timeout=0.05, **config
        )
        restore = point_at(emu.api_base, emu.gateway_url)
        await bot.login("bench-token")
        task = asyncio.create_task(bot.connect(reconnect=False))
        try:
            await asyncio.wait_for(bot.wait_until_ready(), 30)
            yield World(emu, bot, emu.guilds[int(guild["id"])], moderator)
        finally:
            await bot.close()
            await asyncio.wait_for(task, 30)
            restore()


@dataclass
class Burst:
    acks: list[float]
    answers: list[float]
    refused: int
    lag: float


async def burst(world: World, n: int) -> Burst:
    """``n`` simultaneous asks; latencies from dispatch to acknowledgement and to answer."""
    emu = world.emu
    interactions = [world.ask(QUESTIONS[i % len(QUESTIONS)]) for i in range(n)]
    async with LagMeter().measuring() as meter:
        await asyncio.gather(*(emu.send_interaction(i) for i in interactions))
        callbacks = await asyncio.gather(*(emu.wait_for_callback(i, 30) for i in interactions))
        late = sum(c.status != 200 for c in callbacks)
        if late:  # Discord would have dropped these (10062): a failure, not a latency
            print(f"warning: {late} of {n} asks acknowledged after Discord's 3 s deadline")
        answered = [
            i
            for i, c in zip(interactions, callbacks, strict=True)
            if c.status == 200 and c.json["type"] == 5
        ]
        followups = await asyncio.gather(*(emu.wait_for_followup(i, timeout=120) for i in answered))
    sent = {i["token"]: emu.interaction_sent_at(i) for i in interactions}
    return Burst(
        acks=[c.monotonic - sent[i["token"]] for i, c in zip(interactions, callbacks, strict=True)],
        answers=[f.monotonic - sent[i["token"]] for i, f in zip(answered, followups, strict=True)],
        refused=n - len(answered),
        lag=max(meter.lags, default=0.0),
    )


async def ask_bursts(app: App, rounds: dict[int, int], **config: Any) -> dict[int, Burst]:
    results: dict[int, Burst] = {}
    async with running(app, **config) as world:
        await burst(world, 1)  # warm-up: first query loads the index into memory
        for n, repeat in rounds.items():
            total = Burst([], [], 0, 0.0)
            for _ in range(repeat):
                one = await burst(world, n)
                total.acks += one.acks
                total.answers += one.answers
                total.refused += one.refused
                total.lag = max(total.lag, one.lag)
                await asyncio.sleep(0.5)
            results[n] = total
    return results


@dataclass
class ReindexRun:
    passages: int
    seconds: float
    summary: str
    lag_max: float
    lag_p99: float
    heartbeat_gap: float
    acks: list[float]
    answers: list[float]
    spikes: list[tuple[float, float]]
    """(seconds after the /reindex, lag) of each event-loop lag over 50 ms."""
    published_at: float
    """Seconds after the /reindex when the report arrived (the new generation went live)."""
    control_lag_max: float
    """Worst lag over the same time with the same asks but no reindex: the machine's share."""
    control_heartbeat_gap: float


async def reindex_under_load(app: App) -> ReindexRun:
    async with running(app) as world:
        emu = world.emu
        await burst(world, 1)
        control_beats = len(emu.heartbeats)
        async with LagMeter().measuring() as control:
            for n in range(CONTROL_S):
                await emu.send_interaction(world.ask(QUESTIONS[n % 5]))
                await asyncio.sleep(1.0)
        control_gaps = [b - a for a, b in itertools.pairwise(emu.heartbeats[control_beats:])]
        start_beats = len(emu.heartbeats)
        reindex = emu.slash_command(
            "reindex", {"full": True}, user=world.moderator, guild_id=world.guild["id"]
        )
        asks: list[Payload] = []
        async with LagMeter().measuring() as meter:
            started = time.perf_counter()
            t0 = time.monotonic()
            await emu.send_interaction(reindex)
            pattern = rf"/webhooks/\d+/{reindex['token']}/messages/@original"
            done_task = asyncio.create_task(
                emu.wait_for_request(
                    lambda r: "finished" in (r.json or {}).get("content", ""),
                    method="PATCH",
                    path=pattern,
                    timeout=3600,
                )
            )
            while not done_task.done():
                asks.append(await emu.send_interaction(world.ask(QUESTIONS[len(asks) % 5])))
                await asyncio.wait({done_task}, timeout=1.0)
            finished = done_task.result()
            seconds = time.perf_counter() - started
        callbacks = [await emu.wait_for_callback(i, 30) for i in asks]
        followups = [await emu.wait_for_followup(i, timeout=60) for i in asks]
        beats = emu.heartbeats[start_beats:]
        gaps = [b - a for a, b in itertools.pairwise(beats)]
        sent = [emu.interaction_sent_at(i) for i in asks]
        return ReindexRun(
            passages=pointer.passages if (pointer := app.store.pointer()) else 0,
            seconds=seconds,
            summary=finished.json["content"],
            lag_max=max(meter.lags, default=0.0),
            lag_p99=percentile(meter.lags, 0.99),
            heartbeat_gap=max(gaps, default=0.0),
            acks=[c.monotonic - s for c, s in zip(callbacks, sent, strict=True)],
            answers=[f.monotonic - s for f, s in zip(followups, sent, strict=True)],
            spikes=[(t - t0, lag) for t, lag in meter.spikes],
            published_at=finished.monotonic - t0,
            control_lag_max=max(control.lags, default=0.0),
            control_heartbeat_gap=max(control_gaps, default=0.0),
        )


def app_for(knowledge: Path, index: Path, chroma_url: str | None = None) -> App:
    return App(
        Settings(_env_file=None, knowledge_dir=knowledge, index_dir=index, chroma_url=chroma_url)  # type: ignore[call-arg]
    )


def burst_rows(results: dict[int, Burst], label: str = "") -> list[list[object]]:
    rows: list[list[object]] = []
    for n, b in results.items():
        rows.append(
            [
                f"{n}{label}",
                len(b.acks),
                ms(percentile(b.acks, 0.5)),
                ms(percentile(b.acks, 0.99)),
                ms(max(b.acks)),
                ms(percentile(b.answers, 0.5)),
                ms(percentile(b.answers, 0.99)),
                b.refused,
                ms(b.lag),
            ]
        )
    return rows


def record(path: Path, text: str) -> None:
    """Write this benchmark's own section of ``path`` (others' sections are left alone)."""
    section = f"{SECTION_START}\n{text.rstrip()}\n{SECTION_END}\n"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if SECTION_START in current and SECTION_END in current:
        before, rest = current.split(SECTION_START, 1)
        after = rest.split(SECTION_END, 1)[1].lstrip("\n")
        current = before + section + after
    else:
        current = current.rstrip("\n") + "\n\n" + section
    path.write_text(current, encoding="utf-8")


async def main_async(args: argparse.Namespace) -> str:
    from bench.ask_latency import chroma_server
    from bench.corpus import KNOWLEDGE, write_corpus

    info = header()
    print_header(info)
    with tempfile.TemporaryDirectory(
        prefix="tradebot-discord-bench-", ignore_cleanup_errors=True
    ) as tmp:
        work = Path(tmp)
        small = app_for(KNOWLEDGE, work / "small-index")
        small.indexer.reindex(KNOWLEDGE)
        rounds = {1: 10, 20: 3, 50: 2}
        defaults = await ask_bursts(small, rounds)
        roomy = await ask_bursts(small, {50: 2}, max_queued_answers=64)
        if args.bursts_only:
            info["load average at end"] = load_average()
            rows = [BURST_HEAD, *burst_rows(defaults), *burst_rows(roomy, " (queue 64)")]
            print(table(rows))
            return "\n".join(
                [*[f"- {k}: {v}" for k, v in info.items()], "", table(rows, markdown=True)]
            )

        corpus = work / "corpus"
        stats = write_corpus(corpus, args.passages)
        with contextlib.ExitStack() as stack:
            url = None
            if args.server:  # the index on a `chroma run` instead of a local folder
                url, _pid = stack.enter_context(chroma_server(work / "chroma-server"))
            big = app_for(corpus, work / "big-index", url)
            big.indexer.reindex(KNOWLEDGE)  # members are answered from this meanwhile
            reindex = await reindex_under_load(big)
        info["index"] = "a Chroma server (`chroma run`) on loopback" if url else "a local folder"

    info["load average at end"] = load_average()
    asks_rows = [BURST_HEAD, *burst_rows(defaults), *burst_rows(roomy, " (queue 64)")]
    reindex_rows = [
        ["during a full /reindex", "value"],
        ["passages indexed", f"{reindex.passages:,}"],
        ["reindex wall time", f"{reindex.seconds:.0f} s"],
        ["worst event-loop lag", f"{reindex.lag_max * 1000:.0f} ms"],
        [
            f"worst event-loop lag, {CONTROL_S} s of the same asks without a reindex",
            f"{reindex.control_lag_max * 1000:.0f} ms",
        ],
        ["event-loop lag p99 (5 ms ticks)", f"{reindex.lag_p99 * 1000:.1f} ms"],
        ["longest heartbeat gap", f"{reindex.heartbeat_gap * 1000:.0f} ms ({HEARTBEAT_MS} ms)"],
        [
            "longest heartbeat gap without a reindex",
            f"{reindex.control_heartbeat_gap * 1000:.0f} ms",
        ],
        [
            "member asks meanwhile",
            f"{len(reindex.acks)}: ack p50 {ms(percentile(reindex.acks, 0.5))} ms, max "
            f"{ms(max(reindex.acks, default=float('nan')))} ms; answer p50 "
            f"{ms(percentile(reindex.answers, 0.5))} ms, max "
            f"{ms(max(reindex.answers, default=float('nan')))} ms",
        ],
    ]
    print(table(asks_rows))
    print()
    print(table(reindex_rows))
    print(f"\nreindex report: {reindex.summary}")
    print(f"report received {reindex.published_at:.1f} s after the /reindex")
    for at, lag in reindex.spikes:
        print(f"loop lag {lag * 1000:.0f} ms at {at:.1f} s")
    lines = [
        "## Discord: acknowledgement latency and event-loop lag",
        "",
        "`python -m bench.discord_latency` drives the real bot (`create_bot`, default limits: "
        "4 answers at once, 32 queued, 5 s per-member cooldown) through the test suite's "
        "local Discord emulator, in one process and one event loop with the emulator (so the "
        "figures include the emulator's own work). Latencies run from the moment the "
        "interaction is dispatched on the gateway to the acknowledgement (the deferred "
        'reply, or the ephemeral "try again in N s" for a member beyond the queue) and to '
        "the answer's follow-up. Goal: acknowledgement p99 under 1 s, loop lag under 100 ms.",
        "",
        *[f"- {k}: {v}" for k, v in info.items()],
        "",
        table(asks_rows, markdown=True),
        "",
        f"Full `/reindex` of a synthetic knowledge folder ({stats.articles:,} generated "
        "articles from `bench.corpus` plus the bundled ones) into a new generation, while a member "
        "asks every second (answered from the previous generation until the new one is "
        "published):",
        "",
        table(reindex_rows, markdown=True),
        "",
        f"Reindex report: {reindex.summary}",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passages", type=int, default=10_000)
    parser.add_argument("--record", type=Path, help="write the results section into this file")
    parser.add_argument("--server", action="store_true", help="index on a `chroma run` server")
    parser.add_argument(
        "--bursts-only", action="store_true", help="only the simultaneous asks, no reindex"
    )
    args = parser.parse_args()
    if args.bursts_only and args.record:
        parser.error("--record writes the full section; run without --bursts-only")
    logging.basicConfig(level=logging.WARNING)
    text = asyncio.run(main_async(args))
    if args.record:
        record(args.record, text)
        print(f"\nrecorded in {args.record}")


if __name__ == "__main__":
    main()
