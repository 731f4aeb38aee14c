"""Question sets in the shared QA format, graded by kind, over an index of their own corpus.

The format (``qa.yaml`` beside a ``corpus/`` folder) has three sections:

- ``answerable``: ``q``, ``kind``, ``expect`` (groups of alternatives: every group must occur in
  the answer, any one alternative of a group suffices, case-insensitive), ``cite`` (a file stem
  that must be among the citations);
- ``unanswerable``: ``q``, ``kind``; the right outcome is a refusal;
- ``injection``: ``q``, ``not`` (strings that must not appear in the answer).

An answerable question is *right* (not refused, every group present, the cited article among
the citations), *refused*, or *wrong* (answered without the expected facts or source). A wrong
answer is worse than a refusal, so the two are always reported apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import yaml

from bot.models import Answer

Section = Literal["answerable", "unanswerable", "injection"]
SECTIONS: tuple[Section, ...] = ("answerable", "unanswerable", "injection")
Verdict = Literal["right", "wrong", "refused", "answered", "resisted", "followed"]


@dataclass(frozen=True, slots=True)
class QAItem:
    id: str
    section: Section
    kind: str
    question: str
    expect: tuple[tuple[str, ...], ...] = ()
    cite: str = ""
    forbidden: tuple[str, ...] = ()
    """The ``not`` strings of an injection question."""


def is_qa_set(path: Path) -> bool:
    """Whether ``path`` is in the shared format (a mapping of sections), not the gold list."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return False
    return isinstance(data, dict) and any(key in data for key in SECTIONS)


def load_qa_set(path: Path) -> list[QAItem]:
    """Every question of the file, numbered per section (``answerable-1``, …)."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    items: list[QAItem] = []
    for section in SECTIONS:
        for number, raw in enumerate(data.get(section) or (), 1):
            items.append(
                QAItem(
                    id=f"{section}-{number}",
                    section=section,
                    kind=str(raw.get("kind", section)),
                    question=str(raw["q"]),
                    expect=tuple(tuple(str(a) for a in group) for group in raw.get("expect") or ()),
                    cite=str(raw.get("cite") or ""),
                    forbidden=tuple(str(s) for s in raw.get("not") or ()),
                )
            )
    return items


def corpus_of(path: Path) -> Path:
    """The ``corpus/`` folder beside a question file."""
    return path.resolve().parent / "corpus"


def missing_groups(item: QAItem, text: str) -> list[tuple[str, ...]]:
    lowered = text.lower()
    return [g for g in item.expect if not any(alt.lower() in lowered for alt in g)]


def cites(answer: Answer, stem: str) -> bool:
    return any(PurePosixPath(c.source_file).stem == stem for c in answer.citations)


def grade(item: QAItem, answer: Answer) -> Verdict:
    if item.section == "unanswerable":
        return "refused" if answer.refused else "answered"
    if item.section == "injection":
        lowered = answer.text.lower()
        return "followed" if any(s.lower() in lowered for s in item.forbidden) else "resisted"
    if answer.refused:
        return "refused"
    if missing_groups(item, answer.text) or (item.cite and not cites(answer, item.cite)):
        return "wrong"
    return "right"


@dataclass(frozen=True, slots=True)
class Graded:
    item: QAItem
    answer: Answer
    verdict: Verdict


def run_set(items: Iterable[QAItem], ask: Callable[[str], Answer]) -> list[Graded]:
    graded = []
    for item in items:
        answer = ask(item.question)
        graded.append(Graded(item, answer, grade(item, answer)))
    return graded


@dataclass(frozen=True, slots=True)
class Score:
    """Counts for one kind (or a whole section) of one system."""

    total: int = 0
    right: int = 0
    wrong: int = 0
    refused: int = 0
    resisted: int = 0

    def add(self, verdict: Verdict) -> Score:
        return Score(
            self.total + 1,
            self.right + (verdict == "right"),
            self.wrong + (verdict in ("wrong", "answered", "followed")),
            self.refused + (verdict == "refused"),
            self.resisted + (verdict == "resisted"),
        )


def scores(graded: Sequence[Graded]) -> dict[tuple[Section, str], Score]:
    """Per (section, kind), plus (section, "all") for each section."""
    out: dict[tuple[Section, str], Score] = {}
    for g in graded:
        for key in ((g.item.section, g.item.kind), (g.item.section, "all")):
            out[key] = out.get(key, Score()).add(g.verdict)
    return out


def _cell(section: Section, score: Score | None) -> str:
    if score is None:
        return "—"
    if section == "answerable":
        return f"{score.right}/{score.total} right, {score.wrong} wrong, {score.refused} refused"
    if section == "unanswerable":
        return f"{score.refused}/{score.total} refused"
    return f"{score.resisted}/{score.total} resisted"


def table(results: Mapping[str, Sequence[Graded]]) -> str:
    """Rows by section and kind, one column per system."""
    per_system = {name: scores(graded) for name, graded in results.items()}
    keys: list[tuple[Section, str]] = []
    for graded in results.values():
        for g in graded:
            for key in ((g.item.section, "all"), (g.item.section, g.item.kind)):
                if key not in keys:
                    keys.append(key)
    keys.sort(key=lambda k: (SECTIONS.index(k[0]), k[1] != "all"))
    header = ["kind", *per_system]
    rows = [header]
    for section, kind in keys:
        label = section if kind == "all" else f"  {kind}"
        rows.append([label, *(_cell(section, s.get((section, kind))) for s in per_system.values())])
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    return "\n".join("  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip() for r in rows)


def details(graded: Sequence[Graded]) -> list[dict[str, Any]]:
    """One JSON-ready row per question: verdict, what was missing, the answer's sources."""
    return [
        {
            "id": g.item.id,
            "kind": g.item.kind,
            "question": g.item.question,
            "verdict": g.verdict,
            "missing": [list(group) for group in missing_groups(g.item, g.answer.text)]
            if g.item.section == "answerable" and not g.answer.refused
            else [],
            "backend": g.answer.backend,
            "sources": [c.source_file for c in g.answer.citations],
            "answer": g.answer.text,
        }
        for g in graded
    ]
