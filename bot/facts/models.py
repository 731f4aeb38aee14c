"""Typed facts pulled out of articles: tariff measures, participants and positions.

Facts are frozen so they can be shared between the extractor, the ledger and the
answer composer (and across threads) without copies.  Every fact keeps the passage it
came from and the exact sentence, so an answer built from facts can always be cited.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal, get_args

MeasureKind = Literal[
    "reciprocal",
    "universal",
    "sectoral",
    "transshipment",
    "retaliatory",
    "safeguard",
    "other",
    "baseline",
    "penalty",
    "exemption",
    "quota",
]
LegalBasis = Literal[
    "",
    "Section 232",
    "Section 301",
    "IEEPA",
    "Section 122",
    "Section 201",
    "retaliation",
    "trade agreement",
]
Extractor = Literal["rules", "model"]
MeasureStatus = Literal[
    "threatened",
    "announced",
    "in force",
    "paused",
    "lowered",
    "raised",
    "agreed",
    "removed",
    "superseded",
    "struck down",
    "exempt",
]
Topic = Literal[
    "tariffs",
    "exchange rates",
    "non-tariff barriers",
    "investment",
    "defence costs",
    "countermeasures",
    "agriculture",
    "concessions",
    "energy",
    "trade deficit",
    "other",
]

MEASURE_KINDS: tuple[MeasureKind, ...] = get_args(MeasureKind)
LEGAL_BASES: tuple[LegalBasis, ...] = get_args(LegalBasis)
MEASURE_STATUSES: tuple[MeasureStatus, ...] = get_args(MeasureStatus)
TOPICS: tuple[Topic, ...] = get_args(Topic)


@dataclass(frozen=True, slots=True)
class TariffMeasure:
    """One tariff rate as one article states it at its publication date."""

    imposer: str
    """Canonical country name of the side levying the tariff ("" when unknown)."""
    target: str
    """Canonical country whose goods are taxed, or "all" for every origin."""
    product: str
    """Canonical product ("all goods", "cars", "steel", ...)."""
    rate_percent: float | None
    kind: MeasureKind
    status: MeasureStatus
    effective_date: str
    paused_until: str
    """The date a pause ends, only when the article states it ("paused until 9 July")."""
    announced_date: str
    published: str
    """Article date: the "as of" date of the figure."""
    passage_id: str
    doc_id: str
    evidence: str
    """The exact sentence the measure was read from."""
    pause_period: str = ""
    """A pause's length as stated ("90 days") when its end date is not: a length counted from
    the article's date would be a date the article never gave."""
    legal_basis: LegalBasis = ""
    """The law or instrument the article names for the measure, "" when it names none."""
    end_date: str = ""
    """The date the measure ends, only when the article states it ("until 9 July")."""
    hs_code: str = ""
    """The Harmonized System heading when the article states one ("HS 0901")."""
    stack: str = ""
    """How a combined rate is built when the passage adds it up: "25% reciprocal + 25% penalty
    = 50%"."""
    quote: str = ""
    """The exact words of the clause that states the rate (a substring of ``evidence``)."""
    extractor: Extractor = "rules"
    """Who found the row: the deterministic rules, or a chat model (checked against the text)."""

    def to_json(self) -> dict[str, str | float | None]:
        return dict(asdict(self))

    def pause_note(self) -> str:
        """What the article says of a pause: 'until 2025-07-09', 'for 90 days', or nothing."""
        if self.paused_until:
            return f"until {self.paused_until}"
        return f"for {self.pause_period}" if self.pause_period else ""


@dataclass(frozen=True, slots=True)
class Participant:
    """A named person in the story, with the role the article gives them."""

    name: str
    role: str
    affiliation: str
    country: str
    passage_ids: tuple[str, ...]
    """Every passage of the document that mentions the person (full name or surname);
    the passage holding ``evidence`` comes first."""
    evidence: str
    doc_id: str = ""
    published: str = ""

    def to_json(self) -> dict[str, str | list[str]]:
        return {
            "name": self.name,
            "role": self.role,
            "affiliation": self.affiliation,
            "country": self.country,
            "passage_ids": list(self.passage_ids),
            "evidence": self.evidence,
            "doc_id": self.doc_id,
            "published": self.published,
        }


@dataclass(frozen=True, slots=True)
class Position:
    """What one actor wants, offers, refuses or criticises, on one topic."""

    actor: str
    """The holder: a person's full name, or a canonical country for a government."""
    topic: Topic
    stance: str
    """Short phrase from the sentence (verbatim), e.g. "would not rush to make concessions"."""
    quote: str
    """Direct quotation from the actor in the same sentence, or ""."""
    date: str
    passage_id: str
    doc_id: str
    evidence: str
    side: str = ""
    """The country the actor speaks for (the actor itself for a government), or ""."""

    def to_json(self) -> dict[str, str]:
        return dict(asdict(self))


@dataclass(frozen=True, slots=True)
class FactSet:
    """All facts of one extraction run, in document and sentence order."""

    measures: tuple[TariffMeasure, ...] = ()
    participants: tuple[Participant, ...] = ()
    positions: tuple[Position, ...] = ()

    def doc_ids(self) -> frozenset[str]:
        return frozenset(
            [m.doc_id for m in self.measures]
            + [p.doc_id for p in self.participants]
            + [p.doc_id for p in self.positions]
        )

    def to_json(self) -> dict[str, list[dict[str, object]]]:
        return {
            "measures": [dict(m.to_json()) for m in self.measures],
            "participants": [dict(p.to_json()) for p in self.participants],
            "positions": [dict(p.to_json()) for p in self.positions],
        }
