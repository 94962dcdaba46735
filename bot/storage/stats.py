"""Usage numbers made safe to show: small counts suppressed, then text, table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import asdict, dataclass
from typing import Literal

from bot.storage.usage import Counts, UsageSummary

DEFAULT_THRESHOLD = 5  # settings.suppression_threshold; the usual small-cell rule in health stats
DEFAULT_TOP = 5
BAR_WIDTH = 10
OTHER = "other"
UNKNOWN = "-"
NONE_LABELS = {"entry": "(no entry)", "country": "(unknown)"}
_EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")

Format = Literal["text", "table", "csv", "json"]
FORMATS: tuple[Format, ...] = ("text", "table", "csv", "json")


@dataclass(frozen=True)
class Shown:
    """A count or share after suppression: exact `value`, or None when `text` is only a bound."""

    text: str
    value: float | None


@dataclass(frozen=True)
class Row:
    """One labelled line; `bar` is empty unless the share is exact."""

    label: str
    count: Shown
    share: Shown
    bar: str


@dataclass(frozen=True)
class Section:
    """A breakdown such as commands or countries; its rows always add up to the total."""

    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Report:
    """Everything a stats view may show, already suppressed; build it with build_report."""

    days: int
    is_one_server: bool
    total: Shown
    unmatched: Row
    crisis: Row
    sections: tuple[Section, ...]


def build_report(
    summary: UsageSummary, *, threshold: int = DEFAULT_THRESHOLD, top: int = DEFAULT_TOP
) -> Report:
    """Suppress every count below `threshold` and every figure that would reveal one."""
    total = summary.total
    return Report(
        days=summary.days,
        is_one_server=summary.is_one_server,
        total=_count(total, threshold),
        unmatched=_part("no answer found", summary.unmatched, total, threshold),
        crisis=_part("crisis help shown", summary.crisis, total, threshold),
        sections=(
            _section("Commands", summary.by_command, "", threshold, top),
            _section("Answers", summary.by_answer_kind, "", threshold, top),
            _section("Top entries", summary.by_entry, NONE_LABELS["entry"], threshold, top),
            _section("Countries", summary.by_country, NONE_LABELS["country"], threshold, top),
        ),
    )


def render(
    summary: UsageSummary,
    fmt: Format = "text",
    *,
    threshold: int = DEFAULT_THRESHOLD,
    top: int = DEFAULT_TOP,
) -> str:
    """Lay out raw counts in one of FORMATS; suppression happens here, never by the caller."""
    report = build_report(summary, threshold=threshold, top=top)
    return {"text": as_text, "table": as_table, "csv": as_csv, "json": as_json}[fmt](report)


def heading(report: Report) -> str:
    """One line naming the period, the scope and the total, e.g. for an embed title."""
    scope = "this server" if report.is_one_server else "all servers"
    return f"Last {report.days} days, {scope}: {report.total.text} interactions"


def row_line(row: Row, label_width: int = 0) -> str:
    """One row as `label  bar  share  (count)`, the shape an embed field reuses."""
    bar = f"{row.bar:<{BAR_WIDTH}}"
    return f"{row.label:<{label_width}}  {bar} {row.share.text:>4}  ({row.count.text})"


def as_text(report: Report) -> str:
    """Lay out a compact block for the console or a Discord code block."""
    lines = [
        heading(report),
        f"No answer found: {report.unmatched.count.text} ({report.unmatched.share.text})",
        f"Crisis help shown: {report.crisis.count.text} ({report.crisis.share.text})",
    ]
    for section in report.sections:
        width = max((len(row.label) for row in section.rows), default=0)
        lines.append("")
        lines.append(section.title)
        lines.extend("  " + row_line(row, width) for row in section.rows)
    return "\n".join(lines)


def as_table(report: Report) -> str:
    """Lay out an aligned table with one line per row, for a terminal."""
    header = ("section", "label", "count", "share")
    body = [_flat(report.unmatched, "Summary"), _flat(report.crisis, "Summary")]
    body += [_flat(row, section.title) for section in report.sections for row in section.rows]
    body.insert(0, ("Summary", "interactions", report.total.text, ""))
    widths = [max(len(line[i]) for line in (header, *body)) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in (header, *body)
    )


def as_csv(report: Report) -> str:
    """CSV with the same rows as as_table; suppressed cells read like '<5'."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("section", "label", "count", "share"))
    writer.writerow(("Summary", "interactions", report.total.text, ""))
    writer.writerow(_flat(report.unmatched, "Summary"))
    writer.writerow(_flat(report.crisis, "Summary"))
    for section in report.sections:
        writer.writerows(_flat(row, section.title) for row in section.rows)
    return buffer.getvalue()


def as_json(report: Report) -> str:
    """JSON in which a suppressed figure has "value": null and its bound in "text"."""
    return json.dumps(asdict(report), ensure_ascii=False, indent=2)


def _flat(row: Row, section: str) -> tuple[str, str, str, str]:
    return section, row.label, row.count.text, row.share.text


def _count(count: int, threshold: int) -> Shown:
    if count < threshold:
        return Shown(f"<{threshold}", None)
    return Shown(f"{count:,}", count)


def _part(label: str, part: int, total: int, threshold: int) -> Row:
    """Show a part of the total, hiding it when it or the rest of the total is small."""
    if total < threshold:
        return Row(label, Shown(f"<{threshold}", None), Shown(UNKNOWN, None), "")
    if part < threshold:
        bound = _percent_bound(threshold / total, is_upper=True)
        return Row(label, Shown(f"<{threshold}", None), Shown(f"<{bound}", None), "")
    if 0 < total - part < threshold:
        # Showing the exact part would reveal the small remainder by subtraction.
        bound = _percent_bound((total - threshold) / total, is_upper=False)
        return Row(label, Shown(f">{total - threshold:,}", None), Shown(f">{bound}", None), "")
    share = part / total
    exact_share = Shown(_percent(share), round(share, 4))
    return Row(label, Shown(f"{part:,}", part), exact_share, _bar(share))


def _section(title: str, counts: Counts, none_label: str, threshold: int, top: int) -> Section:
    """Rows for the largest items; the rest fold into 'other', itself never a small number."""
    items = [(label or none_label, count) for label, count in counts if count > 0]
    total = sum(count for _, count in items)
    shown = sorted((item for item in items if item[1] >= threshold), key=lambda i: -i[1])[:top]
    other = total - sum(count for _, count in shown)
    # A small 'other' next to exact rows and an exact total gives itself away; widen it.
    while 0 < other < threshold and shown:
        other += shown.pop()[1]
    rows = [_part(label, count, total, threshold) for label, count in shown]
    if other:
        rows.append(_part(OTHER, other, total, threshold) if shown else _whole(other, threshold))
    return Section(title, tuple(rows))


def _whole(count: int, threshold: int) -> Row:
    shown = _count(count, threshold)
    if shown.value is None:
        return Row(OTHER, shown, Shown(UNKNOWN, None), "")
    return Row(OTHER, shown, Shown("100%", 1.0), _bar(1.0))


def _percent(share: float) -> str:
    return f"{share:.1%}" if share < 0.1 else f"{share:.0%}"


def _percent_bound(share: float, *, is_upper: bool) -> str:
    # Rounded away from the truth, so the bound stays true.
    scaled = math.ceil(share * 100) if is_upper else math.floor(share * 100)
    return f"{scaled}%"


def _bar(share: float) -> str:
    eighths = round(share * BAR_WIDTH * 8)
    return "█" * (eighths // 8) + _EIGHTHS[eighths % 8]
