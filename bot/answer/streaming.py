"""Runs a blocking iterator in a worker thread and hands its items to an event loop.

Retrieval (Chroma, ONNX) and the chat-model calls block; Discord runs on an event loop that
must not. The iterator runs in its own thread and every item (or its exception) is passed
to the loop as it comes, so a streamed answer can be shown while it is being written.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TypeVar, cast

T = TypeVar("T")

_END = object()


async def iterate_in_thread(make: Callable[[], Iterator[T]]) -> AsyncIterator[T]:
    """Items of ``make()`` as they are produced; its exceptions are raised here.

    Leaving the loop early (``break``, cancellation) stops the worker at its next item.
    """
    loop = asyncio.get_running_loop()
    items: asyncio.Queue[object] = asyncio.Queue()
    stop = threading.Event()

    def put(item: object) -> None:
        try:
            loop.call_soon_threadsafe(items.put_nowait, item)
        except RuntimeError:  # the loop is closed: nobody is listening any more
            stop.set()

    def work() -> None:
        try:
            iterator = make()
            for item in iterator:
                if stop.is_set():
                    break
                put(item)
            close = getattr(iterator, "close", None)
            if close is not None:
                close()
        except BaseException as exc:  # handed over to the loop's side
            put(_Failure(exc))
        finally:
            put(_END)

    threading.Thread(target=work, name="tradebot-answer", daemon=True).start()
    try:
        while True:
            item = await items.get()
            if item is _END:
                return
            if isinstance(item, _Failure):
                raise item.exc
            yield cast(T, item)
    finally:
        stop.set()


class _Failure:
    __slots__ = ("exc",)

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc
