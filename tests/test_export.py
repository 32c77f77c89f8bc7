"""`nttv export --for newspaper`: a plain-text file per story for the newspaper, only with consent for print."""

from __future__ import annotations

import pytest

from photo_factory import metadata_in, phone_jpeg

BODY = ("Mỗi tối cô mở lớp cho các em **nghèo** trong xóm.\n\n<!-- more -->\n\n## Lớp học nhỏ\n\n"
        "Lớp có [mười hai em](https://example.org/lop), học *toán* và tiếng Việt:\n\n- thứ hai\n- thứ tư\n")


def consent(*scope: str) -> dict:
    return {"by": "Nguyễn Thị Hoa", "date": "2024-05-01", "scope": list(scope), "record": "Biên bản số 12/2024"}


@pytest.fixture
def exported(scratch):
    phone_jpeg(scratch.root / "stories" / "2024" / "lop-hoc.jpg", size=(800, 600))
    scratch.story("2024/co-giao.md", body=BODY, consent=consent("website", "print"),
                  photos=[{"src": "lop-hoc.jpg", "alt": "Cô giáo và học trò", "caption": "Lớp học buổi tối",
                           "credit": "Trần Văn Ảnh"}])
    scratch.story("2024/chi-web.md", title="Chỉ đồng ý đăng web", consent=consent("website"))
    scratch.story("2024/da-rut.md", title="Đã rút lại", consent=consent("website", "print"), withdrawn="2024-09-01")
    result = scratch.nttv("export", "--for", "newspaper", "stories/2024")
    return scratch, result


def test_one_text_file_per_story_with_consent_for_print(exported):
    scratch, result = exported
    out = scratch.root / "export" / "bao"
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["co-giao-anh-1.jpg", "co-giao.txt"]
    assert result.returncode == 1  # some were left out: the editor should know
    assert "Bỏ qua stories/2024/chi-web.md: sự đồng ý (consent.scope) không có `print`" in result.stdout
    assert "Bỏ qua stories/2024/da-rut.md: đã rút lại sự đồng ý từ 1/9/2024" in result.stdout
    assert "Đã xuất 1 truyện cho báo in" in result.stderr


def test_the_text_has_title_lead_body_captions_and_byline_without_markdown(exported):
    scratch, _ = exported
    text = (scratch.root / "export" / "bao" / "co-giao.txt").read_text(encoding="utf-8")
    assert text == (
        "Cô giáo mở lớp học miễn phí\n\n"
        "Sapo: Mỗi tối cô mở lớp cho các em nghèo trong xóm.\n\n"
        "Lớp học nhỏ\n\n"
        "Lớp có mười hai em, học toán và tiếng Việt:\n\n"
        "• thứ hai\n• thứ tư\n\n"
        "Ảnh:\n1. Lớp học buổi tối. Ảnh: Trần Văn Ảnh. (tệp co-giao-anh-1.jpg)\n\n"
        "Bài: Hội Chữ thập đỏ huyện Bình Xuyên\n")
    assert "Biên bản" not in text  # the consent record stays in the chapter's files


def test_the_photo_sent_has_no_metadata(exported):
    scratch, _ = exported
    assert metadata_in((scratch.root / "export" / "bao" / "co-giao-anh-1.jpg").read_bytes()) == []


def test_all_stories_with_consent_exit_zero(scratch, tmp_path):
    scratch.story("2024/co-giao.md", consent=consent("print"))
    result = scratch.nttv("export", "--for", "newspaper", "stories/2024/co-giao.md", "--out", str(tmp_path / "bao"))
    assert result.returncode == 0, result.stdout + result.stderr
    text = (tmp_path / "bao" / "co-giao.txt").read_text(encoding="utf-8")
    assert text.startswith("Cô giáo mở lớp học miễn phí\n\nSapo: Mở lớp học miễn phí cho trẻ em khó khăn\n\nNội dung câu chuyện.")


def test_a_photo_credit_is_read_from_the_story(scratch):
    scratch.story("2024/co-giao.md", photos=[{"src": "anh.jpg", "alt": "Ảnh", "credit": 12}])
    result = scratch.nttv("check")
    assert "photos[0].credit: phải là một đoạn chữ" in result.stdout


@pytest.mark.parametrize("args", [["export", "stories"], ["export", "--for", "facebook", "stories"], ["export", "--for", "newspaper"]])
def test_wrong_use_exits_2(scratch, args):
    assert scratch.nttv(*args).returncode == 2


@pytest.mark.parametrize("change, reason", [
    ({"withdrawn": "2024-10-01"}, "đã rút lại sự đồng ý từ 1/10/2024"),
    ({"consent": consent("website")}, "không có `print`"),
    ({"consent": consent("website", "print") | {"by": "Chưa hỏi"}}, "có lỗi"),
    (None, "không còn tệp truyện này"),
])
def test_withdrawal_reaches_the_export_folder_on_the_next_run(exported, change, reason):
    scratch, _ = exported
    out = scratch.root / "export" / "bao"
    (out / "ghi-chu-cua-bien-tap.txt").write_text("Giữ lại", encoding="utf-8")  # not written by nttv: never touched
    path = scratch.root / "stories" / "2024" / "co-giao.md"
    if change is None:
        path.unlink()
    else:
        scratch.story("2024/co-giao.md", body=BODY, **{"consent": consent("website", "print"),
                                                       "photos": [{"src": "lop-hoc.jpg", "alt": "Cô giáo và học trò"}], **change})
    result = scratch.nttv("export", "--for", "newspaper", "stories/2024/chi-web.md")
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["ghi-chu-cua-bien-tap.txt"]
    removed = next(line for line in result.stdout.splitlines() if line.startswith("Đã xóa"))
    assert "co-giao.txt" in removed and "co-giao-anh-1.jpg" in removed and reason in removed
