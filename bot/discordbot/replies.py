"""What members see when something goes wrong, and who counts as a moderator.

Internal errors are logged with a short random id and members get an apology carrying only
that id: no traceback, file path or model provider ever leaves the process, yet a moderator can
find the log entry from a screenshot.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Collection

import discord

log = logging.getLogger("bot.discordbot")

NOT_BUILT = "The knowledge index has not been built yet; a moderator can build it with /reindex."


def new_error_id() -> str:
    return secrets.token_hex(4)


def apology(error_id: str) -> str:
    return (
        f"Sorry, something went wrong on my side and I could not finish that. "
        f"If it keeps happening, tell a moderator the error id `{error_id}`."
    )


def log_error(what: str, error: BaseException) -> str:
    """Log ``error`` with its traceback under a new error id; returns the id."""
    error_id = new_error_id()
    log.error("error id %s while %s", error_id, what, exc_info=error)
    return error_id


def polite(message: str) -> str:
    """A user-input problem phrased for a member (the message itself says what to change)."""
    return f"Sorry, I can't answer that: {message}."


PUBLIC_ORIGINAL = "tradebot.public_original"
"""``interaction.extras`` key: the original response is a public message (a public defer)."""


async def defer(interaction: discord.Interaction, private: bool) -> None:
    """Acknowledge now ("thinking…"), shown to the channel unless ``private``.

    Discord turns the first follow-up after a defer into that message, with the defer's
    visibility whatever the follow-up asks; :func:`send_private` relies on what is noted here.
    """
    await interaction.response.defer(thinking=True, ephemeral=private)
    interaction.extras[PUBLIC_ORIGINAL] = not private


async def send_private(interaction: discord.Interaction, text: str) -> None:
    """An ephemeral reply, whether or not the interaction has been responded to yet.

    After a public defer the first follow-up would be public, so the public "thinking…" (or
    progress) message is deleted first; follow-ups after that are private as asked.
    """
    if not interaction.response.is_done():
        await interaction.response.send_message(text, ephemeral=True)
        return
    if interaction.extras.pop(PUBLIC_ORIGINAL, False):
        try:
            await interaction.delete_original_response()
        except discord.HTTPException as exc:
            log.info("could not withdraw the public reply (%s)", exc)
    await interaction.followup.send(text, ephemeral=True)


def is_moderator(user: discord.User | discord.Member, role_ids: Collection[int]) -> bool:
    """Manage Server (or Administrator) in the guild, or one of the configured roles.

    The slash commands' ``default_permissions`` only hide them by default; server admins can
    change that, so this check is what actually guards moderator actions.
    """
    if not isinstance(user, discord.Member):
        return False
    permissions = user.resolved_permissions or user.guild_permissions
    if permissions.administrator or permissions.manage_guild:
        return True
    return any(role.id in role_ids for role in user.roles)


def original_used(interaction: discord.Interaction) -> None:
    """The original response now shows content of its own: never withdraw it."""
    interaction.extras.pop(PUBLIC_ORIGINAL, None)
