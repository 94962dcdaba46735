from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.loader import ContentError, Snapshot, load_snapshot


def test_fixture_content_loads_into_a_frozen_snapshot(snapshot: Snapshot) -> None:
    assert snapshot.counts()["resources"] == 6
    assert snapshot.by_id["us-rainn"].title == "National Sexual Assault Hotline (RAINN)"
    with pytest.raises(TypeError):
        snapshot.by_id["x"] = snapshot.by_id["us-rainn"]  # type: ignore[index]
    with pytest.raises(Exception, match="frozen"):
        snapshot.resources[0].summary = "changed"  # type: ignore[misc]


def test_every_error_is_reported_at_once_with_file_line_id_and_field(data: Path) -> None:
    gb = data / "resources" / "gb.toml"
    text = gb.read_text()
    text = text.replace('topics = ["suicide-and-crisis"]', 'topics = ["no-such-topic"]', 1)
    text = text.replace('url = "https://respect.uk.net"', 'url = "not a url"', 1)
    gb.write_text(text)
    (data / "extra.toml").write_text(
        '[[faq]]\nid = "us-rainn"\nquestion = "Q?"\nanswer = "A."\n'
        'source_url = "https://example.org"\nsource_name = "Example"\n'
    )
    with pytest.raises(ContentError) as caught:
        load_snapshot(data)
    errors = caught.value.errors
    assert any(
        e.startswith("data/resources/gb.toml:") and "gb-mens-advice-line: url:" in e for e in errors
    )
    # Schema errors stop cross-checks, so fix them and see the reference errors next.
    gb.write_text(text.replace('url = "not a url"', 'url = "https://respect.uk.net"'))
    with pytest.raises(ContentError) as caught:
        load_snapshot(data)
    errors = caught.value.errors
    line = next(e for e in errors if "no-such-topic" in e)
    assert line.startswith("data/resources/gb.toml:2: gb-samaritans: topics: 'no-such-topic'")
    assert any(
        "data/extra.toml:2: us-rainn: id: already used in data/resources/us.toml" in e
        for e in errors
    )


def test_broken_toml_names_the_file_and_line(data: Path) -> None:
    (data / "topics.toml").write_text('[[topics]]\nid = "x"\nname = \n')
    with pytest.raises(ContentError) as caught:
        load_snapshot(data)
    assert caught.value.errors[0].startswith("data/topics.toml:3: not valid TOML")


def test_unknown_table_and_unknown_key_are_errors(data: Path) -> None:
    (data / "extra.toml").write_text('[[resourses]]\nid = "x"\n')
    topics = data / "topics.toml"
    topics.write_text(
        topics.read_text().replace(
            'name = "Supporting someone"', 'name = "Supporting someone"\nnmae = "typo"'
        )
    )
    with pytest.raises(ContentError) as caught:
        load_snapshot(data)
    text = str(caught.value)
    assert "resourses: unknown table" in text
    assert "supporting-someone: nmae: Extra inputs are not permitted" in text


def test_missing_folder_fails_with_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_snapshot(tmp_path / "nowhere")
    assert len(caught.value.errors) == 1
    assert "content folder not found" in caught.value.errors[0]


def test_hours_must_have_a_time_zone_and_slots(data: Path) -> None:
    gb = data / "resources" / "gb.toml"
    gb.write_text(gb.read_text().replace('timezone = "Europe/London"', 'timezone = "Europe/Lndon"'))
    with pytest.raises(ContentError, match="not an IANA time zone"):
        load_snapshot(data)


def test_version_changes_when_content_changes(data: Path, snapshot: Snapshot) -> None:
    assert load_snapshot(data).version == snapshot.version
    facts = data / "campaign.toml"
    facts.write_text(facts.read_text().replace("Alyssa Milano's call", "Alyssa Milano's post"))
    assert load_snapshot(data).version != snapshot.version


def test_a_topics_fallback_must_name_another_topic(data: Path) -> None:
    topics = data / "topics.toml"
    text = topics.read_text()
    first = text.index("[[topics]]")
    second = text.index("[[topics]]", first + 1)
    topics.write_text(text[:second] + 'fallback = "no-such-topic"\n\n' + text[second:])
    with pytest.raises(ContentError) as caught:
        load_snapshot(data)
    assert any("fallback: 'no-such-topic'" in error for error in caught.value.errors)
