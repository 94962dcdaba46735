"""Every command, option and choice has wordings Discord accepts in each of our six languages.

French, Spanish, German, Brazilian Portuguese, Dutch and Hindi.
"""

import unicodedata

import discord
import pytest

from bot.chat.client import SignpostBot
from bot.chat.services import Services
from bot.chat.translations import Translations
from bot.services import ContentHolder
from bot.settings import Settings
from tests.conftest import FIXTURE_DATA

REQUIRED = ("fr", "es-ES", "es-419", "de", "pt-BR", "nl", "hi")
"""Six languages; both Spanish locales read the same Spanish."""

SCRIPTS = (
    (0x0900, 0x0950),  # Devanagari (\p{sc=Deva}), vowel signs and virama included
    (0x0955, 0x0963),
    (0x0966, 0x097F),
    (0xA8E0, 0xA8FF),  # Devanagari Extended
    (0x0E01, 0x0E3A),  # Thai (\p{sc=Thai})
    (0x0E40, 0x0E5B),
)


def is_valid_name(name: str) -> bool:
    """Discord's ^[-_\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$, lower-case where it can be."""
    return (
        1 <= len(name) <= 32
        and all(
            c in "-_"
            or unicodedata.category(c)[0] in "LN"
            or any(low <= ord(c) <= high for low, high in SCRIPTS)
            for c in name
        )
        and name == name.lower()
    )


@pytest.fixture
async def payloads(settings: Settings) -> list[dict]:
    bot = SignpostBot(Services(settings, ContentHolder(FIXTURE_DATA, default_country="US")))
    await bot.setup_hook()
    assert isinstance(bot.tree.translator, Translations)
    return [
        await c.get_translated_payload(bot.tree, bot.tree.translator)
        for c in bot.tree.get_commands()
    ]


def named_parts(payloads: list[dict]) -> list[tuple[str, dict]]:
    """Every command, subcommand and option, as (label, payload)."""
    parts = []
    for command in payloads:
        parts.append((f"/{command['name']}", command))
        parts += named_parts(
            [{**o, "name": f"{command['name']} {o['name']}"} for o in command.get("options", [])]
        )
    return parts


def choices(payloads: list[dict]) -> list[tuple[str, dict]]:
    """Every choice of every option, as (label, payload)."""
    return [
        (f"{label} = {choice['name']}", choice)
        for label, part in named_parts(payloads)
        for choice in part.get("choices", [])
    ]


async def test_every_command_and_option_has_each_language(payloads: list[dict]) -> None:
    missing = [
        f"{label}: {locale}"
        for label, part in named_parts(payloads)
        for locale in REQUIRED
        if locale not in part.get("name_localizations", {})
        or locale not in part.get("description_localizations", {})
    ]
    assert missing == []


async def test_every_choice_has_each_language(payloads: list[dict]) -> None:
    assert len(choices(payloads)) >= 7  # /resources contact and /admin stats days
    missing = [
        f"{label}: {locale}"
        for label, choice in choices(payloads)
        for locale in REQUIRED
        if locale not in choice.get("name_localizations", {})
    ]
    assert missing == []


async def test_translated_names_are_valid_and_descriptions_fit(payloads: list[dict]) -> None:
    for label, part in named_parts(payloads):
        for locale, name in part["name_localizations"].items():
            assert is_valid_name(name), (label, locale, name)
        for locale, text in part["description_localizations"].items():
            assert 1 <= len(text) <= 100, (label, locale, text)
    for label, choice in choices(payloads):
        for locale, text in choice["name_localizations"].items():
            assert 1 <= len(text) <= 100, (label, locale, text)


async def test_option_names_stay_unique_within_each_command_and_language(
    payloads: list[dict],
) -> None:
    for label, part in named_parts(payloads):
        for locale in REQUIRED:
            names = [o["name_localizations"][locale] for o in part.get("options", [])]
            assert len(names) == len(set(names)), (label, locale)
    for locale in REQUIRED:
        names = [c["name_localizations"][locale] for c in payloads]
        assert len(names) == len(set(names)), locale


async def test_english_stays_the_default(payloads: list[dict]) -> None:
    ask = next(c for c in payloads if c["name"] == "ask")
    assert ask["options"][0]["name"] == "question"
    assert discord.Locale.british_english.value not in ask["name_localizations"]


async def test_translation_marks_leave_commands_working(settings: Settings) -> None:
    bot = SignpostBot(Services(settings, ContentHolder(FIXTURE_DATA, default_country="US")))
    await bot.setup_hook()
    facts = bot.tree.get_command("facts")
    assert [(p.name, p.display_name, p.required) for p in facts.parameters] == [
        ("topic", "topic", False)
    ]
    assert facts.parameters[0].description.startswith("Narrow the facts")
