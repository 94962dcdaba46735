"""Every sentence Signpost writes itself, found as gettext's extractor finds them.

Translators work from this list (`python -m bot phrases`), lint counts each language's coverage
of it, and a test fails when a catalogue misses one, so a new message cannot ship untranslated.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from bot.settings import PROJECT_ROOT
from bot.storage.servers import settings_info
from bot.storage.usage import NEVER_STORED, UNMATCHED_NOTICE, stored_fields

MARKERS = frozenset({"_", "N_"})
"""The functions that mark a sentence for translation (bot/language.py)."""
SOURCES = ("bot", "cogs")


def bot_phrases(root: Path = PROJECT_ROOT) -> tuple[str, ...]:
    """Every sentence to translate, in a stable order.

    That is each marked one in the code, and those the privacy and settings texts read from
    their models.
    """
    found = dict.fromkeys(_marked(root))
    found.update(dict.fromkeys(NEVER_STORED))
    found[UNMATCHED_NOTICE] = None
    found.update(dict.fromkeys(description for _name, description in stored_fields()))
    found.update(dict.fromkeys(info.description for info in settings_info()))
    return tuple(found)


def _marked(root: Path) -> Iterator[str]:
    for folder in SOURCES:
        for path in sorted((root / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in MARKERS
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    yield node.args[0].value
