"""Bad input, one case a row: each gives a message naming the file, line, column and field.

The valid story of ``story_text()`` is laid out as the editors write it::

    1 ---            6 deed: …                 11   date: 2024-05-01
    2 title: …       7 criteria: [phap-luat, …] 12   scope: [website, …]
    3 kind: …        8 date: 2024-05-08         13 ---
    4 person: {…}    9 consent:                 14 Nội dung câu chuyện.
    5 chapter: …    10   by: …
"""

from __future__ import annotations

import unicodedata

import pytest

from conftest import story_text
from generator.problems import BODY, FRONT_MATTER, WHOLE_FILE, Severity
from generator.reading.story import read_story

GOOD = story_text()
BLOCK_PERSON = GOOD.replace("person: {name: Nguyễn Thị Hoa}", "person:\n  name: Nguyễn Thị Hoa\n  role: giáo viên")


def read(scratch, content, name="2024/truyen.md"):
    path = scratch.root / "stories" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return read_story(path, scratch.root, scratch.plan())


def swap(old: str, new: str, text: str = GOOD) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


ALIAS_BOMB = """---
a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
title: *c
---
Nội dung.
"""

# id, file content, expected (line, column, field), words the message must contain
ERRORS = [
    ("yaml-unclosed-quote", swap("title: Cô giáo", 'title: "Cô giáo'), (2, 8, "title"), "thiếu ngoặc kép đóng"),
    ("yaml-colon-in-value", swap("kind: individual", "kind: individual: tốt"), (3, 17, "kind"), "dấu hai chấm"),
    ("yaml-unclosed-list", swap("tam-guong]", "tam-guong"), (7, 11, "criteria"), "lỗi cú pháp YAML"),
    ("no-front-matter", "# Cô giáo mở lớp\n\nNội dung.\n", (1, 1, FRONT_MATTER), "phải bắt đầu bằng dòng ---"),
    ("front-matter-not-closed", GOOD.split("---\nNội")[0], (1, 1, FRONT_MATTER), "thiếu dòng --- thứ hai"),
    ("front-matter-not-a-mapping", "---\nchỉ một dòng chữ\n---\nNội dung.\n", (2, 1, FRONT_MATTER), "khóa: giá trị"),
    ("tab-indent", swap("  role:", "\trole:", BLOCK_PERSON), (6, 1, "person.role"), "Tab"),
    ("tab-after-colon", swap("deed: Mở", "deed:\tMở"), (6, 6, "deed"), "Tab"),
    ("windows-1258", GOOD.encode("cp1258", errors="replace"), (2, 9, "title"), "lưu lại với mã hóa UTF-8"),
    ("utf-16", GOOD.encode("utf-16"), (1, 1, WHOLE_FILE), "UTF-8"),
    ("control-character", swap("Cô giáo", "Cô\x0bgiáo"), (2, 10, "title"), "U+000B"),
    ("duplicate-key", swap("kind: individual", "kind: individual\nkind: collective"), (4, 1, "kind"), "ghi hai lần (dòng 3 và dòng 4)"),
    ("title-is-a-list", swap("title: Cô giáo mở lớp học miễn phí", "title: [Cô giáo, lớp học]"), (2, 8, "title"), "phải là một đoạn chữ"),
    ("title-is-a-number", swap("title: Cô giáo mở lớp học miễn phí", "title: 2024"), (2, 8, "title"), 'ngoặc kép: "2024"'),
    ("person-is-text", swap("person: {name: Nguyễn Thị Hoa}", "person: Nguyễn Thị Hoa"), (4, 9, "person"), "dòng con thụt vào"),
    ("criteria-is-a-number", swap("criteria: [phap-luat, dia-chi-nhan-dao, tam-guong]", "criteria: 3"), (7, 11, "criteria"), "danh sách"),
    ("flag-is-text", swap("date: 2024-05-08", "date: 2024-05-08\ndraft: có"), (9, 8, "draft"), "`true`"),
    ("birth-year-is-text", swap("{name: Nguyễn Thị Hoa}", "{name: Nguyễn Thị Hoa, birth_year: năm 1975}"), (4, 44, "person.birth_year"), "số nguyên"),
    ("date-day-first-ambiguous", swap("date: 2024-05-08", "date: 8/5/2024"), (8, 7, "date"),
     "YYYY-MM-DD: 2024-05-08 nếu là ngày 8 tháng 5, 2024-08-05 nếu là ngày 5 tháng 8"),
    ("date-day-first-one-reading", swap("date: 2024-05-08", "date: 25/5/2024"), (8, 7, "date"), "YYYY-MM-DD: 2024-05-25"),
    ("date-no-leading-zeros", swap("date: 2024-05-08", "date: 2024-5-8"), (8, 7, "date"), "YYYY-MM-DD: 2024-05-08"),
    ("date-not-in-calendar", swap("date: 2024-05-08", "date: 2024-02-30"), (8, 7, "date"), "không có trong lịch"),
    ("date-in-words", swap("date: 2024-05-08", "date: ngày 8 tháng 5"), (8, 7, "date"), "YYYY-MM-DD"),
    ("date-missing", swap("date: 2024-05-08\n", ""), (1, 1, "date"), "thiếu ngày"),
    ("consent-date-day-first", swap("  date: 2024-05-01", "  date: 1/5/2024"), (11, 9, "consent.date"),
     "2024-05-01 nếu là ngày 1 tháng 5, 2024-01-05 nếu là ngày 5 tháng 1"),
    ("chapter-closed-by-merger", swap("date: 2024-05-08", "date: 2025-08-01"), (5, 10, "chapter"),
     "dừng hoạt động sau ngày 30/6/2025; truyện từ ngày đó thuộc `tinh` (Hội Chữ thập đỏ tỉnh Phú Thọ)"),
    ("chapter-not-yet-created", swap("chapter: binh-xuyen", "chapter: phuong-vinh-yen"), (5, 10, "chapter"),
     "chỉ hoạt động từ ngày 1/7/2025"),
    ("chapter-misspelt", swap("chapter: binh-xuyen", "chapter: binh-xuyenn"), (5, 10, "chapter"), "ý bạn là `binh-xuyen`?"),
    ("criteria-of-the-other-kind", swap("criteria: [phap-luat,", "criteria: [huong-ung,"), (7, 12, "criteria[0]"),
     "thuộc loại “Cộng đồng nhân ái”, không phải “Người tốt, việc thiện”"),
    ("criterion-misspelt", swap("tam-guong]", "tam-guongg]"), (7, 41, "criteria[2]"), "ý bạn là `tam-guong`?"),
    ("title-over-zalo-limit", story_text(title="Ô" * 151), (2, 8, "title"), "dài 151 ký tự, tối đa 150"),
    ("deed-over-zalo-limit", story_text(deed="Việc " * 60 + "tốt"), (6, 7, "deed"), "dài 303 ký tự, tối đa 300"),
    ("empty-body", story_text(body=""), (14, 1, BODY), "chưa có nội dung"),
    ("body-only-comments", story_text(body="<!-- Viết ở đây -->\n\n<!-- more -->\n"), (14, 1, BODY), "chưa có nội dung"),
    ("alias-bomb", ALIAS_BOMB, (2, 4, "a"), "dấu & là ký hiệu đặc biệt của YAML"),
    ("nesting-bomb", "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\nNội dung.\n", (2, 28, "title"), "lồng nhau quá 20 tầng"),
    ("nesting-block", "---\ntitle: x\ndeed:\n" + "".join("  " * i + "- \n" for i in range(30)) + "---\nx\n",
     (24, 41, "deed" + "[0]" * 20), "lồng nhau quá 20 tầng"),
    ("binary-file", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", (1, 1, WHOLE_FILE), "tệp nhị phân"),
    ("word-file", b"PK\x03\x04\x14\x00\x06\x00word/document.xml", (1, 1, WHOLE_FILE), "tệp Word (.docx)"),
    ("empty-file", b"", (1, 1, WHOLE_FILE), "tệp trống"),
    ("blank-file", "\n  \n", (1, 1, WHOLE_FILE), "tệp trống"),
    ("empty-front-matter", "---\n---\nNội dung.\n", (1, 1, FRONT_MATTER), "phần thông tin truyện trống"),
    ("consent-missing", story_text(consent=None), (1, 1, "consent"), "thiếu phần"),
]


@pytest.mark.parametrize("content, where, words", [case[1:] for case in ERRORS], ids=[case[0] for case in ERRORS])
def test_bad_input_is_an_error_naming_file_line_column_and_field(scratch, content, where, words):
    story, problems = read(scratch, content)
    errors = [p for p in problems if p.is_error]
    assert story is None
    assert errors, problems
    first = errors[0]
    assert (first.path, first.line, first.column, first.field) == ("stories/2024/truyen.md", *where), str(first)
    assert words in first.message
    assert str(first).startswith(f"stories/2024/truyen.md:{where[0]}:{where[1]}: {where[2]}: ")


def test_every_problem_of_a_file_is_reported_at_once(scratch):
    text = story_text(date="8/5/2024", chapter="binh-xuyenn", title="Ô" * 151, criteria=["huong-ung"])
    story, problems = read(scratch, text)
    assert story is None
    assert sorted(p.field for p in problems) == ["chapter", "criteria[0]", "date", "title"]


WARNINGS = [
    ("unknown-key", swap("person:", "persn: x\nperson:"), (4, 1, "persn"), "sẽ bị bỏ qua (ý bạn là `person`?)"),
    ("vietnamese-key", swap("kind: individual", "Tiêu đề: Cô giáo\nkind: individual"), (3, 1, "Tiêu đề"), "(ý bạn là `title`?)"),
    # A misspelt birth year is an error, not a warning: the age decides who must consent (test_consent_keys.py).
    ("unknown-nested-key", swap("{name: Nguyễn Thị Hoa}", "{name: Nguyễn Thị Hoa, que_quan: Tam Dương}"), (4, 32, "person.que_quan"),
     "không có trong mẫu truyện"),
    ("script-tag", story_text(body="Mở đầu.\n\n<script>alert(1)</script>\n"), (16, 1, BODY), "`<script>`"),
    ("event-attribute", story_text(body='Mở đầu.\n\n<p onclick="alert(1)">Chào</p>\n'), (16, 4, BODY), "`onclick`"),
    ("image-onerror", story_text(body="Mở đầu.\n\n<img src=x onerror=alert(1)>\n"), (16, 12, BODY), "`onerror`"),
    ("javascript-link", story_text(body="Mở đầu.\n\n[bấm vào](javascript:alert(1))\n"), (16, 11, BODY), "`href=javascript:`"),
    ("iframe", story_text(body='Mở đầu.\n\n<iframe src="https://example.org"></iframe>\n'), (16, 1, BODY), "`<iframe>`"),
    ("script-in-summary", story_text(body="<script>alert(1)</script>\n\n<!-- more -->\n\nPhần sau.\n"), (14, 1, BODY), "`<script>`"),
]


@pytest.mark.parametrize("content, where, words", [case[1:] for case in WARNINGS], ids=[case[0] for case in WARNINGS])
def test_warning_keeps_the_story_and_names_file_line_column_and_field(scratch, content, where, words):
    story, problems = read(scratch, content)
    assert story is not None
    assert [p.severity for p in problems] == [Severity.WARNING], problems
    (warning,) = problems
    assert (warning.path, warning.line, warning.column, warning.field) == ("stories/2024/truyen.md", *where), str(warning)
    assert words in warning.message


def test_sanitiser_warning_lists_each_removed_item_at_its_own_line(scratch):
    body = 'Mở đầu.\n\n<a href="javascript:alert(1)" onclick="x()">bấm</a>\n\n<iframe src="https://x.org"></iframe>\n'
    story, problems = read(scratch, story_text(body=body))
    assert story is not None
    assert [(p.line, p.message.split("`")[1]) for p in problems] == [
        (16, "href=javascript:"), (16, "onclick"), (18, "<iframe>")]


@pytest.mark.parametrize("body", [
    "Chữ **đậm**, *nghiêng*, [liên kết](https://hoichuthapdo.example.org) và ![ảnh](anh.jpg).\n",
    "| Năm | Số hộ |\n|:----|-----:|\n| 2024 | 12 |\n",
    "Có chú thích[^1].\n\n[^1]: Theo báo cáo của Hội.\n",
    "Đoạn mở đầu.\n\n<!-- more -->\n\nPhần còn lại, với <strong>HTML</strong> vô hại.\n",
], ids=["inline", "aligned-table", "footnote", "more-marker"])
def test_ordinary_markdown_gives_no_sanitiser_warning(scratch, body):
    story, problems = read(scratch, story_text(body=body))
    assert story is not None
    assert problems == []


ACCEPTED = [
    ("byte-order-mark", b"\xef\xbb\xbf" + GOOD.encode()),
    ("windows-line-endings", GOOD.replace("\n", "\r\n").encode()),
    ("old-mac-line-endings", GOOD.replace("\n", "\r").encode()),
    ("decomposed-unicode", unicodedata.normalize("NFD", GOOD).encode()),
    ("all-three", b"\xef\xbb\xbf" + unicodedata.normalize("NFD", GOOD).replace("\n", "\r\n").encode()),
]


@pytest.mark.parametrize("content", [case[1] for case in ACCEPTED], ids=[case[0] for case in ACCEPTED])
def test_bom_windows_line_endings_and_decomposed_text_are_accepted_as_nfc(scratch, content):
    story, problems = read(scratch, content)
    assert problems == []
    assert story.title == "Cô giáo mở lớp học miễn phí"
    assert unicodedata.is_normalized("NFC", story.title + story.person.name + story.body)
    assert story.person.name == "Nguyễn Thị Hoa"
    assert story.body == "Nội dung câu chuyện."


def test_decomposed_file_name_gives_the_same_address(scratch):
    story, problems = read(scratch, GOOD, name=unicodedata.normalize("NFD", "2024/Cô-giáo.md"))
    assert problems == []
    assert story.slug == "co-giao"


def test_limits_are_inclusive(scratch):
    story, problems = read(scratch, story_text(title="Ô" * 150, deed="Đ" * 300))
    assert problems == []
    assert len(story.title) == 150


def test_blank_lines_around_front_matter_keep_lines_exact(scratch):
    text = "---\n\n\n" + GOOD[4:].replace("date: 2024-05-08", "date: 8/5/2024").replace("---\nNội", "---\n\n\nNội")
    story, problems = read(scratch, text)
    (problem,) = problems
    assert (problem.line, problem.column, problem.field) == (10, 7, "date")
    text = text.replace("date: 8/5/2024", "date: 2024-05-08").replace("Nội dung câu chuyện.", "<script>x</script>")
    story, problems = read(scratch, text)
    (problem,) = problems
    assert problem.line == 18
    assert text.splitlines()[problem.line - 1] == "<script>x</script>"


HOSTILE_TITLE = '"><img src=x onerror=alert(1)>'


def test_hostile_title_is_kept_as_text_by_the_loader(scratch):
    text = swap("title: Cô giáo mở lớp học miễn phí", f"title: '{HOSTILE_TITLE}'")
    story, problems = read(scratch, swap("{name: Nguyễn Thị Hoa}", "{name: <b>Hoa</b>}", text))
    assert problems == []
    assert story.title == HOSTILE_TITLE
    assert story.person.name == "<b>Hoa</b>"


@pytest.mark.parametrize("src, words", [
    ("khong-co.jpg", "không tìm thấy ảnh `khong-co.jpg` cạnh tệp truyện"),
    ("../../content/anh.jpg", "ảnh phải nằm cùng thư mục với tệp truyện"),
    ("/etc/hostname", "ảnh phải nằm cùng thư mục với tệp truyện"),
    ("anh/anh-1.jpg", "ảnh phải nằm cùng thư mục với tệp truyện"),
])
def test_a_bad_photo_is_an_error_and_the_story_goes_without_it(scratch, src, words):
    (scratch.root / "content" / "anh.jpg").write_bytes(b"\xff\xd8\xff")
    text = story_text(photos=[{"src": src, "alt": "Ảnh"}])
    story, problems = read(scratch, text)
    assert story is not None and story.photos == ()
    (problem,) = problems
    line = text.splitlines()[13]
    assert (problem.line, problem.column, problem.field, problem.is_error) == (14, line.index(src) + 1, "photos[0].src", True)
    assert words in problem.message
