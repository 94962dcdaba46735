"""Architecture guards by folder: discord in the adapter only, a pure engine, SQL in storage."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
DISCORD_FOLDERS = ("bot.chat", "cogs")
"""Only the Discord adapter and the cogs may import discord."""
SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE|PRAGMA)\b",
    re.S,
)


def _in(name: str, folders: tuple[str, ...]) -> bool:
    return any(name == folder or name.startswith(folder + ".") for folder in folders)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Imports that run: those under `if TYPE_CHECKING:` are for type checkers only."""
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.If)
            and isinstance(node.test, ast.Name)
            and node.test.id == "TYPE_CHECKING"
        ):
            node.body = []
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@functools.cache
def project_modules() -> dict[str, set[str]]:
    modules = {
        module_name(p): imports_of(p)
        for folder in ("bot", "cogs")
        for p in (ROOT / folder).rglob("*.py")
    }
    return {
        name: {imp for imp in imports if imp.split(".")[0] in ("bot", "cogs")}
        | {imp for imp in imports if imp.split(".")[0] == "discord"}
        for name, imports in modules.items()
    }


def forbidden_imports(
    modules: dict[str, set[str]], where: tuple[str, ...], banned: tuple[str, ...]
) -> dict[str, list[str]]:
    """Imports from `banned` folders made by modules in `where` folders."""
    found = {
        name: sorted(i for i in imports if _in(i, banned))
        for name, imports in modules.items()
        if _in(name, where)
    }
    return {name: imps for name, imps in found.items() if imps}


def test_only_the_adapter_and_cogs_import_discord() -> None:
    outside = {
        name: imports
        for name, imports in project_modules().items()
        if not _in(name, DISCORD_FOLDERS)
    }
    assert forbidden_imports(outside, ("bot",), ("discord",)) == {}


def test_engine_imports_nothing_from_storage_chat_or_cogs() -> None:
    banned = ("bot.storage", "bot.chat", "cogs", "bot.services", "bot.console", "bot.settings")
    assert forbidden_imports(project_modules(), ("bot.engine",), banned) == {}


def test_content_imports_nothing_above_it() -> None:
    banned = ("bot.engine", "bot.storage", "bot.chat", "cogs", "bot.services", "bot.console")
    assert forbidden_imports(project_modules(), ("bot.content",), banned) == {}


def test_storage_never_imports_the_adapter_or_cogs() -> None:
    assert forbidden_imports(project_modules(), ("bot.storage",), ("bot.chat", "cogs")) == {}


def test_sql_lives_only_in_storage() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("bot", "cogs")
        for path in (ROOT / folder).rglob("*.py")
        if not _in(module_name(path), ("bot.storage",)) and SQL.search(path.read_text())
    ]
    assert offenders == []


def test_forbidden_import_is_caught() -> None:
    """The guards above see a planted import: they can fail."""
    modules = {"bot.engine.matching": {"bot.storage.usage"}, "bot.content.models": {"discord"}}
    assert forbidden_imports(modules, ("bot.engine",), ("bot.storage",)) == {
        "bot.engine.matching": ["bot.storage.usage"]
    }
    assert forbidden_imports(modules, ("bot.content",), ("discord",)) == {
        "bot.content.models": ["discord"]
    }


def test_no_import_cycles() -> None:
    graph = {
        name: {i for i in imports if i in project_modules()}
        for name, imports in project_modules().items()
    }
    visiting: set[str] = set()
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        if node in done:
            return
        assert node not in visiting, " -> ".join([*path, node])
        visiting.add(node)
        for child in graph.get(node, ()):
            visit(child, [*path, node])
        visiting.discard(node)
        done.add(node)

    for module in graph:
        visit(module, [])
