"""JSON Schemas of the content files, generated from the models so editors get completion."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import ConfigDict, Field, create_model

from bot.content.loader import TABLES
from bot.settings import PROJECT_ROOT

SCHEMA_DIR = PROJECT_ROOT / "docs" / "schema"
"""Where `python -m bot schema` writes by default, and where editors' settings point."""
DRAFT = "http://json-schema.org/draft-07/schema#"
"""Draft 7 with `definitions`: the newest draft every TOML editor plugin (Taplo included) reads."""

FILES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "resources": ("resources",),
        "countries": ("countries",),
        "topics": ("topics",),
        "crisis": ("phrases",),
        "cues": ("cues", "calm", "combos", "hints"),
        "facts": ("facts",),
        "timeline": ("events",),
        "stories": ("stories",),
        "faq": ("faq",),
        "synonyms": ("synonyms",),
    }
)
"""Each kind of content file, named as docs/schema/<kind>.schema.json, and the tables it holds."""

WHERE: Mapping[str, str] = MappingProxyType(
    {
        "resources": "data/resources/<country>.toml",
        "countries": "data/countries.toml",
        "topics": "data/topics.toml",
        "crisis": "data/crisis.toml",
        "cues": "data/cues/<language>.toml",
        "facts": "data/facts.toml",
        "timeline": "data/timeline.toml",
        "stories": "data/stories.toml",
        "faq": "data/faq/<subject>.toml",
        "synonyms": "data/synonyms.toml",
    }
)
"""The files each schema describes, as docs/content.md lists them."""


def document_schema(kind: str) -> dict[str, Any]:
    """Describe one content file: a table holding an array of entries of one model."""
    tables = FILES[kind]
    least = 1 if len(tables) == 1 else 0
    fields: dict[str, Any] = {
        table: (  # a file of several tables may leave any of them out
            tuple[TABLES[table], ...],  # type: ignore[valid-type]
            Field(min_length=1) if least else Field(default=()),
        )
        for table in tables
    }
    document = create_model(
        f"{kind.capitalize().replace('-', '')}File",
        __config__=ConfigDict(extra="forbid"),
        **fields,
    )
    schema = document.model_json_schema(ref_template="#/definitions/{model}")
    schema = _without_null(schema)
    return {
        "$schema": DRAFT,
        "title": f"Signpost {kind} file ({WHERE[kind]})",
        "description": f"Entries are {' or '.join(f'[[{t}]]' for t in tables)} tables. "
        "Made by `python -m bot schema`.",
        **{key: value for key, value in schema.items() if key not in ("$defs", "title")},
        "definitions": schema.get("$defs", {}),
    }


def schema_files() -> dict[str, str]:
    """Every schema file's name and exact text, as `python -m bot schema` writes them."""
    return {
        f"{kind}.schema.json": json.dumps(document_schema(kind), indent=2, ensure_ascii=False)
        + "\n"
        for kind in FILES
    }


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder`, creating it; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_files().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _without_null(node: Any) -> Any:
    """TOML has no null: an optional key is simply left out, so drop the null branch and default."""
    if isinstance(node, list):
        return [_without_null(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _without_null(value) for key, value in node.items()}
    branches = node.get("anyOf")
    if isinstance(branches, list) and {"type": "null"} in branches:
        rest = [branch for branch in branches if branch != {"type": "null"}]
        node.pop("anyOf")
        node = {**(rest[0] if len(rest) == 1 else {"anyOf": rest}), **node}
        if node.get("default", ...) is None:
            node.pop("default")
    return node
