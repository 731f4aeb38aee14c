"""Fact tables as embeds: one row per line with its source number, sources as fields.

A report is rendered through the same path as an answer (``render.answer_messages``), so the
splitting and every Discord limit are handled in one place.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import discord
from discord import app_commands
from discord.ext import commands

from bot.discordbot import render
from bot.discordbot.replies import NOT_BUILT, apology, log_error
from bot.facts.index import FactDesk
from bot.facts.report import FactReport, Kind, build_report
from bot.models import Answer, Passage
from bot.retrieval.hybrid import IndexNotBuiltError

TITLES: dict[Kind, str] = {
    "tariffs": "Tariff measures",
    "who": "People in the articles",
    "positions": "Positions",
    "timeline": "Timeline",
}
EMPTY = "Nothing in the indexed articles matches."


class FactsCog(commands.Cog, name="Facts"):
    def __init__(self, facts: FactDesk, passage: Callable[[str], Passage | None]) -> None:
        self.facts = facts
        self.passage = passage

    @app_commands.command(
        name="tariffs", description="Tariff measures in the articles, newest first"
    )
    @app_commands.describe(
        country="Imposed by or on this country, e.g. Japan", product="e.g. cars, steel"
    )
    async def tariffs(
        self,
        interaction: discord.Interaction,
        country: str | None = None,
        product: str | None = None,
    ) -> None:
        await self._show(interaction, "tariffs", country=country, product=product)

    @app_commands.command(name="who", description="People in the articles and their roles")
    @app_commands.describe(name="A name or part of one, e.g. Akazawa")
    async def who(self, interaction: discord.Interaction, name: str | None = None) -> None:
        await self._show(interaction, "who", name=name)

    @app_commands.command(name="positions", description="What each side wants, by topic")
    @app_commands.describe(topic="e.g. tariffs, exchange rates, investment, agriculture")
    async def positions(self, interaction: discord.Interaction, topic: str | None = None) -> None:
        await self._show(interaction, "positions", topic=topic)

    @app_commands.command(name="timeline", description="Dated measures and positions in order")
    async def timeline(self, interaction: discord.Interaction) -> None:
        await self._show(interaction, "timeline")

    async def _show(
        self, interaction: discord.Interaction, kind: Kind, **filters: str | None
    ) -> None:
        await interaction.response.defer(thinking=True)
        try:
            report = await asyncio.to_thread(self._report, kind, filters)
        except IndexNotBuiltError:
            await interaction.followup.send(NOT_BUILT, ephemeral=True)
            return
        except Exception as exc:
            await interaction.followup.send(apology(log_error(f"/{kind}", exc)), ephemeral=True)
            return
        for embeds in render.answer_messages(as_answer(report, describe(kind, filters))):
            await interaction.followup.send(embeds=embeds)

    def _report(self, kind: Kind, filters: dict[str, str | None]) -> FactReport:
        return build_report(kind, self.facts.ledger(), self.passage, **filters)


def describe(kind: Kind, filters: dict[str, str | None]) -> str:
    chosen = ", ".join(f"{key}: {value}" for key, value in filters.items() if value)
    return f"{TITLES[kind]} ({chosen})" if chosen else TITLES[kind]


def as_answer(report: FactReport, title: str) -> Answer:
    """A report in the shape of an answer: rows with ``[n]`` markers, citations as sources."""
    rows = [
        f"• {row.summary} [{row.source}]" if row.source else f"• {row.summary}"
        for row in report.rows
    ]
    return Answer(
        question=title,
        text="\n".join(rows) or EMPTY,
        refused=False,
        citations=tuple(report.citations),
        backend="facts",
    )


__all__ = ["FactsCog", "as_answer", "describe"]
