"""Feed subscriptions in SQLite beside the index: feeds, their validators, seen entries, and
the channel of each Discord server that gets the poll summaries.

One short transaction per change, with a busy timeout, so the CLI and the bot can share the
file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.fetch.client import Validators

SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    etag TEXT,
    last_modified TEXT,
    added_at TEXT NOT NULL,
    polled_at TEXT,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS entries (
    feed_url TEXT NOT NULL REFERENCES feeds(url) ON DELETE CASCADE,
    entry_key TEXT NOT NULL,
    link TEXT NOT NULL DEFAULT '',
    seen_at TEXT NOT NULL,
    PRIMARY KEY (feed_url, entry_key)
);
CREATE TABLE IF NOT EXISTS channels (
    guild_id INTEGER PRIMARY KEY,
    channel_id INTEGER NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class Feed:
    url: str
    title: str
    validators: Validators
    added_at: str
    polled_at: str | None
    last_error: str
    seen: int = 0


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class FeedState:
    """The feeds file; every method is one transaction (blocking; call from a thread)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=30)) as db, db:
            db.execute("PRAGMA foreign_keys = ON")
            db.executescript(SCHEMA)
            yield db

    def add(self, url: str, title: str) -> bool:
        """Subscribe; False if already subscribed (its title is refreshed)."""
        with self._db() as db:
            cursor = db.execute(
                "INSERT INTO feeds (url, title, added_at) VALUES (?, ?, ?) "
                "ON CONFLICT(url) DO NOTHING",
                (url, title, now_iso()),
            )
            if cursor.rowcount == 0:
                db.execute("UPDATE feeds SET title = ? WHERE url = ?", (title, url))
            return cursor.rowcount > 0

    def remove(self, url: str) -> bool:
        with self._db() as db:
            return db.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount > 0

    def feeds(self) -> list[Feed]:
        with self._db() as db:
            rows = db.execute(
                "SELECT f.url, f.title, f.etag, f.last_modified, f.added_at, f.polled_at, "
                "f.last_error, (SELECT COUNT(*) FROM entries e WHERE e.feed_url = f.url) "
                "FROM feeds f ORDER BY f.rowid"
            ).fetchall()
        return [
            Feed(url, title, Validators(etag, modified), added, polled, error, seen)
            for url, title, etag, modified, added, polled, error, seen in rows
        ]

    def seen(self, feed_url: str) -> set[str]:
        with self._db() as db:
            rows = db.execute("SELECT entry_key FROM entries WHERE feed_url = ?", (feed_url,))
            return {key for (key,) in rows}

    def polled(
        self,
        feed_url: str,
        *,
        validators: Validators | None = None,
        seen: Iterable[tuple[str, str]] = (),
        error: str = "",
        title: str | None = None,
    ) -> None:
        """Record a poll: new validators (when the feed was read), entries now seen, the error."""
        stamp = now_iso()
        with self._db() as db:
            db.execute(
                "UPDATE feeds SET polled_at = ?, last_error = ?, title = COALESCE(?, title) "
                "WHERE url = ?",
                (stamp, error, title, feed_url),
            )
            if validators is not None:
                db.execute(
                    "UPDATE feeds SET etag = ?, last_modified = ? WHERE url = ?",
                    (validators.etag, validators.last_modified, feed_url),
                )
            db.executemany(
                "INSERT OR IGNORE INTO entries (feed_url, entry_key, link, seen_at) "
                "VALUES (?, ?, ?, ?)",
                [(feed_url, key, link, stamp) for key, link in seen],
            )

    def set_channel(self, guild_id: int, channel_id: int) -> None:
        with self._db() as db:
            db.execute(
                "INSERT INTO channels (guild_id, channel_id) VALUES (?, ?) "
                "ON CONFLICT(guild_id) DO UPDATE SET channel_id = excluded.channel_id",
                (guild_id, channel_id),
            )

    def channels(self) -> dict[int, int]:
        with self._db() as db:
            return dict(db.execute("SELECT guild_id, channel_id FROM channels").fetchall())
