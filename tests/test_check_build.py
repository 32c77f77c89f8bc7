"""A bad file costs only itself: the build publishes every good story, names each bad one and
counts what it published and skipped; ``--strict`` fails on any error."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import story_text
from generator.build import build_site

pytestmark = pytest.mark.build

TODAY = dt.date(2026, 11, 29)


def neighbours(scratch):
    """Files that each go wrong in their own way, next to the good story."""
    scratch.story("2024/Cô-Giáo-Mở-Lớp.md", person={"name": "Trần Văn Nam"})  # claims the good story's address
    scratch.story("2024/cung-nguoi.md", title="Lại là cô Hoa", date="2024-06-01", body="Lần thứ hai.\n")
    scratch.story("2024/ngay-sai.md", date="8/5/2024", person={"name": "Lê Văn Bình"})
    scratch.story("2024/co-ma.md", person={"name": "Đỗ Thị Lan"}, body="Mở đầu.\n\n<script>alert(1)</script>\n")
    scratch.story("2024/nhap.md", person={"name": "Phan Văn Đức"}, draft=True)
    scratch.story("2024/hen-dang.md", person={"name": "Vũ Thị Thu"}, chapter="tinh", date="2026-12-24",
                  consent={"by": "Vũ Thị Thu", "date": "2026-11-01", "scope": ["website"]})
    scratch.story("2024/rong.md", text="")
    (scratch.root / "stories/2024/anh.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    scratch.story("2024/cp1258.md", text="")
    (scratch.root / "stories/2024/cp1258.md").write_bytes(story_text(person={"name": "Hà"}).encode("cp1258", "replace"))


def story_page(scratch, source="2024/co-giao-mo-lop.md"):
    plan = scratch.plan()
    build = build_site(scratch.root, plan, scratch.root / "stories", TODAY)
    pages = {page.path: page.text for page in build.pages}
    return pages["cau-chuyen/2024/co-giao-mo-lop.md"], build


def own_part(page: str) -> str:
    """The page without what points at other stories (related ones, newer and older)."""
    return page.split('<section class="nttv-related"', 1)[0].split('<nav class="nttv-prevnext"', 1)[0]


def test_no_other_file_changes_a_good_story_page(scratch):
    scratch.story("2024/co-giao-mo-lop.md")
    alone, _ = story_page(scratch)
    neighbours(scratch)
    crowded, build = story_page(scratch)
    assert own_part(crowded) == own_part(alone)
    assert build.summary.published == 3  # the good story, the one with a script, the same person again
    assert (build.summary.drafts, build.summary.future, build.summary.rejected) == (1, 1, 5)


def test_plain_build_publishes_the_good_names_the_bad_and_counts_both(scratch):
    scratch.story("2024/co-giao-mo-lop.md")
    neighbours(scratch)
    result = scratch.build()
    assert result.returncode == 0, result.stderr
    assert "Cô giáo mở lớp học miễn phí" in scratch.html("cau-chuyen/2024/co-giao-mo-lop/")
    assert (scratch.root / "site/cau-chuyen/2024/co-ma/index.html").is_file()
    assert not (scratch.root / "site/cau-chuyen/2024/ngay-sai").exists()
    log = result.stderr
    for bad in ("Cô-Giáo-Mở-Lớp.md:1:1: (tên tệp)", "ngay-sai.md:8:7: date:", "rong.md:1:1: (tệp)",
                "anh.md:1:1: (tệp)", "cp1258.md:2:9: title:"):
        assert f"WARNING -  nttv: stories/2024/{bad}" in log, bad
    assert "INFO    -  nttv: stories/2024/co-ma.md:16:1: (nội dung): đã gỡ mã HTML không an toàn" in log
    lines = log.splitlines()
    summary = next(i for i, line in enumerate(lines) if "nttv: Chuyên mục:" in line)
    assert lines[summary].endswith("Chuyên mục: 3 truyện đã đăng, 1 bản nháp và 1 bài hẹn đăng chưa đăng, "
                                   "5 tệp bị bỏ qua vì lỗi")
    assert all("nttv: stories/" not in line for line in lines[summary:])  # said after every file's problems
    strict = scratch.build(strict=True)
    assert strict.returncode != 0
    assert "nttv: 5 lỗi trong các tệp truyện và ảnh nên bản dựng --strict dừng lại" in strict.stdout + strict.stderr


HOSTILE = '"><img src=x onerror=alert(1)>'


def test_front_matter_text_reaches_the_pages_only_escaped(scratch):
    text = story_text().replace("title: Cô giáo mở lớp học miễn phí", f"title: '{HOSTILE}'")
    text = text.replace("{name: Nguyễn Thị Hoa}", "{name: <b>Hoa</b>, role: '<script>x</script>'}")
    text = text.replace("deed: Mở lớp", "deed: <iframe>Mở lớp")
    scratch.story("2024/co-giao-mo-lop.md", text=text)
    _, build = story_page(scratch)
    assert build.problems == ()
    for page in build.pages:
        # The page's own front matter is data for the theme, which escapes it (tested on built pages).
        markdown_part = page.text.split("\n---\n", 1)[1] if page.text.startswith("---\n") else page.text
        for raw in ("<img src=x", "<b>Hoa", "<script>", "<iframe>"):
            assert raw not in markdown_part, (page.path, raw)
    pages = {page.path: page.text for page in build.pages}
    assert "&quot;&gt;&lt;img src=x onerror=alert" in pages["cau-chuyen/2024/co-giao-mo-lop.md"]


def test_a_file_that_is_not_an_image_costs_only_the_photo(scratch):
    scratch.story("2024/co-giao-mo-lop.md", photos=[{"src": "anh-1.jpg", "alt": "Cô Hoa và học trò"}])
    (scratch.root / "stories/2024/anh-1.jpg").write_text("không phải ảnh", encoding="utf-8")
    page, build = story_page(scratch)
    (problem,) = build.problems
    assert (problem.path, problem.field, problem.is_error) == ("stories/2024/co-giao-mo-lop.md", "photos[0].src", True)
    assert "anh-1.jpg" in problem.message
    assert "Cô giáo mở lớp học miễn phí" in page and "<figure" not in page
