"""The unit register is checked like a story: file, line, column and field, every problem at once;
a bad unit is left out and the others still count."""

from __future__ import annotations

import json
import textwrap

import pytest

from generator.reading.collection import load_collection

from conftest import REPO, repo_plan

GOOD = """\
units:
  - name: "Trường THCS Thanh Lãng"
    type: school
    chapter: binh-xuyen
    years: {from: 2023, to: 2025}
    addresses: {2023: 1, 2024: 0}
"""


def register_problems(scratch, text: str):
    scratch.write("content/don-vi.yml", textwrap.dedent(text))
    plan = scratch.plan()
    collection = load_collection(scratch.root, plan, scratch.root / "stories")
    return collection, [p for p in collection.problems if p.path == "content/don-vi.yml"]


def test_the_shipped_register_is_clean():
    plan = repo_plan()
    collection = load_collection(REPO, plan, REPO / "stories")
    assert [p for p in collection.problems if p.path == "content/don-vi.yml"] == []
    assert len(collection.register.units) >= 10


@pytest.mark.parametrize("line, replacement, where, words", [
    pytest.param("    type: school", "    type: truong-hoc", (3, 11, "units[0].type"), "school", id="unknown type"),
    pytest.param("    type: school", "    type: shcool", (3, 11, "units[0].type"), "ý bạn là `school`", id="misspelt type"),
    pytest.param("    chapter: binh-xuyen", "    chapter: binh-xuye", (4, 14, "units[0].chapter"), "ý bạn là `binh-xuyen`",
                 id="misspelt chapter"),
    pytest.param("    years: {from: 2023, to: 2025}", "    years: {from: 2023, to: 2026}", (5, 12, "units[0].years"),
                 "chỉ hoạt động", id="years beyond the chapter's end"),
    pytest.param("    years: {from: 2023, to: 2025}", "    years: {to: 2025}", (5, 12, "units[0].years"), "from", id="no start year"),
    pytest.param("    addresses: {2023: 1, 2024: 0}", "    addresses: {2023: 1, 2024: -1}", (6, 32, "units[0].addresses.2024"),
                 "số nguyên từ 0", id="negative addresses"),
    pytest.param("    addresses: {2023: 1, 2024: 0}", "    addresses: {2023: 1, 2024: hai}", (6, 32, "units[0].addresses.2024"),
                 "số nguyên", id="addresses in words"),
    pytest.param("    addresses: {2023: 1, 2024: 0}", "    addresses: {2022: 1, 2024: 0}", (6, 23, "units[0].addresses.2022"),
                 "ngoài thời gian", id="a year before the unit joined"),
    pytest.param('  - name: "Trường THCS Thanh Lãng"', '  - name: ""', (2, 11, "units[0].name"), "thiếu tên", id="no name"),
])
def test_a_broken_unit_is_named_with_line_column_and_field(scratch, line, replacement, where, words):
    assert line in GOOD
    collection, problems = register_problems(scratch, GOOD.replace(line, replacement))
    assert [(p.line, p.column, p.field) for p in problems if p.is_error] == [where]
    assert words in problems[0].message
    assert collection.register.units == ()


def test_a_bad_unit_leaves_the_others_counted(scratch):
    text = GOOD + (
        '  - name: "Câu lạc bộ Hương Sơn"\n'
        "    type: volunteer-club\n"
        "    chapter: binh-xuyen\n"
        "    years: {from: 2024}\n")
    collection, problems = register_problems(scratch, text)
    assert [p.field for p in problems] == ["units[1].years"]
    assert [u.name for u in collection.register.units] == ["Trường THCS Thanh Lãng"]


def test_the_same_unit_twice_in_one_chapter_is_refused(scratch):
    collection, problems = register_problems(scratch, GOOD + GOOD.split("\n", 1)[1].replace("Thanh Lãng", "thanh  lãng"))
    assert [(p.line, p.field) for p in problems] == [(7, "units[1].name")]
    assert "units[0]" in problems[0].message


def test_a_register_that_is_not_a_list(scratch):
    _, problems = register_problems(scratch, "don-vi: []\n")
    assert [(p.line, p.field) for p in problems] == [(1, "units")]


def test_a_yaml_error_in_the_register_names_the_line(scratch):
    _, problems = register_problems(scratch, 'units:\n  - name: "không đóng\n')
    # The register is read like a story's front matter: the same Vietnamese message at the quote's line.
    assert problems[0].line == 2 and "ngoặc kép" in problems[0].message


def test_a_register_key_beside_the_units_list_is_told_in_vietnamese(scratch):
    _, problems = register_problems(scratch, GOOD.replace("units:\n", "units:\n  x: 1\n"))
    assert problems[0].line == 3 and "thụt lề không đúng" in problems[0].message, problems
    assert "expected" not in problems[0].message and "found" not in problems[0].message


def test_nttv_check_prints_register_problems_and_fails(scratch):
    scratch.write("content/don-vi.yml", GOOD.replace("type: school", "type: truong"))
    result = scratch.nttv("check", "--format", "json")
    assert result.returncode == 1
    found = [p for p in json.loads(result.stdout) if p["path"] == "content/don-vi.yml"]
    assert [(p["line"], p["field"], p["severity"]) for p in found] == [(3, "units[0].type", "error")]


@pytest.mark.parametrize("named", [["content/don-vi.yml"], ["content"], ["content/don-vi.yml", "stories"]],
                         ids=["the register", "its folder", "with the stories"])
def test_nttv_check_of_the_register_by_name_reports_its_problems(scratch, named):
    # An editor who changed the register by hand checks that file: it used to say "0 tệp: 0 lỗi" and exit 0.
    scratch.story("2024/co-giao.md")
    scratch.write("content/don-vi.yml", GOOD.replace("type: school", "type: truong"))
    result = scratch.nttv("check", *named)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("content/don-vi.yml:3:11: units[0].type: `truong` không hợp lệ")
    assert "Đã kiểm tra 0 tệp" not in result.stderr and " 1 lỗi" in result.stderr


def test_nttv_check_of_a_story_alone_leaves_the_register_out(scratch):
    scratch.story("2024/co-giao.md")
    scratch.write("content/don-vi.yml", GOOD.replace("type: school", "type: truong"))
    result = scratch.nttv("check", "stories/2024/co-giao.md")
    assert (result.returncode, result.stdout) == (0, ""), result.stdout


def test_a_missing_register_named_by_the_plan_is_an_error(scratch):
    (scratch.root / "content" / "don-vi.yml").unlink()
    plan = scratch.plan()
    problems = load_collection(scratch.root, plan, scratch.root / "stories").problems
    assert [(p.path, p.is_error) for p in problems] == [("content/don-vi.yml", True)]
    assert "register" in problems[0].message


@pytest.mark.parametrize("claimed, warned", [(0, False), (1, False), (2, True)])
def test_a_story_claiming_more_addresses_than_the_register_is_warned(scratch, claimed, warned):
    scratch.write("content/don-vi.yml", GOOD.replace("2024: 0", "2024: 1"))
    scratch.story("2024/truong.md", kind="collective", person={"name": "Trường THCS Thanh Lãng"},
                  unit="Trường THCS Thanh Lãng", unit_type="school", humanitarian_addresses=claimed)
    plan = scratch.plan()
    problems = load_collection(scratch.root, plan, scratch.root / "stories").problems
    found = [p for p in problems if p.field == "humanitarian_addresses"]
    assert bool(found) == warned
    if warned:
        assert not found[0].is_error and found[0].path == "stories/2024/truong.md"
        assert "sổ đơn vị (content/don-vi.yml) chỉ có 1" in found[0].message


@pytest.mark.build
def test_the_register_never_reaches_the_site(scratch):
    result = scratch.build(strict=True)
    assert result.returncode == 0, result.stderr
    assert not list((scratch.root / "site").rglob("don-vi*"))


MOVED = """\
units:
  - name: "Trường THCS Thanh Lãng"
    type: school
    chapter: binh-xuyen
    years: {from: 2023, to: 2025}
    addresses: {2023: 1, 2024: 1, 2025: 0}
  - name: "Trường THCS Thanh Lãng"
    type: school
    chapter: xa-tam-dao
    years: {from: 2025}
    addresses: {2025: 1, 2026: 1}
"""


def test_a_unit_that_moved_in_the_merger_year_counts_once_for_the_chapter_of_31_december(scratch):
    from generator.counting.tally import count_targets
    import datetime as dt

    collection, problems = register_problems(scratch, MOVED)
    assert problems == []
    tally = count_targets(scratch.plan(), (), dt.date(2026, 11, 29), collection.register)
    rows = {(r.chapter, r.year): (r.reached, r.of) for r in tally.rows if r.target.id == "school-addresses"}
    # 2025: not under Bình Xuyên (gone on 30/6), once under Xã Tam Đảo, with the figure registered there.
    assert rows == {("binh-xuyen", 2023): (1, 1), ("binh-xuyen", 2024): (1, 1), ("xa-tam-dao", 2025): (1, 1),
                    ("xa-tam-dao", 2026): (1, 1)}


def test_a_unit_under_two_chapters_outside_the_merger_year_is_an_error_on_its_line(scratch):
    text = MOVED.replace("chapter: xa-tam-dao\n    years: {from: 2025}\n    addresses: {2025: 1, 2026: 1}",
                         "chapter: tam-dao\n    years: {from: 2024, to: 2025}\n    addresses: {2024: 1}")
    collection, problems = register_problems(scratch, text)
    assert [(p.line, p.field) for p in problems if p.is_error] == [(9, "units[1].chapter")]
    assert "cũng có trong sổ của Bình Xuyên năm 2024" in problems[0].message
