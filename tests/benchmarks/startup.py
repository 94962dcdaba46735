"""Cold start: content load plus index build, and the process's peak memory, in a fresh process."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.conftest import SHIPPED_DATA

GENERATED = 10_000
QUICK_GENERATED = 2_000
TARGET_SECONDS = 1.0
TARGET_MIB = 80.0

# Runs in a fresh interpreter so that imports, content and index are all counted once, cold.
_MEASURE = """
import json, sys, time
from pathlib import Path
def peak_kib():
    # VmHWM is this process's own high-water mark; ru_maxrss would count the forking parent's.
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
started = time.perf_counter()
from bot.services import ContentHolder
imported = time.perf_counter()
holder = ContentHolder(Path(sys.argv[1]), default_country="US")
loaded = time.perf_counter()
holder.engine.ask("where can I get help")
holder.warming.join()
print(json.dumps({
    "imports": imported - started,
    "load": loaded - imported,
    "warmed": time.perf_counter() - imported,
    "entries": len(holder.engine.snapshot.by_id),
    "peak_kib": peak_kib(),
}))
"""

_WORDS = [
    "support",
    "line",
    "help",
    "friend",
    "court",
    "report",
    "police",
    "work",
    "school",
    "online",
    "consent",
    "abuse",
    "safety",
    "health",
    "doctor",
    "counselling",
    "housing",
    "money",
    "family",
    "partner",
    "child",
    "rights",
    "legal",
    "advice",
    "night",
    "chat",
    "text",
    "phone",
    "letter",
    "evidence",
    "memory",
    "anger",
    "sleep",
    "fear",
    "trust",
    "campaign",
    "story",
    "news",
]


def _measure(data: Path) -> dict[str, float]:
    root = Path(__file__).resolve().parents[2]
    output = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(data)],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output)


def generated_data(target: Path, count: int) -> Path:
    """The shipped content plus `count` generated FAQ entries, written under `target`."""
    shutil.copytree(SHIPPED_DATA, target)
    pick = random.Random(2017)
    lines = []
    for number in range(count):
        words = " ".join(pick.sample(_WORDS, 6))
        lines.append(
            f'[[faq]]\nid = "faq-generated-{number}"\nquestion = "What about {words} {number}?"\n'
            f'answer = "Generated answer about {words}, number {number}."\n'
            f'aliases = ["{words}", "{number} {words}"]\ntopics = ["supporting-someone"]\n'
            f'source_url = "https://example.org/{number}"\nsource_name = "Example"\n'
        )
    # Files of a thousand entries each stay under the loader's 1 MB limit per file.
    for start in range(0, count, 1_000):
        chunk = "\n".join(lines[start : start + 1_000])
        (target / "faq" / f"generated-{start // 1_000}.toml").write_text(chunk, encoding="utf-8")
    return target


def run(quick: bool = False) -> list[dict[str, object]]:
    """Start cold on the shipped content and on GENERATED extra entries."""
    shipped = _measure(SHIPPED_DATA)
    count = QUICK_GENERATED if quick else GENERATED
    with tempfile.TemporaryDirectory() as folder:
        large = _measure(generated_data(Path(folder) / "data", count))
    rows: list[dict[str, object]] = []
    for label, result, is_target in (
        ("shipped", shipped, True),
        (f"+{count} entries", large, False),
    ):
        mib = result["peak_kib"] / 1024
        rows += [
            {
                "benchmark": f"cold start, {label} ({result['entries']:.0f} entries)",
                "value": round(result["load"], 3),
                "unit": "s",
                "target": f"<= {TARGET_SECONDS}" if is_target else "",
                "ok": result["load"] <= TARGET_SECONDS or not is_target,
                "note": f"imports {result['imports']:.2f} s more; caches warm after "
                f"{result['warmed']:.2f} s, in the background",
            },
            {
                "benchmark": f"peak RSS, {label}, caches warm",
                "value": round(mib, 1),
                "unit": "MiB",
                "target": f"<= {TARGET_MIB}" if is_target else "",
                "ok": mib <= TARGET_MIB or not is_target,
            },
        ]
    return rows
