"""What the bot and console share: the engine for the current content, swapped whole on reload."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

from bot.answers import Answer
from bot.settings import Settings

from bot.content.loader import ContentError, load_snapshot
from bot.matching import Engine

log = logging.getLogger(__name__)


class ContentHolder:
    """Holds the Engine serving the current Snapshot.

    Handlers read `engine` once per interaction, so a reload in the middle of one never mixes
    two snapshots: the new Engine is built and validated completely, then one reference changes.
    """

    def __init__(self, data_dir: Path, *, default_country: str | None) -> None:
        self.data_dir = data_dir
        self.default_country = default_country
        self.engine = Engine(load_snapshot(data_dir), default_country=default_country)
        self._reloading = asyncio.Lock()

    async def reload(self) -> tuple[str, ...]:
        """Re-read the content folder; keep the old content and return the errors if it fails."""
        async with self._reloading:
            try:
                engine = await asyncio.to_thread(self._build)
            except ContentError as error:
                log.warning("Reload refused, %d content error(s); old content kept", len(error.errors))
                return error.errors
            self.engine = engine
            log.info("Reloaded content %s", engine.snapshot.version)
            return ()

    def _build(self) -> Engine:
        return Engine(load_snapshot(self.data_dir), default_country=self.default_country)


async def open_usage(settings: Settings) -> None:
    """Placeholder until the usage log lands."""
    return None


def recorder(usage: None, *, command: str) -> Callable[[Answer, str | None], None]:
    """Placeholder until the usage log lands."""
    return lambda answer, locale: None
