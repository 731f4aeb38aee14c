"""Small SQLite files of the bot (settings per server, refused questions): one way to open them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

BUSY_TIMEOUT_S = 10.0


@contextmanager
def sqlite_file(path: Path, schema: str) -> Iterator[sqlite3.Connection]:
    """A short-lived connection in one transaction, the folder and ``schema`` created first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)) as db, db:
        db.executescript(schema)
        yield db
