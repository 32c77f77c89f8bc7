"""Year folders are four ASCII digits: a year written in other digits is named and not published."""

from __future__ import annotations

import pytest
from conftest import REPO

from generator.reading.collection import load_collection
from generator.reading.plan import load_plan

PLAN = load_plan(REPO / "content" / "plan.yml")


@pytest.mark.parametrize("folder, words", [
    ("٢٠٢٦", "`٢` là chữ số Ả Rập"),            # Arabic-Indic
    ("۲۰۲۶", "`۲` là chữ số Ả Rập"),            # Extended Arabic-Indic (Persian)
    ("２０２６", "`２` là chữ số toàn khổ"),       # full-width
    ("२०२६", "chữ số của bảng chữ khác"),        # Devanagari
    ("2０26", "`０` là chữ số toàn khổ"),
    ("𝟐𝟎𝟐𝟔", "chữ số của bảng chữ khác"),        # mathematical bold
])
def test_a_year_folder_in_other_digits_is_named_and_not_published(scratch, folder, words):
    scratch.story("2026/that.md", date="2026-02-01", chapter="tinh")
    scratch.story(f"{folder}/bai.md", date="2026-02-01", chapter="tinh", title="Bài trong thư mục lạ")
    collection = load_collection(scratch.root, PLAN, scratch.root / "stories")
    assert [story.source for story in collection.stories] == ["stories/2026/that.md"]
    problem, = [p for p in collection.problems if p.is_error]
    assert problem.path == f"stories/{folder}/bai.md" and words in problem.message
    assert "chữ số thường 0–9" in problem.message and "stories/2026/" in problem.message
