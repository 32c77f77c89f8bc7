"""What a story's text may hold: bodies the renderer takes, no image from another host,
characters that can be written out, names in one script and of a sane length.

Line numbers are those of ``story_text()`` (see tests/test_story.py): the body starts on line 14.
"""

from __future__ import annotations

import io
import json
import sys

import pytest

from conftest import story_text
from generator import cli
from generator.problems import BODY, Severity
from generator.reading.story import read_story

GOOD = story_text()


def read(scratch, content: str | bytes, name: str = "2024/truyen.md"):
    path = scratch.root / "stories" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    return read_story(path, scratch.root, scratch.plan())


def swap(old: str, new: str, text: str = GOOD) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def deep_list(depth: int) -> str:
    return "".join("    " * level + "- mục\n" for level in range(depth))


# id, content, (line, column, field) of the first error, words of its message
REFUSED = [
    ("body-too-long", story_text(body="Chữ. " * 21_000), (14, 100_001, BODY), "tối đa 100.000"),
    ("body-six-megabytes", story_text(body="Chữ " * 1_500_000), (1, 1, "(tệp)"), "tối đa 1.000 KB"),
    ("list-nested-hundreds-deep", story_text(body="Mở đầu.\n\n" + deep_list(100)), (46, 1, BODY), "lồng nhau quá 30 tầng"),
    ("quotes-nested", story_text(body=">" * 200 + " trích\n"), (14, 1, BODY), "lồng nhau quá 30 tầng"),
    ("links-nested", story_text(body="Mở đầu " + "[" * 300 + "a" + "](b)" * 300), (14, 38, BODY), "ngoặc vuông"),
    ("markdown-html-nested", story_text(body='<div markdown="1">\n' * 100 + "x\n" + "</div>\n" * 100), (44, 1, BODY),
     "thuộc tính markdown"),
    ("excerpt-nested", swap("date: 2024-05-08", 'date: 2024-05-08\nexcerpt: "' + "> " * 40 + 'tóm tắt"'), (9, 10, "excerpt"),
     "lồng nhau quá 30 tầng"),
    ("remote-image", story_text(body="Mở đầu.\n\n![Cô Hoa](https://anh.example.com/hoa.jpg)\n"), (16, 11, BODY),
     "ảnh lấy từ trang khác (`https://anh.example.com/hoa.jpg`)"),
    ("remote-img-tag", story_text(body='Mở đầu.\n\n<img src="http://anh.example.com/a.png">\n'), (16, 11, BODY),
     "trang chuyên mục không tải gì từ máy chủ khác"),
    ("protocol-relative-image", story_text(body="![a](//anh.example.com/a.jpg)\n"), (14, 6, BODY), "`//anh.example.com/a.jpg`"),
    ("reference-image", story_text(body="Ảnh: ![a][hinh]\n\n[hinh]: https://anh.example.com/r.jpg\n"), (16, 9, BODY),
     "`https://anh.example.com/r.jpg`"),
    ("srcset-image", story_text(body='<img srcset="a.jpg 1x, https://anh.example.com/b.jpg 2x">\n'), (14, 24, BODY),
     "khai báo trong `photos`"),
    ("unit-five-megabytes", story_text(unit="Trường " * 50), (1, 1, "unit"), "tối đa 300"),
    ("name-too-long", swap("{name: Nguyễn Thị Hoa}", "{name: " + "Hoa " * 60 + "}"), (4, 16, "person.name"), "tối đa 200"),
    ("role-too-long", swap("{name: Nguyễn Thị Hoa}", "{name: Nguyễn Thị Hoa, role: " + "giáo viên " * 30 + "}"),
     (4, 38, "person.role"), "tối đa 200"),
    ("caption-too-long", story_text(photos=[{"src": "a.jpg", "alt": "Ảnh", "caption": "Chú thích. " * 100}]),
     (1, 1, "photos[0].caption"), "tối đa 1.000"),
]


@pytest.mark.parametrize("content, where, words", [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_a_body_or_field_beyond_what_the_column_takes_is_refused_where_it_is(scratch, content, where, words):
    story, problems = read(scratch, content)
    errors = [p for p in problems if p.is_error]
    assert errors, problems
    line, column, field = where
    first = next((p for p in errors if p.field == field), errors[0])
    if not field.startswith("photos"):
        assert story is None
    assert first.field == field and words in first.message, str(first)
    if (line, column) != (1, 1):
        assert (first.line, first.column) == (line, column), str(first)


@pytest.mark.parametrize("body", [
    "Mở đầu.\n\n" + deep_list(4) + "\n> trích\n> > lồng hai\n",
    "Ảnh [xem ở đây](https://anh.example.com/hoa.jpg) (một liên kết, không phải ảnh)\n",
    "![Cô Hoa](hoa.jpg)\n",
    "Chữ. " * 19_000,
    "[" * 40 + " (dấu ngoặc không đóng thì không lồng gì)\n",
])
def test_real_bodies_pass(scratch, body):
    story, problems = read(scratch, story_text(body=body))
    assert story is not None and not [p for p in problems if p.is_error], problems


# id, content, (line, column, field), what the character was, what the story keeps
CLEANED = [
    ("surrogate-escape-in-title", swap("title: Cô giáo mở lớp học miễn phí", 'title: "Cô giáo \\uD800 mở lớp"'),
     (2, 8, "title"), "U+D800", ("title", "Cô giáo mở lớp")),
    ("surrogate-escape-in-chapter", swap("chapter: binh-xuyen", 'chapter: "binh-xuyen\\uDFFF"'),
     (5, 10, "chapter"), "U+DFFF", ("chapter", "binh-xuyen")),
    ("escape-in-name", swap("{name: Nguyễn Thị Hoa}", '{name: "Nguyễn \\e[31mThị\\a Hoa"}'),
     (4, 16, "person.name"), "U+001B, ký tự điều khiển U+0007", ("person.name", "Nguyễn [31mThị Hoa")),
    ("right-to-left-override-in-name", swap("{name: Nguyễn Thị Hoa}", "{name: Nguyễn \u202eThị Hoa}"),
     (4, 23, "person"), "U+202E", ("person.name", "Nguyễn Thị Hoa")),
    ("isolate-in-title", swap("title: Cô giáo", "title: \u2067Cô giáo\u2069"), (2, 8, "title"), "U+2067", ("title", None)),
    ("escape-in-body", story_text(body="Mở đầu.\n\nChữ \x1b[31mđỏ\x1b[0m và chuông\x07.\n"),
     (16, 5, BODY), "U+001B", ("body", "Mở đầu.\n\nChữ [31mđỏ[0m và chuông.")),
    ("override-in-body", story_text(body="Mở đầu \u202etxt.exe\n"), (14, 8, BODY), "U+202E", ("body", "Mở đầu txt.exe")),
    ("c1-control-in-body", story_text(body="Chữ\x9b31m đỏ\n"), (14, 4, BODY), "U+009B", ("body", "Chữ31m đỏ")),
]


@pytest.mark.parametrize("content, where, words, kept", [case[1:] for case in CLEANED], ids=[case[0] for case in CLEANED])
def test_characters_that_cannot_be_written_out_are_removed_with_a_warning(scratch, content, where, words, kept):
    story, problems = read(scratch, content)
    assert story is not None, problems
    notes = [p for p in problems if "ký tự không hiển thị được" in p.message]
    assert len(notes) == 1 and notes[0].severity is Severity.WARNING
    assert (notes[0].line, notes[0].column, notes[0].field) == where, str(notes[0])
    assert words in notes[0].message
    name, value = kept
    held = story
    for step in name.split("."):
        held = getattr(held, step)
    if value is not None:
        assert held == value
    assert not any(ord(char) < 32 and char != "\n" or 0xD800 <= ord(char) <= 0xDFFF or char in "\u202e\u2067\u2069"
                   for char in held)


def test_an_emoji_escaped_as_a_surrogate_pair_is_the_emoji(scratch):
    story, problems = read(scratch, swap("title: Cô giáo mở lớp học miễn phí", 'title: "Cô giáo \\uD83D\\uDE00"'))
    assert story.title == "Cô giáo 😀" and problems == []


@pytest.fixture
def run(scratch, monkeypatch):
    monkeypatch.chdir(scratch.root)

    def nttv(*args: str, encoding: str = "utf-8") -> tuple[int, str]:
        # A terminal with a strict encoding: a character it cannot take must not stop the command.
        out = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="strict")
        err = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="strict")
        monkeypatch.setattr(sys, "stdout", out)
        monkeypatch.setattr(sys, "stderr", err)
        code = cli.main(list(args))
        text = []
        for stream in (out, err):
            stream.flush()
            text.append(stream.buffer.getvalue().decode("utf-8"))
        return code, "".join(text)

    return nttv


@pytest.mark.parametrize("old, new", [
    ("chapter: binh-xuyen", 'chapter: "\\uD800"'),
    ("chapter: binh-xuyen", 'chapter: "\\e[2J\\e[31mxoa-man-hinh"'),
    ("kind: individual", 'kind: "individual\\uDC80"'),
    ("{name: Nguyễn Thị Hoa}", '{name: "\\uD800\\u202e"}'),
])
@pytest.mark.parametrize("command", [("check",), ("check", "--format", "github"), ("check", "--format", "json"),
                                     ("share",), ("tally",)])
def test_no_command_raises_on_what_a_yaml_escape_can_write(scratch, run, old, new, command):
    scratch.story("2024/co-giao.md", swap(old, new))
    scratch.story("2024/khac.md", person={"name": "Lê Văn Tâm"})
    code, out = run(*command)
    assert code in (0, 1)
    assert "\x1b" not in out and "\u202e" not in out
    assert "\ud800" not in out


def test_a_message_about_a_file_named_with_undecodable_bytes_is_printed(scratch, run):
    folder = scratch.root / "stories" / "2024"
    folder.mkdir(parents=True)
    (folder / "co-giao.md").write_text(story_text(photos=[{"src": "a\udcffnh.jpg", "alt": "Ảnh"}]),
                                        encoding="utf-8", errors="surrogateescape")
    code, out = run("check", encoding="ascii")
    assert code == 1 and "photos[0].src" in out


@pytest.mark.parametrize("first, second", [
    ("Nguyễn Thị Hoa", "Nguyễn Thị Hоa"),     # Cyrillic о
    ("Nguyễn Thị Hoa", "Nguуễn Thị Hoa"),     # Cyrillic у under the tilde and circumflex
    ("Trần Văn Bình", "Trần Văn Вình"),       # Cyrillic В
    ("Lê Thị Xuân", "Lê Thị Хuân"),           # Cyrillic Х
    ("Phạm Minh Anh", "Phạm Minh Αnh"),       # Greek Alpha
    ("Đỗ Thị Kim", "Đỗ Thị Κim"),             # Greek Kappa
])
def test_a_letter_of_another_script_inside_a_name_is_the_same_person_and_warned(scratch, run, first, second):
    consent = {"by": first, "date": "2024-05-01", "scope": ["website"]}
    scratch.story("2024/mot.md", person={"name": first}, consent=consent)
    scratch.story("2024/hai.md", person={"name": second}, consent=consent)
    code, out = run("check")
    assert f"“{first}” đã được giới thiệu trong năm 2024 ở stories/2024/hai.md" in out
    warned = [line for line in out.splitlines() if line.startswith("stories/2024/hai.md:4:") and "person.name" in line]
    assert len(warned) == 1 and "bảng chữ cái khác" in warned[0] and warned[0].endswith("(cảnh báo)")
    _, out = run("tally", "--json")
    row = next(r for r in json.loads(out)
               if (r["target"], r["chapter"], r["year"]) == ("individuals", "binh-xuyen", 2024))
    assert row["reached"] == 1


@pytest.mark.parametrize("name", ["Nguyễn Thị Hoa", "Ông Ivan Petrov", "Иван Петров", "Σοφία Νικολάου"])
def test_a_name_wholly_in_one_script_is_not_warned(scratch, name):
    story, problems = read(scratch, story_text(person={"name": name},
                                               consent={"by": name, "date": "2024-05-01", "scope": ["website"]}))
    assert story is not None and problems == []


@pytest.mark.parametrize("body", [deep_list(300)[:60_000], "- " * 400 + "mục\n", "> " * 400 + "trích\n",
                                  "[" * 20_000, "[a](" * 5_000])
def test_share_and_check_name_a_body_the_renderer_cannot_take_and_go_on(scratch, run, body):
    scratch.story("2024/sau.md", story_text(body=body))
    scratch.story("2024/khac.md", person={"name": "Lê Văn Tâm"})
    code, out = run("check")
    bad = "stories/2024/sau.md:"
    assert (code == 1) == (bad in out)
    code, out = run("share")
    assert code == 0, out
    assert (scratch.root / "share" / "khac").is_dir()
