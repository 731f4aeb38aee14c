"""The facts cog: unit tests with spec'd doubles, and /tariffs through the emulator."""

from __future__ import annotations

import shutil
from pathlib import Path
from unittest.mock import create_autospec

from bot.app import App
from bot.discordbot.cogs.facts import FactsCog
from bot.discordbot.cogs.facts._cog import as_answer, describe
from bot.discordbot.replies import NOT_BUILT
from bot.facts.index import FactDesk
from bot.facts.report import FactReport, FactRow
from bot.models import Citation
from bot.retrieval.hybrid import IndexNotBuiltError
from tests.conftest import make_settings
from tests.discordbot.conftest import assert_within_limits, running_world
from tests.discordbot.helpers import make_interaction, respond, sent_text
from tests.facts.helpers import FICTION

CITATION = Citation(1, "Deal", "Times", "https://x", "2025-07-22", "a.md", "a.md#1", "15%.")


def test_report_renders_as_an_answer_with_numbered_rows() -> None:
    report = FactReport(
        "tariffs", [FactRow({}, "United States → India · cars · 15%", 1)], [CITATION]
    )
    answer = as_answer(report, describe("tariffs", {"country": "India", "product": None}))
    assert answer.question == "Tariff measures (country: India)"
    assert answer.text == "• United States → India · cars · 15% [1]"
    assert answer.citations == (CITATION,)
    assert as_answer(FactReport("who"), "People").text.startswith("Nothing in the indexed")


def test_tariff_rows_come_under_their_sections() -> None:
    rows = [
        FactRow({}, "United States → India · cars · 25%", 1, "replaced"),
        FactRow({}, "United States → India · cars · 15%", 1, "in force"),
    ]
    text = as_answer(FactReport("tariffs", rows, [CITATION]), "Tariffs").text
    assert text.splitlines() == [
        "**In force now**",
        "• United States → India · cars · 15% [1]",
        "**Replaced, paused or earlier figures**",
        "• United States → India · cars · 25% [1]",
    ]


async def test_index_not_built_is_a_private_note() -> None:
    desk = create_autospec(FactDesk, instance=True)
    desk.ledger.side_effect = IndexNotBuiltError("not built")
    cog = FactsCog(desk, lambda _: None)
    interaction = make_interaction()
    respond(interaction)
    await FactsCog.timeline.callback(cog, interaction)
    # The defer was public, so its "thinking…" is withdrawn and the note sent privately.
    interaction.delete_original_response.assert_awaited_once()
    assert interaction.followup.send.call_args.kwargs == {"ephemeral": True}
    assert NOT_BUILT in sent_text(interaction.followup.send)


async def test_tariffs_through_the_emulator(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    for name in ("india_cars_april.md", "india_cars_july.md"):
        shutil.copy(FICTION / name, knowledge / name)
    app = App(make_settings(tmp_path, knowledge))
    app.indexer.reindex(knowledge)
    async with running_world(app, tmp_path) as world:
        emu = world.emu
        interaction = await emu.send_interaction(
            emu.slash_command(
                "tariffs", {"country": "India"}, user=world.member, guild_id=world.guild_id
            )
        )
        assert (await emu.wait_for_callback(interaction)).json == {"type": 5}
        body = (await emu.wait_for_followup(interaction, timeout=10)).json
        assert_within_limits(body)
        embed = body["embeds"][0]
        assert embed["title"] == "Tariff measures (country: India)"
        lines = embed["description"].splitlines()
        cars = [line for line in lines if "India · cars" in line]
        assert "15%" in cars[0] and cars[0].endswith("[1]") and "25%" in cars[1], "newest first"
        assert embed["fields"][0]["name"].startswith("[1] US and India strike deal")
        assert body["allowed_mentions"] == {"parse": []}
        assert emu.unhandled_requests == [] and emu.errors == []
