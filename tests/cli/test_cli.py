"""The command line as users and scripts run it: a real process, real exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.text import split_sentences
from tests.conftest import KNOWLEDGE, ROOT

CITATION_FIELDS = {"n", "title", "outlet", "url", "published", "source_file", "passage_id", "quote"}


def run(
    args: list[str], index: Path, stdin: str | None = None, knowledge: Path = KNOWLEDGE, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "TRADEBOT_INDEX_DIR": str(index),
        "TRADEBOT_KNOWLEDGE_DIR": str(knowledge),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        check=False,
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=300,
    )


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli") / "index"


def test_ask_builds_the_index_first_and_answers_with_sources(index_dir: Path) -> None:
    question = "For how long has the 24% tariff on Japanese exports been paused?"
    result = run(["ask", "--json", question], index_dir)
    assert result.returncode == 0, result.stderr
    assert "No index yet" in result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"question", "answer", "refused", "citations", "backend", "timings_ms"}
    assert data["refused"] is False and "90 days" in data["answer"]
    assert data["backend"] == "extractive"
    assert set(data["timings_ms"]) >= {"retrieve", "compose", "total"}
    citation = data["citations"][0]
    assert set(citation) == CITATION_FIELDS
    assert citation["source_file"] == "2025-04-16-japan-us-tariff-talks.md"
    assert f"[{citation['n']}]" in data["answer"]
    source_text = " ".join((KNOWLEDGE / citation["source_file"]).read_text().split())
    for sentence in split_sentences(citation["quote"]):
        assert sentence in source_text, "quotes are the article's own sentences"


def test_rate_questions_are_answered_with_the_sentence_stating_the_rate(index_dir: Path) -> None:
    data = json.loads(
        run(["ask", "--json", "What is the US levy on Japanese cars?"], index_dir).stdout
    )
    assert data["backend"] == "extractive" and "25%" in data["answer"] and not data["refused"]
    assert data["citations"][0]["source_file"] == "2025-04-16-japan-us-tariff-talks.md"
    assert data["standalone"] == "What is the US levy on Japanese cars?"


def test_ask_text_output(index_dir: Path) -> None:
    result = run(["ask", "Who is Japan's top trade negotiator?"], index_dir)
    assert result.returncode == 0, result.stderr
    assert "Akazawa" in result.stdout and "Sources:" in result.stdout and "[1]" in result.stdout


def test_unanswerable_is_refused_with_closest_sources(index_dir: Path) -> None:
    result = run(["ask", "--json", "Who won the 2025 Super Bowl?"], index_dir)
    data = json.loads(result.stdout)
    assert data["refused"] is True and data["citations"] == []
    assert "do not answer" in data["answer"]
    assert "closest" in data


def test_stdin_mode_one_object_per_line(index_dir: Path) -> None:
    questions = "Who is Kurt Tong?\n\nWhat is the 24% tariff status?\n" + "x" * 1200 + "\n"
    result = run(["ask", "--json", "-"], index_dir, stdin=questions)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3
    assert lines[0]["question"] == "Who is Kurt Tong?" and not lines[0]["refused"]
    assert "error" in lines[2] and "1,000" in lines[2]["error"]
    assert result.returncode == 2, "a bad line makes the exit code non-zero"


def run_bytes(
    args: list[bytes], index: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """``tradebot`` with arguments and input as raw bytes, as a shell may pass them."""
    environment = {**os.environ, "TRADEBOT_INDEX_DIR": str(index)}
    environment["TRADEBOT_KNOWLEDGE_DIR"] = str(KNOWLEDGE)
    return subprocess.run(
        [sys.executable.encode(), b"-m", b"bot", *args],
        input=stdin,
        capture_output=True,
        env=environment,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def test_stdin_lines_that_are_not_utf8_get_their_own_error(index_dir: Path) -> None:
    """Bytes as a broken pipe or a Windows file gives them: CRLF, a BOM, one Latin-1 line."""
    questions = "\ufeffWho is Kurt Tong?\r\n".encode() + b"Caf\xe9 tariffs?\r\n"
    questions += b"What is the 24% tariff status?\r\n"
    result = run_bytes([b"ask", b"--json", b"-"], index_dir, questions)
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [line["question"] for line in lines] == [
        "Who is Kurt Tong?",
        "Caf\ufffd tariffs?",
        "What is the 24% tariff status?",
    ]
    assert "answer" in lines[0] and "answer" in lines[2]
    assert "not valid UTF-8" in lines[1]["error"]
    assert result.returncode == 2 and b"Traceback" not in result.stderr


def test_an_argument_that_is_not_utf8_is_bad_input(index_dir: Path) -> None:
    result = run_bytes([b"ask", b"--json", b"Caf\xe9 tariffs?"], index_dir)
    assert result.returncode == 2
    assert b"not valid UTF-8" in result.stderr and b"Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("question", "message"),
    [("", "empty"), ("   ", "empty"), ("x" * 1001, "1,000"), ("tariff\x07?", "control characters")],
)
def test_bad_questions(index_dir: Path, question: str, message: str) -> None:
    result = run(["ask", question], index_dir)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_knowledge_folder(tmp_path: Path) -> None:
    result = run(["index"], tmp_path / "index", knowledge=tmp_path / "nope")
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_damaged_index(tmp_path: Path) -> None:
    index = tmp_path / "index"
    (index / "chroma").mkdir(parents=True)
    (index / "chroma" / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    result = run(["ask", "Who is Kurt Tong?"], index)
    assert result.returncode == 1
    assert "tradebot index --rebuild" in result.stderr and "Traceback" not in result.stderr


def test_index_reports_counts_and_sources_lists(index_dir: Path) -> None:
    result = run(["index"], index_dir)
    assert result.returncode == 0
    assert "0 added, 0 updated, 0 removed, 6 unchanged" in result.stdout
    listing = run(["sources"], index_dir)
    assert "6 documents" in listing.stdout and "AnewZ" in listing.stdout


def test_sources_json_lists_each_article_with_its_metadata(index_dir: Path) -> None:
    run(["index"], index_dir)
    result = run(["sources", "--json"], index_dir)
    assert result.returncode == 0
    rows = json.loads(result.stdout)
    assert len(rows) == 6
    assert set(rows[0]) == {"source_file", "title", "outlet", "url", "published", "passages"}
    assert [r["published"] for r in rows] == sorted((r["published"] for r in rows), reverse=True)
    assert all(r["passages"] > 0 and r["title"] and r["source_file"].endswith(".md") for r in rows)


def test_chat_keeps_context(index_dir: Path) -> None:
    result = run(
        ["chat"], index_dir, stdin="Who is Japan's top trade negotiator?\nwho is he?\nreset\nquit\n"
    )
    assert result.returncode == 0
    assert result.stdout.count("Akazawa") >= 2
    assert "conversation reset" in result.stdout


def test_an_empty_folder_needs_allow_empty(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "one.md").write_text("# Lumber\n\nFreedonia set a 12% duty on lumber.\n")
    index = tmp_path / "index"
    assert run(["index"], index, knowledge=knowledge).returncode == 0
    (knowledge / "one.md").unlink()
    refused = run(["index"], index, knowledge=knowledge)
    assert refused.returncode == 1 and "--allow-empty" in refused.stderr
    assert "1 documents" in run(["sources"], index, knowledge=knowledge).stdout
    emptied = run(["index", "--allow-empty"], index, knowledge=knowledge)
    assert emptied.returncode == 0 and "1 removed" in emptied.stdout


def _default_settings_env() -> dict[str, str]:
    """The environment of a new user: no TRADEBOT_* settings at all."""
    return {k: v for k, v in os.environ.items() if not k.startswith("TRADEBOT_")}


def test_default_relative_folders_work_from_the_project_folder(tmp_path: Path) -> None:
    """The README's path: relative defaults, run from the folder holding knowledge/."""
    import shutil

    shutil.copytree(KNOWLEDGE, tmp_path / "knowledge")
    for args in (["tariffs", "--country", "Japan", "--json"], ["who", "Akazawa"]):
        result = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            check=False,
            capture_output=True,
            text=True,
            env=_default_settings_env(),
            cwd=tmp_path,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr
    assert (tmp_path / ".tradebot" / "index").is_dir()


def test_run_from_another_folder_says_where_to_point(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "What tariff does Japan face?"],
        check=False,
        capture_output=True,
        text=True,
        env=_default_settings_env(),
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode == 2
    message = result.stderr.strip().splitlines()[-1]
    assert str(tmp_path / "knowledge") in message and "TRADEBOT_KNOWLEDGE_DIR" in message
    assert "Traceback" not in result.stderr
