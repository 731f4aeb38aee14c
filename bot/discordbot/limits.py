"""Per-user cooldown and a global concurrency limit with a bounded queue.

Answers are composed in a small pool of worker threads. Without a bound, a burst of questions
would queue without limit and every member would wait for everyone before them; with it, the
members beyond the queue are told at once, politely, when to try again. All bookkeeping happens
on the event loop thread, so no locks are needed.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import threading
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from types import TracebackType
from typing import Literal, TypeVar

T = TypeVar("T")

ESTIMATE_WEIGHT = 0.2
"""Weight of the newest answer time in the running average used for "try again in N s"."""
FORGET_AFTER_S = 3600.0
WORKER_NICENESS = 5
"""Answer threads yield the CPU to the event loop thread (acknowledgements, heartbeats)."""


def _lower_priority() -> None:
    """Run this worker thread at a lower CPU priority (Linux applies niceness per thread)."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICENESS)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a question is not taken now, and when to try again."""

    reason: Literal["cooldown", "busy"]
    retry_after_s: int

    def message(self) -> str:
        wait = f"try again in {self.retry_after_s} s"
        if self.reason == "cooldown":
            return f"You are asking faster than I can keep up with; {wait}."
        return f"Lots of questions are being answered right now; {wait}."


class Cooldown:
    """At most one question per user every ``seconds``."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._last: dict[int, float] = {}

    def retry_after(self, user_id: int) -> float:
        last = self._last.get(user_id)
        if last is None:
            return 0.0
        return max(0.0, last + self.seconds - self._clock())

    def mark(self, user_id: int) -> None:
        now = self._clock()
        if len(self._last) > 10_000:  # forget idle users so the table stays small
            horizon = now - max(self.seconds, FORGET_AFTER_S)
            self._last = {uid: t for uid, t in self._last.items() if t > horizon}
        self._last[user_id] = now


class Ticket:
    """An admitted question: holds a place in the queue until released.

    Use as ``with ticket:`` around the whole handling (so the place is freed on any error) and
    ``await ticket.run(fn)`` for the blocking work, which waits for a free worker first.
    """

    def __init__(self, gate: AnswerGate) -> None:
        self._gate = gate
        self._released = False

    def __enter__(self) -> Ticket:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def release(self) -> None:
        if not self._released:
            self._released = True
            self._gate._pending -= 1

    async def run(self, fn: Callable[[], T]) -> T:
        return await self._gate._run(fn)

    def slot(self) -> contextlib.AbstractAsyncContextManager[None]:
        """One of the ``concurrency`` places, for work done on the event loop (a model's
        stream): held for the whole ``async with``, like :meth:`run` holds it for ``fn``."""
        return self._gate._slot()


class AnswerGate:
    """``concurrency`` answers at once in worker threads, at most ``max_queued`` waiting."""

    def __init__(self, concurrency: int, max_queued: int, initial_estimate_s: float = 1.0) -> None:
        self.concurrency = concurrency
        self.max_queued = max_queued
        self._semaphore = asyncio.Semaphore(concurrency)
        self._executor = ThreadPoolExecutor(
            concurrency, thread_name_prefix="tradebot-answer", initializer=_lower_priority
        )
        self._pending = 0
        self._average_s = initial_estimate_s

    @property
    def pending(self) -> int:
        """Questions admitted and not yet finished (running or waiting)."""
        return self._pending

    def try_admit(self) -> Ticket | Refusal:
        if self._pending >= self.concurrency + self.max_queued:
            waiting = self._pending - self.concurrency + 1
            estimate = self._average_s * waiting / self.concurrency
            return Refusal("busy", max(1, math.ceil(estimate)))
        self._pending += 1
        return Ticket(self)

    async def _run(self, fn: Callable[[], T]) -> T:
        async with self._slot():
            return await asyncio.get_running_loop().run_in_executor(self._executor, fn)

    @contextlib.asynccontextmanager
    async def _slot(self) -> AsyncIterator[None]:
        async with self._semaphore:
            started = time.perf_counter()
            yield
            elapsed = time.perf_counter() - started
            self._average_s += ESTIMATE_WEIGHT * (elapsed - self._average_s)

    def close(self) -> None:
        """Stop taking work; answers being composed finish in their threads."""
        self._executor.shutdown(wait=False, cancel_futures=True)


class Limits:
    """The cooldown and the gate together: what every question goes through first."""

    def __init__(self, cooldown: Cooldown, gate: AnswerGate) -> None:
        self.cooldown = cooldown
        self.gate = gate

    @classmethod
    def create(cls, cooldown_s: float, concurrency: int, max_queued: int) -> Limits:
        return cls(Cooldown(cooldown_s), AnswerGate(concurrency, max_queued))

    def admit(self, user_id: int) -> Ticket | Refusal:
        """A ticket (the user's cooldown starts now) or why not and when to try again."""
        wait = self.cooldown.retry_after(user_id)
        if wait > 0:
            return Refusal("cooldown", max(1, math.ceil(wait)))
        ticket = self.gate.try_admit()
        if isinstance(ticket, Ticket):
            self.cooldown.mark(user_id)
        return ticket

    def close(self) -> None:
        self.gate.close()
