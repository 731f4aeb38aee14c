"""What every answer composer returns, and the protocol the service calls."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from bot.models import Passage, ScoredPassage

REFUSAL = "The indexed articles do not answer this question."


@dataclass(frozen=True, slots=True)
class CitedPassage:
    passage: Passage
    quote: str
    """The sentences of the passage that the answer relies on (the whole passage if unknown)."""


@dataclass(frozen=True, slots=True)
class Composition:
    text: str
    """Answer text; ``[n]`` refers to ``cited[n - 1]``."""
    refused: bool
    cited: tuple[CitedPassage, ...]
    notes: tuple[str, ...] = ()
    backend: str | None = None
    """Who wrote the text when that is not the composer asked (e.g. the extractive fallback)."""
    refusal_reason: str = ""
    """Which check refused (for the loss analysis of ``tradebot eval``; not shown to users)."""


class Composer(Protocol):
    @property
    def name(self) -> str:
        """Reported as ``backend`` in answers."""
        ...

    def compose(self, question: str, hits: Sequence[ScoredPassage]) -> Composition: ...


@runtime_checkable
class StreamingComposer(Composer, Protocol):
    """A composer that can show its draft while it is being written (chat models)."""

    def stream(self, question: str, hits: Sequence[ScoredPassage]) -> Iterator[str | Composition]:
        """Unverified text chunks as they arrive, then exactly one final :class:`Composition`."""
        ...


_MARK = re.compile(r"\[(\d+)\]")
_CLAIM = re.compile(r"\S.*?\[\d+\](?=\s|$)")
"""A quoted sentence with its ``[n]``."""


def joined(compositions: Sequence[Composition]) -> Composition:
    """Answers to the parts of one question as one answer: texts in order, each ``[n]``
    renumbered, a passage cited by several parts cited once (with all its quoted sentences),
    a sentence quoted by several parts quoted once."""
    cited: list[CitedPassage] = []
    claims: list[str] = []
    for composition in compositions:
        numbers: dict[int, int] = {}
        for n, item in enumerate(composition.cited, 1):
            at = next(
                (i for i, c in enumerate(cited) if c.passage.passage_id == item.passage.passage_id),
                None,
            )
            if at is None:
                cited.append(item)
                at = len(cited) - 1
            elif item.quote not in cited[at].quote:
                cited[at] = CitedPassage(item.passage, f"{cited[at].quote} {item.quote}")
            numbers[n] = at + 1
        for claim in _CLAIM.findall(_renumbered(composition.text, numbers)):
            if claim not in claims:
                claims.append(claim)
    notes = tuple(dict.fromkeys(n for c in compositions for n in c.notes))
    return Composition(text=" ".join(claims), refused=False, cited=tuple(cited), notes=notes)


def _renumbered(text: str, numbers: dict[int, int]) -> str:
    return _MARK.sub(lambda m: f"[{numbers[int(m.group(1))]}]", text)
