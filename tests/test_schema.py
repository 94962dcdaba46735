from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from bot.content.schema import FILES, SCHEMA_DIR, document_schema, schema_files
from tests.cli import ROOT, run_cli
from tests.conftest import SHIPPED_DATA


def as_json_value(value: Any) -> Any:
    """TOML dates become strings, as editor plugins convert them before checking a schema."""
    if isinstance(value, dict):
        return {key: as_json_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json_value(item) for item in value]
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def shipped_files(kind: str) -> list[Path]:
    folder = SHIPPED_DATA / kind
    return sorted(folder.glob("*.toml")) if folder.is_dir() else [SHIPPED_DATA / f"{kind}.toml"]


def test_committed_schemas_match_the_models() -> None:
    committed = {path.name: path.read_text(encoding="utf-8") for path in SCHEMA_DIR.glob("*.json")}
    assert committed == schema_files(), "run `python -m bot schema` and commit docs/schema/"


@pytest.mark.parametrize("kind", list(FILES))
def test_every_shipped_file_fits_its_schema(kind: str) -> None:
    schema = document_schema(kind)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    for path in shipped_files(kind):
        errors = [
            error.message
            for error in validator.iter_errors(as_json_value(tomllib.loads(path.read_text())))
        ]
        assert errors == [], path


def test_schema_rejects_a_misspelt_key_and_a_wrong_table() -> None:
    validator = jsonschema.Draft7Validator(document_schema("topics"))
    good = {"id": "x", "name": "X", "description": "About X."}
    assert validator.is_valid({"topics": [good]})
    assert not validator.is_valid({"topics": [good | {"nmae": "typo"}]})
    assert not validator.is_valid({"topic": [good]})


def test_opening_times_use_the_names_editors_write() -> None:
    slot = document_schema("resources")["definitions"]["OpeningTimes"]
    assert slot["required"] == ["days", "from", "to"]


def test_optional_fields_offer_their_type_not_null() -> None:
    text = json.dumps(document_schema("resources"))
    assert '"null"' not in text
    hours = document_schema("resources")["definitions"]["Resource"]["properties"]["hours"]
    assert hours == {"$ref": "#/definitions/Hours"}


def test_cli_writes_one_schema_per_file_kind(tmp_path: Path) -> None:
    result = run_cli("schema", "--out", str(tmp_path), home=tmp_path)
    assert result.returncode == 0, result.stderr
    written = {path.name: path.read_text(encoding="utf-8") for path in tmp_path.glob("*.json")}
    assert written == schema_files()
    assert sorted(written) == sorted(f"{kind}.schema.json" for kind in FILES)


def test_editor_guide_mentions_every_field() -> None:
    guide = (ROOT / "docs" / "content.md").read_text(encoding="utf-8")
    fields = {
        name
        for kind in FILES
        for definition in document_schema(kind)["definitions"].values()
        for name in definition["properties"]
    }
    assert sorted(name for name in fields if f"`{name}`" not in guide) == []
