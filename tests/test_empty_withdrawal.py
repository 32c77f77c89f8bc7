"""An empty withdrawal is an error: the story waits until a date is written or the line removed."""

from __future__ import annotations

import pytest
from conftest import REPO, story_text

from generator.reading.plan import load_plan
from generator.reading.story import read_story

PLAN = load_plan(REPO / "content" / "plan.yml")


@pytest.mark.parametrize("line", ["withdrawn:", "withdrawn: ~", "withdrawn: null", "withdrawn: Null", 'withdrawn: ""',
                                  "withdrawn: ''", 'withdrawn: "   "', "withdrawn:    # hỏi lại"])
def test_a_withdrawal_without_a_date_keeps_the_story_off_the_site(scratch, line):
    front, body = story_text()[4:].split("---\n", 1)
    path = scratch.write("stories/2024/co-giao.md", f"---\n{front}{line}\n---\n{body}")
    story, problems = read_story(path, scratch.root, PLAN)
    assert story is None
    errors = [problem for problem in problems if problem.is_error]
    assert [(problem.field, problem.line) for problem in errors] == [("withdrawn", 13)], [str(p) for p in problems]
    assert "chưa có ngày" in errors[0].message and "xóa dòng này" in errors[0].message


@pytest.mark.parametrize("line, published", [("withdrawn: 2026-12-01", True), ("withdrawn: 2024-06-01", True),
                                             ("withdrawn: sắp", False), ("withdrawn: true", False)])
def test_a_dated_withdrawal_is_read_and_a_wrong_one_is_refused(scratch, line, published):
    front, body = story_text()[4:].split("---\n", 1)
    path = scratch.write("stories/2024/co-giao.md", f"---\n{front}{line}\n---\n{body}")
    story, problems = read_story(path, scratch.root, PLAN)
    assert (story is not None) == published, [str(p) for p in problems]
