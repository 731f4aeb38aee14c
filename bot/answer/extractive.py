"""The offline default composer: answers with the retrieved sentences themselves.

It never writes a claim of its own: every sentence of an answer is a sentence of a retrieved
passage, followed by the ``[n]`` of that passage. Sentences are ranked by their similarity to
the question, the question's (rare) words they hold, the shape of the
expected answer (``bot.answer.evidence``) and the names they state. It refuses, listing the
closest sources, when the evidence does not meet the question's constraints
(``bot.answer.question``): a name, figure or taxed product no article mentions, no sentence of
the expected shape, too little of the question around the best sentence, a rate about another
country's goods, a figure the question takes for granted missing from the source, or a
why-question with no sentence giving a reason, or whose premise no passage states with the same
sides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from bot.answer.base import REFUSAL, CitedPassage, Composition
from bot.answer.discourse import ANAPHORS, TABLE_ROW, TURN, inherited, reads_on, said_by
from bot.answer.evidence import Shape, enumerates, holds, looks_like_furniture
from bot.answer.names import name_in, recased
from bot.answer.question import (
    ORDINAL_ORDER,
    WH_WORDS,
    Question,
    analyse,
    is_negation,
)
from bot.answer.terms import (
    MONTH_NAME,
    MONTHS,
    NOT_NAMES,
    STOPWORDS,
    concept,
    concepts,
    question_concepts,
)
from bot.answer.verify import looks_like_instruction
from bot.answer.vocabulary import (
    TRADE_ABBREVIATIONS,
    Vocabulary,
    spelled_out,
    written_in,
)
from bot.answer.weekdays import day_note
from bot.facts.lexicon import country_of, find_countries
from bot.ingest.chunking import passage_sentences
from bot.models import ScoredPassage
from bot.text import fold, words

# The weights and thresholds below were fitted by `python -m bench.fit_weights` (a coordinate
# search over the blind sets in bench/sets used for development, the dev set only as a guard)
# and checked on blind sets never read; docs/benchmarks.md has the figures.
MAX_SENTENCES = 4
MAX_LIST_SENTENCES = 6
MAXTURN_SENTENCES = 5
"""A transcript reply is quoted whole up to this many sentences."""
STRONG_SIMILARITY = 0.6
"""A sentence this close to the question answers it whatever words it uses."""
WEAK_SIMILARITY = 0.35
"""Below this the best sentence is about something else, whatever words it shares."""
MIN_COVERAGE = 0.5
"""Between the two, the best sentence and its neighbours must hold this share of the question."""
MIN_SENTENCE_SIMILARITY = 0.3
"""Sentences sharing no word with the question are candidates only above this similarity."""
OVERLAP_WEIGHT = 0.3
"""Weight of the share of the question's (rarity-weighted) words a sentence holds."""
CONTEXT_WEIGHT = 0.0
"""Share of the best neighbouring sentence's similarity added to a sentence's own (the fit
found no use for it; kept so that a refit on new sets can)."""
TYPE_WEIGHT = 0.3
"""Bonus for a sentence with the shape of the expected answer (a rate, a date, a name)."""
TYPED_COVERAGE = 0.3
"""A sentence of the expected shape needs less of the question's wording."""
MISSING_NAME_PENALTY = 0.2
CONFLICT_PENALTY = 0.3
"""A sentence giving another ordinal than the question's ("second" for "first")."""
FRAGMENT_WORDS = 6
"""A sentence shorter than this is read together with the next one."""
NAME_WEIGHT = 0.1
"""Bonus per name of the question that the sentence itself states."""
NUMBER_WEIGHT = 0.3
"""Bonus (or penalty) for giving what the question numbers the same (another) number."""
SPEAKER_WEIGHT = 0.3
"""Bonus for the words of the person the question quotes ("how did Vos say …")."""
CLOSE_SCORE = 0.8
"""A sentence scoring this close to the best one is part of the answer too."""
TYPED_SHARE = 0.7
"""A typed sentence this close to an untyped best one answers instead of it."""
SAME_ARTICLE_SHARE = 0.6
"""… and one of the best sentence's own article this close."""
ADDED_SHARE = 0.4
"""A sentence adding a wanted type or a new fact joins the answer from this share of the best."""
NEW_FACT_GAIN = 0.05
"""… when it adds this share of the question's weighted words."""
OTHER_SOURCE_SHARE = 0.7
"""A typed sentence this close joins a list or comparison answer from another passage."""
PRIOR_WEIGHT = 0.15
"""Weight of the passage's retrieval rank (1 for the first, 1/2 for the second, …)."""
FRAGMENT_PENALTY = 0.2
"""A fragment with nothing after it to read on into."""
PREMISE_COVERAGE = 0.45
"""A why-question's premise needs one passage stating this share of it."""
NEWER_SHARE = 0.8
"""A typed sentence of a newer source this close to the best one may give the current figure."""
UPDATE_SHARE = 0.6
"""… and from this share when it restates the best sentence with another figure."""
RESTATED_SHARE = 0.75
"""A sentence restates another when this share of its words (figures aside) are the other's."""
STRICT_TYPES = frozenset(
    {"rate", "amount", "money", "date", "person", "place", "role", "law", "name", "span"}
)
"""Types whose shape a sentence must have to answer (reasons and lists are phrased freely)."""


@dataclass(frozen=True, slots=True)
class _Candidate:
    sentence: str
    hit_index: int
    concepts: frozenset[str]
    score: float
    similarity: float
    overlap: float
    typed: bool


class ExtractiveComposer:
    """Selects and cites sentences; ``document_frequency`` gives rarer words more weight."""

    name = "extractive"

    def __init__(
        self, document_frequency: Callable[[str], int], corpus_size: Callable[[], int]
    ) -> None:
        self.vocabulary = Vocabulary(document_frequency, corpus_size)

    def compose(self, question: str, hits: Sequence[ScoredPassage]) -> Composition:
        question = recased(question, [hit.passage.text for hit in hits])
        analysis = analyse(question)
        wanted = question_concepts(analysis.asked or question)
        weights = {c: self.vocabulary.weight(c) for c in wanted}
        unknown = [n for n in self.vocabulary.unknown_names(analysis) if not spelled_out(n, hits)]
        if not hits or not wanted or unknown:
            return self._refuse(hits, "a name, figure or object the articles never mention")
        candidates = self._candidates(analysis, hits, weights)
        if not candidates:
            return self._refuse(hits, "no sentence shares the question's words")
        best = anchor = candidates[0]
        if _strict(analysis) and not best.typed:
            typed = _typed_rival(best, candidates, hits)
            if typed is None:
                return self._refuse(hits, "no sentence has the expected answer's shape")
            best = typed
        elif analysis.main == "reason" and not best.typed:
            typed = _typed_rival(best, candidates, hits)
            if typed is None:
                return self._refuse(hits, "no sentence gives a reason")
            best = typed
        elif analysis.main == "yesno" and not best.typed:
            best = _typed_rival(best, candidates, hits) or best  # a sentence on the subject
        contested = False
        if _wants_newest(analysis):
            best, contested = _newest(analysis, best, candidates, hits)
        chosen = _reply_turn(best, candidates, hits) or self._select(
            analysis, best, candidates, weights, hits
        )
        chosen = _with_sequel(best, chosen, candidates, hits, any_sentence=analysis.main == "yesno")
        chosen = _with_antecedent(best, chosen, candidates, hits)
        # The best sentence and the sentences around it must carry the question: other
        # passages only add to it. A comparison is carried by its sides together.
        several = analysis.main in ("list", "comparison") or "comparison" in analysis.types
        covered = set().union(
            _around(best, hits),
            *(c.concepts for c in chosen if several or c.hit_index == best.hit_index),
        )
        similarity = max(  # a sentence of the same article as close to the question vouches too
            c.similarity
            for c in candidates
            if c is best or (_same_article(c, best, hits) and c.score >= CLOSE_SCORE * best.score)
        )
        if _same_article(anchor, best, hits):
            covered |= anchor.concepts  # the sentence that found the article frames its answer
            similarity = max(similarity, anchor.similarity)
        covered |= {  # an acronym the answer's passage spells out is covered
            label
            for n in analysis.names
            if (label := concept(n.lower())) not in covered
            and spelled_out(n, [hits[best.hit_index]])
        }
        coverage = _coverage(covered, _coverage_weights(analysis, best, weights))
        confident = (
            best.similarity >= STRONG_SIMILARITY
            or (
                similarity >= WEAK_SIMILARITY
                and (coverage >= MIN_COVERAGE or (best.typed and coverage >= TYPED_COVERAGE))
            )
            or (_about_named_person(analysis, best) and coverage >= MIN_COVERAGE)
        )
        if not confident:
            return self._refuse(hits, "the best sentence covers too little of the question")
        if any(
            t in STRICT_TYPES and not any(holds(c.sentence, t) for c in chosen)
            for t in analysis.types[1:]
        ):  # "how much, and over what period": half an answer misleads
            return self._refuse(hits, "a part of the question has no answer of its shape")
        if self.vocabulary.used(analysis.subject) and not any(
            name_in(analysis.subject, _passage_concepts(hits[c.hit_index])) for c in chosen
        ):
            return self._refuse(hits, "the yes/no question's subject is not in a cited passage")
        if not _names_present(analysis, chosen if several else chosen[:1], hits):
            return self._refuse(hits, "a name of the question is not in the cited passage")
        if analysis.main == "rate" and not _names_near(analysis, best, hits):
            return self._refuse(hits, "a rate sentence about another place")
        if analysis.superlative and not (
            _SUPERLATIVE.search(best.sentence)
            or (analysis.main in ("rate", "amount", "money") and _RANGE.search(best.sentence))
        ):
            return self._refuse(hits, "the question asks for the most, no sentence says which")
        if analysis.presupposes and not _figures_present(analysis, chosen, hits):
            return self._refuse(
                hits, "a figure the question takes for granted is not in the source"
            )
        if analysis.main == "reason" and not self._premise_holds(analysis, hits, weights):
            return self._refuse(hits, "the premise of the why-question is not stated")
        return _render(
            chosen, hits, dated=analysis.current or contested, days=analysis.main == "date"
        )

    def _select(
        self,
        analysis: Question,
        best: _Candidate,
        candidates: Sequence[_Candidate],
        weights: dict[str, float],
        hits: Sequence[ScoredPassage],
    ) -> list[_Candidate]:
        """The best sentence, plus sentences that add a wanted type, a new fact or an item."""
        total = sum(weights.values()) or 1.0
        chosen = [best]
        covered = set(best.concepts) & set(weights)
        limit = MAX_LIST_SENTENCES if analysis.main in ("list", "comparison") else MAX_SENTENCES
        for wanted_type in analysis.types[1:]:
            if any(holds(c.sentence, wanted_type) for c in chosen):
                continue
            extra = next(
                (
                    c
                    for c in candidates
                    if c not in chosen
                    and holds(c.sentence, wanted_type)
                    and c.score >= ADDED_SHARE * best.score
                ),
                None,
            )
            if extra is not None:
                chosen.append(extra)
        several = analysis.main in ("list", "comparison") or "comparison" in analysis.types
        for candidate in candidates:
            if len(chosen) >= limit:
                break
            if any(
                candidate.sentence in c.sentence or c.sentence in candidate.sentence for c in chosen
            ):
                continue  # the same sentence, or it with a heading glued on
            gain = sum(weights[c] for c in (candidate.concepts & set(weights)) - covered) / total
            close = candidate.score >= CLOSE_SCORE * best.score
            other_source = (
                several and candidate.typed and candidate.score >= OTHER_SOURCE_SHARE * best.score
            )
            new_fact = (
                gain >= NEW_FACT_GAIN
                and candidate.score >= ADDED_SHARE * best.score
                and (
                    several
                    or _same_article(candidate, best, hits)
                    or _names_all(analysis, candidate)
                    or (analysis.current and _newer(candidate, best, hits))
                )
            )
            if close or other_source or new_fact:
                chosen.append(candidate)
                covered |= candidate.concepts & set(weights)
        return chosen

    def _candidates(
        self, analysis: Question, hits: Sequence[ScoredPassage], weights: dict[str, float]
    ) -> list[_Candidate]:
        total = sum(weights.values()) or 1.0
        wanted = set(weights)
        names = [n for n in analysis.names if not NOT_NAMES.match(n)]
        months = [n.lower()[:3] for n in analysis.names if MONTH_NAME.match(n)]
        ordinals = _ORDINALS & set(words(analysis.text))
        asked_numbers = dict(analysis.numbered)
        asked_countries = _countries_in(analysis.text)
        years = frozenset(f for f in analysis.figures if _YEAR_IN.fullmatch(f))
        split = [passage_sentences(hit.passage) for hit in hits]
        keys = _row_keys(names, split)
        sides = frozenset(  # "Zembia's team", "the Zembian envoy": whose person is asked for
            m.country for m in find_countries(analysis.text) if m.possessive or m.form == "demonym"
        )
        also = [t for t in analysis.types[1:] if t in STRICT_TYPES]  # "… and over what period"
        out: list[_Candidate] = []
        acronyms = {  # "ISDS" is asked for where a sentence says "investor-state dispute …"
            label: name
            for name in analysis.names
            if (name.isupper() or name in TRADE_ABBREVIATIONS)
            and (label := concept(name.lower())) in wanted
        }
        articles: dict[str, set[str]] = {}  # a name anywhere in the article counts for each part
        for hit in hits:
            articles.setdefault(hit.passage.doc_id, set()).update(_passage_concepts(hit))
        for index, hit in enumerate(hits):
            prior = 1.0 / (1 + index)
            sentences = split[index]
            tokens = [words(sentence) for sentence in sentences]
            found_in = [frozenset(concept(w) for w in ts if w not in STOPWORDS) for ts in tokens]
            sims = list(hit.sentence_similarity) + [0.0] * (
                len(sentences) - len(hit.sentence_similarity)
            )
            context = concepts(hit.passage.title).union(*found_in, articles[hit.passage.doc_id])
            missing_names = sum(not name_in(name, context) for name in names) + sum(
                not _month_of(month, hit.passage.published, context) for month in months
            )
            carried = inherited(sentences, tokens, found_in, sims)
            heading = _heading(hit)
            for position, sentence in enumerate(sentences):
                if (
                    sentence == heading
                    or sentence.rstrip().endswith("?")
                    or looks_like_instruction(sentence)
                    or looks_like_furniture(sentence)
                ):
                    continue  # a question is no answer, nor page furniture; planted text never
                found = found_in[position] | {
                    label
                    for label, name in acronyms.items()
                    if label not in found_in[position] and written_in(name, sentence)
                }
                overlap = sum(weights[c] for c in found & wanted) / total
                similarity = sims[position]
                before, before_similarity, speaker = carried[position]
                overlap = max(overlap, sum(weights[c] for c in before & wanted) / total)
                similarity = max(similarity, before_similarity)
                found = found | speaker
                if analysis.said_by and said_by(analysis.said_by, speaker, found, sentence):
                    score_bonus = SPEAKER_WEIGHT
                else:
                    score_bonus = 0.0
                around = [sims[i] for i in (position - 1, position + 1) if 0 <= i < len(sims)]
                typed = holds(sentence, _shape(analysis))
                if typed and years and analysis.main in _YEAR_BOUND:
                    typed = _of_year(years, sentence, hit.passage.published)
                if analysis.main == "place":  # a country besides those the question names
                    typed = bool(_countries_in(sentence) - asked_countries)
                elif analysis.main == "person" and typed and sides:
                    typed = _person_of(sentence, sides)
                elif analysis.main == "yesno" and analysis.subject:
                    # The answer to "Do Zembian pears pay …?" speaks of pears, not of goods
                    # (a person, "the finance chief", is named rather than described).
                    typed = holds(analysis.subject, "role") or concept(analysis.subject) in found
                if overlap == 0 and similarity < MIN_SENTENCE_SIMILARITY:
                    # "They were imposed under the X Act": a sentence of the expected shape
                    # that goes on from a close one ("they") is a candidate all the same.
                    follows = position > 0 and sims[position - 1] >= MIN_SENTENCE_SIMILARITY
                    if not (typed and _strict(analysis) and follows):
                        continue
                score = (
                    similarity
                    + CONTEXT_WEIGHT * max(around, default=0.0)
                    + OVERLAP_WEIGHT * overlap
                    + PRIOR_WEIGHT * prior
                    + (TYPE_WEIGHT if typed else 0.0)
                    - MISSING_NAME_PENALTY * missing_names
                    - MISSING_NAME_PENALTY * _row_misses(sentence, found, keys)
                    + NAME_WEIGHT * sum(name_in(name, found) for name in names)
                    + score_bonus
                    + (TYPE_WEIGHT if analysis.main == "list" and enumerates(sentence) else 0.0)
                    + TYPE_WEIGHT * sum(holds(sentence, t) for t in also)
                )
                if _polarity_conflict(analysis.negated, tokens[position]):
                    score -= CONFLICT_PENALTY  # "goods that qualify" for "goods that don't"
                score += NUMBER_WEIGHT * _numbers_agree(asked_numbers, sentence)
                stated = _ORDINALS.intersection(tokens[position])
                if ordinals and stated and not ordinals & stated:
                    score -= CONFLICT_PENALTY  # "the second round" does not answer "the first"
                if len(tokens[position]) < FRAGMENT_WORDS or reads_on(sentence):
                    if position + 1 < len(sentences):  # "Q: …? A: No." reads on into the next
                        sentence = f"{sentence} {sentences[position + 1]}"
                        found = found | found_in[position + 1]
                    else:
                        score -= FRAGMENT_PENALTY  # fragments make poor answers
                out.append(_Candidate(sentence, index, found, score, similarity, overlap, typed))
        out.extend(_titles_naming(analysis, hits, wanted, weights, total))
        out.sort(key=lambda c: -c.score)
        return out

    def _premise_holds(
        self, analysis: Question, hits: Sequence[ScoredPassage], weights: dict[str, float]
    ) -> bool:
        """A why-question's clause is stated by some passage (a figure with its noun too).

        "Why did X accept a 12% quota?" is refused when the passages speak of a 10% quota.
        """
        premise = {c: w for c, w in weights.items() if not _REASON_WORD.match(c)}
        total = sum(premise.values()) or 1.0
        best = 0.0
        for hit in hits:
            sentences = [s for s in passage_sentences(hit.passage) if not looks_like_instruction(s)]
            for i in range(len(sentences)):
                window = " ".join(sentences[max(0, i - 1) : i + 2])
                found = concepts(window)
                share = sum(w for c, w in premise.items() if c in found) / total
                if all(_attached(figure, noun, sentences[i]) for figure, noun in analysis.attached):
                    best = max(best, share)
        return best >= PREMISE_COVERAGE and all(
            any(_relation_stated(rel, s) for h in hits for s in passage_sentences(h.passage))
            for rel in analysis.relations
            if not NOT_NAMES.match(rel[2])
        )

    def _refuse(self, hits: Sequence[ScoredPassage], reason: str) -> Composition:
        return Composition(text=REFUSAL, refused=True, cited=(), refusal_reason=reason)


_RANGE = re.compile(
    r"\b(between|from|ranging from)\s+[$€£¥]?\d[\d.,]*\s?(%|percent|per cent|bn|billion|million)?"
    r"\s+(and|to)\s+[$€£¥]?\d|\d\s?%?\s?(-|–|to)\s?\d[\d.,]*\s?%",
    re.I,
)
"""A range of figures ("between 4.9% and 19.8%"): it says which is the highest and lowest."""
_SUPERLATIVE = re.compile(
    r"\b(most|least|highest|lowest|largest|biggest|smallest|greatest|steepest|top|leading|"
    r"heaviest|lightest|worst|best)\b",
    re.I,
)
_ORDINALS = frozenset(ORDINAL_ORDER)


_YEAR_IN = re.compile(r"\b(?:19|20)\d\d\b")
"""A year, in a sentence or (with ``fullmatch``) as a token."""
_YEAR_BOUND = frozenset({"rate", "amount", "money", "date"})
"""Figures that hold for a year: "what will the tariff be in 2027" is not answered by today's."""


def _heading(hit: ScoredPassage) -> str:
    """The passage's sub-heading or headline: a first line of its own that ends no sentence.

    It names what the paragraphs below are about, so it helps to find them and frames them,
    but it states nothing itself ("Zembia moves to curb pear exports").
    """
    first, newline, rest = hit.passage.text.partition("\n")
    first = " ".join(first.split())
    if not newline or not rest.strip() or _SENTENCE_END.search(first):
        return ""
    return first


_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]$")


def _of_year(years: AbstractSet[str], sentence: str, published: str) -> bool:
    """The sentence's figure is of a year the question asks about: it names that year, or it
    names none and was reported that year."""
    stated = set(_YEAR_IN.findall(sentence))
    return bool(stated & years) if stated else published[:4] in years or not published


def _same_article(a: _Candidate, b: _Candidate, hits: Sequence[ScoredPassage]) -> bool:
    return hits[a.hit_index].passage.doc_id == hits[b.hit_index].passage.doc_id


def _newer(a: _Candidate, b: _Candidate, hits: Sequence[ScoredPassage]) -> bool:
    return hits[a.hit_index].passage.published > hits[b.hit_index].passage.published


def _names_all(analysis: Question, candidate: _Candidate) -> bool:
    """The sentence names everything the question names (it is about the same subject)."""
    return all(name_in(n, candidate.concepts) for n in analysis.names if not NOT_NAMES.match(n))


def _row_keys(names: Sequence[str], split: Sequence[Sequence[str]]) -> list[str]:
    """The question's names that key a row of a retrieved table: its key or first cell
    ("Zembia — Grower: Orchard Hill Ltd; …")."""
    keys = [
        concepts(sentence.split(";")[0])
        for sentences in split
        for sentence in sentences
        if TABLE_ROW.match(sentence)
    ]
    return [name for name in names if any(name_in(name, key) for key in keys)]


def _row_misses(sentence: str, found: AbstractSet[str], keys: Sequence[str]) -> int:
    """The names keying other rows of a table that this row leaves out. A row is about its
    own key: the rest of its article naming "Orchard Hill" makes another company's row no answer
    for it, while a name of the table's subject ("Avaria" above Avaria's rates) is in no
    row."""
    if not TABLE_ROW.match(sentence):
        return 0
    return sum(not name_in(name, found) for name in keys)


def _numbers_agree(asked: dict[str, int], sentence: str) -> int:
    """+1 when the sentence numbers what the question numbers alike ("Year 2" for "the second
    year"), -1 when it gives it another number ("Year 1"), else 0."""
    for noun, n in asked.items():
        stated = re.search(rf"\b{re.escape(noun)}s?\s+(\d+)\b", sentence, re.I)
        if stated:
            return 1 if int(stated.group(1)) == n else -1
    return 0


_REASON_WORD = re.compile(r"^(reason|justif|caus|trigger|motiv|rational|explan|ground)", re.I)


def _reply_turn(
    best: _Candidate, candidates: Sequence[_Candidate], hits: Sequence[ScoredPassage]
) -> list[_Candidate]:
    """The transcript turn the best sentence belongs to, in order, when that turn answers a
    question: a reply is quoted as it was given ("There are two parts. The first … The
    second …"), not as its best-scoring sentences. Empty when the sentence is not in one."""
    sentences = passage_sentences(hits[best.hit_index].passage)
    at = next((i for i, s in enumerate(sentences) if best.sentence.startswith(s)), None)
    if at is None:
        return []
    start = next((i for i in range(at, -1, -1) if TURN.match(sentences[i])), None)
    if not start or not sentences[start - 1].rstrip().endswith("?"):
        return []
    end = next((i for i in range(start + 1, len(sentences)) if TURN.match(sentences[i])), None)
    own = {c.sentence: c for c in candidates if c.hit_index == best.hit_index}
    turn: list[_Candidate] = []
    for sentence in sentences[start : end or len(sentences)]:
        candidate = next((c for text, c in own.items() if text.startswith(sentence)), None)
        if candidate is None or any(sentence in c.sentence for c in turn):
            continue
        turn.append(candidate)
        if len(turn) == MAXTURN_SENTENCES:
            break
    return turn if best in turn else []


def _coverage(covered: AbstractSet[str], weights: dict[str, float]) -> float:
    return sum(w for c, w in weights.items() if c in covered) / (sum(weights.values()) or 1.0)


def _coverage_weights(
    analysis: Question, best: _Candidate, weights: dict[str, float]
) -> dict[str, float]:
    """The question's words the answer must cover. A sentence of the expected shape stands in
    for the words of the wh-phrase ("which statute", "what date"): they describe the answer,
    and the answer is there."""
    if not (best.typed and (_strict(analysis) or analysis.main == "reason")):
        return weights
    focus: set[str] = set()
    describes = False  # "which statute" describes the answer; "how much oil" names what is counted
    for word in analysis.focus:
        if word in WH_WORDS:
            describes = word in ("which", "what")
        elif describes or _follows_how(word, analysis):
            focus.add(concept(word))
    return {c: w for c, w in weights.items() if c not in focus} or weights


def _about_named_person(analysis: Question, best: _Candidate) -> bool:
    """A role or person question about someone named in full ("What post does Ana Ruiz
    hold?"), answered by a sentence that names them with a role: a quote's words may share
    nothing else with the question, which is no reason to doubt it."""
    full_names = _full_names(analysis)
    return (
        analysis.main in ("role", "person")
        and best.typed
        and any(name_in(n, best.concepts) for n in full_names)
    )


def _full_names(analysis: Question) -> list[str]:
    """The question's names of a person in full ("Ana Ruiz"), not of a country."""
    return [n for n in analysis.names if len(n.split()) > 1 and country_of(n) is None]


def _follows_how(word: str, analysis: Question) -> bool:
    """The measure word of "how long", "how far": it says what the answer is, as "which
    statute" does (what "how much oil" counts, the oil, must still be covered)."""
    focus = list(analysis.focus)
    at = focus.index(word) if word in focus else 0
    return at > 0 and focus[at - 1] == "how"


def _with_sequel(
    best: _Candidate,
    chosen: list[_Candidate],
    candidates: Sequence[_Candidate],
    hits: Sequence[ScoredPassage],
    any_sentence: bool,
) -> list[_Candidate]:
    """A yes or no rarely stands in one sentence: "The court did not halt the duties." goes on
    with what it did instead; and any answer goes on in a sentence that opens by pointing back
    at it ("Another 105 ships are listed. That brings the total to 444."). The sentence after
    the best one, when it is a candidate of the same passage, follows it: for a yes/no
    question whatever it says, otherwise when it opens with a pronoun."""
    sentences, at = _located(best, hits)
    if at is None or sentences[at] != best.sentence or at + 1 >= len(sentences):
        return chosen
    following = sentences[at + 1]
    opening = words(following)[:1]
    if not any_sentence and not (opening and opening[0] in ANAPHORS):
        return chosen
    sequel = _candidate_of(following, best, candidates)
    if sequel is None or any(c.sentence == sequel.sentence for c in chosen):
        return chosen
    at_best = chosen.index(best) + 1
    return [*chosen[:at_best], sequel, *chosen[at_best:]]


def _with_antecedent(
    best: _Candidate,
    chosen: list[_Candidate],
    candidates: Sequence[_Candidate],
    hits: Sequence[ScoredPassage],
) -> list[_Candidate]:
    """ "Its chairman, Ana Vos, said …" names nobody's chairman: the sentence before it, which
    says whose, is quoted first when the best sentence opens with a pronoun."""
    tokens = words(best.sentence)
    if not tokens or tokens[0] not in ANAPHORS:
        return chosen
    sentences, at = _located(best, hits)
    if not at:
        return chosen
    before = sentences[at - 1]
    if TURN.match(best.sentence) or any(before in c.sentence for c in chosen):
        return chosen
    antecedent = _candidate_of(before, best, candidates) or _Candidate(
        before, best.hit_index, frozenset(), 0.0, 0.0, 0.0, False
    )
    at_best = chosen.index(best)
    return [*chosen[:at_best], antecedent, *chosen[at_best:]]


def _located(best: _Candidate, hits: Sequence[ScoredPassage]) -> tuple[list[str], int | None]:
    """The sentences of the best one's passage, and which of them it is (it may carry the next
    one glued on, when it is a fragment)."""
    sentences = passage_sentences(hits[best.hit_index].passage)
    return sentences, next(
        (i for i, s in enumerate(sentences) if best.sentence.startswith(s)), None
    )


def _candidate_of(
    sentence: str, best: _Candidate, candidates: Sequence[_Candidate]
) -> _Candidate | None:
    """The candidate made of ``sentence`` of the best one's passage, if it is one."""
    return next(
        (
            c
            for c in candidates
            if c.hit_index == best.hit_index and c.sentence.startswith(sentence)
        ),
        None,
    )


def _typed_rival(
    best: _Candidate, candidates: Sequence[_Candidate], hits: Sequence[ScoredPassage]
) -> _Candidate | None:
    """The sentence of the expected shape that answers in place of an untyped best one.

    The best sentence says which article is about the question; a sentence of that article
    holding the answer's shape beats a slightly higher one of another article ("the exemption
    ended on 3 May" over another article's date about other goods).
    """
    typed = [c for c in candidates if c.typed]
    same = [
        c
        for c in typed
        if _same_article(c, best, hits) and c.score >= SAME_ARTICLE_SHARE * best.score
    ]
    if same:
        return same[0]
    return next((c for c in typed if c.score >= TYPED_SHARE * best.score), None)


_MONTH_NUMBER = {m: i + 1 for i, m in enumerate(MONTHS)}


def _month_of(month: str, published: str, context: AbstractSet[str]) -> bool:
    """A month the question names ("in June") is the article's own or one it mentions."""
    if any(c.startswith(month) for c in context):
        return True
    return published[5:7] == f"{_MONTH_NUMBER[month]:02d}"


def _polarity_conflict(negated: Sequence[str], tokens: Sequence[str]) -> bool:
    """The sentence states a word the question negates, with no negation just before it."""
    wanted = {concept(word) for word in negated}
    return any(
        concept(token) in wanted and not any(is_negation(t) for t in tokens[max(0, i - 3) : i])
        for i, token in enumerate(tokens)
    )


def _shape(analysis: Question) -> Shape:
    """The shape the answer must have: "what date" and "which day" ask for a day, not a year;
    "when did X start" for more than a year (a year alone is no answer unless the question
    asks for one or looks ahead: "when is the review due?" "in 2027"); "which goods pay no
    tariff" for a zero rate or an exemption; "how many cars" for a number that is neither a
    sum of money nor a share."""
    if analysis.main == "date" and analysis.head in ("date", "day"):
        return "day"
    if analysis.main == "date" and not (analysis.ahead or analysis.head == "year"):
        return "dated"
    if analysis.zero:
        return "zero"
    if analysis.main == "amount" and analysis.counted:
        return "count"
    return analysis.main


def _strict(analysis: Question) -> bool:
    """Only a sentence of the expected shape may answer."""
    return analysis.main in STRICT_TYPES or analysis.zero


def _relation_stated(relation: tuple[str, str, str], sentence: str) -> bool:
    """ "tariffs on American goods" is stated when ``sentence`` has the same word (or its
    synonym group) shortly before the same preposition and the name shortly after it:
    "why did X raise tariffs on American goods" is not answered by tariffs *from* America."""
    before, preposition, name = relation
    if looks_like_instruction(sentence):
        return False
    tokens = words(sentence)
    head = concept(before)
    for i, token in enumerate(tokens):
        if token != preposition or head not in {concept(t) for t in tokens[max(0, i - 4) : i]}:
            continue
        if name_in(name, {concept(t) for t in tokens[i + 1 : i + 6]}):
            return True
    return False


def _attached(figure: str, noun: str, sentence: str) -> bool:
    """``figure`` followed within a few words by ``noun`` (or its synonym group)."""
    tokens = words(sentence)
    wanted = concept(noun)
    for i, token in enumerate(tokens):
        if token.rstrip("%") == figure.replace(",", "") and any(
            concept(t) == wanted for t in tokens[i + 1 : i + 5]
        ):
            return True
    return False


PERSON_QUALIFIER_CHARS = 40
"""How far before a name a country qualifies it ("Zembian Trade Minister Ana Vos")."""


def _person_of(sentence: str, countries: frozenset[str]) -> bool:
    """Some person the sentence names is not qualified by a country other than ``countries``:
    "Who led Zembia's team?" is not answered by "Avarian envoy Jon Vale and …" alone."""
    sentence = fold(sentence)  # "Zoë Brûlé" is a name too
    for match in _PERSON.finditer(sentence):
        before = sentence[max(0, match.start() - PERSON_QUALIFIER_CHARS) : match.end()]
        before = before.split(",")[-1].split(" and ")[-1]  # the name's own phrase only
        qualifiers = _countries_in(before)
        if not qualifiers or qualifiers & countries:
            return True
    return False


_PERSON = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z'’-]+)+\b")


def _passage_concepts(hit: ScoredPassage) -> frozenset[str]:
    return _text_concepts(hit.passage.title, hit.passage.text)


@lru_cache(maxsize=8192)
def _text_concepts(title: str, text: str) -> frozenset[str]:
    """Concepts of a passage and its headline: the same passages come back question after
    question, and every check of the composer reads them."""
    return frozenset(concepts(f"{title} {text}"))


def _countries_in(text: str) -> frozenset[str]:
    return frozenset(m.country for m in find_countries(text))


def _names_present(
    analysis: Question, chosen: Sequence[_Candidate], hits: Sequence[ScoredPassage]
) -> bool:
    """Every place, person or body the question names appears in the cited passages.

    Without this, "What tariff does the US apply to Chinese goods?" would be answered
    with the tariff on Japanese goods: same words, other country.
    """
    docs = {hits[c.hit_index].passage.doc_id for c in chosen}
    cited_hits = [h for h in hits if h.passage.doc_id in docs]
    present = frozenset().union(*(_passage_concepts(h) for h in cited_hits))
    countries = _countries_in(" ".join(f"{h.passage.title} {h.passage.text}" for h in cited_hits))
    return all(
        name_in(name, present, countries) or spelled_out(name, cited_hits)
        for name in analysis.names
        if not NOT_NAMES.match(name)
    )


def _around(best: _Candidate, hits: Sequence[ScoredPassage]) -> set[str]:
    """Concepts of the sentences just before and after the best one (its context)."""
    sentences = passage_sentences(hits[best.hit_index].passage)
    at = next((i for i, s in enumerate(sentences) if best.sentence.startswith(s)), 0)
    return concepts(" ".join(sentences[max(0, at - 1) : at + 2]))


def _names_near(analysis: Question, best: _Candidate, hits: Sequence[ScoredPassage]) -> bool:
    """A rate is on what the sentence stating it, the one before it (its pronouns point
    there) or its article's title name: "24% on Japanese goods" does not answer a question
    about Chinese goods in the same passage. The taxing side may go unsaid."""
    passage = hits[best.hit_index].passage
    sentences = passage_sentences(passage)
    at = next((i for i, s in enumerate(sentences) if best.sentence.startswith(s)), 0)
    window = " ".join([passage.title, *sentences[max(0, at - 1) : at + 1], best.sentence])
    present = concepts(window)
    countries = frozenset(m.country for m in find_countries(window))
    return all(
        name_in(name, present, countries)
        for name in analysis.object_names
        if not NOT_NAMES.match(name)
    )


def _figures_present(
    analysis: Question, chosen: Sequence[_Candidate], hits: Sequence[ScoredPassage]
) -> bool:
    """Years and figures a wh-question takes for granted ("… in Port Elm in 2019") are in the
    cited articles or their dates; otherwise the answer would be about another event. The
    year of an undated article is unknown, so it is not held against it."""
    cited = [hits[c.hit_index].passage for c in chosen]
    docs = {p.doc_id for p in cited}
    text = " ".join(
        f"{h.passage.title} {h.passage.text} {h.passage.published}"
        for h in hits
        if h.passage.doc_id in docs
    )
    present = set(words(text))
    undated = any(not p.published for p in cited)
    for figure in analysis.figures:
        token = (words(figure) or [""])[0]
        if not token or token in present or token.rstrip("%") in present:
            continue
        if undated and _YEAR_IN.fullmatch(token):
            continue
        return False
    return True


def _wants_newest(analysis: Question) -> bool:
    """ "Currently", a rate asked without a date, or a date still to come: the newest source's
    figure is the answer."""
    undated = not analysis.figures and not any(NOT_NAMES.match(n) for n in analysis.names)
    ahead = analysis.main == "date" and analysis.ahead
    return analysis.current or (analysis.main == "rate" and undated) or (ahead and undated)


_ANY_GOODS = frozenset(
    ["exports", "imports", "goods", "products", "shipments", "items", "trade", "sales"]
)
"""What "the rate on Zembia's exports" is on: any goods, which a newer rate need not repeat."""


def _newest(
    analysis: Question,
    best: _Candidate,
    candidates: Sequence[_Candidate],
    hits: Sequence[ScoredPassage],
) -> tuple[_Candidate, bool]:
    """The newest dated sentence of the right shape among those close to the best (or less
    close, when a newer source restates it with another figure) and about the same goods
    (what the question's rate is on, when the best one names them), and whether they came
    from sources of different dates (then each is shown "as of" its date)."""
    named = {n.lower() for n in analysis.object_names}  # "on exports to the US": whose, not what
    about = best.concepts & {
        concept(w) for w in analysis.objects if w not in _ANY_GOODS and w not in named
    }
    rivals = [
        c
        for c in candidates
        if c.typed
        and about <= c.concepts
        and (
            c.score >= NEWER_SHARE * best.score
            or (
                c.score >= UPDATE_SHARE * best.score
                and _newer(c, best, hits)
                and _restates(c, best)
            )
        )
    ] or [best]
    newest = max(rivals, key=lambda c: (hits[c.hit_index].passage.published, c.score))
    dates = {hits[c.hit_index].passage.published for c in rivals} - {""}
    return newest, len(dates) > 1


def _titles_naming(
    analysis: Question,
    hits: Sequence[ScoredPassage],
    wanted: AbstractSet[str],
    weights: dict[str, float],
    total: float,
) -> list[_Candidate]:
    """A headline that names the person asked about with their post ("Transcript: Zembian
    Trade Minister Ana Vos briefs reporters"): a speaker's role is often stated there alone,
    while the transcript below calls them by name. It answers "who is Ana Vos" as a sentence
    of the article's first passage would."""
    full_names = _full_names(analysis)
    if analysis.main not in ("role", "person") or not full_names:
        return []
    out: list[_Candidate] = []
    seen: set[str] = set()
    for index, hit in enumerate(hits):
        title = " ".join(hit.passage.title.split())
        if hit.passage.doc_id in seen or not title:
            continue
        seen.add(hit.passage.doc_id)
        found = frozenset(concepts(title))
        if not any(name_in(n, found) for n in full_names) or not holds(title, "role"):
            continue
        overlap = sum(weights[c] for c in found & wanted) / total
        similarity = max(hit.sentence_similarity, default=hit.dense_similarity or 0.0)
        score = (
            similarity
            + OVERLAP_WEIGHT * overlap
            + PRIOR_WEIGHT / (1 + index)
            + TYPE_WEIGHT
            + NAME_WEIGHT * sum(name_in(n, found) for n in full_names)
        )
        out.append(_Candidate(title, index, found, score, similarity, overlap, True))
    return out


def _restates(later: _Candidate, earlier: _Candidate) -> bool:
    """``later`` says mostly what ``earlier`` says, with other figures: "the honey quota will be
    35,000 tonnes" updates "the honey quota is 6,000 tonnes a year"."""
    own = {c for c in later.concepts if not c[:1].isdigit()}
    return bool(own) and len(own & earlier.concepts) >= RESTATED_SHARE * len(own)


def _render(
    chosen: Sequence[_Candidate], hits: Sequence[ScoredPassage], dated: bool, days: bool = False
) -> Composition:
    """The chosen sentences with their ``[n]``; "As of DATE" when the newest source decides,
    and for date questions the calendar day a "Thursday" or "yesterday" means."""
    numbers: dict[int, int] = {}
    quotes: dict[int, list[str]] = {}
    parts: list[str] = []
    for candidate in chosen:
        if candidate.hit_index not in numbers:
            numbers[candidate.hit_index] = len(numbers) + 1
            quotes[candidate.hit_index] = []
        quotes[candidate.hit_index].append(candidate.sentence)
        published = hits[candidate.hit_index].passage.published
        prefix = f"As of {published}: " if dated and published else ""
        note = day_note(candidate.sentence, published) if days else ""
        parts.append(f"{prefix}{candidate.sentence}{note} [{numbers[candidate.hit_index]}]")
    cited = tuple(CitedPassage(hits[index].passage, " ".join(quotes[index])) for index in numbers)
    return Composition(text=" ".join(parts), refused=False, cited=cited)
