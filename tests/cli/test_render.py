"""Terminal output: text from articles and models is printed without escapes or bidi controls."""

from __future__ import annotations

import io

from bot.cli.render import answer_text
from bot.cli.stream import show_streamed
from bot.models import Answer, Citation

HOSTILE = Citation(
    1,
    "Fees \x1b]0;owned\x07rise",
    "Ledger\u202e",
    "https://ledger.example/\x1b[2J",
    "2025-05-02",
    "fees\u2066.md",
    "fees.md#1",
    "q",
)


def test_answer_text_neutralises_controls_from_every_source() -> None:
    answer = Answer(
        "q", "Fees rose \x1b[31m12%\x1b[0m [1].", False, (HOSTILE,), "x", notes=("\x1b[1Anote",)
    )
    printed = answer_text(answer)
    assert "\x1b" not in printed and "\u202e" not in printed and "\u2066" not in printed
    assert "\x07" not in printed
    assert "Fees rose \ufffd[31m12%" in printed and "fees.md" in printed


def test_a_streamed_draft_cannot_drive_the_terminal() -> None:
    answer = Answer("q", "Fees rose 12% [1].", False, (HOSTILE,), "x")
    out = io.StringIO()
    show_streamed(["Draft \x1b[2J", "\x1b]52;c;ZXZpbA==\x07 text", answer], out)
    written = out.getvalue()
    ours = written.replace("\x1b[2m", "").replace("\x1b[0m", "").replace("\x1b[J", "")
    assert "\x1b" not in ours.replace("\r", ""), "only our own dim/reset/erase codes"
