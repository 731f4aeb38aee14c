"""Scoring of question outcomes: retrieval, answer facts, citation validity, refusals, latency.

Pure functions over plain records, so that ``tradebot eval``, the benchmarks and the tests
compute every figure the same way, and the figures can be checked without a model.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from bot.answer.weekdays import DAY_NOTE
from bot.eval.gold import GoldItem, missing_facts
from bot.models import Answer, Passage
from bot.text import split_sentences

RANK_DEPTH = 10
"""How deep rankings are kept: MRR is MRR@10, recall is read at 1 and 5."""

_MARKER = re.compile(r"\[(\d+)\]")
_WORDY = re.compile(r"\w")
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*%?")

METRICS: tuple[tuple[str, str], ...] = (
    ("recall_at_1", "retrieval recall@1"),
    ("recall_at_5", "retrieval recall@5"),
    ("mrr", "retrieval MRR@10"),
    ("fact_accuracy", "answer fact accuracy"),
    ("fact_recall", "expected facts found"),
    ("citation_validity", "citation validity"),
    ("refusal_precision", "refusal precision"),
    ("refusal_recall", "refusal recall"),
    ("accuracy", "overall accuracy"),
    ("answer_words", "answer length (words)"),
    ("latency_p50_ms", "latency p50 (ms)"),
    ("latency_p95_ms", "latency p95 (ms)"),
)
"""Metric keys (stable: JSON output and thresholds use them) and their table labels."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """One question through one system."""

    item: GoldItem
    ranking: tuple[str, ...]
    """Source files of the ranked passages, best first (a file may repeat)."""
    answer: Answer
    citation_problems: tuple[str, ...]
    """Why the answer's citations are invalid; empty when they are valid (or it refused)."""
    seconds: float


def citation_problems(answer: Answer, retrieved: Mapping[str, Passage]) -> list[str]:
    """Every ``[n]`` must point to a retrieved passage that contains what it is cited for.

    ``retrieved`` holds the passages the answer was composed from, by id. The text between
    two markers is the claim of the second marker. An extractive claim must appear in the
    passage verbatim. A restated claim (the fact ledger, a language model) is accepted when the
    citation's quote is verbatim in the passage and every figure of the claim (percentages,
    amounts; not ISO dates or a weekday's calendar day, which come from the article's date) is
    in the passage too.
    """
    if answer.refused:
        return []
    pieces = _MARKER.split(answer.text)
    if len(pieces) == 1:
        return ["the answer has no [n] marker"]
    problems: list[str] = []
    if _WORDY.search(pieces[-1]):
        problems.append(f"uncited text after the last marker: {pieces[-1].strip()[:60]!r}")
    by_n = {c.n: c for c in answer.citations}
    claim = ""
    for text, number in zip(pieces[0::2], pieces[1::2], strict=False):
        # "S [1][2]": both markers cite S; "S [1]. T [2]": T starts after the full stop.
        claim = " ".join(text.split()).lstrip(".,;: ") or claim
        n = int(number)
        cited = by_n.get(n)
        if cited is None:
            problems.append(f"[{n}] has no citation")
            continue
        passage = retrieved.get(cited.passage_id)
        if passage is None:
            problems.append(f"[{n}] cites {cited.passage_id}, which was not retrieved")
            continue
        problems.extend(f"[{n}] {problem}" for problem in _unsupported(claim, cited.quote, passage))
    markers = {int(n) for n in pieces[1::2]}
    unused = sorted(set(by_n) - markers)
    if unused:
        problems.append(f"citations {unused} are not referred to by any marker")
    return problems


def _unsupported(claim: str, quote: str, passage: Passage) -> list[str]:
    quoted = split_sentences(quote)
    missing = [s for s in quoted if s not in passage.text]
    if missing:
        return [f"quote not in the passage: {missing[0][:60]!r}"]
    sentences = split_sentences(claim) or [claim]
    if all(sentence in passage.text for sentence in sentences):
        return []
    if not quoted:
        return [f"does not contain {sentences[0][:60]!r} and quotes nothing"]
    figures = _FIGURE.findall(_ISO_DATE.sub(" ", DAY_NOTE.sub(" ", claim)))
    absent = [f for f in figures if f not in passage.text]
    if absent:
        return [f"figures {absent} of {claim[:60]!r} are not in the passage"]
    return []


def recall_at(item: GoldItem, ranking: Sequence[str], k: int) -> float:
    """Share of the expected documents found among the top ``k`` passages."""
    found = set(ranking[:k]) & set(item.expected_docs)
    return len(found) / len(item.expected_docs)


def reciprocal_rank(item: GoldItem, ranking: Sequence[str]) -> float:
    for rank, source in enumerate(ranking[:RANK_DEPTH], 1):
        if source in item.expected_docs:
            return 1.0 / rank
    return 0.0


def answer_correct(outcome: Outcome) -> bool:
    """Answerable: not refused and every expected fact present; unanswerable: refused."""
    if not outcome.item.answerable:
        return outcome.answer.refused
    return not outcome.answer.refused and not missing_facts(outcome.item, outcome.answer)


def summarise(outcomes: Sequence[Outcome]) -> dict[str, float | None]:
    """The metrics of :data:`METRICS` for one system; None where a ratio has no denominator."""
    with_docs = [o for o in outcomes if o.item.answerable and o.item.expected_docs]
    answerable = [o for o in outcomes if o.item.answerable]
    unanswerable = [o for o in outcomes if not o.item.answerable]
    answered = [o for o in outcomes if not o.answer.refused]
    refused = [o for o in outcomes if o.answer.refused]
    facts = sum(len(o.item.expected_facts) for o in answerable)
    facts_found = sum(
        len(o.item.expected_facts) - len(missing_facts(o.item, o.answer))
        for o in answerable
        if not o.answer.refused
    )
    refused_right = sum(not o.item.answerable for o in refused)
    latencies = np.array([o.seconds * 1000 for o in outcomes]) if outcomes else np.zeros(1)
    return {
        "recall_at_1": _mean([recall_at(o.item, o.ranking, 1) for o in with_docs]),
        "recall_at_5": _mean([recall_at(o.item, o.ranking, 5) for o in with_docs]),
        "mrr": _mean([reciprocal_rank(o.item, o.ranking) for o in with_docs]),
        "fact_accuracy": _mean([float(answer_correct(o)) for o in answerable]),
        "fact_recall": facts_found / facts if facts else None,
        "citation_validity": _mean([float(not o.citation_problems) for o in answered]),
        "refusal_precision": refused_right / len(refused) if refused else None,
        "refusal_recall": refused_right / len(unanswerable) if unanswerable else None,
        "accuracy": _mean([float(answer_correct(o)) for o in outcomes]),
        "answer_words": _mean([float(len(o.answer.text.split())) for o in answered]),
        "latency_p50_ms": float(np.percentile(latencies, 50)),
        "latency_p95_ms": float(np.percentile(latencies, 95)),
    }


def _mean(values: Sequence[float]) -> float | None:
    return float(sum(values) / len(values)) if values else None
