"""Text from articles, file names and models made safe to show on a terminal or in Discord.

Such text is not ours: an article, an uploaded file's name or a model's answer may carry
terminal escape sequences (which can move the cursor, rewrite what is on screen or change the
window title), bidirectional controls (which make text read differently from what it is, the
"Trojan Source" trick) and links dressed up as something else. Everything shown to a person
goes through :func:`clean`; Discord text also through :func:`unlinked`, so that the only
clickable links are the citation links the renderer adds itself.
"""

from __future__ import annotations

import re
import unicodedata

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Unicode's explicit directional formatting characters (UAX #9): never needed in news text."""
KEPT = frozenset("\n\t")

_MASKED_LINK = re.compile(
    r"\[([^\[\]\n]*)\]\(\s*<?([^()\s<>]*[:.][^()\s<>]*)>?(?:\s+\"[^\"]*\")?\s*\)"
)
"""``[label](target)`` whose target looks like an address (has a ``:`` or a ``.``)."""
_URL = re.compile(r"<?\b((?:https?|ftp|steam|discord)://[^\s<>`]+)>?", re.IGNORECASE)


def _neutral(char: str) -> str:
    if char in KEPT:
        return char
    if char in BIDI_CONTROLS:
        return ""
    if char in "\r\x0b\x0c\u2028\u2029\x85":
        return "\n"
    category = unicodedata.category(char)
    if category == "Cc":  # ESC, BEL, backspace, C1 controls such as CSI (U+009B)
        return "\N{REPLACEMENT CHARACTER}"
    return char


def clean(text: str) -> str:
    """``text`` without control characters: escapes and other C0/C1 controls become U+FFFD,
    bidirectional controls are removed, line separators become newlines (tabs are kept)."""
    if text.isprintable():
        return text
    return "".join(_neutral(char) for char in text.replace("\r\n", "\n"))


def _as_code(url: str) -> str:
    """A URL shown as inline code: readable, copyable, never a link."""
    return "`" + url.replace("`", "") + "`"


def unlinked(text: str) -> str:
    """``text`` for Discord with no clickable links: a masked link ``[label](url)`` shows its
    label and then its real address as code; bare and ``<…>`` URLs become code too."""

    def masked(match: re.Match[str]) -> str:
        label = match.group(1).strip()
        label = _URL.sub(lambda m: _as_code(m.group(1)), label)
        return f"{label} ({_as_code(match.group(2))})" if label else _as_code(match.group(2))

    parts = re.split(r"(`[^`\n]*`)", text)  # leave existing inline code alone
    for index in range(0, len(parts), 2):
        part = _MASKED_LINK.sub(masked, parts[index])
        pieces = re.split(r"(`[^`\n]*`)", part)
        for inner in range(0, len(pieces), 2):
            pieces[inner] = _URL.sub(lambda m: _as_code(m.group(1)), pieces[inner])
        parts[index] = "".join(pieces)
    return "".join(parts)


def for_discord(text: str) -> str:
    """Untrusted text for a Discord message or embed: :func:`clean`, then :func:`unlinked`."""
    return unlinked(clean(text))


__all__ = ["BIDI_CONTROLS", "clean", "for_discord", "unlinked"]
