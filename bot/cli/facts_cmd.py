"""``tradebot tariffs | who | positions | timeline``: the fact ledger as cited tables."""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli.commands import ready_app
from bot.cli.main import EXIT_OK, CliError, Handler
from bot.cli.render import dumps, source_line
from bot.facts.report import FactReport, Kind, build_report, source_marks
from bot.index.store import IndexUnavailableError
from bot.settings import Settings
from bot.textsafe import clean


def register_tariffs(sub: Any) -> tuple[str, Handler]:
    parser = sub.add_parser("tariffs", help="tariff measures in the articles, newest first")
    parser.add_argument("--country", help="imposed by or on this country (name or demonym)")
    parser.add_argument("--product", help="e.g. cars, steel, all goods")
    parser.add_argument("--json", action="store_true", help="print a JSON list of rows")
    return "tariffs", _handler("tariffs")


def register_who(sub: Any) -> tuple[str, Handler]:
    parser = sub.add_parser("who", help="people in the articles and their roles")
    parser.add_argument("name", nargs="?", help="a name or part of one")
    parser.add_argument("--json", action="store_true", help="print a JSON list of rows")
    return "who", _handler("who")


def register_positions(sub: Any) -> tuple[str, Handler]:
    parser = sub.add_parser("positions", help="what each side wants, by topic")
    parser.add_argument("topic", nargs="?", help="e.g. tariffs, exchange rates, investment")
    parser.add_argument("--json", action="store_true", help="print a JSON list of rows")
    return "positions", _handler("positions")


def register_timeline(sub: Any) -> tuple[str, Handler]:
    parser = sub.add_parser("timeline", help="dated measures and positions in order")
    parser.add_argument("--json", action="store_true", help="print a JSON list of rows")
    return "timeline", _handler("timeline")


def _handler(kind: Kind) -> Handler:
    def run(args: argparse.Namespace, settings: Settings) -> int:
        app = ready_app(settings)
        try:
            report = build_report(
                kind,
                app.facts.ledger(),
                app.retriever.passage,
                country=getattr(args, "country", None),
                product=getattr(args, "product", None),
                name=getattr(args, "name", None),
                topic=getattr(args, "topic", None),
            )
        except IndexUnavailableError as exc:
            raise CliError(str(exc)) from exc
        print(dumps(report.to_json()) if args.json else render_text(report))
        return EXIT_OK

    return run


def render_text(report: FactReport) -> str:
    if not report.rows:
        return "Nothing in the indexed articles matches."
    lines: list[str] = []
    for title, rows in report.lines():
        if title:
            lines.extend([*([""] if lines else []), f"{title}:"])
        indent = "  " if title else ""
        lines.extend(f"{indent}{clean(summary)} {source_marks(ns)}" for summary, ns in rows)
    lines.append("")
    lines.append("Sources:")
    lines.extend(source_line(c) for c in report.citations)
    return "\n".join(lines)


REGISTRY = [register_tariffs, register_who, register_positions, register_timeline]
