"""Reading a file: text decoding, front matter split with exact positions, and refusals."""

from __future__ import annotations

import pytest

from conftest import story_text
from generator.reading import source
from generator.problems import WHOLE_FILE


def test_decode_removes_bom_and_carriage_returns_and_composes_accents():
    raw = b"\xef\xbb\xbf---\r\ntitle: Ngu\xcc\x9bo\xcc\x9b\xcc\x80i\r\n---\r\n"
    assert source.decode(raw) == "---\ntitle: Người\n---\n"


def test_every_value_and_key_keeps_its_line_and_column():
    parsed = source.parse(story_text(photos=[{"src": "a.jpg", "alt": "Ảnh"}]))
    assert parsed.where("consent.date") == source.Position(11, 9)
    assert parsed.where("photos[0].alt") == source.Position(14, 21)
    assert parsed.key_positions["consent"] == source.Position(9, 1)
    # A field that is absent is pointed at through its parent.
    assert parsed.where("consent.guardian") == source.Position(10, 3)


@pytest.mark.parametrize("front, line, field", [
    ("title: x\nkind: y\n", 2, "kind"),
    ("title: x\nconsent:\n  by: y\n  date: z\n", 4, "consent.date"),
    ("title: x\nconsent:\n  by: y\ndeed: z\n", 4, "deed"),
    ("photos:\n  - src: a.jpg\n    alt: b\n", 3, "photos"),
    ("photos:\n  - src: a.jpg\nchapter: x\n", 3, "chapter"),
    ("  \n# chú thích: có dấu hai chấm\n", 2, ""),
])
def test_field_at_names_the_field_written_on_or_above_a_line(front, line, field):
    # Lines are the file's: line 1 is the opening ---.
    assert source.field_at("\n" + front, line + 1) == field


def test_duplicate_nested_key_is_refused_with_both_lines():
    text = story_text().replace("  date: 2024-05-01\n", "  date: 2024-05-01\n  date: 2024-05-02\n")
    with pytest.raises(source.SourceError) as caught:
        source.parse(text)
    assert (caught.value.line, caught.value.column, caught.value.field) == (12, 3, "consent.date")
    assert "dòng 11 và dòng 12" in caught.value.message


def test_dates_stay_text_for_the_story_rules_to_judge():
    parsed = source.parse(story_text(date="2024-5-8"))
    assert parsed.data["date"] == "2024-5-8"
    assert parsed.data["consent"]["date"] == "2024-05-01"


@pytest.mark.parametrize("front, where", [
    ("title: &t Chào\n", (2, 8)),               # YAML would publish "Chào", the anchor eaten
    ("title: Chào\ndeed: *t\n", (3, 7)),
    ("title: &t Chào\ndeed: *t\n", (2, 8)),
])
def test_anchors_and_aliases_are_refused_where_written(front, where):
    with pytest.raises(source.SourceError) as caught:
        source.parse(f"---\n{front}---\nx\n")
    assert (caught.value.line, caught.value.column) == where
    assert "ngoặc kép" in caught.value.message or "bí danh" in caught.value.message


def test_empty_text_is_a_whole_file_problem():
    with pytest.raises(source.SourceError) as caught:
        source.parse("")
    assert caught.value.field == WHOLE_FILE
