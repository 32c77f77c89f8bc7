"""The `nttv` command as editors and tools use it: the tally as JSON, `check` lines and exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from conftest import REPO

PROBLEM_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<field>[^:]+): (?P<message>.+)$")


def tally_rows(scratch, *args: str) -> list[dict]:
    result = scratch.nttv(*args, "tally", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


TODAYS_FIELDS = ("target", "chapter", "year", "goal", "reached", "met", "examples")
SHAPE_FIELDS = ("measure", "of", "share", "needed", "prorated", "deadline", "days_left", "below", "events", "names",
                "unnamed_examples", "activities", "unnamed_activities")
ORIGIN_FIELDS = ("schema", "organisation", "as_of")  # open data: where each row comes from (counting/opendata.py)


def old_fields(row: dict) -> dict:
    return {key: row[key] for key in TODAYS_FIELDS}


def test_tally_json_has_one_row_per_target_chapter_and_year(scratch):
    scratch.story("2024/co-giao-mo-lop.md")
    rows = tally_rows(scratch)
    assert all(tuple(row) == ORIGIN_FIELDS + TODAYS_FIELDS + SHAPE_FIELDS for row in rows)
    per_target = {target: [r for r in rows if r["target"] == target] for target in
                  ("individuals", "collectives", "period-individuals", "period-collectives")}
    # tinh 2023–2026, nine district chapters 2023–2025 (the last half a year), four communes 2025–2026.
    assert len(per_target["individuals"]) == len(per_target["collectives"]) == 4 + 9 * 3 + 4 * 2
    counted = next(r for r in rows if (r["target"], r["chapter"], r["year"]) == ("individuals", "binh-xuyen", 2024))
    assert old_fields(counted) == {"target": "individuals", "chapter": "binh-xuyen", "year": 2024, "goal": 5, "reached": 1,
                                   "met": False, "examples": ["stories/2024/co-giao-mo-lop.md"]}
    assert (counted["measure"], counted["of"], counted["needed"]) == ("count", None, 4)
    period, = per_target["period-individuals"]
    assert old_fields(period) == {"target": "period-individuals", "chapter": None, "year": None, "goal": 250, "reached": 1,
                                  "met": False, "examples": ["stories/2024/co-giao-mo-lop.md"]}
    assert per_target["period-collectives"][0]["reached"] == 0
    schools = [r for r in rows if r["target"] == "school-addresses"]
    assert schools and all(r["measure"] == "share" and r["goal"] == 1.0 and r["of"] >= 1 for r in schools)


def test_tally_as_of_counts_what_was_published_by_that_day(scratch):
    scratch.story("2026/dau-nam.md", chapter="tinh", date="2026-03-01")
    scratch.story("2026/sau-so-ket.md", chapter="tinh", date="2026-05-20", person={"name": "Lê Thị Mai"})
    row = lambda rows: next(r for r in rows if (r["target"], r["chapter"], r["year"]) == ("individuals", "tinh", 2026))
    assert row(tally_rows(scratch))["reached"] == 2
    early = json.loads(scratch.nttv("tally", "--json", "--as-of", "2026-05-15").stdout)
    assert (row(early)["reached"], row(early)["days_left"]) == (1, 199)


def test_tally_as_of_refuses_a_date_it_cannot_read(scratch):
    result = scratch.nttv("tally", "--as-of", "15/5/2026")
    assert result.returncode == 2
    assert "--as-of" in result.stderr and "YYYY-MM-DD" in result.stderr


def test_tally_prints_vietnamese_labels_and_chapter_names(scratch):
    scratch.story("2024/co-giao-mo-lop.md")
    result = scratch.nttv("tally", "--as-of", "2024-11-01")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Số liệu tính đến 1/11/2024"
    assert "Cá nhân “Người tốt, việc thiện” mỗi năm (mục II.2)" in lines
    line = next(line for line in lines if "Hội Chữ thập đỏ huyện Bình Xuyên, năm 2024" in line)
    assert "1/5" in line and "thiếu 4" in line and "cần thêm 4 cá nhân, còn 29 ngày" in line
    assert "binh-xuyen" not in result.stdout and "individuals" not in result.stdout


def test_tally_json_gives_goal_null_to_a_chapter_year_without_target(scratch):
    scratch.story("2025/phuong-moi.md", chapter="xa-tam-dao", date="2025-09-09")
    row = next(r for r in tally_rows(scratch) if r["chapter"] == "xa-tam-dao" and r["year"] == 2025)
    assert (row["goal"], row["met"], row["reached"]) == (None, None, 1)


def test_tally_json_paths_are_relative_to_the_repository_root_from_anywhere(scratch, tmp_path):
    scratch.story("2024/co-giao-mo-lop.md")
    result = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(scratch.root), "tally", "--json"],
                            cwd=tmp_path, capture_output=True, text=True, env=scratch_env(), timeout=120)
    assert result.returncode == 0, result.stderr
    examples = {path for row in json.loads(result.stdout) for path in row["examples"]}
    assert examples == {"stories/2024/co-giao-mo-lop.md"}
    assert all((scratch.root / path).is_file() for path in examples)


def scratch_env() -> dict:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def test_tally_text_lists_every_row(scratch):
    scratch.story("2024/co-giao-mo-lop.md")
    result = scratch.nttv("tally")
    assert result.returncode == 0
    figures = [line for line in result.stdout.splitlines() if line.startswith("  ")]
    assert len(figures) == len(tally_rows(scratch))
    assert any(re.match(r"^  Hội Chữ thập đỏ huyện Bình Xuyên, năm 2024\s+1/5  thiếu 4; cần thêm 4 cá nhân$", line) for line in figures)
    # After 1/7/2025 "toàn tỉnh" says which area it counts: the former Vĩnh Phúc only.
    assert any(re.match(r"^  Toàn tỉnh \(địa bàn tỉnh Vĩnh Phúc cũ\), cả giai đoạn 2022–2027\s+1/250  thiếu 249; cần thêm 249 cá nhân$", line)
               for line in figures)


def test_check_passes_good_stories_with_exit_code_0(scratch):
    scratch.story("2024/co-giao-mo-lop.md")
    result = scratch.nttv("check")
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert "Đã kiểm tra 1 tệp: 0 lỗi, 0 cảnh báo." in result.stderr


def test_check_prints_a_warning_and_still_exits_0(scratch):
    scratch.story("2024/co-giao-mo-lop.md", nguon="Báo Vĩnh Phúc")
    result = scratch.nttv("check")
    assert result.returncode == 0
    line, = result.stdout.splitlines()
    match = PROBLEM_LINE.match(line)
    assert match and match["path"] == "stories/2024/co-giao-mo-lop.md" and match["field"] == "nguon"
    assert line.endswith("(cảnh báo)")


def test_check_prints_errors_as_path_line_column_field_message_and_exits_1(scratch):
    scratch.story("2024/co-giao-mo-lop.md")
    scratch.story("2024/sai-chi-hoi.md", chapter="binh-xuyenn", person={"name": "Trần Văn Nam"})
    result = scratch.nttv("check")
    assert result.returncode == 1
    line, = result.stdout.splitlines()
    match = PROBLEM_LINE.match(line)
    assert match, line
    text = (scratch.root / match["path"]).read_text(encoding="utf-8").splitlines()[int(match["line"]) - 1]
    assert text[int(match["column"]) - 1:] == "binh-xuyenn"
    assert (match["path"], match["field"]) == ("stories/2024/sai-chi-hoi.md", "chapter")
    assert match["message"] == "không có Hội `binh-xuyenn` trong kế hoạch (ý bạn là `binh-xuyen`?)"
    assert "Đã kiểm tra 2 tệp: 1 lỗi, 0 cảnh báo." in result.stderr


def test_check_of_one_file_checks_only_that_file(scratch):
    scratch.story("2024/co-giao-mo-lop.md")
    scratch.story("2024/sai-chi-hoi.md", chapter="binh-xuyenn", person={"name": "Trần Văn Nam"})
    assert scratch.nttv("check", "stories/2024/co-giao-mo-lop.md").returncode == 0
    assert scratch.nttv("check", "stories/2024/sai-chi-hoi.md").returncode == 1
    assert scratch.nttv("check", "stories").returncode == 1


def test_check_json_lists_the_problems(scratch):
    scratch.story("2024/sai-chi-hoi.md", chapter="binh-xuyenn")
    result = scratch.nttv("check", "--format", "json")
    assert result.returncode == 1
    problem, = json.loads(result.stdout)
    assert {key: problem[key] for key in ("path", "field", "severity")} == {
        "path": "stories/2024/sai-chi-hoi.md", "field": "chapter", "severity": "error"}


@pytest.mark.parametrize("args", [("check", "stories/khong-co.md"), ("check", "{outside}")], ids=["missing", "outside"])
def test_check_of_a_path_it_cannot_check_exits_2(scratch, tmp_path, args):
    outside = tmp_path / "ngoai-kho.md"
    outside.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    result = scratch.nttv(*(arg.format(outside=outside) for arg in args))
    assert result.returncode == 2
    assert result.stderr.startswith("nttv: ")
    assert "Traceback" not in result.stderr


def test_a_bad_nttv_today_exits_2_with_a_message(scratch, monkeypatch):
    monkeypatch.setenv("NTTV_TODAY", "29/11/2026")
    result = scratch.nttv("tally", "--json")
    assert result.returncode == 2
    assert "NTTV_TODAY phải có dạng YYYY-MM-DD" in result.stderr


@pytest.mark.parametrize("args, words", [
    pytest.param((), "nttv: lỗi: thiếu lệnh", id="no command"),
    pytest.param(("chek",), "nttv: lỗi: lệnh: 'chek' không hợp lệ, hãy chọn một trong 'check'", id="misspelt command"),
    pytest.param(("check", "--bogus"), "nttv: lỗi: không hiểu --bogus", id="unknown option"),
    pytest.param(("report", "--year", "hai-nghin"), "nttv report: lỗi: --year: 'hai-nghin' không phải một số nguyên",
                 id="year not a number"),
    pytest.param(("report", "--year", "2024", "--format", "pdf"),
                 "nttv report: lỗi: --format: 'pdf' không hợp lệ, hãy chọn một trong 'docx'", id="unknown format"),
    pytest.param(("tally", "--as-of"), "nttv tally: lỗi: --as-of: thiếu giá trị", id="option without its value"),
    pytest.param(("report",), "nttv report: lỗi: thiếu --year", id="required option missing"),
])
def test_a_wrong_use_is_told_in_vietnamese_with_exit_2(scratch, args, words):
    result = scratch.nttv(*args)
    assert result.returncode == 2
    assert result.stderr.startswith("cách dùng: nttv")
    assert words in result.stderr
    for english in ("usage:", "error:", "invalid", "required", "unrecognized", "expected"):
        assert english not in result.stderr


def test_help_is_in_vietnamese(scratch):
    result = scratch.nttv("new", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("cách dùng: nttv new")
    assert "tùy chọn:" in result.stdout and "-h, --help         in hướng dẫn này rồi thoát" in result.stdout
    for english in ("usage:", "options:", "show this help message"):
        assert english not in result.stdout
