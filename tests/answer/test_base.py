"""Answers to the parts of one question joined into one answer."""

from __future__ import annotations

from bot.answer.base import CitedPassage, Composition, joined
from bot.models import Passage


def passage(pid: str, text: str) -> Passage:
    return Passage(pid, f"{pid}.md", text, "Title", "Outlet", "", "2031-01-01", f"{pid}.md", 0)


def test_parts_are_renumbered_and_a_sentence_quoted_twice_is_quoted_once() -> None:
    plums = passage("plums", "Avaria taxes plums at 12%. Zembia pays it.")
    pears = passage("pears", "Pears enter free.")
    first = Composition(
        "Avaria taxes plums at 12%. [1]",
        False,
        (CitedPassage(plums, "Avaria taxes plums at 12%."),),
    )
    second = Composition(
        "Pears enter free. [1] Avaria taxes plums at 12%. [2] Zembia pays it. [2]",
        False,
        (
            CitedPassage(pears, "Pears enter free."),
            CitedPassage(plums, "Avaria taxes plums at 12%. Zembia pays it."),
        ),
    )
    both = joined([first, second])
    assert both.text == ("Avaria taxes plums at 12%. [1] Pears enter free. [2] Zembia pays it. [1]")
    assert [c.passage.passage_id for c in both.cited] == ["plums", "pears"]
    assert "Zembia pays it." in both.cited[0].quote
    assert not both.refused
