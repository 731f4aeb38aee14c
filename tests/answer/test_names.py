"""A name is present in its other forms: stem, synonym group, another name of its country."""

from __future__ import annotations

from bot.answer.names import name_in, recased
from bot.answer.terms import concepts


def test_a_name_in_its_forms() -> None:
    assert name_in("Zembia", concepts("Zembian growers met."))
    assert not name_in("Zembia", concepts("Avarian growers met."))
    assert name_in("Japan", concepts("Officials in Tokyo said so."))
    assert name_in("Japan", set(), frozenset({"Japan"}))


def test_recased_capitalises_only_what_the_articles_write_as_a_name() -> None:
    texts = ["In March the Avarian board, led by Ana Ruiz, met. Officials said the board met."]
    assert recased("who is ana ruiz?", texts) == "who is Ana Ruiz?"
    assert recased("what did officials say?", texts) == "what did officials say?"  # sentence start
    assert recased("what did the board do in march?", texts) == "what did the board do in march?"
