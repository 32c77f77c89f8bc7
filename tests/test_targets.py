"""Every measure of the plan against hand-counted figures: levels, prorating, units, pilots,
columns, honours, and what a chapter still needs before the next deadline."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from generator.counting import wording
from generator.counting.tally import Row, Tally, count_targets
from generator.reading.register import Register, Unit
from generator.reading.story import Consent, Honour, Person, Story

from conftest import repo_plan

PLAN = repo_plan()
AS_OF = dt.date(2026, 11, 1)
INDIVIDUAL = ("phap-luat", "dia-chi-nhan-dao", "tam-guong")
COLLECTIVE = ("huong-ung", "giup-do-het", "lan-toa")


def story(name: str = "Nguyễn Thị Hoa", chapter: str = "binh-xuyen", day: str = "2024-05-08", kind: str = "individual",
          scope=("website",), **fields) -> Story:
    """A story that meets every criterion of its kind, built without a file."""
    date = dt.date.fromisoformat(day)
    number = story.count = getattr(story, "count", 0) + 1
    return Story(source=f"stories/{date.year}/truyen-{number}.md", slug=f"truyen-{number}", title=f"Truyện {number}",
                 kind=kind, person=Person(name), chapter=chapter, deed="Việc tốt", date=date,
                 criteria=INDIVIDUAL if kind == "individual" else COLLECTIVE,
                 consent=Consent("Nguyễn Văn Minh", date, tuple(scope)), body="", **fields)


def tally(*stories: Story, plan=PLAN, as_of: dt.date = AS_OF, units: tuple[Unit, ...] = ()) -> Tally:
    return count_targets(plan, stories, as_of, Register("content/don-vi.yml", units))


def the_row(result: Tally, target: str, chapter: str | None = None, year: int | None = None) -> Row:
    rows = [r for r in result.rows if r.target.id == target and r.chapter == chapter and r.year == year]
    assert len(rows) == 1, f"expected one row for {target} {chapter} {year}, got {len(rows)}"
    return rows[0]


def no_row(result: Tally, target: str, chapter: str | None = None, year: int | None = None) -> bool:
    return not [r for r in result.rows if r.target.id == target and r.chapter == chapter and r.year == year]


def with_target(target_id: str, **changes):
    targets = tuple(dataclasses.replace(t, **changes) if t.id == target_id else t for t in PLAN.targets)
    return dataclasses.replace(PLAN, targets=targets)


# Levels and prorating. The districts end on 30 June 2025: 181 of 365 days.

@pytest.mark.parametrize("target, chapter, year, goal, months", [
    pytest.param("individuals", "binh-xuyen", 2024, 5, None, id="district, whole year"),
    pytest.param("individuals", "binh-xuyen", 2025, 3, 6, id="district ending 30 June: 5 x 181/365 = 2.48, rounded up"),
    pytest.param("collectives", "binh-xuyen", 2025, 1, 6, id="district ending 30 June: 2 x 181/365 = 0.99, rounded up"),
    pytest.param("individuals", "tinh", 2025, 5, None, id="province, whole year across the merger"),
    pytest.param("individuals", "tinh", 2026, 5, None, id="province after the merger"),
    pytest.param("individuals", "phuong-vinh-yen", 2025, None, None, id="commune from 1 July: no goal"),
    pytest.param("individuals", "phuong-vinh-yen", 2026, None, None, id="commune, whole year: still no goal"),
    pytest.param("pilot-units", "tinh", 2023, 5, None, id="pilots: province"),
    pytest.param("pilot-units", "vinh-yen", 2023, 1, None, id="pilots: district"),
])
def test_the_goal_follows_the_level_and_the_days_active(target, chapter, year, goal, months):
    row = the_row(tally(), target, chapter, year)
    assert row.goal == goal
    assert (row.prorated.months if row.prorated else None) == months
    if months:
        assert wording.prorating_note(row) == f"chỉ tiêu tính cho {months} tháng hoạt động ({row.prorated.full_goal} cả năm)"
    if goal is None:
        assert (row.met, row.needed, row.as_dict()["goal"]) == (None, None, None)
        assert wording.verdict(row) == "không có chỉ tiêu"


def test_a_district_no_longer_shows_the_full_goal_for_2025():
    row = the_row(tally(story(day="2025-03-01")), "individuals", "binh-xuyen", 2025)
    assert (row.reached, row.goal, row.needed, wording.figure(row)) == (1, 3, 2, "1/3")
    assert row.as_dict()["prorated"] == {"full_goal": 5, "days": 181, "year_days": 365}


def test_a_target_that_gives_no_goal_for_part_of_a_year():
    plan = with_target("individuals", partial_year="none")
    row = the_row(tally(story(day="2025-03-01"), plan=plan), "individuals", "binh-xuyen", 2025)
    assert (row.reached, row.goal, row.met) == (1, None, None)


def test_a_plan_that_gives_communes_a_goal_prorates_their_first_half_year():
    plan = with_target("individuals", goals=(("province", 5), ("district", 5), ("commune", 3)))
    first = the_row(tally(plan=plan), "individuals", "phuong-vinh-yen", 2025)
    assert (first.goal, first.prorated.days) == (2, 184)  # 3 x 184/365 = 1.51
    assert the_row(tally(plan=plan), "individuals", "phuong-vinh-yen", 2026).goal == 3


def test_period_totals_keep_counting_every_chapter_before_and_after_the_merger():
    result = tally(story("A", "binh-xuyen", "2023-04-01"), story("B", "phuong-vinh-yen", "2025-08-01"),
                   story("C", "tinh", "2026-02-01"))
    assert the_row(result, "period-individuals").reached == 3


# Pilot units: distinct units of pilot stories, in 2023 only.

@pytest.mark.parametrize("stories, chapter, reached", [
    pytest.param([story(chapter="tinh", day="2023-06-01", unit="Bệnh viện A", pilot=True)], "tinh", 1, id="one pilot"),
    pytest.param([story("X", "tinh", "2023-06-01", unit="Bệnh viện A", pilot=True),
                  story("Y", "tinh", "2023-09-01", unit="bệnh viện  a", pilot=True)], "tinh", 1, id="same unit twice"),
    pytest.param([story("X", "tinh", "2023-06-01", unit="Bệnh viện A", pilot=True),
                  story("Y", "tinh", "2023-09-01", unit="Trường B", pilot=True)], "tinh", 2, id="two units"),
    pytest.param([story("Tổ dân phố 3", "vinh-yen", "2023-06-01", kind="collective", pilot=True)], "vinh-yen", 1,
                 id="a collective without unit is its own unit"),
    pytest.param([story(chapter="tinh", day="2023-06-01", unit="Bệnh viện A")], "tinh", 0, id="not a pilot"),
    pytest.param([story(chapter="tinh", day="2024-06-01", unit="Bệnh viện A", pilot=True)], "tinh", 0, id="pilot in 2024"),
    pytest.param([story(chapter="tinh", day="2022-06-01", unit="Bệnh viện A", pilot=True)], "tinh", 0, id="pilot in 2022"),
])
def test_pilot_units_count_distinct_units_in_2023(stories, chapter, reached):
    result = tally(*stories)
    assert the_row(result, "pilot-units", chapter, 2023).reached == reached
    assert no_row(result, "pilot-units", chapter, 2024) and no_row(result, "pilot-units", chapter, 2022)


def test_pilot_units_name_the_units():
    row = the_row(tally(story("X", "tinh", "2023-06-01", unit="Trường B", pilot=True),
                        story("Y", "tinh", "2023-07-01", unit="Bệnh viện A", pilot=True)), "pilot-units", "tinh", 2023)
    assert row.names == ("Bệnh viện A", "Trường B")
    assert (row.goal, row.needed) == (5, 3)


# Humanitarian addresses from the register.

def unit(name: str, addresses: dict[int, int], type: str = "school", chapter: str = "binh-xuyen", first=2023, last=None) -> Unit:
    return Unit(name, type, chapter, first, last, tuple(sorted(addresses.items())))


@pytest.mark.parametrize("units, target, reached, of, below", [
    pytest.param([unit("Trường A", {2024: 0})], "school-addresses", 0, 1, ["Trường A"], id="a school with 0"),
    pytest.param([unit("Trường A", {2024: 1})], "school-addresses", 1, 1, [], id="a school with 1"),
    pytest.param([unit("Trường A", {2024: 2})], "school-addresses", 1, 1, [], id="a school with 2"),
    pytest.param([unit("Trường A", {2023: 1})], "school-addresses", 0, 1, ["Trường A"], id="a year not written is 0"),
    pytest.param([unit("Trường A", {2024: 0}), unit("Trường B", {2024: 1}), unit("Trường C", {2024: 2})],
                 "school-addresses", 2, 3, ["Trường A"], id="0, 1 and 2"),
    pytest.param([unit("CLB A", {2024: 1}, "volunteer-club")], "club-addresses", 0, 1, ["CLB A"], id="a club at 1 of 2"),
    pytest.param([unit("CLB A", {2024: 2}, "volunteer-club")], "club-addresses", 1, 1, [], id="a club at 2 of 2"),
    pytest.param([unit("CLB A", {2024: 2}, "volunteer-club"), unit("Trường A", {2024: 0})], "club-addresses", 1, 1, [],
                 id="a school does not count among clubs"),
    pytest.param([unit("Trường A", {2024: 1}, first=2025)], "school-addresses", None, None, None,
                 id="a unit not yet active: no row"),
])
def test_unit_addresses_count_the_register(units, target, reached, of, below):
    result = tally(units=tuple(units))
    if reached is None:
        assert no_row(result, target, "binh-xuyen", 2024)
        return
    row = the_row(result, target, "binh-xuyen", 2024)
    assert (row.reached, row.of, row.goal) == (reached, of, 1.0)
    assert [s.name for s in row.below] == below
    assert row.met == (not below)
    assert row.as_dict()["measure"] == "share"


def test_a_share_is_told_as_a_fraction_with_a_vietnamese_percent():
    units = tuple(unit(f"Trường {n:02d}", {2024: 0 if n < 3 else 1}) for n in range(40))
    row = the_row(tally(units=units), "school-addresses", "binh-xuyen", 2024)
    assert wording.figure(row) == "37/40 trường (92,5 %)"
    assert (row.needed, wording.verdict(row)) == (3, "thiếu 3")
    assert row.as_dict() | {"below": None} == row.as_dict() | {
        "reached": 37, "of": 40, "goal": 1.0, "share": 0.925, "met": False, "needed": 3, "below": None}
    assert [s.name for s in row.below] == ["Trường 00", "Trường 01", "Trường 02"]


# Social columns: a chapter runs the column on a channel when the plan has its address there
# and at least one of its stories that year was published on it.

SOCIAL = dataclasses.replace(PLAN, chapters=tuple(
    dataclasses.replace(c, columns=(("facebook", "https://fb.example/bx"), ("zalo", "https://zalo.example/bx")))
    if c.id == "binh-xuyen" else dataclasses.replace(c, columns=(("facebook", "https://fb.example/vy"),)) if c.id == "vinh-yen" else c
    for c in PLAN.chapters))


@pytest.mark.parametrize("stories, running, missing", [
    pytest.param([story(published_on=("facebook", "zalo"))], ["Tỉnh Hội", "Bình Xuyên"], {}, id="both channels"),
    pytest.param([story(published_on=("facebook",)), story("B", published_on=("zalo",))], ["Tỉnh Hội", "Bình Xuyên"], {},
                 id="two stories, one channel each"),
    # Each chapter behind: (channels with no column address, channels with a column but no story that year).
    pytest.param([story(published_on=("facebook",))], ["Tỉnh Hội"], {"Bình Xuyên": ((), ("zalo",))}, id="Zalo missing"),
    pytest.param([story(chapter="vinh-yen", published_on=("facebook", "zalo"))], ["Tỉnh Hội"],
                 {"TP Vĩnh Yên": (("zalo",), ())}, id="no Zalo address in the plan"),
    pytest.param([story(day="2023-05-01", published_on=("facebook", "zalo"))], ["Tỉnh Hội"],
                 {"Bình Xuyên": ((), ("facebook", "zalo"))}, id="published in another year"),
])
def test_social_columns(stories, running, missing):
    row = the_row(tally(*stories, story("T", "tinh", "2024-01-10"), plan=SOCIAL), "social-columns", None, 2024)
    assert row.of == 10
    assert list(row.names) == running
    assert {s.name: (s.missing, s.unused) for s in row.below if s.name in missing} == missing
    assert row.reached == len(running)


def test_the_province_runs_its_column_on_the_website_only_with_a_story_there():
    result = tally(story("T", "tinh", "2024-01-10", scope=("facebook",)), plan=SOCIAL)
    assert "Tỉnh Hội" not in the_row(result, "social-columns", None, 2024).names


def test_after_the_merger_only_the_province_is_asked_for_a_column():
    row = the_row(tally(story("T", "tinh", "2026-01-10")), "social-columns", None, 2026)
    assert (row.reached, row.of, row.met) == (1, 1, True)


@pytest.mark.parametrize("published_on, reached", [
    pytest.param(("newspaper",), 1, id="the newspaper has a column"),
    pytest.param(("radio-tv",), 0, id="radio-tv has no column address in the plan"),
    pytest.param(("facebook",), 0, id="not a provincial outlet"),
])
def test_media_column(published_on, reached):
    row = the_row(tally(story(day="2024-05-01", scope=("website", "print"), published_on=published_on)), "media-column", None, 2024)
    assert (row.reached, row.goal) == (reached, 1)


# Honours: a "time" is one honouring (a level and a year), not one person.

def test_honours_at_both_levels_count_events_and_list_people():
    result = tally(
        story("A", day="2024-03-01", honours=(Honour("province", 2024),)),
        story("B", "tinh", "2024-04-01", honours=(Honour("province", 2024), Honour("central", 2025))),
        story("C", "tinh", "2025-04-01", honours=(Honour("province", 2026),)),
        story("D", "tinh", "2025-05-01", honours=(Honour("central", 2025),)),
    )
    province = the_row(result, "honours-province")
    central = the_row(result, "honours-central")
    assert [(e.year, [s.person.name for s in e.examples]) for e in province.events] == [(2024, ["B", "A"]), (2026, ["C"])]
    assert (province.reached, province.goal, province.met) == (2, 2, True)
    assert [(e.year, sorted(s.person.name for s in e.examples)) for e in central.events] == [(2025, ["B", "D"])]
    assert (central.reached, central.goal, central.met) == (1, 1, True)


def test_an_honour_after_the_as_of_date_is_not_yet_counted():
    result = tally(story("A", day="2024-03-01", honours=(Honour("province", 2027),)))
    assert the_row(result, "honours-province").reached == 0


# What is still needed, and until when.

@pytest.mark.parametrize("as_of, text", [
    pytest.param("2026-11-01", "cần thêm 4 cá nhân, còn 29 ngày (đến 30/11/2026, hạn báo cáo về Tỉnh Hội)", id="before 30 November"),
    pytest.param("2026-11-30", "cần thêm 4 cá nhân, còn 0 ngày (đến 30/11/2026, hạn báo cáo về Tỉnh Hội)", id="on 30 November"),
    pytest.param("2026-12-15", "cần thêm 4 cá nhân, còn 167 ngày (đến 31/5/2027, sơ kết tháng 5)", id="then the May review"),
])
def test_a_target_not_met_says_how_many_more_and_how_many_days(as_of, text):
    row = the_row(tally(story(chapter="tinh", day="2026-02-01"), as_of=dt.date.fromisoformat(as_of)), "individuals", "tinh", 2026)
    assert wording.still_needed(row) == text
    assert row.as_dict()["days_left"] == int(text.split("còn ")[1].split(" ")[0])


def test_a_year_past_every_deadline_says_only_how_many_more():
    row = the_row(tally(story(day="2024-02-01")), "individuals", "binh-xuyen", 2024)
    assert wording.still_needed(row) == "cần thêm 4 cá nhân"
    assert row.as_dict()["deadline"] is None


def test_as_of_leaves_out_later_stories():
    stories = (story("A", "tinh", "2026-03-01"), story("B", "tinh", "2026-05-20"))
    assert the_row(tally(*stories, as_of=dt.date(2026, 5, 15)), "individuals", "tinh", 2026).reached == 1
    assert the_row(tally(*stories), "individuals", "tinh", 2026).reached == 2


def test_the_json_keeps_todays_fields_and_adds_the_shape():
    row = the_row(tally(story(day="2024-02-01")), "individuals", "binh-xuyen", 2024).as_dict()
    assert list(row)[:7] == ["target", "chapter", "year", "goal", "reached", "met", "examples"]
    assert {k: row[k] for k in ("measure", "of", "share", "needed")} == {"measure": "count", "of": None, "share": None, "needed": 4}


def test_stories_are_read_once_however_many_chapters(monkeypatch):
    calls = []
    original = Story.meets_criteria
    monkeypatch.setattr(Story, "meets_criteria", lambda self, plan: calls.append(self.source) or original(self, plan))
    stories = [story(f"Người {n}", chapter=c.id, day="2024-03-01") for n, c in enumerate(PLAN.chapters[:10])]
    tally(*stories)
    small = len(calls)
    calls.clear()
    more = dataclasses.replace(PLAN, chapters=PLAN.chapters + tuple(
        dataclasses.replace(c, id=f"{c.id}-2") for c in PLAN.chapters))
    count_targets(more, stories, AS_OF, Register())
    assert small == len(calls) <= 2 * len(stories)
