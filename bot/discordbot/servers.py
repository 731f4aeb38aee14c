"""Per-server choices moderators make with ``/settings``, kept in a small SQLite file.

Where the bot answers mentions (every channel, listed channels, nowhere) and whether it opens
a thread for each (the channel for feed summaries lives with the feeds, in their own file).
Reads are served from memory (the bot
asks on every mention); writes go to SQLite in a worker thread and then to memory.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from bot.storage import sqlite_file

MentionMode = Literal["all", "listed", "off"]
MENTION_MODES: tuple[MentionMode, ...] = ("all", "listed", "off")

SCHEMA = """
CREATE TABLE IF NOT EXISTS servers (
    guild_id INTEGER PRIMARY KEY,
    mentions TEXT NOT NULL,
    threads INTEGER NOT NULL,
    channels TEXT NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class ServerSettings:
    mentions: MentionMode = "all"
    threads: bool = True
    channels: frozenset[int] = field(default_factory=frozenset)
    """The channels where mentions are answered when ``mentions`` is ``listed``."""

    def answers_mentions_in(self, channel_id: int) -> bool:
        if self.mentions == "off":
            return False
        return self.mentions == "all" or channel_id in self.channels


class ServerSettingsStore:
    """``/settings`` values by guild id; unknown guilds get the defaults."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._cache: dict[int, ServerSettings] | None = None

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return sqlite_file(self.path, SCHEMA)

    def load(self) -> None:
        """Read every server's settings into memory (blocking: call from a thread)."""
        with self._connect() as db:
            rows = db.execute("SELECT guild_id, mentions, threads, channels FROM servers")
            self._cache = {
                int(guild): ServerSettings(
                    mentions=mode if mode in MENTION_MODES else "all",
                    threads=bool(threads),
                    channels=frozenset(int(c) for c in json.loads(channels)),
                )
                for guild, mode, threads, channels in rows
            }

    def get(self, guild_id: int) -> ServerSettings:
        """The settings of a server (from memory; :meth:`load` first)."""
        if self._cache is None:
            self.load()
        assert self._cache is not None
        return self._cache.get(guild_id, ServerSettings())

    def update(self, guild_id: int, **changes: Any) -> ServerSettings:
        """Change some settings of one server and store them (blocking: call from a thread)."""
        settings = replace(self.get(guild_id), **changes)
        with self._connect() as db:
            db.execute(
                "INSERT INTO servers VALUES (?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET "
                "mentions = excluded.mentions, threads = excluded.threads, "
                "channels = excluded.channels",
                (
                    guild_id,
                    settings.mentions,
                    int(settings.threads),
                    json.dumps(sorted(settings.channels)),
                ),
            )
        assert self._cache is not None
        self._cache[guild_id] = settings
        return settings
