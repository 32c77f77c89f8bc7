"""One real build of the shipped samples with bad inputs of every class of issue 8 beside them:
every good sample story is still published, every bad input is named by `nttv check` and in the
build's log, `mkdocs build -q --strict` fails, and `--strict` on the samples alone passes."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from conftest import REPO, story_text
from photo_factory import metadata_in, phone_jpeg
from PIL import Image
from scratch_site import fixed_environment, shared_scratch

pytestmark = pytest.mark.build

CONSENT = {"by": "Nguyễn Thị Hoa", "date": "2024-05-01", "scope": ["website", "facebook", "zalo"]}
CHILD = {"name": "Lê Minh An", "birth_year": 2012}
OUTSIDE = "Nội dung của một tệp ngoài kho"


def bad(title: str, **fields) -> str:
    return story_text(title=title, **fields)


def truncated_jpeg(path):
    phone_jpeg(path, size=(900, 700))
    path.write_bytes(path.read_bytes()[:1500])


def long_screenshot(path):
    Image.new("RGB", (1080, 20_000), (30, 60, 200)).save(path, "PNG")


def linked_out(path):
    os.symlink(path.parents[3] / "ngoai-kho" / "anh.jpg", path)


# (story path under stories/, its text, a photo beside it and how it is made, published?, field named, severity)
INPUTS = [
    ("2024/rut-lai-chu-hoa.md", bad("Rút lại viết hoa", **{"Withdrawn": "2025-01-10"}), None, False, "Withdrawn", "error"),
    ("2024/rut-lai-trong-consent.md", bad("Rút lại thụt vào", consent={**CONSENT, "withdrawn": "2025-01-10"}), None, False,
     "consent.withdrawn", "error"),
    ("2024/rut-lai-tieng-viet.md", bad("Rút lại tiếng Việt", **{"rút_lại": "2025-01-10"}), None, False, "rút_lại", "error"),
    ("2024/tre-em-bo-ky-thay.md", bad("Em An và bố", person=CHILD, consent={**CONSENT, "by": "Bố của em",
                                                                            "guardian": "Lê Văn Bình (bố)"}),
     None, False, "consent.by", "error"),
    ("2024/tre-em-thieu-nguoi-dai-dien.md", bad("Em An tự ký", person=CHILD, consent={**CONSENT, "by": "Lê Minh An"}),
     None, False, "consent.guardian", "error"),
    ("o-goc-thu-muc.md", bad("Truyện ở gốc"), None, False, "(tên tệp)", "error"),
    ("luu-tru/bai-da-go.md", bad("Truyện lưu trữ"), None, False, "(tên tệp)", "error"),
    ("2024/cu/bai-long.md", bad("Truyện thư mục con"), None, False, "(tên tệp)", "error"),
    ("2024/.md", bad("Truyện không tên"), None, False, "(tên tệp)", "error"),
    ("2024/lien-ket-ngoai-kho.md", None, None, False, "(tệp)", "error"),
    ("2024/long-sau.md", bad("Danh sách lồng sâu", body="".join("  " * i + "- a\n" for i in range(300))), None, False,
     "(nội dung)", "error"),
    ("2024/anh-trang-khac.md", bad("Ảnh từ trang khác", body="Mở đầu.\n\n![ảnh](https://example.org/a.jpg)\n"), None, False,
     "(nội dung)", "error"),
    ("2024/the-img-trang-khac.md", bad("Thẻ img từ trang khác", body='Mở đầu.\n\n<img src="//example.org/a.jpg" alt="x">\n'),
     None, False, "(nội dung)", "error"),
    ("2024/ngoac-vuong.md", bad("Bài đầy ngoặc vuông", body="[a](" * 5_000), None, True, None, None),
    ("2024/ky-tu-mo-coi.md", story_text().replace("title: Cô giáo mở lớp học miễn phí", 'title: "Ký tự \\uD800 mồ côi"'),
     None, True, "title", "warning"),
    ("2024/ky-tu-dieu-khien.md", story_text().replace("title: Cô giáo mở lớp học miễn phí", 'title: "Mã \\e[31m màu"'),
     None, True, "title", "warning"),
    ("2024/anh-hong.md", bad("Ảnh hỏng giữa chừng", photos=[{"src": "anh-hong.jpg", "alt": "Ảnh hỏng"}]),
     ("anh-hong.jpg", truncated_jpeg), True, "photos[0].src", "error"),
    ("2024/anh-lien-ket.md", bad("Ảnh liên kết ra ngoài", photos=[{"src": "anh-lien-ket.jpg", "alt": "Ảnh ngoài kho"}]),
     ("anh-lien-ket.jpg", linked_out), True, "photos[0].src", "error"),
    ("2024/chup-man-hinh-dai.md", bad("Ảnh chụp màn hình dài", photos=[{"src": "man-hinh.png", "alt": "Tin nhắn cảm ơn"}]),
     ("man-hinh.png", long_screenshot), True, None, None),
]
IDS = [case[0] for case in INPUTS]


def copy_samples(scratch) -> None:
    shutil.rmtree(scratch.root / "stories")
    shutil.copytree(REPO / "stories", scratch.root / "stories")
    shutil.copytree(REPO / "content", scratch.root / "content", dirs_exist_ok=True)


def story_pages(scratch) -> set[str]:
    site = scratch.root / "site" / "cau-chuyen"
    return {page.parent.relative_to(site).as_posix() for page in site.glob("[0-9][0-9][0-9][0-9]/*/index.html")}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    samples = shared_scratch(base / "samples")
    copy_samples(samples)
    with fixed_environment():
        alone = samples.build(strict=True)
        alone_quiet = samples.mkdocs("build", "-q", "--strict")
    sample_pages = story_pages(samples)

    hostile = shared_scratch(base / "hostile" / "repo")
    copy_samples(hostile)
    (base / "hostile" / "ngoai-kho").mkdir()
    (base / "hostile" / "ngoai-kho" / "truyen.md").write_text(bad("Tệp ngoài kho", body=f"{OUTSIDE}\n"), encoding="utf-8")
    phone_jpeg(base / "hostile" / "ngoai-kho" / "anh.jpg", size=(800, 600))
    for relative, text, photo, *_ in INPUTS:
        path = hostile.root / "stories" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            os.symlink(base / "hostile" / "ngoai-kho" / "truyen.md", path)
        else:
            path.write_text(text, encoding="utf-8")
        if photo is not None:
            name, make = photo
            make(path.parent / name)
    # A photo with its GPS position on a hand-written page.
    phone_jpeg(hostile.root / "content" / "anh-gps.jpg", size=(700, 500))
    page = hostile.root / "content" / "phong-trao.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n![Buổi ra quân](anh-gps.jpg)\n", encoding="utf-8")
    with fixed_environment():
        check = hostile.nttv("check", "--format", "json")
        quiet_strict = hostile.mkdocs("build", "-q", "--strict")
        plain = hostile.build()
    return {"alone": alone, "alone_quiet": alone_quiet, "sample_pages": sample_pages, "hostile": hostile,
            "check": check, "problems": json.loads(check.stdout), "quiet_strict": quiet_strict, "plain": plain}


def test_the_shipped_samples_alone_pass_strict_at_any_log_level(runs):
    assert runs["alone"].returncode == 0, runs["alone"].stderr
    assert runs["alone_quiet"].returncode == 0, runs["alone_quiet"].stderr
    assert len(runs["sample_pages"]) >= 40


def test_every_good_sample_story_is_still_published_beside_the_bad_inputs(runs):
    plain = runs["plain"]
    assert plain.returncode == 0, plain.stderr
    assert runs["sample_pages"] <= story_pages(runs["hostile"])


@pytest.mark.parametrize("relative, text, photo, published, field, severity", INPUTS, ids=IDS)
def test_each_bad_input_is_named_by_check_and_the_build(runs, relative, text, photo, published, field, severity):
    path = f"stories/{relative}"
    said = [p for p in runs["problems"] if p["path"] == path]
    if field is None:
        assert not [p for p in said if p["severity"] == "error"], said
    else:
        assert any(p["field"] == field and p["severity"] == severity for p in said), said
        level = "WARNING" if severity == "error" else "INFO   "
        assert f"{level} -  nttv: {path}:" in runs["plain"].stderr
    slug = relative.rsplit("/", 1)[-1].removesuffix(".md") or "md"
    page = runs["hostile"].root / "site" / "cau-chuyen" / "2024" / slug / "index.html"
    assert page.is_file() is published, path


def test_nothing_from_outside_the_repository_or_from_another_host_reaches_the_site(runs):
    site = runs["hostile"].root / "site"
    text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*")
                   if p.is_file() and p.suffix in (".html", ".json", ".xml", ".txt"))
    assert OUTSIDE not in text and "Tệp ngoài kho" not in text
    assert "example.org/a.jpg" not in text
    served = [p for p in site.rglob("anh-gps*") if p.is_file()]
    assert served and all(not metadata_in(p.read_bytes()) for p in served)
    assert any(p["path"] == "content/anh-gps.jpg" and "GPS" in p["message"] for p in runs["problems"])


def test_check_fails_and_a_quiet_strict_build_fails_naming_the_count(runs):
    assert runs["check"].returncode == 1
    errors = [p for p in runs["problems"] if p["severity"] == "error"]
    # A photo that still carries GPS is refused by the check only (the repository would keep it); the build
    # publishes it encoded anew, without the position, so the build counts one error fewer for each.
    in_build = [p for p in errors if "còn vị trí GPS" not in p["message"]]
    quiet = runs["quiet_strict"]
    assert quiet.returncode != 0
    assert "lỗi trong các tệp truyện và ảnh nên bản dựng --strict dừng lại" in quiet.stderr
    assert f"nttv: {len(in_build)} lỗi" in quiet.stderr
    for relative, *_, field, severity in INPUTS:
        if severity == "error":
            assert f"stories/{relative}:" in quiet.stderr  # -q hides the warnings: the error lists them
