"""Shared fixtures: the real model, real Chroma folders and servers, the real knowledge."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import App
from bot.settings import Settings
from tests.support.processes import free_port, port_open, server_process

os.environ["ORT_DISABLE_TELEMETRY"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
DATA = Path(__file__).resolve().parent / "data"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
SHARED_PAGE = SHARED_CORPUS / "000_d99573e286085249.txt"
requires_shared = pytest.mark.skipif(
    not SHARED_PAGE.is_file(), reason="../shared is not beside the clone"
)


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


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``chroma run`` server on loopback; yields its URL."""
    yield from chroma_server_at(tmp_path_factory.mktemp("chroma-server"))


def chroma_server_at(data: Path) -> Iterator[str]:
    """Run ``chroma run`` on a free loopback port with its database in ``data``."""
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    argv = [str(chroma), "run", "--path", str(data / "db"), "--host", "127.0.0.1"]
    with server_process(
        [*argv, "--port", str(port)],
        ready=port_open(port),
        log_path=data / "server.log",
        what="chroma server",
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    ):
        yield f"http://127.0.0.1:{port}"
