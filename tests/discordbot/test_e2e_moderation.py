"""Moderators' side end to end: permissions, reindex with progress, ingest, forget, feedback."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path

import discord
import pytest

from bot.app import App
from tests.discordbot.conftest import DATA, World, eventually, running_world
from tests.support.discord_emulator import CommandUnavailable, Payload, RecordedRequest

EPHEMERAL = 64


def command(world: World, name: str, user: Payload, **options: object) -> Payload:
    return world.emu.slash_command(name, options or None, user=user, guild_id=world.guild_id)


async def final_edit(world: World, interaction: Payload, marker: str) -> RecordedRequest:
    """The edit of the deferred reply that contains ``marker`` (progress edits come first)."""
    return await world.emu.wait_for_request(
        lambda r: marker in (r.json or {}).get("content", ""),
        method="PATCH",
        path=rf"/webhooks/\d+/{interaction['token']}/messages/@original",
        timeout=20,
    )


def lumber_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "lumber" in p.name.lower())


async def test_members_and_dms_are_refused(built_app: App, tmp_path: Path) -> None:
    async with running_world(built_app, tmp_path) as world:
        emu = world.emu
        for name, options in (("reindex", {}), ("forget", {"source": "x.md"}), ("feedback", {})):
            denied = await emu.send_interaction(command(world, name, world.member, **options))
            data = (await emu.wait_for_callback(denied)).json["data"]
            assert data["flags"] == EPHEMERAL and "Only moderators" in data["content"]
        for name in MODERATOR_COMMANDS:  # guild-only: Discord never offers them in a DM
            with pytest.raises(CommandUnavailable):
                emu.slash_command(name, user=world.moderator)
        assert not emu.find_requests("PATCH")


MODERATOR_COMMANDS = ("reindex", "ingest", "forget", "feedback", "feeds", "settings", "gaps")
COMMANDS = (
    *("ask", "sources", "help"),
    *("tariffs", "who", "positions", "timeline"),
    *MODERATOR_COMMANDS,
)


async def test_commands_are_registered_hidden_from_members(built_app: App, tmp_path: Path) -> None:
    async with running_world(built_app, tmp_path) as world:
        emu = world.emu
        synced = {c["name"]: c for c in emu.commands[None]}
        assert set(synced) == set(COMMANDS)
        manage = str(discord.Permissions(manage_guild=True).value)
        for name in MODERATOR_COMMANDS:
            assert str(synced[name]["default_member_permissions"]) == manage
            assert synced[name]["contexts"] == [0]  # guild only
        assert synced["ask"]["default_member_permissions"] is None


async def test_guild_id_syncs_to_that_guild_only(built_app: App, tmp_path: Path) -> None:
    async with running_world(built_app, tmp_path, sync_to_guild=True) as world:
        # Commands from an earlier global sync would show twice in that guild: cleared.
        cleared = world.emu.find_requests("PUT", r"/applications/\d+/commands")
        assert [r.json for r in cleared] == [[]]
        assert world.emu.commands[None] == []
        assert {c["name"] for c in world.emu.commands[world.guild_id]} == set(COMMANDS)
        guild_put = world.emu.find_requests(
            "PUT", rf"/applications/\d+/guilds/{world.guild_id}/commands"
        )
        assert len(guild_put) == 1 and len(world.emu.commands[world.guild_id]) == len(COMMANDS)


async def test_moderator_reindex_reports_progress_then_counts(
    writable_app: App, tmp_path: Path
) -> None:
    async with running_world(
        writable_app, tmp_path, emulator={"heartbeat_interval_ms": 100}, isolated_reindex=True
    ) as world:
        emu = world.emu
        full = await emu.send_interaction(command(world, "reindex", world.moderator, full=True))
        assert (await emu.wait_for_callback(full)).json == {"type": 5, "data": {"flags": 64}}
        busy = await emu.send_interaction(command(world, "reindex", world.manager))
        data = (await emu.wait_for_callback(busy)).json["data"]
        assert data["flags"] == EPHEMERAL and "already running (Full reindex" in data["content"]
        done = await final_edit(world, full, "finished")
        assert done.json["content"].startswith("✅ Full reindex finished: 6 added, 0 updated")
        edits = emu.find_requests("PATCH", rf"/webhooks/\d+/{full['token']}/messages/@original")
        assert edits[0].json["content"].startswith("⏳ Full reindex")
        gaps = [b - a for a, b in itertools.pairwise(emu.heartbeats)]
        assert gaps and max(gaps) < 1.0, gaps

        # A member with Manage Server (no moderator role) may reindex too; nothing changed.
        again = await emu.send_interaction(command(world, "reindex", world.manager))
        done = await final_edit(world, again, "finished")
        assert "0 added, 0 updated, 0 removed, 6 unchanged documents" in done.json["content"]
        assert "Nothing had changed" in done.json["content"]
        assert emu.unhandled_requests == [] and emu.errors == []


async def test_a_job_past_the_token_lifetime_posts_to_the_channel(
    writable_app: App, tmp_path: Path
) -> None:
    async with running_world(writable_app, tmp_path, reply_deadline_s=0.0) as world:
        emu = world.emu
        channel = emu.text_channel(world.guild_id)["id"]
        job = await emu.send_interaction(command(world, "reindex", world.moderator))
        await emu.wait_for_callback(job)
        posted = await emu.wait_for_request(
            method="POST", path=f"/channels/{channel}/messages", timeout=20
        )
        assert posted.json["content"].startswith("✅ Reindex finished: 0 added")
        assert "requested by moderator" in posted.json["content"]
        assert posted.json["allowed_mentions"] == {"parse": []}


async def test_ingest_an_attachment_then_answer_from_it(
    writable_app: App, tmp_path: Path, knowledge_copy: Path
) -> None:
    async with running_world(writable_app, tmp_path, isolated_reindex=True) as world:
        emu = world.emu
        data = (DATA / "fictional-lumber-quota.txt").read_bytes()
        upload = emu.add_attachment("Fictional_lumber-quota!!.TXT", data, content_type="text/plain")
        ingest = await emu.send_interaction(command(world, "ingest", world.moderator, file=upload))
        done = await final_edit(world, ingest, "✅")
        assert done.json["content"].startswith("✅ Added Fictional_lumber-quota.txt: 1 added")
        assert (knowledge_copy / "Fictional_lumber-quota.txt").read_bytes() == data

        await asyncio.sleep(1.1)  # retrievers notice a new generation within a second
        ask = await emu.send_interaction(world.ask("What is Northland's lumber export quota?"))
        answer = await emu.wait_for_followup(ask, timeout=10)
        assert "3 million cubic metres" in answer.json["embeds"][0]["description"]

        for name, payload, reason in (
            ("scan.pdf", b"%PDF-1.7", "only .md, .markdown, .txt, .html, .htm files"),
            ("blank.html", b"<html><body><nav>Home</nav></body></html>", "no article text"),
            ("binary.txt", b"\x00\x01\x02", "binary content"),
        ):
            bad = emu.add_attachment(name, payload)
            refused = await emu.send_interaction(
                command(world, "ingest", world.moderator, file=bad)
            )
            try:
                content = (await emu.wait_for_callback(refused)).json["data"]["content"]
            except KeyError:  # refused after the download: the deferred reply says why
                content = (await final_edit(world, refused, "failed")).json["content"]
            assert reason in content, content
        assert lumber_files(knowledge_copy) == ["Fictional_lumber-quota.txt"]

        # The same name again: the new version replaces it, the old one is kept and said so.
        newer = data.replace(b"3 million", b"4 million")
        again = emu.add_attachment("Fictional_lumber-quota.txt", newer)
        replaced = await emu.send_interaction(command(world, "ingest", world.moderator, file=again))
        said = (await final_edit(world, replaced, "✅")).json["content"]
        assert "replaces the previous version; a copy of that is kept" in said
        assert (knowledge_copy / "Fictional_lumber-quota.txt").read_bytes() == newer
        kept = list((writable_app.settings.index_dir / "forgotten").iterdir())
        assert [p.read_bytes() for p in kept] == [data]


async def test_forget_removes_an_article(
    writable_app: App, tmp_path: Path, knowledge_copy: Path
) -> None:
    name = "2025-04-26-japan-us-tough-trade-talks.md"
    async with running_world(writable_app, tmp_path) as world:
        emu = world.emu
        unknown = await emu.send_interaction(
            command(world, "forget", world.moderator, source="../../etc/passwd")
        )
        assert "no article named" in (await final_edit(world, unknown, "failed")).json["content"]
        forget = await emu.send_interaction(command(world, "forget", world.moderator, source=name))
        done = await final_edit(world, forget, "✅")
        assert done.json["content"].startswith(f"✅ Forgot {name} (a copy is kept on the server)")
        assert "0 added, 0 updated, 1 removed, 5 unchanged" in done.json["content"]
        assert not (knowledge_copy / name).exists()
        kept = list((writable_app.settings.index_dir / "forgotten").iterdir())
        assert [p.name.endswith(name) for p in kept] == [True]


async def test_votes_are_stored_and_summarised(built_app: App, tmp_path: Path) -> None:
    async with running_world(built_app, tmp_path) as world:
        emu = world.emu
        ask = await emu.send_interaction(world.ask("Who is Japan's top trade negotiator?"))
        answer = await emu.wait_for_followup(ask, timeout=10)
        up, down = (b["custom_id"] for b in answer.json["components"][0]["components"])
        for user, custom_id in ((world.member, down), (world.member, up), (world.manager, down)):
            click = await emu.send_interaction(
                emu.component_click(answer.response["id"], custom_id, user=user)
            )
            # Acknowledged before SQLite is touched, then thanked in that private reply.
            assert (await emu.wait_for_callback(click)).json == {
                "type": 5,
                "data": {"flags": EPHEMERAL},
            }
            thanks = (await emu.wait_for_followup(click)).response
            assert thanks["flags"] == EPHEMERAL and thanks["content"].startswith("Thanks")
        summary = await emu.send_interaction(command(world, "feedback", world.moderator))
        embed = (await emu.wait_for_followup(summary)).json["embeds"][0]
        fields = {f["name"]: f["value"] for f in embed["fields"]}
        assert fields["All time"] == "👍 1 · 👎 1"  # the member changed their vote
        assert "Who is Japan's top trade negotiator?" in fields["Voted down most"]
        await eventually(lambda: True)


ONLY_ARTICLE = "2025-04-26-japan-us-tough-trade-talks.md"


@pytest.fixture
def one_article_app(tmp_path: Path, knowledge_copy: Path) -> App:
    """An index of a knowledge folder that holds a single article."""
    from tests.conftest import make_settings

    for path in knowledge_copy.iterdir():
        if path.name != ONLY_ARTICLE:
            path.unlink()
    app = App(make_settings(tmp_path, knowledge=knowledge_copy))
    app.indexer.reindex(knowledge_copy)
    return app


async def test_forgetting_the_last_article_leaves_the_index_as_it_was(
    one_article_app: App, tmp_path: Path
) -> None:
    async with running_world(one_article_app, tmp_path) as world:
        forget = await world.emu.send_interaction(
            command(world, "forget", world.moderator, source=ONLY_ARTICLE)
        )
        done = await final_edit(world, forget, "left as it was")
        assert "tradebot index --allow-empty" in done.json["content"]
        assert "missing" not in done.json["content"]
    assert {p.doc_id for p in one_article_app.retriever.passages()} == {ONLY_ARTICLE}
