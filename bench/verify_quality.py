"""Precision and recall of answer verification on labelled claim–passage pairs.

Run: ``python -m bench.verify_quality [--details]``.

Each pair of ``tests/answer/data/claims.yaml`` is one sentence a chat model might write,
citing one passage, labelled ``supported``, ``contradicted`` or ``unsupported`` (written for
this project from the dev corpus's facts, in our own words). The positive class is "must not
be shown" (contradicted or unsupported); a pair is predicted positive when
:func:`bot.answer.verify.verify` leaves the sentence out. Also printed: recall by kind of
error, and the cost of verification per sentence and per five-sentence answer.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

import yaml

from bench.common import header, print_header, table
from bot.answer.claims import clause, passage_clauses
from bot.answer.verify import verify
from bot.models import Passage

PAIRS = Path(__file__).resolve().parents[1] / "tests" / "answer" / "data" / "claims.yaml"


def load(path: Path = PAIRS) -> tuple[dict[str, Passage], list[dict[str, str]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    passages = {
        key: Passage(
            f"{key}.md#p0", f"{key}.md", " ".join(text.split()), key, "Outlet", "", "", "", 0
        )
        for key, text in data["passages"].items()
    }
    return passages, list(data["pairs"])


def predict(claim: str, passage: Passage) -> tuple[bool, str]:
    """Whether verification leaves the claim out, and why."""
    result = verify(f"{claim} [1]", [passage])
    return (not result.ok, result.dropped[0].reason if result.dropped else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="print every wrong prediction")
    parser.add_argument(
        "--split", choices=("all", "dev", "heldout"), default="all", help="which pairs to score"
    )
    args = parser.parse_args()
    passages, pairs = load()
    if args.split != "all":
        pairs = [p for p in pairs if p.get("split", "dev") == args.split]
    counts: Counter[str] = Counter()
    by_kind: Counter[tuple[str, bool]] = Counter()
    for pair in pairs:
        positive = pair["label"] != "supported"
        predicted, reason = predict(pair["claim"], passages[pair["p"]])
        counts[("t" if predicted == positive else "f") + ("p" if predicted else "n")] += 1
        if positive:
            by_kind[(pair.get("kind", "?"), predicted)] += 1
        if args.details and predicted != positive:
            print(
                f"  {pair['label']:12} predicted {'drop' if predicted else 'keep'} "
                f"({reason or '-'}): {pair['claim']}"
            )
    tp, fp, fn, tn = counts["tp"], counts["fp"], counts["fn"], counts["tn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0

    answer = " ".join(f"{p['claim']} [1]" for p in pairs[:5])
    passage = passages[pairs[0]["p"]]
    rounds = 200
    started = time.perf_counter()
    for _ in range(rounds):
        clause.cache_clear()  # every answer reads new passages: nothing is cached
        passage_clauses.cache_clear()
        verify(answer, [passage, *list(passages.values())[1:5]])
    per_answer = (time.perf_counter() - started) / rounds * 1000

    print_header(header())
    labels = Counter(p["label"] for p in pairs)
    print(f"pairs: {len(pairs)} ({', '.join(f'{k} {v}' for k, v in sorted(labels.items()))})")
    print(
        table(
            [
                ["metric", "value"],
                ["precision (left out)", f"{precision:.3f}"],
                ["recall (left out)", f"{recall:.3f}"],
                ["true/false positives", f"{tp} / {fp}"],
                ["false negatives / true negatives", f"{fn} / {tn}"],
                ["ms per 5-sentence answer, 5 passages", f"{per_answer:.2f}"],
            ]
        )
    )
    kinds = sorted({k for k, _ in by_kind})
    print()
    print(
        table(
            [["kind (contradicted or unsupported)", "left out", "of"]]
            + [
                [k, str(by_kind[(k, True)]), str(by_kind[(k, True)] + by_kind[(k, False)])]
                for k in kinds
            ]
        )
    )


if __name__ == "__main__":
    main()
