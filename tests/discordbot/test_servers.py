"""Per-server settings: defaults, changes kept across restarts, where mentions are answered."""

from __future__ import annotations

from pathlib import Path

from bot.discordbot.servers import ServerSettings, ServerSettingsStore


def test_settings_are_stored_per_server_and_survive_a_restart(tmp_path: Path) -> None:
    store = ServerSettingsStore(tmp_path / "servers.sqlite3")
    assert store.get(1) == ServerSettings()
    store.update(1, mentions="listed", channels=frozenset({10, 11}), threads=False)
    store.update(2, threads=False)
    again = ServerSettingsStore(tmp_path / "servers.sqlite3")
    first, second = again.get(1), again.get(2)
    assert (first.mentions, first.threads, first.channels) == ("listed", False, {10, 11})
    assert not second.threads and second.mentions == "all"


def test_where_mentions_are_answered() -> None:
    assert ServerSettings().answers_mentions_in(5)
    listed = ServerSettings(mentions="listed", channels=frozenset({5}))
    assert listed.answers_mentions_in(5) and not listed.answers_mentions_in(6)
    assert not ServerSettings(mentions="off").answers_mentions_in(5)
