"""Fact tables as embeds: one row per line with its source number, sources as fields.

A report is rendered through the same path as an answer (``render.answer_messages``), so the
splitting and every Discord limit are handled in one place. A long report is one message with
◀ ▶ pages of :data:`ROWS_PER_PAGE` rows (each page lists the sources its rows cite), never a
flood of messages; ``private`` shows it to the member only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import discord
from discord import app_commands
from discord.ext import commands

from bot.discordbot import render
from bot.discordbot.cogs.ask import show_pages
from bot.discordbot.replies import NOT_BUILT, apology, defer, log_error, send_private
from bot.facts.index import FactDesk
from bot.facts.report import FactReport, Kind, build_report, source_marks
from bot.models import Answer, Passage
from bot.retrieval.hybrid import IndexNotBuiltError

TITLES: dict[Kind, str] = {
    "tariffs": "Tariff measures",
    "who": "People in the articles",
    "positions": "Positions",
    "timeline": "Timeline",
}
Filter = app_commands.Range[str, 1, 100]
EMPTY = "Nothing in the indexed articles matches."
ROWS_PER_PAGE = 12
PRIVATE = "Show the table to you only (default: everyone in the channel sees it)"


class FactsCog(commands.Cog, name="Facts"):
    def __init__(self, facts: FactDesk, passage: Callable[[str], Passage | None]) -> None:
        self.facts = facts
        self.passage = passage

    @app_commands.command(
        name="tariffs", description="Tariff measures in the articles, newest first"
    )
    @app_commands.describe(
        country="Imposed by or on this country, e.g. Japan",
        product="e.g. cars, steel",
        private=PRIVATE,
    )
    async def tariffs(
        self,
        interaction: discord.Interaction,
        country: Filter | None = None,
        product: Filter | None = None,
        private: bool = False,
    ) -> None:
        await self._show(interaction, "tariffs", private, country=country, product=product)

    @app_commands.command(name="who", description="People in the articles and their roles")
    @app_commands.describe(name="A name or part of one, e.g. Akazawa", private=PRIVATE)
    async def who(
        self, interaction: discord.Interaction, name: Filter | None = None, private: bool = False
    ) -> None:
        await self._show(interaction, "who", private, name=name)

    @app_commands.command(name="positions", description="What each side wants, by topic")
    @app_commands.describe(
        topic="e.g. tariffs, exchange rates, investment, agriculture", private=PRIVATE
    )
    async def positions(
        self, interaction: discord.Interaction, topic: Filter | None = None, private: bool = False
    ) -> None:
        await self._show(interaction, "positions", private, topic=topic)

    @app_commands.command(name="timeline", description="Dated measures and positions in order")
    @app_commands.describe(private=PRIVATE)
    async def timeline(self, interaction: discord.Interaction, private: bool = False) -> None:
        await self._show(interaction, "timeline", private)

    async def _show(
        self, interaction: discord.Interaction, kind: Kind, private: bool, **filters: str | None
    ) -> None:
        await defer(interaction, private)
        try:
            report = await asyncio.to_thread(self._report, kind, filters)
        except IndexNotBuiltError:
            await send_private(interaction, NOT_BUILT)
            return
        except Exception as exc:
            await send_private(interaction, apology(log_error(f"/{kind}", exc)))
            return
        await show_pages(interaction, report_pages(report, describe(kind, filters)), private)

    def _report(self, kind: Kind, filters: dict[str, str | None]) -> FactReport:
        return build_report(kind, self.facts.ledger(), self.passage, **filters)


def report_pages(report: FactReport, title: str) -> list[list[discord.Embed]]:
    """The report as pages of :data:`ROWS_PER_PAGE` rows, each with the sources it cites."""
    chunks = [
        report.rows[i : i + ROWS_PER_PAGE] for i in range(0, len(report.rows), ROWS_PER_PAGE)
    ] or [[]]
    pages: list[list[discord.Embed]] = []
    for number, rows in enumerate(chunks, 1):
        cited = {row.source for row in rows}
        part = FactReport(report.kind, list(rows), [c for c in report.citations if c.n in cited])
        heading = f"{title} · {number}/{len(chunks)}" if len(chunks) > 1 else title
        pages.extend(render.answer_messages(as_answer(part, heading)))
    return pages


def describe(kind: Kind, filters: dict[str, str | None]) -> str:
    chosen = ", ".join(f"{key}: {value}" for key, value in filters.items() if value)
    return f"{TITLES[kind]} ({chosen})" if chosen else TITLES[kind]


def as_answer(report: FactReport, title: str) -> Answer:
    """A report in the shape of an answer: rows with ``[n]`` markers, citations as sources."""
    lines: list[str] = []
    for section, rows in report.lines():  # tariffs: in force now, then pending, then replaced
        if section:
            lines.append(f"**{section}**")
        lines.extend(f"• {summary} {source_marks(ns)}".rstrip() for summary, ns in rows)
    return Answer(
        question=title,
        text="\n".join(lines) or EMPTY,
        refused=False,
        citations=tuple(report.citations),
        backend="facts",
    )


__all__ = ["FactsCog", "as_answer", "describe"]
