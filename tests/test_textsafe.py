"""Untrusted text made safe for terminals and Discord."""

from __future__ import annotations

import pytest

from bot.textsafe import BIDI_CONTROLS, clean, for_discord, unlinked


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain text, nothing to do", "plain text, nothing to do"),
        ("red \x1b[31malert\x1b[0m", "red \ufffd[31malert\ufffd[0m"),
        ("title\x1b]0;pwned\x07", "title\ufffd]0;pwned\ufffd"),
        ("csi \x9b2J", "csi \ufffd2J"),
        ("tab\tand\r\nline", "tab\tand\nline"),
        ("price \u202e%05\u202c up", "price %05 up"),
        ("isolate \u2066x\u2069 y", "isolate x y"),
        ("para\u2029graph", "para\ngraph"),
    ],
)
def test_clean_neutralises_escapes_and_direction_controls(raw: str, shown: str) -> None:
    assert clean(raw) == shown
    assert not any(c in BIDI_CONTROLS or c == "\x1b" for c in clean(raw))


def test_masked_links_and_bare_urls_are_not_clickable() -> None:
    text = "See [the official notice](https://evil.example/a?b=1) or https://other.example/x."
    shown = unlinked(text)
    assert shown == (
        "See the official notice (`https://evil.example/a?b=1`) or `https://other.example/x.`"
    )
    assert "](" not in shown


def test_a_url_dressed_as_another_shows_both_as_code() -> None:
    shown = unlinked("[https://bank.example/login](https://evil.example/login)")
    assert shown == "`https://bank.example/login` (`https://evil.example/login`)"


def test_angle_links_code_and_ordinary_brackets() -> None:
    assert unlinked("<https://a.example>") == "`https://a.example`"
    assert (
        unlinked("keep `https://already.example` as is") == "keep `https://already.example` as is"
    )
    assert unlinked("rates rose [1] and [2](sic)") == "rates rose [1] and [2](sic)"
    assert unlinked("a `tick in https://x.example/`q") == "a `tick in https://x.example/`q"


def test_for_discord_does_both() -> None:
    assert for_discord("\u202e[x](https://e.example)") == "x (`https://e.example`)"
