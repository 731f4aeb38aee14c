"""Unit tests of the moderation cog and its file handling with spec'd doubles."""

from __future__ import annotations

import asyncio
from pathlib import Path
from unittest.mock import MagicMock, create_autospec

import discord
import pytest
from discord.ext import commands

from bot.discordbot.cogs.moderation import Job, ModerationCog
from bot.discordbot.cogs.moderation._cog import Reply
from bot.discordbot.cogs.moderation._files import (
    FileRefused,
    forget_source,
    resolve_source,
    safe_name,
    store_upload,
)
from bot.discordbot.replies import is_moderator
from bot.ingest.pipeline import Indexer, Progress, ReindexReport
from bot.models import Passage
from bot.retrieval.hybrid import HybridRetriever
from tests.discordbot.helpers import make_interaction, make_member, make_user, respond, sent_text

ARTICLE = b"Fictional: a headline\n\nSome article text about tariffs on steel.\n"


@pytest.fixture
def cog(tmp_path: Path) -> ModerationCog:
    (tmp_path / "knowledge").mkdir()
    indexer = create_autospec(Indexer, instance=True)
    indexer.reindex.return_value = ReindexReport(added=1, passages=3)
    return ModerationCog(
        MagicMock(spec=commands.Bot),
        indexer,
        create_autospec(HybridRetriever, instance=True),
        tmp_path / "knowledge",
        tmp_path / "forgotten",
        moderator_role_ids={42},
        progress_interval_s=0.01,
    )


def test_is_moderator() -> None:
    assert not is_moderator(make_member(), {42})
    assert is_moderator(make_member(role_ids=[42]), {42})
    assert is_moderator(make_member(manage_guild=True), set())
    assert is_moderator(make_member(administrator=True), set())
    assert not is_moderator(make_user(), {42})  # a DM has no member


async def test_reindex_is_refused_to_members_and_in_dms(cog: ModerationCog) -> None:
    member = make_interaction(make_member())
    await cog.reindex.callback(cog, member)  # type: ignore[arg-type]
    assert sent_text(member.response.send_message) == "Only moderators of this server can do that."
    in_dm = make_interaction(make_user(), in_guild=False)
    await cog.reindex.callback(cog, in_dm)  # type: ignore[arg-type]
    assert "not in direct messages" in sent_text(in_dm.response.send_message)
    cog.indexer.reindex.assert_not_called()  # type: ignore[attr-defined]


async def test_reindex_runs_in_the_background_one_at_a_time(cog: ModerationCog) -> None:
    first = make_interaction(make_member(role_ids=[42]))
    respond(first)
    await cog.reindex.callback(cog, first, True)  # type: ignore[arg-type]
    first.response.defer.assert_awaited_once_with(thinking=True, ephemeral=True)
    assert cog.job is not None and cog.job.title == "Full reindex"
    second = make_interaction(make_member(manage_guild=True))
    await cog.reindex.callback(cog, second)  # type: ignore[arg-type]
    assert "already running (Full reindex" in sent_text(second.response.send_message)
    await asyncio.wait_for(asyncio.gather(*cog._tasks), 5)
    assert cog.job is None
    final = first.edit_original_response.call_args.kwargs["content"]
    assert final.startswith("✅ Full reindex finished: 1 added")
    assert cog.indexer.reindex.call_args.args[:2] == (cog.knowledge_dir, True)  # type: ignore[attr-defined]
    await cog.cog_unload()


def test_job_status_lines() -> None:
    job = Job("Reindex", "mod")
    assert job.status().startswith("⏳ Reindex: starting…")
    job.on_progress(Progress("embed", 256, 10_000))
    assert "embedding new passages 256/10,000" in job.status()


async def test_reply_falls_back_to_the_channel() -> None:
    interaction = make_interaction()
    interaction.edit_original_response.side_effect = discord.NotFound(
        MagicMock(status=404, reason="Not Found"), "Unknown Webhook"
    )
    await Reply(interaction, 60).finish("done", "mod")
    assert sent_text(interaction.channel.send).startswith("done\n(requested by mod")
    late = make_interaction()
    await Reply(late, 0).finish("done", "mod")
    late.edit_original_response.assert_not_awaited()
    late.channel.send.assert_awaited_once()


async def test_autocomplete_lists_sources_for_moderators_only(cog: ModerationCog) -> None:
    cog.sources.passages.return_value = [  # type: ignore[attr-defined]
        Passage(f"{d}#1", d, "t", "T", "", "", "", d, 0) for d in ("a/rice.md", "b/cars.md")
    ]
    moderator = make_interaction(make_member(role_ids=[42]))
    choices = await cog._source_choices(moderator, "RICE")
    assert [c.value for c in choices] == ["a/rice.md"]
    assert await cog._source_choices(make_interaction(make_member()), "") == []


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("report.md", "report.md"),
        ("../../etc/evil.TXT", "evil.txt"),
        ("C:\\Users\\me\\My Article (1).html", "My-Article-1.html"),
        (".hidden.md", "hidden.md"),
    ],
)
def test_safe_name(given: str, expected: str) -> None:
    assert safe_name(given) == expected


@pytest.mark.parametrize("given", ["notes.pdf", "noext", "....md", "???.txt"])
def test_safe_name_refuses(given: str) -> None:
    with pytest.raises(FileRefused):
        safe_name(given)


def test_store_upload_and_forget(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    assert store_upload(ARTICLE, "steel.txt", knowledge) is False
    assert store_upload(ARTICLE, "steel.txt", knowledge) is True
    assert sorted(p.name for p in knowledge.iterdir()) == ["steel.txt"]
    with pytest.raises(FileRefused, match="no article text"):
        store_upload(b"<html><nav>Home</nav></html>", "empty.html", knowledge)
    with pytest.raises(FileRefused, match="not UTF-8"):
        store_upload(b"\xff\xfe caf\xe9", "latin.txt", knowledge)
    (tmp_path / "outside.md").write_bytes(ARTICLE)
    with pytest.raises(FileRefused, match="no article named"):
        resolve_source("../outside.md", knowledge)
    assert forget_source("steel.txt", knowledge, tmp_path / "gone") == "steel.txt"
    assert not (knowledge / "steel.txt").exists()
    assert [p.name.endswith("-steel.txt") for p in (tmp_path / "gone").iterdir()] == [True]
