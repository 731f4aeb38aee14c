"""``tradebot eval [--set FILE] [--json]``: quality and speed of our pipeline next to baselines.

Exits 1 when our pipeline falls below the floors in ``bot/eval/thresholds.yaml``, so a
regression in answer quality fails CI like a failing test.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.cli.main import EXIT_ERROR, EXIT_OK, EXIT_USAGE, CliError, Handler
from bot.settings import Settings


def register_eval(sub: Any) -> tuple[str, Handler]:
    parser = sub.add_parser(
        "eval", help="measure answers and retrieval against baselines on a question set"
    )
    parser.add_argument(
        "--set", metavar="FILE", dest="question_set", help="question set (default: the gold set)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--thresholds", metavar="FILE", help="thresholds file (default: bot/eval/thresholds.yaml)"
    )
    parser.add_argument(
        "--index",
        metavar="DIR",
        dest="set_index",
        help="for a shared-format set (qa.yaml beside corpus/): where to index its corpus "
        "(default: a temporary folder)",
    )
    parser.add_argument(
        "--no-baseline", action="store_true", help="shared-format set: skip the LangChain baseline"
    )
    return "eval", cmd_eval


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    import yaml

    from bot.cli.commands import ready_app
    from bot.cli.render import dumps
    from bot.eval.gold import load_gold
    from bot.eval.run import evaluate, load_thresholds
    from bot.index.store import IndexUnavailableError

    path = Path(args.question_set) if args.question_set else None
    if path is not None:
        from bot.eval.qaset import is_qa_set

        if is_qa_set(path):
            return _eval_qa_set(args, settings, path)
    try:
        items = load_gold(path)
        thresholds = load_thresholds(Path(args.thresholds) if args.thresholds else None)
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise CliError(f"cannot read the question set or thresholds: {exc}", EXIT_USAGE) from exc
    if not items:
        raise CliError("the question set is empty", EXIT_USAGE)
    app = ready_app(settings)
    try:
        report = evaluate(
            app, items, set_name=str(path) if path else "gold set", thresholds=thresholds
        )
    except IndexUnavailableError as exc:
        raise CliError(str(exc)) from exc
    print(dumps(report.to_json()) if args.json else report.table())
    for failure in report.failures:
        print(f"tradebot: below threshold: {failure}", file=sys.stderr)
    return EXIT_OK if report.passed else EXIT_ERROR


def _eval_qa_set(args: argparse.Namespace, settings: Settings, path: Path) -> int:
    """A shared-format set: its own corpus indexed, scores by kind next to the baseline."""
    import yaml

    from bot.cli.render import dumps
    from bot.eval.qa_eval import corpus_app, evaluate_qa
    from bot.eval.qaset import load_qa_set

    try:
        items = load_qa_set(path)
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise CliError(f"cannot read the question set: {exc}", EXIT_USAGE) from exc
    if not items:
        raise CliError("the question set is empty", EXIT_USAGE)
    try:
        with corpus_app(settings, path, Path(args.set_index) if args.set_index else None) as app:
            report = evaluate_qa(app, items, str(path), baseline=not args.no_baseline)
    except FileNotFoundError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    print(dumps(report.to_json()) if args.json else report.table())
    return EXIT_OK
