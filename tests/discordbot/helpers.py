"""Spec'd test doubles of discord.py types for unit tests of the cogs.

Like python-discord/bot's helpers: ``MagicMock(spec=...)`` and ``create_autospec`` so that a
misspelt attribute or a wrong call signature fails the test instead of passing silently.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any
from unittest.mock import MagicMock, create_autospec

import discord

_ids = itertools.count(1000)


def make_role(role_id: int) -> MagicMock:
    role = MagicMock(spec=discord.Role)
    role.id = role_id
    return role


def make_member(
    *, manage_guild: bool = False, administrator: bool = False, role_ids: Iterable[int] = ()
) -> MagicMock:
    member = MagicMock(spec=discord.Member)
    member.id = next(_ids)
    member.bot = False
    member.display_name = f"member{member.id}"
    member.resolved_permissions = discord.Permissions(
        manage_guild=manage_guild, administrator=administrator
    )
    member.guild_permissions = member.resolved_permissions
    member.roles = [make_role(r) for r in role_ids]
    return member


def make_user() -> MagicMock:
    user = MagicMock(spec=discord.User)
    user.id = next(_ids)
    user.bot = False
    user.display_name = f"user{user.id}"
    return user


def make_interaction(user: Any = None, *, in_guild: bool = True) -> MagicMock:
    """An interaction whose response and follow-up webhook are autospecced async mocks."""
    interaction = MagicMock(spec=discord.Interaction)
    interaction.user = user if user is not None else make_member()
    interaction.guild = MagicMock(spec=discord.Guild) if in_guild else None
    interaction.response = create_autospec(discord.InteractionResponse, instance=True)
    interaction.response.is_done.return_value = False
    interaction.followup = create_autospec(discord.Webhook, instance=True)
    interaction.channel = create_autospec(discord.TextChannel, instance=True)
    interaction.extras = {}
    return interaction


def respond(interaction: MagicMock) -> None:
    """Make ``response.is_done()`` true from the first response on, like discord.py."""

    def done(*args: Any, **kwargs: Any) -> None:
        interaction.response.is_done.return_value = True

    interaction.response.defer.side_effect = done
    interaction.response.send_message.side_effect = done


def sent_text(mock_send: Any) -> str:
    """The content of the last call of a send-like mock."""
    call = mock_send.call_args
    return str(call.args[0] if call.args else call.kwargs.get("content"))
