"""Stories in odd places: a story is published only from ``stories/<year>/<name>.md``; every other
place is named by ``nttv check`` and by the build, and a link out of the repository is never read."""

from __future__ import annotations

import json
import os

import pytest
from conftest import story_text
from photo_factory import phone_jpeg
from scratch_site import fixed_environment, shared_scratch

from generator.problems import FILE_NAME, WHOLE_FILE

pytestmark = pytest.mark.build

SECRET = "Nội dung bí mật ngoài kho"
GOOD = "stories/2024/co-giao-mo-lop.md"


def odd(title: str, **fields) -> str:
    return story_text(title=title, person={"name": title.split(":")[0]}, **fields)


# (path under stories/, what to write there, field, severity, words of the message, address it must not get)
PLACES = [
    ("o-goc.md", odd("Ở gốc: truyện ngoài thư mục năm"), FILE_NAME, "error", "ngay trong stories/", "cau-chuyen/2024/o-goc"),
    ("luu-tru/da-go.md", odd("Lưu trữ: bài đã gỡ"), FILE_NAME, "error", "thư mục `luu-tru`, không phải thư mục năm",
     "cau-chuyen/2024/da-go"),
    ("nhap/2024/ban-nhap.md", odd("Nháp: bài trong thư mục nháp"), FILE_NAME, "error", "thư mục `nhap/2024`",
     "cau-chuyen/2024/ban-nhap"),
    ("2024/cu/bai-cu.md", odd("Cũ: bài trong thư mục con"), FILE_NAME, "error", "thư mục con `cu` của stories/2024/",
     "cau-chuyen/2024/bai-cu"),
    ("2024/2023/long-nhau.md", odd("Lồng: hai thư mục năm"), FILE_NAME, "error", "thư mục con `2023`",
     "cau-chuyen/2024/long-nhau"),
    ("24/nam-hai-so.md", odd("Năm hai số: thư mục 24"), FILE_NAME, "error", "không phải thư mục năm",
     "cau-chuyen/2024/nam-hai-so"),
    ("2024/.md", odd("Không tên: tệp .md"), FILE_NAME, "error", "không có tên", "cau-chuyen/2024/md"),
    ("2024/.an-di.md", odd("Ẩn: tệp ẩn"), FILE_NAME, "error", "tệp ẩn", "cau-chuyen/2024/an-di"),
    ("2024/._co-giao-mo-lop.md", "\x00\x05\x16\x07Mac OS X", FILE_NAME, "warning", "máy Mac", None),
]
LINKS = [
    # (path under stories/, where the link points, field, words)
    ("2024/lien-ket-ra-ngoai.md", "outside", WHOLE_FILE, "ngoài kho"),
    ("2024/lien-ket-hong.md", "missing", WHOLE_FILE, "không còn tồn tại"),
    ("2025", "outside-folder", WHOLE_FILE, "thư mục này là liên kết"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("places")
    scratch = shared_scratch(base / "repo")
    outside = base / "ngoai-kho"
    outside.mkdir()
    (outside / "bi-mat.md").write_text(odd("Bí mật: tệp ngoài kho", body=f"{SECRET}\n"), encoding="utf-8")
    (outside / "2025").mkdir()
    (outside / "2025" / "trong-thu-muc-lien-ket.md").write_text(odd("Thư mục: liên kết", date="2025-05-08"), encoding="utf-8")
    phone_jpeg(outside / "anh-ngoai.jpg", size=(800, 600))
    phone_jpeg(scratch.root / "stories/2024/anh-that.jpg", size=(800, 600), gps=False)  # GPS would be an error of check
    os.symlink(outside / "anh-ngoai.jpg", scratch.root / "stories/2024/anh-lien-ket.jpg")
    scratch.story("2024/co-giao-mo-lop.md", photos=[{"src": "anh-lien-ket.jpg", "alt": "Ảnh liên kết ra ngoài kho"},
                                                    {"src": "anh-that.jpg", "alt": "Cô Hoa và học trò"}])
    for relative, text, *_ in PLACES:
        scratch.story(relative, text=text)
    os.symlink(outside / "bi-mat.md", scratch.root / "stories/2024/lien-ket-ra-ngoai.md")
    os.symlink(outside / "khong-co.md", scratch.root / "stories/2024/lien-ket-hong.md")
    os.symlink(outside / "2025", scratch.root / "stories/2025", target_is_directory=True)
    with fixed_environment():
        check = scratch.nttv("check", "--format", "json")
        build = scratch.build()
        strict = scratch.build(strict=True)
        plain = scratch.build()
    return scratch, check, build, strict, plain


def named(check, relative: str) -> dict:
    found = [p for p in json.loads(check.stdout) if p["path"] == f"stories/{relative}"]
    assert found, check.stdout
    return found[0]


@pytest.mark.parametrize("relative, text, field, severity, words, address", PLACES, ids=[case[0] for case in PLACES])
def test_a_story_out_of_place_is_named_and_not_published(site, relative, text, field, severity, words, address):
    scratch, check, build, _, plain = site
    problem = named(check, relative)
    assert (problem["field"], problem["severity"]) == (field, severity)
    assert words in problem["message"], problem["message"]
    level = "WARNING" if severity == "error" else "INFO   "
    assert f"{level} -  nttv: stories/{relative}:1:1: {field}: " in build.stderr
    if address:
        assert not (scratch.root / "site" / address).exists()
        title = text.split("title: ", 1)[1].split("\n", 1)[0]
        every_page = "".join(p.read_text(encoding="utf-8") for p in (scratch.root / "site").rglob("*.html"))
        assert title not in every_page


@pytest.mark.parametrize("relative, target, field, words", LINKS, ids=[case[0] for case in LINKS])
def test_a_link_out_of_the_repository_is_refused_unread(site, relative, target, field, words):
    scratch, check, build, *_ = site
    problem = named(check, relative)
    assert (problem["field"], problem["severity"]) == (field, "error") and words in problem["message"]
    assert f"WARNING -  nttv: stories/{relative}:1:1: {field}: " in build.stderr
    every_file = "".join(p.read_text(encoding="utf-8", errors="replace") for p in (scratch.root / "site").rglob("*")
                         if p.is_file() and p.suffix in (".html", ".json", ".xml"))
    assert SECRET not in every_file and "Bí mật" not in every_file and "Thư mục: liên kết" not in every_file
    assert not (scratch.root / "site/cau-chuyen/2024/lien-ket-ra-ngoai").exists()
    assert not (scratch.root / "site/cau-chuyen/2025/trong-thu-muc-lien-ket").exists()


def test_a_photo_linked_out_of_the_repository_is_left_out_and_the_story_published(site):
    scratch, check, build, *_ = site
    problems = [p for p in json.loads(check.stdout) if p["path"] == GOOD]
    assert [(p["field"], p["severity"]) for p in problems] == [("photos[0].src", "error")]
    assert "liên kết (symlink) tới một tệp nằm ngoài kho" in problems[0]["message"]
    page = scratch.html("cau-chuyen/2024/co-giao-mo-lop/")
    assert "Cô Hoa và học trò" in page and "Ảnh liên kết ra ngoài kho" not in page
    assert list((scratch.root / "site/cau-chuyen/2024/co-giao-mo-lop").glob("anh-2-*.jpg"))
    assert not list((scratch.root / "site/cau-chuyen/2024/co-giao-mo-lop").glob("anh-1-*"))


def test_check_fails_strict_fails_and_a_plain_build_publishes_the_good_story(site):
    scratch, check, build, strict, plain = site
    assert check.returncode == 1
    assert build.returncode == 0 and plain.returncode == 0
    assert strict.returncode != 0
    errors = sum(1 for p in json.loads(check.stdout) if p["severity"] == "error")
    assert f"nttv: {errors} lỗi trong các tệp truyện" in strict.stderr
    assert (scratch.root / "site/cau-chuyen/2024/co-giao-mo-lop/index.html").is_file()
