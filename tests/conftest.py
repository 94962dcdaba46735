"""Shared fixtures: the small fixture content set, an editable copy, an engine, clean settings,
and databases of both engines.

PostgreSQL tests use SIGNPOST_TEST_POSTGRES_URL (CI starts a server and sets it), or else a
throwaway server started here when initdb and pg_ctl are installed. Without either they skip,
saying why; with CI=true they fail instead, so CI never passes without them.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.content.loader import Snapshot, load_snapshot
from bot.engine.matching import Engine
from bot.settings import Settings
from tests import postgres

FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"
SHIPPED_DATA = Path(__file__).parent.parent / "data"
ENGINES = ("sqlite", "postgresql")


@pytest.fixture(autouse=True)
def warming_only_where_tested(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Content warms in the background only in tests marked `warms`.

    Hundreds of tests build content, and each build's warming ran on for seconds after its test
    ended: threads piled up and took a core from the tests after them (e2e and reliability: 2 min
    3 s with warming, 1 min 33 s without). Answers are the same warm or cold
    (test_content_answers_at_once_and_warms_in_the_background); processes started by tests warm.
    """
    if request.node.get_closest_marker("warms") is None:
        monkeypatch.setattr("bot.services._warm_in_background", _warmed_already)


def _warmed_already(engine: Engine) -> threading.Thread:
    """A finished thread in place of warming, for code that joins it."""
    done = threading.Thread(target=lambda: None, name="warm-content")
    done.start()
    done.join()
    return done


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


def clean_settings(folder: Path) -> Settings:
    """Settings on the fixture content with a SQLite file in `folder`, no .env read."""
    return Settings(
        _env_file=None,
        data_dir=FIXTURE_DATA,
        database_url=str(folder / "signpost.db"),
        usage_hash_key="test-key-0123456789",
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return clean_settings(tmp_path)


def needs_postgres(reason: str) -> None:
    """Skip a PostgreSQL test for `reason`, or fail it under CI, which must run every one."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the PostgreSQL tests", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of a PostgreSQL server for this run: the one CI started, or a throwaway one."""
    if not os.environ.get(postgres.URL_VARIABLE) and postgres.binaries() is None:
        needs_postgres(f"PostgreSQL tests need {postgres.URL_VARIABLE} or initdb and pg_ctl")
    with postgres.server(fsync=False) as url:
        yield url


@pytest.fixture
async def postgres_url(postgres_server: str) -> AsyncIterator[str]:
    """A new, empty PostgreSQL database for one test, dropped after it."""
    async with postgres.fresh_database(postgres_server) as url:
        yield url


@pytest.fixture(params=ENGINES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each engine in turn: a SQLite file in tmp_path, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "signpost.db")
    return str(request.getfixturevalue("postgres_url"))
