"""The tally against hand-counted fixtures: who counts, once, in which chapter and year."""

from __future__ import annotations

import unicodedata

import pytest

from generator.reading.collection import load_collection
from generator.dates import today
from generator.counting.tally import Tally, count_targets

DISTRICTS = ("vinh-yen", "phuc-yen", "binh-xuyen", "lap-thach", "song-lo", "tam-dao", "tam-duong", "vinh-tuong", "yen-lac")
COMMUNES = ("phuong-vinh-yen", "phuong-phuc-yen", "xa-vinh-tuong", "xa-tam-dao")
HOA = "Nguyễn Thị Hoa"


def person(name: str = HOA, id: str | None = None) -> dict:
    return {"name": name} | ({"id": id} if id else {})


def tally_of(scratch, *stories: dict) -> Tally:
    """Write each story (fields for ``story_text``) as its own file, then count as a build does."""
    for number, fields in enumerate(stories, start=1):
        year = str(fields.get("date", "2024-05-08"))[:4]
        by = "Nguyễn Văn Minh (Chủ nhiệm)" if fields.get("kind") == "collective" else "Nguyễn Văn Minh"
        consent = {"by": by, "date": f"{year}-01-01", "scope": ["website"]}
        scratch.story(f"{year}/truyen-{number}.md", **{"consent": consent, **fields})
    plan = scratch.plan()
    collection = load_collection(scratch.root, plan, scratch.root / "stories")
    assert not collection.errors, collection.errors
    return count_targets(plan, collection.stories, today())


def reached(tally: Tally, target: str, chapter: str | None = None, year: int | None = None) -> int:
    rows = [row for row in tally.rows if row.target.id == target and row.chapter == chapter and row.year == year]
    assert len(rows) == 1, f"expected one row for {target} {chapter} {year}, got {rows}"
    return rows[0].reached


def row(tally: Tally, target: str, chapter: str | None = None, year: int | None = None):
    return next(r for r in tally.rows if r.target.id == target and r.chapter == chapter and r.year == year)


@pytest.mark.parametrize("people, expected", [
    pytest.param([person()], 1, id="one story"),
    pytest.param([person(), person()], 1, id="same name, no id, same chapter"),
    pytest.param([person(id="hoa-1979"), person("Nguyễn T. Hoa", id="hoa-1979")], 1, id="same id, name spelt differently"),
    pytest.param([person(id="hoa-1979"), person(id="hoa-1985")], 2, id="different ids, same name"),
    pytest.param([person(id="hoa-1979"), person()], 1, id="one id, the other none"),
    pytest.param([person(), person("nguyễn  thị hoa")], 1, id="case and spaces ignored"),
    pytest.param([person(), person("NGUYỄN THỊ HOA")], 1, id="upper case"),
    pytest.param([person(), person("Nguyen Thi Hoa")], 2, id="diacritics kept"),
    pytest.param([person(), person("Nguyễn Thị Hòa")], 2, id="different tone mark"),
    pytest.param([person(), person(unicodedata.normalize("NFD", HOA))], 1, id="decomposed equals composed"),
    pytest.param([person(), person("Trần Văn Nam"), person("Lê Thị Mai")], 3, id="three people"),
    pytest.param([person(id="hoa-1979"), person(id="hoa-1985"), person()], 2,
                 id="a story without id joins one of two namesakes, not both"),
])
def test_people_are_counted_once_per_chapter_and_year(scratch, people, expected):
    tally = tally_of(scratch, *({"person": p, "date": f"2024-0{n}-01"} for n, p in enumerate(people, start=1)))
    assert reached(tally, "individuals", "binh-xuyen", 2024) == expected
    assert reached(tally, "period-individuals") == expected
    assert len(row(tally, "individuals", "binh-xuyen", 2024).examples) == len(people)


def test_same_name_in_two_chapters_counts_twice(scratch):
    tally = tally_of(scratch, {"chapter": "binh-xuyen"}, {"chapter": "vinh-yen"})
    assert reached(tally, "individuals", "binh-xuyen", 2024) == 1
    assert reached(tally, "individuals", "vinh-yen", 2024) == 1
    assert reached(tally, "period-individuals") == 2


def test_same_id_in_two_chapters_is_one_person_over_the_period(scratch):
    tally = tally_of(scratch, {"chapter": "binh-xuyen", "person": person(id="hoa-1979")},
                     {"chapter": "vinh-yen", "person": person(id="hoa-1979")})
    assert reached(tally, "individuals", "binh-xuyen", 2024) == 1
    assert reached(tally, "individuals", "vinh-yen", 2024) == 1
    assert reached(tally, "period-individuals") == 1


@pytest.mark.parametrize("second", [person(id="hoa-1979"), person()], ids=["same id", "same name"])
def test_period_totals_count_a_person_once_across_years(scratch, second):
    tally = tally_of(scratch, {"person": person(id="hoa-1979"), "date": "2023-03-01"},
                     {"person": second, "date": "2024-03-01"}, {"person": second, "date": "2025-03-01"})
    assert [reached(tally, "individuals", "binh-xuyen", year) for year in (2023, 2024, 2025)] == [1, 1, 1]
    assert reached(tally, "period-individuals") == 1


def test_individuals_and_collectives_are_counted_apart(scratch):
    tally = tally_of(
        scratch,
        {"person": person("Câu lạc bộ Tình nguyện Hương Canh")},
        {"kind": "collective", "person": person("Câu lạc bộ Tình nguyện Hương Canh")},
        {"kind": "collective", "person": person("Trường Tiểu học Hương Canh")},
    )
    assert reached(tally, "individuals", "binh-xuyen", 2024) == 1
    assert reached(tally, "collectives", "binh-xuyen", 2024) == 2
    assert reached(tally, "period-individuals") == 1
    assert reached(tally, "period-collectives") == 2


def test_a_story_missing_a_criterion_is_listed_apart_and_not_counted(scratch):
    tally = tally_of(
        scratch,
        {"person": person("Trần Văn Nam"), "title": "Thiếu tiêu chí", "criteria": ["phap-luat", "tam-guong"]},
        {"kind": "collective", "person": person("Tổ dân phố 3"), "criteria": ["huong-ung", "lan-toa"]},
        {"person": person("Lê Thị Mai")},
    )
    assert reached(tally, "individuals", "binh-xuyen", 2024) == 1
    assert reached(tally, "collectives", "binh-xuyen", 2024) == 0
    assert reached(tally, "period-individuals") == 1
    assert [s.person.name for s in tally.incomplete] == ["Trần Văn Nam", "Tổ dân phố 3"]
    counted = {s.source for r in tally.rows for s in r.examples}
    assert counted == {"stories/2024/truyen-3.md"}


@pytest.mark.parametrize("fields, counts", [
    pytest.param({"draft": True}, False, id="draft"),
    pytest.param({"draft": False}, True, id="draft: false"),
    pytest.param({"date": "2026-11-30"}, False, id="tomorrow"),
    pytest.param({"date": "2026-11-29"}, True, id="today"),
    pytest.param({"date": "2026-11-29", "draft": True}, False, id="draft dated today"),
])
def test_drafts_and_future_stories_are_not_counted(scratch, fields, counts):
    tally = tally_of(scratch, {"chapter": "tinh", "date": "2026-01-10", "person": person("Lê Thị Mai")},
                     {"chapter": "tinh", "date": "2026-11-01", **fields})
    assert reached(tally, "individuals", "tinh", 2026) == 1 + counts
    assert reached(tally, "period-individuals") == 1 + counts
    assert tally.incomplete == ()


def test_nttv_today_decides_what_is_published(scratch, monkeypatch):
    scratch.story("2026/hen-dang.md", chapter="tinh", date="2026-12-15")
    plan = scratch.plan()
    stories = load_collection(scratch.root, plan, scratch.root / "stories").stories
    assert reached(count_targets(plan, stories, today()), "individuals", "tinh", 2026) == 0
    monkeypatch.setenv("NTTV_TODAY", "2026-12-15")
    assert reached(count_targets(plan, stories, today()), "individuals", "tinh", 2026) == 1


@pytest.mark.parametrize("day, year", [("2023-12-31", 2023), ("2024-01-01", 2024), ("2024-12-31", 2024), ("2025-01-01", 2025)])
def test_a_story_counts_in_the_calendar_year_of_its_date(scratch, day, year):
    tally = tally_of(scratch, {"date": day})
    for other in (2023, 2024, 2025):
        assert reached(tally, "individuals", "binh-xuyen", other) == (1 if other == year else 0)


def test_a_story_before_the_yearly_targets_counts_only_in_the_period(scratch):
    tally = tally_of(scratch, {"date": "2022-09-01"})
    assert reached(tally, "period-individuals") == 1
    assert not [r for r in tally.rows if r.year == 2022]


@pytest.mark.parametrize("chapter, goals", [
    # The districts end on 30 June 2025: the plan prorates their goal by days active, rounded up.
    *((chapter, {2023: (5, 2), 2024: (5, 2), 2025: (3, 1)}) for chapter in DISTRICTS),
    # The communes begin on 1 July 2025; no plan set them a goal.
    *((chapter, {2025: (None, None), 2026: (None, None)}) for chapter in COMMUNES),
    ("tinh", {2023: (5, 2), 2024: (5, 2), 2025: (5, 2), 2026: (5, 2)}),
])
@pytest.mark.parametrize("target, which", [("individuals", 0), ("collectives", 1)])
def test_each_chapter_has_a_row_for_every_year_it_is_active(scratch, chapter, goals, target, which):
    rows = tally_of(scratch).rows_for(target, chapter)
    assert [r.year for r in rows] == list(goals)
    assert [r.goal for r in rows] == [goal[which] for goal in goals.values()]
    assert {(r.reached, r.examples) for r in rows} == {(0, ())}
    assert all(r.met is (None if r.goal is None else False) for r in rows)


def test_rows_stop_at_the_current_year(scratch, monkeypatch):
    monkeypatch.setenv("NTTV_TODAY", "2024-06-01")
    tally = tally_of(scratch)
    assert [r.year for r in tally.rows_for("individuals", "tinh")] == [2023, 2024]
    assert [r.year for r in tally.rows_for("individuals", "phuong-vinh-yen")] == []


def test_a_chapter_year_with_examples_but_no_goal_gets_goal_none(scratch):
    tally = tally_of(scratch, {"chapter": "phuong-vinh-yen", "date": "2025-08-20"},
                     {"chapter": "phuong-vinh-yen", "date": "2026-02-01", "person": person("Lê Thị Mai")})
    first, second = tally.rows_for("individuals", "phuong-vinh-yen")
    assert (first.year, first.goal, first.reached, first.met) == (2025, None, 1, None)
    assert (second.year, second.goal, second.reached, second.met) == (2026, None, 1, None)
    assert first.as_dict()["goal"] is None


def test_a_target_is_met_at_the_goal(scratch):
    names = ["Lê Thị Mai", "Trần Văn Nam", "Phạm Thu Hà", "Đỗ Văn Bình", "Hoàng Thị Lan"]
    tally = tally_of(scratch, *({"person": person(name)} for name in names),
                     {"kind": "collective", "person": person("Tổ dân phố 3")})
    individuals = row(tally, "individuals", "binh-xuyen", 2024)
    collectives = row(tally, "collectives", "binh-xuyen", 2024)
    assert (individuals.reached, individuals.goal, individuals.met) == (5, 5, True)
    assert (collectives.reached, collectives.goal, collectives.met) == (1, 2, False)


def test_examples_are_the_counted_story_files_newest_first(scratch):
    tally = tally_of(scratch, {"date": "2024-02-01"}, {"date": "2024-09-01"}, {"date": "2024-05-01", "person": person("Lê Thị Mai")})
    assert row(tally, "individuals", "binh-xuyen", 2024).as_dict()["examples"] == [
        "stories/2024/truyen-2.md", "stories/2024/truyen-3.md", "stories/2024/truyen-1.md"]
