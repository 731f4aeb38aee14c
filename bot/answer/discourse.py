"""What a sentence takes from the sentences before it.

A sentence is often not readable alone: "They were imposed under the X Act" goes on from the
sentence before it, and in a transcript every sentence of a reply answers the question put
just before the turn and speaks for the turn's speaker. The composer scores each sentence with
what it inherits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answer.names import name_in
from bot.answer.terms import concepts

ANAPHORS = frozenset(
    [
        "they",
        "it",
        "he",
        "she",
        "this",
        "that",
        "these",
        "those",
        "such",
        "his",
        "her",
        "its",
        "their",
    ]
)
"""A sentence opening with one of these goes on about what the sentence before it named."""
TURN = re.compile(
    r"^(?P<speaker>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,4}|Q(?:\s*\([^)]{1,60}\))?)\s*:\s"
)
"""A transcript turn's label: "MINISTER VOS: …", "Q (Harbour Post): …"."""


TABLE_ROW = re.compile(r"^[^—:]{1,80} — [^:;]{1,60}: ")
"""A table row as ingest writes it: "Cut flowers — additional duty: 0%; total duty: 12%"."""


ANNOUNCING = frozenset(
    ["several", "some", "many", "few", "various", "two", "three", "four", "five"]
)
"""Words of a short sentence that announces what the next one lists ("Several lines are
spared. Pharmaceuticals and … are exempt")."""
ANNOUNCEMENT_WORDS = 10


def announces(tokens: Sequence[str]) -> bool:
    """A short sentence that counts or quantifies without naming: the next one says what."""
    return (
        0 < len(tokens) <= ANNOUNCEMENT_WORDS
        and bool(ANNOUNCING.intersection(tokens))
        and not any(t[0].isdigit() for t in tokens)
    )


_PARTS = re.compile(
    r"\b(two|three|four|five|six|seven|several|\d+)\s+(main\s+|key\s+|central\s+|core\s+)?"
    r"(parts|points|elements|components|pillars|planks|strands|steps|conditions|demands|"
    r"changes|measures|provisions|commitments)\b[^,;]{0,30}[.:]?\s*$",
    re.I,
)


def reads_on(sentence: str) -> bool:
    """A sentence that announces what the next one says ("The deal has four main parts.",
    "The main points:"): an answer quoting it quotes the next one too."""
    return sentence.rstrip().endswith(":") or bool(_PARTS.search(sentence))


def inherited(
    sentences: Sequence[str],
    tokens: Sequence[Sequence[str]],
    found_in: Sequence[frozenset[str]],
    sims: Sequence[float],
) -> list[tuple[frozenset[str], float, frozenset[str]]]:
    """What each sentence inherits from those before it: (concepts, similarity, speaker).

    Every sentence of a transcript turn that answers a question inherits what the question
    matched, and speaks for the turn's speaker ("SECRETARY VOS: There are two parts. The
    first …"); outside turns, the reply to a question and a sentence opening with a pronoun
    ("They were imposed under …") inherit the sentence before, and a table's rows the line
    above them (its caption, or the sentence introducing it).
    """
    out: list[tuple[frozenset[str], float, frozenset[str]]] = []
    asked: tuple[frozenset[str], float] | None = None  # the question the current turn answers
    speaker: frozenset[str] = frozenset()
    question_start = 0
    caption: int | None = None  # the sentence above a table's rows, which says what they are
    for position, sentence in enumerate(sentences):
        row = bool(TABLE_ROW.match(sentence))
        if not row:
            caption = position
        label = TURN.match(sentence)
        if label:
            previous = sentences[position - 1].rstrip() if position else ""
            asked = None
            if previous.endswith("?"):
                span = range(question_start, position)
                asked = (
                    frozenset().union(*(found_in[i] for i in span)),
                    max((sims[i] for i in span), default=0.0),
                )
            question_start = position
            name = label.group("speaker")
            speaker = frozenset() if name.startswith("Q") else frozenset(concepts(name))
        if asked is not None:
            out.append((asked[0], asked[1], speaker))
        elif row and caption is not None:
            out.append((found_in[caption], sims[caption], speaker))
        elif position > 0 and (
            sentences[position - 1].rstrip().endswith(("?", ":"))
            or (tokens[position] and tokens[position][0] in ANAPHORS)
            or announces(tokens[position - 1])
        ):
            out.append((found_in[position - 1], sims[position - 1], speaker))
        else:
            out.append((frozenset(), 0.0, speaker))
    return out


ATTRIBUTION = re.compile(r"\b(said|says|told|tells|according to|added|argued|explained)\b")


def said_by(person: str, speaker: frozenset[str], found: frozenset[str], sentence: str) -> bool:
    """The sentence is ``person``'s words: their transcript turn, or attributed to them."""
    if speaker and name_in(person, speaker):
        return True
    return name_in(person, found) and bool(ATTRIBUTION.search(sentence))
