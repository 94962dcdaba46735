"""Command line: run (bot or console), ask, validate, lint, schema, sync, report, stats, reports."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TypeAlias

from bot import console
from bot.content.loader import ContentError, load_snapshot
from bot.logs import configure
from bot.settings import Settings, SettingsError, load_settings
from bot.storage.stats import FORMATS

log = logging.getLogger(__name__)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, build Settings once, and run the chosen command; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"Signpost cannot start: {error}", file=sys.stderr)
        return 2
    secret = settings.token.get_secret_value() if settings.token else None
    configure("WARNING" if args.command in _QUIET else settings.log_level, secret)
    try:
        return int(args.handler(args, settings))
    except ContentError as error:
        print(f"Content has {len(error.errors)} error(s):", file=sys.stderr)
        print("\n".join(error.errors), file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, settings: Settings) -> int:
    if settings.token is None:
        print(
            "No SIGNPOST_TOKEN set, so starting the offline console instead of the bot.",
            file=sys.stderr,
        )
        return asyncio.run(_console(settings, None, interactive=True, no_log=False))
    from bot.chat.client import run_bot  # discord is needed only when a token is set

    return run_bot(settings)


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    if args.batch is None and args.question is None:
        print("Give a question, or --batch FILE with JSON lines.", file=sys.stderr)
        return 2
    return asyncio.run(_console(settings, args, interactive=False, no_log=args.no_log))


async def _console(
    settings: Settings, args: argparse.Namespace | None, *, interactive: bool, no_log: bool
) -> int:
    from bot.services import ContentHolder, recorder, usage_only

    holder = ContentHolder(settings.data_dir, default_country=settings.default_country)
    async with contextlib.AsyncExitStack() as stack:
        usage = None if no_log else await stack.enter_async_context(usage_only(settings))
        record = recorder(usage, command="console")
        if interactive or args is None:
            console.interactive(holder.engine, None, stdin=sys.stdin, out=sys.stdout, record=record)
            return 0
        if args.batch is not None:
            stream = sys.stdin.buffer if args.batch == "-" else open(args.batch, "rb")  # noqa: SIM115
            with stream:
                console.batch(holder.engine, stream, out=sys.stdout, record=record)
            return 0
        console.ask(
            holder.engine,
            args.question,
            args.locale,
            as_json=args.json,
            out=sys.stdout,
            record=record,
        )
        return 0


def _validate(args: argparse.Namespace, settings: Settings) -> int:
    data_dir = Path(args.directory) if args.directory else settings.data_dir
    try:
        snapshot = load_snapshot(data_dir)
    except ContentError as error:
        if args.json:
            print(
                json.dumps(
                    {
                        "ok": False,
                        "errors": list(error.errors),
                        "counts": {},
                        "countries": [],
                        "topics": [],
                    }
                )
            )
        else:
            print("\n".join(error.errors), file=sys.stderr)
            print(f"{len(error.errors)} error(s) in {data_dir}", file=sys.stderr)
        return 1
    counts = snapshot.counts()
    report = {
        "ok": True,
        "errors": [],
        "counts": counts,
        "countries": sorted({c for r in snapshot.resources for c in r.countries}),
        "topics": sorted(topic.id for topic in snapshot.topics),
    }
    if args.json:
        print(json.dumps(report))
    else:
        listed = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        print(f"Content OK (version {snapshot.version}): {listed}")
    return 0


def _lint(args: argparse.Namespace, settings: Settings) -> int:
    from bot.coverage import coverage
    from bot.engine.learned import shipped_reader
    from bot.lint import as_json, lint, report, sources

    try:
        snapshot = load_snapshot(Path(args.directory) if args.directory else settings.data_dir)
    except ContentError as error:
        if not args.json:
            raise
        print(
            json.dumps(
                {
                    "ok": False,
                    "errors": list(error.errors),
                    "findings": [],
                    "counts": {},
                    "sources": {},
                    "translations": {},
                }
            )
        )
        return 1
    days = settings.stale_after_days if args.stale_days is None else args.stale_days
    findings = lint(
        snapshot, today=dt.date.today(), stale_after_days=days, learned=shipped_reader()
    )
    counted, translated = sources(snapshot), coverage(snapshot)
    print(
        json.dumps(as_json(findings, counted, translated), ensure_ascii=False)
        if args.json
        else report(findings, counted, translated)
    )
    return 0


def _schema(args: argparse.Namespace, settings: Settings) -> int:
    from bot.content.schema import SCHEMA_DIR, write_schemas

    for path in write_schemas(Path(args.out) if args.out else SCHEMA_DIR):
        print(path)
    return 0


def _sync(args: argparse.Namespace, settings: Settings) -> int:
    from bot.chat.client import sync_commands

    guild = None if args.everywhere else (args.guild or settings.dev_guild_id)
    return sync_commands(settings, guild)


def _train(args: argparse.Namespace, settings: Settings) -> int:
    from bot.engine.crisis import CrisisReader
    from bot.training import cross_validate, train

    snapshot = load_snapshot(settings.data_dir)
    if args.cross_validate:
        cues = CrisisReader(snapshot.phrases, snapshot.cues, snapshot.combos, snapshot.calm)
        thresholds = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
        for figures in cross_validate(lambda case: cues.read(case.q, case.locale), thresholds):
            print(json.dumps({name: round(value, 3) for name, value in figures.items()}))
        return 0
    model = train(snapshot)
    model.write()
    log.info("Models trained on %s", ", ".join(model.trained_on))
    return 0


def _report(args: argparse.Namespace, settings: Settings) -> int:
    from bot import quality

    cases = quality.load_cases(Path(args.set)) if args.set else quality.load_cases()
    report = quality.measure_snapshot(load_snapshot(settings.data_dir), cases)
    print(
        json.dumps(report.as_json(), ensure_ascii=False)
        if args.json
        else quality.format_report(report)
    )
    return 0


def _stats(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services import usage_only
    from bot.storage import stats
    from bot.storage.usage import UsageSummary

    if args.days < 1:
        print("--days must be 1 or more.", file=sys.stderr)
        return 2

    async def main() -> UsageSummary | None:
        async with usage_only(settings) as usage:
            return await usage.summary(days=args.days)

    summary = asyncio.run(main())
    if summary is None:
        print("Usage totals can't be read from the database.", file=sys.stderr)
        return 1
    print(stats.render(summary, args.format, threshold=settings.suppression_threshold).rstrip("\n"))
    return 0


def _reports(args: argparse.Namespace, settings: Settings) -> int:
    from bot import wrong_numbers
    from bot.services import usage_only
    from bot.storage.usage import LineReport

    days = settings.retention_days if args.days is None else args.days
    if days < 1:
        print("--days must be 1 or more.", file=sys.stderr)
        return 2

    async def main() -> tuple[LineReport, ...] | None:
        async with usage_only(settings) as usage:
            return await usage.line_reports(days=days)

    reports = asyncio.run(main())
    if reports is None:
        print("Wrong-number reports can't be read from the database.", file=sys.stderr)
        return 1
    lines = wrong_numbers.reported_lines(reports, load_snapshot(settings.data_dir))
    render = wrong_numbers.as_json if args.json else wrong_numbers.as_table
    print(render(lines, days=days))
    return 0


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage.backup import BackupError, backup

    try:
        print(backup(settings.database_url, args.destination))
    except BackupError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


_QUIET = {
    "ask",
    "report",
    "validate",
    "lint",
    "schema",
    "stats",
    "reports",
    "backup",
    "train",
}
"""Commands whose output is read by people or tools; only warnings reach the log for them."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    parser.set_defaults(handler=_run, command="run")
    commands = parser.add_subparsers(title="commands")
    run = commands.add_parser("run", help="run the bot, or the offline console without a token")
    run.set_defaults(handler=_run, command="run")
    _add_ask(commands)
    _add_content_commands(commands)
    _add_sync(commands)
    _add_usage_commands(commands)
    return parser


_Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""What add_subparsers returns; each _add_* helper adds its commands to it."""
_FOLDER_HELP = "content folder (default: SIGNPOST_DATA_DIR)"
_JSON_HELP = "print one JSON report"


def _add_ask(commands: _Commands) -> None:
    ask = commands.add_parser("ask", help="answer a question as the bot would")
    ask.add_argument("question", nargs="?", help="the question, in quotes")
    ask.add_argument("--locale", help="a Discord locale such as en-GB; picks the country")
    ask.add_argument("--json", action="store_true", help="print one JSON object per answer")
    ask.add_argument(
        "--batch", metavar="FILE", help='JSON lines {"q": ..., "locale": ...}; - for stdin'
    )
    ask.add_argument("--no-log", action="store_true", help="do not record anonymous usage")
    ask.set_defaults(handler=_ask, command="ask")


def _add_content_commands(commands: _Commands) -> None:
    validate = commands.add_parser("validate", help="check the content files; non-zero on errors")
    validate.add_argument("directory", nargs="?", help=_FOLDER_HELP)
    validate.add_argument("--json", action="store_true", help=_JSON_HELP)
    validate.set_defaults(handler=_validate, command="validate")

    lint = commands.add_parser("lint", help="warnings for editors; non-zero only on errors")
    lint.add_argument("directory", nargs="?", help=_FOLDER_HELP)
    lint.add_argument(
        "--stale-days",
        type=int,
        metavar="N",
        help="checks older than this are stale (default: SIGNPOST_STALE_AFTER_DAYS)",
    )
    lint.add_argument("--json", action="store_true", help=_JSON_HELP)
    lint.set_defaults(handler=_lint, command="lint")

    schema = commands.add_parser("schema", help="write JSON Schemas of the content files")
    schema.add_argument("--out", metavar="DIR", help="folder to write to (default: docs/schema)")
    schema.set_defaults(handler=_schema, command="schema")


def _add_sync(commands: _Commands) -> None:
    sync = commands.add_parser("sync", help="publish slash commands to Discord")
    where = sync.add_mutually_exclusive_group()
    where.add_argument(
        "--guild", type=int, help="one server, instantly (default: SIGNPOST_DEV_GUILD_ID)"
    )
    where.add_argument(
        "--everywhere", action="store_true", help="all servers (can take up to an hour)"
    )
    sync.set_defaults(handler=_sync, command="sync")


def _add_usage_commands(commands: _Commands) -> None:
    report = commands.add_parser("report", help="measure answer quality on the labelled questions")
    report.add_argument(
        "--set", metavar="FILE", help="labelled questions (default: tests/quality/questions.toml)"
    )
    report.add_argument("--json", action="store_true", help=_JSON_HELP)
    report.set_defaults(handler=_report, command="report")

    training = commands.add_parser(
        "train", help="retrain the learned crisis and topic readers (needs the dev extra)"
    )
    training.add_argument(
        "--cross-validate",
        action="store_true",
        help="print leave-one-set-out recall and false alarms instead of writing the model",
    )
    training.set_defaults(handler=_train, command="train")

    usage = commands.add_parser(
        "stats", help="anonymous usage totals of all servers, small counts hidden"
    )
    usage.add_argument(
        "--days", type=int, default=30, metavar="N", help="count the last N days (default: 30)"
    )
    usage.add_argument(
        "--format", choices=FORMATS, default="table", help="how to print them (default: table)"
    )
    usage.set_defaults(handler=_stats, command="stats")

    reports = commands.add_parser(
        "reports", help="lines members reported as a wrong number, most reported first"
    )
    reports.add_argument(
        "--days",
        type=int,
        metavar="N",
        help="count the last N days (default: all kept, SIGNPOST_RETENTION_DAYS)",
    )
    reports.add_argument("--json", action="store_true", help=_JSON_HELP)
    reports.set_defaults(handler=_reports, command="reports")

    backup = commands.add_parser("backup", help="copy the database safely, even while the bot runs")
    backup.add_argument(
        "destination", help="a file, or a folder for a dated copy; written owner-only"
    )
    backup.set_defaults(handler=_backup, command="backup")


if __name__ == "__main__":
    sys.exit(main())
