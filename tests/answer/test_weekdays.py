"""The calendar day a relative day of news copy means, counted from the article's date."""

from __future__ import annotations

from bot.answer.weekdays import resolve


def test_a_past_weekday_is_the_last_one_on_or_before_the_articles_date() -> None:
    assert resolve("Avaria lifted the levy on Thursday.", "2031-05-16") == "Thursday = 15 May 2031"
    assert resolve("Friday's talks ended late.", "2031-05-16") == "Friday = 16 May 2031"


def test_a_weekday_after_a_future_verb_is_the_next_one() -> None:
    assert resolve("Talks will resume on Monday.", "2031-05-16") == "Monday = 19 May 2031"
    assert (
        resolve("They met on Monday; the cut will follow.", "2031-05-16") == "Monday = 12 May 2031"
    )


def test_yesterday_and_tomorrow_count_from_the_date() -> None:
    assert resolve("Plum prices fell yesterday.", "2031-05-01") == "yesterday = 30 April 2031"


def test_today_is_the_articles_date() -> None:
    """ "The levy takes effect today": the reader needs the day the article was written."""
    assert resolve("The pear levy takes effect today.", "2031-05-01") == "today = 1 May 2031"
    assert resolve("Today the pear pact enters into force.", "2031-05-01") == "Today = 1 May 2031"
    assert resolve("Ministers meet tonight in Avaria.", "2031-05-01") == "tonight = 1 May 2031"
    assert resolve("The levy applies today.", "2031-03-07") == "today = 7 March 2031"


def test_nothing_to_resolve() -> None:
    assert resolve("The plum levy began on Monday, 7 June.", "2031-06-09") == ""
    assert resolve("The levy took effect on Thursday.", "") == ""


def test_a_calendar_day_of_another_event_does_not_date_the_weekday() -> None:
    sentence = "The plum levy took effect on Thursday, under a decree Avaria signed on 2 May."
    assert resolve(sentence, "2031-05-16") == "Thursday = 15 May 2031"
    assert resolve("The levy began on 7 June (a Monday).", "2031-06-09") == ""
