"""`python -m bot` as a person runs it: from the repository root, in a bare environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
OPERATOR_KEY = "test-key-0123456789"


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


def operator_cli(
    command: str, url: str, folder: Path, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot command *args` as an operator would: in `folder` (no .env there), on
    the database at `url`, with the test hash key and any further SIGNPOST_ settings in `env`."""
    return subprocess.run(
        [sys.executable, "-m", "bot", command, *args],
        cwd=folder,
        env=os.environ
        | {
            "SIGNPOST_DATABASE_URL": url,
            "SIGNPOST_USAGE_HASH_KEY": OPERATOR_KEY,
            "PYTHONPATH": str(ROOT),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
