"""The reader half's entry point: evidence from the live generation's ledger (``FactDesk``).

The ledger itself is built by :mod:`bot.facts.build` (``FactsIndex``, re-exported here so
existing imports keep working).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.facts.build import FactsIndex
from bot.facts.ledger import FactLedger
from bot.facts.lexicon import find_countries, find_products
from bot.models import Passage

__all__ = ["FactDesk", "FactsIndex"]


class FactDesk:
    """The live generation's ledger, and the evidence it holds for a question."""

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

    def evidence(self, question: str, rates: bool, people: bool, limit: int = 3) -> list[str]:
        """Passages holding ledger facts that match the question's constraints, newest first.

        The ledger is evidence, not a router: these passages join the retrieved ones and the
        composer quotes them only if their sentences answer the question. Rates are matched
        on every country and product the question names (a question naming none gets none:
        "all tariffs" is not a fact); people on a name the ledger knows.
        """
        ledger = self.ledger()
        found: list[str] = []
        if rates:
            countries = {m.country for m in find_countries(question)}
            products = [p for p, _s, _e in find_products(question)] or ["all goods"]
            if countries:
                # Grouped in SQL first (cheap at any size), then only the newest groups' rows.
                groups = [
                    g
                    for g in ledger.tariff_groups(sorted(countries)[0], products=products)
                    if countries <= {g.imposer, g.target}
                ]
                groups.sort(key=lambda g: g.newest, reverse=True)
                rows = ledger.tariffs(
                    groups=[g.key for g in groups[:limit]], rated=True, latest_per_rate=True
                )
                found.extend(row.passage_id for row in rows)
        if people:
            for name in _NAME.findall(question):
                for record in ledger.who(name)[:2]:
                    found.extend(pid for _r, pid, _p, _e in record.roles[:2])
        ids = list(dict.fromkeys(pid for pid in found if self._passage(pid) is not None))
        return ids[:limit]


_NAME = re.compile(r"(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")
"""A full name ("Ann Smith"): only those are looked up, never a lone capitalised word."""
