"""Split documents into passages: whole paragraphs where they fit, sentence groups where not.

Passages follow the article's own paragraphs because a paragraph is what a reader quotes; a
sentence is never cut. The passage id is the document id plus a hash of the text, so an
unchanged paragraph keeps its id across reindexing and edits elsewhere do not move it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.models import Document, Passage
from bot.text import split_sentences

MAX_WORDS = 130
"""About 170 word pieces: inside the embedding model's 256-token window with room to spare."""
MIN_WORDS = 25
"""Shorter paragraphs are joined to the next one so that a passage carries some context."""


def chunk_document(document: Document) -> list[Passage]:
    pieces: list[str] = []
    pending = ""
    starts_section = False  # pending begins under a sub-heading: never merged backwards
    for block in _blocks(document.text):
        budget = MAX_WORDS - _count(block.prefix)
        for number, piece in enumerate(_fit(block.text, budget)):
            if block.heading and number == 0:
                piece = f"{block.heading}\n{piece}"  # a line of its own: never in a sentence
            elif block.speaker and number > 0:
                piece = f"{block.speaker}: {piece}"  # every piece of a turn names its speaker
            if block.heading and number == 0 and pending:
                pieces.append(pending)  # a sub-heading starts a passage, never ends one
                pending = ""
            if pending and _count(pending) + _count(piece) <= MAX_WORDS:
                pending = f"{pending} {piece}"
            else:
                if pending:
                    pieces.append(pending)
                pending = piece
                starts_section = bool(block.heading) and number == 0
            if _count(pending) >= MIN_WORDS:
                pieces.append(pending)
                pending = ""
    if pending:
        mergeable = pieces and not starts_section
        if mergeable and _count(pieces[-1]) + _count(pending) <= MAX_WORDS:
            pieces[-1] = f"{pieces[-1]} {pending}"
        else:
            pieces.append(pending)

    passages: list[Passage] = []
    seen: dict[str, int] = {}
    for position, text in enumerate(pieces):
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        seen[digest] = seen.get(digest, 0) + 1
        suffix = f"-{seen[digest]}" if seen[digest] > 1 else ""
        passages.append(
            Passage(
                passage_id=f"{document.doc_id}#{digest}{suffix}",
                doc_id=document.doc_id,
                text=text,
                title=document.title,
                outlet=document.outlet,
                url=document.url,
                published=document.published,
                source_file=document.source_file,
                position=position,
            )
        )
    return passages


@dataclass(frozen=True, slots=True)
class _Block:
    """A paragraph with the sub-heading above it and the speaker of its turn, if any."""

    text: str
    heading: str = ""
    speaker: str = ""

    @property
    def prefix(self) -> str:
        return f"{self.heading}\n{self.speaker}:"


def _blocks(text: str) -> list[_Block]:
    """Paragraphs of ``text``; sub-headings attached to what follows; lists joined.

    A line that does not end like a sentence is a sub-heading when it is short and prose
    follows it, an item when several such lines come together (joined with "; "), and
    otherwise a sentence (a standfirst) that gets its full stop, so that it is never glued
    into the sentence after it.
    """
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
    paragraphs = [p for p in paragraphs if p]
    transcript = _is_transcript(paragraphs)
    blocks: list[_Block] = []
    heading = ""
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        if _unfinished(paragraph) and _count(paragraph) <= HEADING_WORDS:
            run = [paragraph]
            while index + len(run) < len(paragraphs) and _is_item(paragraphs[index + len(run)]):
                run.append(paragraphs[index + len(run)])
            if len(run) == 1 and index + 1 < len(paragraphs):
                heading = f"{heading} — {paragraph}" if heading else paragraph
                index += 1
                continue
            paragraph = "; ".join(run)
            index += len(run) - 1
        if _unfinished(paragraph):
            paragraph += "."
        speaker = _speaker(paragraph) if transcript else ""
        blocks.append(_Block(paragraph, heading, speaker))
        heading = ""
        index += 1
    return blocks


HEADING_WORDS = 12
"""A sub-heading is at most this long."""
_END = (".", "!", "?", '"', "”", "’", "'", ")", "]", ":", ";", "…")
_SPEAKER = re.compile(
    r"^(?P<label>(?:Q|A)(?: \([^)]{1,40}\))?|[A-Z][A-Z.'’ -]{1,40}[A-Z.](?: \([^)]{1,40}\))?"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}(?: \([^)]{1,40}\))?):\s+\S"
)
TRANSCRIPT_TURNS = 3
"""Paragraphs opened by a speaker's name that make a document a transcript."""


def _unfinished(paragraph: str) -> bool:
    return not paragraph.endswith(_END)


def _is_item(paragraph: str) -> bool:
    return _unfinished(paragraph) and _count(paragraph) <= HEADING_WORDS


def _speaker(paragraph: str) -> str:
    match = _SPEAKER.match(paragraph)
    return match.group("label") if match else ""


def _is_transcript(paragraphs: list[str]) -> bool:
    """Several turns by at least two speakers ("Q:"/"A:", "NAME:")."""
    labels = [label for p in paragraphs if (label := _speaker(p))]
    return len(labels) >= TRANSCRIPT_TURNS and len(set(labels)) >= 2


def _fit(paragraph: str, budget: int = MAX_WORDS) -> list[str]:
    """The paragraph itself, or groups of its sentences of at most ``budget`` words."""
    if _count(paragraph) <= budget:
        return [paragraph]
    groups: list[str] = []
    current: list[str] = []
    for sentence in split_sentences(paragraph):
        if current and _count(" ".join([*current, sentence])) > budget:
            groups.append(" ".join(current))
            current = []
        current.append(sentence)
    if current:
        groups.append(" ".join(current))
    return groups


def _count(text: str) -> int:
    return len(text.split())


def passage_sentences(passage: Passage) -> list[str]:
    """The sentences of a passage as embedded; the composer splits the same way."""
    return split_sentences(passage.text) or [passage.text]


def sentence_ids(passages: Sequence[Passage]) -> list[str]:
    """Ids of the passages' sentence vectors, ``<passage_id>~<i>``, in sentence order."""
    return [f"{p.passage_id}~{i}" for p in passages for i in range(len(passage_sentences(p)))]
