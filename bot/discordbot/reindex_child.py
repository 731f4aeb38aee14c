"""The reindex child process (see :mod:`bot.discordbot.reindex`): ``python -m`` this module.

It runs at a lower CPU priority: embedding uses every core, and on a small machine the bot's
event loop must still get the CPU at once when an interaction arrives.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import sys
from typing import IO, Any

from bot.discordbot.reindex import ReindexProcessError
from bot.index.lock import IndexBusyError
from bot.ingest.pipeline import KnowledgeDirError

log = logging.getLogger("bot.discordbot.reindex")

NICENESS = 10


def _send(out: IO[bytes], kind: str, payload: Any) -> None:
    pickle.dump((kind, payload), out)
    out.flush()


def main() -> None:
    """Read the job from stdin, reindex, report on the original stdout."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything else printed goes to the log, not into the message stream
    with contextlib.suppress(OSError, AttributeError):
        os.nice(NICENESS)
    settings, knowledge_dir, full = pickle.load(sys.stdin.buffer)
    logging.basicConfig(
        level=getattr(logging, settings.log_level.upper(), logging.INFO),
        format="%(levelname)s %(name)s (reindex process): %(message)s",
    )
    for noisy in ("chromadb", "httpx", "httpcore", "bm25s", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        from bot.app import App

        indexer = App(settings).indexer
        report = indexer.reindex(knowledge_dir, full, lambda event: _send(out, "progress", event))
        _send(out, "done", report)
    except Exception as exc:
        if not isinstance(exc, (IndexBusyError, KnowledgeDirError)):
            log.error("reindex failed", exc_info=exc)
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:
            exc = ReindexProcessError(f"{type(exc).__name__}: {exc}")
        _send(out, "error", exc)
    finally:
        out.close()


if __name__ == "__main__":
    main()
