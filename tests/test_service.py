"""The one question path, over a real index of invented articles and the real fact ledger."""

from __future__ import annotations

import re
import shutil

import pytest

from bot.answer.base import Composition
from bot.answer.followup import Turn
from bot.app import App
from bot.models import Answer, ScoredPassage
from tests.conftest import make_settings
from tests.facts.helpers import FICTION

TALKS = """---
title: Avaria presses Zembia in plum talks
outlet: Orchard Post
published: 2031-03-02
---

Avaria wants Zembia to open its grain market, protect Avarian seed patents and stop
subsidising its state fishing fleet, trade minister Mira Oskarsdottir said on Monday.

The talks in Port Elm are the third round this year.
"""


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> App:
    tmp = tmp_path_factory.mktemp("service")
    knowledge = tmp / "knowledge"
    knowledge.mkdir()
    for name in ("india_cars_april.md", "india_cars_july.md", "canada_lumber_duties.md"):
        shutil.copy(FICTION / name, knowledge / name)
    (knowledge / "avaria_talks.md").write_text(TALKS, encoding="utf-8")
    built = App(make_settings(tmp, knowledge))
    built.indexer.reindex(knowledge)
    return built


def test_ledger_facts_join_the_evidence_for_rate_questions(app: App) -> None:
    question = "What is the US tariff on Indian cars?"
    ledger_ids = app.facts.evidence(question, rates=True, people=False)
    assert ledger_ids, "the ledger holds the Indian car rates"
    evidence = [hit.passage.passage_id for hit in app.service.evidence(question)]
    assert set(ledger_ids) <= set(evidence)
    answer = app.service.ask(question)
    assert not answer.refused and "15%" in answer.text


def test_a_question_about_something_else_gets_no_rate_table(app: App) -> None:
    question = "What does Avaria want from Zembia besides tariffs?"
    searched = app.retriever.search(question, app.service.top_k)
    assert app.service.evidence(question) == searched, "no ledger rows for a non-rate question"
    answer = app.service.ask(question)
    assert "%" not in answer.text
    if not answer.refused:
        assert "grain" in answer.text


def test_ask_is_the_last_item_of_ask_stream_and_says_how_it_understood(app: App) -> None:
    history = [Turn("What is the US tariff on Indian cars?", "15% [1]")]
    streamed = list(app.service.ask_stream("and Canadian lumber?", history))
    final = streamed[-1]
    assert isinstance(final, Answer)
    asked = app.service.ask("and Canadian lumber?", history)
    assert (asked.text, asked.standalone) == (final.text, final.standalone)
    assert asked.standalone != "and Canadian lumber?" and "lumber" in asked.standalone
    assert any(note.startswith("Understood as: ") for note in asked.notes)


def test_a_chat_model_receives_the_ledger_passages_too(app: App) -> None:
    seen: list[list[str]] = []

    class Recorder:
        name = "recorder"

        def compose(self, question: str, hits: list[ScoredPassage]) -> Composition:
            seen.append([hit.passage.passage_id for hit in hits])
            return app.extractive.compose(question, hits)

    service = type(app.service)(app.retriever, Recorder(), facts=app.facts)
    question = "What is the US tariff on Indian cars?"
    service.ask(question)
    assert set(app.facts.evidence(question, rates=True, people=False)) <= set(seen[0])


def test_standalone_is_the_question_without_history(app: App) -> None:
    answer = app.service.ask("What is the US tariff on Indian cars?")
    assert answer.standalone == "What is the US tariff on Indian cars?"
    assert not any(n.startswith("Understood as") for n in answer.notes)


def test_a_question_asking_two_things_is_answered_part_by_part(app: App) -> None:
    question = (
        "What does Avaria want Zembia to open its market to, "
        "and what is the US tariff on Indian cars?"
    )
    answer = app.service.ask(question)
    assert not answer.refused
    assert "grain" in answer.text and "15%" in answer.text
    files = {c.source_file for c in answer.citations}
    assert "avaria_talks.md" in files and any("india_cars" in f for f in files)
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert numbers == set(range(1, len(answer.citations) + 1))


def test_a_later_part_speaks_of_the_person_the_message_names(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    search = app.service.evidence
    monkeypatch.setattr(app.service, "evidence", lambda q: asked.append(q) or search(q))
    answer = app.service.ask("Who is Mira Oskarsdottir, and what does she want Zembia to stop?")
    assert "what does Mira Oskarsdottir want Zembia to stop?" in asked
    assert not answer.refused and "fishing fleet" in answer.text
