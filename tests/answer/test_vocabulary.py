"""What the articles use: term weights, and what a question asks about that no article has."""

from __future__ import annotations

from bot.answer.question import analyse
from bot.answer.vocabulary import Vocabulary, spelled_out
from tests.answer.test_extractive import hits_of

VOCAB = {"plum", "avaria", "zembia", "zembian", "levi", "pear"}


def vocabulary(words: set[str]) -> Vocabulary:
    return Vocabulary(lambda stem: 1 if stem in words else 0, lambda: 10)


def test_what_how_many_counts_must_be_in_the_articles_itself() -> None:
    known = VOCAB | {"rice", "tonn", "buy", "agre", "million"}
    soybeans = analyse("How many soybeans did Zembia agree to buy?")  # rice is not soybeans
    assert vocabulary(known).unknown_names(soybeans) == ["soybeans"]
    extra = analyse("How much extra do Zembian pears pay?")
    assert vocabulary(known).unknown_names(extra) == []
    assert analyse("How many crates a year will the plant fill?").counted == ("crates",)
    assert analyse("How much plum jam did Zembia sell?").counted == ("jam",)
    share = analyse("How much of Zembia's rice deal goes to Avaria?")
    assert vocabulary(known).unknown_names(share) == []


def test_a_word_no_article_uses_weighs_like_a_mid_frequency_one() -> None:
    built = vocabulary({"plum"})
    assert built.weight("pear") == 1.5 and built.weight("~tariff") == 1.0
    assert built.weight("plum") > 1.5  # used by one passage of ten: rare, so decisive


def test_goods_the_question_names_must_be_in_the_articles() -> None:
    known = VOCAB | {"deal", "open", "market", "beef", "wine"}
    dairy = analyse("Does the Zembia deal open Avaria's dairy market to Zembian pears?")
    assert vocabulary(known).unknown_names(dairy) == ["~goods:dairy"]
    beef = analyse("Does the Zembia deal open Avaria's beef market to Zembian pears?")
    assert vocabulary(known).unknown_names(beef) == []
    asked = analyse("Which wine or dairy goods does the Zembia deal open?")  # the answer's words
    assert vocabulary(known).unknown_names(asked) == []


def test_a_usual_trade_abbreviation_is_spelled_out_by_its_expansion() -> None:
    passage = hits_of(("Avaria set anti-dumping and countervailing duties on plums.", (0.5,)))
    assert spelled_out("AD", passage) and spelled_out("CVD", passage)
    assert not spelled_out("MFN", passage)


def test_a_plural_acronym_is_spelled_out_like_its_singular() -> None:
    passage = hits_of(("Avaria taxes electric vehicles and Free Trade Areas alike.", (0.5,)))
    assert spelled_out("EVs", passage) and spelled_out("FTAs", passage)
    assert not spelled_out("SMEs", passage)


def test_a_decimal_is_known_when_its_parts_are() -> None:
    """The index splits "3.5" as it splits every word on its full stop."""
    built = vocabulary(VOCAB | {"3", "5", "deal"})
    assert built.unknown_names(analyse("What does the 3.5 deal give Zembia?")) == []
    assert built.unknown_names(analyse("What does the 4.5 deal give Zembia?")) == ["4.5"]


def test_in_force_is_no_military_force() -> None:
    from bot.answer.terms import concept

    assert concept("force") != concept("troops")


def test_what_a_request_asks_for_must_be_in_the_articles() -> None:
    known = VOCAB | {"good", "news"}
    recipe = analyse("got a good recipe for Zembian plums?")
    assert vocabulary(known).unknown_names(recipe) == ["recipe"]
    assert vocabulary(known).unknown_names(analyse("Any news on Zembian plums?")) == []


def test_a_name_of_several_words_is_spelled_out_when_its_acronym_is() -> None:
    passage = hits_of(("The Port of Zembia City handled fewer plum crates in May.", (0.5,)))
    assert spelled_out("Port of ZC", passage)
    assert not spelled_out("Harbour of ZC", passage)  # "harbour" is in no passage
    assert not spelled_out("Port Zembia", passage)  # no acronym to spell out
