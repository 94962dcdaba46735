"""A throwaway PostgreSQL on 127.0.0.1 for tests, benchmarks and CI, made with initdb and pg_ctl.

    python -m tests.postgres start DIR    # prints the server's URL
    python -m tests.postgres stop DIR

The cluster lives in DIR/data, trusts loopback connections and has no Unix socket, so nothing
outside DIR is touched. PostgreSQL refuses to run as root; as root (CI) the cluster is made and
run by the unprivileged user `nobody`, who is given DIR.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg

URL_VARIABLE = "SIGNPOST_TEST_POSTGRES_URL"
"""Where CI (and anyone with a server) gives the URL of a PostgreSQL to test against."""
USER = "signpost"
RUN_AS = "nobody"
"""Who runs the server when the tests run as root."""
START_TIMEOUT = 60


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, or Debian's versioned folder."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    return next((Path(f) for f in folders if (Path(f) / "pg_ctl").exists()), None)


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["setpriv", f"--reuid={RUN_AS}", f"--regid={pwd.getpwnam(RUN_AS).pw_gid}",
            "--clear-groups", "--", *command]  # fmt: skip


def _run(command: list[str]) -> None:
    done = subprocess.run(_as_server_user(command), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{Path(command[0]).name} failed: {done.stderr.strip() or done.stdout}")


def start(folder: Path, *, fsync: bool = True) -> str:
    """Create and start a cluster in `folder`; return its URL (database `postgres`)."""
    tools = binaries()
    if tools is None:
        raise RuntimeError("initdb and pg_ctl were not found")
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        # The server user must reach `folder`: a private temporary parent would stop it.
        for parent in folder.resolve().parents:
            if parent.stat().st_mode & 0o001 == 0:
                raise RuntimeError(f"{RUN_AS} cannot enter {parent}; pick a folder under /tmp")
        user = pwd.getpwnam(RUN_AS)
        os.chown(folder, user.pw_uid, user.pw_gid)
    data, port = folder / "data", _free_port()
    _run([str(tools / "initdb"), "-D", str(data), "-U", USER, "--auth=trust",
          "--encoding=UTF8", "--locale=C.UTF-8"])  # fmt: skip
    # In postgresql.conf, so a later `pg_ctl start` (after a test stopped it) finds them too.
    with (data / "postgresql.conf").open("a") as conf:
        conf.write(
            f"listen_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = ''\n"
            f"max_connections = 200\nfsync = {'on' if fsync else 'off'}\n"
        )
    pg_ctl(folder, "start", "-t", str(START_TIMEOUT))
    return f"postgresql://{USER}@127.0.0.1:{port}/postgres"


def pg_ctl(folder: Path, action: str, *options: str) -> None:
    """Run `pg_ctl ACTION` on the cluster in `folder` (stop, start, restart), waiting for it."""
    tools = binaries()
    assert tools is not None
    # A started server keeps its output: to the log, not to this process's pipe.
    log = ["-l", str(folder / "server.log")] if action in ("start", "restart") else []
    _run([str(tools / "pg_ctl"), "-D", str(folder / "data"), "-w", *log, *options, action])


def stop(folder: Path) -> None:
    """Stop the cluster in `folder` at once (fast shutdown) and delete it."""
    if (folder / "data" / "postmaster.pid").exists():
        pg_ctl(folder, "stop", "-m", "fast")
    shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def running(folder: Path, *, fsync: bool = True) -> Iterator[str]:
    """`with running(folder) as url:` a cluster that lives for the block."""
    url = start(folder, fsync=fsync)
    try:
        yield url
    finally:
        stop(folder)


@contextlib.contextmanager
def server(*, fsync: bool = True) -> Iterator[str]:
    """The server URL_VARIABLE names, or else a throwaway one for the block (under /tmp, which
    the server's user can enter when this runs as root)."""
    url = os.environ.get(URL_VARIABLE)
    if url:
        yield url
        return
    with running(Path(tempfile.mkdtemp(prefix="signpost-pg-")), fsync=fsync) as url:
        yield url


@contextlib.asynccontextmanager
async def fresh_database(server_url: str) -> AsyncIterator[str]:
    """`async with fresh_database(server) as url:` a new, empty database, dropped after."""
    name = f"signpost_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        yield server_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with contextlib.suppress(OSError, asyncpg.PostgresError):  # a test may stop the server
            admin = await asyncpg.connect(server_url)
            await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            await admin.close()


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("start", "stop"):
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(argv[1])
    if argv[0] == "start":
        print(start(folder))
    else:
        stop(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
