"""Every regular expression in bot/ and cogs/ runs in linear time on hostile member text.

A pattern with nested or stacked quantifiers can take seconds on a 1,000-character question
(issue 13, problem 4: the old e-mail pattern took 310 ms on "@" * 1000). This file finds every
pattern the code compiles or passes to `re` as a literal, runs each on inputs built from its own
characters and words and from known troublemakers, and bounds the time per character.
"""

from __future__ import annotations

import ast
import importlib
import re
import string
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.content.loader import load_snapshot
from bot.engine.matching import Engine
from bot.services import ContentHolder
from tests.conftest import SHIPPED_DATA

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(
    path.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".")
    for folder in ("bot", "cogs")
    for path in (ROOT / folder).rglob("*.py")
    if path.name != "__main__.py"
)
LENGTHS = (1_000, 10_000)
"""Shorter first, so a pattern that is badly super-linear fails before it takes minutes."""
MICROSECONDS_PER_CHARACTER = 5.0
"""Linear patterns here take 0.01-1.5 µs per character on this machine; the old e-mail pattern
took 636 µs per character at 1,000 characters, and more the longer the input."""
TROUBLE = (
    "@", "a@", "@a.", "a.", "<", "<@", "<#", "in ", "in the ", "the ", "a ", " ", ".", ". ",
    "\n", "'", "a'", "1", "1 ", ",", ", ", "http://", "www.", "#", "-", "_", "x", "aa", "\u3000",
)  # fmt: skip


@pytest.fixture(scope="module")
def shipped() -> Engine:
    """The engine over the shipped content, whose alias and synonym patterns are the largest."""
    return Engine(load_snapshot(SHIPPED_DATA))


def compiled_in_source() -> Iterator[tuple[str, int, str | None]]:
    """(file, line, literal pattern or None) for each re.compile/re.<function> call in the code."""
    for path in sorted([*(ROOT / "bot").rglob("*.py"), *(ROOT / "cogs").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr != "escape"
            ):
                first = node.args[0] if node.args else None
                literal = first.value if isinstance(first, ast.Constant) else None
                yield path.relative_to(ROOT).as_posix(), node.lineno, literal


def patterns(engine: Engine) -> dict[str, re.Pattern[str]]:
    """Every pattern object the code holds: module constants, the engine's own, and literals."""
    found: dict[str, re.Pattern[str]] = {}
    for name in MODULES:
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if isinstance(value, re.Pattern) and value.pattern not in {
                p.pattern for p in found.values()
            }:
                found[f"{name}.{attribute}"] = value
    found["Engine synonyms"] = engine._synonyms._pattern
    found["Engine countries"] = engine._countries._pattern
    for file, line, literal in compiled_in_source():
        if literal is not None:
            found.setdefault(f"{file}:{line}", re.compile(literal))
    return found


def hostile_inputs(pattern: re.Pattern[str]) -> list[str]:
    """Pieces to repeat: the troublemakers, the pattern's punctuation and its literal words."""
    source = pattern.pattern
    marks = {char for char in source if char in string.punctuation and char != "\\"}
    words = list(dict.fromkeys(re.findall(r"[a-z]{2,}", source)))[:40]
    pieces = [*TROUBLE, *marks, *(f"{m}a" for m in marks), *(f"{w} " for w in words)]
    return list(dict.fromkeys(pieces))


def seconds(pattern: re.Pattern[str], text: str) -> float:
    """Best of three runs of everything the code does with a pattern: sub, finditer, match."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        pattern.sub(" ", text)
        for _ in pattern.finditer(text):
            pass
        pattern.match(text)
        best = min(best, time.perf_counter() - started)
    return best


def test_every_pattern_in_the_code_is_found(shipped: Engine) -> None:
    found = patterns(shipped)
    sites = list(compiled_in_source())
    assert len(found) >= len({(file, line) for file, line, _ in sites})
    assert {"Engine synonyms", "Engine countries"} <= set(found)


def test_patterns_take_linear_time_on_hostile_text(shipped: Engine) -> None:
    slow = []
    for name, pattern in patterns(shipped).items():
        for piece in hostile_inputs(pattern):
            for length in LENGTHS:
                text = (piece * (length // len(piece) + 1))[:length]
                per_character = seconds(pattern, text) / length * 1e6
                if per_character > MICROSECONDS_PER_CHARACTER:
                    slow.append(f"{name} on {piece!r}: {per_character:.1f} µs per character")
                    break
    assert slow == []


@pytest.mark.parametrize("question", ["@" * 1_000, "in " * 300 + "us", "a@" * 500, "a." * 500])
def test_answering_and_redacting_hostile_questions_is_fast(question: str) -> None:
    """As fast as a member's long message of the same length, give or take: a pattern or loop
    that goes quadratic on such text takes many times longer (500 sentences joined by a scan per
    sentence took 3 times as long), where a fixed bound in ms failed on a busy machine."""
    holder = ContentHolder(SHIPPED_DATA, default_country=None)
    holder.warming.join()
    ordinary = ("he hit me again last night and i am scared to go home. " * 20)[: len(question)]

    def answered(text: str) -> float:
        best = float("inf")
        for attempt in range(3):
            started = time.perf_counter()
            holder.engine.ask(f"{text}{attempt}")
            holder.redact(text)
            best = min(best, time.perf_counter() - started)
        return best

    assert answered(question) < 2 * answered(ordinary) + 0.005
