"""Shared fixtures: the real model, real Chroma folders and servers, the real knowledge."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import App
from bot.settings import Settings

os.environ["ORT_DISABLE_TELEMETRY"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
DATA = Path(__file__).resolve().parent / "data"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
SHARED_PAGE = SHARED_CORPUS / "000_d99573e286085249.txt"


def make_settings(tmp: Path, knowledge: Path = KNOWLEDGE, **extra: object) -> Settings:
    """Settings that ignore the developer's environment and .env file."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        knowledge_dir=knowledge,
        index_dir=tmp / "index",
        **extra,
    )


@pytest.fixture(scope="session")
def built_app(tmp_path_factory: pytest.TempPathFactory) -> App:
    """The bundled knowledge base indexed once for the whole session (read-only use)."""
    app = App(make_settings(tmp_path_factory.mktemp("built")))
    app.indexer.reindex(app.settings.knowledge_dir)
    return app


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of the knowledge folder for tests that change it."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``chroma run`` server on loopback; yields its URL."""
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    chroma = Path(sys.executable).with_name("chroma")
    log = (data / "server.log").open("w")
    process = subprocess.Popen(
        [
            str(chroma),
            "run",
            "--path",
            str(data / "db"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if process.poll() is not None:
                raise RuntimeError((data / "server.log").read_text()) from None
            time.sleep(0.2)
    else:
        process.kill()
        raise RuntimeError("chroma server did not start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
