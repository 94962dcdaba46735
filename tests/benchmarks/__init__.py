"""Benchmarks that print figures (`python -m tests.benchmarks`); no timing is asserted."""

from __future__ import annotations

from bot.settings import Settings
from tests.conftest import SHIPPED_DATA


def benchmark_settings(database_url: str) -> Settings:
    """The shipped content, the given database and a fixed usage key, with no .env read."""
    return Settings(
        _env_file=None,
        data_dir=SHIPPED_DATA,
        database_url=database_url,
        usage_hash_key="benchmark-key-0123456789",
    )
