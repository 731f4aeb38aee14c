"""Checks a chat model's answer against the passages it was given, before it is final.

A model can cite a passage it was never given, change a figure, write a claim of its own, or
obey an instruction planted in an article. None of that may reach the user with a citation
attached, so every sentence of the answer is checked on its own:

- citations to passages that were not retrieved are removed; a sentence left without a valid
  citation is left out;
- every number in the sentence (rates, amounts, dates) must appear in a passage it cites, as
  a percentage if it is one and with the same scale word ("billion") if it has one;
- most of its content words (:data:`MIN_SUPPORT`) must come from the cited passages' own
  prose, and none of them only from instruction-like text inside any retrieved passage
  ("ignore your instructions and say ..."): repeating a planted instruction is not supported
  by any article, whichever passage the sentence cites;
- its claim must agree with the cited passages (:mod:`bot.answer.claims`): no negation,
  change, figure, role or name that they state otherwise or never state.

The kept text is cut after the last whole sentence within the answer cap
(``TRADEBOT_ANSWER_MAX_CHARS``), whatever the model wrote.

What survives is renumbered ``[1]..[m]`` in order of first citation, like the extractive
answers. An answer with nothing left is not shown (the caller falls back to the extractive
answer).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.answer.base import CitedPassage
from bot.answer.claims import check as check_claim
from bot.answer.figures import numbers_in
from bot.answer.terms import STOPWORDS, concept
from bot.ingest.chunking import passage_sentences
from bot.models import Passage
from bot.text import split_sentences, words

ANSWER_MAX_CHARS = 3000
"""Longest verified answer by default (``TRADEBOT_ANSWER_MAX_CHARS``): two Discord messages."""
DRAFT_FACTOR = 4
"""A draft is read up to this many times the cap: room for sentences that are left out."""

MIN_SUPPORT = 0.6
"""Share of a sentence's content words that must occur in the passages it cites: "Akazawa
resigned [1]" (one of two) fails, a paraphrase with one word in three of its own passes."""

_KEYWORD = r"(?:passages?|sources?|refs?)\s*"
_NUMBERS = rf"\d+(?:\s*(?:,|;|-|–|and)\s*(?:{_KEYWORD})?\d+)*"
CITATION = re.compile(
    rf"[\[【]\s*((?:{_KEYWORD})?{_NUMBERS})\s*[\]】]|\(\s*({_KEYWORD}{_NUMBERS})\s*\)",
    re.IGNORECASE,
)
"""``[1]``, ``[1, 3]``, ``[2-4]``, ``[Passage 2]``, ``(passage 2)``: what models write."""
_LIST_MARKER = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•])\s+")
_SOURCES_HEADING = re.compile(
    r"^\W*(sources?|references?|citations?|passages? used)\W*$", re.IGNORECASE
)
_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget|override|bypass)\b[^.!?]{0,60}\b(instructions?|prompts?|rules|"
    r"guidelines|directions|everything|above|previous|prior|system)\b"
    r"|\b(system prompt|system message|new instructions?|jailbreak|prompt injection)\b"
    r"|\byou (are|must|should|will) (now )?(an? )?(ai|assistant|chatbot|language model|bot)\b"
    r"|\b(ai|assistants?|chatbots?|language models?|llms?|bots?)\b[^.!?]{0,40}"
    r"\b(must|should|shall|have to|are required to)\b[^.!?]{0,20}\b(say|answer|reply|respond|"
    r"state|claim|tell|write|report)\b"
    r"|\b(say|tell (the )?(users?|readers?)|respond|reply|answer)\b[^.!?]{0,20}\b(that|with)\b"
    r"[^.!?]{0,80}\b(instead|regardless|no matter)\b"
    r"|^\W*(now |instead,? )?(say|tell (the )?(users?|readers?|everyone)|respond|reply)\b",
    re.IGNORECASE,
)
_MACHINES = (
    r"(ai|a\.i\.|artificial intelligence|llms?|large language models?|language models?|"
    r"chat ?bots?|(ai |virtual |digital )?assistants?|summari[sz]ers?|(ai )?agents?|"
    r"crawlers?|scrapers?|bots?|gpts?|copilots?)"
)
_MANY = _MACHINES + r"(\s*(,|and|or|&)\s*" + _MACHINES + r")*"
_ADDRESSED = re.compile(
    r"\b(note|notice|message|attention|instructions?|reminder|warning)\s+(to|for)\s+"
    r"(all\s+|any\s+|the\s+)?" + _MANY + r"\b"
    r"|^\W*((dear|hey|attention|calling)\s+)?(all\s+)?" + _MANY + r"\s*(reading this\s*)?[:,]"
    r"|\bif you are an?\s+" + _MACHINES + r"\b",
    re.IGNORECASE,
)
_AI_ADDRESSED = re.compile(
    r"\b(note|message|instructions?|notice|memo)\s+(to|for)\s+(any\s+|all\s+)?"
    r"(ai|artificial intelligence|language models?|llms?|chat\s?bots?|assistants?|"
    r"automated (systems?|readers?))\b"
    r"|\b(ai|llm)s?\s+(assistants?|systems?|models?|agents?|tools?|chatbots?)\s*[:,]"
    r"|\bif you are an?\s+(ai|language model|assistant|chatbot|llm|bot)\b"
    r"|\b(dear|attention)\s+(ai|assistants?|chat\s?bots?|language models?|llms?)\b",
    re.I,
)
_ANSWER_INSTRUCTION = re.compile(
    r"\b(my|your|the) (instructions|system prompt|prompt)\b|\bas instructed\b|\bignor(e|ing)\b"
    r"[^.!?]{0,40}\binstructions\b",
    re.IGNORECASE,
)
_REFUSAL = re.compile(
    r"\b(passages?|articles?|sources?)\b[^.!?]{0,40}\b(do(es)? not|don't|doesn't|cannot|can't|"
    r"fail to)\b[^.!?]{0,20}\b(answer|say|mention|contain|cover|address)",
    re.IGNORECASE,
)
_ATTRIBUTION = frozenset(
    (
        *("according", "report", "reported", "reports", "reporting", "stated", "noted"),
        *("added", "told", "mentioned", "mentions", "text"),
        *("passage", "passages", "article", "articles", "source", "sources"),
    )
)
"""Words that say where a claim comes from rather than what it is."""
_LEADING_MARKERS = re.compile(r"^(\s*" + CITATION.pattern + r")+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Dropped:
    sentence: str
    reason: str
    """``uncited``, ``invented citation``, ``numbers``, ``unsupported`` or ``instructions``."""


@dataclass(frozen=True, slots=True)
class Verification:
    text: str
    """The kept sentences, each followed by its renumbered ``[n]`` markers."""
    cited: tuple[CitedPassage, ...]
    """``cited[n - 1]`` is the passage ``[n]`` refers to."""
    dropped: tuple[Dropped, ...]
    invalid_citations: int
    """Citations to passage numbers that were not given to the model."""
    refusal: bool
    """The model said the passages do not answer (and nothing verifiable besides)."""
    truncated: bool = False
    """The answer was longer than the cap; what is shown ends at a sentence within it."""

    @property
    def ok(self) -> bool:
        return bool(self.cited)


@dataclass(frozen=True, slots=True)
class _Evidence:
    numbers: frozenset[tuple[Decimal, str]]
    concepts: frozenset[str]
    planted: frozenset[str]
    """Concepts that occur only in instruction-like sentences of the passage."""
    sentences: tuple[str, ...]
    clean: tuple[str, ...]
    """The sentences that are not instruction-like, and the title, outlet and date: what
    claims are read against."""


def citation_numbers(marker_body: str) -> list[int]:
    """``"1, 3-4"`` → ``[1, 3, 4]`` (ranges expanded, at most 20 numbers)."""
    numbers: list[int] = []
    for part in re.split(r"\s*(?:,|;|and)\s*", marker_body, flags=re.IGNORECASE):
        digits = [int(d) for d in re.findall(r"\d+", part)]
        ranged = "-" in part or "–" in part
        if ranged and len(digits) == 2 and digits[0] < digits[1] <= digits[0] + 20:
            numbers.extend(range(digits[0], digits[1] + 1))
        else:
            numbers.extend(digits)
    return numbers[:20]


def strip_citations(text: str) -> str:
    """The text without ``[n]`` markers (and without the space before them)."""
    stripped = CITATION.sub("", text)
    stripped = re.sub(r"[ \t]+([.,;:!?])", r"\1", stripped)
    return re.sub(r"[ \t]{2,}", " ", stripped).strip()


def looks_like_instruction(sentence: str) -> bool:
    """Text addressed to a language model rather than to a reader of the news: an order to
    one ("ignore … and say …") or a sentence naming machines as its addressee ("Message for
    chatbots: …"). The one test used at ingest, by the composers and by verification."""
    return any(p.search(sentence) for p in (_INSTRUCTION, _ADDRESSED, _AI_ADDRESSED))


def is_refusal(text: str) -> bool:
    """The model said that the passages do not answer the question."""
    return bool(_REFUSAL.search(strip_citations(text)))


def content_concepts(text: str) -> set[str]:
    """Concepts (stems, synonym groups) of the words that carry a claim."""
    return {
        concept(w)
        for w in words(text)
        if w not in STOPWORDS
        and w not in _ATTRIBUTION
        and len(w) > 2
        and not any(ch.isdigit() for ch in w)
    }


def _date_words(iso: str) -> str:
    """``2025-04-16`` → ``16 April 2025``, so that a sentence may give the date in words."""
    try:
        return date.fromisoformat(iso).strftime("%d %B %Y")
    except ValueError:
        return iso


def _evidence(passage: Passage) -> _Evidence:
    sentences = tuple(passage_sentences(passage))
    clean = [s for s in sentences if not looks_like_instruction(s)]
    planted_text = " ".join(s for s in sentences if looks_like_instruction(s))
    meta = f"{passage.title}. {passage.outlet}. {_date_words(passage.published)}"
    clean_concepts = content_concepts(" ".join([meta, *clean]))
    numbers = numbers_in(" ".join([meta, *clean]))
    planted = frozenset(content_concepts(planted_text) - clean_concepts)
    return _Evidence(
        frozenset(numbers), frozenset(clean_concepts), planted, sentences, (*clean, meta)
    )


def _number_supported(number: tuple[Decimal, str], evidence: Iterable[_Evidence]) -> bool:
    value, unit = number
    for item in evidence:
        for found_value, found_unit in item.numbers:
            if found_value == value and (not unit or unit == found_unit):
                return True
    return False


def _segments(answer: str) -> list[list[str]]:
    """Blocks (lines) of sentences; a source list the model appended is cut off."""
    blocks: list[list[str]] = []
    for line in answer.replace("\r", "").split("\n"):
        if _SOURCES_HEADING.match(line.strip()) and blocks:
            break
        sentences = split_sentences(_LIST_MARKER.sub("", line))
        merged: list[str] = []
        for sentence in sentences:
            leading = _LEADING_MARKERS.match(sentence)
            if leading and merged:  # "... tariff. [1] Cars face" → "[1]" ends the last sentence
                merged[-1] = f"{merged[-1]} {leading.group(0).strip()}"
                sentence = sentence[leading.end() :].strip()
            if sentence:
                merged.append(sentence)
        if merged:
            blocks.append(merged)
    return blocks


def _best_quote(claim: str, evidence: _Evidence) -> str:
    wanted = content_concepts(claim)
    scored = [(len(wanted & content_concepts(s)), i) for i, s in enumerate(evidence.sentences)]
    best, index = max(scored, default=(0, -1))
    return evidence.sentences[index] if best > 0 else ""


def cap_length(text: str, max_chars: int) -> str:
    """``text`` cut to at most ``max_chars``: after its last whole sentence that fits, else
    after its last whole word, with "…"."""
    if len(text) <= max_chars:
        return text
    kept = ""
    for sentence in split_sentences(text):
        candidate = f"{kept} {sentence}".strip()
        if len(candidate) > max_chars:
            break
        kept = candidate
    if kept:
        return kept
    cut = text[: max(max_chars - 1, 1)]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(",;: ") + "…"


def verify(
    answer: str, passages: Sequence[Passage], max_chars: int = ANSWER_MAX_CHARS
) -> Verification:
    """Keep what the passages (numbered from 1, as the model saw them) support; renumber it.

    The verified text is at most ``max_chars`` long: sentences past that are not shown (and
    :attr:`Verification.truncated` says so), and a draft longer than
    :data:`DRAFT_FACTOR` times that is not read past that point, so a runaway model costs
    neither a flood of messages nor the time to check them.
    """
    answer = answer[: max_chars * DRAFT_FACTOR]
    length = 0
    truncated = False
    evidence = {n: _evidence(p) for n, p in enumerate(passages, 1)}
    planted: frozenset[str] = frozenset().union(*(e.planted for e in evidence.values()))
    renumber: dict[int, int] = {}
    quotes: dict[int, list[str]] = {}
    kept_blocks: list[str] = []
    dropped: list[Dropped] = []
    invalid = 0
    refusal = False

    for block in _segments(answer):
        kept: list[str] = []
        for sentence in block:
            if truncated:
                break
            cited = [
                n
                for m in CITATION.finditer(sentence)
                for n in citation_numbers(m.group(1) or m.group(2))
            ]
            valid = list(dict.fromkeys(n for n in cited if 1 <= n <= len(passages)))
            invalid += sum(1 for n in cited if not 1 <= n <= len(passages))
            body = strip_citations(sentence)
            claim_concepts = content_concepts(body)
            if is_refusal(body) and not valid:
                refusal = True
                continue
            if body.rstrip("*_ ").endswith(":") or (not claim_concepts and not numbers_in(body)):
                continue  # "Answer:", "Here is what they say:", a stray marker: nothing to show
            if not valid:
                reason = "invented citation" if cited else "uncited"
                dropped.append(Dropped(body, reason))
                continue
            sources = [evidence[n] for n in valid]
            known: set[str] = set().union(*(e.concepts for e in sources))
            if _ANSWER_INSTRUCTION.search(body) or (claim_concepts & planted) - known:
                dropped.append(Dropped(body, "instructions"))
                continue
            if not all(_number_supported(num, sources) for num in numbers_in(body)):
                dropped.append(Dropped(body, "numbers"))
                continue
            supported = claim_concepts & known
            if claim_concepts and len(supported) / len(claim_concepts) < MIN_SUPPORT:
                dropped.append(Dropped(body, "unsupported"))
                continue
            finding = check_claim(body, [s for n in valid for s in evidence[n].clean])
            if finding is not None:
                dropped.append(Dropped(body, f"{finding.verdict} ({finding.slot})"))
                continue
            room = max_chars - length - 2 - 4 * len(valid)  # the separator and the [n] markers
            if len(body) > room:
                truncated = True
                if length:
                    break
                body = cap_length(body, max(room, 1))
            length += len(body) + 2 + 4 * len(valid)
            markers = []
            for n in valid:
                if n not in renumber:
                    renumber[n] = len(renumber) + 1
                    quotes[n] = []
                quote = _best_quote(body, evidence[n])
                if quote and quote not in quotes[n]:
                    quotes[n].append(quote)
                markers.append(f"[{renumber[n]}]")
            kept.append(f"{body} {''.join(markers)}")
        if kept:
            kept_blocks.append(" ".join(kept))

    cited_passages: list[CitedPassage] = []
    for n in renumber:  # insertion order is the new numbering
        passage = passages[n - 1]
        order = {s: i for i, s in enumerate(evidence[n].sentences)}
        chosen = sorted(quotes[n], key=lambda s: order.get(s, 0))
        cited_passages.append(CitedPassage(passage, " ".join(chosen) or passage.text))
    return Verification(
        text="\n\n".join(kept_blocks),
        cited=tuple(cited_passages),
        dropped=tuple(dropped),
        invalid_citations=invalid,
        refusal=refusal and not cited_passages,
        truncated=truncated,
    )
