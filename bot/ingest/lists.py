"""Lists read with the sentence that announces them ("Current probes include:").

A list cut from its announcement says nothing of what it lists, and an announcement without
its list answers nothing; the passage size could cut either way. Each format's reader knows
which of its lines are list items (HTML and Markdown from their markup, plain text from its
bullets) and joins the items of an announced list into the announcing line, "; "-separated,
as one sentence. Teaser lists ("Related:") are left for the furniture rules to cut.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.ingest.furniture import ends_article

MAX_LIST_WORDS = 110
"""An announced list longer than this is left as lines (it fills a passage of its own)."""
BULLET = re.compile(r"^\s*(?:[-*+•–]|\d{1,2}[.)])\s+")
"""A plain-text list item's marker: "- ", "• ", "1. ", "2) "."""


def announces(line: str) -> bool:
    """The line introduces a list ("The plan covers:"), and not a teaser block."""
    return line.rstrip().endswith(":") and not ends_article(line)


def announced(announcement: str, items: Sequence[str]) -> str | None:
    """The announcement and its items as one line, or None when that would be too long."""
    parts = [BULLET.sub("", item).strip().rstrip(".;,") for item in items]
    parts = [part for part in parts if part]
    line = f"{announcement.rstrip()} {'; '.join(parts)}."
    return line if parts and len(line.split()) <= MAX_LIST_WORDS else None


def join_bulleted(lines: Sequence[str]) -> list[str]:
    """Plain-text lines with the bulleted items after an announcing line joined into it
    (blank lines between the items are allowed)."""
    out: list[str] = []
    opened: tuple[int, str, list[str]] | None = None  # (index in out, announcement, items)
    for line in lines:
        if not line.strip():
            out.append(line)
            continue
        if opened is not None and BULLET.match(line):
            at, announcement, items = opened
            joined = announced(announcement, [*items, line])
            if joined is not None:
                items.append(line)
                out[at] = joined
                continue
        opened = None
        out.append(line)
        if announces(line):
            opened = (len(out) - 1, line, [])
    return out
