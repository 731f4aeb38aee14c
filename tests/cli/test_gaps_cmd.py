"""``tradebot gaps``: refusals recorded by ``ask`` are listed, grouped, without user ids."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import run


def test_refused_questions_are_recorded_and_grouped(tmp_path: Path) -> None:
    index = tmp_path / "index"
    questions = "Who won the 2025 Super Bowl?\nWhich team won the Super Bowl in 2025?\n"
    asked = run(["ask", "--json", "-"], index, stdin=questions)
    assert asked.returncode == 0, asked.stderr
    assert run(["ask", "--json", "What tariffs does Japan face?"], index).returncode == 0

    listed = run(["gaps", "--json"], index)
    assert listed.returncode == 0, listed.stderr
    groups = json.loads(listed.stdout)
    assert [g["count"] for g in groups] == [2], "answered questions are not gaps"
    assert "Super Bowl" in groups[0]["example"]

    text = run(["gaps", "--days", "7"], index)
    assert "    2 × " in text.stdout and "last 7 days" in text.stdout
    bad = run(["gaps", "--days", "0"], index)
    assert bad.returncode == 2 and bad.stderr.startswith("tradebot: --days")
