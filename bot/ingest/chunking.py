"""Split documents into passages: whole paragraphs where they fit, sentence groups where not.

Passages follow the article's own paragraphs because a paragraph is what a reader quotes; a
sentence is never cut. The passage id is the document id plus a hash of the text, so an
unchanged paragraph keeps its id across reindexing and edits elsewhere do not move it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from bot.ingest.text import split_sentences
from bot.models import Document, Passage

MAX_WORDS = 130
"""About 170 word pieces: inside the embedding model's 256-token window with room to spare."""
MIN_WORDS = 25
"""Shorter paragraphs are joined to the next one so that a passage carries some context."""


def chunk_document(document: Document) -> list[Passage]:
    pieces: list[str] = []
    pending = ""
    for paragraph in document.text.split("\n\n"):
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            continue
        for piece in _fit(paragraph):
            if pending and _count(pending) + _count(piece) <= MAX_WORDS:
                pending = f"{pending} {piece}"
            else:
                if pending:
                    pieces.append(pending)
                pending = piece
            if _count(pending) >= MIN_WORDS:
                pieces.append(pending)
                pending = ""
    if pending:
        if pieces and _count(pieces[-1]) + _count(pending) <= MAX_WORDS:
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


def _fit(paragraph: str) -> list[str]:
    """The paragraph itself, or groups of its sentences of at most MAX_WORDS words."""
    if _count(paragraph) <= MAX_WORDS:
        return [paragraph]
    groups: list[str] = []
    current: list[str] = []
    for sentence in split_sentences(paragraph):
        if current and _count(" ".join([*current, sentence])) > MAX_WORDS:
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
