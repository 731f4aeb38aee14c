"""Entry point of ``tradebot``: argument parsing, error reporting and exit codes.

Every expected failure (bad question, missing folder, damaged index, busy writer) becomes one
line on stderr and a non-zero exit; tracebacks are for bugs only, and even those are reduced
to one line unless ``TRADEBOT_DEBUG=1``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.settings import Settings

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace, Settings], int]


class CliError(Exception):
    """An expected failure; the message is printed as is."""

    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.code = code


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Handler]]:
    from bot.cli import commands, discord_cmd, eval_cmd, facts_cmd, gaps_cmd, web_cmd

    parser = argparse.ArgumentParser(
        prog="tradebot",
        description="Sourced answers about trade policy from a curated set of news articles.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    handlers: dict[str, Handler] = {}
    registrars = [
        *commands.REGISTRY,
        *facts_cmd.REGISTRY,
        *web_cmd.REGISTRY,
        eval_cmd.register_eval,
        discord_cmd.register_run,
        gaps_cmd.register_gaps,
    ]
    for register in registrars:
        name, handler = register(sub)
        handlers[name] = handler
    return parser, handlers


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    parser, handlers = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except Exception as exc:  # pydantic's ValidationError: a bad environment variable
        print(f"tradebot: invalid setting: {_first_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    if getattr(args, "knowledge", None):
        settings = settings.with_knowledge_dir(Path(args.knowledge))
    logging.basicConfig(
        level=getattr(logging, settings.log_level.upper(), logging.INFO),
        format="%(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("chromadb", "httpx", "httpx2", "httpcore", "openai", "bm25s", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        return handlers[args.command](args, settings)
    except CliError as exc:
        print(f"tradebot: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("tradebot: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("TRADEBOT_DEBUG"):
            raise
        print(
            f"tradebot: unexpected error: {type(exc).__name__}: {_first_line(exc)} "
            "(set TRADEBOT_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return EXIT_ERROR


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def entry() -> None:
    sys.exit(main())
