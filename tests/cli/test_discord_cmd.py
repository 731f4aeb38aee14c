"""``tradebot run`` as a real process: against the local Discord emulator, and without a token."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from tests.conftest import KNOWLEDGE, ROOT
from tests.support.discord_emulator import DiscordEmulator, make_guild, make_user


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRADEBOT_", "DISCORD_"))}
    env.update(
        TRADEBOT_INDEX_DIR=str(tmp_path / "index"),
        TRADEBOT_KNOWLEDGE_DIR=str(KNOWLEDGE),
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


async def run_bot(tmp_path: Path, **env: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=environment(tmp_path, **env),
        cwd=tmp_path,  # no .env file here
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_run_without_a_token_says_how_to_get_one(tmp_path: Path) -> None:
    process = await run_bot(tmp_path, DISCORD_TOKEN="  ")
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    lines = stderr.decode().splitlines()
    assert process.returncode == 2
    assert len(lines) == 1 and lines[0].startswith("tradebot: no Discord token")
    assert "https://discord.com/developers/applications" in lines[0]
    assert "DISCORD_TOKEN" in lines[0]


async def test_run_connects_answers_and_reports_a_rejected_token(tmp_path: Path) -> None:
    member = make_user("member")
    guild = make_guild("Desk")
    async with DiscordEmulator(guilds=[guild], token="secret-token") as emu:
        process = await run_bot(
            tmp_path,
            DISCORD_TOKEN="secret-token",
            TRADEBOT_DISCORD_API_BASE=emu.api_base,
            TRADEBOT_DISCORD_GATEWAY_URL=emu.gateway_url,
            TRADEBOT_GUILD_ID=guild["id"],
        )
        try:
            await emu.wait_until_identified(timeout=120)
            await emu.wait_for_request(
                method="PUT", path=rf"/applications/\d+/guilds/{guild['id']}/commands", timeout=30
            )
            ask = await emu.send_interaction(
                emu.slash_command(
                    "ask",
                    {"question": "Who is Japan's top trade negotiator?"},
                    user=member,
                    guild_id=guild["id"],  # synced to that guild only: not offered in DMs
                )
            )
            answer = await emu.wait_for_followup(ask, timeout=30)
            assert "Akazawa" in answer.json["embeds"][0]["description"]
            await emu.disconnect(code=4004)  # Discord's "authentication failed"
            _, stderr = await asyncio.wait_for(process.communicate(), 30)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    assert process.returncode == 2
    assert stderr.decode().splitlines()[-1].startswith("tradebot: Discord rejected DISCORD_TOKEN")
