"""A small local Discord emulator (REST + gateway) for the test suite.

The real, unmodified discord.py client connects to it over loopback::

    async with DiscordEmulator(guilds=[make_guild("Desk")]) as emu:
        restore = emu.configure_client()          # Route.BASE + DEFAULT_GATEWAY
        bot = commands.Bot(..., guild_ready_timeout=0.05)
        await bot.login("fake-token")
        task = asyncio.create_task(bot.connect(reconnect=False))
        await bot.wait_until_ready()
        ...
        await bot.close(); await task; restore()

Notes on discord.py 2.7 behaviour this emulator relies on (read from its source):

* ``Route.__init__`` builds ``self.url = Route.BASE + path`` per request, and the
  interaction/webhook adapter uses the same ``Route``; so setting ``BASE`` once
  (before ``login``) redirects every REST call, follow-ups included.

* ``Client.connect`` never calls ``GET /gateway`` or ``/gateway/bot``; it opens
  ``DiscordWebSocket.DEFAULT_GATEWAY`` with ``?v=10&encoding=json&compress=...``
  (``zstd-stream`` when ``zstandard`` is importable, else ``zlib-stream``).
  Text frames are accepted whatever was requested; by default the emulator
  honours the requested compression so the client's real decode path runs.
* ``on_ready`` fires ``guild_ready_timeout`` seconds (default 2.0) after the
  last ``GUILD_CREATE``; tests pass ``guild_ready_timeout=0.05`` to the bot.
* REST bodies are parsed as JSON only if ``Content-Type`` is exactly
  ``application/json`` (aiohttp's ``json_response`` adds ``; charset=utf-8``).
* Interaction callbacks are always ``POST .../callback?with_response=1`` and the
  client reads ``{"interaction": {...}, "resource": {...}}`` from the reply.
"""

from __future__ import annotations

import asyncio
import copy
import datetime as _dt
import itertools
import json
import re
import secrets
import threading
import time
import traceback
import zlib
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import discord
import discord.gateway
import discord.http
import yarl
from aiohttp import BodyPartReader, WSMsgType, hdrs, web

__all__ = [
    "ALL_PERMISSIONS",
    "DEFAULT_BOT_PERMISSIONS",
    "DEFAULT_EVERYONE_PERMISSIONS",
    "LIMITS",
    "CommandUnavailable",
    "DiscordEmulator",
    "GatewayIntent",
    "Payload",
    "RecordedRequest",
    "UploadedFile",
    "make_channel",
    "make_guild",
    "make_member",
    "make_role",
    "make_user",
    "message_errors",
    "new_snowflake",
]

Payload = dict[str, Any]
"""A JSON object as sent over the wire (snowflakes are strings)."""

API_VERSION = 10
INTERACTION_DEADLINE_S = 3.0
INTERACTION_TOKEN_S = 15 * 60.0
DISCORD_EPOCH_MS = 1420070400000

ALL_PERMISSIONS: int = discord.Permissions.all().value
ADMINISTRATOR: int = discord.Permissions(administrator=True).value
DEFAULT_EVERYONE_PERMISSIONS: int = discord.Permissions(
    view_channel=True,
    create_instant_invite=True,
    change_nickname=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    create_private_threads=True,
    embed_links=True,
    attach_files=True,
    add_reactions=True,
    use_external_emojis=True,
    read_message_history=True,
    use_application_commands=True,
    connect=True,
    speak=True,
    stream=True,
    use_voice_activation=True,
).value
DEFAULT_BOT_PERMISSIONS: int = ALL_PERMISSIONS & ~ADMINISTRATOR


class GatewayIntent:
    """Gateway intent bits the emulator looks at."""

    GUILDS = 1 << 0
    GUILD_MEMBERS = 1 << 1
    GUILD_MESSAGES = 1 << 9
    DIRECT_MESSAGES = 1 << 12
    MESSAGE_CONTENT = 1 << 15


# Interaction types / callback types / channel types used below.
_APPLICATION_COMMAND, _MESSAGE_COMPONENT, _MODAL_SUBMIT = 2, 3, 5
_CB_MESSAGE, _CB_DEFERRED_MESSAGE, _CB_DEFERRED_UPDATE, _CB_UPDATE = 4, 5, 6, 7
_CB_AUTOCOMPLETE = 8
_AUTOCOMPLETE = 4
_DM_CHANNEL, _TEXT_CHANNEL = 1, 0
_VIEW = discord.Permissions(view_channel=True).value
_SEND = discord.Permissions(send_messages=True).value
_SEND_IN_THREADS = discord.Permissions(send_messages_in_threads=True).value
_EMBED_LINKS = discord.Permissions(embed_links=True).value
_READ_HISTORY = discord.Permissions(read_message_history=True).value
_PUBLIC_THREADS = discord.Permissions(create_public_threads=True).value
_PRIVATE_THREADS = discord.Permissions(create_private_threads=True).value
_FLAG_EPHEMERAL, _FLAG_LOADING = 1 << 6, 1 << 7


# --------------------------------------------------------------------------- ids


class _SnowflakeGenerator:
    """Unique, strictly increasing snowflakes whose timestamp is "now"."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seq = itertools.count()
        self._last = 0

    def __call__(self) -> int:
        with self._lock:
            ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
            value = max((ms << 22) | (next(self._seq) & 0x3FFFFF), self._last + 1)
            self._last = value
            return value


new_snowflake = _SnowflakeGenerator()
"""``new_snowflake() -> int``: a fresh snowflake (shared by builders and emulators)."""


def _iso_now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat()


def _id(payload: Payload | int | str) -> int:
    """Snowflake of a payload (or an id given directly)."""
    if isinstance(payload, (int, str)):
        return int(payload)
    return int(payload["id"])


# ---------------------------------------------------------------------- builders


def make_user(
    username: str = "user",
    *,
    id: int | None = None,
    bot: bool = False,
    global_name: str | None = None,
    **extra: Any,
) -> Payload:
    """A user object (``GET /users/{id}`` shape)."""
    user: Payload = {
        "id": str(id or new_snowflake()),
        "username": username,
        "discriminator": "0",
        "global_name": global_name,
        "avatar": None,
        "banner": None,
        "accent_color": None,
        "avatar_decoration_data": None,
        "public_flags": 0,
        "flags": 0,
        "bot": bot,
        "system": False,
    }
    user.update(extra)
    return user


def make_role(
    name: str,
    *,
    id: int | None = None,
    permissions: int = 0,
    position: int = 1,
    **extra: Any,
) -> Payload:
    """A guild role. ``@everyone`` is created by :func:`make_guild`."""
    role: Payload = {
        "id": str(id or new_snowflake()),
        "name": name,
        "permissions": str(permissions),
        "position": position,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }
    role.update(extra)
    return role


def make_channel(
    name: str = "general",
    *,
    id: int | None = None,
    type: int = _TEXT_CHANNEL,
    guild_id: int | None = None,
    position: int = 0,
    parent_id: int | None = None,
    **extra: Any,
) -> Payload:
    """A guild channel (text by default). ``guild_id`` is filled in by :func:`make_guild`."""
    channel: Payload = {
        "id": str(id or new_snowflake()),
        "type": type,
        "name": name,
        "position": position,
        "parent_id": None if parent_id is None else str(parent_id),
        "topic": None,
        "nsfw": False,
        "rate_limit_per_user": 0,
        "last_message_id": None,
        "permission_overwrites": [],
        "flags": 0,
    }
    if guild_id is not None:
        channel["guild_id"] = str(guild_id)
    if type in (2, 13):  # voice / stage
        channel.update({"bitrate": 64000, "user_limit": 0, "rtc_region": None})
    channel.update(extra)
    return channel


def make_member(
    user: Payload,
    *,
    roles: Iterable[Payload | int | str] = (),
    nick: str | None = None,
    **extra: Any,
) -> Payload:
    """A guild member wrapping ``user``; ``roles`` are role payloads or ids."""
    member: Payload = {
        "user": user,
        "roles": [str(_id(r)) for r in roles],
        "nick": nick,
        "avatar": None,
        "banner": None,
        "joined_at": _iso_now(),
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "communication_disabled_until": None,
    }
    member.update(extra)
    return member


def make_guild(
    name: str = "Test Guild",
    *,
    id: int | None = None,
    owner: Payload | None = None,
    members: Sequence[Payload] = (),
    roles: Sequence[Payload] = (),
    channels: Sequence[Payload] | None = None,
    features: Sequence[str] = (),
    everyone_permissions: int = DEFAULT_EVERYONE_PERMISSIONS,
    **extra: Any,
) -> Payload:
    """A full ``GUILD_CREATE`` payload.

    Adds the ``@everyone`` role (id == guild id), a ``#general`` text channel when
    ``channels`` is None, and makes ``owner`` a member (default: a separate
    ``guild-owner`` user, so listed members get no implicit owner permissions).
    The bot's own member is added by the emulator.
    """
    guild_id = id or new_snowflake()
    all_members = [copy.deepcopy(m) for m in members]
    owner = owner or make_user("guild-owner")
    if not any(m["user"]["id"] == owner["id"] for m in all_members):
        all_members.insert(0, make_member(owner))
    everyone = make_role("@everyone", id=guild_id, permissions=everyone_permissions, position=0)
    chans = [make_channel("general")] if channels is None else [copy.deepcopy(c) for c in channels]
    for chan in chans:
        chan["guild_id"] = str(guild_id)
    guild: Payload = {
        "id": str(guild_id),
        "name": name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": owner["id"],
        "region": "us-west",
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "preferred_locale": "en-US",
        "system_channel_id": chans[0]["id"] if chans else None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "vanity_url_code": None,
        "features": list(features),
        "roles": [everyone, *[copy.deepcopy(r) for r in roles]],
        "emojis": [],
        "stickers": [],
        "channels": chans,
        "threads": [],
        "members": all_members,
        "member_count": len(all_members),
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "large": False,
        "unavailable": False,
        "joined_at": _iso_now(),
        "application_id": None,
        "max_members": 500000,
        "max_video_channel_users": 25,
    }
    guild.update(extra)
    return guild


# ---------------------------------------------------------------------- records


@dataclass
class UploadedFile:
    """One file part of a multipart request."""

    field_name: str
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class RecordedRequest:
    """One HTTP request received by the emulator.

    ``path`` is relative to ``/api/v10`` (e.g. ``/users/@me``) for API calls and
    the raw path otherwise. ``json`` is the JSON body, or ``payload_json`` of a
    multipart body. ``time``/``monotonic`` are taken on arrival.
    """

    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: list[UploadedFile]
    headers: dict[str, str]
    time: float
    monotonic: float
    raw_path: str
    status: int | None = None
    response: Any = None
    unhandled: bool = False

    def matches(self, method: str | None = None, path: str | None = None) -> bool:
        """True if method equals and ``path`` (a regex) fully matches."""
        if method is not None and self.method != method.upper():
            return False
        return path is None or re.fullmatch(path, self.path) is not None


@dataclass
class _Fault:
    """A failure the next matching requests get (see :meth:`DiscordEmulator.fail_next`)."""

    method: str
    path: str
    status: int
    retry_after: float
    times: int


@dataclass
class _Waiter:
    predicate: Callable[[RecordedRequest], bool]
    future: asyncio.Future[RecordedRequest]


@dataclass
class _GatewayConnection:
    ws: web.WebSocketResponse
    compression: str | None
    compressor: Any = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    seq: int = 0
    intents: int = 0
    session_id: str | None = None
    identified: bool = False
    shard: tuple[int, int] | None = None
    """(shard id, shard count) from IDENTIFY; None for an unsharded client."""

    def serves(self, guild_id: int | None) -> bool:
        """Discord's routing: a guild's events go to shard ``(guild_id >> 22) % count``, and
        direct messages to shard 0."""
        if self.shard is None:
            return True
        shard_id, count = self.shard
        return shard_id == (0 if guild_id is None else (guild_id >> 22) % count)

    def __post_init__(self) -> None:
        if self.compression == "zlib-stream":
            self.compressor = zlib.compressobj()
        elif self.compression == "zstd-stream":
            self.compressor = _zstd_compressor()

    def _encode(self, text: str) -> bytes:
        raw = text.encode()
        if self.compression == "zlib-stream":
            return bytes(self.compressor.compress(raw) + self.compressor.flush(zlib.Z_SYNC_FLUSH))
        return self.compressor(raw)  # type: ignore[no-any-return]

    async def send(self, payload: Payload) -> None:
        text = json.dumps(payload)
        async with self.lock:  # compression contexts need in-order frames
            if self.compressor is None:
                await self.ws.send_str(text)
            else:
                await self.ws.send_bytes(self._encode(text))


def _zstd_compressor() -> Callable[[bytes], bytes] | None:
    """A per-connection streaming zstd compressor (block flush per frame)."""
    try:
        import zstandard  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        try:
            from compression import zstd  # type: ignore[import-not-found, unused-ignore]
        except ImportError:
            return None
        c14 = zstd.ZstdCompressor()
        return lambda data: bytes(c14.compress(data, mode=zstd.ZstdCompressor.FLUSH_BLOCK))
    cobj = zstandard.ZstdCompressor().compressobj()
    return lambda data: bytes(cobj.compress(data) + cobj.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK))


def _json_response(data: Any, status: int = 200) -> web.Response:
    # Exactly "application/json": discord.py compares the header verbatim.
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={hdrs.CONTENT_TYPE: "application/json"},
    )


def _error(status: int, message: str, code: int = 0) -> web.Response:
    return _json_response({"message": message, "code": code}, status)


def _no_content() -> web.Response:
    return web.Response(status=204)


# ------------------------------------------------------------------ Discord's limits

LIMITS: dict[str, int] = {
    "content": 2000,
    "embeds": 10,
    "title": 256,
    "description": 4096,
    "fields": 25,
    "field.name": 256,
    "field.value": 1024,
    "footer": 2048,
    "author": 256,
    "embeds.total": 6000,
    "action_rows": 5,
    "row.components": 5,
    "custom_id": 100,
    "label": 80,
    "choices": 25,
    "choice.name": 100,
    "choice.value": 100,
}
"""Discord's documented message, embed, component and autocomplete limits (characters/items)."""


def _too_long(errors: dict[str, str], path: str, text: object, limit: int) -> None:
    if isinstance(text, str) and len(text) > limit:
        errors[path] = f"Must be {limit} or fewer in length."


def embed_errors(embeds: Sequence[Payload]) -> dict[str, str]:
    """Violations of the embed limits, by field path (empty when Discord would accept them)."""
    errors: dict[str, str] = {}
    if len(embeds) > LIMITS["embeds"]:
        errors["embeds"] = f"Must be {LIMITS['embeds']} or fewer in length."
    total = 0
    for i, embed in enumerate(embeds):
        title, description = embed.get("title") or "", embed.get("description") or ""
        footer = (embed.get("footer") or {}).get("text") or ""
        author = (embed.get("author") or {}).get("name") or ""
        _too_long(errors, f"embeds.{i}.title", title, LIMITS["title"])
        _too_long(errors, f"embeds.{i}.description", description, LIMITS["description"])
        _too_long(errors, f"embeds.{i}.footer.text", footer, LIMITS["footer"])
        _too_long(errors, f"embeds.{i}.author.name", author, LIMITS["author"])
        fields = embed.get("fields") or []
        if len(fields) > LIMITS["fields"]:
            errors[f"embeds.{i}.fields"] = f"Must be {LIMITS['fields']} or fewer in length."
        total += len(title) + len(description) + len(footer) + len(author)
        for j, item in enumerate(fields):
            name, value = item.get("name") or "", item.get("value") or ""
            if not name or not value:
                errors[f"embeds.{i}.fields.{j}"] = "This field is required"
            _too_long(errors, f"embeds.{i}.fields.{j}.name", name, LIMITS["field.name"])
            _too_long(errors, f"embeds.{i}.fields.{j}.value", value, LIMITS["field.value"])
            total += len(name) + len(value)
    if total > LIMITS["embeds.total"]:
        errors["embeds"] = f"Embed size exceeds maximum size of {LIMITS['embeds.total']}"
    return errors


def component_errors(rows: Sequence[Payload]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if len(rows) > LIMITS["action_rows"]:
        errors["components"] = f"Must be {LIMITS['action_rows']} or fewer in length."
    seen: set[str] = set()
    for i, row in enumerate(rows):
        children = row.get("components") or []
        if len(children) > LIMITS["row.components"]:
            errors[f"components.{i}.components"] = "Must be 5 or fewer in length."
        for j, child in enumerate(children):
            path = f"components.{i}.components.{j}"
            custom_id = child.get("custom_id")
            _too_long(errors, f"{path}.custom_id", custom_id, LIMITS["custom_id"])
            _too_long(errors, f"{path}.label", child.get("label"), LIMITS["label"])
            if custom_id is not None and custom_id in seen:
                errors[f"{path}.custom_id"] = "Component custom id cannot be duplicated"
            if custom_id is not None:
                seen.add(custom_id)
    return errors


def message_errors(body: Payload) -> dict[str, str]:
    """What Discord would reject in a message body (create, edit, follow-up, callback data)."""
    errors: dict[str, str] = {}
    _too_long(errors, "content", body.get("content"), LIMITS["content"])
    errors.update(embed_errors(body.get("embeds") or []))
    errors.update(component_errors(body.get("components") or []))
    return errors


def choice_errors(choices: Sequence[Payload]) -> dict[str, str]:
    """Violations of the autocomplete limits: 25 choices, names 1-100, string values <= 100."""
    errors: dict[str, str] = {}
    if len(choices) > LIMITS["choices"]:
        errors["choices"] = f"Must be {LIMITS['choices']} or fewer in length."
    for i, choice in enumerate(choices):
        name, value = str(choice.get("name") or ""), choice.get("value")
        if not 1 <= len(name) <= LIMITS["choice.name"]:
            errors[f"choices.{i}.name"] = "Must be between 1 and 100 in length."
        _too_long(errors, f"choices.{i}.value", value, LIMITS["choice.value"])
    return errors


def _empty(body: Payload, files: int) -> bool:
    return not (
        body.get("content")
        or body.get("embeds")
        or body.get("components")
        or body.get("sticker_ids")
        or body.get("poll")
        or files
    )


def _form_error(errors: Mapping[str, str]) -> web.Response:
    """Discord's 50035 "Invalid Form Body" with nested ``_errors`` as discord.py parses them."""
    tree: Payload = {}
    for path, message in errors.items():
        node = tree
        for key in path.split("."):
            node = node.setdefault(key, {})
        node.setdefault("_errors", []).append({"code": "BASE_TYPE_INVALID", "message": message})
    return _json_response({"code": 50035, "message": "Invalid Form Body", "errors": tree}, 400)


def _check_message(body: Payload, files: int, *, creating: bool) -> None:
    """Raise the response Discord sends for a body it rejects."""
    errors = message_errors(body)
    if errors:
        raise _Abort(_form_error(errors))
    if creating and _empty(body, files):
        raise _Abort(_error(400, "Cannot send an empty message", 50006))


_Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_REC = web.RequestKey("emulator_record", RecordedRequest)


# ---------------------------------------------------------------------- emulator


class DiscordEmulator:
    """Loopback Discord REST API + gateway for the real discord.py client.

    Use as ``async with DiscordEmulator(guilds=[...]) as emu:``. All payloads are
    plain dicts; guild/channel/user state lives in ``emu.guilds`` and friends and
    may be edited by tests. ``compression="auto"`` honours the compression the
    client asks for; ``"none"`` always sends plain text frames.
    """

    def __init__(
        self,
        guilds: Sequence[Payload] = (),
        *,
        bot_user: Payload | None = None,
        application_id: int | None = None,
        application_flags: int = (1 << 13) | (1 << 15) | (1 << 19),  # limited privileged intents
        app_owner: Payload | None = None,
        bot_permissions: int = DEFAULT_BOT_PERMISSIONS,
        heartbeat_interval_ms: int = 1000,
        compression: Literal["auto", "none"] = "auto",
        token: str | None = None,
        echo_messages: bool = False,
        enforce_intents: bool = True,
        interaction_response_deadline: float | None = INTERACTION_DEADLINE_S,
        interaction_token_lifetime: float = INTERACTION_TOKEN_S,
        attachment_size_limit: int = 10 * 1024 * 1024,
        host: str = "127.0.0.1",
    ) -> None:
        self.bot_user: Payload = bot_user or make_user("tradebot", bot=True)
        self.application_id: int = application_id or int(self.bot_user["id"])
        self.application_flags = application_flags
        self.app_owner: Payload = app_owner or make_user("app-owner")
        self.bot_permissions = bot_permissions
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.compression = compression
        self.token = token
        self.echo_messages = echo_messages
        self.enforce_intents = enforce_intents
        self.interaction_response_deadline = interaction_response_deadline
        """Discord drops an interaction not answered within 3 s (10062 Unknown interaction)."""
        self.interaction_token_lifetime = interaction_token_lifetime
        """Follow-ups and edits fail 15 minutes after the interaction (50027)."""
        self.attachment_size_limit = attachment_size_limit
        self.host = host
        self.ack_heartbeats = True
        """Set to False to stop ACKing heartbeats (zombie connection tests)."""

        # World state (payload dicts, mutable by tests).
        self.users: dict[int, Payload] = {
            _id(self.bot_user): self.bot_user,
            _id(self.app_owner): self.app_owner,
        }
        self.default_user: Payload = make_user("tester")
        self.users[_id(self.default_user)] = self.default_user
        self.guilds: dict[int, Payload] = {}
        self.dm_channels: dict[int, Payload] = {}  # by recipient user id
        self.messages: dict[int, Payload] = {}
        self.commands: dict[int | None, list[Payload]] = {}  # by guild id (None = global)
        self._channel_guild: dict[int, int | None] = {}
        self._attachments: dict[int, tuple[str, str | None, bytes]] = {}
        for guild in guilds:
            self.add_guild(guild)

        # Records.
        self.requests: list[RecordedRequest] = []
        self.heartbeats: list[float] = []
        self.heartbeat_acks: list[float] = []
        self.identify_payloads: list[Payload] = []
        self.gateway_frames: list[tuple[float, Payload]] = []
        self.gateway_compressions: list[str | None] = []  # per connection; None = text frames
        self.errors: list[str] = []
        self.suppressed_events: list[tuple[str, Payload]] = []
        self._interactions: dict[str, Payload] = {}  # by token
        self._interaction_sent: dict[str, float] = {}
        self._acknowledged: dict[str, int] = {}  # token -> callback type
        self._original: dict[str, int] = {}  # token -> original response message id
        self._loading: set[str] = set()  # tokens whose deferred "thinking…" is unresolved
        self._faults: list[_Fault] = []

        self._waiters: list[_Waiter] = []
        self._connections: list[_GatewayConnection] = []
        self._identified = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._restore: Callable[[], None] | None = None

    # ------------------------------------------------------------- lifecycle

    async def __aenter__(self) -> DiscordEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def start(self) -> None:
        """Bind to a free loopback port and start serving."""
        self._identified = asyncio.Event()
        self._runner = web.AppRunner(self._build_app(), handle_signals=False, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Close gateway sockets, stop the server and undo :meth:`configure_client`."""
        for conn in list(self._connections):
            await conn.ws.close(code=1001, message=b"emulator shutting down")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        for waiter in self._waiters:
            waiter.future.cancel()
        self._waiters.clear()
        if self._restore is not None:
            self._restore()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("emulator not started")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        """Value for ``discord.http.Route.BASE``."""
        return f"{self.base_url}/api/v{API_VERSION}"

    @property
    def gateway_url(self) -> str:
        """Value for ``DiscordWebSocket.DEFAULT_GATEWAY`` (query added by the client)."""
        return f"ws://{self.host}:{self.port}/gateway"

    def configure_client(self) -> Callable[[], None]:
        """Point discord.py at this emulator; returns an idempotent restore callable.

        Also called automatically on :meth:`stop` if the test did not restore.
        """
        old_base = discord.http.Route.BASE
        old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = self.api_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        done = False

        def restore() -> None:
            nonlocal done
            if not done:
                done = True
                discord.http.Route.BASE = old_base
                discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway
                self._restore = None

        self._restore = restore
        return restore

    # ---------------------------------------------------------- world state

    def add_guild(self, guild: Payload) -> Payload:
        """Register a guild (deep-copied) and add the bot as a member with a managed role."""
        guild = copy.deepcopy(guild)
        gid = _id(guild)
        bot_role = make_role(
            self.bot_user["username"],
            permissions=self.bot_permissions,
            position=len(guild["roles"]),
            managed=True,
            tags={"bot_id": self.bot_user["id"]},
        )
        guild["roles"].append(bot_role)
        if not any(m["user"]["id"] == self.bot_user["id"] for m in guild["members"]):
            guild["members"].append(make_member(self.bot_user, roles=[bot_role]))
        guild["member_count"] = len(guild["members"])
        self.guilds[gid] = guild
        for chan in [*guild["channels"], *guild.get("threads", [])]:
            self._channel_guild[_id(chan)] = gid
        for member in guild["members"]:
            self.users.setdefault(_id(member["user"]), member["user"])
        return guild

    async def join_guild(self, guild: Payload) -> Payload:
        """Add a guild after READY and send ``GUILD_CREATE`` (bot joined a guild)."""
        stored = self.add_guild(guild)
        await self.dispatch("GUILD_CREATE", stored)
        return stored

    def text_channel(self, guild_id: int | str) -> Payload:
        """First text channel of a guild."""
        return next(c for c in self.guilds[int(guild_id)]["channels"] if c["type"] == _TEXT_CHANNEL)

    def get_channel(self, channel_id: int | str) -> Payload | None:
        """Channel, thread or DM channel payload by id."""
        cid = int(channel_id)
        gid = self._channel_guild.get(cid)
        if gid is not None:
            guild = self.guilds[gid]
            return next((c for c in [*guild["channels"], *guild["threads"]] if _id(c) == cid), None)
        return next((c for c in self.dm_channels.values() if _id(c) == cid), None)

    def get_member(self, guild_id: int | str, user_id: int | str) -> Payload | None:
        guild = self.guilds[int(guild_id)]
        return next((m for m in guild["members"] if _id(m["user"]) == int(user_id)), None)

    def dm_channel(self, user: Payload | int) -> Payload:
        """The (lazily created) DM channel between the bot and ``user``."""
        uid = _id(user)
        if uid not in self.dm_channels:
            recipient = self.users.get(uid) or (
                user if isinstance(user, dict) else make_user(id=uid)
            )
            self.users.setdefault(uid, recipient)
            self.dm_channels[uid] = {
                "id": str(new_snowflake()),
                "type": _DM_CHANNEL,
                "last_message_id": None,
                "recipients": [recipient],
                "flags": 0,
            }
            self._channel_guild[_id(self.dm_channels[uid])] = None
        return self.dm_channels[uid]

    def permissions_for(
        self, guild_id: int | str, user_id: int | str, roles: Iterable[int | str] | None = None
    ) -> int:
        """Guild-level permissions of a user (owner/administrator → all)."""
        guild = self.guilds[int(guild_id)]
        if int(guild["owner_id"]) == int(user_id):
            return ALL_PERMISSIONS
        if roles is None:
            member = self.get_member(guild_id, user_id)
            roles = member["roles"] if member else []
        wanted = {int(r) for r in roles} | {int(guild_id)}
        value = 0
        for role in guild["roles"]:
            if _id(role) in wanted:
                value |= int(role["permissions"])
        return ALL_PERMISSIONS if value & ADMINISTRATOR else value

    def channel_permissions(self, channel_id: int | str, user_id: int | str) -> int:
        """Permissions of a member in a channel: guild roles, then the channel's overwrites
        (``@everyone``, roles, the member) as Discord computes them; a thread uses its
        parent's. DM channels allow everything."""
        channel = self.get_channel(channel_id)
        gid = self._channel_guild.get(int(channel_id))
        if channel is None or gid is None:
            return ALL_PERMISSIONS
        value = self.permissions_for(gid, user_id)
        if value == ALL_PERMISSIONS and value & ADMINISTRATOR:
            return value
        if channel.get("parent_id") and int(channel["type"]) in (10, 11, 12):
            channel = self.get_channel(channel["parent_id"]) or channel
        member = self.get_member(gid, user_id)
        roles = {int(r) for r in (member["roles"] if member else [])}
        overwrites = {int(o["id"]): o for o in channel.get("permission_overwrites") or []}

        def apply(allow: int, deny: int) -> None:
            nonlocal value
            value = (value & ~deny) | allow

        everyone = overwrites.get(gid)
        if everyone:
            apply(int(everyone["allow"]), int(everyone["deny"]))
        allow = deny = 0
        for role_id in roles:
            if role_id in overwrites:
                allow |= int(overwrites[role_id]["allow"])
                deny |= int(overwrites[role_id]["deny"])
        apply(allow, deny)
        own = overwrites.get(int(user_id))
        if own:
            apply(int(own["allow"]), int(own["deny"]))
        return value

    def bot_role(self, guild_id: int | str) -> Payload:
        """The bot's managed role in a guild (what ``@tradebot`` role mentions refer to)."""
        roles = self.guilds[int(guild_id)]["roles"]
        return next(r for r in roles if (r.get("tags") or {}).get("bot_id") == self.bot_user["id"])

    async def deny_bot(
        self, channel_id: int | str, permissions: discord.Permissions, *, notify: bool = True
    ) -> None:
        """Take ``permissions`` from the bot in one channel (a member overwrite, as admins do);
        a connected client is sent ``CHANNEL_UPDATE`` as Discord does (unless ``notify`` is
        False: the client's cache is then stale, as after a missed event)."""
        channel = self.get_channel(channel_id)
        if channel is None:
            raise KeyError(f"unknown channel {channel_id}")
        channel.setdefault("permission_overwrites", []).append(
            {"id": self.bot_user["id"], "type": 1, "allow": "0", "deny": str(permissions.value)}
        )
        if notify and self.connected:
            await self.dispatch("CHANNEL_UPDATE", channel)

    def fail_next(
        self,
        method: str,
        path: str,
        *,
        status: int = 429,
        retry_after: float = 0.05,
        times: int = 1,
    ) -> None:
        """The next ``times`` requests matching ``method`` and ``path`` (a regex) fail with
        ``status``: 429 with ``retry_after`` as Discord sends it, or a transient 5xx."""
        self._faults.append(_Fault(method.upper(), path, status, retry_after, times))

    def _fault_for(self, rec: RecordedRequest) -> web.Response | None:
        for fault in self._faults:
            if fault.times > 0 and rec.matches(fault.method, fault.path):
                fault.times -= 1
                if fault.status != 429:
                    return _error(fault.status, f"{fault.status}: Server Error")
                body = {
                    "message": "You are being rate limited.",
                    "retry_after": fault.retry_after,
                    "global": False,
                }
                response = _json_response(body, 429)
                response.headers.update(
                    {
                        "Retry-After": str(max(1, round(fault.retry_after))),
                        "Via": "1.1 google",  # discord.py treats a 429 without it as a ban
                        "X-RateLimit-Limit": "5",
                        "X-RateLimit-Remaining": "0",
                        "X-RateLimit-Reset-After": str(fault.retry_after),
                        "X-RateLimit-Bucket": "emulator",
                        "X-RateLimit-Scope": "user",
                    }
                )
                return response
        return None

    def add_attachment(
        self, filename: str, data: bytes, *, content_type: str | None = None
    ) -> Payload:
        """Serve ``data`` at ``/attachments/{id}/{filename}``; returns the attachment payload."""
        att_id = new_snowflake()
        self._attachments[att_id] = (filename, content_type, data)
        url = f"{self.base_url}/attachments/{att_id}/{filename}"
        payload: Payload = {
            "id": str(att_id),
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "flags": 0,
        }
        if content_type is not None:
            payload["content_type"] = content_type
        return payload

    # -------------------------------------------------------------- gateway

    @property
    def connected(self) -> bool:
        return any(c.identified and not c.ws.closed for c in self._connections)

    async def wait_until_identified(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until a client has sent IDENTIFY (READY has been sent)."""
        await asyncio.wait_for(self._identified.wait(), timeout)

    def _current(self) -> _GatewayConnection:
        live = [c for c in self._connections if c.identified and not c.ws.closed]
        if not live:
            raise RuntimeError("no identified gateway connection")
        return live[-1]

    def _connection_for(self, data: Payload) -> _GatewayConnection:
        """The connection serving the event's guild (its shard), else the latest one."""
        guild_id = data.get("guild_id") if isinstance(data, dict) else None
        live = [c for c in self._connections if c.identified and not c.ws.closed]
        routed = [c for c in live if c.shard is not None and c.serves(_opt_int(guild_id))]
        return routed[-1] if routed else self._current()

    async def dispatch(self, event: str, data: Payload) -> bool:
        """Send a DISPATCH (op 0) to the connected client (the shard serving the guild).

        Returns False if dropped because the client lacks the intent
        (``MESSAGE_CREATE``/``MESSAGE_UPDATE`` with ``enforce_intents``); content
        fields are blanked without ``MESSAGE_CONTENT`` like Discord does.
        """
        conn = self._connection_for(data)
        if event in ("MESSAGE_CREATE", "MESSAGE_UPDATE") and self.enforce_intents:
            filtered = self._apply_message_intents(conn.intents, data)
            if filtered is None:
                self.suppressed_events.append((event, data))
                return False
            data = filtered
        await self._send_dispatch(conn, event, data)
        return True

    async def send_op(self, op: int, data: Any = None) -> None:
        """Send a raw non-dispatch opcode (e.g. 7 RECONNECT, 9 INVALID_SESSION)."""
        await self._current().send({"op": op, "d": data, "s": None, "t": None})

    async def disconnect(self, code: int = 4000) -> None:
        """Close the current gateway socket from the server side."""
        await self._current().ws.close(code=code)

    async def _send_dispatch(self, conn: _GatewayConnection, event: str, data: Payload) -> None:
        conn.seq += 1
        await conn.send({"op": 0, "t": event, "s": conn.seq, "d": data})

    def _apply_message_intents(self, intents: int, data: Payload) -> Payload | None:
        in_guild = "guild_id" in data and data["guild_id"] is not None
        needed = GatewayIntent.GUILD_MESSAGES if in_guild else GatewayIntent.DIRECT_MESSAGES
        if not intents & needed:
            return None
        author_is_bot = data.get("author", {}).get("id") == self.bot_user["id"]
        mentioned = any(u.get("id") == self.bot_user["id"] for u in data.get("mentions", []))
        if in_guild and not mentioned:  # the bot's own managed role counts as mentioning it
            own = self.bot_role(data["guild_id"])["id"]
            mentioned = own in (data.get("mention_roles") or [])
        if intents & GatewayIntent.MESSAGE_CONTENT or not in_guild or author_is_bot or mentioned:
            return data
        hidden = {k: v for k, v in data.items() if k != "poll"}
        return {**hidden, "content": "", "embeds": [], "attachments": [], "components": []}

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        requested = request.query.get("compress")
        compression = requested if self.compression == "auto" and requested else None
        conn = _GatewayConnection(ws, compression)
        if compression == "zstd-stream" and conn.compressor is None:
            conn.compression = None  # cannot honour; text frames always work
        self._connections.append(conn)
        self.gateway_compressions.append(conn.compression)
        try:
            await conn.send(
                {
                    "op": 10,
                    "d": {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": ["emulator"]},
                    "s": None,
                    "t": None,
                }
            )
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_gateway_frame(conn, json.loads(msg.data))
                elif msg.type is WSMsgType.BINARY:
                    await self._on_gateway_frame(conn, json.loads(msg.data.decode()))
        except ConnectionResetError:
            pass  # client went away mid-send (e.g. ACK racing bot.close())
        except Exception:  # pragma: no cover - surfaced via emu.errors
            self.errors.append(traceback.format_exc())
        finally:
            self._connections.remove(conn)
        return ws

    async def _on_gateway_frame(self, conn: _GatewayConnection, frame: Payload) -> None:
        self.gateway_frames.append((time.monotonic(), frame))
        op: Any = frame.get("op")
        data: Any = frame.get("d")
        if op == 1:  # HEARTBEAT
            self.heartbeats.append(time.monotonic())
            if self.ack_heartbeats:
                await conn.send({"op": 11, "d": None, "s": None, "t": None})
                self.heartbeat_acks.append(time.monotonic())
        elif op == 2:  # IDENTIFY
            await self._on_identify(conn, data)
        elif op == 6:  # RESUME
            conn.identified = True
            conn.session_id = data.get("session_id")
            conn.seq = int(data.get("seq") or 0)
            await self._send_dispatch(conn, "RESUMED", {"_trace": ["emulator"]})
        elif op == 8:  # REQUEST_GUILD_MEMBERS
            await self._on_request_members(conn, data)

    async def _on_identify(self, conn: _GatewayConnection, data: Payload) -> None:
        self.identify_payloads.append(data)
        if self.token is not None and data.get("token") != self.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        conn.intents = int(data.get("intents", 0))
        conn.session_id = secrets.token_hex(16)
        conn.identified = True
        if data.get("shard"):
            conn.shard = (int(data["shard"][0]), int(data["shard"][1]))
        guilds = [g for gid, g in self.guilds.items() if conn.serves(gid)]
        ready: Payload = {
            "v": API_VERSION,
            "user": self.bot_user,
            "guilds": [{"id": g["id"], "unavailable": True} for g in guilds],
            "session_id": conn.session_id,
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.application_id), "flags": self.application_flags},
            "private_channels": [],
            "presences": [],
            "relationships": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "auth": {},
            "_trace": ["emulator"],
        }
        if "shard" in data:
            ready["shard"] = data["shard"]
        await self._send_dispatch(conn, "READY", ready)
        for guild in guilds:
            await self._send_dispatch(conn, "GUILD_CREATE", guild)
        self._identified.set()

    async def _on_request_members(self, conn: _GatewayConnection, data: Payload) -> None:
        guild = self.guilds.get(int(data["guild_id"]))
        members = guild["members"] if guild else []
        user_ids = {int(u) for u in data.get("user_ids") or []}
        query = data.get("query")
        if user_ids:
            members = [m for m in members if _id(m["user"]) in user_ids]
        elif query:
            members = [
                m for m in members if m["user"]["username"].lower().startswith(query.lower())
            ]
        limit = int(data.get("limit") or 0)
        if limit:
            members = members[:limit]
        chunk: Payload = {
            "guild_id": str(data["guild_id"]),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": sorted(str(u) for u in user_ids - {_id(m["user"]) for m in members}),
        }
        if data.get("presences"):
            chunk["presences"] = []
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        await self._send_dispatch(conn, "GUILD_MEMBERS_CHUNK", chunk)

    # --------------------------------------------------------- interactions

    def _find_command(
        self, name: str, guild_id: int | None, type: int
    ) -> tuple[Payload | None, int | None]:
        scopes: list[int | None] = [guild_id, None] if guild_id is not None else [None]
        for scope in scopes:
            for cmd in self.commands.get(scope, []):
                if cmd["name"] == name and int(cmd.get("type", 1)) == type:
                    return cmd, scope
        return None, None

    def _context(
        self,
        *,
        user: Payload | None,
        guild_id: int | str | None,
        channel_id: int | str | None,
        member_permissions: int | None,
        roles: Sequence[Payload | int | str] | None,
        app_permissions: int | None,
        locale: str,
    ) -> Payload:
        """Common interaction fields for guild or DM context."""
        user = user or self.default_user
        self.users.setdefault(_id(user), user)
        token = f"tok-{secrets.token_urlsafe(24)}"
        base: Payload = {
            "id": str(new_snowflake()),
            "application_id": str(self.application_id),
            "token": token,
            "version": 1,
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": self.attachment_size_limit,
        }
        if guild_id is None:
            channel = (
                self.get_channel(channel_id) if channel_id is not None else self.dm_channel(user)
            )
            if channel is None:
                raise KeyError(f"unknown channel {channel_id}")
            base.update(
                user=user,
                channel={k: v for k, v in channel.items() if k != "last_message_id"},
                channel_id=channel["id"],
                context=1,
                authorizing_integration_owners={"0": "0"},
                app_permissions=str(
                    app_permissions if app_permissions is not None else self.bot_permissions
                ),
            )
            return base
        gid = int(guild_id)
        guild = self.guilds[gid]
        channel = self.get_channel(channel_id) if channel_id is not None else self.text_channel(gid)
        if channel is None:
            raise KeyError(f"unknown channel {channel_id}")
        existing = self.get_member(gid, _id(user))
        role_ids = (
            [str(_id(r)) for r in roles]
            if roles is not None
            else (existing["roles"] if existing else [])
        )
        member = make_member(user, roles=role_ids, nick=existing["nick"] if existing else None)
        if existing:
            member["joined_at"] = existing["joined_at"]
        perms = (
            member_permissions
            if member_permissions is not None
            else self.permissions_for(gid, _id(user), role_ids)
        )
        member["permissions"] = str(perms)
        bot_perms = (
            app_permissions
            if app_permissions is not None
            else self.permissions_for(gid, self.bot_user["id"])
        )
        base.update(
            guild_id=str(gid),
            guild={
                "id": str(gid),
                "locale": guild.get("preferred_locale", "en-US"),
                "features": guild["features"],
            },
            guild_locale=guild.get("preferred_locale", "en-US"),
            channel={**channel, "permissions": str(perms)},
            channel_id=channel["id"],
            member=member,
            context=0,
            authorizing_integration_owners={"0": str(gid)},
            app_permissions=str(bot_perms),
        )
        return base

    def slash_command(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[Payload] | None = None,
        *,
        user: Payload | None = None,
        guild_id: int | str | None = None,
        channel_id: int | str | None = None,
        member_permissions: int | None = None,
        roles: Sequence[Payload | int | str] | None = None,
        app_permissions: int | None = None,
        locale: str = "en-US",
        resolved: Payload | None = None,
    ) -> Payload:
        """Build an APPLICATION_COMMAND (type 2) interaction payload.

        ``name`` may be ``"group sub"``/``"group subgroup sub"``. ``options`` maps
        option name → value: str/int/float/bool, or a user, member, role, channel
        or attachment payload (see :meth:`add_attachment`), which are put in
        ``resolved``. Types come from the synced command schema when known. Raw
        option dicts may be passed instead. ``guild_id=None`` means a bot DM.
        The command id / ``data.guild_id`` match the synced command, if any.
        """
        ctx = self._context(
            user=user,
            guild_id=guild_id,
            channel_id=channel_id,
            member_permissions=member_permissions,
            roles=roles,
            app_permissions=app_permissions,
            locale=locale,
        )
        gid = None if guild_id is None else int(guild_id)
        root, *subs = name.split()
        cmd, scope = self._find_command(root, gid, 1)
        if cmd is not None and gid is None and not _usable_in_dms(cmd):
            raise CommandUnavailable(f"Discord never delivers the guild-only /{root} in a DM")
        if cmd is None and any(self.commands.values()):
            where = "in a DM" if gid is None else f"in guild {gid}"
            raise CommandUnavailable(f"/{root} is not registered {where}")
        schema: list[Payload] = list(cmd.get("options") or []) if cmd else []
        for sub in subs:
            node = next((o for o in schema if o["name"] == sub), None)
            schema = list(node.get("options") or []) if node else []
        res: Payload = copy.deepcopy(resolved) if resolved else {}
        if options is None:
            leaf: list[Payload] = []
        elif isinstance(options, Mapping):
            leaf = [self._option(k, v, schema, res, gid) for k, v in options.items()]
        else:
            leaf = [dict(o) for o in options]
        opts = leaf
        for depth, sub in reversed(list(enumerate(subs))):
            opts = [{"type": 1 if depth == len(subs) - 1 else 2, "name": sub, "options": opts}]
        data: Payload = {
            "id": cmd["id"] if cmd else str(new_snowflake()),
            "name": root,
            "type": 1,
            "options": opts,
        }
        if res:
            data["resolved"] = res
        if scope is not None:
            data["guild_id"] = str(scope)
        return {**ctx, "type": _APPLICATION_COMMAND, "data": data}

    def _option(
        self, name: str, value: Any, schema: list[Payload], res: Payload, guild_id: int | None
    ) -> Payload:
        declared = next((int(o["type"]) for o in schema if o["name"] == name), None)
        if isinstance(value, Mapping):
            kind, key = self._resolve(dict(value), res, guild_id)
            return {"name": name, "type": declared or kind, "value": key}
        if isinstance(value, bool):
            kind = 5
        elif isinstance(value, int):
            kind = 4
        elif isinstance(value, float):
            kind = 10
        else:
            kind = 3
        return {"name": name, "type": declared or kind, "value": value}

    def _resolve(self, obj: Payload, res: Payload, guild_id: int | None) -> tuple[int, str]:
        """Put ``obj`` into ``resolved``; return (option type, id)."""
        if "filename" in obj:
            res.setdefault("attachments", {})[obj["id"]] = obj
            return 11, obj["id"]
        if "user" in obj and "roles" in obj:  # member
            user = obj["user"]
            res.setdefault("users", {})[user["id"]] = user
            member = {k: v for k, v in obj.items() if k != "user"}
            if guild_id is not None:
                member.setdefault(
                    "permissions", str(self.permissions_for(guild_id, user["id"], member["roles"]))
                )
            res.setdefault("members", {})[user["id"]] = member
            return 6, user["id"]
        if "username" in obj:  # user
            res.setdefault("users", {})[obj["id"]] = obj
            member_payload = self.get_member(guild_id, obj["id"]) if guild_id is not None else None
            if member_payload is not None and guild_id is not None:
                member = {k: v for k, v in member_payload.items() if k != "user"}
                member["permissions"] = str(self.permissions_for(guild_id, obj["id"]))
                res.setdefault("members", {})[obj["id"]] = member
            return 6, obj["id"]
        if "type" in obj:  # channel / thread
            perms = (
                ALL_PERMISSIONS
                if guild_id is None
                else self.permissions_for(guild_id, self.bot_user["id"])
            )
            res.setdefault("channels", {})[obj["id"]] = {**obj, "permissions": str(perms)}
            return 7, obj["id"]
        if "permissions" in obj:  # role
            res.setdefault("roles", {})[obj["id"]] = obj
            return 8, obj["id"]
        raise TypeError(f"cannot infer option type for {obj!r}")

    def autocomplete(
        self,
        name: str,
        options: Mapping[str, Any],
        focused: str,
        **context: Any,
    ) -> Payload:
        """An APPLICATION_COMMAND_AUTOCOMPLETE (type 4) interaction: the member is typing
        ``options[focused]``; answered with callback type 8 and its choices (checked against
        Discord's limits) within the same 3-second deadline."""
        payload = self.slash_command(name, options, **context)
        for option in payload["data"]["options"]:
            if option["name"] == focused:
                option["focused"] = True
                option["type"] = 3 if option["type"] not in (4, 10) else option["type"]
        return {**payload, "type": _AUTOCOMPLETE}

    def context_menu(
        self,
        name: str,
        target: Payload,
        *,
        user: Payload | None = None,
        guild_id: int | str | None = None,
        channel_id: int | str | None = None,
        member_permissions: int | None = None,
        roles: Sequence[Payload | int | str] | None = None,
    ) -> Payload:
        """User (target is a user payload) or message (message payload) context-menu interaction."""
        ctx = self._context(
            user=user,
            guild_id=guild_id,
            channel_id=channel_id if channel_id is not None else target.get("channel_id"),
            member_permissions=member_permissions,
            roles=roles,
            app_permissions=None,
            locale="en-US",
        )
        gid = None if guild_id is None else int(guild_id)
        is_message = "content" in target
        kind = 3 if is_message else 2
        cmd, scope = self._find_command(name, gid, kind)
        res: Payload = {}
        if is_message:
            res["messages"] = {target["id"]: target}
        else:
            self._resolve(target, res, gid)
        data: Payload = {
            "id": cmd["id"] if cmd else str(new_snowflake()),
            "name": name,
            "type": kind,
            "target_id": target["id"] if is_message else (target.get("user") or target)["id"],
            "resolved": res,
        }
        if scope is not None:
            data["guild_id"] = str(scope)
        return {**ctx, "type": _APPLICATION_COMMAND, "data": data}

    def component_click(
        self,
        message_id: int | str,
        custom_id: str,
        *,
        component_type: int = 2,
        values: Sequence[str] | None = None,
        user: Payload | None = None,
        member_permissions: int | None = None,
        roles: Sequence[Payload | int | str] | None = None,
        message: Payload | None = None,
    ) -> Payload:
        """MESSAGE_COMPONENT (type 3) interaction on a stored (or given) message.

        ``component_type`` 2 = button, 3 = string select (pass ``values``).
        """
        msg = message or self.messages.get(int(message_id))
        if msg is None:
            raise KeyError(f"unknown message {message_id}; pass message=")
        ctx = self._context(
            user=user,
            guild_id=msg.get("guild_id"),
            channel_id=msg["channel_id"],
            member_permissions=member_permissions,
            roles=roles,
            app_permissions=None,
            locale="en-US",
        )
        data: Payload = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = list(values)
        return {**ctx, "type": _MESSAGE_COMPONENT, "data": data, "message": copy.deepcopy(msg)}

    def modal_submit(
        self,
        custom_id: str,
        values: Mapping[str, str],
        *,
        user: Payload | None = None,
        guild_id: int | str | None = None,
        channel_id: int | str | None = None,
    ) -> Payload:
        """MODAL_SUBMIT (type 5): ``values`` maps text-input custom_id → value."""
        ctx = self._context(
            user=user,
            guild_id=guild_id,
            channel_id=channel_id,
            member_permissions=None,
            roles=None,
            app_permissions=None,
            locale="en-US",
        )
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
            for k, v in values.items()
        ]
        return {**ctx, "type": _MODAL_SUBMIT, "data": {"custom_id": custom_id, "components": rows}}

    async def send_interaction(self, payload: Payload) -> Payload:
        """Dispatch ``INTERACTION_CREATE`` and remember the token; returns ``payload``."""
        self._interactions[payload["token"]] = payload
        self._interaction_sent[payload["token"]] = time.monotonic()
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    def interaction_sent_at(self, interaction: Payload) -> float:
        """``time.monotonic()`` when the interaction was dispatched."""
        return self._interaction_sent[interaction["token"]]

    async def wait_for_callback(
        self,
        interaction: Payload,
        timeout: float = 5.0,  # noqa: ASYNC109 - part of the test API
    ) -> RecordedRequest:
        """Wait for ``POST /interactions/{id}/{token}/callback`` for this interaction."""
        path = f"/interactions/{interaction['id']}/{re.escape(interaction['token'])}/callback"
        return await self.wait_for_request(method="POST", path=path, timeout=timeout)

    async def wait_for_followup(
        self,
        interaction: Payload,
        method: str = "POST",
        timeout: float = 5.0,  # noqa: ASYNC109
        path_suffix: str = "",
    ) -> RecordedRequest:
        """Wait for a webhook call with this interaction's token.

        ``path_suffix`` selects e.g. ``/messages/@original``.
        """
        token = re.escape(interaction["token"])
        path = f"/webhooks/{self.application_id}/{token}{re.escape(path_suffix)}"
        return await self.wait_for_request(method=method, path=path, timeout=timeout)

    # ------------------------------------------------------------- messages

    def message(
        self,
        content: str,
        author: Payload | None = None,
        channel_id: int | str | None = None,
        guild_id: int | str | None = None,
        *,
        mentions: Sequence[Payload] = (),
        mention_roles: Sequence[Payload | int | str] = (),
        attachments: Sequence[Payload] = (),
        reference: Payload | None = None,
        ping_reply: bool = True,
        **extra: Any,
    ) -> Payload:
        """A user-authored ``MESSAGE_CREATE`` payload (stored in ``emu.messages``).

        A reply (``reference``) lists the replied-to author in ``mentions`` unless
        ``ping_reply`` is False, as Discord does.

        DM when ``guild_id`` is None (channel defaults to the author's DM channel);
        in a guild the channel defaults to the first text channel.
        """
        author = author or self.default_user
        self.users.setdefault(_id(author), author)
        if guild_id is None:
            if channel_id is not None:
                gid = self._channel_guild.get(int(channel_id))
                if gid is not None:
                    return self.message(
                        content,
                        author,
                        channel_id,
                        gid,
                        mentions=mentions,
                        mention_roles=mention_roles,
                        attachments=attachments,
                        reference=reference,
                        ping_reply=ping_reply,
                        **extra,
                    )
            channel = (
                self.get_channel(channel_id) if channel_id is not None else self.dm_channel(author)
            )
            if channel is None:
                raise KeyError(f"unknown channel {channel_id}")
            cid = _id(channel)
        else:
            cid = int(channel_id) if channel_id is not None else _id(self.text_channel(guild_id))
        msg = self._message_payload(
            cid,
            content=content,
            author=author,
            attachments=list(attachments),
            mention_roles=[str(_id(r)) for r in mention_roles],
            reference=reference,
        )
        gid = None if guild_id is None else int(guild_id)
        if gid is not None:
            msg["guild_id"] = str(gid)
            member = self.get_member(gid, _id(author))
            if member is not None:
                msg["member"] = {k: v for k, v in member.items() if k != "user"}
        mentioned = list(mentions)
        replied = msg.get("referenced_message")
        author = replied["author"] if replied is not None and ping_reply else None
        if author is not None and all(u["id"] != author["id"] for u in mentioned):
            mentioned.append(author)  # Discord lists a pinged reply's author
        msg["mentions"] = [self._mention(u, gid) for u in mentioned]
        msg.update(extra)
        self.messages[_id(msg)] = msg
        return msg

    async def send_user_message(
        self, content: str, author: Payload | None = None, **kwargs: Any
    ) -> Payload:
        """Build with :meth:`message` and dispatch ``MESSAGE_CREATE``; returns the payload."""
        msg = self.message(content, author, **kwargs)
        await self.dispatch("MESSAGE_CREATE", msg)
        return msg

    def _mention(self, user: Payload, guild_id: int | None) -> Payload:
        mention = dict(user)
        member = self.get_member(guild_id, _id(user)) if guild_id is not None else None
        if member is not None:
            mention["member"] = {k: v for k, v in member.items() if k != "user"}
        return mention

    def _message_payload(
        self,
        channel_id: int,
        *,
        content: str,
        author: Payload,
        attachments: list[Payload],
        embeds: list[Payload] | None = None,
        components: list[Payload] | None = None,
        flags: int = 0,
        mention_roles: list[str] | None = None,
        reference: Payload | None = None,
        msg_type: int = 0,
    ) -> Payload:
        msg: Payload = {
            "id": str(new_snowflake()),
            "channel_id": str(channel_id),
            "type": msg_type,
            "content": content,
            "author": author,
            "attachments": attachments,
            "embeds": embeds or [],
            "components": components or [],
            "mentions": [],
            "mention_roles": mention_roles or [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": _iso_now(),
            "edited_timestamp": None,
            "flags": flags,
        }
        gid = self._channel_guild.get(channel_id)
        if gid is not None:
            msg["guild_id"] = str(gid)
        if reference is not None:
            msg["type"] = 19
            ref_id = reference.get("message_id")
            msg["message_reference"] = {"type": 0, "channel_id": str(channel_id), **reference}
            if ref_id is not None and int(ref_id) in self.messages:
                msg["referenced_message"] = self.messages[int(ref_id)]
        return msg

    # ------------------------------------------------------------- requests

    def find_requests(
        self, method: str | None = None, path: str | None = None
    ) -> list[RecordedRequest]:
        """Recorded requests filtered by method and path regex (full match)."""
        return [r for r in self.requests if r.matches(method, path)]

    @property
    def unhandled_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.unhandled]

    async def wait_for_request(
        self,
        predicate: Callable[[RecordedRequest], bool] | None = None,
        *,
        method: str | None = None,
        path: str | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
        include_past: bool = True,
    ) -> RecordedRequest:
        """Wait for a (handled) request matching ``predicate`` and ``method``/``path``.

        With ``include_past`` an already-recorded request satisfies the wait.
        """

        def check(rec: RecordedRequest) -> bool:
            return rec.matches(method, path) and (predicate is None or predicate(rec))

        if include_past:
            for rec in self.requests:
                if rec.status is not None and check(rec):
                    return rec
        future: asyncio.Future[RecordedRequest] = asyncio.get_running_loop().create_future()
        waiter = _Waiter(check, future)
        self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            recent = "\n  ".join(f"{r.method} {r.path} -> {r.status}" for r in self.requests[-10:])
            raise AssertionError(
                f"no request matching method={method} path={path} within {timeout}s; "
                f"recent:\n  {recent}\nerrors: {self.errors}\n"
                f"suppressed: {[event for event, _ in self.suppressed_events]}"
            ) from None
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    def _notify(self, rec: RecordedRequest) -> None:
        for waiter in list(self._waiters):
            if not waiter.future.done() and waiter.predicate(rec):
                waiter.future.set_result(rec)
                self._waiters.remove(waiter)

    # ------------------------------------------------------------- HTTP app

    def _build_app(self) -> web.Application:
        app = web.Application(middlewares=[self._middleware])
        api = f"/api/v{API_VERSION}"
        routes: list[tuple[str, str, _Handler]] = [
            ("GET", "/users/@me", self._get_me),
            ("GET", "/users/{user_id}", self._get_user),
            ("POST", "/users/@me/channels", self._create_dm),
            ("GET", "/oauth2/applications/@me", self._get_application),
            ("GET", "/applications/@me", self._get_application),
            ("GET", "/gateway", self._get_gateway),
            ("GET", "/gateway/bot", self._get_gateway_bot),
            ("GET", "/applications/{app_id}/commands", self._get_commands),
            ("PUT", "/applications/{app_id}/commands", self._put_commands),
            ("GET", "/applications/{app_id}/guilds/{guild_id}/commands", self._get_commands),
            ("PUT", "/applications/{app_id}/guilds/{guild_id}/commands", self._put_commands),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self._interaction_callback),
            ("POST", "/webhooks/{app_id}/{token}", self._webhook_execute),
            ("GET", "/webhooks/{app_id}/{token}/messages/{message_id}", self._webhook_message),
            ("PATCH", "/webhooks/{app_id}/{token}/messages/{message_id}", self._webhook_message),
            ("DELETE", "/webhooks/{app_id}/{token}/messages/{message_id}", self._webhook_message),
            ("GET", "/channels/{channel_id}", self._get_channel),
            ("POST", "/channels/{channel_id}/messages", self._channel_post),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self._channel_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self._channel_message),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self._channel_message),
            ("POST", "/channels/{channel_id}/typing", self._no_content),
            (
                "PUT",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
                self._no_content,
            ),
            (
                "DELETE",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
                self._no_content,
            ),
            ("POST", "/channels/{channel_id}/messages/{message_id}/threads", self._create_thread),
            ("POST", "/channels/{channel_id}/threads", self._create_thread),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, api + path, handler)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/attachments/{attachment_id}/{filename}", self._get_attachment)
        app.router.add_route("*", "/{tail:.*}", self._unhandled)
        return app

    @web.middleware
    async def _middleware(self, request: web.Request, handler: _Handler) -> web.StreamResponse:
        if request.path == "/gateway":
            return await handler(request)
        rec = await self._record(request)
        request[_REC] = rec
        try:
            fault = self._fault_for(rec)
            if fault is not None:
                response: web.StreamResponse = fault
            elif self._unauthorized(request):
                response = _error(401, "401: Unauthorized")
            else:
                response = await handler(request)
        except _Abort as abort:
            response = abort.response
        except web.HTTPException:
            raise
        except Exception as exc:
            self.errors.append(f"{request.method} {request.path}: {traceback.format_exc()}")
            # 400, not 500: discord.py retries 5xx with back-off, which would hide the bug.
            response = _error(400, f"emulator error: {exc!r}")
        rec.status = response.status
        if (
            isinstance(response, web.Response)
            and response.content_type == "application/json"
            and response.body
        ):
            rec.response = json.loads(bytes(response.body))  # type: ignore[arg-type]
        self._notify(rec)
        return response

    def _unauthorized(self, request: web.Request) -> bool:
        path = request.path
        public = ("/interactions/", "/webhooks/")
        if (
            not path.startswith("/api/")
            or path.endswith("/gateway")
            or any(p in path for p in public)
        ):
            return False
        auth = request.headers.get(hdrs.AUTHORIZATION, "")
        if not auth.startswith("Bot "):
            return True
        return self.token is not None and auth != f"Bot {self.token}"

    async def _record(self, request: web.Request) -> RecordedRequest:
        body: Any = None
        files: list[UploadedFile] = []
        if request.body_exists:
            if request.content_type == "multipart/form-data":
                reader = await request.multipart()
                while (part := await reader.next()) is not None:
                    if not isinstance(part, BodyPartReader):
                        continue
                    data = await part.read(decode=False)
                    if part.name == "payload_json":
                        body = json.loads(data.decode())
                    else:
                        files.append(
                            UploadedFile(
                                part.name or "",
                                part.filename,
                                part.headers.get(hdrs.CONTENT_TYPE),
                                bytes(data),
                            )
                        )
            else:
                text = await request.text()
                if text:
                    try:
                        body = json.loads(text)
                    except ValueError:
                        body = text
        prefix = f"/api/v{API_VERSION}"
        path = (
            request.path[len(prefix) :] if request.path.startswith(prefix + "/") else request.path
        )
        rec = RecordedRequest(
            method=request.method,
            path=path,
            query=dict(request.query),
            json=body,
            files=files,
            headers=dict(request.headers),
            time=time.time(),
            monotonic=time.monotonic(),
            raw_path=request.path_qs,
        )
        self.requests.append(rec)
        return rec

    # --------------------------------------------------------- REST handlers

    async def _unhandled(self, request: web.Request) -> web.StreamResponse:
        request[_REC].unhandled = True
        return _error(
            404, f"404: Not Found (emulator has no route for {request.method} {request.path})"
        )

    async def _no_content(self, request: web.Request) -> web.StreamResponse:
        return _no_content()

    async def _get_me(self, request: web.Request) -> web.StreamResponse:
        return _json_response(
            {**self.bot_user, "verified": True, "mfa_enabled": False, "locale": "en-US"}
        )

    async def _get_user(self, request: web.Request) -> web.StreamResponse:
        user = self.users.get(int(request.match_info["user_id"]))
        return _json_response(user) if user else _error(404, "Unknown User", 10013)

    async def _get_application(self, request: web.Request) -> web.StreamResponse:
        return _json_response(
            {
                "id": str(self.application_id),
                "name": self.bot_user["username"],
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "flags": self.application_flags,
                "owner": self.app_owner,
                "team": None,
                "bot": self.bot_user,
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "tags": [],
                "install_params": None,
                "integration_types_config": {"0": {}},
                "approximate_guild_count": len(self.guilds),
            }
        )

    async def _get_gateway(self, request: web.Request) -> web.StreamResponse:
        return _json_response({"url": self.gateway_url})

    async def _get_gateway_bot(self, request: web.Request) -> web.StreamResponse:
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return _json_response({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    async def _create_dm(self, request: web.Request) -> web.StreamResponse:
        return _json_response(self.dm_channel(int(request[_REC].json["recipient_id"])))

    def _command_scope(self, request: web.Request) -> int | None:
        if int(request.match_info["app_id"]) != self.application_id:
            raise _Abort(_error(403, "Missing Access", 50001))
        guild_id = request.match_info.get("guild_id")
        return None if guild_id is None else int(guild_id)

    async def _get_commands(self, request: web.Request) -> web.StreamResponse:
        return _json_response(self.commands.get(self._command_scope(request), []))

    async def _put_commands(self, request: web.Request) -> web.StreamResponse:
        scope = self._command_scope(request)
        previous = {(c["name"], c["type"]): c["id"] for c in self.commands.get(scope, [])}
        stored: list[Payload] = []
        for body in request[_REC].json or []:
            cmd: Payload = {
                "description": "",
                "options": [],
                "default_member_permissions": None,
                "nsfw": False,
                **copy.deepcopy(body),
            }
            cmd["type"] = int(cmd.get("type", 1))
            cmd["id"] = previous.get((cmd["name"], cmd["type"])) or str(new_snowflake())
            cmd["application_id"] = str(self.application_id)
            cmd["version"] = str(new_snowflake())
            if scope is not None:
                cmd["guild_id"] = str(scope)
            stored.append(cmd)
        self.commands[scope] = stored
        return _json_response(stored)

    async def _get_channel(self, request: web.Request) -> web.StreamResponse:
        channel = self.get_channel(request.match_info["channel_id"])
        return _json_response(channel) if channel else _error(404, "Unknown Channel", 10003)

    async def _get_attachment(self, request: web.Request) -> web.StreamResponse:
        entry = self._attachments.get(int(request.match_info["attachment_id"]))
        if entry is None:
            return _error(404, "404: Not Found")
        _, content_type, data = entry
        return web.Response(
            body=data, headers={hdrs.CONTENT_TYPE: content_type or "application/octet-stream"}
        )

    # ----- messages from the bot

    def _uploads_to_attachments(
        self, body: Payload, files: list[UploadedFile], old: list[Payload]
    ) -> list[Payload]:
        """Map ``payload_json.attachments`` + ``files[n]`` parts to stored attachments."""
        by_field = {f.field_name: f for f in files}
        old_by_id = {a["id"]: a for a in old}
        result: list[Payload] = []
        entries = body.get("attachments")
        if entries is None:
            entries = (
                [{"id": i} for i in range(len(files))] if files else [{"id": a["id"]} for a in old]
            )
        for entry in entries:
            key = str(entry["id"])
            upload = by_field.get(f"files[{key}]")
            if upload is not None:
                name = entry.get("filename") or upload.filename or f"file{key}"
                att = self.add_attachment(name, upload.data, content_type=upload.content_type)
                if entry.get("description"):
                    att["description"] = entry["description"]
                result.append(att)
            elif key in old_by_id:
                result.append(old_by_id[key])
        return result

    def _bot_message(
        self,
        channel_id: int,
        body: Payload,
        files: list[UploadedFile],
        *,
        webhook: bool,
        msg_type: int = 0,
        extra_flags: int = 0,
    ) -> Payload:
        msg = self._message_payload(
            channel_id,
            content=body.get("content") or "",
            author=self.bot_user,
            attachments=self._uploads_to_attachments(body, files, []),
            embeds=body.get("embeds"),
            components=body.get("components"),
            flags=int(body.get("flags") or 0) | extra_flags,
            reference=body.get("message_reference"),
            msg_type=msg_type,
        )
        if body.get("tts"):
            msg["tts"] = True
        if webhook:
            msg["webhook_id"] = str(self.application_id)
            msg["application_id"] = str(self.application_id)
        self.messages[_id(msg)] = msg
        return msg

    def _edit_message(self, msg: Payload, body: Payload, files: list[UploadedFile]) -> Payload:
        for key in ("content", "embeds", "components"):
            if key in body:
                msg[key] = body[key] if body[key] is not None else ([] if key != "content" else "")
        if "flags" in body and body["flags"] is not None:
            msg["flags"] = int(body["flags"])
        else:
            msg["flags"] = int(msg["flags"]) & ~_FLAG_LOADING
        if "attachments" in body or files:
            msg["attachments"] = self._uploads_to_attachments(body, files, msg["attachments"])
        msg["edited_timestamp"] = _iso_now()
        return msg

    async def _echo(self, event: str, msg: Payload) -> None:
        if self.echo_messages and not int(msg["flags"]) & _FLAG_EPHEMERAL and self.connected:
            await self.dispatch(event, msg)

    async def _channel_post(self, request: web.Request) -> web.StreamResponse:
        rec: RecordedRequest = request[_REC]
        channel_id = int(request.match_info["channel_id"])
        channel = self.get_channel(channel_id)
        if channel is None:
            return _error(404, "Unknown Channel", 10003)
        body = rec.json or {}
        in_thread = int(channel["type"]) in (10, 11, 12)
        self._require(channel_id, _SEND_IN_THREADS if in_thread else _SEND)
        if body.get("embeds"):
            self._require(channel_id, _EMBED_LINKS)
        if body.get("message_reference") and not self._has(channel_id, _READ_HISTORY):
            raise _Abort(
                _error(400, "Cannot reply without permission to read message history", 160002)
            )
        _check_message(body, len(rec.files), creating=True)
        msg = self._bot_message(channel_id, body, rec.files, webhook=False)
        await self._echo("MESSAGE_CREATE", msg)
        return _json_response(msg)

    async def _channel_message(self, request: web.Request) -> web.StreamResponse:
        rec: RecordedRequest = request[_REC]
        msg = self.messages.get(int(request.match_info["message_id"]))
        if msg is None or msg["channel_id"] != request.match_info["channel_id"]:
            return _error(404, "Unknown Message", 10008)
        if request.method == "DELETE":
            del self.messages[_id(msg)]
            return _no_content()
        if request.method == "PATCH":
            body = rec.json or {}
            if body.get("embeds"):
                self._require(int(msg["channel_id"]), _EMBED_LINKS)
            _check_message(body, len(rec.files), creating=False)
            self._edit_message(msg, body, rec.files)
            await self._echo("MESSAGE_UPDATE", msg)
        return _json_response(msg)

    def _has(self, channel_id: int, permissions: int) -> bool:
        granted = self.channel_permissions(channel_id, self.bot_user["id"])
        return granted & permissions == permissions

    def _require(self, channel_id: int, permissions: int) -> None:
        """Discord's 403 50013 when the bot lacks ``permissions`` (and View Channel) there."""
        if not self._has(channel_id, permissions | _VIEW):
            raise _Abort(_error(403, "Missing Permissions", 50013))

    async def _create_thread(self, request: web.Request) -> web.StreamResponse:
        rec: RecordedRequest = request[_REC]
        body = rec.json or {}
        parent_id = int(request.match_info["channel_id"])
        guild_id = self._channel_guild.get(parent_id)
        if guild_id is None:
            return _error(404, "Unknown Channel", 10003)
        message_id = request.match_info.get("message_id")
        private = message_id is None and int(body.get("type") or 11) == 12
        self._require(parent_id, _PRIVATE_THREADS if private else _PUBLIC_THREADS)
        if len(body.get("name") or "") > 100 or not body.get("name"):
            raise _Abort(_form_error({"name": "Must be between 1 and 100 in length."}))
        now = _iso_now()
        thread: Payload = {
            "id": message_id or str(new_snowflake()),  # threads from messages reuse the message id
            "guild_id": str(guild_id),
            "parent_id": str(parent_id),
            "owner_id": self.bot_user["id"],
            "name": body.get("name", "thread"),
            "type": int(body.get("type") or 11) if message_id is None else 11,
            "last_message_id": None,
            "rate_limit_per_user": body.get("rate_limit_per_user") or 0,
            "message_count": 0,
            "member_count": 1,
            "total_message_sent": 0,
            "flags": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": body.get("auto_archive_duration") or 1440,
                "archive_timestamp": now,
                "locked": False,
                "invitable": body.get("invitable", True),
                "create_timestamp": now,
            },
        }
        self.guilds[guild_id]["threads"].append(thread)
        self._channel_guild[_id(thread)] = guild_id
        if message_id is not None and int(message_id) in self.messages:
            self.messages[int(message_id)]["thread"] = thread
        if self.connected:
            await self.dispatch("THREAD_CREATE", {**thread, "newly_created": True})
        return _json_response(thread, 201)

    # ----- interactions

    async def _interaction_callback(self, request: web.Request) -> web.StreamResponse:
        rec: RecordedRequest = request[_REC]
        token = request.match_info["token"]
        interaction = self._interactions.get(token)
        if interaction is None or interaction["id"] != request.match_info["interaction_id"]:
            return _error(404, "Unknown interaction", 10062)
        deadline = self.interaction_response_deadline
        if deadline is not None and rec.monotonic - self._interaction_sent[token] > deadline:
            return _error(404, "Unknown interaction", 10062)
        if token in self._acknowledged:
            return _error(400, "Interaction has already been acknowledged.", 40060)
        body = rec.json or {}
        cb_type = int(body["type"])
        data: Payload = body.get("data") or {}
        if (cb_type == _CB_AUTOCOMPLETE) != (interaction["type"] == _AUTOCOMPLETE):
            return _error(400, "Interaction response type not allowed here", 40043)
        if cb_type == _CB_AUTOCOMPLETE:
            errors = choice_errors(data.get("choices") or [])
            if errors:
                return _form_error(errors)
        elif cb_type in (_CB_MESSAGE, _CB_UPDATE):
            _check_message(data, len(rec.files), creating=cb_type == _CB_MESSAGE)
        self._acknowledged[token] = cb_type
        channel_id = int(interaction["channel_id"])
        message: Payload | None = None
        if cb_type in (_CB_MESSAGE, _CB_DEFERRED_MESSAGE):
            msg_type = 20 if interaction["type"] == _APPLICATION_COMMAND else 0
            loading = _FLAG_LOADING if cb_type == _CB_DEFERRED_MESSAGE else 0
            message = self._bot_message(
                channel_id, data, rec.files, webhook=True, msg_type=msg_type, extra_flags=loading
            )
            self._original[token] = _id(message)
            if loading:
                self._loading.add(token)
            await self._echo("MESSAGE_CREATE", message)
        elif cb_type in (_CB_DEFERRED_UPDATE, _CB_UPDATE) and "message" in interaction:
            target = self.messages.get(_id(interaction["message"]))
            if target is not None:
                self._original[token] = _id(target)
                if cb_type == _CB_UPDATE:
                    message = self._edit_message(target, data, rec.files)
                    await self._echo("MESSAGE_UPDATE", message)
        if rec.query.get("with_response") not in ("1", "true", "True"):
            return _no_content()
        flags = int(message["flags"]) if message else int(data.get("flags") or 0)
        info: Payload = {
            "id": interaction["id"],
            "type": interaction["type"],
            "response_message_loading": cb_type == _CB_DEFERRED_MESSAGE,
            "response_message_ephemeral": bool(flags & _FLAG_EPHEMERAL),
        }
        resource: Payload = {"type": cb_type}
        if message is not None:
            info["response_message_id"] = message["id"]
            resource["message"] = message
        return _json_response({"interaction": info, "resource": resource})

    def _webhook_token(self, request: web.Request) -> Payload:
        token = request.match_info["token"]
        interaction = self._interactions.get(token)
        if int(request.match_info["app_id"]) != self.application_id or interaction is None:
            raise _Abort(_error(404, "Unknown Webhook", 10015))
        if token not in self._acknowledged:  # follow-ups need an initial response first
            raise _Abort(_error(404, "Unknown Webhook", 10015))
        age = time.monotonic() - self._interaction_sent[token]
        if age > self.interaction_token_lifetime:
            raise _Abort(_error(401, "Invalid Webhook Token", 50027))
        return interaction

    def _resolve_loading(self, token: str) -> Payload | None:
        """The unresolved deferred "thinking…" message of ``token``, now resolved, if any."""
        if token not in self._loading:
            return None
        self._loading.discard(token)
        return self.messages.get(self._original.get(token, 0))

    async def _webhook_execute(self, request: web.Request) -> web.StreamResponse:
        rec: RecordedRequest = request[_REC]
        interaction = self._webhook_token(request)
        body = rec.json or {}
        _check_message(body, len(rec.files), creating=True)
        loading = self._resolve_loading(interaction["token"])
        if loading is not None:
            # Discord: the first follow-up after a deferred response replaces the "thinking…"
            # message and keeps its visibility; the follow-up's own flags are ignored.
            keep = int(loading["flags"]) & _FLAG_EPHEMERAL
            msg = self._edit_message(loading, {**body, "flags": keep}, rec.files)
            await self._echo("MESSAGE_UPDATE", msg)
        else:
            msg = self._bot_message(int(interaction["channel_id"]), body, rec.files, webhook=True)
            await self._echo("MESSAGE_CREATE", msg)
        if rec.query.get("wait") in ("0", "false", "False"):
            return _no_content()
        return _json_response(msg)

    async def _webhook_message(self, request: web.Request) -> web.StreamResponse:
        rec: RecordedRequest = request[_REC]
        interaction = self._webhook_token(request)
        raw_id = request.match_info["message_id"]
        msg_id = self._original.get(interaction["token"]) if raw_id == "@original" else int(raw_id)
        msg = self.messages.get(msg_id) if msg_id is not None else None
        if msg is None:
            return _error(404, "Unknown Message", 10008)
        if raw_id == "@original" and request.method != "GET":
            self._resolve_loading(interaction["token"])
        if request.method == "DELETE":
            del self.messages[_id(msg)]
            return _no_content()
        if request.method == "PATCH":
            body = rec.json or {}
            _check_message(body, len(rec.files), creating=False)
            flags = body.get("flags")
            if flags is not None:  # visibility never changes after the message exists
                body = {
                    **body,
                    "flags": (int(flags) & ~_FLAG_EPHEMERAL)
                    | (int(msg["flags"]) & _FLAG_EPHEMERAL),
                }
            self._edit_message(msg, body, rec.files)
            await self._echo("MESSAGE_UPDATE", msg)
        return _json_response(msg)


class CommandUnavailable(LookupError):
    """Discord would not deliver this interaction (e.g. a guild-only command in a DM)."""


def _usable_in_dms(command: Payload) -> bool:
    contexts = command.get("contexts")
    if contexts is not None:
        return 1 in contexts or 2 in contexts
    return command.get("dm_permission") is not False


class _Abort(Exception):
    """Short-circuit a handler with a prepared JSON error response."""

    def __init__(self, response: web.Response) -> None:
        super().__init__(response.status)
        self.response = response


def _opt_int(value: object) -> int | None:
    return None if value is None else int(str(value))
