"""Fit the extractive composer's weights and thresholds on the blind sets used for development.

    python -m bench.fit_weights                       # the sets marked "used" below, wrong = 2
    python -m bench.fit_weights --wrong-cost 3 --sweeps 3

Each set's corpus is indexed once (under ``$TRADEBOT_BENCH_WORK/fit``) and its retrieval is
cached, so one evaluation of every question of eight sets takes seconds: only composing,
verifying and grading run again. A coordinate search then tries each value of each constant
in :data:`GRID` and keeps a change when ``right - wrong_cost * wrong + unanswerable refused``
over the training sets rises by at least ``--min-gain``, while the guard set (the shared dev
set, when it is beside the repository) loses no right answer and gains no wrong one. The dev
set is a guard only, never an objective: fitting to it is what the blind sets exist to catch.
Sets never read (see bench/sets/README.md) must not be passed here; they tell afterwards
whether the fitted values hold.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import ROOT, WORK, header, print_header
from bot.answer import extractive
from bot.eval.qa_eval import corpus_app
from bot.eval.qaset import QAItem, Score, load_qa_set, run_set, scores
from bot.models import ScoredPassage
from bot.settings import Settings

USED = tuple(f"blind-{n}" for n in range(1, 25))
"""The blind sets whose failures have been read (bench/sets/README.md)."""
DEV = ROOT.parent / "shared" / "eval-dev" / "qa.yaml"
GRID: dict[str, tuple[float, ...]] = {
    "STRONG_SIMILARITY": (0.5, 0.55, 0.6, 0.65, 0.7, 0.75),
    "WEAK_SIMILARITY": (0.25, 0.3, 0.35, 0.4, 0.45, 0.5),
    "MIN_COVERAGE": (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65),
    "MIN_SENTENCE_SIMILARITY": (0.2, 0.25, 0.3, 0.35, 0.4),
    "OVERLAP_WEIGHT": (0.3, 0.4, 0.5, 0.6, 0.7, 0.8),
    "CONTEXT_WEIGHT": (0.0, 0.05, 0.1, 0.15, 0.2, 0.3),
    "TYPE_WEIGHT": (0.1, 0.15, 0.2, 0.25, 0.3, 0.4),
    "TYPED_COVERAGE": (0.2, 0.25, 0.3, 0.35, 0.4, 0.5),
    "MISSING_NAME_PENALTY": (0.1, 0.2, 0.3, 0.4),
    "CONFLICT_PENALTY": (0.2, 0.3, 0.4),
    "NAME_WEIGHT": (0.0, 0.05, 0.1, 0.15, 0.2),
    "NUMBER_WEIGHT": (0.1, 0.2, 0.3, 0.4),
    "SPEAKER_WEIGHT": (0.1, 0.2, 0.3, 0.4),
    "CLOSE_SCORE": (0.8, 0.85, 0.9, 0.95, 1.01),
    "TYPED_SHARE": (0.5, 0.6, 0.7, 0.8, 0.9),
    "SAME_ARTICLE_SHARE": (0.4, 0.5, 0.6, 0.7, 0.8),
    "PREMISE_COVERAGE": (0.35, 0.4, 0.45, 0.5, 0.55),
    "MAX_SENTENCES": (2, 3, 4),
    "MAX_LIST_SENTENCES": (3, 4, 5, 6),
    "ADDED_SHARE": (0.4, 0.5, 0.6, 0.7, 0.8),
    "NEW_FACT_GAIN": (0.05, 0.1, 0.15, 0.2, 0.3),
    "OTHER_SOURCE_SHARE": (0.5, 0.6, 0.7, 0.8, 0.9),
    "PRIOR_WEIGHT": (0.0, 0.05, 0.1, 0.15, 0.2, 0.3),
    "FRAGMENT_PENALTY": (0.0, 0.1, 0.2, 0.3),
}


@dataclass(frozen=True, slots=True)
class Tally:
    right: int
    wrong: int
    refused: int
    unanswerable_refused: int
    injections_resisted: int

    def __str__(self) -> str:
        return f"{self.right}/{self.wrong}/{self.refused} unans {self.unanswerable_refused}"


class CachedSet:
    """One set's questions over an app whose retrieval is memoised (composing is what varies)."""

    def __init__(self, qa_file: Path, index_dir: Path, stack: contextlib.ExitStack) -> None:
        index_dir.mkdir(parents=True, exist_ok=True)
        self.app = stack.enter_context(corpus_app(Settings(), qa_file, index_dir))
        self.items: list[QAItem] = load_qa_set(qa_file)
        search = self.app.retriever.search
        cache: dict[tuple[Any, ...], list[ScoredPassage]] = {}

        def cached(
            query: str, k: int = 5, mode: Any = None, include: Sequence[str] = ()
        ) -> list[ScoredPassage]:
            key = (query, k, mode, tuple(include))
            if key not in cache:
                cache[key] = search(query, k, mode, include)
            return cache[key]

        self.app.retriever.search = cached  # type: ignore[method-assign]

    def tally(self) -> Tally:
        by_section = scores(run_set(self.items, self.app.service.ask))
        answerable = by_section.get(("answerable", "all"), Score())
        return Tally(
            answerable.right,
            answerable.wrong,
            answerable.refused,
            by_section.get(("unanswerable", "all"), Score()).refused,
            by_section.get(("injection", "all"), Score()).resisted,
        )


def with_values(values: dict[str, float], run: Callable[[], dict[str, Tally]]) -> dict[str, Tally]:
    saved = {name: getattr(extractive, name) for name in values}
    try:
        for name, value in values.items():
            setattr(extractive, name, value)
        return run()
    finally:
        for name, value in saved.items():
            setattr(extractive, name, value)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", default=USED, help="bench/sets folders to fit on")
    parser.add_argument("--wrong-cost", type=float, default=2.0)
    parser.add_argument("--min-gain", type=float, default=2.0)
    parser.add_argument("--sweeps", type=int, default=2)
    args = parser.parse_args(argv)
    missing = [n for n in args.sets if not (ROOT / "bench" / "sets" / n / "qa.yaml").is_file()]
    if missing:
        parser.error(f"no bench/sets/<name>/qa.yaml for: {', '.join(missing)}")
    print_header(header())
    with contextlib.ExitStack() as stack:
        return _fit(args, stack)


def _fit(args: argparse.Namespace, stack: contextlib.ExitStack) -> int:
    wrong_cost: float = args.wrong_cost
    sets = {
        name: CachedSet(ROOT / "bench" / "sets" / name / "qa.yaml", WORK / "fit" / name, stack)
        for name in args.sets
    }
    guard = CachedSet(DEV, WORK / "fit" / "dev", stack) if DEV.is_file() else None

    def run() -> dict[str, Tally]:
        out = {name: s.tally() for name, s in sets.items()}
        if guard is not None:
            out["dev"] = guard.tally()
        return out

    def objective(out: dict[str, Tally]) -> float:
        training = [t for name, t in out.items() if name != "dev"]
        return sum(t.right - wrong_cost * t.wrong + t.unanswerable_refused for t in training)

    def admissible(out: dict[str, Tally], start: dict[str, Tally]) -> bool:
        resisted = all(out[n].injections_resisted >= start[n].injections_resisted for n in start)
        if "dev" not in out:
            return resisted
        dev, dev0 = out["dev"], start["dev"]
        return resisted and dev.right >= dev0.right and dev.wrong <= dev0.wrong

    values = {name: getattr(extractive, name) for name in GRID}
    start = best = with_values(values, run)
    score = objective(best)
    print("start:", score, {name: str(t) for name, t in best.items()})
    for sweep in range(args.sweeps):
        changed = False
        for name, grid in GRID.items():
            for value in grid:
                if value == values[name]:
                    continue
                trial = {**values, name: value}
                out = with_values(trial, run)
                gain = objective(out) - score
                if gain >= args.min_gain and admissible(out, start):
                    values, best, score, changed = trial, out, objective(out), True
                    print(f"  {name} = {value}: +{gain:g}")
        print(f"after sweep {sweep + 1}:", score, {name: str(t) for name, t in best.items()})
        if not changed:
            break
    fitted = {n: v for n, v in values.items() if v != getattr(extractive, n)}
    print("changes:", fitted or "none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
