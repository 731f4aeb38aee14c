"""Structured facts (tariff measures, participants, positions) extracted from articles.

``extract_facts`` reads passages, ``FactLedger`` stores the facts per document beside the
vector index, and ``answer_from_ledger`` answers rate/person/position questions from them
with citations, returning None for anything else.
"""

from bot.facts.answer import LedgerAnswer, answer_from_ledger
from bot.facts.extract import extract_facts, validate_against_passage
from bot.facts.ledger import FactLedger, PersonRecord, TimelineEntry
from bot.facts.models import FactSet, Participant, Position, TariffMeasure

__all__ = [
    "FactLedger",
    "FactSet",
    "LedgerAnswer",
    "Participant",
    "PersonRecord",
    "Position",
    "TariffMeasure",
    "TimelineEntry",
    "answer_from_ledger",
    "extract_facts",
    "validate_against_passage",
]
