"""The one settings object: environment variables (prefix ``TRADEBOT_``) and a ``.env`` file.

Every service receives the values it needs from here through its constructor, so tests build
a ``Settings`` with explicit values instead of patching the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def absolute(path: Path) -> Path:
    """``path`` made absolute against the working folder, ``~`` expanded."""
    return (Path.cwd() / path.expanduser()).resolve()


class Settings(BaseSettings):
    """All configuration of tradebot; documented one by one in ``.env.example``."""

    model_config = SettingsConfigDict(
        env_prefix="TRADEBOT_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    # --- knowledge and index -------------------------------------------------------------
    knowledge_dir: Path = Path("knowledge")
    index_dir: Path = Path(".tradebot/index")
    chroma_url: str | None = None
    """``http://host:port`` of a Chroma server; when unset the index is a local folder."""
    embeddings: str = "minilm-int8"
    """``minilm-int8`` (offline, bundled), ``openai:<model>``, ``ollama:<model>``,
    ``sentence-transformers:<name-or-path>``."""
    embeddings_base_url: str | None = None

    # --- retrieval and answers --------------------------------------------------------------
    top_k: int = Field(default=5, ge=1, le=20)
    max_question_chars: int = Field(default=1000, ge=10)

    # --- language model -----------------------------------------------------------------------
    llm: str = "extractive"
    """``extractive`` (offline default) or ``provider:model`` for LangChain's init_chat_model."""
    llm_base_url: str | None = None
    llm_timeout: float = Field(default=30.0, gt=0)
    llm_max_tokens: int = Field(default=512, ge=16)
    llm_temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    answer_max_chars: int = Field(default=3000, ge=200)
    """Longest answer shown, enforced in verification whatever the model writes."""
    prompts_dir: Path | None = None
    """Folder with system.md, answer.md and condense.md; defaults to the project's prompts/."""
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "openai_api_key")
    )
    anthropic_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("ANTHROPIC_API_KEY", "anthropic_api_key")
    )

    # --- Discord ------------------------------------------------------------------------------
    discord_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("DISCORD_TOKEN", "TRADEBOT_DISCORD_TOKEN")
    )
    guild_id: int | None = None
    moderator_role_ids: Annotated[tuple[int, ...], NoDecode] = ()
    discord_api_base: str | None = None
    discord_gateway_url: str | None = None
    shards: int | None = Field(default=None, ge=1)
    shard_ids: Annotated[tuple[int, ...], NoDecode] = ()
    """The shards this process runs, e.g. ``0-3`` or ``4,5``, out of ``shards``: one process
    per subset spreads a big bot over machines. Empty: all of them."""
    feedback_db: Path | None = None
    """SQLite file for 👍/👎 votes; defaults to ``<index_dir>/feedback.sqlite3``."""
    servers_db: Path | None = None
    """SQLite file for each server's ``/settings``; defaults to ``<index_dir>/servers.sqlite3``."""
    gaps_db: Path | None = None
    """SQLite file of refused questions (``/gaps``, ``tradebot gaps``); defaults to
    ``<index_dir>/gaps.sqlite3``."""
    gaps_days: float = Field(default=30.0, gt=0)
    """Refused questions are kept this many days (no user ids are ever stored)."""
    user_cooldown_s: float = Field(default=5.0, ge=0)
    max_concurrent_answers: int = Field(default=4, ge=1)
    max_queued_answers: int = Field(default=32, ge=0)

    # --- adding articles by link and by feed ----------------------------------------------
    fetch_contact: str = ""
    """Who to contact about tradebot's requests (a URL or e-mail), sent in the User-Agent."""
    fetch_allow_private: bool = False
    """Allow links to loopback, private and other non-public addresses (tests, intranets)."""
    fetch_ignore_robots: bool = False
    """Fetch pages that robots.txt disallows for tradebot (the operator's decision)."""
    fetch_timeout_s: float = Field(default=10.0, gt=0)
    """Connect and read timeouts of one request; the whole page must arrive within 6x this."""
    feeds_interval_min: int = Field(default=60, ge=0)
    """Minutes between two feed polls of the Discord bot; 0 turns polling off."""
    feeds_db: Path | None = None
    """SQLite file of the feed subscriptions; defaults to ``<index_dir>/feeds.sqlite3``."""

    log_level: str = "INFO"

    @field_validator("moderator_role_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(int(part) for part in value.replace(" ", "").split(",") if part)
        if isinstance(value, int):
            return (value,)
        return value

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _shard_ranges(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        ids: list[int] = []
        for part in value.replace(" ", "").split(","):
            first, dash, last = part.partition("-")
            if part:
                ids.extend(range(int(first), int(last) + 1) if dash else [int(first)])
        return tuple(sorted(set(ids)))

    @model_validator(mode="after")
    def _shards_agree(self) -> Settings:
        if self.shard_ids and not self.shards:
            raise ValueError("TRADEBOT_SHARD_IDS needs TRADEBOT_SHARDS, the total number of shards")
        if self.shards and any(not 0 <= i < self.shards for i in self.shard_ids):
            raise ValueError(
                f"TRADEBOT_SHARD_IDS must be between 0 and {self.shards - 1} "
                f"(TRADEBOT_SHARDS={self.shards})"
            )
        return self

    @field_validator(
        "chroma_url",
        "llm_base_url",
        "embeddings_base_url",
        "prompts_dir",
        "feeds_db",
        "openai_api_key",
        "anthropic_api_key",
        "servers_db",
        "gaps_db",
        mode="before",
    )
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _absolute_paths(self) -> Settings:
        """Relative folders are read from the folder tradebot is started in, once, here.

        Every service then sees absolute paths (SQLite URIs, a child process with another
        working folder, messages naming the folder the user should look at).
        """
        for name in (
            "knowledge_dir",
            "index_dir",
            "prompts_dir",
            "feedback_db",
            "feeds_db",
            "servers_db",
            "gaps_db",
        ):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, absolute(value))
        return self

    def with_knowledge_dir(self, folder: Path) -> Settings:
        """These settings reading articles from ``folder`` (``--knowledge DIR``)."""
        return self.model_copy(update={"knowledge_dir": absolute(folder)})

    @property
    def feedback_path(self) -> Path:
        return self.feedback_db or self.index_dir / "feedback.sqlite3"

    @property
    def servers_path(self) -> Path:
        return self.servers_db or self.index_dir / "servers.sqlite3"

    @property
    def gaps_path(self) -> Path:
        return self.gaps_db or self.index_dir / "gaps.sqlite3"

    @property
    def feeds_path(self) -> Path:
        return self.feeds_db or self.index_dir / "feeds.sqlite3"
