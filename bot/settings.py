"""The one Settings class: every knob an operator can turn, read from the environment and .env."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.storage.backend import is_postgres

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]
DEFAULT_HASH_KEY = "change-me"


class SettingsError(Exception):
    """Settings could not be read; the message has one line per bad setting."""


class Settings(BaseSettings):
    """Signpost's configuration. Field descriptions are what `.env.example` documents."""

    model_config = SettingsConfigDict(
        env_prefix="SIGNPOST_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
        hide_input_in_errors=True,
        populate_by_name=True,
    )

    token: SecretStr | None = Field(
        default=None,
        description="Discord bot token. Without it, `python -m bot` opens the offline console.",
    )
    data_dir: Path = Field(
        default=PROJECT_ROOT / "data", description="Folder holding the content TOML files."
    )
    database_url: str = Field(
        default=str(PROJECT_ROOT / "signpost.db"),
        # SIGNPOST_DATABASE_PATH is the name this had when only SQLite was possible.
        validation_alias=AliasChoices("SIGNPOST_DATABASE_URL", "SIGNPOST_DATABASE_PATH"),
        description="Where anonymous usage and per-server settings live: a SQLite file, or "
        "postgresql://user:password@host:5432/signpost shared by every process.",
    )
    log_level: LogLevel = Field(default="INFO", description="DEBUG, INFO, WARNING or ERROR.")
    dev_guild_id: int | None = Field(
        default=None,
        description="Server id that `python -m bot sync` targets when no --guild is given.",
        gt=0,
    )
    owner_ids: tuple[int, ...] = Field(
        default=(),
        description="Discord user ids allowed to reload content everywhere (JSON list).",
    )
    default_country: str | None = Field(
        default=None,
        description="Country (ISO 3166 code) used when neither the server nor the locale says. "
        "Unset, such a member is asked where they are rather than given another country's "
        "emergency number.",
        pattern=r"^[A-Z]{2}$",
    )
    private_by_default: bool = Field(
        default=True, description="Replies are visible only to the member who asked."
    )
    usage_hash_key: SecretStr = Field(
        default=SecretStr(DEFAULT_HASH_KEY),
        description="Secret key for hashing server ids in the usage log; set a long random value.",
        min_length=8,
    )
    retention_days: int = Field(
        default=90, ge=1, le=3650, description="Usage events older than this are deleted."
    )
    suppression_threshold: int = Field(
        default=5, ge=2, le=100, description="Counts below this are shown as '<N' in stats."
    )
    unmatched_min_count: int = Field(
        default=5,
        ge=5,
        le=100,
        description="Editors see an unmatched question only once it was asked this many times.",
    )
    stale_after_days: int = Field(
        default=180, ge=1, description="`lint` warns about resources verified longer ago than this."
    )
    shard_count: int | None = Field(
        default=None, ge=1, description="Total shards across all processes (large bots only)."
    )
    shard_ids: tuple[int, ...] | None = Field(
        default=None, description="Shards this process runs, as a JSON list like [0, 1]."
    )

    @field_validator("token", mode="before")
    @classmethod
    def _blank_token_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("data_dir")
    @classmethod
    def _from_project_root(cls, value: Path) -> Path:
        return _in_project(value)

    @field_validator("database_url", mode="before")
    @classmethod
    def _file_from_project_root(cls, value: object) -> object:
        if isinstance(value, Path) or (isinstance(value, str) and not is_postgres(value)):
            return str(_in_project(Path(value)))
        return value

    @field_validator("default_country", mode="before")
    @classmethod
    def _upper_country(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("shard_ids")
    @classmethod
    def _shards_in_range(cls, value: tuple[int, ...] | None) -> tuple[int, ...] | None:
        if value is not None and any(shard < 0 for shard in value):
            raise ValueError("shard ids are 0 or more")
        return value


def _in_project(path: Path) -> Path:
    """Relative paths in .env mean the project folder, wherever the bot is started from."""
    return path if path.is_absolute() else PROJECT_ROOT / path


def load_settings(**overrides: object) -> Settings:
    """Build Settings once, turning pydantic's report into one readable line per bad setting."""
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise SettingsError(_describe(error)) from None
    if settings.shard_ids is not None and settings.shard_count is None:
        raise SettingsError("SIGNPOST_SHARD_IDS: needs SIGNPOST_SHARD_COUNT as well")
    if (
        settings.shard_ids
        and settings.shard_count
        and max(settings.shard_ids) >= settings.shard_count
    ):
        raise SettingsError("SIGNPOST_SHARD_IDS: every id must be below SIGNPOST_SHARD_COUNT")
    if (
        is_postgres(settings.database_url)
        and settings.usage_hash_key.get_secret_value() == DEFAULT_HASH_KEY
    ):
        raise SettingsError(
            "SIGNPOST_USAGE_HASH_KEY: set a long random value, the same in every process "
            "sharing PostgreSQL; with the default key anyone could match servers to their counts"
        )
    return settings


def _describe(error: ValidationError) -> str:
    lines = []
    for problem in error.errors(include_url=False, include_input=False):
        field = str(problem["loc"][0]) if problem["loc"] else "settings"
        lines.append(f"SIGNPOST_{field.upper()}: {problem['msg']}")
    return "\n".join(lines)
