"""``tradebot run``: start the Discord bot.

discord.py is imported only when the command runs, so the other subcommands start as fast as
before. The index is built first when there is none, exactly as ``tradebot ask`` does.
"""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli.main import EXIT_ERROR, EXIT_OK, EXIT_USAGE, CliError, Handler
from bot.settings import Settings

NO_TOKEN = (
    "no Discord token: create an application at https://discord.com/developers/applications, "
    "copy its token (Bot → Reset Token) and set DISCORD_TOKEN in the environment or in .env"
)

BAD_TOKEN = (
    "Discord rejected DISCORD_TOKEN; reset the token in the developer portal "
    "(Bot → Reset Token) and set the new one"
)
AUTHENTICATION_FAILED = 4004
"""Gateway close code for a token that is not (or no longer) valid."""


def register_run(sub: Any) -> tuple[str, Handler]:
    sub.add_parser("run", help="start the Discord bot (needs DISCORD_TOKEN)")
    return "run", cmd_run


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    token = settings.discord_token.get_secret_value().strip() if settings.discord_token else ""
    if not token:
        raise CliError(NO_TOKEN, EXIT_USAGE)

    import asyncio

    import discord

    from bot.cli.commands import ready_app
    from bot.discordbot.client import create_bot, point_at
    from bot.index.store import IndexUnavailableError

    app = ready_app(settings)
    # Load the live generation before connecting (and build its fact ledger if this machine
    # has none, ~0.75 s per 1,000 passages): members' first questions should not pay for it.
    try:
        app.retriever.live()
        app.facts.ledger()
    except IndexUnavailableError as exc:
        raise CliError(str(exc)) from exc
    bot = create_bot(app)
    restore = point_at(settings.discord_api_base, settings.discord_gateway_url)

    async def serve() -> None:
        async with bot:
            await bot.start(token)

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        return EXIT_OK
    except discord.LoginFailure as exc:
        raise CliError(BAD_TOKEN, EXIT_USAGE) from exc
    except discord.ConnectionClosed as exc:
        if exc.code == AUTHENTICATION_FAILED:
            raise CliError(BAD_TOKEN, EXIT_USAGE) from exc
        raise CliError(f"the Discord connection ended: {exc}", EXIT_ERROR) from exc
    except (OSError, discord.GatewayNotFound, discord.HTTPException) as exc:
        raise CliError(f"cannot reach Discord: {exc}", EXIT_ERROR) from exc
    finally:
        restore()
    return EXIT_OK
