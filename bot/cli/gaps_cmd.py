"""``tradebot gaps``: the questions the bot could not answer, grouped by meaning.

Refusals are recorded where answers are shown (here for the command line, in the Discord cogs
for the bot), never inside the question-answering service, and without any user id.
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import time
from typing import Any

from bot.cli.main import EXIT_OK, EXIT_USAGE, CliError, Handler
from bot.cli.render import dumps
from bot.gaps import GapStore
from bot.models import Answer
from bot.settings import Settings
from bot.textsafe import clean

log = logging.getLogger(__name__)


def record_refusal(settings: Settings, answer: Answer) -> None:
    """Note a refused question for ``tradebot gaps``; a failure only logs a warning."""
    if not answer.refused:
        return
    try:
        GapStore(settings.gaps_path, settings.gaps_days).record(answer.question, "cli")
    except (OSError, sqlite3.Error) as exc:
        log.warning("could not record the refused question for `tradebot gaps`: %s", exc)


def register_gaps(sub: Any) -> tuple[str, Handler]:
    parser = sub.add_parser(
        "gaps", help="questions the bot could not answer, grouped by meaning (articles to add)"
    )
    parser.add_argument("--days", type=float, default=None, help="look back this many days")
    parser.add_argument("--json", action="store_true", help="one JSON list of groups")
    return "gaps", cmd_gaps


def cmd_gaps(args: argparse.Namespace, settings: Settings) -> int:
    from bot.index.embeddings import EmbeddingError, make_embedder

    days = settings.gaps_days if args.days is None else args.days
    if days <= 0:
        raise CliError("--days must be more than 0", EXIT_USAGE)
    store = GapStore(settings.gaps_path, settings.gaps_days)
    try:
        embedder = make_embedder(settings.embeddings, settings.embeddings_base_url)
        gaps = store.report(embedder.embed_documents, min(days, settings.gaps_days))
    except (EmbeddingError, sqlite3.Error) as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        rows = [
            {"count": g.count, "example": g.example, "last_asked": _iso(g.last_asked)} for g in gaps
        ]
        print(dumps(rows))
    elif not gaps:
        print(f"No question was refused in the last {days:g} days.")
    else:
        print(f"Questions refused in the last {days:g} days, grouped by meaning:")
        for gap in gaps:
            print(f"{gap.count:>5} × {clean(gap.example)}")
    return EXIT_OK


def _iso(timestamp: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(timestamp))
