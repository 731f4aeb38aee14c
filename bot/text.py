"""Sentence splitting and word tokens: the one splitter of ingest, retrieval, answers and checks.

A ground-floor module (it imports nothing of the bot), so the serving side does not import the
ingest package for it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Abbreviations whose trailing period does not end a sentence.
_ABBREVIATIONS = {
    "u.s",
    "u.k",
    "u.n",
    "e.u",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gov",
    "sen",
    "rep",
    "gen",
    "lt",
    "col",
    "st",
    "jr",
    "sr",
    "inc",
    "corp",
    "co",
    "ltd",
    "no",
    "vs",
    "etc",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "approx",
    "est",
}
# Words that start a new sentence even after an abbreviation ("… exports to the U.S. The …").
_SENTENCE_STARTERS = {
    "The",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "But",
    "And",
    "In",
    "On",
    "At",
    "A",
    "An",
    "As",
    "However",
    "Meanwhile",
    "Still",
    "Yet",
    "If",
    "When",
}
# A dotted lower-case abbreviation: "a.m.", "p.m.", "e.g.", "i.e." (one letter per period).
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z0-9]+(?:[.'’][A-Za-z0-9]+)*%?")


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping "U.S." and "14.5%" whole.

    A line break always ends a sentence: a heading line above a paragraph ("Live updates",
    "What operators say") is its own sentence, never the start of the one below it.
    """
    return [sentence for line in text.splitlines() for sentence in _split_line(line)]


def _split_line(text: str) -> list[str]:
    text = " ".join(text.split())
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        candidate = text[start : match.start()].rstrip()
        last_word = candidate.rsplit(" ", 1)[-1].rstrip(".!?\"'”’)]").lower()
        next_word = text[match.end() :].split(" ", 1)[0].strip("\"'“‘([")
        if candidate.endswith(".") and _is_abbreviation(last_word, next_word):
            continue
        # A closing quote belongs to the sentence it ends.
        end = match.end() - len(text[match.start() : match.end()].lstrip("\"'”’)]"))
        sentences.append(text[start:end].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _is_abbreviation(last_word: str, next_word: str) -> bool:
    """Whether the period after ``last_word`` belongs to an abbreviation, not a sentence end.

    A known or dotted abbreviation ("Jan.", "a.m.", a lone initial) never ends a sentence before
    a figure ("at 9 a.m. 14 March", "No. 5"), and ends one before a capital only when the next
    word is a usual sentence opener.
    """
    if not (
        last_word in _ABBREVIATIONS
        or _DOTTED.fullmatch(last_word)
        or (len(last_word) == 1 and last_word.isalpha())
    ):
        return False
    return next_word[:1].isdigit() or next_word not in _SENTENCE_STARTERS


def fold(text: str) -> str:
    """Latin letters without their accents ("Brûlé" → "Brule", "Ćirić" → "Ciric").

    People type names both ways, and a pattern of ASCII letters would cut "Rémy" in two.
    """
    if text.isascii():
        return text
    return _ACCENTED.sub(lambda m: _base_letter(m.group()), text)


_ACCENTED = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff]")
"""Latin letters that may carry accents: curly quotes and dashes are left alone, cheaply."""


@cache
def _base_letter(letter: str) -> str:
    decomposed = unicodedata.normalize("NFKD", letter)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Lower-cased word tokens without accents; "U.S." becomes "us", "24%" stays "24%"."""
    return [w.lower().replace(".", "").replace("’", "'") for w in _WORD.findall(fold(text))]
