"""Checks across story files: one address per page, and the same person introduced twice in a year."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import TODAY
from generator.build import build_site
from generator.reading.collection import load_collection


def collect(scratch):
    plan = scratch.plan()
    return load_collection(scratch.root, plan, scratch.root / "stories")


def messages(collection) -> list[tuple[str, str, str, str]]:
    return [(p.path, p.field, p.severity.value, p.message) for p in collection.problems]


@pytest.mark.parametrize("second", ["2024/Cô Giáo Mở Lớp.md", "2025/co-giao-mo-lop.md"])
def test_two_files_with_one_address_keep_the_well_named_one_and_name_it_in_the_error(scratch, second):
    scratch.story("2024/co-giao-mo-lop.md")
    scratch.story(second, person={"name": "Lê Thị Mai"})
    collection = collect(scratch)
    kept, = collection.stories
    loser = f"stories/{second}"
    assert kept.source == "stories/2024/co-giao-mo-lop.md"
    assert collection.rejected == (loser,)
    assert (loser, "(tên tệp)", "error",
            f"trùng địa chỉ trang /cau-chuyen/2024/co-giao-mo-lop/ với {kept.source}: hãy đổi tên tệp này") in messages(collection)


@pytest.mark.parametrize("name", ["index", "Index", "trang-2", "trang-15"])
@pytest.mark.build
def test_a_story_named_like_a_list_page_is_refused_and_the_archive_stays(scratch, name):
    scratch.story(f"2024/{name}.md", title="Truyện có tên tệp đặc biệt")
    scratch.story("2024/co-giao-mo-lop.md", person={"name": "Lê Thị Mai"})
    collection = collect(scratch)
    assert [s.source for s in collection.stories] == ["stories/2024/co-giao-mo-lop.md"]
    problem, = collection.problems
    assert (problem.path, problem.field, problem.is_error) == (f"stories/2024/{name}.md", "(tên tệp)", True)
    assert "trang danh sách /cau-chuyen/2024/" in problem.message
    plan = scratch.plan()
    pages = build_site(scratch.root, plan, scratch.root / "stories", dt.date.fromisoformat(TODAY)).pages
    year_page, = [p for p in pages if p.path == "cau-chuyen/2024/index.md"]
    assert "<h1>Câu chuyện năm 2024</h1>" in year_page.text
    assert "Truyện có tên tệp đặc biệt" not in "".join(p.text for p in pages)


def test_the_same_name_twice_in_a_year_is_a_warning_on_the_later_file(scratch):
    scratch.story("2024/a-hoa.md", date="2024-05-08")
    scratch.story("2024/b-hoa.md", date="2024-09-08", person={"name": "nguyễn thị  hoa"})
    collection = collect(scratch)
    assert len(collection.stories) == 2
    problem, = collection.problems
    assert (problem.path, problem.field, problem.is_error) == ("stories/2024/b-hoa.md", "person.name", False)
    assert "stories/2024/a-hoa.md" in problem.message and "person.id" in problem.message


@pytest.mark.parametrize("first, second", [
    pytest.param({"person": {"name": "Nguyễn Thị Hoa", "id": "hoa-1979"}},
                 {"person": {"name": "Nguyễn Thị Hoa", "id": "hoa-1979"}}, id="same id: a deliberate follow-up"),
    pytest.param({}, {"chapter": "vinh-yen"}, id="other chapter"),
    pytest.param({}, {"date": "2025-05-08", "consent": {"by": "Hoa", "date": "2025-05-01", "scope": ["website"]}}, id="other year"),
    pytest.param({}, {"kind": "collective"}, id="other kind"),
])
def test_no_warning_when_the_stories_are_not_the_same_person_in_one_year(scratch, first, second):
    scratch.story("2024/a-hoa.md", **first)
    scratch.story(f"{second.get('date', '2024')[:4]}/b-hoa.md", **second)
    assert collect(scratch).problems == ()


def test_a_story_in_the_wrong_year_folder_is_a_warning(scratch):
    scratch.story("2023/co-giao-mo-lop.md")
    problem, = collect(scratch).problems
    assert (problem.path, problem.field, problem.is_error) == ("stories/2023/co-giao-mo-lop.md", "date", False)
    assert "stories/2024/" in problem.message
