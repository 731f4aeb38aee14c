"""Lists read with the sentence that announces them ("The new fees cover:").

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


def with_items(announcement: str, items: Sequence[str]) -> list[str]:
    """The lines of an announced list: one when it fits, else the announcement and its items."""
    joined = announced(announcement, items)
    return [joined] if joined else [announcement, *items]


class ListJoiner:
    """Joins, as lines are appended to ``lines``, the items of an announced list into the line
    announcing it (for readers that see their items one line at a time)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self._open: tuple[int, str, list[str]] | None = None  # (index, announcement, items)

    def appended(self) -> None:
        """The last line was appended: it may announce a list."""
        last = self.lines[-1]
        self._open = (len(self.lines) - 1, last, []) if announces(last) else None

    def close(self) -> None:
        """A line that is no item: the list, if any, has ended."""
        self._open = None

    def take(self, item: str) -> bool:
        """Joins ``item`` into the open announcement; False (the list closed) when there is
        none or the list would grow too long."""
        if self._open is None:
            return False
        at, announcement, items = self._open
        joined = announced(announcement, [*items, item])
        if joined is None:
            self._open = None
            return False
        items.append(item)
        self.lines[at] = joined
        return True


def join_bulleted(lines: Sequence[str]) -> list[str]:
    """Plain-text lines with the bulleted items after an announcing line joined into it
    (blank lines between the items are allowed)."""
    out: list[str] = []
    joiner = ListJoiner(out)
    for line in lines:
        if not line.strip():
            out.append(line)
        elif not (BULLET.match(line) and joiner.take(line)):
            out.append(line)
            joiner.appended()
    return out
