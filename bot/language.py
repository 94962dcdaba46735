"""The language a reply is written in, and the bot's own words in that language.

Every sentence Signpost writes itself is English in the code, marked with `_()` where it is
used (or `N_()` where a constant is defined), and translated in `bot/locales/<language>.toml`,
keyed by the English. The language is chosen once per reply, where its privacy is known
(`speaking`), and holds for everything built inside, as gettext's does; a sentence with no
translation stays English alone. Content (summaries, FAQ answers) carries its own translations:
see bot/content/localised.py.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from types import MappingProxyType

from babel.dates import format_date, format_time, get_day_names

from bot.content.localised import ENGLISH, LANGUAGES

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).parent / "locales"
LANGUAGE_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "en": "English",
        "fr": "Français",
        "es": "Español",
        "de": "Deutsch",
        "pt": "Português (Brasil)",
        "nl": "Nederlands",
        "hi": "हिन्दी",
    }
)
"""Each language by its own name, as a moderator choosing one would look for it."""

_current: ContextVar[str] = ContextVar("language", default=ENGLISH)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def current_language() -> str:
    """The language replies are being written in right now."""
    return _current.get()


def use(language: str) -> None:
    """Write the rest of this task in `language`; each interaction is handled in its own task."""
    _current.set(language if language in LANGUAGES else ENGLISH)


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Write everything built inside in `language` (one of LANGUAGES; else English)."""
    token = _current.set(language if language in LANGUAGES else ENGLISH)
    try:
        yield
    finally:
        _current.reset(token)


def _(english: str) -> str:
    """`english` in the current language, or as it is when no translation exists."""
    language = _current.get()
    if language == ENGLISH:
        return english
    return catalogue(language).get(english, english)


def N_(english: str) -> str:
    """Mark a constant for translation where it is defined; `_()` translates it where used."""
    return english


@cache
def catalogue(language: str) -> Mapping[str, str]:
    """One language's translations of the bot's own words, keyed by the English.

    A translation whose placeholders differ from its English is dropped (and logged), so a
    mistyped `{seconds}` shows English rather than failing a reply.
    """
    path = LOCALES_DIR / f"{language}.toml"
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        log.error("The %s translations could not be read (%s); English is used", language, error)
        return MappingProxyType({})
    kept: dict[str, str] = {}
    for english, translated in table.items():
        if not isinstance(translated, str) or not translated.strip():
            log.warning("A %s translation is empty or not text; English is used", language)
        elif sorted(_PLACEHOLDER.findall(english)) != sorted(_PLACEHOLDER.findall(translated)):
            log.warning("A %s translation changes its placeholders; English is used", language)
        else:
            kept[english] = translated
    return MappingProxyType(kept)


def day(date: dt.date, *, month: str = "MMM") -> str:
    """A date as readers of the current language write it ("5 Oct 2017", "5 oct. 2017")."""
    return format_date(date, f"d {month} y", locale=_BABEL_LOCALES[_current.get()])


def month(date: dt.date) -> str:
    """A month and year in the current language ("Oct 2017")."""
    return format_date(date, "MMM y", locale=_BABEL_LOCALES[_current.get()])


def time_of_day(moment: dt.datetime | dt.time) -> str:
    """A clock time as readers of the current language write it ("09:00", "9:00 AM" in English)."""
    return format_time(moment, "HH:mm", locale=_BABEL_LOCALES[_current.get()])


def weekday(position: int) -> str:
    """A weekday's short name (0 is Monday) in the current language."""
    names = get_day_names("abbreviated", locale=_BABEL_LOCALES[_current.get()])
    return str(names[position])


_BABEL_LOCALES: Mapping[str, str] = MappingProxyType(
    {"en": "en_GB", "fr": "fr", "es": "es", "de": "de", "pt": "pt_BR", "nl": "nl", "hi": "hi"}
)
"""Babel's locale for each language: British English spells dates as the content does."""
