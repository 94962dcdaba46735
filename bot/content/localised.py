"""Text fields that carry translations beside the English, as editors write them in TOML.

An editor writes `summary = "…"` for English alone, or `summary.en = "…"` with `summary.fr = "…"`
beside it. Either way the model's field stays a plain `str` (or tuple) holding the English, so
matching, lint and every caller that reads English need no change; the translations ride along on
the value and `ContentModel.in_language` swaps them in for one reply.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, get_args

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationError
from pydantic.fields import FieldInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

ENGLISH = "en"
TRANSLATED: tuple[str, ...] = ("fr", "es", "de", "pt", "nl", "hi")
"""Languages content is translated into, as the keys editors write (`summary.pt`)."""
LANGUAGES: tuple[str, ...] = (ENGLISH, *TRANSLATED)

_NO_TRANSLATIONS: Mapping[str, Any] = MappingProxyType({})


class LocalText(str):
    """An English text that knows its translations; compares and hashes as the English."""

    translations: Mapping[str, str]


class LocalTuple(tuple[str, ...]):
    """An English list of short texts (content notes) that knows its translations."""

    translations: Mapping[str, tuple[str, ...]]


def language_for_locale(locale: str | None) -> str:
    """The language Signpost writes for a Discord locale ("pt-BR" is "pt"); English otherwise."""
    if not locale:
        return ENGLISH
    base = locale.split("-")[0].casefold()
    return base if base in TRANSLATED else ENGLISH


def translations_of(value: object) -> Mapping[str, Any]:
    """The translations a field's value carries, or none for plain values."""
    return getattr(value, "translations", _NO_TRANSLATIONS)


class Translatable:
    """Marks a field as translatable: `Annotated[str, <constraints>, Translatable()]`.

    Each translation is validated by the same constraints as the English, so a French summary
    can't be longer than an English one may be.
    """

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        inner = handler(source)
        return core_schema.no_info_wrap_validator_function(_split, inner)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        text = handler(schema)
        per_language = {
            "type": "object",
            "description": "The English text as `en`, with translations beside it "
            f"({', '.join(TRANSLATED)}); a missing one is shown in English.",
            "properties": {language: text for language in LANGUAGES},
            "required": [ENGLISH],
            "additionalProperties": False,
        }
        return {"anyOf": [text, per_language]}


def _split(value: Any, validate: Callable[[Any], Any]) -> Any:
    """Validate the English and each translation alike, then hand back the English carrying them."""
    if not isinstance(value, Mapping):
        return validate(value)
    unknown = sorted(set(value) - set(LANGUAGES))
    if unknown:
        raise PydanticCustomError(
            "unknown_language",
            "unknown language {unknown}: use one of {known}",
            {"unknown": ", ".join(unknown), "known": ", ".join(LANGUAGES)},
        )
    if ENGLISH not in value:
        raise PydanticCustomError(
            "missing_english", "give the English text as `en` beside its translations"
        )
    english = validate(value[ENGLISH])
    translated = {
        language: _validate_translation(language, text, validate)
        for language, text in value.items()
        if language != ENGLISH
    }
    carrier: LocalText | LocalTuple = (
        LocalText(english) if isinstance(english, str) else LocalTuple(english)
    )
    carrier.translations = MappingProxyType(translated)
    return carrier


def _validate_translation(language: str, text: object, validate: Callable[[Any], Any]) -> Any:
    """Validate one translation, naming its language when it fails."""
    try:
        return validate(text)
    except ValidationError as error:
        problems = "; ".join(problem["msg"] for problem in error.errors())
        raise PydanticCustomError(
            "bad_translation",
            "the {language} text: {problems}",
            {"language": language, "problems": problems},
        ) from error


def is_translatable(field: FieldInfo) -> bool:
    """Whether a model field was declared Translatable, alone or inside `| None`."""
    return any(isinstance(marker, Translatable) for marker in field.metadata) or _marked(
        field.annotation
    )


def _marked(annotation: object) -> bool:
    metadata = getattr(annotation, "__metadata__", ())
    if any(isinstance(marker, Translatable) for marker in metadata):
        return True
    return any(_marked(argument) for argument in get_args(annotation))
