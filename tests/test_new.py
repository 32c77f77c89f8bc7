"""``nttv new``: a story file from the plan, by options or by questions, never over another file."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest

from generator import cli
from generator.reading.story import CONSENT_KEYS, HONOUR_KEYS, PERSON_KEYS, PHOTO_KEYS, TOP_KEYS, read_story
from generator.reading.template import title_slug

OPTIONS = ["--kind", "individual", "--chapter", "binh-xuyen", "--name", "Nguyễn Văn Tĩnh",
           "--title", "Người tốt ở Đồng Tĩnh", "--date", "2024-05-08"]


class Terminal(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self.tty = tty

    def isatty(self):
        return self.tty


@pytest.fixture
def new(scratch, monkeypatch, capsys):
    """Run ``nttv new`` in the scratch repository; ``answers`` are typed at a terminal if given."""
    monkeypatch.chdir(scratch.root)

    def run(*args: str, answers: list[str] | None = None):
        monkeypatch.setattr("sys.stdin", Terminal(tty=answers is not None))
        typed = iter(answers or [])
        asked: list[str] = []

        def fake_input(prompt=""):
            asked.append(prompt)
            try:
                return next(typed)
            except StopIteration:
                raise EOFError from None

        monkeypatch.setattr("builtins.input", fake_input)
        code = cli.main(["new", *args])
        out, err = capsys.readouterr()
        return code, out, err, asked

    return run


def check(scratch, relative):
    return read_story(scratch.root / relative, scratch.root, scratch.plan())


def test_options_create_the_file_named_from_the_title(scratch, new):
    code, out, err, _ = new(*OPTIONS)
    assert code == 0, err
    path = scratch.root / "stories/2024/nguoi-tot-o-dong-tinh.md"
    assert path.is_file()
    assert "stories/2024/nguoi-tot-o-dong-tinh.md" in out
    text = path.read_text(encoding="utf-8")
    assert 'title: "Người tốt ở Đồng Tĩnh"' in text
    assert 'name: "Nguyễn Văn Tĩnh"' in text
    assert re.search(r"^date: 2024-05-08 ", text, re.M)
    assert re.search(r"^chapter: binh-xuyen +# Hội Chữ thập đỏ huyện Bình Xuyên$", text, re.M)


def test_without_a_terminal_a_missing_option_exits_2_naming_it(scratch, new):
    code, out, err, asked = new("--kind", "individual", "--name", "Hoa")
    assert code == 2
    assert "thiếu --chapter, --title" in err
    assert asked == []
    assert not (scratch.root / "stories" / "2026").exists()


def test_at_a_terminal_the_missing_answers_are_asked(scratch, new):
    long_title = "Ấm áp " * 30
    code, out, err, asked = new("--date", "2024-05-08", answers=[
        "3", "tap-the", "2",          # kind: out of range, unknown, then by number
        "binh-xuyen",                 # chapter by id, among the chapters active that day
        "CLB Tình nguyện Tuổi trẻ",   # name
        "", long_title, "Câu lạc bộ của những bữa cơm 0 đồng",  # title: empty, too long, fine
    ])
    assert code == 0, err
    assert len(asked) == 8
    assert "[binh-xuyen]" in err and "[phuong-vinh-yen]" not in err  # only chapters active on 8/5/2024
    assert "dài 179 ký tự, tối đa 150" in err
    text = (scratch.root / "stories/2024/cau-lac-bo-cua-nhung-bua-com-0-dong.md").read_text(encoding="utf-8")
    assert "kind: collective" in text
    assert "  # - giup-do-het" in text
    assert "phap-luat" not in text


def test_ctrl_c_at_a_question_stops_with_a_word_not_a_traceback(scratch, monkeypatch, capsys):
    def interrupted(prompt=""):
        raise KeyboardInterrupt

    monkeypatch.chdir(scratch.root)
    monkeypatch.setattr("sys.stdin", Terminal(tty=True))
    monkeypatch.setattr("builtins.input", interrupted)
    before = sorted((scratch.root / "stories").rglob("*"))
    code = cli.main(["new", "--date", "2024-05-08"])
    err = capsys.readouterr().err
    assert code == 130
    assert err.endswith("nttv: đã dừng (Ctrl-C)\n") and "Traceback" not in err
    assert sorted((scratch.root / "stories").rglob("*")) == before


def test_an_answer_cut_short_exits_2(scratch, new):
    code, _, err, _ = new("--date", "2024-05-08", answers=["1"])
    assert code == 2
    assert "không còn dữ liệu nhập" in err


@pytest.mark.parametrize("kind", ["individual", "collective"])
def test_template_lists_every_criterion_commented_with_its_label(scratch, new, kind):
    options = list(OPTIONS)
    options[1] = kind
    assert new(*options)[0] == 0
    text = (scratch.root / "stories/2024/nguoi-tot-o-dong-tinh.md").read_text(encoding="utf-8")
    plan = scratch.plan()
    for criterion in plan.kinds[kind].criteria:
        assert re.search(rf"^  # - {criterion.id} +# {re.escape(criterion.label)}$", text, re.M), criterion.id
    other = next(k for k in plan.kinds if k != kind)
    assert not any(criterion.id in text for criterion in plan.kinds[other].criteria)
    assert unicodedata.is_normalized("NFC", text)


def test_template_explains_every_optional_field_in_a_comment(scratch, new):
    assert new(*OPTIONS)[0] == 0
    text = (scratch.root / "stories/2024/nguoi-tot-o-dong-tinh.md").read_text(encoding="utf-8")
    front = text.split("\n---\n")[0]
    written = {m.group(1) for m in re.finditer(r"^[ #-]*([a-z_]+):", front, re.M)}
    assert set(TOP_KEYS) | set(PERSON_KEYS) | set(CONSENT_KEYS) | set(PHOTO_KEYS) | set(HONOUR_KEYS) <= written
    for line in front.splitlines():
        if re.match(r"^\s*# (- )?[a-z_]+:", line):
            assert re.search(r"\S +# \S", line.split("#", 1)[1]), f"optional field without a note: {line}"


def test_fresh_template_counts_nothing_and_says_what_to_fill(scratch, new):
    assert new(*OPTIONS)[0] == 0
    story, problems = check(scratch, "stories/2024/nguoi-tot-o-dong-tinh.md")
    assert story is None
    assert [p.field for p in problems] == ["deed", "consent.by", "consent.date", "consent.scope", "(nội dung)"]


def fill(text: str) -> str:
    text = re.sub(r'^deed: ""', 'deed: "Nấu cơm miễn phí cho bệnh nhân"', text, flags=re.M)
    text = re.sub(r'^  by: ""', '  by: "Nguyễn Văn Tĩnh"', text, flags=re.M)
    text = re.sub(r"^  date: ", "  date: 2024-05-01", text, flags=re.M)
    text = re.sub(r"^  scope: ", "  scope: [website, zalo]", text, flags=re.M)
    text = re.sub(r"^  # - ", "  - ", text, flags=re.M)
    return re.sub(r"^<!-- Đoạn mở đầu.*-->$", "Ông Tĩnh nấu cơm mỗi sáng.", text, flags=re.M)


def test_filled_template_passes_the_checks_and_counts(scratch, new):
    assert new(*OPTIONS)[0] == 0
    path = scratch.root / "stories/2024/nguoi-tot-o-dong-tinh.md"
    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    story, problems = check(scratch, "stories/2024/nguoi-tot-o-dong-tinh.md")
    assert problems == []
    assert story.meets_criteria(scratch.plan())
    assert story.summary == "Ông Tĩnh nấu cơm mỗi sáng."


def test_every_commented_field_uncommented_is_a_known_field(scratch, new):
    assert new(*OPTIONS)[0] == 0
    path = scratch.root / "stories/2024/nguoi-tot-o-dong-tinh.md"
    head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
    lines = head.splitlines()
    uncommented = [lines[0]] + [re.sub(r"^(\s*)# (?=[a-z_ -]+:| +-)", r"\1", line) for line in lines[1:]]
    path.write_text(fill("\n".join(uncommented) + "\n---\n" + body), encoding="utf-8")
    _, problems = check(scratch, "stories/2024/nguoi-tot-o-dong-tinh.md")
    assert not [p for p in problems if "không có trong mẫu truyện" in p.message or "YAML" in p.message], problems
    # What is left is what the example values leave blank: the photo, a minor's guardian, a withdrawal
    # without its date (an error until a date is written or the line removed); and `pilot: true` on a
    # 2024 story, which the plan's pilot target (2023) does not count.
    assert {p.field for p in problems} <= {"photos[0].src", "photos[0].alt", "photos[0].children_consent",
                                           "consent.guardian", "withdrawn", "pilot"}, problems


def test_a_title_with_quotes_colons_and_hashes_is_kept_exactly(scratch, new):
    title = 'Bà Hoa: "người mẹ" của #100 em – 50% lương'
    options = list(OPTIONS)
    options[options.index("--title") + 1] = title
    assert new(*options)[0] == 0
    path = scratch.root / "stories/2024" / f"{title_slug(title)}.md"
    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    story, problems = check(scratch, path.relative_to(scratch.root).as_posix())
    assert problems == []
    assert story.title == title


def test_never_overwrites_and_suggests_a_free_name(scratch, new):
    assert new(*OPTIONS)[0] == 0
    path = scratch.root / "stories/2024/nguoi-tot-o-dong-tinh.md"
    path.write_text("đã sửa", encoding="utf-8")
    code, _, err, _ = new(*OPTIONS)
    assert code == 1
    assert "--slug nguoi-tot-o-dong-tinh-2" in err
    assert path.read_text(encoding="utf-8") == "đã sửa"
    assert new(*OPTIONS, "--slug", "nguoi-tot-o-dong-tinh-2")[0] == 0
    code, _, err, _ = new(*OPTIONS)
    assert code == 1
    assert "--slug nguoi-tot-o-dong-tinh-3" in err


def test_a_name_differing_only_in_case_or_accents_is_taken_too(scratch, new):
    scratch.story("2024/Người-tốt-ở-Đồng-Tĩnh.md")
    code, _, err, _ = new(*OPTIONS)
    assert code == 1
    assert "--slug nguoi-tot-o-dong-tinh-2" in err


def test_a_title_that_would_take_a_list_address_gets_another_name(scratch, new):
    options = list(OPTIONS)
    options[options.index("--title") + 1] = "Trang 2"
    code, _, err, _ = new(*options)
    assert code == 1
    assert "--slug trang-2-2" in err


@pytest.mark.parametrize("title, slug", [
    ("Người tốt ở Đồng Tĩnh", "nguoi-tot-o-dong-tinh"),
    ("ĐOÀN THANH NIÊN – “Ấm áp” 100%", "doan-thanh-nien-am-ap-100"),
    (unicodedata.normalize("NFD", "Bữa cơm 0 đồng"), "bua-com-0-dong"),
    ("Chuyện " * 30, "chuyen-" * 10 + "chuyen"),
    ("!!!", "truyen"),
])
def test_slug_is_ascii_from_the_title(title, slug):
    assert title_slug(title) == slug


def test_date_defaults_to_today(scratch, new):
    options = OPTIONS[:-2]
    options[options.index("--chapter") + 1] = "tinh"
    assert new(*options)[0] == 0
    text = (scratch.root / "stories/2026/nguoi-tot-o-dong-tinh.md").read_text(encoding="utf-8")
    assert re.search(r"^date: 2026-11-29 ", text, re.M)


@pytest.mark.parametrize("option, value, words", [
    ("--chapter", "binh-xuyen", "không hoạt động ngày 10/1/2026: truyện ngày đó thuộc `tinh` (Hội Chữ thập đỏ tỉnh Phú Thọ)"),
    ("--chapter", "binh-xuyenn", "không có Hội `binh-xuyenn` trong kế hoạch (ý bạn là `binh-xuyen`?)"),
    ("--kind", "ca-nhan", "--kind `ca-nhan` không hợp lệ"),
    ("--date", "10/1/2026", "ngày `10/1/2026` không hợp lệ: dùng dạng YYYY-MM-DD"),
    ("--title", "Ô" * 151, "tiêu đề bài dài 151 ký tự, tối đa 150"),
    ("--slug", "Tên Có Dấu", "ví dụ `ten-co-dau`"),
])
def test_wrong_options_exit_2_saying_why(scratch, new, option, value, words):
    options = list(OPTIONS)
    options[options.index("--date") + 1] = "2026-01-10"
    options[options.index("--chapter") + 1] = "tinh"
    if option in options:
        options[options.index(option) + 1] = value
    else:
        options += [option, value]
    code, _, err, _ = new(*options)
    assert code == 2
    assert words in err
    assert not (scratch.root / "stories" / "2026").exists()
