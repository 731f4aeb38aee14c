"""A name is present in its other forms: stem, synonym group, another name of its country."""

from __future__ import annotations

from bot.answer.names import name_in
from bot.answer.terms import concepts


def test_a_name_in_its_forms() -> None:
    assert name_in("Zembia", concepts("Zembian growers met."))
    assert not name_in("Zembia", concepts("Avarian growers met."))
    assert name_in("Japan", concepts("Officials in Tokyo said so."))
    assert name_in("Japan", set(), frozenset({"Japan"}))
