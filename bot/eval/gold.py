"""The gold question set and the per-question checks shared by tests and ``tradebot eval``."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from bot.models import Answer


@dataclass(frozen=True, slots=True)
class GoldItem:
    id: str
    question: str
    kind: str
    answerable: bool
    expected_docs: tuple[str, ...]
    expected_facts: tuple[str, ...]


def load_gold(path: Path | None = None) -> list[GoldItem]:
    """The project's own gold set, or a user's file in the same YAML format."""
    if path is None:
        text = (resources.files("bot.eval") / "gold.yaml").read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    items = yaml.safe_load(text) or []
    return [
        GoldItem(
            id=str(item["id"]),
            question=str(item["question"]),
            kind=str(item.get("kind", "direct")),
            answerable=bool(item.get("answerable", True)),
            expected_docs=tuple(item.get("expected_docs") or ()),
            expected_facts=tuple(str(f) for f in item.get("expected_facts") or ()),
        )
        for item in items
    ]


def missing_facts(item: GoldItem, answer: Answer) -> list[str]:
    """Expected facts absent from the answer text (case-insensitive)."""
    text = answer.text.lower()
    return [fact for fact in item.expected_facts if fact.lower() not in text]


def cites_expected_doc(item: GoldItem, answer: Answer) -> bool:
    return any(c.source_file in item.expected_docs for c in answer.citations)
