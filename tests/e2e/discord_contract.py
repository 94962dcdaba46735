"""What Discord accepts: request bodies against the OpenAPI spec, messages against Discord's limits.

`schema_errors` validates a JSON body against the requestBody schema of the spec path and method
that match the request (literal segments such as ``@original`` win over ``{message_id}``); $refs
resolve inside the one document. `message_errors`, `choice_errors` and `modal_errors` check the
limits the spec does not state or states only in prose, so a bot learns of them before Discord
answers 400 in production.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parents[3] / "shared" / "discord-api-spec" / "openapi.json"
_SPEC_URI = "urn:discord-openapi"

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
EMBED_FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
AUTHOR_NAME_MAX = 256
EMBED_TOTAL_MAX = 6000  # summed over every embed of one message
ACTION_ROWS_MAX = 5
ROW_COMPONENTS_MAX = 5
CUSTOM_ID_MAX = 100
BUTTON_LABEL_MAX = 80
CHOICES_MAX = 25
CHOICE_NAME_MAX = 100
CHOICE_VALUE_MAX = 100
MODAL_TITLE_MAX = 45
COMPONENTS_V2_FLAG = 1 << 15  # rows and their limits do not apply to v2 layouts


@functools.cache
def _spec() -> tuple[dict[str, Any], Registry, list[tuple[re.Pattern[str], str]]]:
    document = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    registry: Registry = Registry().with_resource(_SPEC_URI, DRAFT202012.create_resource(document))
    templates = sorted(document["paths"], key=lambda template: template.count("{"))
    patterns = [(re.compile(_template_regex(template)), template) for template in templates]
    return document, registry, patterns


def _template_regex(template: str) -> str:
    segments = ("[^/]+" if s.startswith("{") else re.escape(s) for s in template.split("/"))
    return "^" + "/".join(segments) + "$"


@functools.cache
def _validator(template: str, method: str) -> Draft202012Validator | None:
    document, registry, _ = _spec()
    operation = document["paths"][template].get(method)
    if operation is None or "application/json" not in operation.get("requestBody", {}).get(
        "content", {}
    ):
        return None
    escaped = template.replace("~", "~0").replace("/", "~1")
    pointer = f"/paths/{escaped}/{method}/requestBody/content/application~1json/schema"
    return Draft202012Validator({"$ref": f"{_SPEC_URI}#{pointer}"}, registry=registry)


def spec_template(path: str) -> str | None:
    """Return the spec's path template for an API path such as ``/channels/1/messages``."""
    return next((t for pattern, t in _spec()[2] if pattern.match(path)), None)


def schema_errors(method: str, path: str, body: Any) -> list[str]:
    """Return why `body` is not a valid JSON body for `method` `path` (empty when it is)."""
    template = spec_template(path)
    if template is None:
        return [f"{path} is not a path in the OpenAPI spec"]
    if method.lower() not in _spec()[0]["paths"][template]:
        return [f"{method} is not an operation of {template} in the OpenAPI spec"]
    validator = _validator(template, method.lower())
    if validator is None:
        return [f"{method} {template} takes no JSON body"]
    error = best_match(validator.iter_errors(body))
    if error is None:
        return []
    return [f"spec {template}: at {error.json_path}: {error.message[:300]}"]


def _too_long(where: str, text: Any, limit: int) -> list[str]:
    if isinstance(text, str) and len(text) > limit:
        return [f"{where} has {len(text)} characters, limit {limit}"]
    return []


def _embed_errors(index: int, embed: dict[str, Any]) -> tuple[list[str], int]:
    where = f"embeds[{index}]"
    fields = embed.get("fields") or []
    texts = [
        (f"{where}.title", embed.get("title"), EMBED_TITLE_MAX),
        (f"{where}.description", embed.get("description"), EMBED_DESCRIPTION_MAX),
        (f"{where}.footer.text", (embed.get("footer") or {}).get("text"), FOOTER_MAX),
        (f"{where}.author.name", (embed.get("author") or {}).get("name"), AUTHOR_NAME_MAX),
    ]
    for n, field in enumerate(fields):
        texts.append((f"{where}.fields[{n}].name", field.get("name"), FIELD_NAME_MAX))
        texts.append((f"{where}.fields[{n}].value", field.get("value"), FIELD_VALUE_MAX))
    errors = [e for name, text, limit in texts for e in _too_long(name, text, limit)]
    if len(fields) > EMBED_FIELDS_MAX:
        errors.append(f"{where} has {len(fields)} fields, limit {EMBED_FIELDS_MAX}")
    return errors, sum(len(text) for _, text, _ in texts if isinstance(text, str))


def _component_errors(components: list[dict[str, Any]], where: str) -> list[str]:
    errors: list[str] = []
    for n, component in enumerate(components):
        here = f"{where}[{n}]"
        errors += _too_long(f"{here}.custom_id", component.get("custom_id"), CUSTOM_ID_MAX)
        if component.get("type") == 2:
            errors += _too_long(f"{here}.label", component.get("label"), BUTTON_LABEL_MAX)
        errors += _component_errors(component.get("components") or [], f"{here}.components")
    return errors


def message_errors(message: dict[str, Any]) -> list[str]:
    """Return which of Discord's message limits `message` (a create or edit body) breaks."""
    errors = _too_long("content", message.get("content"), CONTENT_MAX)
    embeds = message.get("embeds") or []
    if len(embeds) > EMBEDS_MAX:
        errors.append(f"{len(embeds)} embeds, limit {EMBEDS_MAX}")
    total = 0
    for index, embed in enumerate(embeds):
        embed_errors, chars = _embed_errors(index, embed)
        errors += embed_errors
        total += chars
    if total > EMBED_TOTAL_MAX:
        errors.append(f"embeds hold {total} characters in all, limit {EMBED_TOTAL_MAX}")
    components = message.get("components") or []
    if not (message.get("flags") or 0) & COMPONENTS_V2_FLAG:
        if len(components) > ACTION_ROWS_MAX:
            errors.append(f"{len(components)} action rows, limit {ACTION_ROWS_MAX}")
        for n, row in enumerate(components):
            if len(row.get("components") or []) > ROW_COMPONENTS_MAX:
                errors.append(f"components[{n}] holds more than {ROW_COMPONENTS_MAX} components")
    return errors + _component_errors(components, "components")


def choice_errors(choices: list[dict[str, Any]]) -> list[str]:
    """Return which autocomplete limits `choices` breaks."""
    errors = [f"{len(choices)} choices, limit {CHOICES_MAX}"] if len(choices) > CHOICES_MAX else []
    for n, choice in enumerate(choices):
        errors += _too_long(f"choices[{n}].name", choice.get("name"), CHOICE_NAME_MAX)
        errors += _too_long(f"choices[{n}].value", choice.get("value"), CHOICE_VALUE_MAX)
    return errors


def modal_errors(modal: dict[str, Any]) -> list[str]:
    """Return which modal limits `modal` breaks."""
    return _too_long("title", modal.get("title"), MODAL_TITLE_MAX) + _component_errors(
        modal.get("components") or [], "components"
    )
