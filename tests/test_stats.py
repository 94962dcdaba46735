import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.settings import Settings
from bot.storage import stats
from bot.storage.usage import UsageSummary


def summary(**overrides):
    fields = {
        "days": 30,
        "is_one_server": True,
        "total": 1234,
        "unmatched": 56,
        "crisis": 3,
        "by_command": (("ask", 800), ("resources", 300), ("facts", 131), ("urgent", 3)),
        "by_answer_kind": (("resource", 1000), ("fact", 175), ("none", 56), ("emergency", 3)),
        "by_entry": (("rainn-hotline", 700), ("metoo-origin", 476), (None, 56), ("mind", 2)),
        "by_country": (("US", 1000), ("GB", 230), ("IE", 4)),
    }
    return UsageSummary(**(fields | overrides))


def exact_counts(report):
    rows = [report.unmatched, report.crisis, *(r for s in report.sections for r in s.rows)]
    return [row.count.value for row in rows if row.count.value is not None]


def test_a_count_of_three_shows_as_below_five():
    report = stats.build_report(summary())
    assert report.crisis.count.text == "<5"
    assert report.crisis.count.value is None
    assert report.crisis.share.value is None and report.crisis.bar == ""
    assert "Crisis help shown: <5" in stats.as_text(report)


def test_threshold_comes_from_settings():
    threshold = Settings(_env_file=None).suppression_threshold
    report = stats.build_report(summary(crisis=threshold - 1), threshold=threshold)
    assert report.crisis.count.text == f"<{threshold}"
    assert stats.build_report(summary(crisis=7), threshold=10).crisis.count.text == "<10"


def test_small_total_suppresses_everything():
    report = stats.build_report(
        summary(
            total=4,
            unmatched=1,
            crisis=0,
            by_command=(("ask", 4),),
            by_answer_kind=(),
            by_entry=(),
            by_country=(),
        )
    )
    assert report.total.text == "<5"
    assert report.unmatched.share.text == "-"
    assert [row.count.text for row in report.sections[0].rows] == ["<5"]
    assert exact_counts(report) == []


def test_small_items_fold_into_an_other_that_is_never_small():
    commands = stats.build_report(summary()).sections[0]
    labels = {row.label: row.count.text for row in commands.rows}
    assert "urgent" not in labels
    # 'urgent' (3) alone would be derivable from the total, so 'facts' joins it in 'other'.
    assert labels == {"ask": "800", "resources": "300", "other": "134"}


def test_a_part_close_to_the_total_hides_the_small_remainder():
    report = stats.build_report(summary(total=1000, unmatched=998))
    assert report.unmatched.count.text == ">995"
    assert report.unmatched.share.text == ">99%"


def test_exact_rows_get_a_proportional_bar():
    report = stats.build_report(summary(total=100, unmatched=42))
    assert report.unmatched.bar == "████▎"  # 4.2 of 10 cells, to the nearest eighth
    assert report.unmatched.share.text == "42%"
    assert stats.row_line(report.unmatched) == "no answer found  ████▎       42%  (42)"


def test_top_limits_the_rows_shown():
    entries = tuple((f"entry-{index}", 100 - index) for index in range(20))
    section = stats.build_report(summary(by_entry=entries), top=3).sections[2]
    assert [row.label for row in section.rows] == ["entry-0", "entry-1", "entry-2", "other"]


@pytest.mark.parametrize("fmt", stats.FORMATS)
def test_every_format_suppresses_the_small_count(fmt):
    text = stats.render(summary(), fmt)
    assert "<5" in text
    assert "urgent" not in text and "mind" not in text


def test_csv_and_json_carry_the_same_rows():
    rows = list(csv.reader(io.StringIO(stats.render(summary(), "csv"))))
    document = json.loads(stats.render(summary(), "json"))
    assert rows[0] == ["section", "label", "count", "share"]
    assert ["Summary", "crisis help shown", "<5", "<1%"] in rows
    assert document["crisis"]["count"] == {"text": "<5", "value": None}
    csv_commands = [row[1] for row in rows if row[0] == "Commands"]
    assert csv_commands == [row["label"] for row in document["sections"][0]["rows"]]


def test_table_is_aligned():
    lines = stats.render(summary(), "table").splitlines()
    column = lines[0].index("count")
    assert all(line[column - 2 : column] == "  " for line in lines[1:])


counts = st.integers(min_value=0, max_value=60)


@given(
    st.lists(
        st.tuples(st.sampled_from(["ask", "facts", "help", "urgent", "about"]), counts),
        unique_by=lambda item: item[0],
    ),
    st.integers(min_value=2, max_value=10),
)
def test_no_exact_figure_reveals_a_small_count(items, threshold):
    total = sum(count for _, count in items)
    crisis = min(total, 3)
    report = stats.build_report(
        summary(
            total=total,
            unmatched=0,
            crisis=crisis,
            by_command=tuple(items),
            by_answer_kind=(),
            by_entry=(),
            by_country=(),
        ),
        threshold=threshold,
    )
    shown = exact_counts(report)
    assert all(count >= threshold for count in shown)
    section = report.sections[0]
    exact_sum = sum(row.count.value for row in section.rows if row.count.value is not None)
    if report.total.value is not None:
        remainder = total - exact_sum
        assert remainder == 0 or remainder >= threshold
