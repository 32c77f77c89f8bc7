"""``nttv check``: every problem at once, as text, JSON or annotations; exit 0, 1 or 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import REPO, without_reminders
from generator import cli


@pytest.fixture
def check(scratch, monkeypatch, capsys):
    monkeypatch.chdir(scratch.root)

    def run(*args: str):
        code = cli.main(["check", *args])
        out, err = capsys.readouterr()
        return code, out, without_reminders(err)

    return run


@pytest.fixture
def mixed(scratch):
    """One good story, one with an error, one with a warning only."""
    scratch.story("2024/tot.md")
    scratch.story("2024/ngay-sai.md", date="8/5/2024", person={"name": "Lê Văn Bình"})
    scratch.story("2024/co-ma.md", person={"name": "Trần Thị Mai"}, body="Mở đầu.\n\n<script>alert(1)</script>\n")
    return scratch


def test_text_lists_every_problem_as_path_line_column_field_message(mixed, check):
    code, out, err = check()
    assert code == 1
    assert out.splitlines() == [
        "stories/2024/co-ma.md:16:1: (nội dung): đã gỡ mã HTML không an toàn khỏi bài: `<script>` "
        "(trang web không chạy mã, không nhúng khung hay biểu mẫu từ bài viết): hãy xóa đoạn mã này (cảnh báo)",
        "stories/2024/ngay-sai.md:8:7: date: ngày `8/5/2024` không hợp lệ: chương trình dùng ngày dạng YYYY-MM-DD: "
        "2024-05-08 nếu là ngày 8 tháng 5, 2024-08-05 nếu là ngày 5 tháng 8",
    ]
    assert "Đã kiểm tra 3 tệp: 1 lỗi, 1 cảnh báo." in err


def test_json_gives_the_same_problems_for_tools(mixed, check):
    code, out, _ = check("--format", "json")
    assert code == 1
    rows = json.loads(out)
    assert [list(row) for row in rows] == [["path", "line", "column", "field", "severity", "message"]] * 2
    assert [(r["path"], r["line"], r["column"], r["field"], r["severity"]) for r in rows] == [
        ("stories/2024/co-ma.md", 16, 1, "(nội dung)", "warning"),
        ("stories/2024/ngay-sai.md", 8, 7, "date", "error"),
    ]
    assert rows[1]["message"].startswith("ngày `8/5/2024` không hợp lệ")


def test_github_format_annotates_the_line(mixed, check):
    code, out, _ = check("--format", "github")
    assert code == 1
    assert out.splitlines()[1] == (
        "::error file=stories/2024/ngay-sai.md,line=8,col=7,title=date::ngày `8/5/2024` không hợp lệ: chương trình dùng "
        "ngày dạng YYYY-MM-DD: 2024-05-08 nếu là ngày 8 tháng 5, 2024-08-05 nếu là ngày 5 tháng 8")
    assert out.splitlines()[0].startswith("::warning file=stories/2024/co-ma.md,line=16,col=1,title=(nội dung)::")


def test_warnings_alone_exit_0_and_are_printed(mixed, check):
    (mixed.root / "stories/2024/ngay-sai.md").unlink()
    code, out, err = check()
    assert code == 0
    assert "(cảnh báo)" in out
    assert "0 lỗi, 1 cảnh báo" in err


def test_no_problem_exits_0(scratch, check):
    scratch.story("2024/tot.md")
    assert check() == (0, "", "Đã kiểm tra 1 tệp: 0 lỗi, 0 cảnh báo.\n")
    assert check("--format", "json")[:2] == (0, "[]\n")


def test_named_files_only_report_their_own_problems(mixed, check):
    code, out, err = check("stories/2024/co-ma.md", "stories/2024/tot.md")
    assert code == 0
    assert out.count("\n") == 1 and out.startswith("stories/2024/co-ma.md:16:1:")
    assert "Đã kiểm tra 2 tệp" in err
    code, out, _ = check("stories/2024")
    assert code == 1 and out.count("\n") == 2


def test_a_named_file_is_checked_against_the_other_stories(scratch, check):
    scratch.story("2024/co-giao.md")
    scratch.story("2025/co-giao.md", person={"name": "Trần Văn Nam"})
    code, out, _ = check("stories/2025/co-giao.md")
    assert code == 1
    assert "stories/2025/co-giao.md:1:1: (tên tệp): trùng địa chỉ trang /cau-chuyen/2024/co-giao/ với stories/2024/co-giao.md" in out


@pytest.mark.parametrize("args, words", [
    (["stories/2024/khong-co.md"], "không có tệp hoặc thư mục stories/2024/khong-co.md"),
    (["../"], "nằm ngoài kho"),
])
def test_a_path_that_does_not_exist_or_leaves_the_repository_exits_2(mixed, check, args, words):
    code, out, err = check(*args)
    assert code == 2
    assert words in err
    assert out == ""


def test_a_missing_plan_exits_2(mixed, monkeypatch, capsys):
    monkeypatch.chdir(mixed.root)
    assert cli.main(["--plan", "content/khong-co.yml", "check"]) == 2
    assert "không tìm thấy tệp kế hoạch" in capsys.readouterr().err


def test_unknown_option_exits_2(mixed, check):
    with pytest.raises(SystemExit) as caught:
        check("--format", "xml")
    assert caught.value.code == 2


def test_the_installed_command_gives_the_same_exit_codes(mixed):
    assert mixed.nttv("check").returncode == 1
    assert mixed.nttv("check", "stories/2024/tot.md").returncode == 0
    assert mixed.nttv("check", "stories/khong-co").returncode == 2


def test_a_binary_and_an_empty_file_are_reported_and_the_rest_checked(scratch, check):
    scratch.story("2024/tot.md")
    scratch.story("2024/rong.md", text="")
    (scratch.root / "stories/2024/anh.md").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    code, out, err = check()
    assert code == 1
    assert out.splitlines() == [
        "stories/2024/anh.md:1:1: (tệp): tệp nhị phân (ảnh, PDF…), không phải văn bản Markdown: hãy xóa hoặc đổi đuôi tệp khác .md",
        "stories/2024/rong.md:1:1: (tệp): tệp trống: cần phần thông tin giữa hai dòng --- và nội dung truyện",
    ]
    assert "Đã kiểm tra 3 tệp: 2 lỗi" in err


@pytest.mark.parametrize("name, content, expected", [
    ("anh-1.jpg", b"Bien ban dong y, khong phai anh", "tệp bị hỏng hoặc không phải ảnh"),
    ("anh-1.gif", b"GIF89a", "định dạng `.gif` không được nhận"),
])
def test_a_photo_file_the_build_would_refuse_is_named_by_check_too(scratch, check, name, content, expected):
    (scratch.root / "stories" / "2024").mkdir(parents=True, exist_ok=True)
    (scratch.root / "stories" / "2024" / name).write_bytes(content)
    scratch.story("2024/co-anh.md", photos=[{"src": name, "alt": "Lớp học buổi tối"}])
    code, out, _ = check("--format", "json")
    assert code == 1
    (problem,) = [p for p in json.loads(out) if p["severity"] == "error"]
    assert (problem["path"], problem["field"], problem["severity"]) == ("stories/2024/co-anh.md", "photos[0].src", "error")
    assert problem["line"] > 1 and expected in problem["message"]


def test_messages_survive_a_console_on_a_legacy_code_page(scratch, monkeypatch):
    # A Windows console or a redirected pipe may default to cp1252, which has no "ắ" or "ư".
    monkeypatch.setenv("PYTHONIOENCODING", "cp1252")
    scratch.story("2024/sai.md", chapter="binh-xuyenn")
    result = subprocess.run([sys.executable, "-m", "generator.cli", "check"], cwd=scratch.root, capture_output=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert result.returncode == 1, result.stderr.decode("utf-8", "replace")
    assert "không có Hội `binh-xuyenn`" in result.stdout.decode("utf-8")
