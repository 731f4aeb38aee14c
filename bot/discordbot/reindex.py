"""Reindexing in a child process, so that the bot's event loop never waits for it.

A worker thread is not enough: Chroma's writes and parts of tokenising hold the GIL for
hundreds of milliseconds at a time, and while they do the event loop can neither acknowledge
interactions nor send heartbeats (measured: 0.3–0.7 s stalls per batch of 256 passages). A
child process has its own interpreter. It opens the index from the same settings, takes the
same writer lock as ``tradebot index`` and publishes the new generation the same way; the bot's
retriever picks it up like any reindex by another process.

The child is ``python -m bot.discordbot.reindex_child`` rather than a ``multiprocessing``
spawn, which would re-import the parent's ``__main__`` and so depend on how the bot was
started. The settings go in on stdin and progress events, then the report (or the exception),
come back on stdout as pickles; the child's log goes to the inherited stderr.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import bot
from bot.ingest.pipeline import ProgressCallback, ReindexReport

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)

WAIT_S = 30.0


class Reindexer(Protocol):
    """What the moderation cog needs: :class:`~bot.ingest.pipeline.Indexer` or the one below."""

    def reindex(
        self, knowledge_dir: Path, full: bool = False, progress: ProgressCallback | None = None
    ) -> ReindexReport: ...


class ReindexProcessError(RuntimeError):
    """The child process failed in a way that could not be sent back as it was."""


class SubprocessReindexer:
    """``Indexer.reindex`` with the same signature, run in a child process.

    Blocking, like the in-process indexer: call it from a worker thread. The thread only
    waits on a pipe, which releases the GIL.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def reindex(
        self, knowledge_dir: Path, full: bool = False, progress: ProgressCallback | None = None
    ) -> ReindexReport:
        package_root = str(Path(bot.__file__).resolve().parent.parent)
        path = os.environ.get("PYTHONPATH")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (package_root, path)))}
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.discordbot.reindex_child"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        with self._lock:
            self._process = process
        try:
            assert process.stdin is not None and process.stdout is not None
            pickle.dump((self.settings, knowledge_dir, full), process.stdin)
            process.stdin.close()
            while True:
                try:
                    kind, payload = pickle.load(process.stdout)
                except EOFError:
                    code = process.wait(WAIT_S)
                    raise ReindexProcessError(
                        f"the reindex process ended without a result (exit code {code})"
                    ) from None
                if kind == "progress":
                    if progress is not None:
                        progress(payload)
                elif kind == "done" and isinstance(payload, ReindexReport):
                    return payload
                elif kind == "error" and isinstance(payload, BaseException):
                    raise payload
                else:
                    raise ReindexProcessError(f"unexpected message {kind!r} from the process")
        finally:
            with self._lock:
                self._process = None
            if process.stdout is not None:
                process.stdout.close()
            try:
                process.wait(WAIT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def cancel(self) -> None:
        """Stop a running child (shutdown): its unpublished generation is pruned next time."""
        with self._lock:
            process = self._process
        if process is not None and process.poll() is None:
            log.warning("stopping the running reindex; the previous index stays live")
            process.terminate()
