"""Shared fixtures: the small fixture content set, an engine over it, and clean settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.loader import Snapshot, load_snapshot
from bot.matching import Engine
from bot.settings import Settings

FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"
SHIPPED_DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="session")
def snapshot() -> Snapshot:
    return load_snapshot(FIXTURE_DATA)


@pytest.fixture(scope="session")
def engine(snapshot: Snapshot) -> Engine:
    return Engine(snapshot, default_country="US")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,
        data_dir=FIXTURE_DATA,
        database_path=tmp_path / "signpost.db",
        usage_hash_key="test-key-0123456789",
    )
