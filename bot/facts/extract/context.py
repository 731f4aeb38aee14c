"""What extraction knows about one article while reading it: its countries, its people."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.facts.lexicon import EU_MEMBERS
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

    def guess_imposer(self, target: str) -> str:
        """The imposer when the text names none: only safe when the story is about the U.S.
        (the U.S. imposes, or the U.S. is the target and one other country clearly answers)."""
        if "United States" not in self.countries:
            return ""
        if target != "United States":
            return "United States"
        others = [(c, n) for c, n in self.countries.most_common() if c != target]
        if len(others) > 1 and others[0][1] < 2 * others[1][1]:
            return ""  # several countries answer Washington here: which one is unclear
        return others[0][0] if others else ""

    def guess_target(self, imposer: str, sectoral: bool = False) -> str:
        """The payer when the text names none: the country the article is about (mentioned
        at least twice as often as any other but the imposer).  When no country dominates, a
        product's tariff falls on every origin ("all") and an all-goods rate on nobody ("")."""
        if not imposer:
            return "all"
        others = [(c, n) for c, n in self.countries.most_common() if c != imposer]
        if not others:
            return "all"
        if len(others) > 1 and others[0][1] < 2 * others[1][1]:
            return "all" if sectoral else ""
        return others[0][0]

    def as_bloc(self, target: str, imposer: str) -> str:
        """In an article about the European Union, what an outside imposer charges a member
        state's goods is the bloc's rate (one customs union, one tariff schedule)."""
        outside = imposer and imposer != "European Union" and imposer not in EU_MEMBERS
        if target in EU_MEMBERS and outside and self.countries["European Union"]:
            return "European Union"
        return target

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
