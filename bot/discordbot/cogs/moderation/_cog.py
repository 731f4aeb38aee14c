"""Moderator tools: ``/reindex [full]``, ``/ingest file`` and ``/forget source``.

The commands are guild-only and hidden from members by default (``default_permissions``), but
that default is only a hint server admins can change, so every handler checks the member too.

A reindex can take minutes: the handler acknowledges at once, the reindexer is called from a
worker thread (in production it runs the job in a child process, see ``reindex.py``), and a
background task edits the reply with the progress and then the counts. Only one job runs at a
time. Interaction tokens expire after 15 minutes, so a longer job posts its result to the
channel instead.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Protocol, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.discordbot import render
from bot.discordbot.cogs.moderation._files import (
    FileRefused,
    forget_source,
    safe_name,
    store_upload,
)
from bot.discordbot.reindex import Reindexer
from bot.discordbot.replies import apology, is_moderator, log_error, send_private
from bot.fetch.client import FetchError, check_url
from bot.fetch.links import LinkAdder
from bot.index.lock import IndexBusyError
from bot.ingest.loader import MAX_FILE_BYTES
from bot.ingest.pipeline import (
    EmptyKnowledgeError,
    KnowledgeDirError,
    Progress,
    ProgressCallback,
    ReindexReport,
)
from bot.models import Passage
from bot.textsafe import clean, for_discord

log = logging.getLogger(__name__)

STAGES = {
    "scan": "reading the articles",
    "copy": "copying unchanged passages",
    "embed": "embedding new passages",
    "finalise": "building the keyword index",
    "done": "publishing",
    "fetch": "fetching the page",
}
AUTOCOMPLETE_WAIT_S = 2.0
"""Discord waits 3 s for suggestions; what is not ready by then is offered on the next key."""
AUTOCOMPLETE_CHOICES = 25
AUTOCOMPLETE_CHARS = 100
NOT_ALLOWED = "Only moderators of this server can do that."
NOT_IN_DM = "Moderator commands work in a server channel, not in direct messages."
ONE_SOURCE = "Give either a file or a url to /ingest, not both and not neither."
T = TypeVar("T")


class PassageSource(Protocol):
    def passages(self) -> list[Passage]: ...


@dataclass
class Job:
    """The one running job; ``progress`` is written by the worker thread, read by the loop."""

    title: str
    requested_by: str
    started: float = field(default_factory=time.monotonic)
    progress: Progress | None = None

    def on_progress(self, event: Progress) -> None:
        self.progress = event

    def status(self) -> str:
        elapsed = f"{time.monotonic() - self.started:.0f} s"
        event = self.progress
        if event is None:
            return f"⏳ {self.title}: starting… ({elapsed})"
        stage = STAGES.get(event.stage, event.stage)
        count = f" {event.done:,}/{event.total:,}" if event.stage in ("copy", "embed") else ""
        return f"⏳ {self.title}: {stage}{count} ({elapsed})"


class Reply:
    """Edits the job's reply while the interaction token is valid, then posts to the channel."""

    def __init__(self, interaction: discord.Interaction, deadline_s: float) -> None:
        self.interaction = interaction
        self.deadline = time.monotonic() + deadline_s

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self.deadline

    async def progress(self, text: str) -> None:
        if self.expired:
            return
        try:
            await self.interaction.edit_original_response(content=text)
        except discord.HTTPException as exc:  # progress is best effort; the result is not
            log.debug("progress edit failed: %s", exc)

    async def finish(self, text: str, requested_by: str) -> None:
        text = render.content_messages(text)[0]
        if not self.expired:
            try:
                await self.interaction.edit_original_response(content=text)
                return
            except discord.HTTPException as exc:
                log.info("could not edit the reply (%s); posting to the channel", exc)
        channel = self.interaction.channel
        if channel is None or not isinstance(channel, discord.abc.Messageable):
            log.warning("job result could not be posted anywhere: %s", text)
            return
        note = f"\n(requested by {requested_by}; too long to update the original reply)"
        try:
            await channel.send(render.content_messages(text + note)[0])
        except discord.HTTPException as exc:
            log.warning("job result could not be posted to the channel (%s): %s", exc, text)


class ModerationCog(commands.Cog, name="Moderation"):
    def __init__(
        self,
        bot: commands.Bot,
        indexer: Reindexer,
        sources: PassageSource,
        knowledge_dir: Path,
        forgotten_dir: Path,
        moderator_role_ids: Collection[int],
        progress_interval_s: float = 2.0,
        reply_deadline_s: float = 14 * 60.0,
        links: LinkAdder | None = None,
    ) -> None:
        self.bot = bot
        self.indexer = indexer
        self.sources = sources
        self.knowledge_dir = knowledge_dir
        self.forgotten_dir = forgotten_dir
        self.moderator_role_ids = moderator_role_ids
        self.progress_interval_s = progress_interval_s
        self.reply_deadline_s = reply_deadline_s
        self.links = links
        self.job: Job | None = None
        self._names: list[str] | None = None
        self._names_task: asyncio.Future[list[str]] | None = None
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="tradebot-reindex")
        self._tasks: set[asyncio.Task[None]] = set()

    async def cog_unload(self) -> None:
        for task in self._tasks:
            task.cancel()
        cancel = getattr(self.indexer, "cancel", None)
        if callable(cancel):
            cancel()
        self._executor.shutdown(wait=False, cancel_futures=True)

    # --- commands ---------------------------------------------------------------------------

    @app_commands.command(name="reindex", description="Re-read the knowledge folder (moderators)")
    @app_commands.describe(full="Re-embed every article from scratch (slower)")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def reindex(self, interaction: discord.Interaction, full: bool = False) -> None:
        title = "Full reindex" if full else "Reindex"
        job = await self._start(interaction, title)
        if job is not None:
            work = partial(self.indexer.reindex, self.knowledge_dir, full)
            self._spawn(self._run(interaction, job, None, work, f"✅ {title} finished"))

    @app_commands.command(
        name="ingest", description="Add an article file and index it (moderators)"
    )
    @app_commands.describe(
        file="A .md (with or without front matter), .txt or .html article",
        url="A link to a web page (http or https) to fetch and add",
    )
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def ingest(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment | None = None,
        url: str | None = None,
    ) -> None:
        if (file is None) == (url is None):
            await self._refuse(interaction, ONE_SOURCE)
            return
        if url is not None:
            await self._ingest_url(interaction, url)
            return
        assert file is not None
        try:
            name = safe_name(file.filename)
            if file.size > MAX_FILE_BYTES:
                raise FileRefused(f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
        except FileRefused as exc:
            shown = discord.utils.escape_markdown(clean(file.filename))
            await self._refuse(interaction, clean(f"Could not add {shown}: {exc}."))
            return
        job = await self._start(interaction, f"Adding {name}")
        if job is None:
            return

        async def prepare() -> str:
            try:
                data = await file.read()
            except discord.HTTPException as exc:
                raise FileRefused(
                    "the file could not be downloaded from Discord; try again"
                ) from exc
            replaced = await asyncio.to_thread(
                store_upload, data, name, self.knowledge_dir, self.forgotten_dir
            )
            kept = " (it replaces the previous version; a copy of that is kept on the server)"
            return f"✅ Added {name}" + (kept if replaced else "")

        work = partial(self.indexer.reindex, self.knowledge_dir, False)
        self._spawn(self._run(interaction, job, prepare, work, ""))

    async def _ingest_url(self, interaction: discord.Interaction, url: str) -> None:
        """``/ingest url:``: fetched with the rules of ``tradebot add``, then indexed."""
        try:
            if self.links is None:
                raise FetchError("adding by link is not set up on this bot")
            link = check_url(url)
        except FetchError as exc:
            shown = render.shorten(clean(url), 80)
            await self._refuse(interaction, f"Could not add {shown}: {exc}.")
            return
        job = await self._start(interaction, f"Adding {render.shorten(link, 80)}")
        if job is None:
            return
        links = self.links

        async def prepare() -> str:
            job.on_progress(Progress("fetch", 0, 1))
            (outcome,) = await asyncio.to_thread(links.add, [link])
            if outcome.page is None:
                raise FileRefused(outcome.error)
            page = outcome.page
            verb = {"added": "Added", "updated": "Updated", "unchanged": "Already had"}
            return f"✅ {verb[page.status]} {page.title} ({page.path})"

        work = partial(self.indexer.reindex, self.knowledge_dir, False)
        self._spawn(self._run(interaction, job, prepare, work, ""))

    @app_commands.command(name="forget", description="Remove an article and reindex (moderators)")
    @app_commands.describe(source="The article, as listed by /sources")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def forget(self, interaction: discord.Interaction, source: str) -> None:
        job = await self._start(interaction, f"Forgetting {render.shorten(clean(source), 80)}")
        if job is None:
            return

        async def prepare() -> str:
            removed = await asyncio.to_thread(
                forget_source, source, self.knowledge_dir, self.forgotten_dir
            )
            return f"✅ Forgot {removed} (a copy is kept on the server)"

        work = partial(self.indexer.reindex, self.knowledge_dir, False)
        self._spawn(self._run(interaction, job, prepare, work, ""))

    @forget.autocomplete("source")
    async def _source_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild is None or not is_moderator(interaction.user, self.moderator_role_ids):
            return []
        names = await self._article_names()
        wanted = current.lower()
        found = [n for n in names if wanted in n.lower() and len(n) <= AUTOCOMPLETE_CHARS]
        return [app_commands.Choice(name=n, value=n) for n in found[:AUTOCOMPLETE_CHOICES]]

    async def _article_names(self) -> list[str]:
        """The indexed articles' names, read once per index generation and kept; if reading
        takes longer than Discord waits for suggestions, none are offered this time (the read
        goes on, and the next keystroke gets them)."""
        if self._names is not None:
            return self._names
        if self._names_task is None or self._names_task.done():
            self._names_task = asyncio.ensure_future(asyncio.to_thread(self._read_names))
        try:
            return await asyncio.wait_for(asyncio.shield(self._names_task), AUTOCOMPLETE_WAIT_S)
        except TimeoutError:
            return []
        except Exception as exc:
            log.info("could not list the articles for autocomplete (%s)", exc)
            return []

    def _read_names(self) -> list[str]:
        names = sorted({p.doc_id for p in self.sources.passages()})
        self._names = names
        return names

    # --- jobs -------------------------------------------------------------------------------

    async def run_job(
        self, title: str, requested_by: str, work: Callable[[ProgressCallback], T]
    ) -> T | None:
        """Run ``work`` in the one job slot (scheduled jobs: the feed poll); None if busy."""
        if self.job is not None:
            return None
        job = Job(title, requested_by)
        self.job = job
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._executor, work, job.on_progress)
        finally:
            self.job = None

    async def _allowed(self, interaction: discord.Interaction) -> bool:
        """True for moderators; anyone else (and anyone in a DM) gets a private refusal."""
        if interaction.guild is None:
            await send_private(interaction, NOT_IN_DM)
            return False
        if not is_moderator(interaction.user, self.moderator_role_ids):
            await send_private(interaction, NOT_ALLOWED)
            return False
        return True

    async def _refuse(self, interaction: discord.Interaction, reason: str) -> None:
        """Bad input, said privately to a moderator (others get the moderator refusal)."""
        if await self._allowed(interaction):
            await send_private(interaction, reason)

    async def _start(self, interaction: discord.Interaction, title: str) -> Job | None:
        """Claim the one job slot and acknowledge, or refuse privately and return None."""
        if not await self._allowed(interaction):
            return None
        if self.job is not None:
            running = self.job
            await send_private(
                interaction,
                f"A job is already running ({running.title}, started by {running.requested_by} "
                f"{time.monotonic() - running.started:.0f} s ago); try again when it has finished.",
            )
            return None
        job = Job(title, interaction.user.display_name)
        self.job = job  # claimed before the first await below, so two requests cannot race
        try:
            await interaction.response.defer(thinking=True, ephemeral=True)
        except BaseException:
            self.job = None
            raise
        return job

    def _spawn(self, coroutine: Awaitable[None]) -> None:
        task: asyncio.Task[None] = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(
        self,
        interaction: discord.Interaction,
        job: Job,
        prepare: Callable[[], Awaitable[str]] | None,
        work: Callable[[ProgressCallback], ReindexReport],
        headline: str,
    ) -> None:
        """Prepare (store/move a file), reindex with progress edits, then report."""
        reply = Reply(interaction, self.reply_deadline_s)
        try:
            await reply.progress(job.status())
            if prepare is not None:
                headline = await prepare()
            loop = asyncio.get_running_loop()
            future = loop.run_in_executor(self._executor, work, job.on_progress)
            shown = ""
            while not future.done():
                await asyncio.wait({future}, timeout=self.progress_interval_s)
                status = job.status()
                if not future.done() and status != shown:
                    await reply.progress(status)
                    shown = status
            text = _report(headline, future.result())
        except FileRefused as exc:
            text = f"{job.title} failed: {exc}."
        except IndexBusyError:
            text = "Another reindex is running outside the bot; try again when it has finished."
        except EmptyKnowledgeError:
            text = (
                "The index was left as it was: it would have no article left. Add an article "
                "first, or empty the index from the command line (`tradebot index --allow-empty`)."
            )
        except KnowledgeDirError:
            text = "The knowledge folder is missing on the server; check TRADEBOT_KNOWLEDGE_DIR."
        except Exception as exc:
            text = apology(log_error(f"running the job {job.title!r}", exc))
        finally:
            self.job = None
            self._names = None  # the index may have changed: re-read the names when needed
        await reply.finish(for_discord(text), job.requested_by)


def _report(headline: str, report: ReindexReport) -> str:
    lines = [f"{headline}: {report.summary()}."]
    if not report.changed:
        lines.append("Nothing had changed, so the index was left as it was.")
    for item in report.skipped[:10]:
        lines.append(f"⚠️ skipped {item.path}: {item.reason}")
    if len(report.skipped) > 10:
        lines.append(f"⚠️ … and {len(report.skipped) - 10} more skipped files (see the log)")
    return "\n".join(lines)
