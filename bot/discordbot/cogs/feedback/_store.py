"""👍/👎 votes in a local SQLite file.

Each answer shown with buttons is stored once (question, answer, sources, time) under a short
random id that the buttons carry in their ``custom_id``; so votes keep working after a restart
and need no message lookups. Voters are stored only as a keyed hash of their user id (the key is
random per database), so the file does not say who voted, yet one person has one vote per answer.

Every method is blocking (SQLite); callers on the event loop run them in a thread.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.models import Answer

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS answers (
    id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    sources TEXT NOT NULL,
    refused INTEGER NOT NULL,
    backend TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS votes (
    answer_id TEXT NOT NULL,
    user_hash TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    time REAL NOT NULL,
    PRIMARY KEY (answer_id, user_hash)
);
CREATE INDEX IF NOT EXISTS votes_time ON votes (time);
"""


@dataclass(frozen=True, slots=True)
class VotedAnswer:
    question: str
    up: int
    down: int


@dataclass(frozen=True, slots=True)
class FeedbackSummary:
    answers: int
    up: int
    down: int
    recent_up: int
    recent_down: int
    most_down: list[VotedAnswer]


class FeedbackStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._key: bytes | None = None
        self._created = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A short-lived connection (callers are worker threads) in one transaction."""
        if not self._created:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=10)) as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(SCHEMA)
            self._created = True
        with closing(sqlite3.connect(self.path, timeout=10)) as db, db:
            yield db

    def _user_hash(self, db: sqlite3.Connection, user_id: int) -> str:
        if self._key is None:
            db.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('hash_key', ?)",
                (secrets.token_hex(32),),
            )
            row = db.execute("SELECT value FROM meta WHERE key = 'hash_key'").fetchone()
            self._key = bytes.fromhex(row[0])
        return hmac.new(self._key, str(user_id).encode(), hashlib.sha256).hexdigest()

    def record_answer(self, answer: Answer) -> str:
        """Store an answer about to be shown with vote buttons; returns its id."""
        answer_id = secrets.token_hex(8)
        sources = [c.to_json() for c in answer.citations or answer.closest]
        with self._connect() as db:
            db.execute(
                "INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    answer_id,
                    time.time(),
                    answer.question,
                    answer.text,
                    json.dumps(sources, ensure_ascii=False),
                    int(answer.refused),
                    answer.backend,
                ),
            )
        return answer_id

    def vote(self, answer_id: str, user_id: int, up: bool) -> bool:
        """Record (or change) a user's vote; False when the answer is unknown."""
        with self._connect() as db:
            if db.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone() is None:
                return False
            db.execute(
                "INSERT INTO votes VALUES (?, ?, ?, ?) ON CONFLICT (answer_id, user_hash) "
                "DO UPDATE SET vote = excluded.vote, time = excluded.time",
                (answer_id, self._user_hash(db, user_id), 1 if up else -1, time.time()),
            )
        return True

    def summary(self, recent_days: float = 7.0, worst: int = 5) -> FeedbackSummary:
        since = time.time() - recent_days * 86400
        with self._connect() as db:
            answers = db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
            up, down = db.execute(
                "SELECT COALESCE(SUM(vote = 1), 0), COALESCE(SUM(vote = -1), 0) FROM votes"
            ).fetchone()
            recent_up, recent_down = db.execute(
                "SELECT COALESCE(SUM(vote = 1), 0), COALESCE(SUM(vote = -1), 0) FROM votes "
                "WHERE time >= ?",
                (since,),
            ).fetchone()
            rows = db.execute(
                "SELECT a.question, SUM(v.vote = 1), SUM(v.vote = -1) FROM votes v "
                "JOIN answers a ON a.id = v.answer_id GROUP BY a.id "
                "HAVING SUM(v.vote = -1) > 0 "
                "ORDER BY SUM(v.vote = -1) - SUM(v.vote = 1) DESC, MAX(v.time) DESC LIMIT ?",
                (worst,),
            ).fetchall()
        return FeedbackSummary(
            answers=int(answers),
            up=int(up),
            down=int(down),
            recent_up=int(recent_up),
            recent_down=int(recent_down),
            most_down=[VotedAnswer(str(q), int(u), int(d)) for q, u, d in rows],
        )
