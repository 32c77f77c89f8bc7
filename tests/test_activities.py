"""The register of activities: checked like a story (file, line, column, field, every problem at
once, a bad entry never costs the others), counted against the plan's targets across the 2025
merger, written by `nttv new --activity`, listed in section I of the report, and shown on the site."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import textwrap

import pytest
from docx import Document

from generator.counting.documents import report_docx
from generator.counting.report import year_report
from generator.counting.tally import count_targets
from generator.reading.activities import Activities, load_activities
from generator.reading.collection import load_collection

from conftest import REPO, repo_plan
from photo_factory import metadata_in, phone_jpeg

PATH = "content/hoat-dong.yml"
GOOD = """\
activities:
  - date: 2023-05-15
    chapter: binh-xuyen
    kind: launch
    title: "Bình Xuyên triển khai kế hoạch"
"""


def read(scratch, text: str):
    scratch.write(PATH, textwrap.dedent(text))
    return load_activities(scratch.root, scratch.plan())


def test_the_shipped_register_is_clean_and_keeps_an_inspection_off_the_site():
    activities = load_activities(REPO, repo_plan())
    assert activities.problems == ()
    kinds = {a.kind for a in activities.entries}
    assert {"launch", "review", "meeting", "inspection"} <= kinds
    assert [a.public for a in activities.entries if a.kind == "inspection"] == [False]


@pytest.mark.parametrize("line, replacement, where, words", [
    pytest.param("    chapter: binh-xuyen", "    chapter: binh-xuye", (3, 14, "activities[0].chapter"), "ý bạn là `binh-xuyen`",
                 id="unknown chapter"),
    pytest.param("  - date: 2023-05-15", "  - date: 2025-08-01", (2, 11, "activities[0].date"),
                 "Hội Chữ thập đỏ huyện Bình Xuyên không hoạt động (hoạt động từ 1/1/2022 đến 30/6/2025)",
                 id="chapter not active on the date (after the merger)"),
    pytest.param("    kind: launch", "    kind: phat-dong", (4, 11, "activities[0].kind"), "chọn một trong launch, pilot",
                 id="unknown kind"),
    pytest.param("  - date: 2023-05-15", "  - date: 2021-05-15", (2, 11, "activities[0].date"), "ngoài giai đoạn của kế hoạch (2022–2027)",
                 id="date outside the period"),
    pytest.param("  - date: 2023-05-15", "  - date: 15/5/2023", (2, 11, "activities[0].date"), "2023-05-15",
                 id="date written day first"),
    pytest.param('    title: "Bình Xuyên triển khai kế hoạch"', '    title: ""', (5, 12, "activities[0].title"), "thiếu giá trị",
                 id="no title"),
    pytest.param("    kind: launch", "    kind: pilot", (1, 1, "activities[0].unit"), "cần tên đơn vị", id="pilot without its unit"),
    pytest.param('    title: "Bình Xuyên triển khai kế hoạch"', '    title: "Phát động"\n    link: "http://x.vn"',
                 (6, 11, "activities[0].link"), "https://", id="link not https"),
])
def test_a_bad_entry_is_named_with_line_column_and_field_and_left_out(scratch, line, replacement, where, words):
    assert line in GOOD
    text = GOOD.replace(line, replacement) + GOOD.split("\n", 1)[1].replace("2023-05-15", "2023-05-19").replace("binh-xuyen", "vinh-tuong")
    activities = read(scratch, text)
    errors = [p for p in activities.problems if p.is_error]
    found = [(p.line, p.column, p.field) for p in errors]
    # A missing key points at its entry's first line.
    expected = (2, 5, where[2]) if where[:2] == (1, 1) else where
    assert found == [expected], [str(p) for p in errors]
    assert words in errors[0].message
    assert all(p.path == PATH for p in errors)
    # One bad entry never costs the others.
    assert [a.chapter for a in activities.entries] == ["vinh-tuong"]


THREE = GOOD + """\
  - date: 2023-05-22
    chapter: tam-duong
    kind: launch
    title: "Tam Dương triển khai phong trào"
  - date: 2023-05-19
    chapter: vinh-tuong
    kind: launch
    title: "Vĩnh Tường phát động phong trào"
"""


@pytest.mark.parametrize("line, replacement, words", [
    pytest.param('    title: "Tam Dương triển khai phong trào"', "    title: Tam Dương: triển khai phong trào",
                 "dấu hai chấm", id="a colon YAML takes for a new key"),
    pytest.param("    chapter: tam-duong", "\tchapter: tam-duong", "Tab", id="a tab"),
    pytest.param('    title: "Tam Dương triển khai phong trào"', '    title: "Tam Dương triển khai phong trào',
                 "", id="a quote never closed"),
    pytest.param("    kind: launch\n    title: \"Tam", "      kind: launch\n    title: \"Tam", "", id="one key indented too far"),
    pytest.param("    chapter: tam-duong", "    chapter: [tam-duong", "", id="a bracket never closed"),
])
def test_an_entry_yaml_cannot_read_costs_only_that_entry(scratch, line, replacement, words):
    assert line in THREE
    activities = read(scratch, THREE.replace(line, replacement, 1))
    errors = [p for p in activities.problems if p.is_error]
    assert len(errors) == 1 and 6 <= errors[0].line <= 10, [str(p) for p in errors]
    assert words in errors[0].message and "các hoạt động khác trong sổ vẫn được tính" in errors[0].message
    assert sorted(a.chapter for a in activities.entries) == ["binh-xuyen", "vinh-tuong"]


@pytest.mark.parametrize("key", ["Public", "publc", "draft", "ẩn", "công_khai", "hidden"])
def test_a_key_that_may_mean_hide_it_keeps_the_activity_off_the_site_and_out_of_the_count(scratch, key):
    activities = read(scratch, THREE.replace('    title: "Tam Dương', f'    {key}: false\n    title: "Tam Dương', 1))
    (error,) = [p for p in activities.problems if p.is_error]
    assert error.field == f"activities[1].{key}" and "chưa được tính và chưa hiện" in error.message
    assert "`public: false`" in error.message
    assert sorted(a.chapter for a in activities.entries) == ["binh-xuyen", "vinh-tuong"]


def test_an_unreadable_header_costs_the_register_and_says_so(scratch):
    activities = read(scratch, THREE.replace("activities:", "activities: [", 1))
    assert activities.entries == () and [p.is_error for p in activities.problems] == [True]


def test_a_place_that_is_not_text_leaves_the_entry_out(scratch):
    activities = read(scratch, THREE.replace('    title: "Tam Dương', '    place: [Hội trường, UBND]\n    title: "Tam Dương', 1))
    assert [p.field for p in activities.problems if p.is_error] == ["activities[1].place"]
    assert sorted(a.chapter for a in activities.entries) == ["binh-xuyen", "vinh-tuong"]


@pytest.mark.parametrize("entry, words", [
    pytest.param("  - {date: 2024-06-04, chapter: vinh-yen, kind: review, title: Sơ kết}", "chỉ tính hoạt động trong tháng 5",
                 id="a review in June"),
    pytest.param("  - {date: 2024-03-01, chapter: lap-thach, kind: pilot, title: Chọn điểm, unit: Trường Tiểu học Xuân Lôi}",
                 "chỉ tính năm 2023", id="a pilot chosen in 2024"),
    pytest.param("  - {date: 2022-09-15, chapter: song-lo, kind: launch, title: Phát động}", "chỉ tính năm 2023",
                 id="a launch in 2022"),
    pytest.param("  - {date: 2024-11-20, chapter: binh-xuyen, kind: meeting, title: Gặp mặt}",
                 "không tính hoạt động của Hội Chữ thập đỏ huyện Bình Xuyên", id="a meeting below province level"),
])
def test_an_activity_no_target_counts_is_kept_with_a_warning_that_says_why(scratch, entry, words):
    activities = read(scratch, GOOD + entry + "\n")
    (warning,) = activities.problems
    assert not warning.is_error and warning.field == "activities[1].date" and warning.line == 6
    assert words in warning.message and "không được tính vào chỉ tiêu nào" in warning.message
    assert len(activities.entries) == 2


def test_the_same_activity_twice_is_an_error_on_the_later_entry(scratch):
    activities = read(scratch, GOOD + GOOD.split("\n", 1)[1].replace("Bình Xuyên triển khai", "Bình Xuyên phát động"))
    assert [(p.line, p.field) for p in activities.problems] == [(6, "activities[1].date")]
    assert "trùng với activities[0]" in activities.problems[0].message
    assert len(activities.entries) == 1


def test_a_photo_without_description_or_childrens_consent_is_dropped_and_the_activity_kept(scratch):
    (scratch.root / "content" / "hoat-dong").mkdir()
    phone_jpeg(scratch.root / "content" / "hoat-dong" / "le.jpg", gps=False)
    activities = read(scratch, GOOD + """\
    photos:
      - {src: le.jpg, alt: ""}
      - {src: le.jpg, alt: "Các em học sinh", shows_children: true}
      - {src: le.jpg, alt: "Đại biểu dự lễ"}
""")
    assert [(p.line, p.field) for p in activities.problems] == [(7, "activities[0].photos[0].alt"),
                                                               (8, "activities[0].photos[1].children_consent")]
    assert [photo.alt for photo in activities.entries[0].photos] == ["Đại biểu dự lễ"]


def test_a_photo_with_gps_is_refused_by_check(scratch):
    (scratch.root / "content" / "hoat-dong").mkdir()
    phone_jpeg(scratch.root / "content" / "hoat-dong" / "le.jpg", gps=True)
    scratch.write(PATH, GOOD + '    photos:\n      - {src: le.jpg, alt: "Đại biểu dự lễ"}\n')
    result = scratch.nttv("check", PATH)
    assert result.returncode == 1
    assert f"{PATH}:7:15: activities[0].photos[0].src: ảnh `le.jpg` còn vị trí GPS" in result.stdout
    assert "nttv scrub content/hoat-dong/le.jpg" in result.stdout


# A register counted by hand (plan: launch in 2023 by the province and each district; a review each
# May; province meetings 2 in the period; a province inspection each year; pilots from stories or activities).
COUNTED = """\
activities:
  - {date: 2023-05-08, chapter: tinh, kind: launch, title: "Tỉnh phát động"}
  - {date: 2023-05-15, chapter: binh-xuyen, kind: launch, title: "Bình Xuyên phát động"}
  - {date: 2023-06-01, chapter: yen-lac, kind: launch, title: "Yên Lạc phát động"}
  - {date: 2023-06-02, chapter: yen-lac, kind: pilot, title: "Yên Lạc chọn điểm", unit: "Trường THCS Yên Lạc"}
  - {date: 2023-06-03, chapter: yen-lac, kind: pilot, title: "Yên Lạc chọn điểm lần hai", unit: "trường thcs  yên lạc"}
  - {date: 2023-09-01, chapter: tinh, kind: pilot, title: "Tỉnh chọn điểm", unit: "Bệnh viện Đa khoa Hòa An"}
  - {date: 2024-05-20, chapter: binh-xuyen, kind: review, title: "Bình Xuyên sơ kết"}
  - {date: 2024-04-28, chapter: yen-lac, kind: review, title: "Yên Lạc sơ kết sớm"}
  - {date: 2025-05-27, chapter: binh-xuyen, kind: review, title: "Bình Xuyên sơ kết lần hai"}
  - {date: 2026-05-26, chapter: xa-tam-dao, kind: review, title: "Xã Tam Đảo sơ kết"}
  - {date: 2024-11-20, chapter: tinh, kind: meeting, title: "Gặp mặt lần thứ nhất"}
  - {date: 2026-11-10, chapter: tinh, kind: meeting, title: "Gặp mặt lần thứ hai, sau hợp nhất tỉnh"}
  - {date: 2026-12-20, chapter: tinh, kind: meeting, title: "Gặp mặt cuối năm"}
  - {date: 2024-11-10, chapter: binh-xuyen, kind: meeting, title: "Bình Xuyên gặp mặt"}
  - {date: 2023-10-12, chapter: tinh, kind: inspection, title: "Kiểm tra Bình Xuyên"}
  - {date: 2025-10-12, chapter: tinh, kind: inspection, title: "Kiểm tra các xã"}
"""
PILOT_STORY = """\
---
title: "Bếp cơm của bệnh viện thí điểm"
kind: collective
chapter: tinh
date: 2023-06-14
pilot: true
person: {name: "Chi hội Chữ thập đỏ Bệnh viện Đa khoa Hòa An"}
unit: "Bệnh viện Đa khoa Hòa An"
deed: "Nấu cơm trưa miễn phí cho người nhà người bệnh."
criteria: [huong-ung, giup-do-het, lan-toa]
consent: {by: "Nguyễn Văn Hùng (Giám đốc)", date: 2023-06-05, scope: [website]}
---
Bài.
"""


@pytest.fixture(scope="module")
def counted(tmp_path_factory):
    from conftest import make_scratch

    scratch = make_scratch(tmp_path_factory.mktemp("counted") / "repo")
    scratch.write(PATH, COUNTED)
    scratch.story("2023/bep-com.md", PILOT_STORY)
    plan = scratch.plan()
    collection = load_collection(scratch.root, plan, scratch.root / "stories")
    assert [p for p in collection.problems if p.is_error] == []
    tally = count_targets(plan, collection.stories, dt.date(2026, 11, 30), collection.register, collection.activities)
    return scratch, plan, collection, {(r.target.id, r.chapter, r.year): r for r in tally.rows}


@pytest.mark.parametrize("target, chapter, year, goal, reached", [
    ("launches", "tinh", 2023, 1, 1),
    ("launches", "binh-xuyen", 2023, 1, 1),
    ("launches", "yen-lac", 2023, 1, 1),
    ("launches", "lap-thach", 2023, 1, 0),
    ("may-reviews", "binh-xuyen", 2024, 1, 1),
    ("may-reviews", "yen-lac", 2024, 1, 0),  # in April: not the May review
    ("may-reviews", "binh-xuyen", 2025, 1, 1),  # the district existed in May 2025, its last month of May
    ("may-reviews", "xa-tam-dao", 2026, 1, 1),
    ("meetings-province", None, None, 2, 2),  # 2024 as Vĩnh Phúc, 2026 as Phú Thọ; 20/12 is after the as-of day; a district's is not counted
    ("inspections", None, 2023, 1, 1),
    ("inspections", None, 2024, 1, 0),
    ("inspections", None, 2025, 1, 1),
    ("pilot-units", "yen-lac", 2023, 1, 1),  # the same unit chosen twice
    ("pilot-units", "tinh", 2023, 5, 1),  # chosen in an activity and honoured in a story: once
])
def test_counts_against_a_register_counted_by_hand(counted, target, chapter, year, goal, reached):
    row = counted[3][(target, chapter, year)]
    assert (row.goal, row.reached) == (goal, reached)


def test_an_activity_still_owed_is_due_by_the_end_of_its_year_not_by_the_reports_deadlines(counted):
    rows = counted[3]
    owed = [row for (target, _, year), row in rows.items() if target == "inspections" and year == 2026 and row.needed]
    assert owed and all(row.deadline == ("hết năm 2026", dt.date(2026, 12, 31)) and row.days_left == 31 for row in owed)
    # A review is due by the end of May; its month is over, so it has no countdown.
    assert all(row.deadline is None for (target, _, year), row in rows.items() if target == "may-reviews" and year == 2026)


def test_a_chapter_that_did_not_exist_in_may_owes_no_review(counted):
    rows = counted[3]
    assert ("may-reviews", "xa-tam-dao", 2025) not in rows  # created 1/7/2025
    assert ("may-reviews", "binh-xuyen", 2026) not in rows  # ended 30/6/2025


def test_the_report_lists_the_years_activities_per_chapter_under_the_figures(counted):
    scratch, plan, collection, _ = counted
    report = year_report(plan, collection.stories, 2023, None, dt.date(2026, 11, 30), register=collection.register,
                         activities=collection.activities)
    text = [p.text for p in Document(io.BytesIO(report_docx(report))).paragraphs]
    start = text.index("5. Hoạt động trong năm")
    part = text[start:text.index("II. ĐÁNH GIÁ CHUNG")]
    assert part[1:4] == ["Tỉnh Hội:", "- 8/5/2023 – Phát động, triển khai kế hoạch: Tỉnh phát động",
                         "- 1/9/2023 – Chọn đơn vị chỉ đạo điểm: Tỉnh chọn điểm"]
    # A report lists its inspections too: only the site leaves them out.
    assert "- 12/10/2023 – Kiểm tra, giám sát: Kiểm tra Bình Xuyên" in part
    district = year_report(plan, collection.stories, 2023, "yen-lac", dt.date(2026, 11, 30), register=collection.register,
                           activities=collection.activities)
    assert [lines for _, lines in district.activity_groups()] == [(
        "1/6/2023 – Phát động, triển khai kế hoạch: Yên Lạc phát động",
        "2/6/2023 – Chọn đơn vị chỉ đạo điểm: Yên Lạc chọn điểm",
        "3/6/2023 – Chọn đơn vị chỉ đạo điểm: Yên Lạc chọn điểm lần hai")]


def test_new_activity_appends_a_commented_entry_that_passes_the_check(scratch):
    scratch.write(PATH, GOOD)
    result = scratch.nttv("new", "--activity", "--kind", "review", "--chapter", "phuong-vinh-yen",
                          "--title", "Phường Vĩnh Yên sơ kết", "--date", "2026-05-20")
    assert result.returncode == 0, result.stderr
    text = (scratch.root / PATH).read_text(encoding="utf-8")
    assert text.startswith(GOOD)
    assert "    kind: review                    # Sơ kết phong trào" in text
    assert "    # photos:" in text and "# public: false" in text
    assert scratch.nttv("check", PATH).returncode == 0
    activities = load_activities(scratch.root, scratch.plan())
    assert [(a.chapter, a.kind, a.date.isoformat()) for a in activities.entries][0] == ("phuong-vinh-yen", "review", "2026-05-20")


class _Keyboard(io.StringIO):
    def isatty(self):
        return True


def test_new_activity_asks_the_day_it_took_place_and_offers_the_chapters_of_that_day(scratch, monkeypatch, capsys):
    from generator import cli

    scratch.write(PATH, GOOD)
    typed = iter(["review", "hôm kia", "28/5/2024", "binh-xuyen", "Bình Xuyên sơ kết một năm"])
    asked: list[str] = []
    monkeypatch.chdir(scratch.root)
    monkeypatch.setattr("sys.stdin", _Keyboard())
    monkeypatch.setattr("builtins.input", lambda prompt="": asked.append(prompt) or next(typed))
    assert cli.main(["new", "--activity"]) == 0
    err = capsys.readouterr().err
    assert any(prompt.startswith("Ngày diễn ra hoạt động (ngày/tháng/năm") for prompt in asked)
    assert "“hôm kia” không phải một ngày" in err
    # A district of before the 2025 merger is offered on a day it was active, by its name of that day.
    assert "Hội Chữ thập đỏ huyện Bình Xuyên [binh-xuyen]" in err
    activities = load_activities(scratch.root, scratch.plan())
    assert activities.problems == ()
    assert sorted((a.date, a.chapter, a.kind) for a in activities.entries) == [
        (dt.date(2023, 5, 15), "binh-xuyen", "launch"), (dt.date(2024, 5, 28), "binh-xuyen", "review")]


def test_new_activity_refuses_a_chapter_not_active_that_day_and_leaves_the_file(scratch):
    scratch.write(PATH, GOOD)
    result = scratch.nttv("new", "--activity", "--kind", "review", "--chapter", "binh-xuyen",
                          "--title", "Sơ kết", "--date", "2026-05-20")
    assert result.returncode == 2
    assert "không hoạt động ngày 20/5/2026: hoạt động ngày đó thuộc `tinh`" in result.stderr
    assert (scratch.root / PATH).read_text(encoding="utf-8") == GOOD
    unnamed = scratch.nttv("new", "--activity", "--kind", "pilot", "--chapter", "binh-xuyen", "--title", "Chọn điểm",
                           "--date", "2023-06-20")
    assert unnamed.returncode == 2 and "--name" in unnamed.stderr
    assert (scratch.root / PATH).read_text(encoding="utf-8") == GOOD


@pytest.mark.build
def test_the_sample_site_lists_public_activities_and_pages_them_with_clean_photos(sample_site):
    listing = (sample_site / "hoat-dong" / "index.html").read_text(encoding="utf-8")
    assert "Lễ phát động phong trào" in listing and "Bình Xuyên sơ kết một năm" in listing
    assert "Kiểm tra việc thực hiện" not in listing  # an inspection is counted, never shown
    years = re.findall(r'<h2 id="nam-(\d{4})"', listing)
    assert years == sorted(years, reverse=True)
    page = sample_site / "hoat-dong" / "2023" / "le-phat-dong-phong-trao-nguoi-tot-viec-thien-trong-thang-nhan-dao-2023"
    html = (page / "index.html").read_text(encoding="utf-8")
    assert 'alt="Đại biểu đứng trên sân khấu' in html and "Hội Chữ thập đỏ tỉnh Vĩnh Phúc" in html
    assert metadata_in((page / "anh-1-960.jpg").read_bytes()) == []
    assert not (sample_site / "hoat-dong.yml").exists() and not (sample_site / "hoat-dong" / "le-phat-dong.jpg").exists()
    assert not list(sample_site.glob("hoat-dong/*/kiem-tra*"))
    chapter = (sample_site / "chi-hoi" / "binh-xuyen" / "index.html").read_text(encoding="utf-8")
    assert "Bình Xuyên triển khai kế hoạch thực hiện phong trào" in chapter
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert 'href="hoat-dong/"' in home


def test_a_photo_not_in_the_activities_folder_is_named_with_that_folder(scratch):
    activities = read(scratch, GOOD + '    photos:\n      - {src: le.jpg, alt: "Đại biểu dự lễ"}\n')
    assert [(p.field, p.severity.value) for p in activities.problems] == [("activities[0].photos", "warning")]
    assert "chưa có thư mục ảnh content/hoat-dong/" in activities.problems[0].message
    (scratch.root / "content" / "hoat-dong").mkdir()
    activities = read(scratch, GOOD + '    photos:\n      - {src: le.jpg, alt: "Đại biểu dự lễ"}\n')
    assert [p.message for p in activities.problems] == ["không tìm thấy ảnh `le.jpg` trong thư mục content/hoat-dong/"]
    assert len(activities.entries) == 1 and activities.entries[0].photos == ()


def test_open_data_counts_an_activity_kept_off_the_site_without_naming_it(counted):
    scratch, plan, collection, rows = counted
    hidden = Activities(PATH, tuple(dataclasses.replace(a, public=False) if a.kind == "pilot" and a.chapter == "yen-lac" else a
                                    for a in collection.activities.entries))
    tally = count_targets(plan, collection.stories, dt.date(2026, 11, 30), collection.register, hidden)
    row = next(r for r in tally.rows if (r.target.id, r.chapter, r.year) == ("pilot-units", "yen-lac", 2023))
    data = row.public_dict(frozenset())
    assert (data["reached"], data["names"], data["unnamed_activities"]) == (1, [], 2)
    inspections = next(r for r in tally.rows if (r.target.id, r.year) == ("inspections", 2023)).public_dict(frozenset())
    assert (inspections["reached"], inspections["activities"], inspections["unnamed_activities"]) == (1, [], 1)
