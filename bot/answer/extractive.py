"""The offline default composer: answers with the retrieved sentences themselves.

It never writes a claim of its own: every sentence of an answer is a sentence of a retrieved
passage, followed by the ``[n]`` of that passage. It refuses when the best evidence does not
cover what the question asks about (an entity the articles never mention, or too little of
the question's content), listing the closest sources instead of quoting something loosely
related.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.answer.base import REFUSAL, CitedPassage, Composition
from bot.answer.terms import concept, concepts, proper_nouns, question_concepts
from bot.answer.verify import looks_like_instruction
from bot.index.lexical import stem
from bot.ingest.chunking import passage_sentences
from bot.ingest.text import words
from bot.models import ScoredPassage

MAX_SENTENCES = 3
STRONG_SIMILARITY = 0.6
"""A sentence this close to the question answers it whatever words it uses."""
WEAK_SIMILARITY = 0.35
"""Below this the best sentence is about something else, whatever words it shares."""
MIN_COVERAGE = 0.5
"""Between the two, the chosen sentences must contain this share of the question's concepts."""
MIN_SENTENCE_SIMILARITY = 0.3
"""Sentences sharing no word with the question are candidates only above this similarity."""
OVERLAP_WEIGHT = 0.5
UNSEEN_WORD_WEIGHT = 1.5
CLOSE_SCORE = 0.9
"""A sentence scoring this close to the best one is part of the answer too."""

_NUMBER = re.compile(r"\d")
_DATE_WORDS = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|yesterday|"
    r"week|month|year|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|\d{4})\b",
    re.IGNORECASE,
)
_TITLE_WORDS = re.compile(
    r"\b(minister|secretary|president|premier|negotiator|representative|envoy|partner|chief|"
    r"director|governor|chairman|ambassador|official|spokesperson|ceo|head)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Candidate:
    sentence: str
    hit_index: int
    concepts: frozenset[str]
    score: float
    similarity: float
    overlap: float


class ExtractiveComposer:
    """Selects and cites sentences; ``term_weight`` gives rarer words more weight (IDF)."""

    name = "extractive"

    def __init__(
        self, document_frequency: Callable[[str], int], corpus_size: Callable[[], int]
    ) -> None:
        self._df = document_frequency
        self._n = corpus_size

    def weight(self, concept_label: str) -> float:
        """IDF of a concept: words every article uses ("Japan", "tariff") count least."""
        if concept_label.startswith("~"):
            return 1.0  # synonym groups are domain words: neither rare nor noise
        df = self._df(concept_label)
        if df == 0:
            # A word no article uses is often the asker's own phrasing ("border" for
            # "at customs"): it counts like a mid-frequency word, neither decisive nor ignored.
            return UNSEEN_WORD_WEIGHT
        n = max(self._n(), 1)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def unknown_names(self, question: str) -> list[str]:
        """Names and figures in the question that no passage mentions: nothing can answer it."""
        unknown = []
        for name in proper_nouns(question):
            label = concept(name.lower())
            if label.startswith("~"):
                continue
            if self._df(stem([name.lower()])[0]) == 0:
                unknown.append(name)
        # A year or figure the articles never state ("in 2024", "15%") cannot be answered either.
        unknown.extend(n for n in re.findall(r"\b\d[\d.,]*\b", question) if self._df(n) == 0)
        return unknown

    def compose(self, question: str, hits: Sequence[ScoredPassage]) -> Composition:
        wanted = question_concepts(question)
        weights = {c: self.weight(c) for c in wanted}
        total = sum(weights.values()) or 1.0
        if not hits or not wanted or self.unknown_names(question):
            return self._refuse(hits)
        candidates = self._candidates(question, hits, weights, total)
        if not candidates:
            return self._refuse(hits)
        best = candidates[0]
        chosen = [best]
        covered = set(best.concepts) & set(weights)
        for candidate in candidates[1:]:
            if len(chosen) == MAX_SENTENCES:
                break
            gain = sum(weights[c] for c in (candidate.concepts & set(weights)) - covered) / total
            close = candidate.score >= CLOSE_SCORE * best.score
            if close or (gain >= 0.15 and candidate.score >= 0.6 * best.score):
                chosen.append(candidate)
                covered |= candidate.concepts & set(weights)
        coverage = sum(weights[c] for c in covered) / total
        self.last_evidence = (best.similarity, coverage)
        confident = best.similarity >= STRONG_SIMILARITY or (
            best.similarity >= WEAK_SIMILARITY and coverage >= MIN_COVERAGE
        )
        if not confident or not self._names_present(question, chosen, hits):
            return self._refuse(hits)

        numbers: dict[int, int] = {}
        cited: list[CitedPassage] = []
        quotes: dict[int, list[str]] = {}
        parts: list[str] = []
        for candidate in chosen:
            if candidate.hit_index not in numbers:
                numbers[candidate.hit_index] = len(numbers) + 1
                quotes[candidate.hit_index] = []
            quotes[candidate.hit_index].append(candidate.sentence)
            parts.append(f"{candidate.sentence} [{numbers[candidate.hit_index]}]")
        for hit_index in numbers:
            cited.append(CitedPassage(hits[hit_index].passage, " ".join(quotes[hit_index])))
        return Composition(text=" ".join(parts), refused=False, cited=tuple(cited))

    def _candidates(
        self, question: str, hits: Sequence[ScoredPassage], weights: dict[str, float], total: float
    ) -> list[_Candidate]:
        lowered = question.lower()
        wants_number = bool(
            re.search(r"\b(how (much|high|many|big|large)|rate|percent|%)", lowered)
        )
        wants_date = bool(re.search(r"\b(when|what day|which day|date|how long)\b", lowered))
        wants_person = bool(re.search(r"\b(who|whom|whose)\b", lowered))
        out: list[_Candidate] = []
        for index, hit in enumerate(hits):
            prior = 1.0 / (1 + index)
            for position, sentence in enumerate(passage_sentences(hit.passage)):
                if looks_like_instruction(sentence):
                    continue  # text planted for a language model is never quoted as an answer
                found = frozenset(concepts(sentence))
                overlap = sum(weights[c] for c in found & set(weights)) / total
                similarity = (
                    hit.sentence_similarity[position]
                    if position < len(hit.sentence_similarity)
                    else 0.0
                )
                if overlap == 0 and similarity < MIN_SENTENCE_SIMILARITY:
                    continue
                score = similarity + OVERLAP_WEIGHT * overlap + 0.1 * prior
                if wants_number and _NUMBER.search(sentence):
                    score += 0.2
                if wants_date and _DATE_WORDS.search(sentence):
                    score += 0.2
                if wants_person and _TITLE_WORDS.search(sentence):
                    score += 0.2
                if len(words(sentence)) < 6:
                    score -= 0.2  # fragments make poor answers
                out.append(_Candidate(sentence, index, found, score, similarity, overlap))
        out.sort(key=lambda c: -c.score)
        return out

    @staticmethod
    def _names_present(
        question: str, chosen: Sequence[_Candidate], hits: Sequence[ScoredPassage]
    ) -> bool:
        """Every place, person or body the question names appears in the cited passages.

        Without this, "What tariff does the US apply to Chinese goods?" would be answered
        with the tariff on Japanese goods: same words, other country.
        """
        cited = " ".join(
            f"{hits[c.hit_index].passage.title} {hits[c.hit_index].passage.text}" for c in chosen
        )
        present = concepts(cited)
        return all(concept(name.lower()) in present for name in proper_nouns(question))

    def _refuse(self, hits: Sequence[ScoredPassage]) -> Composition:
        return Composition(text=REFUSAL, refused=True, cited=())
