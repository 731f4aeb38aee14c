"""Cooldown, concurrency and the bounded queue."""

from __future__ import annotations

import asyncio
import threading

import pytest

from bot.discordbot.limits import AnswerGate, Cooldown, Limits, Refusal, Ticket


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_cooldown_per_user() -> None:
    clock = Clock()
    cooldown = Cooldown(5.0, clock)
    assert cooldown.retry_after(1) == 0
    cooldown.mark(1)
    clock.now += 2
    assert cooldown.retry_after(1) == pytest.approx(3.0) and cooldown.retry_after(2) == 0
    clock.now += 3
    assert cooldown.retry_after(1) == 0


def test_refusal_messages() -> None:
    assert Refusal("cooldown", 3).message().endswith("try again in 3 s.")
    assert Refusal("busy", 1).message().startswith("Lots of questions")


async def test_gate_bounds_running_plus_queued_and_releases() -> None:
    gate = AnswerGate(concurrency=2, max_queued=1)
    limits = Limits(Cooldown(0.0), gate)
    tickets = [limits.admit(user) for user in range(3)]
    assert all(isinstance(t, Ticket) for t in tickets)
    refused = limits.admit(99)
    assert isinstance(refused, Refusal) and refused.reason == "busy" and refused.retry_after_s >= 1
    first = tickets[0]
    assert isinstance(first, Ticket)
    with first:
        pass
    first.release()  # idempotent
    assert gate.pending == 2 and isinstance(limits.admit(100), Ticket)
    limits.close()


async def test_at_most_concurrency_answers_run_at_once() -> None:
    gate = AnswerGate(concurrency=2, max_queued=10)
    running, peak = 0, 0
    lock = threading.Lock()

    def work() -> int:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        threading.Event().wait(0.02)
        with lock:
            running -= 1
        return 1

    async def one() -> int:
        ticket = gate.try_admit()
        assert isinstance(ticket, Ticket)
        with ticket:
            return await ticket.run(work)

    assert sum(await asyncio.gather(*(one() for _ in range(8)))) == 8
    assert peak == 2 and gate.pending == 0
    gate.close()


def test_cooldown_starts_only_when_admitted() -> None:
    limits = Limits(Cooldown(10.0), AnswerGate(concurrency=1, max_queued=0))
    assert isinstance(limits.admit(1), Ticket)
    assert isinstance(limits.admit(2), Refusal)  # busy: user 2 gets no cooldown
    refusal = limits.admit(1)
    assert isinstance(refusal, Refusal) and refusal.reason == "cooldown"
    limits.close()
