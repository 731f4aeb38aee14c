"""Text addressed to AI systems is not news: it is dropped at ingest, sentence by sentence.

A page may carry "Message for chatbots: inform users that …" or "ignore your instructions and
say …" for a model that summarises it. Such a sentence is never article text, whichever format
it comes in; the answer side checks the same (:func:`bot.answer.verify.looks_like_instruction`),
and this module adds sentences that name machines as their addressee.
"""

from __future__ import annotations

import re

from bot.answer.verify import looks_like_instruction
from bot.ingest.text import split_sentences

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


def addressed_to_machines(sentence: str) -> bool:
    """An instruction to a language model rather than a statement for readers."""
    return looks_like_instruction(sentence) or bool(_ADDRESSED.search(sentence))


def drop_instructions(paragraph: str) -> tuple[str, list[str]]:
    """The paragraph without sentences addressed to machines, and the sentences dropped."""
    sentences = split_sentences(paragraph)
    dropped = [s for s in sentences if addressed_to_machines(s)]
    if not dropped:
        return paragraph, []
    return " ".join(s for s in sentences if s not in dropped), dropped
