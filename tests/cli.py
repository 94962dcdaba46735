"""`python -m bot` as a person runs it: from the repository root, in a bare environment."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def run_cli(
    *args: str, home: Path, input: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot *args` with only PATH, HOME and `env` set, capturing text output.

    The bare environment keeps a developer's own SIGNPOST_ variables (a token, a data folder)
    out of the result; HOME points at a temporary folder.
    """
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=input,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(home), **env},
    )
