"""What extraction knows about one article while reading it: its countries, its people."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.facts.text import normalise_name
from bot.models import Passage
from bot.text import split_sentences


@dataclass(slots=True)
class PersonDraft:
    name: str
    role: str = ""
    affiliation: str = ""
    country: str = ""
    evidence: str = ""
    evidence_passage: str = ""


@dataclass(slots=True)
class DocContext:
    doc_id: str
    published: str
    countries: Counter[str]
    people: dict[str, PersonDraft] = field(default_factory=dict)
    """Normalised full name -> person."""
    surnames: dict[str, str] = field(default_factory=dict)
    """Surname -> normalised full name (only unambiguous surnames)."""
    tariff_context: bool = False
    """The article speaks of tariffs, duties or levies: "rate", "baseline" and verbs of level
    ("stays at 25%") can be read as tariff rates in it."""

    def resolve(self, name: str) -> PersonDraft | None:
        key = normalise_name(name)
        if key in self.people:
            return self.people[key]
        full = self.surnames.get(key)
        return self.people.get(full) if full else None


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    passage: Passage
    index: int
    """Position of the sentence in the document (for carrying context forward)."""


def sentences_of(passages: Sequence[Passage]) -> list[Sentence]:
    out: list[Sentence] = []
    for passage in passages:
        for sentence in split_sentences(passage.text):
            out.append(Sentence(sentence, passage, len(out)))
    return out
