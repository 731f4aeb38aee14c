"""Questions the bot could not answer, grouped by meaning: which articles are missing.

Every refused question is stored with its time, where it was asked (``discord`` or ``cli``)
and the server id, never who asked. A report embeds the questions of the last N days with the
index's own embedding model and groups them greedily by cosine similarity (each question joins
the closest group whose centre is similar enough, else starts one), so that "tariffs on Thai
rice" and "what duty does rice from Thailand pay" count as one gap. Records older than the
retention period are deleted whenever one is written.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.storage import sqlite_file

SIMILAR = 0.75
"""Cosine similarity to a group's centre above which a question joins that group (MiniLM
paraphrases of one question score about 0.8-0.9, different questions on one topic 0.5-0.7)."""
DAY_S = 86400.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS refused (
    time REAL NOT NULL,
    question TEXT NOT NULL,
    origin TEXT NOT NULL,
    guild_id INTEGER
);
CREATE INDEX IF NOT EXISTS refused_time ON refused (time);
"""

Embed = Callable[[Sequence[str]], np.ndarray]
"""Texts to L2-normalised vectors (``Embedder.embed_documents``)."""


@dataclass(frozen=True, slots=True)
class Gap:
    """One group of similar refused questions."""

    count: int
    example: str
    """The question closest to the group's centre."""
    last_asked: float


class GapStore:
    """Refused questions in SQLite; every method blocks (run it in a thread on a loop)."""

    def __init__(self, path: Path, retention_days: float = 30.0) -> None:
        self.path = path
        self.retention_days = retention_days

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return sqlite_file(self.path, SCHEMA)

    def record(self, question: str, origin: str, guild_id: int | None = None) -> None:
        now = time.time()
        with self._connect() as db:
            db.execute("DELETE FROM refused WHERE time < ?", (now - self.retention_days * DAY_S,))
            db.execute("INSERT INTO refused VALUES (?, ?, ?, ?)", (now, question, origin, guild_id))

    def questions(self, days: float, guild_id: int | None = None) -> list[tuple[float, str]]:
        """``(time, question)`` of the last ``days`` days, newest first; one server's when
        ``guild_id`` is given."""
        since = time.time() - days * DAY_S
        query = "SELECT time, question FROM refused WHERE time >= ?"
        params: tuple[object, ...] = (since,)
        if guild_id is not None:
            query += " AND guild_id = ?"
            params += (guild_id,)
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY time DESC", params).fetchall()
        return [(float(t), str(q)) for t, q in rows]

    def report(
        self, embed: Embed, days: float, guild_id: int | None = None, limit: int = 10
    ) -> list[Gap]:
        """The largest groups of refused questions of the last ``days`` days."""
        return cluster(self.questions(days, guild_id), embed)[:limit]


def cluster(asked: Sequence[tuple[float, str]], embed: Embed) -> list[Gap]:
    """Greedy single-pass clustering by cosine similarity to each group's centre; biggest
    groups (then most recent) first. Identical questions (case and spacing aside) are embedded
    once."""
    if not asked:
        return []
    keys = [" ".join(q.lower().split()) for _, q in asked]
    unique = sorted(set(keys))
    vectors = embed(unique)
    by_key = {key: vectors[i] for i, key in enumerate(unique)}
    sums: list[np.ndarray] = []
    members: list[list[int]] = []
    for index, key in enumerate(keys):
        vector = by_key[key]
        best, best_score = -1, SIMILAR
        for group, total in enumerate(sums):
            score = float(vector @ total) / (float(np.linalg.norm(total)) or 1.0)
            if score >= best_score:
                best, best_score = group, score
        if best < 0:
            sums.append(vector.astype(np.float64).copy())
            members.append([index])
        else:
            sums[best] += vector
            members[best].append(index)
    gaps = []
    for total, indexes in zip(sums, members, strict=True):
        centre = total / (float(np.linalg.norm(total)) or 1.0)
        typical = max(indexes, key=lambda i: float(by_key[keys[i]] @ centre))
        gaps.append(Gap(len(indexes), asked[typical][1], max(asked[i][0] for i in indexes)))
    return sorted(gaps, key=lambda g: (-g.count, -g.last_asked))
