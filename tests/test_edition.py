"""The bulletin edition: the quarter's printable stories in a real PDF (Chromium), and its page on the site."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import make_scratch
from generator.rendering.edition import Period
from htmltree import parse
from photo_factory import phone_jpeg
from scratch_site import fixed_environment

A4_POINTS = (595.28, 841.89)
PRINTED = "Cô giáo mở lớp học miễn phí cho trẻ vùng ven"
COLLECTIVE = "Câu lạc bộ tình nguyện trẻ sửa nhà cho người già"
PAPER_ONLY = "Bác nông dân tặng đất làm sân chơi cho trẻ em"
NO_PRINT = "Người bán hàng rong chỉ muốn lên trang web"
WITHDRAWN = "Người đã rút lại sự đồng ý đăng báo"
OTHER_QUARTER = "Bài của quý trước không vào số này"
CREDIT = "Nguyễn Văn Chụp"
CAPTION = "Lớp học buổi tối ở nhà văn hóa thôn"


def consent(*scope: str, day: str = "2026-09-20", by: str = "Nguyễn Văn Minh") -> dict:
    return {"by": by, "date": day, "scope": list(scope)}


def add_quarter_stories(scratch) -> None:
    """Q4 2026 (today is 2026-11-29): three stories for print, one web-only, one withdrawn, one from Q3."""
    phone_jpeg(scratch.root / "stories" / "2026" / "lop-hoc.jpg", size=(1200, 900), orientation=1)
    body = ("Mỗi tối, cô mở cửa lớp cho các em.\n\n<!-- more -->\n\n## Lớp học nhỏ\n\n"
            "Lớp có **mười hai** em, học toán và tiếng Việt.\n\n- thứ hai\n- thứ tư\n")
    scratch.story("2026/co-giao.md", title=PRINTED, date="2026-10-05", consent=consent("website", "print"),
                  chapter="tinh", body=body, photos=[{"src": "lop-hoc.jpg", "alt": "Cô giáo và học trò", "caption": CAPTION,
                                                      "credit": CREDIT}])
    scratch.story("2026/clb.md", kind="collective", title=COLLECTIVE, person={"name": "Câu lạc bộ tình nguyện trẻ"},
                  chapter="phuong-vinh-yen", date="2026-11-02",
                  consent=consent("website", "print", by="Nguyễn Văn Minh (Chủ nhiệm câu lạc bộ)"))
    scratch.story("2026/giay-in.md", title=PAPER_ONLY, person={"name": "Trần Văn Đất"}, chapter="tinh",
                  date="2026-10-20", consent=consent("print"))
    scratch.story("2026/chi-web.md", title=NO_PRINT, person={"name": "Lý Thị Rong"}, chapter="tinh",
                  date="2026-10-10", consent=consent("website", "facebook"))
    scratch.story("2026/rut-lai.md", title=WITHDRAWN, person={"name": "Phan Văn Rút"}, chapter="tinh",
                  date="2026-10-12", consent=consent("website", "print"), withdrawn="2026-11-20")
    scratch.story("2026/quy-truoc.md", title=OTHER_QUARTER, person={"name": "Vũ Thị Thu"}, chapter="tinh",
                  date="2026-09-28", consent=consent("website", "print", day="2026-09-01"))


def pdf_text(reader: PdfReader) -> str:
    """The PDF's words on one line each way they were set: titles wrap across lines in a column."""
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    scratch = make_scratch(tmp_path_factory.mktemp("edition") / "repo")
    add_quarter_stories(scratch)
    out = scratch.root / "ban-tin-q4.pdf"
    with fixed_environment():
        result = scratch.nttv("edition", "--from", "2026-10-01", "--to", "2026-12-31", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return scratch, result, PdfReader(out)


def test_the_pdf_holds_the_quarters_print_stories_and_no_other(printed):
    _, _, reader = printed
    text = pdf_text(reader)
    for title in (PRINTED, COLLECTIVE, PAPER_ONLY):
        assert title in text
    for title in (NO_PRINT, WITHDRAWN, OTHER_QUARTER):
        assert title not in text
    assert "Quý IV/2026" in text and "Bản tin Nhân đạo Phú Thọ" in text  # the title of its quarter, after the merger
    assert "Hội Chữ thập đỏ phường Vĩnh Yên (mẫu)" in text  # the chapter's name under the collective's title


def test_the_command_names_the_stories_it_left_out(printed):
    _, result, _ = printed
    assert "stories/2026/chi-web.md: sự đồng ý (consent.scope) không có `print`" in result.stdout
    assert "stories/2026/rut-lai.md: đã rút lại sự đồng ý" in result.stdout
    assert "quy-truoc" not in result.stdout
    assert "3 câu chuyện" in result.stderr


def test_every_page_is_a4(printed):
    _, _, reader = printed
    assert len(reader.pages) >= 1
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (width, height) == pytest.approx(A4_POINTS, abs=1.0)


def test_only_the_bundled_font_is_used_and_it_is_embedded(printed):
    _, _, reader = printed
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"]).split("+", 1)[-1]] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(name.startswith("BeVietnamPro-") for name in fonts), fonts
    assert all(fonts.values()), fonts
    assert {"BeVietnamPro-Regular", "BeVietnamPro-Bold"} <= set(fonts)


def test_photos_are_printed_with_caption_and_credit(printed):
    _, _, reader = printed
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1
    assert images[0].image.width >= 960  # sharp in a column of an A4 page
    assert f"{CAPTION} Ảnh: {CREDIT}" in pdf_text(reader)


def test_the_body_is_set_without_markdown(printed):
    text = pdf_text(printed[2])
    assert "Lớp có mười hai em" in text and "**" not in text and "## " not in text


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    scratch = make_scratch(tmp_path_factory.mktemp("edition-site") / "repo")
    add_quarter_stories(scratch)
    with fixed_environment():
        built = scratch.build()
        assert built.returncode == 0, built.stderr
        printed = scratch.nttv("edition", "--site", "site")
    assert printed.returncode == 0, printed.stderr
    return scratch, printed


@pytest.mark.build
def test_the_site_has_a_standalone_page_per_quarter(site):
    scratch, _ = site
    page = parse(scratch.html("ban-tin/2026-q4/"))
    text = page.text()
    assert PRINTED in text and COLLECTIVE in text
    # Public on the website: a story whose consent leaves out the website is only in the printed bulletin.
    assert PAPER_ONLY not in text and NO_PRINT not in text and WITHDRAWN not in text
    assert not page.find_all("nav") and not page.find_all("div", cls="md-container")
    assert page.find("a", href="ban-tin-2026-q4.pdf") is not None
    assert (scratch.root / "site/ban-tin/2026-q3/index.html").is_file()  # OTHER_QUARTER's own edition


@pytest.mark.build
def test_the_sites_pdf_is_printed_beside_its_page(site):
    scratch, result = site
    pdf = scratch.root / "site/ban-tin/2026-q4/ban-tin-2026-q4.pdf"
    text = pdf_text(PdfReader(pdf))
    assert PRINTED in text and PAPER_ONLY not in text
    assert "Tải bản PDF" not in text  # the screen's links are not printed
    assert "Bản tin PDF: 2 số, 2 số mới in, 0 số lấy lại từ bộ nhớ đệm." in result.stderr


@pytest.mark.build
def test_the_index_lists_each_edition_with_its_pdf(site):
    scratch, _ = site
    index = parse(scratch.html("ban-tin/"))
    links = [a.attrs.get("href") for a in index.find_all("a")]
    assert "2026-q4/" in links and "2026-q4/ban-tin-2026-q4.pdf" in links and "2026-q3/" in links
    assert "Quý IV/2026 (2 câu chuyện)" in " ".join(index.text().split())


@pytest.mark.build
def test_fonts_are_served_with_their_licence(site):
    scratch, _ = site
    fonts = scratch.root / "site/ban-tin/phong-chu"
    assert {p.name for p in fonts.iterdir()} == {"BeVietnamPro-Regular.woff", "BeVietnamPro-SemiBold.woff",
                                                  "BeVietnamPro-Bold.woff", "OFL.txt"}
    html = scratch.html("ban-tin/2026-q4/")
    assert 'url("../phong-chu/BeVietnamPro-Regular.woff")' in html


def test_a_missing_engine_is_named_in_vietnamese(scratch, tmp_path):
    add_quarter_stories(scratch)
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {**os.environ, "PATH": str(empty)}
    env.pop("NTTV_CHROMIUM", None)
    result = subprocess.run([sys.executable, "-m", "generator.cli", "edition", "--from", "2026-10-01", "--to", "2026-12-31"],
                            cwd=scratch.root, capture_output=True, text=True, env={**env, "PYTHONPATH": str(Path(__file__).parent.parent)},
                            timeout=300)
    assert result.returncode == 2
    assert "chưa có trình duyệt Chromium để in bản PDF" in result.stderr
    assert "apt-get install chromium" in result.stderr
    assert not list(scratch.root.glob("*.pdf"))


@pytest.mark.parametrize("args, message", [
    (["--from", "2026-10-01"], "cần --from và --to"),
    (["--from", "1/10/2026", "--to", "2026-12-31"], "--from 1/10/2026: ngày phải có dạng YYYY-MM-DD"),
    (["--from", "2026-12-31", "--to", "2026-10-01"], "--to 2026-10-01 trước --from 2026-12-31"),
    (["--from", "2020-01-01", "--to", "2020-03-31"], "không có truyện nào đã đăng và đồng ý đăng ấn phẩm in"),
])
def test_wrong_periods_are_refused(scratch, args, message):
    add_quarter_stories(scratch)
    result = scratch.nttv("edition", *args)
    assert result.returncode in (1, 2)
    assert message in result.stderr


@pytest.mark.parametrize("start, end, slug, label", [
    ("2026-10-01", "2026-12-31", "2026-q4", "Quý IV/2026"),
    ("2025-01-01", "2025-03-31", "2025-q1", "Quý I/2025"),
    ("2024-04-01", "2024-06-30", "2024-q2", "Quý II/2024"),
    ("2026-10-01", "2026-11-15", "2026-10-01_2026-11-15", "Từ 1/10/2026 đến 15/11/2026"),
    ("2026-09-30", "2026-12-31", "2026-09-30_2026-12-31", "Từ 30/9/2026 đến 31/12/2026"),
])
def test_periods_are_named_by_quarter_when_they_are_one(start, end, slug, label):
    period = Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert (period.slug, period.label) == (slug, label)


@pytest.mark.parametrize("day, quarter", [("2024-02-29", "2024-q1"), ("2026-06-30", "2026-q2"), ("2026-07-01", "2026-q3"),
                                          ("2026-12-31", "2026-q4")])
def test_a_day_falls_in_its_quarter(day, quarter):
    assert Period.quarter_of(dt.date.fromisoformat(day)).slug == quarter
