"""Votes in SQLite, the vote buttons and the moderators' summary."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from unittest.mock import MagicMock

from discord.ext import commands

from bot.discordbot.cogs.feedback import FeedbackCog, FeedbackStore, VoteButton, feedback_view
from bot.models import Answer, Citation
from tests.discordbot.helpers import make_interaction, make_member, sent_text

CITE = Citation(1, "Title", "Wire", "https://e.org", "2025-04-16", "a.md", "a.md#1", "quote")
ANSWER = Answer("What tariff?", "24% [1].", False, (CITE,), "extractive")


def test_votes_are_stored_with_hashed_users(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "votes.sqlite3")
    answer_id = store.record_answer(ANSWER)
    assert re.fullmatch(r"[0-9a-f]{16}", answer_id)
    assert store.vote(answer_id, 123456789, up=False)
    assert store.vote(answer_id, 123456789, up=True)  # changes the vote, not a second one
    assert store.vote(answer_id, 987654321, up=False)
    assert not store.vote("0" * 16, 1, up=True)
    summary = store.summary()
    assert (summary.answers, summary.up, summary.down) == (1, 1, 1)
    assert (summary.recent_up, summary.recent_down) == (1, 1)
    assert [(v.question, v.up, v.down) for v in summary.most_down] == [("What tariff?", 1, 1)]
    with sqlite3.connect(tmp_path / "votes.sqlite3") as db:
        rows = db.execute("SELECT user_hash FROM votes").fetchall()
        stored = db.execute("SELECT question, answer, sources FROM answers").fetchone()
    assert all("123456789" not in h and len(h) == 64 for (h,) in rows)
    assert stored[:2] == ("What tariff?", "24% [1].") and '"url": "https://e.org"' in stored[2]


async def test_vote_button_records_and_thanks(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "votes.sqlite3")
    cog = FeedbackCog(MagicMock(spec=commands.Bot), store, {7})
    await cog.cog_load()
    view = feedback_view(store.record_answer(ANSWER))
    up = view.children[0]
    assert isinstance(up, VoteButton) and up.custom_id.startswith("tradebot:vote:up:")
    interaction = make_interaction()
    await up.callback(interaction)
    interaction.response.defer.assert_awaited_once_with(thinking=True, ephemeral=True)
    assert sent_text(interaction.followup.send).startswith("Thanks, noted 👍")
    assert store.summary().up == 1

    summary = make_interaction(make_member(role_ids=[7]))
    await cog.feedback.callback(cog, summary)  # type: ignore[arg-type]
    embed = summary.followup.send.call_args.kwargs["embed"]
    assert embed.fields[0].value == "👍 1 · 👎 0"
    member = make_interaction(make_member())
    await cog.feedback.callback(cog, member)  # type: ignore[arg-type]
    assert "Only moderators" in sent_text(member.response.send_message)
    await cog.cog_unload()
