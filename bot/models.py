"""Plain data types shared by ingestion, retrieval, answering and presentation.

They are frozen dataclasses so that every layer can pass them around (and across
threads) without copying or defensive checks.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace


@dataclass(frozen=True, slots=True)
class Document:
    """One article after loading and cleaning, before it is split into passages."""

    doc_id: str
    """Stable key: the source path relative to the knowledge folder, POSIX style."""
    title: str
    text: str
    """Clean body text: paragraphs separated by blank lines, no page furniture."""
    outlet: str = ""
    url: str = ""
    published: str = ""
    """ISO date (YYYY-MM-DD) or "" when the page did not say."""
    topics: tuple[str, ...] = ()
    source_file: str = ""
    content_hash: str = ""
    """Hash of everything that ends up in the index; a change means re-embedding."""
    author: str = ""
    """The byline's names, or "" when the page did not say."""

    def with_hash(self) -> Document:
        """This document with ``content_hash`` set from its text and every metadata field."""
        fields = (self.title, self.outlet, self.url, self.published, self.author, self.text)
        digest = hashlib.sha256("\x1f".join(fields).encode()).hexdigest()
        return replace(self, content_hash=digest)


@dataclass(frozen=True, slots=True)
class Passage:
    """A sentence-aware chunk of a document: the unit that is embedded, retrieved and cited."""

    passage_id: str
    """``<doc_id>#<hash of text>``: stable while the text is unchanged."""
    doc_id: str
    text: str
    title: str
    outlet: str
    url: str
    published: str
    source_file: str
    position: int
    """0-based order of the passage within its document."""

    def metadata(self) -> dict[str, str | int]:
        """Metadata as stored in the vector index (flat scalars only)."""
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published,
            "source_file": self.source_file,
            "position": self.position,
        }


@dataclass(frozen=True, slots=True)
class ScoredPassage:
    """A retrieved passage with the evidence for its rank."""

    passage: Passage
    score: float
    """Fused (reciprocal-rank) score; higher is better."""
    dense_similarity: float | None = None
    """Cosine similarity from the dense retriever, when it found this passage."""
    dense_rank: int | None = None
    lexical_rank: int | None = None
    sentence_similarity: tuple[float, ...] = ()
    """Cosine similarity of the question to each sentence of the passage, in order
    (``split_sentences(passage.text)``); empty when unknown."""


@dataclass(frozen=True, slots=True)
class Citation:
    """A numbered source as shown to users and in ``tradebot ask --json``."""

    n: int
    title: str
    outlet: str
    url: str
    published: str
    source_file: str
    passage_id: str
    quote: str

    @classmethod
    def of(cls, n: int, passage: Passage, quote: str) -> Citation:
        """Source number ``n``: the passage's article, and the words relied on."""
        return cls(
            n=n,
            title=passage.title,
            outlet=passage.outlet,
            url=passage.url,
            published=passage.published,
            source_file=passage.source_file,
            passage_id=passage.passage_id,
            quote=quote,
        )

    def to_json(self) -> dict[str, str | int]:
        return {
            "n": self.n,
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published,
            "source_file": self.source_file,
            "passage_id": self.passage_id,
            "quote": self.quote,
        }


@dataclass(frozen=True, slots=True)
class Answer:
    """A composed answer: text with ``[n]`` markers, and the citations they point to."""

    question: str
    text: str
    refused: bool
    citations: tuple[Citation, ...]
    backend: str
    timings_ms: dict[str, float] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    """Short remarks for the reader (e.g. "the language model did not answer")."""
    closest: tuple[Citation, ...] = ()
    """On a refusal: the nearest sources, so the user can read for themselves."""
    standalone: str = ""
    """The question as answered: a follow-up made standalone, else the question itself."""
