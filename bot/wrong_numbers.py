"""Wrong-number reports for editors: each reported line, how often, with its name and source.

Line ids are content, not people, so nothing here is suppressed, unlike usage statistics.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from bot.content.loader import Snapshot
from bot.content.models import Resource
from bot.storage.usage import LineReport

GONE = "(no longer listed)"
HEADER = ("reports", "line", "last reported", "verified", "name", "source")


@dataclass(frozen=True)
class ReportedLine:
    """A reported line as an editor checks it: reported after `verified_on` needs a new look.

    `name`, `source_url` and `verified_on` are None when the line is no longer in the content.
    """

    id: str
    count: int
    last_reported: dt.date
    name: str | None
    source_url: str | None
    verified_on: dt.date | None


def reported_lines(reports: Iterable[LineReport], snapshot: Snapshot) -> list[ReportedLine]:
    """Join the stored counts, most reported first, with the current content."""
    found = []
    for report in reports:
        entry = snapshot.by_id.get(report.line_id)
        line = entry if isinstance(entry, Resource) else None
        found.append(
            ReportedLine(
                id=report.line_id,
                count=report.count,
                last_reported=report.last_day,
                name=line.title if line else None,
                source_url=str(line.source_url) if line else None,
                verified_on=line.verified_on if line else None,
            )
        )
    return found


def as_table(lines: Sequence[ReportedLine], *, days: int) -> str:
    """Aligned columns for a terminal, or one sentence when nothing was reported."""
    if not lines:
        return f"No wrong numbers reported in the last {days} days."
    body = [
        (
            str(line.count),
            line.id,
            line.last_reported.isoformat(),
            line.verified_on.isoformat() if line.verified_on else "-",
            line.name or GONE,
            line.source_url or "-",
        )
        for line in lines
    ]
    widths = [max(len(row[i]) for row in (HEADER, *body)) for i in range(len(HEADER))]
    return "\n".join(
        "  ".join(
            cell.rjust(width) if column == 0 else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in (HEADER, *body)
    )


def as_json(lines: Sequence[ReportedLine], *, days: int) -> str:
    """One JSON object: `{"days", "reports": [...]}`, most reported first, dates as ISO text.

    Each report has the fields of ReportedLine: id, count, last_reported, name, source_url and
    verified_on (the last three null for a line no longer listed).
    """
    return json.dumps(
        {"days": days, "reports": [asdict(line) for line in lines]},
        ensure_ascii=False,
        default=dt.date.isoformat,
    )
