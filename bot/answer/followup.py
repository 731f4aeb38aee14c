"""Follow-up questions ("and what about cars?", "who is he?") made standalone by rules.

Retrieval only sees one question, so a follow-up must carry what it refers to. With the
extractive default this is done by rules: pronouns become the person last named, and an
elliptical question borrows the subject words of the latest question that has some besides
the names of people. A chat model, when one
is configured, does this better (see ``bot.answer.llm``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.answer.terms import STOPWORDS, question_concepts

_PERSON = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})\b")
_PERSON_PRONOUN = re.compile(r"\b(he|him|his|she|her|hers)\b", re.IGNORECASE)
_THING_PRONOUN = re.compile(r"\b(it|they|them|their|this|that|those|these)\b", re.IGNORECASE)
_ELLIPSIS = re.compile(
    r"^\s*(and|also|but|so|what about|how about|and what about|what of|same for)\b", re.IGNORECASE
)
_NOT_PEOPLE = {
    "Truth Social",
    "The Asia Group",
    "United States",
    "South Korea",
    "Prime Minister",
    "Trade Representative",
    "Treasury Secretary",
    "Finance Minister",
}


@dataclass(frozen=True, slots=True)
class Turn:
    question: str
    """The standalone question that was answered."""
    answer: str


class RuleCondenser:
    """Rewrites a follow-up into a standalone question using the last turns."""

    def condense(self, question: str, history: Sequence[Turn]) -> str:
        if not history:
            return question
        last = history[-1]
        rewritten = question
        if _PERSON_PRONOUN.search(question):
            person = _last_person(f"{last.question} {last.answer}")
            if person:
                rewritten = _PERSON_PRONOUN.sub(
                    lambda m: f"{person}'s" if m.group(1).lower() in ("his", "hers") else person,
                    rewritten,
                    count=1,
                )
        own = set(question_concepts(question))
        elliptical = bool(_ELLIPSIS.match(question)) or (
            len(own) <= 2 and bool(_THING_PRONOUN.search(question) or len(own) <= 1)
        )
        if elliptical and rewritten == question:
            carried = _topic(history)
            core = _ELLIPSIS.sub("", rewritten).strip(" ,?") or rewritten
            rewritten = f"{core} ({' '.join(carried)})?" if carried else rewritten
        return rewritten


TOPIC_TURNS = 3
"""How far back an elliptical follow-up looks for the conversation's topic."""


def _topic(history: Sequence[Turn]) -> list[str]:
    """The subject words of the latest question that has some besides people's names.

    "and what about pears?" after "Who is Zembia's envoy?" and "who is Ana Vos?" is about
    Zembia: a person asked about along the way is not the topic.
    """
    for turn in reversed(history[-TOPIC_TURNS:]):
        people = {w for name in _people(turn.question) for w in name.split()}
        carried = [
            word
            for word in re.findall(r"[A-Za-z][\w'%.-]*|\d+%?", turn.question)
            if word.lower() not in STOPWORDS and len(word) > 2 and word not in people
        ]
        if carried:
            return carried
    return []


def _people(text: str) -> list[str]:
    names = [m.group(1) for m in _PERSON.finditer(text) if m.group(1) not in _NOT_PEOPLE]
    return [n for n in names if not any(w in STOPWORDS for w in n.lower().split())]


def _last_person(text: str) -> str | None:
    names = _people(text)
    return names[0] if names else None
