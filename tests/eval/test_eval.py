"""``tradebot eval``: the metrics themselves, and the command over the real index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.app import App
from bot.cli.main import main
from bot.eval.gold import GoldItem
from bot.eval.metrics import METRICS, Outcome, citation_problems, summarise
from bot.eval.run import SYSTEMS, Thresholds, load_thresholds
from bot.models import Answer, Citation, Passage

PASSAGE = "Japan faces a 24% tariff. It is paused for 90 days. Cars pay 25%."
OTHER = "China raised its tariffs to 125%."


def cite(n: int, passage_id: str, quote: str) -> Citation:
    return Citation(n, "t", "o", "u", "2025-04-16", "a.md", passage_id, quote)


def answer(text: str, *citations: Citation, refused: bool = False) -> Answer:
    return Answer("q?", text, refused, citations, "extractive")


def item(answerable: bool = True, docs: tuple[str, ...] = ("a.md",)) -> GoldItem:
    facts = ("24%",) if answerable else ()
    return GoldItem("g", "q?", "direct", answerable, docs if answerable else (), facts)


# --- citation validity -----------------------------------------------------------------------


def passages(**texts: str) -> dict[str, Passage]:
    return {
        pid: Passage(pid, "a.md", text, "t", "o", "u", "2025-04-16", "a.md", 0)
        for pid, text in texts.items()
    }


def test_valid_citations() -> None:
    good = answer(
        "Japan faces a 24% tariff. [1] China raised its tariffs to 125%. [2]",
        cite(1, "p1", "Japan faces a 24% tariff."),
        cite(2, "p2", OTHER),
    )
    assert citation_problems(good, passages(p1=PASSAGE, p2=OTHER)) == []
    both = answer("Cars pay 25%. [1][2]", cite(1, "p1", "Cars pay 25%."), cite(2, "p3", "x"))
    assert citation_problems(both, passages(p1=PASSAGE, p3="Cars pay 25%. x")) == []
    assert citation_problems(answer("No.", refused=True), {}) == []
    restated = answer(
        "Tariff on cars from Japan: 25% as of 2025-04-16 [1]. On all goods: 24% [1].",
        cite(1, "p1", "Cars pay 25%."),
    )
    assert citation_problems(restated, passages(p1=PASSAGE)) == []
    weekday = "Cars pay 25%. (Thursday = 17 April 2025, counted from the article's date) [1]"
    dated = answer(weekday, cite(1, "p1", "Cars pay 25%."))
    assert citation_problems(dated, passages(p1=PASSAGE)) == []  # the day is the article's


@pytest.mark.parametrize(
    ("text", "quote", "problem"),
    [
        ("Japan faces a 24% tariff.", "Japan faces a 24% tariff.", "no [n] marker"),
        ("Japan faces a 30% tariff. [1]", "", "does not contain"),
        ("Tariff on Japan: 30% [1].", "Japan faces a 24% tariff.", "figures ['30%']"),
        ("Japan faces a 24% tariff. [1]", "Japan faces a 30% tariff.", "quote not in"),
        ("Japan faces a 24% tariff. [2]", "Japan faces a 24% tariff.", "has no citation"),
        ("Japan faces a 24% tariff. [1] And more.", "", "uncited text"),
    ],
)
def test_invalid_citations(text: str, quote: str, problem: str) -> None:
    found = citation_problems(answer(text, cite(1, "p1", quote)), passages(p1=PASSAGE))
    assert any(problem in p for p in found), found
    elsewhere = citation_problems(answer(text, cite(1, "p1", quote)), passages(p9=PASSAGE))
    assert elsewhere, "a passage that was not retrieved is never a valid source"


# --- metrics ---------------------------------------------------------------------------------


def outcome(gold: GoldItem, ranking: tuple[str, ...], reply: Answer, ms: float) -> Outcome:
    return Outcome(gold, ranking, reply, (), ms / 1000)


def test_summarise() -> None:
    right = answer("It is 24%. [1]", cite(1, "p1", "x"))
    wrong = answer("It is 30%. [1]", cite(1, "p1", "x"))
    refusal = answer("The indexed articles do not answer this question.", refused=True)
    outcomes = [
        outcome(item(), ("a.md", "b.md"), right, 10),
        outcome(item(), ("b.md", "c.md", "d.md", "e.md", "f.md", "a.md"), wrong, 20),
        outcome(item(answerable=False), ("b.md",), refusal, 30),
        outcome(item(), ("a.md",), refusal, 40),
    ]
    metrics = summarise(outcomes)
    assert set(metrics) == {key for key, _ in METRICS}
    assert metrics["recall_at_1"] == pytest.approx(2 / 3)
    assert metrics["recall_at_5"] == pytest.approx(2 / 3)
    assert metrics["mrr"] == pytest.approx((1 + 1 / 6 + 1) / 3)
    assert metrics["fact_accuracy"] == pytest.approx(1 / 3)
    assert metrics["refusal_precision"] == pytest.approx(1 / 2)
    assert metrics["refusal_recall"] == 1.0
    assert metrics["accuracy"] == pytest.approx(2 / 4)
    assert metrics["latency_p50_ms"] == pytest.approx(25.0)
    never = summarise([outcome(item(answerable=False), (), right, 1)])
    assert never["refusal_precision"] is None and never["refusal_recall"] == 0.0


def test_thresholds() -> None:
    rules = Thresholds({"fact_accuracy": 0.7}, {"latency_p95_ms": 50}, {"accuracy": 1.2})
    ours = {"fact_accuracy": 0.8, "latency_p95_ms": 60.0, "accuracy": 0.6}
    failures = rules.check(ours, {"accuracy": 0.55})
    assert len(failures) == 2
    assert any("latency_p95_ms" in f for f in failures)
    assert any("ratio" in f for f in failures)
    repo = load_thresholds()
    assert repo.minimum["citation_validity"] == 1.0 and repo.min_ratio


# --- the command over the real index -----------------------------------------------------------


@pytest.fixture
def env(built_app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRADEBOT_INDEX_DIR", str(built_app.settings.index_dir))
    monkeypatch.setenv("TRADEBOT_KNOWLEDGE_DIR", str(built_app.settings.knowledge_dir))
    for name in ("TRADEBOT_CHROMA_URL", "TRADEBOT_LLM", "TRADEBOT_EMBEDDINGS", "TRADEBOT_TOP_K"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.slow
def test_eval_json_meets_thresholds(env: None, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["eval", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert report["questions"] >= 60 and report["unanswerable"] >= 10
    assert set(report["systems"]) == set(SYSTEMS)
    for metrics in report["systems"].values():
        assert set(metrics) == {key for key, _ in METRICS}
    assert set(report["ratios"]["hybrid/langchain"]) == {key for key, _ in METRICS}
    assert report["systems"]["langchain"]["refusal_recall"] == 0.0, "the baseline never refuses"
    assert len(report["questions_detail"]["hybrid"]) == report["questions"]
    hybrid = report["systems"]["hybrid"]
    for key, floor in report["thresholds"]["minimum"].items():
        assert hybrid[key] >= floor, (key, report["failures"])
    for key, ceiling in report["thresholds"]["maximum"].items():
        assert hybrid[key] <= ceiling, (key, report["failures"])
    assert report["passed"] is True and report["failures"] == [] and code == 0


def test_eval_exits_non_zero_below_thresholds(
    env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = tmp_path / "set.yaml"
    questions.write_text(
        "- id: q1\n  question: What is the US levy on Japanese cars?\n"
        "  expected_docs: [2025-04-16-japan-us-tariff-talks.md]\n  expected_facts: ['25%']\n"
        "- id: q2\n  question: Who won the 2025 Super Bowl?\n  answerable: false\n",
        encoding="utf-8",
    )
    strict = tmp_path / "strict.yaml"
    strict.write_text("maximum:\n  latency_p95_ms: 0.001\n", encoding="utf-8")
    assert main(["eval", "--set", str(questions), "--thresholds", str(strict)]) == 1
    captured = capsys.readouterr()
    assert "hybrid ÷ langchain" in captured.out and "NOT met" in captured.out
    assert "below threshold: hybrid latency_p95_ms" in captured.err
    assert main(["eval", "--set", str(tmp_path / "missing.yaml")]) == 2
