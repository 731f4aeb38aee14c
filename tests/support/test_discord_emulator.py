"""End-to-end checks of the Discord emulator with a real, unmodified discord.py bot.

How a test starts a bot against the emulator (see ``running_bot`` below):

* ``emu.configure_client()`` before the bot makes any request (restore after);
* ``commands.Bot(..., guild_ready_timeout=0.05)``: discord.py only fires
  ``on_ready`` ``guild_ready_timeout`` seconds (default 2 s) after the last
  ``GUILD_CREATE``; the emulator sends full member lists with
  ``member_count == len(members)`` so no member chunking is waited for;
* ``await bot.login(token)`` then ``asyncio.create_task(bot.connect(reconnect=False))``
  (``wait_until_ready`` raises if called before ``login``).
"""

from __future__ import annotations

import asyncio
import gc
import io
import itertools
import json
import logging
import statistics
import warnings
import zlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from .discord_emulator import (
    CommandUnavailable,
    DiscordEmulator,
    make_channel,
    make_guild,
    make_member,
    make_role,
    make_user,
    message_errors,
)

TOKEN = "fake-token"


def build_bot() -> commands.Bot:
    """A plain bot: /ping (defer + follow-up), /ingest (attachment), /panel (button), DM echo."""
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, guild_ready_timeout=0.05)

    @bot.tree.command(name="ping", description="Latency check")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send(f"pong from {interaction.user.name}")

    @bot.tree.command(name="ingest", description="Ingest a file")
    @app_commands.describe(file="CSV to ingest")
    async def ingest(
        interaction: discord.Interaction, file: discord.Attachment, note: str = ""
    ) -> None:
        data = await file.read()
        report = discord.File(fp=io.BytesIO(data.upper()), filename="report.csv")
        await interaction.response.send_message(
            f"{file.filename}: {len(data)} bytes {note}", file=report
        )

    class Panel(discord.ui.View):
        @discord.ui.button(label="Confirm", custom_id="confirm")
        async def confirm(
            self, interaction: discord.Interaction, button: discord.ui.Button[Any]
        ) -> None:
            await interaction.response.edit_message(content="confirmed", view=None)

    @bot.tree.command(name="panel", description="Show a panel")
    async def panel(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("choose", view=Panel(timeout=30))

    @bot.event
    async def on_message(message: discord.Message) -> None:
        if message.author.bot:
            return
        if message.guild is None:
            await message.channel.send(f"echo: {message.content}")
        elif message.content == "thread please":
            await message.create_thread(name="discussion")

    return bot


@asynccontextmanager
async def running_bot(emu: DiscordEmulator, bot: commands.Bot) -> AsyncIterator[commands.Bot]:
    """Log the bot in against the emulator, wait for ready, then close it cleanly."""
    restore = emu.configure_client()
    await bot.login(TOKEN)
    task = asyncio.create_task(bot.connect(reconnect=False))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 5)
        yield bot
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)
        restore()


async def eventually(check: Callable[[], bool], within: float = 2.0) -> None:
    """Poll ``check`` until true (gateway events are processed asynchronously)."""
    async with asyncio.timeout(within):
        while not check():  # noqa: ASYNC110 - state lives in discord.py's cache
            await asyncio.sleep(0.01)


@asynccontextmanager
async def strict_runtime(caplog: pytest.LogCaptureFixture) -> AsyncIterator[None]:
    """Fail on loop exceptions (e.g. unclosed sessions), warnings and WARNING+ logs."""
    loop = asyncio.get_running_loop()
    loop_errors: list[dict[str, Any]] = []
    old_handler = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: loop_errors.append(context))
    caplog.set_level(logging.WARNING)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
            gc.collect()
            await asyncio.sleep(0)
        finally:
            loop.set_exception_handler(old_handler)
    assert loop_errors == []
    assert [str(w.message) for w in caught] == []
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    # discord.Client.__init__ always warns about optional voice dependencies.
    assert [m for m in logged if "voice will NOT be supported" not in m] == []


@pytest.mark.asyncio
@pytest.mark.parametrize("compression", ["auto", "none"])
async def test_ping_dm_and_heartbeats(caplog: pytest.LogCaptureFixture, compression: Any) -> None:
    trader = make_user("trader")
    guild = make_guild("Trade Desk", members=[make_member(trader)])
    async with (
        strict_runtime(caplog),
        DiscordEmulator(guilds=[guild], heartbeat_interval_ms=150, compression=compression) as emu,
    ):
        bot = build_bot()
        async with running_bot(emu, bot):
            assert bot.user is not None and bot.user.id == int(emu.bot_user["id"])
            g = bot.get_guild(int(guild["id"]))
            assert g is not None and g.me is not None and g.owner_id == int(guild["owner_id"])

            synced = await bot.tree.sync()
            assert {c.name for c in synced} == {"ping", "ingest", "panel"}
            put = emu.find_requests("PUT", rf"/applications/{emu.application_id}/commands")[0]
            assert {c["name"] for c in put.json} == {"ping", "ingest", "panel"}

            interaction = await emu.send_interaction(
                emu.slash_command("ping", user=trader, guild_id=guild["id"])
            )
            assert interaction["data"]["id"] == next(str(c.id) for c in synced if c.name == "ping")
            callback = await emu.wait_for_callback(interaction)
            assert callback.json == {"type": 5}
            assert callback.query == {"with_response": "1"}
            followup = await emu.wait_for_followup(interaction)
            assert followup.json["content"] == "pong from trader"
            assert followup.query["wait"] == "1"
            assert followup.monotonic >= callback.monotonic

            dm = emu.message("hello bot", author=trader)
            assert await emu.dispatch("MESSAGE_CREATE", dm)
            reply = await emu.wait_for_request(
                method="POST", path=rf"/channels/{dm['channel_id']}/messages"
            )
            assert reply.json["content"] == "echo: hello bot"

            await asyncio.sleep(0.5)
        assert len(emu.heartbeats) >= 3
        assert len(emu.heartbeat_acks) == len(emu.heartbeats)
        gaps = [b - a for a, b in itertools.pairwise(emu.heartbeats[1:])]
        assert gaps and 0.1 < statistics.median(gaps) < 0.3
        assert emu.unhandled_requests == [] and emu.errors == []
        assert emu.identify_payloads[0]["token"] == TOKEN
        expected = (
            discord.utils._ActiveDecompressionContext.COMPRESSION_TYPE
            if compression == "auto"
            else None
        )
        assert emu.gateway_compressions == [expected]


@pytest.mark.asyncio
async def test_attachment_option_and_file_upload(caplog: pytest.LogCaptureFixture) -> None:
    async with strict_runtime(caplog), DiscordEmulator(guilds=[make_guild("Desk")]) as emu:
        bot = build_bot()
        async with running_bot(emu, bot):
            await bot.tree.sync()
            csv = emu.add_attachment("trades.csv", b"sym,qty\naapl,3\n", content_type="text/csv")
            options = {"file": csv, "note": "ok"}
            # No guild_id: the command is used in the bot's DM with the user.
            interaction = await emu.send_interaction(emu.slash_command("ingest", options))
            assert interaction["data"]["options"][0] == {
                "name": "file",
                "type": 11,
                "value": csv["id"],
            }
            callback = await emu.wait_for_callback(interaction)
            assert callback.json["type"] == 4
            assert callback.json["data"]["content"] == "trades.csv: 15 bytes ok"
            assert [(f.field_name, f.filename, f.data) for f in callback.files] == [
                ("files[0]", "report.csv", b"SYM,QTY\nAAPL,3\n")
            ]
            assert (
                callback.response["resource"]["message"]["attachments"][0]["filename"]
                == "report.csv"
            )
        assert emu.unhandled_requests == [] and emu.errors == []


@pytest.mark.asyncio
async def test_button_click_guild_message_and_thread(caplog: pytest.LogCaptureFixture) -> None:
    trader = make_user("trader")
    desk = make_role("desk", permissions=discord.Permissions(manage_messages=True).value)
    guild = make_guild(
        "Desk",
        members=[make_member(trader, roles=[desk])],
        roles=[desk],
        channels=[make_channel("floor")],
    )
    async with strict_runtime(caplog), DiscordEmulator(guilds=[guild]) as emu:
        bot = build_bot()
        async with running_bot(emu, bot):
            # Nothing is guild-scoped: an empty guild PUT, then the global one.
            await bot.tree.sync(guild=discord.Object(int(guild["id"])))
            await bot.tree.sync()
            panel = await emu.send_interaction(
                emu.slash_command("panel", user=trader, guild_id=guild["id"])
            )
            member = panel["member"]
            assert discord.Permissions(int(member["permissions"])).manage_messages
            assert not discord.Permissions(int(member["permissions"])).administrator
            callback = await emu.wait_for_callback(panel)
            message_id = callback.response["interaction"]["response_message_id"]
            assert callback.json["data"]["components"][0]["components"][0]["custom_id"] == "confirm"

            click = await emu.send_interaction(
                emu.component_click(message_id, "confirm", user=trader)
            )
            update = await emu.wait_for_callback(click)
            assert update.json["type"] == 7 and update.json["data"]["content"] == "confirmed"
            assert emu.messages[int(message_id)]["content"] == "confirmed"

            await emu.send_user_message("thread please", trader, guild_id=guild["id"])
            thread = await emu.wait_for_request(
                method="POST", path=r"/channels/\d+/messages/\d+/threads"
            )
            assert thread.json["name"] == "discussion" and thread.status == 201
            bot_guild = bot.get_guild(int(guild["id"]))
            assert bot_guild is not None
            await eventually(lambda: bot_guild.get_thread(int(thread.response["id"])) is not None)

            with pytest.raises(discord.NotFound):
                await bot.fetch_guild(int(guild["id"]))  # not emulated → recorded 404
        assert [r.path for r in emu.unhandled_requests] == [f"/guilds/{guild['id']}"]
        assert emu.errors == []


@pytest.mark.asyncio
async def test_message_content_intent_is_enforced() -> None:
    async with DiscordEmulator(guilds=[make_guild("Desk")]) as emu:
        bot = commands.Bot(
            command_prefix="!", intents=discord.Intents.default(), guild_ready_timeout=0.05
        )
        seen: list[str] = []

        @bot.event
        async def on_message(message: discord.Message) -> None:
            seen.append(message.content)

        async with running_bot(emu, bot):
            await emu.send_user_message("secret", guild_id=int(next(iter(emu.guilds))))
            await emu.send_user_message("dm text")
            await eventually(lambda: len(seen) == 2)
        assert seen == ["", "dm text"]


@pytest.mark.asyncio
async def test_zlib_stream_gateway_frames() -> None:
    """Clients without zstandard ask for zlib-stream: frames end with Z_SYNC_FLUSH."""
    async with DiscordEmulator() as emu, aiohttp.ClientSession() as session:
        url = f"{emu.gateway_url}?v=10&encoding=json&compress=zlib-stream"
        async with session.ws_connect(url) as ws:
            inflate = zlib.decompressobj()
            hello = await ws.receive_bytes(timeout=2)
            assert hello.endswith(b"\x00\x00\xff\xff")
            assert json.loads(inflate.decompress(hello))["op"] == 10
            await ws.send_json({"op": 2, "d": {"token": TOKEN, "intents": 1, "properties": {}}})
            ready = json.loads(inflate.decompress(await ws.receive_bytes(timeout=2)))
            assert (ready["t"], ready["s"], ready["d"]["user"]["id"]) == (
                "READY",
                1,
                emu.bot_user["id"],
            )
            await ws.send_json({"op": 1, "d": 1})
            ack = json.loads(inflate.decompress(await ws.receive_bytes(timeout=2)))
            assert ack["op"] == 11 and len(emu.heartbeats) == 1


@pytest.mark.asyncio
async def test_groups_modal_dm_members_and_resume(caplog: pytest.LogCaptureFixture) -> None:
    trader, other = make_user("trader"), make_user("other")
    mod = make_role("mod", permissions=discord.Permissions(administrator=True).value)
    guild = make_guild(
        "Desk", members=[make_member(trader, roles=[mod]), make_member(other)], roles=[mod]
    )
    gid = int(guild["id"])
    intents = discord.Intents.default()
    intents.members = True
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, guild_ready_timeout=0.05)
    events: list[Any] = []

    admin = app_commands.Group(name="admin", description="admin")
    users = app_commands.Group(name="users", description="users", parent=admin)

    @users.command(name="inspect", description="inspect")
    async def inspect(
        interaction: discord.Interaction, who: discord.Member, amount: float, role: discord.Role
    ) -> None:
        await interaction.response.defer(ephemeral=True)
        original = await interaction.original_response()
        events.append(("original", original.flags.ephemeral))
        admin_flag = interaction.permissions.administrator
        await interaction.edit_original_response(
            content=f"{who.name} {amount} {role.name} {admin_flag}"
        )
        await who.send("hi from bot")

    bot.tree.add_command(admin, guild=discord.Object(gid))

    class Order(discord.ui.Modal, title="Order"):
        qty: discord.ui.TextInput[Order] = discord.ui.TextInput(label="qty", custom_id="qty")

        async def on_submit(self, interaction: discord.Interaction) -> None:
            await interaction.response.send_message(f"qty={self.qty.value}", ephemeral=True)

    @bot.tree.command(name="order", description="order")
    async def order(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(Order())

    @bot.event
    async def on_resumed() -> None:
        events.append("resumed")

    async with strict_runtime(caplog), DiscordEmulator(guilds=[guild]) as emu:
        async with running_bot(emu, bot):
            g = bot.get_guild(gid)
            assert g is not None and g.chunked and len(g.members) == 4  # owner, trader, other, bot
            assert [m.name for m in await g.query_members(user_ids=[int(other["id"])])] == ["other"]
            assert any(frame["op"] == 8 for _, frame in emu.gateway_frames)  # REQUEST_GUILD_MEMBERS

            await bot.tree.sync(guild=discord.Object(gid))
            await bot.tree.sync()
            options = {"who": other, "amount": 2, "role": mod}
            inspect_cmd = await emu.send_interaction(
                emu.slash_command("admin users inspect", options, user=trader, guild_id=gid)
            )
            assert inspect_cmd["data"]["guild_id"] == str(gid)  # guild-scoped command
            assert (await emu.wait_for_callback(inspect_cmd)).json == {
                "type": 5,
                "data": {"flags": 64},
            }
            edit = await emu.wait_for_followup(
                inspect_cmd, method="PATCH", path_suffix="/messages/@original"
            )
            assert edit.json["content"] == "other 2.0 mod True"
            dm = await emu.wait_for_request(method="POST", path="/users/@me/channels")
            assert dm.json == {"recipient_id": int(other["id"])}
            sent = await emu.wait_for_request(
                method="POST", path=f"/channels/{dm.response['id']}/messages"
            )
            assert sent.json["content"] == "hi from bot"
            assert events == [("original", True)]

            order_cmd = await emu.send_interaction(emu.slash_command("order", user=trader))
            modal = await emu.wait_for_callback(order_cmd)
            assert modal.json["type"] == 9
            submit = await emu.send_interaction(
                emu.modal_submit(modal.json["data"]["custom_id"], {"qty": "7"}, user=trader)
            )
            assert (await emu.wait_for_callback(submit)).json["data"]["content"] == "qty=7"

            await emu.send_op(7)  # RECONNECT → client RESUMEs on resume_gateway_url
            await eventually(lambda: "resumed" in events)
            assert any(frame["op"] == 6 for _, frame in emu.gateway_frames)
        assert emu.unhandled_requests == [] and emu.errors == []


# --------------------------------------------------------------- as strict as Discord


def strict_bot() -> commands.Bot:
    """A bot whose commands break Discord's rules on request (see each test)."""
    bot = commands.Bot(
        command_prefix="!", intents=discord.Intents.default(), guild_ready_timeout=0.05
    )

    @bot.tree.command(name="late", description="Answers after a delay")
    async def late(interaction: discord.Interaction, delay: float, defer: bool = False) -> None:
        if defer:
            await interaction.response.defer(thinking=True)
        await asyncio.sleep(delay)
        if defer:
            await interaction.followup.send("done")
        else:
            await interaction.response.send_message("done")

    @bot.tree.command(name="notes", description="Public defer, then 'private' follow-ups")
    async def notes(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("first", ephemeral=True)
        await interaction.followup.send("second", ephemeral=True)

    @bot.tree.command(name="admin", description="Guild only")
    @app_commands.guild_only()
    async def admin(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("ok")

    @bot.tree.command(name="pick", description="Autocompleted")
    async def pick(interaction: discord.Interaction, item: str) -> None:
        await interaction.response.send_message(item)

    @pick.autocomplete("item")
    async def items(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        count = 30 if current == "many" else 3
        return [
            app_commands.Choice(name=f"{current}{i}", value=f"{current}{i}") for i in range(count)
        ]

    return bot


def error_code(exc: discord.HTTPException) -> int:
    return exc.code


@pytest.mark.asyncio
async def test_message_and_embed_limits_are_enforced() -> None:
    async with DiscordEmulator(guilds=[make_guild("Desk")]) as emu:
        bot = strict_bot()
        async with running_bot(emu, bot):
            channel = bot.get_channel(int(emu.text_channel(next(iter(emu.guilds)))["id"]))
            assert isinstance(channel, discord.TextChannel)
            await channel.send("x" * 2000)
            too_much: list[dict[str, Any]] = [
                {"content": "x" * 2001},
                {"embed": discord.Embed(description="x" * 4097)},
                {"embed": discord.Embed(title="x" * 257)},
                {"embeds": [discord.Embed(description="x" * 3000) for _ in range(3)]},
                {"embed": discord.Embed().set_footer(text="x" * 2049)},
            ]
            fields = discord.Embed()
            for i in range(26):
                fields.add_field(name=f"n{i}", value="v")
            too_much.append({"embed": fields})
            too_much.append({"embed": discord.Embed().add_field(name="n", value="v" * 1025)})
            for body in too_much:
                with pytest.raises(discord.HTTPException) as raised:
                    await channel.send(**body)
                assert error_code(raised.value) == 50035, body
            with pytest.raises(discord.HTTPException) as empty:
                await channel.send(embeds=[])
            assert error_code(empty.value) == 50006
    rows = [{"type": 1, "components": [{"type": 2, "style": 2, "custom_id": "c" * 101}]}]
    assert "components.0.components.0.custom_id" in message_errors({"components": rows})
    assert message_errors({"components": [{"type": 1, "components": []}] * 6})
    assert message_errors({"embeds": [{"description": "x"}] * 11})  # discord.py stops these too


@pytest.mark.asyncio
async def test_first_followup_after_a_public_defer_replaces_it_and_stays_public() -> None:
    guild = make_guild("Desk")
    async with DiscordEmulator(guilds=[guild]) as emu:
        bot = strict_bot()
        async with running_bot(emu, bot):
            await bot.tree.sync()
            notes = await emu.send_interaction(emu.slash_command("notes", guild_id=guild["id"]))
            callback = await emu.wait_for_callback(notes)
            original = callback.response["resource"]["message"]["id"]
            await emu.wait_for_request(
                lambda r: (r.json or {}).get("content") == "second", method="POST"
            )
            first, second = emu.find_requests("POST", rf"/webhooks/\d+/{notes['token']}")
            assert first.response["id"] == original, "the first follow-up IS the thinking message"
            assert not first.response["flags"] & 64, "…and stays public despite ephemeral=True"
            assert second.response["id"] != original and second.response["flags"] & 64


@pytest.mark.asyncio
async def test_deadline_token_lifetime_and_guild_only_commands() -> None:
    # Margins of a second or more: on a loaded machine a defer can take a few hundred ms.
    guild = make_guild("Desk")
    assert DiscordEmulator().interaction_response_deadline == 3.0
    assert DiscordEmulator().interaction_token_lifetime == 15 * 60.0
    async with DiscordEmulator(
        guilds=[guild], interaction_response_deadline=1.0, interaction_token_lifetime=2.0
    ) as emu:
        bot = strict_bot()
        async with running_bot(emu, bot):
            await bot.tree.sync()
            slow = await emu.send_interaction(
                emu.slash_command("late", {"delay": 1.5}, guild_id=guild["id"])
            )
            too_late = await emu.wait_for_callback(slow)
            assert too_late.status == 404 and too_late.response["code"] == 10062
            expired = await emu.send_interaction(
                emu.slash_command("late", {"delay": 2.5, "defer": True}, guild_id=guild["id"])
            )
            followup = await emu.wait_for_followup(expired)
            assert followup.status == 401 and followup.response["code"] == 50027
            with pytest.raises(CommandUnavailable):
                emu.slash_command("admin")  # a DM
            with pytest.raises(CommandUnavailable):
                emu.slash_command("never-synced", guild_id=guild["id"])
            assert emu.slash_command("late", {"delay": 0.0})["data"]["name"] == "late"


@pytest.mark.asyncio
async def test_channel_permissions_as_discord_checks_them() -> None:
    guild = make_guild("Desk", channels=[make_channel("floor"), make_channel("quiet")])
    async with DiscordEmulator(guilds=[guild]) as emu:
        floor, quiet = (int(c["id"]) for c in emu.guilds[int(guild["id"])]["channels"])
        await emu.deny_bot(floor, discord.Permissions(embed_links=True, read_message_history=True))
        await emu.deny_bot(
            quiet, discord.Permissions(send_messages=True, create_public_threads=True)
        )
        bot = strict_bot()
        async with running_bot(emu, bot):
            floor_channel, quiet_channel = bot.get_channel(floor), bot.get_channel(quiet)
            assert isinstance(floor_channel, discord.TextChannel)
            assert isinstance(quiet_channel, discord.TextChannel)
            assert not floor_channel.permissions_for(floor_channel.guild.me).embed_links
            await floor_channel.send("plain text is fine")
            with pytest.raises(discord.Forbidden) as no_embeds:
                await floor_channel.send(embed=discord.Embed(description="x"))
            assert error_code(no_embeds.value) == 50013
            asked = emu.message("question?", channel_id=floor)
            with pytest.raises(discord.HTTPException) as no_history:
                reference = discord.MessageReference(message_id=int(asked["id"]), channel_id=floor)
                await floor_channel.send("answer", reference=reference)
            assert error_code(no_history.value) == 160002
            with pytest.raises(discord.Forbidden):
                await quiet_channel.send("hello")
            with pytest.raises(discord.Forbidden):
                await quiet_channel.create_thread(name="t", type=discord.ChannelType.public_thread)


@pytest.mark.asyncio
async def test_rate_limits_and_server_errors_on_request(caplog: pytest.LogCaptureFixture) -> None:
    async with DiscordEmulator(guilds=[make_guild("Desk")]) as emu:
        bot = strict_bot()
        async with running_bot(emu, bot):
            channel = bot.get_channel(int(emu.text_channel(next(iter(emu.guilds)))["id"]))
            assert isinstance(channel, discord.TextChannel)
            path = rf"/channels/{channel.id}/messages"
            emu.fail_next("POST", path, status=429, retry_after=0.05)
            emu.fail_next("POST", path, status=502)
            await channel.send("eventually")
            statuses = [r.status for r in emu.find_requests("POST", path)]
            assert statuses == [429, 502, 200]
            limited = emu.find_requests("POST", path)[0]
            assert limited.response["retry_after"] == 0.05


@pytest.mark.asyncio
async def test_a_reply_mentions_its_author_and_autocomplete_is_checked() -> None:
    guild = make_guild("Desk")
    async with DiscordEmulator(guilds=[guild]) as emu:
        bot = strict_bot()
        async with running_bot(emu, bot):
            await bot.tree.sync()
            channel = int(emu.text_channel(guild["id"])["id"])
            bot_message = emu._bot_message(channel, {"content": "answer"}, [], webhook=False)
            reply = emu.message(
                "thanks!", channel_id=channel, reference={"message_id": bot_message["id"]}
            )
            assert [u["id"] for u in reply["mentions"]] == [emu.bot_user["id"]]
            quiet = emu.message(
                "thanks!",
                channel_id=channel,
                reference={"message_id": bot_message["id"]},
                ping_reply=False,
            )
            assert quiet["mentions"] == []

            typing = await emu.send_interaction(
                emu.autocomplete("pick", {"item": "ab"}, "item", guild_id=guild["id"])
            )
            offered = await emu.wait_for_callback(typing)
            assert offered.json["type"] == 8 and offered.status == 200
            assert [c["value"] for c in offered.json["data"]["choices"]] == ["ab0", "ab1", "ab2"]
            many = await emu.send_interaction(
                emu.autocomplete("pick", {"item": "many"}, "item", guild_id=guild["id"])
            )
            refused = await emu.wait_for_callback(many)
            assert refused.status == 400 and refused.response["code"] == 50035
