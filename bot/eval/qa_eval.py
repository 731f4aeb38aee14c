"""``tradebot eval --set qa.yaml``: a shared-format set over an index of its own corpus.

The corpus folder beside the file is indexed into a fresh folder (a temporary one unless an
index folder is given, which then makes a re-run incremental), then every question is asked of
our service and of the plain LangChain baseline. The loss analysis says, for each answerable
question, where the sentence holding the answer was lost: not retrieved, retrieved but another
sentence chosen, or retrieved and then refused.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from bot.app import App
from bot.eval.qaset import Graded, QAItem, corpus_of, details, missing_groups, run_set, table
from bot.eval.systems import LangChainBaseline
from bot.ingest.chunking import passage_sentences
from bot.models import Passage
from bot.settings import Settings

OURS = "tradebot"
BASELINE = "langchain"

Loss = Literal["right", "not retrieved", "retrieved, refused", "retrieved, not chosen", "partial"]


@dataclass(slots=True)
class QAReport:
    set_name: str
    passages: int
    documents: int
    results: dict[str, list[Graded]]
    losses: list[tuple[QAItem, Loss]]
    refusals: dict[str, str]
    """Why our extractive composer refused each answerable question it refused (by id)."""

    def table(self) -> str:
        intro = (
            f"{self.set_name}: {sum(len(v) for v in list(self.results.values())[:1])} questions "
            f"over {self.passages} passages from {self.documents} documents"
        )
        counts: dict[str, int] = {}
        for _item, loss in self.losses:
            counts[loss] = counts.get(loss, 0) + 1
        lost = ", ".join(f"{name} {n}" for name, n in sorted(counts.items(), key=lambda kv: -kv[1]))
        reasons: dict[str, int] = {}
        for reason in self.refusals.values():
            reasons[reason] = reasons.get(reason, 0) + 1
        why = "; ".join(f"{r} {n}" for r, n in sorted(reasons.items(), key=lambda kv: -kv[1]))
        return "\n".join(
            [
                intro,
                "",
                table(self.results),
                "",
                f"answerable, where lost: {lost}",
                f"answerable refused because: {why or 'none refused'}",
            ]
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "set": self.set_name,
            "passages": self.passages,
            "documents": self.documents,
            "systems": {name: details(graded) for name, graded in self.results.items()},
            "losses": {item.id: loss for item, loss in self.losses},
            "refusal_reasons": self.refusals,
        }


@contextlib.contextmanager
def corpus_app(settings: Settings, qa_file: Path, index_dir: Path | None) -> Iterator[App]:
    """An app over the set's corpus, indexed into ``index_dir`` or a temporary folder."""
    corpus = corpus_of(qa_file)
    if not corpus.is_dir():
        raise FileNotFoundError(f"no corpus folder beside {qa_file} (expected {corpus})")
    with contextlib.ExitStack() as stack:
        folder = index_dir or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        app = App(
            settings.model_copy(
                update={"knowledge_dir": corpus, "index_dir": folder, "chroma_url": None}
            )
        )
        app.indexer.reindex(corpus)
        yield app


def evaluate_qa(
    app: App, items: Sequence[QAItem], set_name: str, baseline: bool = True
) -> QAReport:
    passages = app.retriever.passages()
    results: dict[str, list[Graded]] = {OURS: run_set(items, app.service.ask)}
    if baseline:
        system = LangChainBaseline.build(passages, app.store.embedder)
        try:
            results[BASELINE] = run_set(items, system.answer)
        finally:
            system.close()
    losses = [(g.item, where_lost(app, g, passages)) for g in results[OURS]]
    refusals = {
        g.item.id: refusal_reason(app, g.item.question)
        for g in results[OURS]
        if g.item.section == "answerable" and g.answer.refused
    }
    return QAReport(
        set_name=set_name,
        passages=len(passages),
        documents=len({p.doc_id for p in passages}),
        results=results,
        losses=[(item, loss) for item, loss in losses if item.section == "answerable"],
        refusals=refusals,
    )


def refusal_reason(app: App, question: str) -> str:
    """Which check of the extractive composer refuses ``question``."""
    composition = app.extractive.compose(question, app.service.evidence(question))
    return composition.refusal_reason or "answered by the extractive composer"


def gold_sentences(item: QAItem, passages: Sequence[Passage]) -> list[tuple[Passage, str]]:
    """The sentences of the cited article holding the most expected groups (ties all kept)."""
    found: list[tuple[int, Passage, str]] = []
    for passage in passages:
        if PurePosixPath(passage.source_file).stem != item.cite:
            continue
        for sentence in passage_sentences(passage):
            held = len(item.expect) - len(missing_groups(item, sentence))
            if held:
                found.append((held, passage, sentence))
    best = max((held for held, _p, _s in found), default=0)
    return [(p, s) for held, p, s in found if held == best]


def where_lost(app: App, graded: Graded, passages: Sequence[Passage]) -> Loss:
    if graded.verdict == "right":
        return "right"
    gold = gold_sentences(graded.item, passages)
    hits = app.retriever.search(graded.item.question, app.service.top_k)
    retrieved = {h.passage.passage_id for h in hits}
    if not any(p.passage_id in retrieved for p, _s in gold):
        return "not retrieved"
    if graded.answer.refused:
        return "retrieved, refused"
    quoted = " ".join(c.quote for c in graded.answer.citations) + graded.answer.text
    if any(s in quoted for _p, s in gold):
        return "partial"
    return "retrieved, not chosen"
