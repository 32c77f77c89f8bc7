"""End to end: a scratch site with one story builds strictly and shows the story where readers look."""

import pytest

pytestmark = pytest.mark.build


def test_one_story_builds_strictly_and_appears_in_column_chapter_and_tally(scratch):
    scratch.story("2024/co-giao-mo-lop.md")
    result = scratch.build(strict=True)
    assert result.returncode == 0, result.stderr
    story = scratch.html("cau-chuyen/2024/co-giao-mo-lop/")
    assert "Cô giáo mở lớp học miễn phí" in story
    assert "ngày 8 tháng 5 năm 2024" in story
    assert "Cô giáo mở lớp học miễn phí" in scratch.html("cau-chuyen/")
    assert "co-giao-mo-lop" in scratch.html("chi-hoi/binh-xuyen/")
    assert "1/5" in scratch.html("thong-ke/2024/")
