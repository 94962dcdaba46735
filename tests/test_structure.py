"""Architecture guards: the engine never imports discord, and no module imports in a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parent.parent
DISCORD_ALLOWED = {"bot.render", "bot.views", "bot.client", "bot.logs", "bot.translations"}
"""bot.logs imports discord.utils inside configure(), for its log formatting only."""


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


def test_engine_modules_never_import_discord() -> None:
    offenders = {
        name: sorted(i for i in imports if i.split(".")[0] == "discord")
        for name, imports in project_modules().items()
        if name.startswith("bot") and name not in DISCORD_ALLOWED
    }
    assert {name: imps for name, imps in offenders.items() if imps} == {}


def test_engine_modules_never_import_the_discord_adapter_or_cogs() -> None:
    adapter = {"bot.render", "bot.views", "bot.client", "cogs"}
    for name, imports in project_modules().items():
        if name.startswith("bot") and name not in DISCORD_ALLOWED and name != "bot.__main__":
            assert not {i for i in imports if i in adapter or i.startswith("cogs")}, name


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
