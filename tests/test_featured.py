"""A featured story (``featured_until`` in its front matter) leads the home page from its date until
that day; at most the plan's ``featured_max`` at once, and the check names any story beyond that."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import TODAY
from generator.build import build_site
from generator.reading.collection import load_collection
from generator.reading.fields import STORY_FIELDS
from generator.reading.story import TOP_KEYS

DAY = dt.date.fromisoformat(TODAY)  # 2026-11-29


NAMES = ("An", "Bình", "Cường", "Dung", "Giang", "Hạnh", "Khánh", "Lan")


def write(scratch, slug: str, date: str, **fields):
    # A name in words (the check refuses digits in the name of whoever consented).
    name = f"Trần Thị {NAMES[sum(map(ord, slug)) % len(NAMES)]} {NAMES[len(slug) % len(NAMES)]}"
    scratch.story(f"{date[:4]}/{slug}.md", chapter="tinh", title=f"Bài {slug}", person={"name": name}, date=date,
                  consent={"by": name, "date": date, "scope": ["website"]}, **fields)


def lead_title(scratch) -> str:
    plan = scratch.plan()
    built = build_site(scratch.root, plan, scratch.root / "stories", DAY)
    home = next(page for page in built.pages if page.path == "index.md").text
    lead = re.search(r'<h2 class="nttv-lead-story__title"><a href="[^"]+">([^<]+)</a>', home)
    return lead.group(1) if lead else ""


def test_the_key_is_part_of_the_story_schema():
    # One definition each for the reader and the writers (nttv new, the web editor): a rule that
    # reads draft-like keys as hold-back keys derives its list from here and leaves this one alone.
    assert "featured_until" in TOP_KEYS
    assert [field.style for field in STORY_FIELDS if field.name == "featured_until"] == ["date"]


@pytest.mark.build
def test_a_featured_story_leads_the_home_page_until_its_day(scratch):
    write(scratch, "moi-nhat", "2026-11-20")
    write(scratch, "noi-bat", "2026-10-01", featured_until="2026-12-31")
    write(scratch, "het-han", "2026-09-01", featured_until="2026-11-28")
    assert lead_title(scratch) == "Bài noi-bat"


@pytest.mark.build
def test_without_a_featured_story_the_newest_leads(scratch):
    write(scratch, "moi-nhat", "2026-11-20")
    write(scratch, "het-han", "2026-09-01", featured_until="2026-11-28")
    assert lead_title(scratch) == "Bài moi-nhat"


def test_the_check_names_a_story_beyond_the_plans_limit_of_featured_stories(scratch):
    for index, date in enumerate(("2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04")):
        write(scratch, f"bai-{index}", date, featured_until="2026-12-31")
    write(scratch, "sau-do", "2027-01-05", featured_until="2027-01-31")  # after the others' window: no warning
    plan = scratch.plan()
    assert plan.featured_max == 3
    problems = [p for p in load_collection(scratch.root, plan, scratch.root / "stories").problems if p.field == "featured_until"]
    assert [(p.path, p.is_error) for p in problems] == [("stories/2026/bai-3.md", False)]
    assert "tối đa 3 bài cùng lúc" in problems[0].message and "stories/2026/bai-0.md" in problems[0].message
    assert problems[0].line > 1


def test_a_featured_day_before_the_story_date_is_a_warning_not_a_lost_story(scratch):
    write(scratch, "sai-ngay", "2026-10-01", featured_until="2026-09-01")
    plan = scratch.plan()
    collection = load_collection(scratch.root, plan, scratch.root / "stories")
    assert [s.source for s in collection.stories] == ["stories/2026/sai-ngay.md"]
    (problem,) = [p for p in collection.problems if p.field == "featured_until"]
    assert not problem.is_error and "trước ngày đăng" in problem.message
