"""The one builder of rows that state no dates of their own (table rows, exemptions)."""

from __future__ import annotations

from bot.facts.extract.context import Sentence
from bot.facts.models import LegalBasis, MeasureKind, MeasureStatus, TariffMeasure


def undated_measure(
    s: Sentence,
    published: str,
    who: tuple[str, str, str],
    rate: float | None,
    kind: MeasureKind,
    status: MeasureStatus,
    quote: str,
    basis: LegalBasis = "",
) -> TariffMeasure:
    """A row that states no dates of its own (a table row, an exemption): (imposer, target,
    product) in ``who``."""
    return TariffMeasure(
        imposer=who[0],
        target=who[1],
        product=who[2],
        rate_percent=rate,
        kind=kind,
        status=status,
        effective_date="",
        paused_until="",
        announced_date="",
        published=published,
        passage_id=s.passage.passage_id,
        doc_id=s.passage.doc_id,
        evidence=s.text,
        legal_basis=basis,
        quote=quote,
    )
