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


def test_either_of_two_counted_heads_will_do() -> None:
    question = analyse("How many firms and orgs did Zembia blacklist in March?")
    assert question.counted == ("firms", "orgs")
    assert vocabulary(VOCAB | {"firm", "blacklist"}).unknown_names(question) == []
    assert vocabulary(VOCAB | {"blacklist"}).unknown_names(question) == ["firms", "orgs"]


def test_an_adverb_is_no_object_nor_what_a_request_asks_for() -> None:
    known = VOCAB | {"pay", "hand"}
    yearly = analyse("How much will Zembia hand over to Avaria annually?")
    assert yearly.objects == () and vocabulary(known).unknown_names(yearly) == []
    freely = analyse("after the new rules can zembian plums be sold freely?")
    assert freely.defined == () and vocabulary(known).unknown_names(freely) == []


def test_initials_a_short_year_span_and_an_acronym_s_plural_are_known() -> None:
    known = VOCAB | {"rao", "said", "2027", "2028", "gpus", "ceil"}
    assert vocabulary(known).unknown_names(analyse("Who is B.V. Rao in Zembia?")) == []
    span = analyse("How much will Zembian plums pay in 2027-28?")
    assert vocabulary(known).unknown_names(span) == []
    assert vocabulary(known - {"2028"}).unknown_names(span) == ["28"]
    assert vocabulary(known).unknown_names(analyse("What is Zembia's GPU ceiling?")) == []


def test_a_colloquial_demonym_names_its_country() -> None:
    known = VOCAB | {"australia", "stay", "visa"}
    question = analyse("How long can Aussies stay in Zembia without a visa?")
    assert vocabulary(known).unknown_names(question) == []


def test_an_acronym_written_out_in_lower_case_or_a_usual_abbreviation_is_spelled_out() -> None:
    hits = hits_of(("It has no investor-state dispute settlement mechanism.", (0.5,)))
    assert spelled_out("ISDS", hits)
    assert not spelled_out("ISDS", hits_of(("Investors said disputes settle slowly.", (0.5,))))
    assert spelled_out("EPA", hits_of(("Their economic partnership agreement lapses.", (0.5,))))
    assert not spelled_out("EPA", hits_of(("Each partner agreed.", (0.5,))))
    assert spelled_out("Q1", hits_of(("First-quarter plum sales rose 9%.", (0.5,))))


def test_a_month_is_when_not_what_nor_a_name_to_find() -> None:
    """Articles date their stories; they need not write the month a question names."""
    known = VOCAB | {"product", "cut", "qco", "duti"}
    counted = analyse("How many products did Zembia cut duties on in November?")
    assert vocabulary(known).unknown_names(counted) == []
    joined = analyse("Does the November QCO cut cover pears?")
    assert vocabulary(known).unknown_names(joined) == []


def test_acronyms_keep_name_particles_and_may_name_their_body_midway() -> None:
    named = hits_of(("Crown Prince Ali bin Zayed met the envoy.", (0.5,)))
    assert spelled_out("ABZ", named)
    written = hits_of(("Zembia's system of plum rebates ends in May.", (0.5,)))
    assert spelled_out("SPR", written)
    assert not spelled_out("PRE", hits_of(("Plums rose early this year.", (0.5,))))


def test_a_yes_no_question_about_goods_no_article_mentions_is_flagged() -> None:
    known = VOCAB | {"duti", "anti", "dump", "slap"}
    honey = analyse("Did Avaria slap anti-dumping duties on Zembian honey?")
    assert vocabulary(known).unknown_names(honey) == ["honey"]
    pears = analyse("Did Avaria slap anti-dumping duties on Zembian pears too?")
    assert vocabulary(known).unknown_names(pears) == []
    purpose = analyse("Has Zembia admitted to pushing its currency down on purpose?")
    assert vocabulary(known).unknown_names(purpose) == []  # "on purpose" is how, not goods


def test_a_long_acronym_may_take_a_letter_from_inside_a_word() -> None:
    """ "ZAFU" for "Zanadian Federal Union", as "EAEU" is written for a Eurasian union."""
    union = hits_of(("Plums from the Zanadian Federal Union pay 5%.", (0.5,)))
    assert spelled_out("ZAFU", union)
    assert not spelled_out("ZAF", union)  # three letters: too many runs would match by chance
    assert not spelled_out("ZAFU", hits_of(("The Federal Union of Zanadia met.", (0.5,))))


def test_an_acronym_of_a_group_of_countries_is_spelled_out_in_lower_case() -> None:
    graduating = hits_of(("Zembia leaves the least developed country group in 2029.", (0.5,)))
    assert spelled_out("LDC", graduating)
    assert not spelled_out("LDC", hits_of(("The last day comes soon.", (0.5,))))


def test_a_demonym_of_a_two_word_country_is_known_by_its_words() -> None:
    known = VOCAB | {"sri", "lanka", "export"}
    question = analyse("How much do Sri Lankan exporters pay in Zembia?")
    assert vocabulary(known).unknown_names(question) == []
    assert vocabulary(known - {"lanka"}).unknown_names(question) == ["Sri Lankan"]


def test_a_country_name_with_an_elided_article_is_one_name() -> None:
    """ "Côte d'Ivoire" where the articles write "Ivory Coast": the same country."""
    question = analyse("What price does Côte d'Ivoire pay growers for plums?")
    assert "Côte d'Ivoire" in question.names
    assert vocabulary(VOCAB | {"ivori", "coast", "price", "grower"}).unknown_names(question) == []


def test_words_placing_the_answer_in_time_need_not_be_in_the_articles() -> None:
    known = VOCAB | {"estim", "figur", "export"}
    assert vocabulary(known).unknown_names(analyse("What's the latest estimate?")) == []
    recent = analyse("What's the most recent annual figure for Zembian exports?")
    assert vocabulary(known).unknown_names(recent) == []
    assert vocabulary(VOCAB).unknown_names(analyse("What's the latest estimate?")) == ["estimate"]


def test_an_acronym_the_question_spells_out_itself_is_no_name_to_find() -> None:
    question = analyse("What is Zembia's levy on plum kernel oil (PKO)?")
    assert "PKO" not in question.names
    assert "ZTA" in analyse("Is the ZTA (Zembian trade pact) signed?").names


def test_goods_a_rate_is_on_are_known_by_any_of_their_names() -> None:
    """ "garments" where the articles write "apparel": the same goods."""
    question = analyse("What tariff applies to garments from Zembia?")
    assert vocabulary(VOCAB | {"apparel", "tariff", "appli"}).unknown_names(question) == []
    assert "garments" in vocabulary(VOCAB | {"tariff", "appli"}).unknown_names(question)
