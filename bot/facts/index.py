"""The reader half's entry point: answers from the live generation's ledger (``FactDesk``).

The ledger itself is built by :mod:`bot.facts.build` (``FactsIndex``, re-exported here so
existing imports keep working).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.facts.answer import LedgerAnswer, answer_from_ledger
from bot.facts.build import FactsIndex
from bot.facts.ledger import FactLedger
from bot.facts.lexicon import find_countries
from bot.models import Passage

__all__ = ["FactDesk", "FactsIndex", "asks_for_facts"]


class FactDesk:
    """Answers rate, person and position questions from the live generation's ledger."""

    def __init__(
        self,
        facts: FactsIndex,
        generation: Callable[[], str],
        passages: Callable[[], Sequence[Passage]],
        passage: Callable[[str], Passage | None],
    ) -> None:
        self._facts = facts
        self._generation = generation
        self._passages = passages
        self._passage = passage

    def ledger(self) -> FactLedger:
        return self._facts.ledger(self._generation(), self._passages)

    def answer(self, question: str) -> LedgerAnswer | None:
        """A ledger answer when the question clearly asks for a rate, a person or a position."""
        if not asks_for_facts(question):
            return None
        found = answer_from_ledger(question, self.ledger(), self._passage)
        if found is None:
            return None
        # A question about a named country must be answered about that country, not with
        # rows that merely include it ("all countries"): otherwise let retrieval decide.
        named = {m.country for m in find_countries(question)}
        if not named <= {m.country for m in find_countries(found.text)}:
            return None
        return found


_TARIFF_WORD = re.compile(r"\b(tariffs?|dut(y|ies)|lev(y|ies)|customs)\b", re.IGNORECASE)
_RATE_CUE = re.compile(
    r"\b(rate|how much|how high|percent|percentage)\b|%|"
    r"\bwhat (is|are|was|were) the\b[^?]{0,40}\b(tariffs?|dut(y|ies)|lev(y|ies))\b|"
    r"\b(what|which) (tariffs|duties|levies)\b|"
    r"\b(tariffs?|dut(y|ies)|lev(y|ies))\b[^?]{0,40}\b(face|faces|facing|apply|applies)\b",
    re.IGNORECASE,
)
_NOT_A_RATE = re.compile(
    r"\b(why|how long|when|until|want|wants|reconsider|issues?|topics?|agenda|offer|ask|"
    r"press|pressing|respond|happen|outcome|agree)\b",
    re.IGNORECASE,
)
_PERSON_CUE = re.compile(
    r"^\s*(who\s+(is|was|are)\s+[A-Z]|what\s+(is|was)\s+[A-Z][\w.'-]*(\s+[A-Z][\w.'-]*)*'s?\s+"
    r"(role|title|job|position))",
)
_POSITION_CUE = re.compile(
    r"\b(what|which)\s+(does|do|did)\s+[^?]{1,60}\s(want|seek|demand|propose|think|"
    r"say about|oppose|insist)\b|\b(position|stance|view)s?\s+(on|about)\b",
    re.IGNORECASE,
)


def asks_for_facts(question: str) -> bool:
    """Whether a question is of the kinds the ledger answers better than passages.

    Deliberately strict: a question merely mentioning tariffs ("which issues besides tariffs
    does the US want in a deal?") is better served by the passages themselves.
    """
    if _PERSON_CUE.search(question) or _POSITION_CUE.search(question):
        return True
    return bool(
        _TARIFF_WORD.search(question)
        and _RATE_CUE.search(question)
        and not _NOT_A_RATE.search(question)
    )
