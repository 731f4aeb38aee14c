"""Question analysis shared by the extractive composer and the answerability check.

Words are stemmed like the BM25 index and folded into small synonym groups of the trade
domain, so "automobiles" meets "cars" and "levy" meets "tariff" without a model.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from bot.facts.lexicon import COUNTRY_NAMES, PRODUCTS, names_of
from bot.index.lexical import stem
from bot.text import words

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "doing",
        "have",
        "has",
        "had",
        "having",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "much",
        "many",
        "any",
        "some",
        "all",
        "each",
        "every",
        "no",
        "not",
        "nor",
        "only",
        "own",
        "same",
        "so",
        "than",
        "too",
        "very",
        "can",
        "could",
        "will",
        "would",
        "shall",
        "should",
        "may",
        "might",
        "must",
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "they",
        "them",
        "their",
        "about",
        "into",
        "over",
        "under",
        "again",
        "further",
        "then",
        "once",
        "also",
        "just",
        "up",
        "down",
        "out",
        "off",
        "s",
        "t",
        "don't",
        "isn't",
        "tell",
        "me",
        "please",
        "say",
        "said",
        "says",
        "know",
        "explain",
        "describe",
        "according",
        "give",
        "list",
        "show",
        "mention",
        "mentioned",
        "currently",
        "current",
        "now",
        "yet",
        "still",
        "get",
        "got",
        "go",
        "going",
    ]
) | frozenset(
    # Function words of the standard English list (scikit-learn's): quantifiers, adverbs and
    # pronouns that say nothing of what a sentence is about ("almost everyone else").
    [
        "above",
        "across",
        "afterwards",
        "almost",
        "alone",
        "along",
        "already",
        "although",
        "always",
        "am",
        "among",
        "amongst",
        "another",
        "anyhow",
        "anyone",
        "anything",
        "anyway",
        "anywhere",
        "around",
        "became",
        "because",
        "become",
        "becomes",
        "becoming",
        "beforehand",
        "behind",
        "below",
        "beside",
        "besides",
        "beyond",
        "cannot",
        "either",
        "else",
        "elsewhere",
        "enough",
        "etc",
        "even",
        "ever",
        "everyone",
        "everything",
        "everywhere",
        "hence",
        "hers",
        "herself",
        "himself",
        "however",
        "indeed",
        "itself",
        "meanwhile",
        "mine",
        "moreover",
        "myself",
        "namely",
        "nevertheless",
        "often",
        "onto",
        "others",
        "otherwise",
        "ours",
        "ourselves",
        "perhaps",
        "rather",
        "seem",
        "seemed",
        "seeming",
        "seems",
        "somehow",
        "someone",
        "something",
        "sometime",
        "sometimes",
        "somewhere",
        "such",
        "themselves",
        "thence",
        "thereafter",
        "thereby",
        "therefore",
        "therein",
        "thereupon",
        "though",
        "throughout",
        "thus",
        "together",
        "toward",
        "towards",
        "upon",
        "whatever",
        "whence",
        "whenever",
        "whereas",
        "whereby",
        "wherein",
        "whereupon",
        "wherever",
        "whether",
        "whoever",
        "yours",
        "yourself",
        "yourselves",
    ]
)

# Words that ask rather than inform; they say nothing about which passage answers.
QUESTION_NOISE = frozenset(
    [
        "happen",
        "happened",
        "happening",
        "thing",
        "things",
        "stand",
        "position",
        "role",
        "title",
        "job",
        "kind",
        "type",
        "sort",
    ]
)

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_NAME = re.compile(rf"^({'|'.join(MONTHS)})[a-z]*$", re.I)
NOT_NAMES = re.compile(
    rf"{MONTH_NAME.pattern}|^(mon|tues|wednes|thurs|fri|satur|sun)day$",
    re.I,
)
"""Month and weekday names: dates, not names of people, places or bodies."""


_SYNONYMS: tuple[tuple[str, ...], ...] = (
    (
        "car",
        "cars",
        "automobile",
        "automobiles",
        "auto",
        "autos",
        "vehicle",
        "vehicles",
        "automotive",
    ),
    ("tariff", "tariffs", "duty", "duties", "levy", "levies", "rate", "rates"),
    (
        "talk",
        "talks",
        "negotiation",
        "negotiations",
        "negotiate",
        "negotiating",
        "discussion",
        "discussions",
        "meeting",
        "round",
    ),
    ("negotiator", "envoy", "representative"),
    ("currency", "currencies", "exchange", "yen", "fx", "forex", "manipulate", "manipulation"),
    ("countermeasure", "countermeasures", "retaliate", "retaliation", "retaliatory", "counter"),
    (
        "exempt",
        "exempted",
        "exemption",
        "exemptions",
        "escape",
        "escaped",
        "escapes",
        "spared",
        "excluded",
        "exclusion",
        "exclusions",
        "carve-out",
        "carve-outs",
    ),
    ("pause", "paused", "suspend", "suspended", "suspension", "halt", "halted", "delay", "delayed"),
    ("concession", "concessions", "compromise", "compromises", "give"),
    ("military", "troops", "troop", "defence", "defense", "army", "soldiers", "bases"),
    ("investment", "investments", "invest", "investing", "pledge"),
    ("gas", "lng", "energy"),
    ("japan", "japanese", "tokyo"),
    ("us", "u.s", "usa", "america", "american", "americans", "washington", "united", "states"),
    ("china", "chinese", "beijing"),
    ("korea", "korean"),
    ("vietnam", "vietnamese"),
    ("leader", "premier", "prime", "minister", "president", "head"),
    ("treasury", "finance"),
    ("universal", "baseline", "blanket", "across-the-board"),
    ("reciprocal", "retaliatory"),
    ("percent", "%"),
    ("rice", "soybean", "soybeans", "agriculture", "agricultural", "farm", "crops"),
    ("deficit", "imbalance"),
    ("barrier", "barriers", "non-tariff", "obstacles"),
    ("social", "post", "posted", "truth"),
)


@cache
def _group_of() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for group in _SYNONYMS:
        label = "~" + group[0]
        for word in group:
            for key in {word, *stem([word])}:
                mapping.setdefault(key, label)
    for country in sorted(COUNTRY_NAMES):  # "Indian" exports are India's: one concept a country
        label = PLACE_MARK + country
        for alias in names_of(country):
            if len(parts := words(alias)) == 1:
                for key in {parts[0], *stem(parts)}:
                    mapping.setdefault(key, label)
    for canonical, forms in PRODUCTS:  # the fact ledger's product names: one lexicon for both
        for form in forms:
            if " " not in form:
                for key in {form, *stem([form])}:
                    mapping.setdefault(key, PRODUCT_MARK + canonical)
    return mapping


PRODUCT_MARK = "~goods:"
"""Label prefix of a product's names: unlike the other groups, a product is as rare as its
most common form (a question about copper is decided by copper)."""
PLACE_MARK = "~place:"
"""Label prefix of a country's one-word names and demonyms, weighed like a product's."""


@cache
def label_stems(label: str) -> tuple[str, ...]:
    """The stems of every one-word name of the product or country ``label`` stands for."""
    if label.startswith(PLACE_MARK):
        names = [words(alias) for alias in names_of(label.removeprefix(PLACE_MARK))]
        return tuple(dict.fromkeys(stem(parts)[0] for parts in names if len(parts) == 1))
    canonical = label.removeprefix(PRODUCT_MARK)
    forms = next((f for c, f in PRODUCTS if c == canonical), ())
    return tuple(dict.fromkeys(stem([form])[0] for form in forms if " " not in form))


@lru_cache(maxsize=65536)
def concept(word: str) -> str:
    """The synonym group of a word, or its stem."""
    groups = _group_of()
    if word in groups:
        return groups[word]
    stemmed = stem([word])[0]
    return groups.get(stemmed, stemmed)


def concepts(text: str) -> set[str]:
    return {concept(w) for w in words(text) if w not in STOPWORDS}


def question_concepts(question: str) -> list[str]:
    """Content concepts of a question, in order, without repeats."""
    seen: dict[str, None] = {}
    for word in words(question):
        base = re.split(r"['’]", word)[0]  # "he'd", "they'll": the pronoun's contractions
        if (
            word in STOPWORDS
            or word in QUESTION_NOISE
            or len(word) < 2
            or (base != word and base in STOPWORDS)
        ):
            continue
        seen.setdefault(concept(word), None)
    return list(seen)


_PROPER = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+(?:[A-Z][a-z]+)*|[A-Z]{2,})\b")


def proper_nouns(question: str) -> list[str]:
    """Capitalised words that are not the first word: names of people, places, organisations."""
    found = [m.group(1) for m in _PROPER.finditer(question.strip())]
    return [w for w in found if w.lower() not in STOPWORDS]
