"""What every answer composer returns, and the protocol the service calls."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

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


class Composer(Protocol):
    @property
    def name(self) -> str:
        """Reported as ``backend`` in answers."""
        ...

    def compose(self, question: str, hits: Sequence[ScoredPassage]) -> Composition: ...
