"""``tradebot eval``: every system on the same questions, side by side, checked against floors.

The thresholds live in ``bot/eval/thresholds.yaml`` so that CI fails on a drop in answer
quality, not only on broken code; the ratio floors keep "better than the plain LangChain
baseline" a measured claim rather than a slogan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from bot.eval.gold import GoldItem, missing_facts
from bot.eval.metrics import METRICS, Outcome, answer_correct, reciprocal_rank, summarise
from bot.eval.systems import LangChainBaseline, ServiceSystem, System, mode_system, run_system

if TYPE_CHECKING:
    from bot.app import App

SYSTEMS = ("dense", "bm25", "hybrid", "langchain")
OURS = "hybrid"
BASELINE = "langchain"
LOWER_IS_BETTER = frozenset({"latency_p50_ms", "latency_p95_ms", "answer_words"})

Metrics = dict[str, float | None]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Floors (and ceilings) for our pipeline, and floors for its ratio to the baseline."""

    minimum: dict[str, float] = field(default_factory=dict)
    maximum: dict[str, float] = field(default_factory=dict)
    min_ratio: dict[str, float] = field(default_factory=dict)

    def check(
        self, ours: Mapping[str, float | None], baseline: Mapping[str, float | None] | None
    ) -> list[str]:
        """One line per threshold not met; empty when all hold."""
        failures = []
        for key, floor in self.minimum.items():
            value = ours.get(key)
            if value is None or value < floor:
                failures.append(f"{OURS} {key} {_fmt(value)} < {floor}")
        for key, ceiling in self.maximum.items():
            value = ours.get(key)
            if value is None or value > ceiling:
                failures.append(f"{OURS} {key} {_fmt(value)} > {ceiling}")
        if baseline is not None:
            for key, floor in self.min_ratio.items():
                value = ratio(ours.get(key), baseline.get(key))
                if value is None or value < floor:
                    failures.append(f"{OURS}/{BASELINE} {key} ratio {_fmt(value)} < {floor}")
        return failures


def load_thresholds(path: Path | None = None) -> Thresholds:
    if path is None:
        text = (resources.files("bot.eval") / "thresholds.yaml").read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    known = {key for key, _ in METRICS}

    def section(name: str) -> dict[str, float]:
        values = {str(k): float(v) for k, v in (data.get(name) or {}).items()}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"unknown metrics in thresholds {name}: {sorted(unknown)}")
        return values

    return Thresholds(section("minimum"), section("maximum"), section("min_ratio_to_baseline"))


def ratio(ours: float | None, baseline: float | None) -> float | None:
    if ours is None or baseline is None or baseline == 0:
        return None
    return ours / baseline


@dataclass(slots=True)
class EvalReport:
    set_name: str
    items: list[GoldItem]
    passages: int
    documents: int
    outcomes: dict[str, list[Outcome]]
    metrics: dict[str, Metrics]
    thresholds: Thresholds
    failures: list[str]

    @property
    def passed(self) -> bool:
        return not self.failures

    def ratios(self) -> dict[str, float | None]:
        ours, baseline = self.metrics.get(OURS), self.metrics.get(BASELINE)
        if ours is None or baseline is None:
            return {}
        return {key: _round(ratio(ours[key], baseline[key])) for key, _ in METRICS}

    def to_json(self) -> dict[str, Any]:
        return {
            "set": self.set_name,
            "questions": len(self.items),
            "answerable": sum(i.answerable for i in self.items),
            "unanswerable": sum(not i.answerable for i in self.items),
            "passages": self.passages,
            "documents": self.documents,
            "systems": {
                name: {key: _round(value) for key, value in metrics.items()}
                for name, metrics in self.metrics.items()
            },
            "ratios": {f"{OURS}/{BASELINE}": self.ratios()},
            "thresholds": {
                "system": OURS,
                "minimum": self.thresholds.minimum,
                "maximum": self.thresholds.maximum,
                "min_ratio_to_baseline": self.thresholds.min_ratio,
            },
            "passed": self.passed,
            "failures": self.failures,
            "questions_detail": {
                name: [_detail(o) for o in outcomes] for name, outcomes in self.outcomes.items()
            },
        }

    def table(self) -> str:
        names = list(self.metrics)
        ratios = self.ratios()
        header = ["metric", *names] + ([f"{OURS} ÷ {BASELINE}"] if ratios else [])
        rows = [header]
        for key, label in METRICS:
            digits = 1 if key in LOWER_IS_BETTER else 3
            row = [label] + [_fmt(self.metrics[name][key], digits) for name in names]
            if ratios:
                row.append(_fmt(ratios[key], 2, "×"))
            rows.append(row)
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        lines = [
            "  ".join(
                cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                for i, cell in enumerate(row)
            )
            for row in rows
        ]
        answerable = sum(i.answerable for i in self.items)
        intro = (
            f"{self.set_name}: {len(self.items)} questions ({answerable} answerable, "
            f"{len(self.items) - answerable} unanswerable) over {self.passages} passages "
            f"from {self.documents} documents"
        )
        verdict = (
            f"thresholds ({OURS}): all met"
            if self.passed
            else f"thresholds ({OURS}) NOT met: " + "; ".join(self.failures)
        )
        return "\n".join([intro, "", *lines, "", verdict])


def evaluate(
    app: App,
    items: Sequence[GoldItem],
    set_name: str = "gold set",
    systems: Sequence[str] = SYSTEMS,
    thresholds: Thresholds | None = None,
) -> EvalReport:
    """Run ``items`` through each system of ``systems`` over the app's live index."""
    passages = app.retriever.passages()
    baseline: LangChainBaseline | None = None
    outcomes: dict[str, list[Outcome]] = {}
    try:
        for name in systems:
            system: System
            if name == OURS:
                system = ServiceSystem(OURS, app.service)
            elif name == "dense":
                system = mode_system(app, "dense")
            elif name == "bm25":
                system = mode_system(app, "lexical")
            elif name == BASELINE:
                baseline = LangChainBaseline.build(passages, app.store.embedder)
                system = baseline
            else:
                raise ValueError(f"unknown system {name!r}; choose from {', '.join(SYSTEMS)}")
            outcomes[name] = run_system(system, items)
    finally:
        if baseline is not None:
            baseline.close()
    metrics = {name: summarise(result) for name, result in outcomes.items()}
    thresholds = thresholds or load_thresholds()
    failures = (
        thresholds.check(metrics[OURS], metrics.get(BASELINE))
        if OURS in metrics
        else [f"system {OURS!r} was not evaluated"]
    )
    return EvalReport(
        set_name=set_name,
        items=list(items),
        passages=len(passages),
        documents=len({p.doc_id for p in passages}),
        outcomes=outcomes,
        metrics=metrics,
        thresholds=thresholds,
        failures=failures,
    )


def _detail(outcome: Outcome) -> dict[str, Any]:
    return {
        "id": outcome.item.id,
        "correct": answer_correct(outcome),
        "refused": outcome.answer.refused,
        "reciprocal_rank": round(reciprocal_rank(outcome.item, outcome.ranking), 3)
        if outcome.item.expected_docs
        else None,
        "missing_facts": missing_facts(outcome.item, outcome.answer)
        if outcome.item.answerable and not outcome.answer.refused
        else [],
        "citation_problems": list(outcome.citation_problems),
        "latency_ms": round(outcome.seconds * 1000, 2),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _fmt(value: float | None, digits: int = 3, unit: str = "") -> str:
    return "—" if value is None else f"{value:.{digits}f}{unit}"
