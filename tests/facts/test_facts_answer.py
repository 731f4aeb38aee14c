"""answer_from_ledger: which questions it takes, how it cites, and when it declines."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.facts import FactLedger, FactSet, answer_from_ledger, extract_facts
from bot.models import Passage
from tests.facts.helpers import SHARED_PAGE, all_fiction, passages_from, shared_passages


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[FactLedger, dict[str, Passage]]:
    passages = all_fiction() + (shared_passages() if SHARED_PAGE.exists() else [])
    ledger = FactLedger(tmp_path_factory.mktemp("facts") / "facts.sqlite3")
    ledger.replace_documents({p.doc_id for p in passages}, extract_facts(passages))
    return ledger, {p.passage_id: p for p in passages}


def ask(corpus: tuple[FactLedger, dict[str, Passage]], question: str) -> str | None:
    ledger, by_id = corpus
    answer = answer_from_ledger(question, ledger, by_id.get)
    if answer is None:
        return None
    # Every marker points at a passage, in order of first use.
    for n, pid in enumerate(answer.passage_ids, start=1):
        assert f"[{n}]" in answer.text
        assert answer.citations[n - 1].passage_id == pid
        assert answer.citations[n - 1].quote in by_id[pid].text
    assert f"[{len(answer.passage_ids) + 1}]" not in answer.text
    return answer.text


@pytest.mark.skipif(not SHARED_PAGE.exists(), reason="shared corpus not mounted")
def test_rate_on_japanese_cars(corpus: tuple[FactLedger, dict[str, Passage]]) -> None:
    text = ask(corpus, "What is the tariff on Japanese cars?")
    assert text == "United States tariff on cars from Japan: 25% (in force) as of 2025-04-16 [1]."


@pytest.mark.skipif(not SHARED_PAGE.exists(), reason="shared corpus not mounted")
def test_country_rates_newest_first_with_pause(
    corpus: tuple[FactLedger, dict[str, Passage]],
) -> None:
    text = ask(corpus, "What tariffs does Japan face?")
    assert text is not None
    lines = text.splitlines()
    assert lines[0].startswith("United States tariff on all goods from Japan: 35% (threatened)")
    assert "24% (paused) as of 2025-04-16" in lines[0]
    assert any("cars from Japan: 25%" in line for line in lines)


@pytest.mark.skipif(not SHARED_PAGE.exists(), reason="shared corpus not mounted")
def test_who_questions(corpus: tuple[FactLedger, dict[str, Passage]]) -> None:
    assert ask(corpus, "Who is Bessent?") == (
        "Scott Bessent: Treasury Secretary (Government of the United States) [1]."
    )
    role = ask(corpus, "What is Akazawa's role?")
    assert role is not None and role.startswith("Ryosei Akazawa: top trade negotiator")
    negotiator = ask(corpus, "Who is Japan's top trade negotiator?")
    assert negotiator is not None and negotiator.startswith("Ryosei Akazawa")
    greer = ask(corpus, "Who is the US trade representative?")
    assert greer is not None and greer.startswith("Jamieson Greer: Trade Representative")
    assert ask(corpus, "Who is Jane Nobody?") is None


@pytest.mark.skipif(not SHARED_PAGE.exists(), reason="shared corpus not mounted")
def test_position_questions(corpus: tuple[FactLedger, dict[str, Passage]]) -> None:
    text = ask(corpus, "What does Japan want?")
    assert text is not None
    assert text.splitlines()[0] == "Stated positions of Japan:"
    assert "exchange rates: Japan has lobbied to keep exchange rate discussions separate" in text
    assert "- agriculture, concessions: Japan is considering buying more American rice" in text
    assert "Shigeru Ishiba (Japan) would not rush to make concessions" in text
    us = ask(corpus, "What is the US position on exchange rates?")
    assert us is not None
    assert us.splitlines()[0] == "Stated positions of United States on exchange rates:"
    assert len(us.splitlines()) == 2 and "pushed for a deal" in us


def test_same_day_sources_that_disagree(tmp_path: Path) -> None:
    one = passages_from(
        "one", ["Korean cars face a 25% tariff, officials said."], {"published": "2025-05-02"}
    )
    two = passages_from(
        "two", ["Korean cars face a 15% tariff, officials said."], {"published": "2025-05-02"}
    )
    ledger = FactLedger(tmp_path / "f.sqlite3")
    ledger.replace_documents(["one", "two"], extract_facts(one + two))
    by_id = {p.passage_id: p for p in one + two}
    answer = answer_from_ledger("How high is the tariff on Korean cars?", ledger, by_id.get)
    assert answer is not None
    assert "sources dated 2025-05-02 disagree: 25% (in force) [1] vs 15% (in force) [2]" in (
        answer.text
    )


def test_declines_other_questions(corpus: tuple[FactLedger, dict[str, Passage]]) -> None:
    assert ask(corpus, "Why do economists dislike tariffs?") is None
    assert ask(corpus, "Summarise the talks.") is None
    assert ask(corpus, "What is the tariff on Brazilian coffee?") is None


def test_declines_when_passages_are_gone(corpus: tuple[FactLedger, dict[str, Passage]]) -> None:
    ledger, _by_id = corpus
    assert (
        answer_from_ledger("What is the tariff on Indian cars?", ledger, lambda _pid: None) is None
    )


def test_empty_ledger(tmp_path: Path) -> None:
    ledger = FactLedger(tmp_path / "empty.sqlite3")
    ledger.replace_documents([], FactSet())
    assert (
        answer_from_ledger("What is the tariff on Japanese cars?", ledger, lambda _p: None) is None
    )


def test_person_with_roles_from_two_articles(tmp_path: Path) -> None:
    april = passages_from(
        "april",
        ["Japan's top trade negotiator, Ryosei Akazawa, flew to Washington."],
        {"published": "2025-04-16"},
    )
    july = passages_from(
        "july",
        ["Economic Revitalization Minister Ryosei Akazawa signed the deal."],
        {"published": "2025-07-23"},
    )
    ledger = FactLedger(tmp_path / "f.sqlite3")
    ledger.replace_documents(["april", "july"], extract_facts(april + july))
    by_id = {p.passage_id: p for p in april + july}
    answer = answer_from_ledger("Who is Akazawa?", ledger, by_id.get)
    assert answer is not None
    assert answer.text == (
        "Ryosei Akazawa: Economic Revitalization Minister (Government of Japan) [1]; "
        "also described as top trade negotiator [2]."
    )
    assert answer.citations[1].quote == april[0].text


def test_undated_source_never_prints_an_empty_date(tmp_path: Path) -> None:
    undated = passages_from("undated", ["Korean cars face a 25% tariff, officials said."], {})
    ledger = FactLedger(tmp_path / "f.sqlite3")
    ledger.replace_documents(["undated"], extract_facts(undated))
    by_id = {p.passage_id: p for p in undated}
    answer = answer_from_ledger("How high is the tariff on Korean cars?", ledger, by_id.get)
    assert answer is not None
    assert "25% (in force) (undated source) [1]" in answer.text
    assert "as of  " not in answer.text and "as of [" not in answer.text
