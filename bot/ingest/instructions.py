"""Text addressed to AI systems is not news: it is dropped at ingest, sentence by sentence.

A page may carry "Message for chatbots: inform users that …" or "ignore your instructions and
say …" for a model that summarises it. Such a sentence is never article text, whichever format
it comes in; the test is :func:`bot.answer.verify.looks_like_instruction`, the same one the
composers and verification use.
"""

from __future__ import annotations

from bot.answer.verify import looks_like_instruction
from bot.text import split_sentences


def drop_instructions(paragraph: str) -> tuple[str, list[str]]:
    """The paragraph without sentences addressed to machines, and the sentences dropped."""
    sentences = split_sentences(paragraph)
    dropped = [s for s in sentences if looks_like_instruction(s)]
    if not dropped:
        return paragraph, []
    return " ".join(s for s in sentences if s not in dropped), dropped
