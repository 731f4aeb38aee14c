"""What a sentence inherits: pronouns, interview replies, transcript turns and their speakers."""

from __future__ import annotations

from bot.answer.discourse import TURN, inherited, reads_on, said_by
from bot.answer.terms import concepts
from bot.text import words


def carried(
    sentences: list[str], sims: list[float]
) -> list[tuple[frozenset[str], float, frozenset[str]]]:
    tokens = [words(s) for s in sentences]
    found = [frozenset(concepts(s)) for s in sentences]
    return inherited(sentences, tokens, found, sims)


def test_a_pronoun_sentence_inherits_the_one_before() -> None:
    out = carried(
        ["Avaria taxed plums in May.", "They were taxed under the Orchard Act."], [0.6, 0.2]
    )
    assert out[1][1] == 0.6 and "plum" in out[1][0]
    assert out[0] == (frozenset(), 0.0, frozenset())


def test_every_sentence_of_a_reply_turn_inherits_the_question_and_its_speaker() -> None:
    sentences = [
        "Q (Harbour Post): Minister, what is left of the plum levy?",
        "MINISTER VOS: Two parts.",
        "The first is a base rate.",
        "The second is a surcharge.",
        "Q (Orchard Daily): And pears?",
    ]
    out = carried(sentences, [0.7, 0.1, 0.2, 0.3, 0.4])
    speaker = frozenset(concepts("MINISTER VOS"))
    assert all(out[i][1] == 0.7 and out[i][2] == speaker for i in (1, 2, 3))
    assert out[4][2] == frozenset()  # a reporter's turn speaks for no one quoted
    assert TURN.match(sentences[1]) and not TURN.match("Plums: a short history.")


def test_words_are_someones_when_their_turn_or_an_attribution_says_so() -> None:
    vos = frozenset(concepts("MINISTER VOS"))
    assert said_by("Vos", vos, frozenset(), "Two parts.")
    assert said_by("Vos", frozenset(), vos, "The levy stays, Vos said.")
    assert not said_by("Vos", frozenset(), vos, "Vos met growers on Monday.")


def test_a_sentence_after_a_short_announcing_one_inherits_it() -> None:
    sentences = [
        "Several of Avaria's largest export lines are spared.",
        "Pears, honey and timber are exempt for now.",
        "Some exporters in the north, who had shipped early, said they expected losses.",
        "Orders were cancelled across the region.",
    ]
    out = carried(sentences, [0.5, 0.2, 0.4, 0.1])
    assert out[1][1] == 0.5 and "~exempt" in out[1][0]
    assert out[3][1] == 0.0  # a long sentence with "some" announces nothing


def test_a_sentence_with_figures_or_without_a_quantifier_announces_nothing() -> None:
    out = carried(
        ["Two lines pay 12%.", "Pears pay more.", "The rate doubled.", "Honey too."], [0.5] * 4
    )
    assert out[1] == out[3] == (frozenset(), 0.0, frozenset())


def test_a_possessive_pronoun_goes_on_from_the_sentence_before() -> None:
    out = carried(
        ["Avaria ended the plum talks on Friday.", "Her stated reason was an advert."], [0.7, 0.2]
    )
    assert out[1][1] == 0.7 and "plum" in out[1][0]


def test_a_demonstrative_sentence_goes_on_from_the_sentence_before() -> None:
    out = carried(
        ["Avaria will license plum exports above 5 tonnes.", "That rule applies from 4 May."],
        [0.7, 0.2],
    )
    assert out[1][1] == 0.7 and "plum" in out[1][0]


def test_a_sentence_announcing_its_parts_reads_on() -> None:
    assert reads_on("The plum deal, as both sides described it, has four main parts.")
    assert reads_on("The main points:")
    assert not reads_on("The plum deal has parts that few have read.")


def test_a_table_row_inherits_the_line_above_the_table() -> None:
    out = carried(
        [
            "Recommended plum levy by year (Avarian orchard board).",
            "Year 1 — Dates: 2031 to 2032; Levy: 12%.",
            "Year 2 — Dates: 2032 to 2033; Levy: 11%.",
        ],
        [0.7, 0.3, 0.3],
    )
    assert out[2][1] == 0.7 and "plum" in out[2][0]
