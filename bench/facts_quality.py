"""Precision, recall and F1 of the fact extractor on hand-labelled sentences.

Run: ``python bench/facts_quality.py [--details]``.

Two measures: the project's own labelled sentences (below), and, when the independent dev
set is present beside the repository (``../shared/eval-dev``), its gold ledger scored over
the product's real ingest → chunk → extract path (see ``bench/facts_devset.py``).

The figures that say something about unseen text are the first-run figures of the two
held-out splits, recorded in the labels file and printed in the split titles: each split
was labelled before the extractor ever ran on it and only afterwards used to fix bugs.

The labels live in ``bench/data/facts_labelled.yaml`` (format described at its top).  A
fact matches a label when its key fields agree: measures (rate, target, product, status),
participants (name, role), positions (actor, topic).  Names match on their folded form;
roles match when one role's words contain the other's ("trade negotiator" vs "top trade
negotiator").  The file is read with a small parser for the YAML subset it uses, so the
benchmark needs nothing beyond the standard library.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import facts_devset  # noqa: E402
from bench.common import header, print_header, table  # noqa: E402
from bot.facts.extract import extract_facts  # noqa: E402
from bot.facts.lexicon import country_of, product_of  # noqa: E402
from bot.facts.models import FactSet  # noqa: E402
from bot.facts.text import normalise_name  # noqa: E402
from bot.models import Passage  # noqa: E402

LABELS = ROOT / "bench" / "data" / "facts_labelled.yaml"

Value = str | float | list["Value"] | dict[str, "Value"]


# --------------------------------------------------------------------------------------
# Minimal YAML subset: a top-level list of mappings whose values are scalars, "[]", or
# block lists of flow mappings ("- {a: b, c: d}").


def _scalar(text: str) -> Value:
    text = text.strip()
    if text.startswith("'") and text.endswith("'") and len(text) >= 2:
        return text[1:-1].replace("''", "'")
    if text.startswith('"') and text.endswith('"') and len(text) >= 2:
        loaded: str = json.loads(text)
        return loaded
    if text == "[]":
        return []
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return float(text)
    return text


def _split_flow(text: str) -> list[str]:
    parts: list[str] = []
    depth, quote, current = 0, "", ""
    for ch in text:
        if quote:
            current += ch
            if ch == quote:
                quote = ""
            continue
        if ch in "'\"":
            quote = ch
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        current += ch
    if current.strip():
        parts.append(current)
    return parts


def _flow_mapping(text: str) -> dict[str, Value]:
    inner = text.strip()[1:-1]
    out: dict[str, Value] = {}
    for part in _split_flow(inner):
        key, _, value = part.partition(":")
        out[key.strip()] = _scalar(value)
    return out


def load_labels(path: Path = LABELS) -> list[dict[str, Value]]:
    """Parse the labelled file into a list of items (dicts)."""
    items: list[dict[str, Value]] = []
    current: dict[str, Value] | None = None
    list_key = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("- "):
            current = {}
            items.append(current)
            line = "  " + line[2:]
        if current is None:
            raise ValueError(f"content before the first item: {raw!r}")
        stripped = line.strip()
        if stripped.startswith("- {"):
            target = current[list_key]
            assert isinstance(target, list)
            target.append(_flow_mapping(stripped[2:]))
            continue
        key, _, value = stripped.partition(":")
        if value.strip():
            current[key.strip()] = _scalar(value)
        else:
            list_key = key.strip()
            current[list_key] = []
    return items


# --------------------------------------------------------------------------------------
# Scoring


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def f1(self) -> float:
        p, r = self.precision(), self.recall()
        return 2 * p * r / (p + r) if p + r else 0.0


def _country(value: str) -> str:
    if value.lower() == "all":
        return "all"
    return country_of(value) or value


def _product(value: str) -> str:
    return product_of(value) or value.lower()


def _same_name(a: str, b: str) -> bool:
    na, nb = normalise_name(a), normalise_name(b)
    return na == nb or (_country(a) == _country(b) and country_of(a) is not None)


def _same_role(a: str, b: str) -> bool:
    wa, wb = set(normalise_name(a).split()), set(normalise_name(b).split())
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _measure_key(m: dict[str, Value]) -> tuple[float, str, str, str]:
    return (
        float(str(m["rate"])),
        _country(str(m["target"])),
        _product(str(m["product"])),
        str(m["status"]),
    )


def _match(
    expected: list[dict[str, Value]],
    got: list[dict[str, Value]],
    kind: str,
    score: Score,
    item_id: str,
) -> None:
    remaining = list(got)
    for exp in expected:
        hit = next((g for g in remaining if _equal(exp, g, kind)), None)
        if hit is None:
            score.fn += 1
            score.misses.append(f"{item_id}: {exp}")
        else:
            score.tp += 1
            remaining.remove(hit)
    score.fp += len(remaining)
    score.extras.extend(f"{item_id}: {g}" for g in remaining)


def _equal(exp: dict[str, Value], got: dict[str, Value], kind: str) -> bool:
    if kind == "measures":
        return _measure_key(exp) == _measure_key(got)
    if kind == "participants":
        return _same_name(str(exp["name"]), str(got["name"])) and _same_role(
            str(exp["role"]), str(got["role"])
        )
    return _same_name(str(exp["actor"]), str(got["actor"])) and exp["topic"] == got["topic"]


def _as_labels(facts: FactSet, passage_id: str) -> dict[str, list[dict[str, Value]]]:
    text_ids = {passage_id}
    return {
        "measures": [
            {
                "rate": m.rate_percent,
                "target": m.target,
                "product": m.product,
                "status": m.status,
            }
            for m in facts.measures
            # the labels list rated measures only (as the dev set's row precision counts
            # rows with a rate): a rate-less exemption row is outside what they cover
            if m.passage_id in text_ids and m.rate_percent is not None
        ],
        "participants": [
            {"name": p.name, "role": p.role}
            for p in facts.participants
            if p.evidence and any(_evidence_in(p.evidence, pid) for pid in text_ids)
        ],
        "positions": [
            {"actor": p.actor, "topic": p.topic}
            for p in facts.positions
            if p.passage_id in text_ids
        ],
    }


_EVIDENCE_OWNER: dict[str, str] = {}


def _evidence_in(evidence: str, passage_id: str) -> bool:
    return _EVIDENCE_OWNER.get(evidence) == passage_id


def run(items: Sequence[dict[str, Value]]) -> dict[str, Score]:
    """Score the extractor over ``items`` (see :func:`_run`)."""
    return _run(items)


def _run(items: Sequence[dict[str, Value]]) -> dict[str, Score]:
    """Score the extractor over all items; documents are extracted as a whole."""
    docs: dict[str, list[tuple[dict[str, Value], Passage]]] = {}
    meta: dict[str, tuple[str, str]] = {}
    for n, item in enumerate(items):
        doc = str(item.get("doc") or f"single-{item['id']}")
        if doc not in meta:
            meta[doc] = (str(item.get("title", "")), str(item.get("published", "")))
        title, published = meta[doc]
        pid = f"{doc}#{item['id']}"
        passage = Passage(
            pid, doc, str(item["text"]), title, "bench", "", published, "facts_labelled.yaml", n
        )
        _EVIDENCE_OWNER[str(item["text"])] = pid
        docs.setdefault(doc, []).append((item, passage))
    scores = {k: Score() for k in ("measures", "participants", "positions")}
    for entries in docs.values():
        facts = extract_facts([p for _i, p in entries])
        for item, passage in entries:
            got = _as_labels(facts, passage.passage_id)
            for kind, score in scores.items():
                expected = item.get(kind, [])
                assert isinstance(expected, list)
                exp_maps = [e for e in expected if isinstance(e, dict)]
                _match(exp_maps, got[kind], kind, score, str(item["id"]))
    return scores


def _table(title: str, scores: dict[str, Score]) -> None:
    rows: list[list[object]] = [["fact type", "TP", "FP", "FN", "precision", "recall", "F1"]]
    total = Score()
    for kind, s in [*scores.items(), ("all", total)]:
        if kind != "all":
            total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
        rows.append(
            [kind, s.tp, s.fp, s.fn, f"{s.precision():.3f}", f"{s.recall():.3f}", f"{s.f1():.3f}"]
        )
    print(title)
    print(table(rows))
    print()


SPLITS = (
    ("dev", "development: the extractor was tuned on it"),
    ("heldout1", "held-out 1: unseen at first run (P 0.707 R 0.592), since used to fix bugs"),
    ("heldout2", "held-out 2: unseen at first run (P 0.741 R 0.690), since used to fix bugs"),
)


def main(argv: Sequence[str]) -> int:
    print_header(header())
    items = load_labels()
    print(f"{len(items)} labelled sentences in {LABELS.relative_to(ROOT)}\n")
    for split, title in SPLITS:
        subset = [i for i in items if i.get("split", "dev") == split]
        scores = run(subset)
        _table(f"{title} ({len(subset)} sentences)", scores)
        if "--details" in argv:
            for kind, s in scores.items():
                for line in s.misses:
                    print(f"  MISSED {kind}: {line}")
                for line in s.extras:
                    print(f"  EXTRA  {kind}: {line}")
            print()
    _table(f"all sentences ({len(items)})", run(items))
    _dev_set("--details" in argv)
    return 0


def _dev_set(show_details: bool) -> None:
    if not (facts_devset.DEV_SET / "facts.yaml").is_file():
        print(f"dev set not found at {facts_devset.DEV_SET.resolve()}: skipped")
        return
    result = facts_devset.run()
    print(f"independent dev set: {facts_devset.DEV_SET.resolve()} (real ingest + chunk + extract)")
    print(table(result.figures()))
    if show_details:
        print("\n".join(facts_devset.details(result)))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
