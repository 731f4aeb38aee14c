"""The ledger through the real path: built by the indexer, swapped with generations, used by ask."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.app import App
from bot.cli.main import main
from bot.facts import FactLedger, FactSet
from bot.facts import build as facts_build
from bot.facts import index as facts_index
from bot.models import Passage
from tests.conftest import make_settings
from tests.facts.helpers import FICTION


def _knowledge(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "knowledge"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(FICTION / name, folder / name)
    return folder


def test_superseded_rate_is_answered_newest_first(tmp_path: Path) -> None:
    knowledge = _knowledge(tmp_path, "india_cars_april.md", "india_cars_july.md")
    app = App(make_settings(tmp_path, knowledge))
    app.indexer.reindex(knowledge)
    answer = app.service.ask("What is the US tariff on Indian cars?")
    assert answer.backend == "extractive" and not answer.refused
    assert answer.text.index("15%") < answer.text.index("25%"), answer.text
    assert "as of 2025-07-22" in answer.text.lower()
    newest = answer.citations[0]
    assert newest.source_file == "india_cars_july.md" and newest.published == "2025-07-22"


def test_removed_article_takes_its_facts_along(tmp_path: Path) -> None:
    knowledge = _knowledge(tmp_path, "india_cars_april.md", "canada_lumber_duties.md")
    app = App(make_settings(tmp_path, knowledge))
    app.indexer.reindex(knowledge)
    assert app.facts.ledger().tariffs(country="Canada")
    (knowledge / "canada_lumber_duties.md").unlink()
    report = app.indexer.reindex(knowledge)
    assert report.removed == 1
    assert app.facts.ledger().tariffs(country="Canada") == []
    assert app.facts.ledger().tariffs(country="India")
    kept = {p.stem for p in app.facts_index.root.iterdir()}
    assert app.store.pointer() is not None and app.store.pointer().collection in kept  # type: ignore[union-attr]
    assert len(kept) <= 2, "ledgers of pruned generations are deleted"


def test_ledger_is_rebuilt_where_missing(tmp_path: Path) -> None:
    knowledge = _knowledge(tmp_path, "india_cars_april.md")
    app = App(make_settings(tmp_path, knowledge))
    app.indexer.reindex(knowledge)
    shutil.rmtree(app.facts_index.root)
    assert App(make_settings(tmp_path, knowledge)).facts.ledger().tariffs(country="India")


def test_an_abandoned_build_leaves_no_ledger(tmp_path: Path) -> None:
    """A reindex that failed elsewhere stops the ledger build at its next step."""
    knowledge = _knowledge(tmp_path, "india_cars_april.md")
    app = App(make_settings(tmp_path, knowledge))
    app.indexer.reindex(knowledge)
    index = facts_index.FactsIndex(tmp_path / "other")
    index.build("g-abandoned", app.retriever.passages(), None, set(), should_stop=lambda: True)
    assert not index.path("g-abandoned").exists()
    assert list(index.root.iterdir()) == []


def _make_old(ledger: Path) -> None:
    """As if written by an older tradebot: another schema version (and no measures, so that
    reusing it would show)."""
    with contextlib.closing(sqlite3.connect(ledger)) as conn:
        conn.execute("DELETE FROM measures")
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
        conn.commit()


def test_a_ledger_of_another_schema_version_is_rebuilt_not_reused(tmp_path: Path) -> None:
    """An upgrade: ledgers written by an older tradebot are neither read nor copied forward."""
    knowledge = _knowledge(tmp_path, "india_cars_april.md")
    app = App(make_settings(tmp_path, knowledge))
    app.indexer.reindex(knowledge)
    path = app.facts.ledger().path
    _make_old(path)
    assert not FactLedger.is_current(path)
    reopened = App(make_settings(tmp_path, knowledge))
    assert reopened.facts.ledger().tariffs(country="India"), "rebuilt from the passages"
    assert FactLedger.is_current(path)
    shutil.copy(FICTION / "india_cars_july.md", knowledge / "india_cars_july.md")
    _make_old(path)
    reopened.indexer.reindex(knowledge)  # would copy the previous ledger, were it current
    assert len({m.doc_id for m in reopened.facts.ledger().tariffs(country="India")}) == 2


def test_a_reader_catches_up_from_its_previous_ledger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process reindexed: this one extracts only the articles that changed."""
    knowledge = _knowledge(tmp_path, "india_cars_april.md", "canada_lumber_duties.md")
    app = App(make_settings(tmp_path, knowledge))
    app.indexer.reindex(knowledge)
    first = app.facts.ledger().path
    shutil.copy(FICTION / "india_cars_july.md", knowledge / "india_cars_july.md")
    (knowledge / "canada_lumber_duties.md").unlink()
    app.indexer.reindex(knowledge)
    # A reader elsewhere has only the first generation's ledger.
    reader_dir = tmp_path / "reader"
    (reader_dir / "facts").mkdir(parents=True)
    shutil.copy(first, reader_dir / "facts" / first.name)
    extracted: list[str] = []
    real = facts_build.extract_facts

    def spy(passages: list[Passage]) -> FactSet:
        extracted.extend(sorted({p.doc_id for p in passages}))
        return real(passages)

    monkeypatch.setattr(facts_build, "extract_facts", spy)
    reader = facts_index.FactsIndex(reader_dir)
    ledger = reader.ledger(app.store.pointer().collection, app.retriever.passages)  # type: ignore[union-attr]
    assert extracted == ["india_cars_july.md"], "unchanged articles are not re-extracted"
    assert ledger.tariffs(country="Canada") == [], "the removed article's facts are gone"
    assert sorted(m.rate_percent or 0 for m in ledger.tariffs(country="India")) == sorted(
        m.rate_percent or 0 for m in app.facts.ledger().tariffs(country="India")
    )


def test_an_article_the_extractor_fails_on_keeps_no_other_article_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A page shaped as no test foresaw: its facts are skipped with a warning, the rest of
    the index (its passages included) is built and answers."""
    knowledge = _knowledge(tmp_path, "india_cars_april.md", "canada_lumber_duties.md")
    real = facts_build.extract_facts

    def brittle(passages: list[Passage]) -> FactSet:
        if any(p.doc_id == "canada_lumber_duties.md" for p in passages):
            raise IndexError("list index out of range")
        return real(passages)

    monkeypatch.setattr(facts_build, "extract_facts", brittle)
    app = App(make_settings(tmp_path, knowledge))
    report = app.indexer.reindex(knowledge)
    assert report.added == 2
    assert app.facts.ledger().tariffs(country="India"), "the other article's facts are kept"
    assert app.facts.ledger().tariffs(country="Canada") == []
    assert "canada_lumber_duties.md" in caplog.text and "IndexError" in caplog.text
    answer = app.service.ask("What duty does Canadian lumber pay?")
    found = {c.source_file for c in (*answer.citations, *answer.closest)}
    assert "canada_lumber_duties.md" in found, "its passages are indexed all the same"


def test_questions_that_are_not_about_facts_go_to_retrieval(built_app: App) -> None:
    answer = built_app.service.ask(
        "Besides tariffs, which issues does the US want included in a deal with Japan?"
    )
    assert answer.backend != "facts"
    named = built_app.service.ask("What tariff rate does the US apply to Chinese goods?")
    assert named.backend != "facts", "rows for 'all countries' do not answer about China"


def test_cli_fact_commands(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    knowledge = _knowledge(tmp_path, "india_cars_april.md", "india_cars_july.md")
    monkeypatch.setenv("TRADEBOT_KNOWLEDGE_DIR", str(knowledge))
    monkeypatch.setenv("TRADEBOT_INDEX_DIR", str(tmp_path / "index"))
    assert main(["tariffs", "--country", "India", "--product", "cars", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["rate_percent"] for r in rows][:2] == [15.0, 25.0]
    assert rows[0]["citation"]["source_file"] == "india_cars_july.md"
    assert set(rows[0]["citation"]) >= {"n", "title", "outlet", "url", "published", "quote"}
    for command in (["who", "--json"], ["positions", "--json"], ["timeline", "--json"]):
        assert main(command) == 0
        assert isinstance(json.loads(capsys.readouterr().out), list)
    assert main(["tariffs"]) == 0
    text = capsys.readouterr().out
    assert "15%" in text and "Sources:" in text and "[1]" in text
