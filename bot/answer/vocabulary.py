"""What the indexed articles use: the weight of a question's words, and the names, figures
and things a question asks about that no article mentions (the composer refuses those).

The document frequency comes from the lexical index, so a word is "used" when some passage of
the live index has it; synonym groups, a country's names and a product's names count as one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from bot.answer.question import Question
from bot.answer.terms import (
    NOT_NAMES,
    PLACE_MARK,
    PRODUCT_MARK,
    STOPWORDS,
    concept,
    label_stems,
    question_concepts,
)
from bot.facts.lexicon import country_of, names_of
from bot.index.lexical import stem
from bot.models import ScoredPassage
from bot.text import words

UNSEEN_WORD_WEIGHT = 1.5
"""Weight of a word no article uses: the asker's own phrasing, neither decisive nor ignored."""


class Vocabulary:
    """The live index's words; ``document_frequency`` takes a stemmed word."""

    def __init__(
        self, document_frequency: Callable[[str], int], corpus_size: Callable[[], int]
    ) -> None:
        self._df = document_frequency
        self._n = corpus_size

    def weight(self, concept_label: str) -> float:
        """IDF of a concept: words every article uses ("Japan", "tariff") count least."""
        if concept_label.startswith((PRODUCT_MARK, PLACE_MARK)):
            df = max((self._df(s) for s in label_stems(concept_label)), default=0)
        elif concept_label.startswith("~"):
            return 1.0  # synonym groups are domain words: neither rare nor noise
        else:
            df = self._df(concept_label)
        if df == 0:
            # A word no article uses is often the asker's own phrasing ("border" for
            # "at customs"): it counts like a mid-frequency word, neither decisive nor ignored.
            return UNSEEN_WORD_WEIGHT
        n = max(self._n(), 1)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def used(self, word: str) -> bool:
        """The articles use ``word``: absent from an answer, it marks another subject (a word
        no article uses is the asker's own phrasing, and proves nothing)."""
        return bool(word) and self._df(stem([word])[0]) > 0

    def known(self, name: str) -> bool:
        """A name of a synonym group is known; a country by any of its names ("Zembian" for
        "Zembia"), and so is its capital speaking for it ("Zembograd's offer")."""
        label = concept(name.lower())
        if not label.startswith(PLACE_MARK):
            if label.startswith("~"):
                return True
            country = country_of(name)
            if country is None:
                return False
            label = PLACE_MARK + country
        if self._label_used(label):
            return True
        return any(  # a name of several words (a two-word country for its demonym), every word used
            len(parts) > 1 and all(self._df(s) > 0 for s in stem(parts))
            for parts in map(words, names_of(label.removeprefix(PLACE_MARK)))
        )

    def unknown_names(self, question: Question) -> list[str]:
        """Names, figures and the nouns the question is about that no passage mentions.

        Words of the wh-phrase are exempt: they describe the answer in the asker's words
        ("which stone fruit"); a constraint outside it ("… on walnuts") must be met.
        """
        unknown = []
        for name in question.names:
            if NOT_NAMES.match(name) or _INITIALS.match(name) or self.known(name):
                continue
            parts = [w for w in words(name) if w not in STOPWORDS and not NOT_NAMES.match(w)]
            missing = [w for w in parts if not self._used_form(w, name)]
            if parts and 2 * len(missing) >= len(parts):  # "Premier Li" of "Li, the premier"
                unknown.append(name)
        spans = {  # "2027-28": the articles may write 2028 out
            short: f"{first[:2]}{short}" for first, short in _YEAR_SPAN.findall(question.text)
        }
        unknown.extend(  # the index splits "3.5" into "3" and "5", as it does the passages
            n
            for n in re.findall(r"\b\d[\d.,]*\b", question.text)
            if any(self._df(part) == 0 for part in re.findall(r"\w+", n))
            and not (n in spans and self._df(spans[n]) > 0)
        )
        levied = question.main in ("rate", "amount") or (  # "did X put duties on honey?"
            question.main == "yesno" and _LEVY in {concept(w) for w in words(question.text)}
        )
        if levied:  # what a rate is on must be in the articles
            unknown.extend(n for n in question.objects if not self._used_goods(n))
        if question.main in ("amount", "money") and not any(  # "how many X" counts X itself
            self._df(stem([w])[0]) > 0 for w in question.counted
        ):
            unknown.extend(question.counted)
        focus = {concept(w) for w in question.focus}
        unknown.extend(  # goods the question names that no article mentions ("… on dairy")
            label
            for label in question_concepts(question.asked or question.text)
            if label.startswith(PRODUCT_MARK) and label not in focus and not self._label_used(label)
        )
        unknown.extend(  # "what is the weather in …": what is asked about, too
            w
            for w in question.defined
            if w not in STOPWORDS
            and not concept(w).startswith("~")
            and not self._used_form(w, question.text)
        )
        return unknown

    def _used_goods(self, word: str) -> bool:
        """Goods the articles name in any of their words ("garments" where they write
        "apparel"), or the word itself."""
        label = concept(word)
        if label.startswith((PRODUCT_MARK, PLACE_MARK)):
            return self._label_used(label)
        return self._df(stem([word])[0]) > 0

    def _label_used(self, label: str) -> bool:
        """Some one-word name of the goods or country ``label`` stands for is in the articles."""
        return any(self._df(s) > 0 for s in label_stems(label))

    def _used_form(self, word: str, name: str) -> bool:
        """``word`` of ``name`` is in the articles, an acronym also in its plural or singular
        ("GPU" where the articles write "GPUs"; the stemmer keeps "gpus" whole)."""
        forms = [word]
        if any(p.isupper() and p.lower() == word for p in re.findall(r"[\w'’-]+", name)):
            forms.append(word[:-1] if word.endswith("s") else f"{word}s")
        return any(self._df(stem([form])[0]) > 0 for form in forms)


_LEVY = concept("tariff")
"""The synonym group of tariffs, duties and levies."""
_INITIALS = re.compile(r"^(?:[A-Z]\.)+[A-Z]?\.?$")
"""A person's initials ("B.V." of "B.V. Lal"): the surname is the name to look for."""
_YEAR_SPAN = re.compile(r"\b((?:19|20)\d\d)[-–/](\d\d)\b")
"""A span of years written short ("2027-28")."""


TRADE_ABBREVIATIONS = {
    "AD": ("anti-dumping", "antidumping"),
    "CVD": ("countervailing",),
    "FTA": ("free trade agreement", "free trade area", "free-trade agreement"),
    "MFN": ("most-favoured", "most favoured", "most-favored", "most favored"),
    "TRQ": ("tariff-rate quota", "tariff rate quota"),
    "SPS": ("sanitary and phytosanitary", "food safety and animal and plant health"),
    "TBT": ("technical barriers to trade",),
    "NTB": ("non-tariff barrier",),
    "FDI": ("foreign direct investment",),
    "EV": ("electric vehicle", "electric car", "electric-vehicle", "electric-car"),
    "LNG": ("liquefied natural gas",),
    "SME": ("small and medium", "small- and medium", "small businesses"),
    "PM": ("prime minister",),
    "Q1": ("first quarter", "first-quarter", "january to march", "january-march"),
    "Q2": ("second quarter", "second-quarter", "april to june", "april-june"),
    "Q3": ("third quarter", "third-quarter", "july to september", "july-september"),
    "Q4": ("fourth quarter", "fourth-quarter", "october to december", "october-december"),
    "H1": ("first half", "first-half"),
    "H2": ("second half", "second-half"),
}
"""Trade policy's usual abbreviations, which articles often never write out as initials."""
_CONNECTORS = ("of", "and", "the", "for")
_PARTICLES = ("bin", "bint", "ibn", "al", "el", "de", "da", "di", "van", "von", "der")
"""Lower-case parts of a person's name, whose initials an acronym may keep ("MBS")."""
_CAPITALISED_RUN = re.compile(
    rf"\b[A-Z][\w'’]*(?:(?:\s+|-)(?:(?:{'|'.join(_CONNECTORS + _PARTICLES)})\s+)?[A-Z][\w'’]*)+"
)


def spelled_out(name: str, hits: Sequence[ScoredPassage]) -> bool:
    """An acronym the articles spell out ("USMCA" for "US-Mexico-Canada Agreement", "KL"
    for "Kuala Lumpur", "CVD" for "countervailing", "EVs" for "electric vehicles"): the
    capitals of a run of capitalised words, an all-capital word counting with each of its
    letters, or a usual expansion; a name of several words when its acronyms are spelled out
    and its other words used."""
    parts = name.split()
    if len(parts) > 1:  # "Port of LA": its acronym spelled out, its other words in the passages
        text = " ".join(h.passage.text for h in hits).lower()
        return any(p.isupper() for p in parts) and all(
            spelled_out(p, hits) if p.isupper() else p.lower() in text for p in parts
        )
    return any(written_in(name, hit.passage.text) for hit in hits)


def written_in(acronym: str, text: str) -> bool:
    """``text`` spells ``acronym`` out: a usual expansion, the capitals of a run of
    capitalised words (an all-capital word counting with each of its letters), or words in
    lower case whose initials spell it and that end in what it names."""
    if len(acronym) > 2 and acronym.endswith("s") and acronym[:-1].isupper():
        acronym = acronym[:-1]  # "EVs", "FTAs": the plural of the acronym
    lowered = text.lower()
    if any(e in lowered for e in TRADE_ABBREVIATIONS.get(acronym, ())):
        return True
    if not (acronym.isupper() and 2 <= len(acronym) <= 6 and acronym.isalpha()):
        return False
    written = _written_out(acronym)
    if written and any(_NAMES_A_THING.search(m.group(0)) for m in written.finditer(text)):
        return True
    for match in _CAPITALISED_RUN.finditer(text):
        parts = [p for p in re.split(r"[\s-]+", match.group(0)) if p not in _CONNECTORS]
        capitals = [p for p in parts if p not in _PARTICLES]
        if acronym in _initials(capitals) or acronym in _initials(parts).upper():
            return True
        if len(acronym) >= _INNER_LETTERS_FROM and _abbreviates(acronym, capitals):
            return True
    return False


_INNER_LETTERS_FROM = 4
"""Acronyms this long may take a letter from inside a word ("ZAFU" for "Zanadian Federal
Union"); shorter ones would match too many runs by chance."""


def _abbreviates(acronym: str, parts: Sequence[str]) -> bool:
    """Some run of ``parts`` spells ``acronym``, each word giving its initial and at most one
    later letter of its own, in order ("ZAFU": Z-A-nadian, Federal, Union)."""
    letters = acronym.upper()

    def spells(at: int, word: int, start: int) -> bool:
        if at == len(letters):
            return word - start >= 2
        if word == len(parts) or not parts[word] or parts[word][0].upper() != letters[at]:
            return False
        if spells(at + 1, word + 1, start):
            return True
        inner = parts[word].upper().find(letters[at + 1], 1) if at + 1 < len(letters) else -1
        return inner > 0 and spells(at + 2, word + 1, start)

    return any(spells(0, first, first) for first in range(len(parts)))


def _initials(parts: Sequence[str]) -> str:
    """The first letter of each word, an all-capital word counting with each of its letters."""
    return "".join(p if p.isupper() else p[0] for p in parts)


_INSTITUTION_NOUNS = (
    "agreements?|partnerships?|commissions?|settlements?|mechanisms?|organi[sz]ations?|acts?|"
    "areas?|zones?|unions?|councils?|committees?|authorit(?:y|ies)|agenc(?:y|ies)|"
    "associations?|federations?|frameworks?|treat(?:y|ies)|pacts?|initiatives?|programmes?|"
    "programs?|schemes?|systems?|regimes?|quotas?|taxe?s?|tariffs?|dut(?:y|ies)|funds?|banks?|"
    "countr(?:y|ies)|nations?|econom(?:y|ies)"
)


@lru_cache(maxsize=256)
def _written_out(acronym: str) -> re.Pattern[str] | None:
    """Words in lower case whose initials spell ``acronym`` ("investor-state dispute
    settlement" for "ISDS", "generalised system of preferences" for "GSP"): articles write
    many such terms out, never as initials. Three letters at least, and (checked by the
    caller) one of the words an institution, agreement or levy, or chance initials would
    match."""
    if len(acronym) < 3:
        return None
    glue = r"(?:[\s-]+(?:of|and|the|for|on)\b)*[\s-]+"
    letters = [f"{letter.lower()}[a-z]*" for letter in acronym]
    return re.compile(r"\b" + glue.join(letters) + r"\b", re.I)


_NAMES_A_THING = re.compile(rf"\b(?:{_INSTITUTION_NOUNS})\b", re.I)
