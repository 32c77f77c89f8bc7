"""One real build of the shipped samples with bad inputs of every class of issues 8 and 19 beside them:
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
# Issue 19: unclear consent never publishes, no input gets round a rule.
CONSENT_2026 = {"by": "Nguyễn Thị Hoa", "date": "2026-01-05", "scope": ["website", "facebook"]}


def held(title: str, *extra: str, **fields) -> str:
    """A 2026 story of the province chapter, bad only by ``fields`` and the front-matter lines ``extra``."""
    text = story_text(title=title, chapter="tinh", date="2026-02-01", consent=fields.pop("consent", CONSENT_2026), **fields)
    front, body = text[4:].split("---\n", 1)
    return "---\n" + front + "".join(f"{line}\n" for line in extra) + "---\n" + body


FAIL_CLOSED = [
    ("2026/khong-dong-y.md", held("Lớp một không đồng ý", consent={**CONSENT_2026, "by": "không đồng ý"}), "consent.by"),
    ("2026/chua-hoi.md", held("Lớp hai chưa hỏi", consent={**CONSENT_2026, "by": "Chưa hỏi gia đình"}), "consent.by"),
    ("2026/dau-hoi.md", held("Lớp ba dấu hỏi", consent={**CONSENT_2026, "by": "?"}), "consent.by"),
    ("2026/khong-dau.md", held("Lớp bốn không dấu", consent={**CONSENT_2026, "by": "khong dong y"}), "consent.by"),
    ("2026/chu-cai-dau.md", held("Lớp năm chữ cái đầu", consent={**CONSENT_2026, "by": "N.V.A"}), "consent.by"),
    ("2026/nguoi-giam-ho.md", held("Lớp sáu người giám hộ", person={"name": "Lê Minh An", "birth_year": 2015},
                                   consent={**CONSENT_2026, "by": "Lê Minh An", "guardian": "Chưa đồng ý (mẹ)"}),
     "consent.guardian"),
    ("2026/draft-hoa.md", held("Lớp bảy Draft", "Draft: false"), "Draft"),
    ("2026/draft-kirin.md", held("Lớp tám Kirin", "drаft: true"), "drаft"),
    ("2026/nhap.md", held("Lớp chín nháp", "bản nháp: có"), "bản nháp"),
    ("2026/trang-thai.md", held("Lớp mười trạng thái", "status: draft"), "status"),
    ("2026/an-bai.md", held("Lớp mười một ẩn", "published: false"), "published"),
    ("2026/nhap-thut-vao.md", held("Lớp mười hai thụt vào", "person:", "  name: Trần Thị Mai", "  draft: true", person=None),
     "person.draft"),
    ("2026/rut-trong.md", held("Lớp mười ba rút trống", "withdrawn:"), "withdrawn"),
    ("2026/rut-ngoac.md", held("Lớp mười bốn rút ngoặc", 'withdrawn: ""'), "withdrawn"),
    ("٢٠٢٦/so-a-rap.md", held("Lớp mười lăm số Ả Rập"), "(tên tệp)"),
    ("２０２６/so-toan-kho.md", held("Lớp mười sáu số toàn khổ"), "(tên tệp)"),
    ("2026/" + "bai-rat-dai-" * 10 + "x.md", held("Lớp mười bảy tên dài"), "(tên tệp)"),
]
INPUTS += [(relative, text, None, False, field, "error") for relative, text, field in FAIL_CLOSED]
LINKED = "2022"  # a folder linked inside stories/, to a real year folder of the samples
IDS = [case[0] for case in INPUTS]
pytestmark = pytest.mark.build


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
    os.symlink(hostile.root / "stories" / "2023", hostile.root / "stories" / LINKED, target_is_directory=True)
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


def test_no_traceback_and_no_internal_error_anywhere(runs):
    for run in (runs["check"], runs["quiet_strict"], runs["plain"]):
        assert "Traceback" not in run.stdout + run.stderr
        assert "lỗi của chương trình" not in run.stdout + run.stderr


@pytest.mark.parametrize("relative, text, field", FAIL_CLOSED, ids=[case[0] for case in FAIL_CLOSED])
def test_no_story_of_unclear_consent_or_held_back_reaches_any_page(runs, relative, text, field):
    title = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("title:"))
    site = runs["hostile"].root / "site"
    assert not [page for page in site.rglob("*.html") if title in page.read_text(encoding="utf-8")], title


def test_a_linked_folder_inside_stories_is_named_and_read_through_no_link(runs):
    assert any(p["path"] == f"stories/{LINKED}" and "liên kết (symlink)" in p["message"] for p in runs["problems"])
    assert not (runs["hostile"].root / "site" / "cau-chuyen" / LINKED).exists()
