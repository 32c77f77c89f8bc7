"""Mistakes a district editor makes on Windows or a phone: pasted from Word or Facebook, typed in
Vietnamese where the template wants a code, saved with the wrong extension."""

from __future__ import annotations

import json
import unicodedata

import pytest

from generator import cli

from conftest import story_text, without_reminders
from photo_factory import phone_jpeg

GOOD = story_text()


@pytest.fixture
def run(scratch, monkeypatch, capsys):
    monkeypatch.chdir(scratch.root)

    def nttv(*args: str):
        code = cli.main(list(args))
        out, err = capsys.readouterr()
        return code, without_reminders(out + err)

    return nttv


# Pasted characters an editor cannot see must not make a good story fail.
@pytest.mark.parametrize("old, new", [
    ("chapter: binh-xuyen", "chapter: binh-xuyen\u00a0"),            # NBSP after a value
    ("chapter: binh-xuyen", "chapter: binh\u200b-xuyen"),            # zero-width space inside an id
    ("kind: individual", "kind:\u00a0individual"),                   # NBSP after the colon
    ("kind: individual", "\u200bkind: individual"),                  # zero-width space before a key
    ("kind: individual", "\ufeffkind: individual"),                  # byte-order mark mid-file
    ("date: 2024-05-08", "date: 2024-05-08\u00a0"),
    ("  by: Nguyễn", "\u00a0 by: Nguyễn"),                           # NBSP in the indentation
    ("Mở lớp học miễn phí cho", "Mở lớp học miễn\u00adphí cho"),      # Word's soft hyphen
])
def test_invisible_pasted_characters_are_accepted(scratch, run, old, new):
    assert old in GOOD
    scratch.story("2024/co-giao.md", GOOD.replace(old, new, 1))
    assert run("check") == (0, "Đã kiểm tra 1 tệp: 0 lỗi, 0 cảnh báo.\n")


@pytest.mark.parametrize("first, second", [
    ("Trần Văn Bình", "Trần\u00a0Văn Bình"),
    ("Trần Văn Bình", "Trần Văn\u200b Bình"),
    ("Nguyễn Văn An", "𝐍𝐠𝐮𝐲𝐞̂̃𝐧 𝐕𝐚̆𝐧 𝐀𝐧"),  # Facebook's "Unicode bold"
    ("Lê Thị Hòa", "Lê Thị Hoà"),            # tone mark placed old style by another keyboard
    ("Đỗ Thúy", "Đỗ Thuý"),
])
def test_a_name_pasted_with_invisible_or_styled_characters_is_one_person_in_the_tally(scratch, run, first, second):
    scratch.story("2024/mot.md", person={"name": first}, consent={"by": first, "date": "2024-05-01", "scope": ["website"]})
    scratch.story("2024/hai.md", person={"name": second}, consent={"by": first, "date": "2024-05-01", "scope": ["website"]})
    code, out = run("check")
    assert "“" + first + "” đã được giới thiệu trong năm 2024 ở stories/2024/hai.md" in out
    _, out = run("tally", "--json")
    row = next(r for r in json.loads(out)
               if (r["target"], r["chapter"], r["year"]) == ("individuals", "binh-xuyen", 2024))
    assert row["reached"] == 1


@pytest.mark.build
def test_unicode_bold_name_is_published_as_plain_letters(scratch):
    scratch.story("2024/co-giao.md", person={"name": "𝐍𝐠𝐮𝐲𝐞̂̃𝐧 𝐓𝐡𝐢̣ 𝐇𝐨𝐚"})
    assert scratch.build().returncode == 0
    page = scratch.html("cau-chuyen/2024/co-giao/")
    assert "Nguyễn Thị Hoa" in page and "𝐍" not in page


@pytest.mark.parametrize("old, new, expected", [
    ("kind: individual", "kind: cá nhân",
     "stories/2024/co-giao.md:3:7: kind: `cá nhân` không hợp lệ: viết mã loại bằng tiếng Anh (ý bạn là `individual`?)"),
    ("kind: individual", "kind: Tập thể",
     "stories/2024/co-giao.md:3:7: kind: `Tập thể` không hợp lệ: viết mã loại bằng tiếng Anh (ý bạn là `collective`?)"),
    ("scope: [website, facebook, zalo]", "scope: website, facebook",
     "stories/2024/co-giao.md:12:10: consent.scope: nhiều giá trị phải đặt trong ngoặc vuông: `[website, facebook]`"),
    ("criteria: [phap-luat, dia-chi-nhan-dao, tam-guong]", "criteria: phap-luat, tam-guong",
     "stories/2024/co-giao.md:7:11: criteria: nhiều giá trị phải đặt trong ngoặc vuông: `[phap-luat, tam-guong]`"),
    ("date: 2024-05-08", 'date: 2024-05-08\ndraft: "false"',
     "stories/2024/co-giao.md:9:8: draft: chỉ nhận `true` (có) hoặc `false` (không): viết `false` không có dấu ngoặc kép"),
])
def test_vietnamese_or_unbracketed_values_get_the_exact_fix(scratch, run, old, new, expected):
    assert old in GOOD
    scratch.story("2024/co-giao.md", GOOD.replace(old, new, 1))
    code, out = run("check")
    assert code == 1
    assert out.splitlines()[0] == expected


@pytest.mark.parametrize("name, renamed", [
    ("co-giao.md.txt", "co-giao.md"),      # Notepad with extensions hidden
    ("co-giao.txt", "co-giao.md"),
    ("co-giao.markdown", "co-giao.md"),
])
def test_a_story_saved_with_another_extension_fails_the_check_and_names_the_new_name(scratch, run, name, renamed):
    scratch.story("2024/khac.md", person={"name": "Lê Văn Tâm"})
    scratch.story(f"2024/{name}", GOOD)
    code, out = run("check")
    assert code == 1
    assert out.splitlines()[0] == (
        f"stories/2024/{name}:1:1: (tên tệp): tệp có phần thông tin truyện nhưng đuôi không phải .md "
        f"nên không được đăng: hãy đổi tên tệp thành `{renamed}`")


def test_a_stray_document_that_is_no_story_stays_a_warning(scratch, run):
    scratch.story("2024/ghi-chu.txt", "Gọi cô Hoa hỏi lại ngày đồng ý.\n")
    code, out = run("check")
    assert code == 0 and out.splitlines()[0].endswith("(cảnh báo)")


@pytest.mark.parametrize("pasted, typed", [
    ("𝐓𝐚̂́𝐦 𝐥𝐨̀𝐧𝐠 𝐯𝐚̀𝐧𝐠", "Tấm lòng vàng"),  # styled letters with combining tones, from Facebook
    ("Tấm\u00a0lòng\u200b vàng", "Tấm lòng vàng"),
])
def test_nttv_new_writes_pasted_names_and_titles_as_plain_text_the_check_reads(scratch, run, pasted, typed):
    code, _ = run("new", "--kind", "individual", "--chapter", "binh-xuyen", "--name", pasted,
                  "--title", pasted, "--date", "2024-05-08")
    assert code == 0
    text = (scratch.root / "stories/2024/tam-long-vang.md").read_text(encoding="utf-8")
    assert f'title: "{typed}"' in text and f'name: "{typed}"' in text
    _, out = run("check")
    assert "YAML" not in out


@pytest.mark.parametrize("on_disk, written, expected", [
    (unicodedata.normalize("NFD", "ảnh mẹ Hoa.jpg"), "ảnh mẹ Hoa.jpg", ""),  # copied from a Mac or a zip
    ("Ảnh mẹ Hoa.JPG", "Ảnh mẹ Hoa.jpg",
     "stories/2024/co-giao.md:14:9: photos[0].src: không tìm thấy ảnh `Ảnh mẹ Hoa.jpg` cạnh tệp truyện "
     "(ý bạn là `Ảnh mẹ Hoa.JPG`? chữ hoa, chữ thường phải đúng như tên tệp)"),
])
def test_a_photo_named_with_diacritics_is_found_as_the_editor_sees_it(scratch, run, on_disk, written, expected):
    phone_jpeg(scratch.root / "stories/2024" / on_disk, gps=False)
    scratch.story("2024/co-giao.md", photos=[{"src": written, "alt": "Cô Hoa và học trò"}])
    code, out = run("check")
    if expected:
        assert out.splitlines()[0] == expected
    else:
        assert (code, out) == (0, "Đã kiểm tra 1 tệp: 0 lỗi, 0 cảnh báo.\n")


@pytest.mark.build
def test_html_pasted_from_word_keeps_its_text_and_names_words_tag_as_formatting(scratch, run):
    body = ("<p class=MsoNormal style='margin-bottom:0cm'><span lang=VI>Cô Hoa dạy học.<o:p></o:p></span></p>\n")
    scratch.story("2024/co-giao.md", body=body)
    code, out = run("check")
    assert (code, out.splitlines()[0]) == (0, "stories/2024/co-giao.md:14:75: (nội dung): đã gỡ mã định dạng dán từ Word: "
                                              "`<o:p>` (chữ trong bài vẫn giữ nguyên): hãy xóa đoạn mã này (cảnh báo)")
    assert scratch.build().returncode == 0
    page = scratch.html("cau-chuyen/2024/co-giao/")
    assert "Cô Hoa dạy học." in page and "MsoNormal" not in page


@pytest.mark.parametrize("first, second", [("Lê Thị Hòa", "Lê Thị Hóa"), ("Lê Thị Hoa", "Lê Thị Hòa")])
def test_names_that_differ_by_their_tone_are_two_people(scratch, run, first, second):
    scratch.story("2024/mot.md", person={"name": first})
    scratch.story("2024/hai.md", person={"name": second})
    _, out = run("tally", "--json")
    row = next(r for r in json.loads(out)
               if (r["target"], r["chapter"], r["year"]) == ("individuals", "binh-xuyen", 2024))
    assert row["reached"] == 2


@pytest.mark.parametrize("named", ["stories/2024/co-giao.md.txt", "stories/2024", "stories"])
def test_a_story_saved_as_txt_fails_when_named_or_its_folder_is_named(scratch, run, named):
    scratch.story("2024/co-giao.md.txt", GOOD)
    code, out = run("check", named)
    assert code == 1
    assert out.splitlines()[0].startswith("stories/2024/co-giao.md.txt:1:1: (tên tệp): tệp có phần thông tin truyện")


def paste(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


TITLE = "title: Cô giáo mở lớp học miễn phí"
# id, story, "line:column: field", words of the message (the fix written out)
PASTE_MISTAKES = [
    ("inner-double-quotes", paste(TITLE, 'title: "Cô giáo "Hoa" mở lớp"'), "2:17: title",
     "ví dụ `title: 'Cô giáo \"Hoa\" mở lớp'`"),
    ("inner-quotes-with-apostrophe", paste(TITLE, 'title: "Cô "Hoa" và lớp học của cô\'s"'), "2:12: title",
     "ngoặc kép “ ”"),
    ("apostrophe-in-single-quotes", paste(TITLE, "title: 'Lớp học của cô Hoa's nhà'"), "2:27: title",
     "ví dụ `title: \"Lớp học của cô Hoa's nhà\"`"),
    ("at-sign", paste(TITLE, "title: @hoa.nguyen trên Facebook"), "2:8: title", '`title: "@hoa.nguyen trên Facebook"`'),
    ("backtick", paste(TITLE, "title: `Cô Hoa` mở lớp"), "2:8: title", "ngoặc kép"),
    ("percent", paste(TITLE, "title: %100 học sinh đến lớp"), "2:8: title", '`title: "%100 học sinh đến lớp"`'),
    ("asterisk", paste(TITLE, "title: *Cô Hoa* mở lớp"), "2:8: title", '`title: "*Cô Hoa* mở lớp"`'),
    ("ampersand", paste(TITLE, "title: &Hoa mở lớp"), "2:8: title", "bỏ mất chữ ngay sau nó"),
    ("exclamation", paste(TITLE, "title: !Quan trọng: cô Hoa"), "2:8: title", "ngoặc kép"),
    ("dash", paste(TITLE, "title: - Cô Hoa mở lớp"), "2:8: title", "một mục danh sách"),
    ("dash-in-nested", paste("{name: Nguyễn Thị Hoa}", "\n  name: - Nguyễn Thị Hoa"), "5:9: person.name",
     '`name: "- Nguyễn Thị Hoa"`'),
    ("windows-path", paste(TITLE, 'title: "D:\\Anh\\Hoa\\lop-hoc.jpg"'), "2:8: title",
     "ví dụ `title: 'D:\\Anh\\Hoa\\lop-hoc.jpg'`"),
    ("windows-path-valid-escapes", paste(TITLE, 'title: "C:\\new\\table.jpg"'), "2:8: title", "đường dẫn Windows"),
    ("unclosed-double-quote", paste(TITLE, 'title: "Cô giáo mở lớp'), "2:8: title", '`title: "Cô giáo mở lớp"`'),
    ("unclosed-single-quote", paste(TITLE, "title: 'Cô giáo mở lớp"), "2:8: title", "thiếu dấu nháy đơn đóng"),
    ("unclosed-quote-closed-lines-later", paste("deed: Mở lớp học miễn phí cho trẻ em khó khăn",
                                                'deed: "Mở lớp học\nchapter: binh-xuyen\nx: "y"'), "6:7: deed",
     "thiếu ngoặc kép đóng"),
    ("unclosed-quote-nested", paste("{name: Nguyễn Thị Hoa}", '\n  name: "Nguyễn Thị Hoa\n  role: giáo viên'),
     "5:9: person.name", "thiếu ngoặc kép đóng"),
    ("hash-comment", paste(TITLE, "title: Bài #1 của Hội"), "2:12: title",
     'giá trị chỉ còn “Bài”: hãy đặt cả giá trị trong ngoặc kép, ví dụ `title: "Bài #1 của Hội"`'),
    ("hashtag-in-deed", paste("deed: Mở lớp học miễn phí", "deed: Mở lớp học #NguoiTotViecThien miễn phí"), "6:18: deed",
     "bị YAML coi là chú thích"),
    ("colon-in-title", paste(TITLE, "title: Cô Hoa: người tốt ở Bình Xuyên"), "2:14: title",
     '`title: "Cô Hoa: người tốt ở Bình Xuyên"`'),
    ("brackets-then-text", paste(TITLE, "title: [Tin] Cô Hoa mở lớp"), "2:8: title", '`title: "[Tin] Cô Hoa mở lớp"`'),
    ("list-item-inner-quotes", paste("criteria: [phap-luat, dia-chi-nhan-dao, tam-guong]",
                                     'criteria:\n  - phap-luat\n  - "tam "guong"'), "9:10: criteria",
     "dấu ngoặc kép bên trong"),
]


@pytest.mark.parametrize("text, where, words", [case[1:] for case in PASTE_MISTAKES], ids=[case[0] for case in PASTE_MISTAKES])
def test_a_paste_mistake_in_yaml_is_named_in_vietnamese_at_its_line_with_the_fix(scratch, run, text, where, words):
    scratch.story("2024/co-giao.md", text)
    code, out = run("check")
    first = out.splitlines()[0]
    assert code == 1
    assert first.startswith(f"stories/2024/co-giao.md:{where}: "), first
    assert words in first, first
    assert not any(english in first for english in ("expected", "found", "could not", "while scanning", "mapping"))


# Layout mistakes PyYAML names in English: the editor reads what to look at, in Vietnamese, at the line.
@pytest.mark.parametrize("old, new, where, words", [
    pytest.param("  scope: [website, facebook, zalo]", "  scope: [website, facebook, zalo]\n x: 1", "13:", "thụt lề",
                 id="a line indented less than its neighbours"),
    pytest.param("criteria: [phap-luat, dia-chi-nhan-dao, tam-guong]",
                 "criteria:\n  - phap-luat\n  tam-guong: 1", "", "thụt lề", id="a key among a list's items"),
])
def test_a_yaml_layout_mistake_is_told_in_vietnamese(scratch, run, old, new, where, words):
    scratch.story("2024/co-giao.md", paste(old, new))
    code, out = run("check")
    first = out.splitlines()[0]
    assert code == 1
    assert first.startswith(f"stories/2024/co-giao.md:{where}"), first
    assert words in first, first
    assert not any(english in first for english in ("expected", "found", "could not", "while", "mapping", "block"))


@pytest.mark.parametrize("new, kept", [
    ("title: Bài # 1 của Hội", "Bài"),
    ("title: Cô Hoa # tên thật là Nguyễn Thị Hoa", "Cô Hoa"),
])
def test_a_title_cut_by_a_spaced_hash_is_published_but_warned_with_the_fix(scratch, run, new, kept):
    scratch.story("2024/co-giao.md", paste(TITLE, new))
    code, out = run("check")
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith("stories/2024/co-giao.md:2:") and first.endswith("(cảnh báo)")
    assert f"giá trị chỉ còn “{kept}”" in first and 'ngoặc kép, ví dụ `title: "' in first


@pytest.mark.parametrize("new", [
    'deed: “Mở lớp học miễn phí cho trẻ em khó khăn"',
    'deed: “Mở lớp học miễn phí cho trẻ em khó khăn"             # việc làm tốt trong một câu',
])
def test_a_value_opened_with_words_curly_quote_and_closed_straight_is_warned_with_the_fix(scratch, run, new):
    scratch.story("2024/co-giao.md", paste("deed: Mở lớp học miễn phí cho trẻ em khó khăn", new))
    code, out = run("check")
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith("stories/2024/co-giao.md:6:7: deed: giá trị mở bằng ngoặc kép kiểu Word “"), first
    assert first.endswith('hãy viết `deed: "Mở lớp học miễn phí cho trẻ em khó khăn"` (cảnh báo)'), first


def test_a_value_quoted_wholly_in_curly_quotes_is_a_quotation_and_not_warned(scratch, run):
    scratch.story("2024/co-giao.md", paste(TITLE, "title: “Tủ bánh 0 đồng” trước cổng bệnh viện"))
    assert run("check") == (0, "Đã kiểm tra 1 tệp: 0 lỗi, 0 cảnh báo.\n")


@pytest.mark.parametrize("line", [
    "kind: individual                  # Người tốt, việc thiện (cá nhân)",  # the template's aligned comments
    "kind: individual # cá nhân",
])
def test_the_templates_comments_after_a_code_are_not_warned(scratch, run, line):
    scratch.story("2024/co-giao.md", paste("kind: individual", line))
    assert run("check") == (0, "Đã kiểm tra 1 tệp: 0 lỗi, 0 cảnh báo.\n")
