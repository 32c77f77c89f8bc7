"""Checks across files: one story per page address, the same person twice, files out of place."""

from __future__ import annotations


from generator.reading.collection import load_collection
from generator.problems import FILE_NAME, Severity


def collect(scratch):
    return load_collection(scratch.root, scratch.plan(), scratch.root / "stories")


def test_two_files_for_one_address_keep_the_well_placed_file(scratch):
    scratch.story("2024/co-giao.md")
    scratch.story("2025/co-giao.md", person={"name": "Trần Văn Nam"})  # dated 2024: same address
    collection = collect(scratch)
    assert [s.source for s in collection.stories] == ["stories/2024/co-giao.md"]
    assert collection.rejected == ("stories/2025/co-giao.md",)
    clash = next(p for p in collection.problems if p.path == "stories/2025/co-giao.md" and p.is_error)
    assert (clash.line, clash.column, clash.field) == (1, 1, FILE_NAME)
    assert "trùng địa chỉ trang /cau-chuyen/2024/co-giao/ với stories/2024/co-giao.md" in clash.message
    told = next(p for p in collection.problems if p.path == "stories/2024/co-giao.md" and p.field == FILE_NAME)
    assert told.severity is Severity.WARNING
    assert "stories/2025/co-giao.md" in told.message


def test_a_misnamed_newcomer_never_takes_an_existing_page_even_when_it_sorts_first(scratch):
    scratch.story("2024/co-giao.md")
    scratch.story("2024/Cô-Giáo.md", person={"name": "Trần Văn Nam"})
    collection = collect(scratch)
    assert [s.source for s in collection.stories] == ["stories/2024/co-giao.md"]
    assert collection.rejected == ("stories/2024/Cô-Giáo.md",)


def test_a_file_named_like_a_list_page_is_an_error(scratch):
    scratch.story("2024/index.md")
    scratch.story("2024/trang-2.md", person={"name": "Trần Văn Nam"})
    collection = collect(scratch)
    assert collection.stories == ()
    messages = {p.path: p.message for p in collection.problems if p.field == FILE_NAME}
    assert "trang danh sách /cau-chuyen/2024/" in messages["stories/2024/index.md"]
    assert "trang danh sách /cau-chuyen/2024/trang-2/" in messages["stories/2024/trang-2.md"]


def test_same_person_twice_in_a_year_is_a_warning_at_the_name(scratch):
    scratch.story("2024/a-lop-hoc.md")
    scratch.story("2024/b-quy-hoc-bong.md", title="Quỹ học bổng", date="2024-09-01")
    collection = collect(scratch)
    assert len(collection.stories) == 2
    (warning,) = collection.problems
    assert (warning.path, warning.line, warning.column, warning.field) == ("stories/2024/b-quy-hoc-bong.md", 4, 16, "person.name")
    assert warning.severity is Severity.WARNING
    assert "đã được giới thiệu trong năm 2024 ở stories/2024/a-lop-hoc.md" in warning.message


def test_a_story_in_another_year_folder_is_a_warning_at_its_date(scratch):
    scratch.story("2023/co-giao.md")
    (warning,) = collect(scratch).problems
    assert (warning.line, warning.column, warning.field) == (8, 7, "date")
    assert "hãy chuyển tệp vào stories/2024/" in warning.message


def test_a_file_neither_story_nor_photo_is_reported_and_photos_are_not(scratch):
    scratch.story("2024/co-giao.md")
    (scratch.root / "stories/2024/bai-viet.docx").write_bytes(b"PK\x03\x04")
    (scratch.root / "stories/2024/anh-1.JPG").write_bytes(b"\xff\xd8\xff")
    (scratch.root / "stories/.gitkeep").write_bytes(b"")
    (warning,) = collect(scratch).problems
    assert (warning.path, warning.field, warning.severity) == ("stories/2024/bai-viet.docx", FILE_NAME, Severity.WARNING)
    assert "không phải truyện (.md)" in warning.message


def test_bad_files_are_skipped_and_every_good_one_kept(scratch):
    scratch.story("2024/tot.md")
    scratch.story("2024/ngay-sai.md", date="8/5/2024", person={"name": "B"})
    scratch.story("2024/rong.md", text="")
    scratch.write("stories/2024/nhi-phan.md", "").write_bytes(b"\x00\x01")
    collection = collect(scratch)
    assert [s.source for s in collection.stories] == ["stories/2024/tot.md"]
    assert collection.rejected == ("stories/2024/ngay-sai.md", "stories/2024/nhi-phan.md", "stories/2024/rong.md")
    assert [p.path for p in collection.errors] == list(collection.rejected)
