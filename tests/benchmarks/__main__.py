"""Run every benchmark, print one table and write the figures as JSON.

    .venv/bin/python -m tests.benchmarks [--quick] [--json PATH]

Figures, not tests: a missed target is marked in the table and the JSON, and the exit code is 0
unless a benchmark could not run. Modules: engine (if present), usage, e2e, startup; each has
`run(quick: bool = False) -> list[dict]` returning rows with benchmark, value, unit, target, ok.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
from collections.abc import Sequence
from pathlib import Path

MODULES = ("engine", "usage", "admin", "processes", "e2e", "startup", "screens")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help="smaller runs, for a smoke check")
    parser.add_argument(
        "--json", metavar="PATH", default="bench-results.json", help="where to write the figures"
    )
    parser.add_argument("--only", nargs="+", choices=MODULES, help="run only these modules")
    args = parser.parse_args(argv)
    rows: list[dict[str, object]] = []
    for name in args.only or MODULES:
        try:
            module = importlib.import_module(f"tests.benchmarks.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"tests.benchmarks.{name}":
                raise
            print(f"({name}: no benchmark module yet, skipped)", file=sys.stderr)
            continue
        started = time.perf_counter()
        found = module.run(quick=args.quick)
        print(f"({name}: {time.perf_counter() - started:.1f} s)", file=sys.stderr)
        rows += [{"module": name, **row} for row in found]
    print(table(rows))
    report = {
        "quick": args.quick,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "processor_count": os.cpu_count(),
        "results": rows,
    }
    Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.json}")
    return 0


def table(rows: list[dict[str, object]]) -> str:
    """Rows as aligned columns; keys other than the common ones go to the last column as k=v."""
    common = {"module", "benchmark", "value", "unit", "target", "ok", "note"}
    header = ("module", "benchmark", "value", "target", "", "details")
    lines = [header]
    for row in rows:
        details = [f"{key}={value}" for key, value in row.items() if key not in common]
        details += [str(row["note"])] if row.get("note") else []
        value = f"{row['value']} {row.get('unit', '')}".strip() if "value" in row else ""
        status = "MISSED" if row.get("ok") is False else ""
        lines.append(
            (
                str(row["module"]),
                str(row["benchmark"]),
                value,
                str(row.get("target", "")),
                status,
                "  ".join(details),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines
    )


if __name__ == "__main__":
    sys.exit(main())
