"""Showing a streamed answer on a terminal: the draft as it arrives, then the verified answer.

The draft is the model's unverified text, so it is printed dimmed and erased once the
verified answer is ready (which may differ: sentences left out, citations renumbered). A
draft too tall to erase stays on screen above a line saying that it was only a draft. The
model's text never reaches the terminal raw: escape sequences and bidirectional controls in
it are neutralised (:func:`bot.textsafe.clean`), so only our own dim/erase codes are sent.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from typing import TextIO

from bot.cli.render import answer_text
from bot.models import Answer
from bot.textsafe import clean

DIM = "\x1b[2m"
RESET = "\x1b[0m"
DRAFT_RULE = "— verified answer (the draft above was not checked) —"


def rows(text: str, width: int) -> int:
    """Terminal rows that ``text`` occupies when printed from the start of a line."""
    width = max(width, 1)
    return sum(max(1, -(-len(line) // width)) for line in text.split("\n"))


def show_streamed(items: Iterable[str | Answer], out: TextIO) -> Answer:
    """Prints draft chunks as they arrive, then replaces them with the final answer."""
    size = shutil.get_terminal_size()
    draft = ""
    answer: Answer | None = None
    try:
        for item in items:
            if isinstance(item, Answer):
                answer = item
                continue
            if not draft:
                out.write(DIM)
            shown = clean(item)
            draft += shown
            out.write(shown)
            out.flush()
    finally:
        if draft:
            out.write(RESET)
            out.flush()
    if answer is None:  # pragma: no cover - the service always ends with an Answer
        raise RuntimeError("no answer")
    if draft:
        height = rows(draft, size.columns)
        if height < size.lines:
            up = f"\x1b[{height - 1}A" if height > 1 else ""
            out.write(f"\r{up}\x1b[J")
        else:
            out.write(f"\n\n{DRAFT_RULE}\n")
    out.write(answer_text(answer) + "\n")
    out.flush()
    return answer
