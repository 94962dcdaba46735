"""Shared fixtures: the small fixture content set, an editable copy, an engine, clean settings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.content.loader import Snapshot, load_snapshot
from bot.engine.matching import Engine
from bot.settings import Settings

FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"
SHIPPED_DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="session")
def snapshot() -> Snapshot:
    return load_snapshot(FIXTURE_DATA)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the fixture content in tmp_path/data, for a test to change."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target


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
