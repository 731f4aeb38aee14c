from bot.text import fold, split_sentences, words


def test_split_keeps_abbreviations_and_decimals() -> None:
    text = 'Rates rose to 14.5% on Jan. 3. U.S. officials agreed. He said "No." Then left.'
    assert split_sentences(text) == [
        "Rates rose to 14.5% on Jan. 3.",
        "U.S. officials agreed.",
        'He said "No."',
        "Then left.",
    ]


def test_split_after_us_when_a_new_sentence_starts() -> None:
    assert split_sentences("Exports to the U.S. The yen fell.") == [
        "Exports to the U.S.",
        "The yen fell.",
    ]


def test_split_keeps_clock_times_and_dotted_abbreviations_whole() -> None:
    text = (
        "The levy starts at 6 a.m. Central time on Monday, and ports close at 11 p.m. 4 May. "
        "Goods in transit, e.g. Grain, are spared. The ministry agreed."
    )
    assert split_sentences(text) == [
        "The levy starts at 6 a.m. Central time on Monday, and ports close at 11 p.m. 4 May.",
        "Goods in transit, e.g. Grain, are spared.",
        "The ministry agreed.",
    ]


def test_split_after_a_clock_time_when_a_new_sentence_starts() -> None:
    assert split_sentences("Talks ended at 9 p.m. The envoys left.") == [
        "Talks ended at 9 p.m.",
        "The envoys left.",
    ]


def test_split_keeps_an_initial_before_a_figure() -> None:
    assert split_sentences("See item No. 7 and Plan B. 12 firms signed.") == [
        "See item No. 7 and Plan B. 12 firms signed."
    ]


def test_words_normalise() -> None:
    assert words("The U.S. set a 24% tariff") == ["the", "us", "set", "a", "24%", "tariff"]


def test_words_fold_accents_so_a_name_stays_one_word() -> None:
    assert words("Zoë Brûlé-Ćirić met Ångström") == ["zoe", "brule", "ciric", "met", "angstrom"]
    assert fold("naïve café") == "naive cafe"
    assert fold("東京") == "東京"  # no accents to take off
