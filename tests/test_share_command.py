"""`nttv share`: a folder per story, ready to upload, and a word on every story left out."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from test_sharecard import noise_photo, sideways_photo

SITE = "https://nguoitotviecthien.example.org/"


@pytest.fixture
def stories(scratch):
    """Published stories with and without photos, and one of each reason to be left out."""
    (scratch.root / "stories" / "2024").mkdir(parents=True, exist_ok=True)
    (scratch.root / "stories" / "2024" / "lop-hoc.jpg").write_bytes(sideways_photo())
    (scratch.root / "stories" / "2024" / "bep-an.jpg").write_bytes(noise_photo(900, 600))
    scratch.story("2024/co-giao-mo-lop.md", body="Cô Hoa dạy **miễn phí** 😊.\n",
                  photos=[{"src": "lop-hoc.jpg", "alt": "Lớp học"}, {"src": "bep-an.jpg", "alt": "Bếp ăn"}])
    scratch.story("2024/chi-facebook.md", title="Chỉ Facebook", date="2024-06-01",
                  consent={"by": "Nguyễn Văn An", "date": "2024-05-01", "scope": ["website", "facebook"]})
    scratch.story("2024/chi-tren-web.md", title="Chỉ trên web", date="2024-06-02",
                  consent={"by": "Nguyễn Văn An", "date": "2024-05-01", "scope": ["website", "print"]})
    scratch.story("2024/khong-tren-web.md", title="Không trên web", date="2024-06-03",
                  consent={"by": "Nguyễn Văn An", "date": "2024-05-01", "scope": ["facebook", "zalo"]})
    scratch.story("2024/da-rut.md", title="Đã rút", date="2024-06-04", withdrawn="2025-01-10")
    scratch.story("2026/ban-nhap.md", title="Bản nháp", chapter="tinh", date="2026-01-05", draft=True)
    scratch.story("2026/hen-dang.md", title="Hẹn đăng", chapter="tinh", date="2026-12-24")
    scratch.story("2024/loi.md", title="Có lỗi", chapter="khong-co")
    return scratch


def test_share_writes_a_folder_per_story_and_says_what_it_skipped(stories):
    result = stories.nttv("share")
    assert result.returncode == 0, result.stderr
    out = stories.root / "share"
    assert sorted(p.name for p in out.iterdir()) == ["chi-facebook", "co-giao-mo-lop"]
    kit = out / "co-giao-mo-lop"
    # `.nttv-truyen` names the story the kit was made from, so that the kit goes when the story is withdrawn.
    assert sorted(p.name for p in kit.iterdir()) == [".nttv-truyen", "anh-1.jpg", "anh-2.jpg", "post-zalo.txt", "post.txt", "share.jpg"]
    assert (kit / ".nttv-truyen").read_text(encoding="utf-8") == "stories/2024/co-giao-mo-lop.md\n"
    # Without a photo the card is text only: a PNG.
    assert sorted(p.name for p in (out / "chi-facebook").iterdir()) == [".nttv-truyen", "post.txt", "share.png"]
    post = (kit / "post.txt").read_text(encoding="utf-8")
    assert post.startswith("Cô giáo mở lớp học miễn phí\nNguyễn Thị Hoa: Mở lớp học miễn phí cho trẻ em khó khăn\n\nCô Hoa dạy miễn phí 😊.\n")
    assert f"{SITE}cau-chuyen/2024/co-giao-mo-lop/" in post
    assert (kit / "post-zalo.txt").read_text(encoding="utf-8") == (
        f"Cô giáo mở lớp học miễn phí\n\nCô Hoa dạy miễn phí 😊.\n\n{SITE}cau-chuyen/2024/co-giao-mo-lop/\n")
    skipped = {line.split(":", 1)[0].removeprefix("Bỏ qua "): line for line in result.stdout.splitlines() if line.startswith("Bỏ qua")}
    assert sorted(skipped) == ["stories/2024/chi-tren-web.md", "stories/2024/da-rut.md", "stories/2024/khong-tren-web.md",
                               "stories/2024/loi.md", "stories/2026/ban-nhap.md", "stories/2026/hen-dang.md"]
    assert "không có facebook hay zalo" in skipped["stories/2024/chi-tren-web.md"]
    assert "không có website" in skipped["stories/2024/khong-tren-web.md"]
    assert "rút lại sự đồng ý từ ngày 10/1/2025" in skipped["stories/2024/da-rut.md"]
    assert "bản nháp" in skipped["stories/2026/ban-nhap.md"]
    assert "hẹn đăng ngày 24/12/2026" in skipped["stories/2026/hen-dang.md"]
    assert "không có Hội `khong-co`" in skipped["stories/2024/loi.md"]


def test_shared_images_are_within_one_megabyte_upright_and_without_metadata(stories):
    assert stories.nttv("share").returncode == 0
    kit = stories.root / "share" / "co-giao-mo-lop"
    sizes = {}
    for name in ("share.jpg", "anh-1.jpg", "anh-2.jpg"):
        data = (kit / name).read_bytes()
        assert len(data) <= 1_000_000, name
        picture = Image.open(io.BytesIO(data))
        assert not picture.getexif() and "comment" not in picture.info and "exif" not in picture.info, name
        assert b"Nha ba Man" not in data
        sizes[name] = picture.size
    assert sizes["share.jpg"] == (1200, 630)
    assert sizes["anh-1.jpg"] == (1200, 600)


@pytest.mark.parametrize("args, expected", [
    (["--since", "2024-06-01"], ["chi-facebook"]),
    (["--since", "2024-06-02"], []),
    (["--since", "2024-05-08"], ["chi-facebook", "co-giao-mo-lop"]),
    (["stories/2024/co-giao-mo-lop.md"], ["co-giao-mo-lop"]),
    (["stories/2024"], ["chi-facebook", "co-giao-mo-lop"]),
])
def test_share_picks_stories_by_path_and_date_inclusive(stories, args, expected):
    result = stories.nttv("share", *args)
    assert result.returncode == 0, result.stderr
    out = stories.root / "share"
    assert (sorted(p.name for p in out.iterdir()) if out.exists() else []) == expected


def test_share_writes_where_it_is_told_and_replaces_an_old_kit(stories, tmp_path):
    target = tmp_path / "bai-dang"
    (target / "co-giao-mo-lop").mkdir(parents=True)
    (target / "co-giao-mo-lop" / "anh-9.jpg").write_bytes(b"old")
    assert stories.nttv("share", "--out", str(target), "stories/2024/co-giao-mo-lop.md").returncode == 0
    assert sorted(p.name for p in (target / "co-giao-mo-lop").iterdir()) == [
        ".nttv-truyen", "anh-1.jpg", "anh-2.jpg", "post-zalo.txt", "post.txt", "share.jpg"]


def test_share_without_public_address_fails_and_says_where_to_set_it(stories):
    plan = stories.root / "content" / "plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("\nsite_url:", "\n# site_url:"), encoding="utf-8")
    result = stories.nttv("share")
    assert result.returncode == 2
    assert "site_url" in result.stderr and "content/plan.yml" in result.stderr
    assert not (stories.root / "share").exists()


def test_share_reads_the_public_address_from_mkdocs_yml_when_the_plan_has_none(stories):
    plan = stories.root / "content" / "plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("\nsite_url:", "\n# site_url:"), encoding="utf-8")
    config = stories.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nsite_url: https://chuthapdo.example.vn/cot\n", encoding="utf-8")
    assert stories.nttv("share", "stories/2024/co-giao-mo-lop.md").returncode == 0
    post = (stories.root / "share" / "co-giao-mo-lop" / "post.txt").read_text(encoding="utf-8")
    assert "https://chuthapdo.example.vn/cot/cau-chuyen/2024/co-giao-mo-lop/" in post


@pytest.mark.parametrize("args, message", [
    (["--since", "8/5/2024"], "YYYY-MM-DD"),
    (["stories/2030"], "không có tệp hoặc thư mục"),
])
def test_share_stops_on_a_bad_argument(stories, args, message):
    result = stories.nttv("share", *args)
    assert result.returncode == 2
    assert message in result.stderr


def _truncated(path):
    path.write_bytes(noise_photo(900, 600)[:4000])


def _bomb(path):
    from photo_factory import bomb_png
    bomb_png(path)


def _long_screenshot(path):
    Image.new("RGB", (1080, 20_000), (30, 60, 200)).save(path, "PNG")


def _strip(path):
    Image.new("RGB", (1, 5_000), (30, 60, 200)).save(path, "PNG")


@pytest.mark.parametrize("name, make, kept, reason", [
    ("anh.jpg", _truncated, False, "tệp bị hỏng"),
    ("anh.png", _bomb, False, "“bom giải nén”"),
    ("anh.png", _long_screenshot, True, ""),
    ("anh.png", _strip, True, ""),
], ids=["truncated-jpeg", "bomb", "screenshot-20000", "strip-1x5000"])
@pytest.mark.slow
def test_share_never_stops_for_a_bad_photo_and_says_which_it_left_out(scratch, name, make, kept, reason):
    folder = scratch.root / "stories" / "2024"
    folder.mkdir(parents=True, exist_ok=True)
    make(folder / name)
    (folder / "tot.jpg").write_bytes(noise_photo(900, 600))
    scratch.story("2024/co-giao-mo-lop.md", photos=[{"src": name, "alt": "Ảnh khó"}, {"src": "tot.jpg", "alt": "Ảnh tốt"}])
    result = scratch.nttv("share")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    kit = scratch.root / "share" / "co-giao-mo-lop"
    assert (kit / "anh-1.jpg").is_file() is kept
    assert (kit / "anh-2.jpg").is_file()
    with Image.open(kit / "share.jpg") as card:
        assert card.size == (1200, 630)
    if not kept:
        assert f"  ảnh `{name}`: " in result.stdout and reason in result.stdout
        assert "ảnh này không có trong thư mục" in result.stdout
    else:
        with Image.open(kit / "anh-1.jpg") as photo:
            assert max(photo.size) <= 2048 and len((kit / "anh-1.jpg").read_bytes()) <= 1_000_000
