"""The fact tables as printed on a terminal."""

from __future__ import annotations

from bot.cli.facts_cmd import render_text
from bot.facts.report import FactReport, FactRow


def test_rows_from_articles_cannot_drive_the_terminal() -> None:
    report = FactReport("who")
    report.rows.append(FactRow({}, "Ana Rey \x1b[2J\x1b]0;owned\x07— envoy \u202egnp.exe", 1))
    text = render_text(report)
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert "Ana Rey" in text and "envoy" in text
