"""Question analysis: answer types from the wh-phrase, constraints outside it."""

from __future__ import annotations

import pytest

from bot.answer.question import analyse, parts


@pytest.mark.parametrize(
    ("question", "main"),
    [
        ("Who chairs the Avarian fisheries board?", "person"),
        ("Which economist drafted the plum levy?", "person"),
        ("What job does Mira Oskarsdottir hold?", "role"),
        ("What is the title of Jon Vale?", "role"),
        ("What rate does Avaria charge on Zembian plums?", "rate"),
        ("What is the combined duty on Zembian plums?", "rate"),
        ("How many tonnes of grain did Zembia ship?", "amount"),
        ("How much did Zembia pledge to invest in Avaria?", "money"),
        ("How far did plum prices fall?", "amount"),
        ("When did the plum levy take effect?", "date"),
        ("From what date are pears exempt?", "date"),
        ("Why did Avaria raise the plum levy?", "reason"),
        ("What was the stated reason for the pear quota?", "reason"),
        ("What's the board's justification for the pear quota?", "reason"),
        ("Who's in charge of the plum talks?", "person"),
        ("Who is Mira Oskarsdottir?", "role"),
        ("What's the official name of the Avaria-Zembia plum pact?", "name"),
        ("Over what period will the plum levy fall?", "span"),
        ("who was Jon Vale", "role"),
        ("Who is Jon Vale in all this?", "role"),
        ("Who is the Avarian plum envoy?", "person"),
        ("How is the board justifying the pear quota?", "reason"),
        ("Did Avaria agree to cut the plum levy?", "yesno"),
        ("Which fruits are exempt from the levy?", "list"),
        ("Which duties does Zembia want lifted?", "list"),
        ("Is the pear quota legally binding?", "yesno"),
        ("How did the plum levy compare with the pear levy?", "comparison"),
        ("At which port were the plums seized?", "thing"),
        ("Which trading partner pays the old plum rate?", "place"),
        # "investigations" and "buyer" start like "invest" and "buy": no sum of money is asked
        ("How many plum investigations has Zembia opened?", "amount"),
        ("How many pears can an Avarian buyer import each year?", "amount"),
        ("How long does a Zembian dumping investigation take?", "amount"),
        ("How much did Zembia invest in Avarian orchards?", "money"),
        ("How much did Avaria spend on plums?", "money"),
        # a request asks for what follows it
        ("Name some of the Zembian fruits whose duties were cut", "list"),
        ("Can you list the tiers of the Avarian plum scheme?", "list"),
        ("Name the minister who signed the plum pact", "person"),
        ("Can you tell me who signed the plum pact?", "person"),
        ("Tell me about the plum pact", "thing"),
        ("Can you give me a good plum jam recipe?", "yesno"),
        # how far something moved is a figure
        ("How fast did Zembia's plum exports grow last year?", "amount"),
        ("How hard were Avaria's cider plants running in May?", "amount"),
        # "behind" is a reason only when something is behind something
        ("What is behind the plum levy?", "reason"),
        ("What's behind Zembia's quota?", "reason"),
        ("What levy does the group behind Plumco pay in Avaria?", "rate"),
        # the date or deadline of something, and a cut or proportion of it
        ("What is the date on Zembia's final plum ruling?", "date"),
        ("What was the deadline for comments on the plum proposal?", "date"),
        ("What cut of the plum revenue goes to Avaria's treasury?", "rate"),
        ("What proportion of Zembian plums goes to Avaria?", "rate"),
    ],
)
def test_answer_type(question: str, main: str) -> None:
    assert analyse(question).main == main


def test_a_leading_subordinate_clause_is_not_the_question() -> None:
    q = analyse("When Avaria doubled the plum levy in May, which neighbour kept the old rate?")
    assert q.main != "date"


def test_for_how_long_after_a_first_clause_asks_for_a_span() -> None:
    assert analyse("What levy did Avaria put on plums, and for how long?").types == ("rate", "span")


def test_second_clause_adds_a_type() -> None:
    q = analyse("Which official signed the order, and what is her title?")
    assert q.types == ("person", "role")


def test_constraints_names_figures_and_objects() -> None:
    q = analyse("What tariff did Avaria put on Zembian frozen plums in 2031?")
    assert {"Avaria", "Zembian"} <= set(q.names)
    assert "2031" in q.figures
    assert q.objects == ("plums",)


def test_a_possessive_ends_a_name() -> None:
    assert analyse("What prompted Avaria's December 2031 ban on plums?").names == (
        "Avaria",
        "December",
    )
    assert analyse("What is the AD/CVD rate on Zembian plums?").names[:2] == ("AD", "CVD")


def test_the_first_word_of_a_later_sentence_is_no_name() -> None:
    assert analyse("Which plums are exempt? Give me the main ones.").names == ()
    assert analyse("Which plums are exempt? Ask Ana Ruiz.").names == ("Ana Ruiz",)


def test_a_figure_is_attached_to_its_noun() -> None:
    assert analyse("Why did Zembia accept a 12% quota on pears?").attached == (("12", "quota"),)


def test_wh_questions_presuppose_yes_no_questions_do_not() -> None:
    assert analyse("Why did Avaria scrap the levy?").presupposes
    assert not analyse("Did Avaria scrap the levy?").presupposes


def test_current_is_read_from_the_wording() -> None:
    assert analyse("What rate do plums currently pay?").current
    assert not analyse("What rate did plums pay in 2029?").current


def test_a_leading_reference_to_the_source_is_not_what_is_asked() -> None:
    q = analyse("According to the harbour report, what levy do Zembian pears pay?")
    assert q.asked == "what levy do Zembian pears pay?"
    assert analyse("In 2031, what levy did pears pay?").asked.startswith("In 2031")


def test_the_source_reference_names_no_object() -> None:
    """ "According to the duty table for Zembia" says where to look: a rendered table never
    uses the word "table", so it must not become a constraint the evidence has to meet."""
    q = analyse("According to the duty table for Zembia, what levy do Zembian pears pay?")
    assert "table" not in q.objects
    assert q.objects == ()


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("Do Zembian walnuts have to pay the new rate?", "walnuts"),
        ("Is the big Avarian pear quota in force?", "quota"),
        ("Is the pear quota being lifted?", "quota"),
        ("Did the plum-linked levy rise to 5% in May?", "levy"),
        ("Does the walnut levy cover the pears?", "levy"),
        ("What rate do Zembian walnuts pay?", ""),
    ],
)
def test_a_yes_no_question_names_its_subject(question: str, subject: str) -> None:
    assert analyse(question).subject == subject


def test_negated_words_are_read_past_auxiliaries() -> None:
    assert analyse("Which pears that don't meet the rules pay the levy?").negated == ("meet",)
    assert analyse("Which plums will not be taxed?").negated == ("taxed",)
    assert analyse("Which plums are taxed?").negated == ()


def test_do_the_reports_agree_asks_the_question_of_each_source() -> None:
    q = analyse("Do the two reports agree on how large the Zembian plum quota was in 2030?")
    assert q.types[:2] == ("amount", "comparison")
    assert q.asked == "how large the Zembian plum quota was in 2030?"
    assert "report" not in " ".join(q.constraint_nouns)
    assert analyse("Do Zembian reports of plum prices matter?").types[0] == "yesno"


def test_the_comparison_verb_is_not_something_to_cover() -> None:
    q = analyse("How did the plum levy compare with the pear levy in 2030?")
    assert "comparison" in q.types
    assert "compare" not in q.asked and "plum levy" in q.asked


def test_a_question_for_goods_that_pay_nothing() -> None:
    q = analyse("Which item in the Zembian rate table pays no additional Avarian levy at all?")
    assert q.zero and q.negated == ()
    assert analyse("Which goods enter Avaria duty-free?").zero
    assert analyse("Which Zembian exports escaped the 40% levy?").zero
    assert not analyse("What levy do Zembian pears pay?").zero


def test_agreement_of_sources_is_a_comparison_and_agreeing_to_do_something_is_not() -> None:
    assert "comparison" in analyse("What do pears pay? Do the reports agree on it?").types
    assert "comparison" not in analyse("Did Avaria agree to cut the plum levy?").types


def test_what_a_question_counts_defines_or_ranks() -> None:
    assert analyse("How many tonnes of pears did Zembia buy?").counted == ("pears",)
    assert analyse("How much extra do Zembian pears pay?").counted == ()
    assert "weather" in analyse("What is the weather in Port Elm?").defined
    assert analyse("Which plum levy is in force?").defined == ()
    assert analyse("Which orchard state relies most on pears?").superlative
    assert not analyse("What duty applies to most Zembian pears?").superlative


def test_a_request_without_a_wh_word_names_what_it_asks_for() -> None:
    assert analyse("got a good plum jam recipe that uses Zembian plums?").defined == ("recipe",)
    assert analyse("Any news on the Avarian plum levy?").defined == ("news",)
    assert analyse("Did Avaria cut the plum levy?").defined == ()
    assert analyse("Walk me through how the plum levy rose.").defined == ()


def test_a_wh_word_typed_without_its_apostrophe_is_read_as_one() -> None:
    question = analyse("whats Vos's job in the plum talks?")
    assert question.text.startswith("what is") and question.main == "role"
    assert question.defined == ()


def test_everyday_words_for_now_ask_for_the_present_state() -> None:
    assert analyse("What's the plum levy these days?").current
    assert analyse("As things stand, what do pears pay?").current
    assert not analyse("What did pears pay in 2030?").current


def test_a_message_asking_two_things_has_two_parts() -> None:
    assert parts("When did Avaria sign the pact, and roughly what are its plum exports worth?") == (
        "When did Avaria sign the pact?",
        "roughly what are its plum exports worth?",
    )
    assert parts("Is Zembia still paying 20%? What does Zembia pay now?") == (
        "Is Zembia still paying 20%?",
        "What does Zembia pay now?",
    )


def test_a_question_asking_one_thing_is_one_part() -> None:
    for one in (
        "How much will Zembia invest, and over what period?",
        "How many plums did Avaria buy? I've seen different numbers",
        "What tariffs and quotas apply to plums?",
        "Did Avaria and Zembia agree?",
    ):
        assert parts(one) == (one,)


def test_how_much_duty_asks_for_a_rate_and_a_royalty_is_one() -> None:
    assert analyse("How much duty do Zembian pears pay in Avaria?").main == "rate"
    assert analyse("What royalty does Zembia charge on plum jam?").main == "rate"
    assert analyse("How much tax revenue did Zembia raise?").main == "amount"
    assert analyse("How many duties did Zembia impose?").main == "amount"


def test_a_closing_too_or_as_well_is_not_what_a_duty_is_on() -> None:
    assert analyse("Did the levy change on plums too?").objects == ("plums",)
    assert analyse("Did Avaria put duties on Zembian pears as well?").objects == ("pears",)


def test_a_part_about_the_person_named_needs_one_word_of_its_own() -> None:
    assert parts("Who is Ana Vos and what does she run?") == (
        "Who is Ana Vos?",
        "what does she run?",
    )
    assert len(parts("How much did plums cost, and over what period?")) == 1


def test_a_relative_clause_with_a_pronoun_ends_the_wh_phrase() -> None:
    """ "the latest plum price you have": the price is asked for, not "you"."""
    question = analyse("What's the latest plum price you have?")
    assert (question.main, question.head) == ("money", "price")
    assert analyse("What tariff do you think Zembia pays?").main == "rate"
