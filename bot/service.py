"""The question-answering service used by the command line and by Discord alike.

It validates the question, makes a follow-up standalone, retrieves passages and the fact
ledger's matching evidence, composes and turns the result into an
:class:`~bot.models.Answer` with numbered citations and timings. It holds no presentation
logic: callers decide how to show the answer.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Protocol

from bot.answer.base import Composer, Composition, StreamingComposer, joined
from bot.answer.followup import RuleCondenser, Turn
from bot.answer.question import analyse, parts
from bot.answer.streaming import iterate_in_thread
from bot.facts.index import FactDesk
from bot.models import Answer, Citation, ScoredPassage
from bot.retrieval.hybrid import HybridRetriever

CLOSEST_ON_REFUSAL = 3
UNDERSTOOD_AS = "Understood as: "
"""Note prefix saying how a follow-up was read (also in ``Answer.standalone``)."""


class QuestionError(ValueError):
    """The question itself is unusable; the message is safe to show to the user."""


class Condenser(Protocol):
    def condense(self, question: str, history: Sequence[Turn]) -> str: ...


def validate_question(question: str, max_chars: int) -> str:
    """The question trimmed, or a :class:`QuestionError` saying what is wrong with it."""
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in question):
        raise QuestionError("the question contains control characters; type it as plain text")
    cleaned = " ".join(question.split())
    if not cleaned:
        raise QuestionError(
            "the question is empty; ask something like: What tariff does Japan face?"
        )
    if len(cleaned) > max_chars:
        raise QuestionError(
            f"the question is {len(cleaned):,} characters long; keep it under {max_chars:,}"
        )
    return cleaned


class QAService:
    """One path for every question: understand, retrieve passages and matching ledger facts,
    compose (quoted or written by a chat model, which verifies its own draft), render."""

    def __init__(
        self,
        retriever: HybridRetriever,
        composer: Composer,
        top_k: int = 5,
        max_question_chars: int = 1000,
        condenser: Condenser | None = None,
        facts: FactDesk | None = None,
    ) -> None:
        self.retriever = retriever
        self.composer = composer
        self.top_k = top_k
        self.max_question_chars = max_question_chars
        self.condenser: Condenser = condenser or RuleCondenser()
        self.facts = facts

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        """The verified answer: :meth:`ask_stream` without its drafts."""
        for item in self.ask_stream(question, history, drafts=False):
            if isinstance(item, Answer):
                return item
        raise AssertionError("ask_stream ends with an Answer")

    @property
    def streams(self) -> bool:
        """Whether answers arrive as a draft first (a chat model), worth showing as they come."""
        return isinstance(self.composer, StreamingComposer)

    def ask_stream(
        self, question: str, history: Sequence[Turn] = (), drafts: bool = True
    ) -> Iterator[str | Answer]:
        """Yields the model's draft text as it arrives (when ``drafts``), then the Answer.

        The ``str`` items are unverified (show them as a provisional reply); the final
        :class:`Answer` is verified and replaces them. With a composer that cannot stream (the
        extractive default) the only item is the Answer. :class:`QuestionError` is raised on
        the first ``next()``.
        """
        started = time.perf_counter()
        question = validate_question(question, self.max_question_chars)
        standalone = self.condenser.condense(question, history) if history else question
        by_parts = self._by_parts(standalone)
        if by_parts is not None:
            composition, hits = by_parts
            retrieved = time.perf_counter()
        else:
            hits = self.evidence(standalone)
            retrieved = time.perf_counter()
            streamed: Composition | None = None
            if drafts and isinstance(self.composer, StreamingComposer):
                for item in self.composer.stream(standalone, hits):
                    if isinstance(item, str):
                        yield item
                    else:
                        streamed = item
            composition = streamed or self.composer.compose(standalone, hits)
        composed = time.perf_counter()
        timings = {
            "retrieve": (retrieved - started) * 1000,
            "compose": (composed - retrieved) * 1000,
            "total": (composed - started) * 1000,
        }
        yield self.to_answer(question, composition, hits, timings, standalone)

    def _by_parts(self, question: str) -> tuple[Composition, list[ScoredPassage]] | None:
        """The answer to a message asking two things, part by part, and its evidence; None
        when it asks one thing or a part has no answer.

        "When did X sign, and what are Y's exports worth?" has rarely one sentence answering
        both, and its retrieval favours one of them. A quoting composer answers each part from
        its own evidence, and the parts' answers are one answer when every part has one;
        otherwise the question is composed whole (half an answer would mislead). A chat model
        reads the parts itself.
        """
        asked = parts(question)
        if len(asked) < 2 or self.streams:
            return None
        answers: list[Composition] = []
        evidence: list[ScoredPassage] = []
        previous: list[Turn] = []
        for part in asked:
            # a later part follows the earlier one up ("Who is X, and what did he say?"); its
            # pronouns stand for what the message names, never for a name found in an answer
            standalone = self.condenser.condense(part, previous) if previous else part
            hits = self.evidence(standalone)
            answer = self.composer.compose(standalone, hits)
            if answer.refused:
                return None
            answers.append(answer)
            evidence.extend(h for h in hits if h not in evidence)
            previous = [Turn(standalone, "")]
        return joined(answers), evidence

    def aask_stream(
        self, question: str, history: Sequence[Turn] = ()
    ) -> AsyncIterator[str | Answer]:
        """:meth:`ask_stream` for an event loop (Discord): the work runs in a worker thread."""
        return iterate_in_thread(lambda: self.ask_stream(question, history))

    def evidence(self, question: str) -> list[ScoredPassage]:
        """The retrieved passages, then those holding ledger facts that match the question.

        Ledger facts are looked up only for the answer types they can give (rates, people,
        roles) and are matched on the countries, products and names the question states.
        """
        include: list[str] = []
        if self.facts is not None:
            wanted = set(analyse(question).types)
            rates = bool(wanted & {"rate", "amount", "comparison"})
            people = bool(wanted & {"person", "role"})
            if rates or people:
                include = self.facts.evidence(question, rates=rates, people=people)
        return self.retriever.search(question, self.top_k, include=include)

    def to_answer(
        self,
        question: str,
        composition: Composition,
        hits: Sequence[ScoredPassage],
        timings: dict[str, float],
        standalone: str | None = None,
    ) -> Answer:
        citations = tuple(
            Citation.of(n, cited.passage, cited.quote)
            for n, cited in enumerate(composition.cited, 1)
        )
        closest: tuple[Citation, ...] = ()
        if composition.refused:
            # One entry per article (its best passage): three passages of one article would
            # list the same title three times.
            best = {h.passage.doc_id: h for h in reversed(hits)}
            nearest = sorted(best.values(), key=hits.index)[:CLOSEST_ON_REFUSAL]
            closest = tuple(
                Citation.of(n, hit.passage, hit.passage.text) for n, hit in enumerate(nearest, 1)
            )
        notes = composition.notes
        if standalone and standalone != question:
            notes = (*notes, f"{UNDERSTOOD_AS}{standalone}")
        return Answer(
            question=question,
            text=composition.text,
            refused=composition.refused,
            citations=citations,
            backend=composition.backend or self.composer.name,
            timings_ms={k: round(v, 2) for k, v in timings.items()},
            notes=notes,
            closest=closest,
            standalone=standalone or question,
        )
