"""Reads data/ into one immutable, cross-checked Snapshot, or reports every problem at once."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import stat
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import cast

from pydantic import ValidationError

from bot.content.models import (
    INTERNATIONAL,
    CalmCue,
    ContentModel,
    Country,
    CrisisCombo,
    CrisisCue,
    CrisisPhrase,
    Fact,
    FaqEntry,
    Resource,
    Story,
    Synonym,
    TimelineEvent,
    Topic,
    TopicHint,
)

log = logging.getLogger(__name__)

Entry = Resource | Topic | Fact | TimelineEvent | Story | FaqEntry
"""Anything a question can be answered with."""

TABLES: Mapping[str, type[ContentModel]] = MappingProxyType(
    {
        "countries": Country,
        "topics": Topic,
        "phrases": CrisisPhrase,
        "resources": Resource,
        "facts": Fact,
        "events": TimelineEvent,
        "stories": Story,
        "faq": FaqEntry,
        "synonyms": Synonym,
        "cues": CrisisCue,
        "combos": CrisisCombo,
        "calm": CalmCue,
        "hints": TopicHint,
    }
)
"""Top-level TOML keys an editor may use, and the model each one's entries must fit."""


MAX_FILE_BYTES = 1_000_000
"""Largest content file read: the biggest shipped file is about 110 KB; past this it is a
mistake (a pasted export, a wrong file) that would only slow every reload."""


class ContentError(Exception):
    """The content could not be loaded; `errors` holds one `file:line: id: field: message` each."""

    def __init__(self, errors: Iterable[str]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class Snapshot:
    """Every entry of one validated load; never changed, only replaced whole on reload."""

    countries: tuple[Country, ...]
    topics: tuple[Topic, ...]
    phrases: tuple[CrisisPhrase, ...]
    resources: tuple[Resource, ...]
    facts: tuple[Fact, ...]
    events: tuple[TimelineEvent, ...]
    stories: tuple[Story, ...]
    faq: tuple[FaqEntry, ...]
    version: str
    by_id: Mapping[str, Entry] = field(repr=False)
    country_by_code: Mapping[str, Country] = field(repr=False)
    synonyms: tuple[Synonym, ...] = ()
    cues: tuple[CrisisCue, ...] = ()
    combos: tuple[CrisisCombo, ...] = ()
    calm: tuple[CalmCue, ...] = ()
    hints: tuple[TopicHint, ...] = ()

    def counts(self) -> dict[str, int]:
        """How many entries of each kind, keyed by the TOML table name."""
        return {name: len(getattr(self, name)) for name in TABLES}

    def resources_for(self, topic: str | None, country: str | None) -> tuple[Resource, ...]:
        """Lines filed under `topic` (any if None) serving `country` or everyone."""
        return tuple(
            resource
            for resource in self.resources
            if (topic is None or topic in resource.topics)
            and (
                country is None
                or country in resource.countries
                or INTERNATIONAL in resource.countries
            )
        )


@dataclass
class _Source:
    """One parsed file, kept so errors can point at the line an entry starts on."""

    path: Path
    label: str
    text: str

    def line_of(self, entry_id: str | None) -> str:
        if entry_id is None:
            return ""
        match = re.search(
            rf'^\s*(?:id|code)\s*=\s*["\']{re.escape(entry_id)}["\']', self.text, re.M
        )
        return f":{self.text.count(chr(10), 0, match.start()) + 1}" if match else ""

    def at(self, entry_id: str) -> str:
        """Where an entry's errors point: `file:line: id`."""
        return f"{self.label}{self.line_of(entry_id)}: {entry_id}"


def load_snapshot(data_dir: Path) -> Snapshot:
    """Load and validate every TOML file under `data_dir`; all-or-nothing."""
    if not data_dir.is_dir():
        raise ContentError([f"{data_dir}: content folder not found (set SIGNPOST_DATA_DIR)"])
    errors: list[str] = []
    entries: dict[str, list[tuple[ContentModel, _Source]]] = {name: [] for name in TABLES}
    files = _toml_files(data_dir)
    if not files:
        errors.append(f"{data_dir}: no .toml content files found")
    digest = hashlib.sha256()
    for path in files:
        label = path.relative_to(data_dir.parent).as_posix()
        raw = _read(path, data_dir.resolve())
        if isinstance(raw, str):
            errors.append(f"{label}: {raw}")
            continue
        digest.update(path.relative_to(data_dir).as_posix().encode() + b"\0" + raw)
        text = _decode(raw, label, errors)
        if text is not None:
            _parse_file(_Source(path, label, text), entries, errors)
    if not errors:
        errors.extend(_cross_check(entries))
    if errors:
        raise ContentError(errors)
    snapshot = _assemble(entries, digest.hexdigest()[:12])
    log.info("Loaded content %s: %s", snapshot.version, snapshot.counts())
    return snapshot


def _toml_files(data_dir: Path) -> list[Path]:
    """Every *.toml name under `data_dir`, without following links to folders (no loops)."""
    return sorted(
        Path(folder, name)
        for folder, _, names in os.walk(data_dir)
        for name in names
        if name.endswith(".toml")
    )


def _read(path: Path, root: Path) -> bytes | str:
    """A content file's bytes, or why it is refused.

    Only regular files inside the content folder are read: a link may point elsewhere in it,
    never outside (an editor's link must not publish /etc/passwd), and a named pipe or device
    is never opened, so loading cannot hang. Past MAX_FILE_BYTES a file is refused unread.
    """
    target = path.resolve()
    if not target.is_relative_to(root):
        return "links to a file outside the content folder; refused"
    try:
        if not stat.S_ISREG(os.stat(target).st_mode):
            return "not a regular file; refused"
        descriptor = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(descriptor, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return "not a regular file; refused"
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if len(raw) > MAX_FILE_BYTES:
        return f"larger than {MAX_FILE_BYTES // 1_000_000} MB; split it into smaller files"
    return raw


def _decode(raw: bytes, label: str, errors: list[str]) -> str | None:
    """The file's text; invalid UTF-8 is an error at its line, never a replacement character."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        errors.append(f"{label}:{line}: not valid UTF-8 (byte {column} of the line); save as UTF-8")
        return None


def _parse_file(
    source: _Source, entries: dict[str, list[tuple[ContentModel, _Source]]], errors: list[str]
) -> None:
    try:
        document = tomllib.loads(source.text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        errors.append(
            f"{source.label}{':' + line.group(1) if line else ''}: not valid TOML: {error}"
        )
        return
    for table, items in document.items():
        model = TABLES.get(table)
        if model is None:
            known = ", ".join(TABLES)
            errors.append(f"{source.label}: {table}: unknown table (expected one of: {known})")
            continue
        if not isinstance(items, list):
            errors.append(f"{source.label}: {table}: write entries as [[{table}]] tables")
            continue
        for position, item in enumerate(items):
            name = _entry_name(item, table, position)
            try:
                entries[table].append((model.model_validate(item), source))
            except ValidationError as error:
                for problem in error.errors(include_url=False):
                    where = ".".join(str(part) for part in problem["loc"]) or "-"
                    at = source.line_of(name if name != f"{table}[{position}]" else None)
                    errors.append(f"{source.label}{at}: {name}: {where}: {problem['msg']}")


def _entry_name(item: object, table: str, position: int) -> str:
    if isinstance(item, dict):
        for key in ("id", "code"):
            if isinstance(item.get(key), str):
                return str(item[key])
    return f"{table}[{position}]"


_TOPIC = "topic (see data/topics.toml)"
_COUNTRY = "country (see data/countries.toml)"


def _cross_check(entries: dict[str, list[tuple[ContentModel, _Source]]]) -> list[str]:
    """Ids unique across kinds, and every reference pointing at something that exists."""
    errors, known_ids = _duplicate_ids(entries)
    topics = {model.id for model, _ in entries["topics"] if isinstance(model, Topic)}
    countries = [model for model, _ in entries["countries"] if isinstance(model, Country)]
    codes = {country.code for country in countries} | {INTERNATIONAL}
    locales = Counter(locale for country in countries for locale in country.locales)
    errors.extend(
        f"data/countries.toml: {loc}: locales: claimed by more than one country"
        for loc, n in locales.items()
        if n > 1
    )
    for model, source in entries["topics"]:
        assert isinstance(model, Topic)
        fallback = () if model.fallback is None else (model.fallback,)
        errors += _unknown(source, model.id, "fallback", fallback, topics - {model.id}, _TOPIC)
    for model, source in entries["resources"]:
        assert isinstance(model, Resource)
        errors += _unknown(source, model.id, "topics", model.topics, topics, _TOPIC)
        errors += _unknown(source, model.id, "countries", model.countries, codes, _COUNTRY)
    for model, source in entries["faq"]:
        assert isinstance(model, FaqEntry)
        errors += _unknown(source, model.id, "topics", model.topics, topics, _TOPIC)
        errors += _unknown(source, model.id, "related", model.related, known_ids, "entry id")
        if model.id in model.related:
            errors.append(f"{source.at(model.id)}: related: refers to itself")
    return errors


def _duplicate_ids(
    entries: dict[str, list[tuple[ContentModel, _Source]]],
) -> tuple[list[str], set[str]]:
    """An error for each id used twice, across every kind, and the set of all ids."""
    errors: list[str] = []
    seen: dict[str, str] = {}
    for table in TABLES:
        for model, source in entries[table]:
            entry_id = getattr(model, "id", None)
            if entry_id is None:
                continue
            if entry_id in seen:
                errors.append(f"{source.at(entry_id)}: id: already used in {seen[entry_id]}")
            seen[entry_id] = source.label
    return errors, set(seen)


def _unknown(
    source: _Source,
    entry_id: str,
    field_name: str,
    values: Iterable[str],
    known: set[str],
    what: str,
) -> list[str]:
    """An error for each value of a reference field that names nothing known."""
    return [
        f"{source.at(entry_id)}: {field_name}: {value!r} is not a known {what}"
        for value in values
        if value not in known
    ]


def _assemble(entries: dict[str, list[tuple[ContentModel, _Source]]], version: str) -> Snapshot:
    tables = {name: tuple(model for model, _ in items) for name, items in entries.items()}
    by_id: dict[str, Entry] = {}
    for name in ("resources", "topics", "facts", "events", "stories", "faq"):
        for model in tables[name]:
            entry = cast(Entry, model)
            by_id[entry.id] = entry
    countries: tuple[Country, ...] = tables["countries"]  # type: ignore[assignment]
    return Snapshot(
        **tables,  # type: ignore[arg-type]
        version=version,
        by_id=MappingProxyType(by_id),
        country_by_code=MappingProxyType({country.code: country for country in countries}),
    )
