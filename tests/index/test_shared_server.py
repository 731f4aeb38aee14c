"""Several bot processes on one Chroma server: one reindexes at a time, the others keep answering.

Every process here is a real ``tradebot`` (or a real Python process taking the real writer
lease), each with its own local folder as if on its own machine; they share only the server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from tests.conftest import ROOT, chroma_server_at

KNOWN = "What is the US levy on Japanese cars?"
NEW = "What tariff did Freedonia impose on marmalade?"
NEW_FILE = "2025-05-02-freedonia-marmalade.md"
ARTICLE = """---
title: "Freedonia sets a tariff on imported marmalade"
outlet: "Test Wire"
url: "https://example.invalid/freedonia"
published: "2025-05-02"
---

Freedonia imposed a {rate} tariff on imported marmalade on Friday, its trade minister Rufus
Firefly told reporters, saying the levy would protect the country's orange growers.

The marmalade tariff takes effect next month and will be reviewed after one year, according
to a statement from the Freedonian trade ministry.
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Chroma server of this module's own, so that no other test's index is in the way."""
    yield from chroma_server_at(tmp_path_factory.mktemp("shared-server"))


def env_for(machine: Path, knowledge: Path, server: str, **extra: str) -> dict[str, str]:
    """The environment of a process on its own "machine" (local folder) sharing ``server``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRADEBOT_", "DISCORD_"))}
    return {
        **env,
        "TRADEBOT_INDEX_DIR": str(machine / "index"),
        "TRADEBOT_KNOWLEDGE_DIR": str(knowledge),
        "TRADEBOT_CHROMA_URL": server,
        **extra,
    }


def tradebot(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def index_into(results: list[subprocess.CompletedProcess[str]], env: dict[str, str]) -> None:
    results.append(tradebot(["index"], env))


class Answerer:
    """A long-running ``tradebot ask --json -``: one question in, one JSON line out."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "ask", "--json", "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
            env=env,
            cwd=ROOT,
        )

    def ask(self, question: str) -> dict[str, Any]:
        stdin: IO[str] | None = self.process.stdin
        stdout: IO[str] | None = self.process.stdout
        assert stdin is not None and stdout is not None
        stdin.write(question + "\n")
        stdin.flush()
        line = stdout.readline()
        assert line, f"the answering process stopped: {self.close()}"
        data: dict[str, Any] = json.loads(line)
        assert "error" not in data, data
        return data

    def close(self) -> tuple[int, str]:
        _, err = self.process.communicate(timeout=60)
        return self.process.returncode, err


@pytest.mark.slow
def test_readers_keep_answering_while_another_process_reindexes(
    tmp_path: Path, knowledge_copy: Path, server: str
) -> None:
    writer = env_for(tmp_path / "writer", knowledge_copy, server)
    first = tradebot(["index"], writer)
    assert first.returncode == 0, first.stderr
    assert "6 added" in first.stdout

    reader = Answerer(env_for(tmp_path / "reader", knowledge_copy, server))
    try:
        assert "25%" in reader.ask(KNOWN)["answer"]
        assert reader.ask(NEW)["refused"] is True, "not indexed yet"

        for rate in ("37%", "41%"):  # a new article, then a change to it
            (knowledge_copy / NEW_FILE).write_text(ARTICLE.format(rate=rate), encoding="utf-8")
            done: list[subprocess.CompletedProcess[str]] = []
            thread = threading.Thread(target=index_into, args=(done, writer))
            thread.start()
            during = 0
            while thread.is_alive():  # the reader answers throughout the reindex
                answer = reader.ask(KNOWN)
                assert not answer["refused"] and "25%" in answer["answer"], answer
                during += 1
            thread.join()
            assert done[0].returncode == 0, done[0].stderr
            assert ("1 added" if rate == "37%" else "1 updated") in done[0].stdout
            assert during > 0

            deadline = time.monotonic() + 20
            while True:  # the reader follows the new pointer without a restart
                answer = reader.ask(NEW)
                if not answer["refused"] and rate in answer["answer"]:
                    break
                assert time.monotonic() < deadline, answer
                time.sleep(0.3)
            assert answer["citations"][0]["source_file"] == NEW_FILE

        unchanged = tradebot(["index"], writer)
        assert "0 added, 0 updated, 0 removed, 7 unchanged" in unchanged.stdout
    finally:
        code, errors = reader.close()
    assert code == 0 and "tradebot:" not in errors and "Traceback" not in errors, errors


HOLD_LEASE = """
import sys
from bot.app import App
from bot.settings import Settings
app = App(Settings())
with app.store.writer_lock():
    print("holding", flush=True)
    sys.stdin.read()
print("released", flush=True)
"""


@pytest.mark.slow
def test_a_second_writer_gets_the_busy_error(
    tmp_path: Path, knowledge_copy: Path, server: str
) -> None:
    one = env_for(tmp_path / "one", knowledge_copy, server)
    other = env_for(tmp_path / "other", knowledge_copy, server)
    assert tradebot(["index"], one).returncode == 0  # built (or already up to date)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LEASE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=one,
        cwd=ROOT,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        busy = tradebot(["index"], other)
        assert busy.returncode == 1
        assert "another reindex is running on the Chroma server" in busy.stderr
        assert f"pid {holder.pid}" in busy.stderr, "the message names the holder"
        answer = tradebot(["ask", "--json", KNOWN], other)  # readers are never blocked
        assert answer.returncode == 0 and "25%" in json.loads(answer.stdout)["answer"]
    finally:
        out, err = holder.communicate("", timeout=60)
    assert holder.returncode == 0 and "released" in out, err
    after = tradebot(["index"], other)
    assert after.returncode == 0, after.stderr
