"""Photos on the site: upright, without metadata, in several widths, cached, and refused with a clear reason."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from conftest import TODAY
from photo_factory import HOME, bomb_png, corner_colours, metadata_in, phone_jpeg, phone_photo
from PIL import Image, ImageCms

from generator.build import build_site
from generator.reading.plan import load_plan

STORY = "stories/2024/co-giao-mo-lop.md"
PAGE = "cau-chuyen/2024/co-giao-mo-lop/"


def photos(*names: str, **extra) -> list[dict]:
    return [{"src": name, "alt": f"Ảnh {index + 1} – cô Hoa giảng bài", **extra} for index, name in enumerate(names)]


def site_files(scratch) -> list[Path]:
    return sorted(p for p in (scratch.root / "site").rglob("*") if p.is_file())


def published_images(scratch) -> list[Path]:
    folder = scratch.root / "site" / PAGE
    # The share card (chia-se.jpg) is the share kit's, not a rendition of the story's photos.
    return sorted(p for p in folder.iterdir() if p.suffix in (".jpg", ".webp") and p.name != "chia-se.jpg")


def core_build(scratch):
    plan = load_plan(scratch.root / "content" / "plan.yml")
    return build_site(scratch.root, plan, scratch.root / "stories", dt.date.fromisoformat(TODAY))


def test_phone_photo_is_published_upright_with_no_metadata_and_the_original_stays_out(scratch):
    original = phone_jpeg(scratch.root / "stories/2024/anh-1.jpg", size=(2400, 1800), trailer=True)
    scratch.story("2024/co-giao-mo-lop.md", photos=photos("anh-1.jpg"))
    result = scratch.build(strict=True)
    assert result.returncode == 0, result.stderr

    images = published_images(scratch)
    jpeg = {p.name for p in images if p.suffix == ".jpg"}
    webp = {p.name for p in images if p.suffix == ".webp"}
    assert jpeg == {"anh-1-480.jpg", "anh-1-960.jpg", "anh-1-1600.jpg"}
    assert webp in (set(), {name.replace(".jpg", ".webp") for name in jpeg})
    raw = original.read_bytes()
    for path in site_files(scratch):
        data = path.read_bytes()
        assert raw not in data, path
        if path.suffix in (".jpg", ".webp"):
            assert metadata_in(data) == [], path
            if path.name == "chia-se.jpg":
                continue  # the share card is a landscape crop, checked upright by its own tests
            # Held upright by the phone: the stored top-left corner shows at the top right.
            (width, height), top_left, top_right = corner_colours(data)
            assert width < height and (top_left, top_right) == ("blue", "red"), path
    for image in images:
        with Image.open(image) as opened:
            assert opened.width in (480, 960, 1600)
    assert not any(p.name == "anh-1.jpg" for p in site_files(scratch))
    assert str(HOME[0]) not in scratch.html(PAGE)


def test_story_page_serves_widths_with_srcset_size_attributes_and_webp_fallback(scratch):
    for name in ("anh-1.jpg", "anh-2.jpg"):
        phone_jpeg(scratch.root / "stories/2024" / name, size=(2400, 1800))
    scratch.story("2024/co-giao-mo-lop.md", photos=photos("anh-1.jpg", "anh-2.jpg"))
    assert scratch.build(strict=True).returncode == 0
    page = scratch.html(PAGE)
    first, second = re.findall(r"<figure.*?</figure>", page, re.S)
    for figure, number in ((first, 1), (second, 2)):
        assert f'srcset="anh-{number}-480.jpg 480w, anh-{number}-960.jpg 960w, anh-{number}-1600.jpg 1600w"' in figure
        assert 'sizes="' in figure and 'width="1600" height="2133"' in figure
        assert f'alt="Ảnh {number} – cô Hoa giảng bài"' in figure
        if "<picture>" in figure:
            assert f'<source type="image/webp" srcset="anh-{number}-480.webp 480w' in figure
    # The first photo leads the story and loads at once; the rest wait until the reader scrolls.
    assert 'loading="lazy"' not in first and 'fetchpriority="high"' in first
    assert 'loading="lazy"' in second
    body = page.index('<div class="nttv-body">')
    assert page.index(first) < body < page.index(second)
    column = scratch.html("cau-chuyen/")
    assert 'srcset="2024/co-giao-mo-lop/anh-1-480.jpg 480w' in column


def test_small_photo_is_never_enlarged(scratch):
    phone_jpeg(scratch.root / "stories/2024/anh-1.jpg", size=(800, 600), orientation=1)
    scratch.story("2024/co-giao-mo-lop.md", photos=photos("anh-1.jpg"))
    assert scratch.build(strict=True).returncode == 0
    widths = sorted({int(p.stem.rsplit("-", 1)[1]) for p in published_images(scratch)})
    assert widths == [480, 800]


def test_heic_from_an_iphone_is_published_upright_without_metadata(scratch):
    phone_photo(scratch.root / "stories/2024/anh-1.heic", "HEIF", size=(1200, 900))
    scratch.story("2024/co-giao-mo-lop.md", photos=photos("anh-1.heic"))
    result = scratch.build(strict=True)
    assert result.returncode == 0, result.stderr
    images = published_images(scratch)
    assert images
    for image in images:
        data = image.read_bytes()
        assert metadata_in(data) == []
        (width, height), top_left, top_right = corner_colours(data)
        assert width < height and (top_left, top_right) == ("blue", "red")


@pytest.mark.parametrize("kind, suffix", [("PNG", "png"), ("WEBP", "webp")])
def test_png_and_webp_photos_are_published_without_metadata(scratch, kind, suffix):
    phone_photo(scratch.root / f"stories/2024/anh-1.{suffix}", kind, size=(1000, 750))
    scratch.story("2024/co-giao-mo-lop.md", photos=photos(f"anh-1.{suffix}"))
    assert scratch.build(strict=True).returncode == 0
    for image in published_images(scratch):
        assert metadata_in(image.read_bytes()) == []
        assert corner_colours(image.read_bytes())[1:] == ("blue", "red")


def _srgb_tagged(path: Path) -> None:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGB", (600, 400), (200, 40, 40)).save(path, "JPEG", quality=95, icc_profile=profile)


def _broken_profile(path: Path) -> None:
    Image.new("RGB", (600, 400), (200, 40, 40)).save(path, "JPEG", quality=95, icc_profile=b"not a colour profile")


def _cmyk(path: Path) -> None:
    Image.new("CMYK", (600, 400), (0, 205, 205, 55)).save(path, "JPEG", quality=95)


def _transparent(path: Path) -> None:
    picture = Image.new("RGBA", (600, 400), (200, 40, 40, 255))
    picture.paste((0, 0, 0, 0), (0, 0, 300, 400))
    picture.save(path, "PNG")


@pytest.mark.parametrize("name, make, left", [
    ("anh-1.jpg", _srgb_tagged, (200, 40, 40)),
    ("anh-1.jpg", _broken_profile, (200, 40, 40)),
    ("anh-1.jpg", _cmyk, (200, 40, 40)),
    ("anh-1.png", _transparent, (255, 255, 255)),  # transparency shows as the page's white
], ids=["srgb-profile", "broken-profile", "cmyk", "transparent-png"])
def test_colours_come_out_as_plain_srgb_without_a_profile(scratch, name, make, left):
    scratch.story("2024/co-giao-mo-lop.md", photos=photos(name))
    make(scratch.root / "stories/2024" / name)
    build = core_build(scratch)
    assert build.files and not [p for p in build.problems if p.is_error]
    for rendition in build.files:
        assert metadata_in(rendition.data) == []
        with Image.open(io.BytesIO(rendition.data)) as image:
            assert image.mode == "RGB"
            pixel = image.getpixel((5, image.height // 2))
        assert all(abs(a - b) <= 12 for a, b in zip(pixel, left)), (rendition.path, pixel)


def _gif(path: Path) -> None:
    Image.new("RGB", (50, 40), "red").save(path, "GIF")


def _corrupt(path: Path) -> None:
    phone_jpeg(path, size=(600, 450))
    path.write_bytes(path.read_bytes()[:1500])


def _not_an_image(path: Path) -> None:
    path.write_text("Biên bản đồng ý, không phải ảnh", encoding="utf-8")


def _too_big_file(path: Path) -> None:
    phone_jpeg(path, size=(60, 40))
    with path.open("r+b") as handle:
        handle.truncate(26 * 1024 * 1024)  # sparse on disk, 26 MB as far as anyone can tell


def _too_many_pixels(path: Path) -> None:
    # 8200 × 6200 noise at one bit per pixel: 50.8 megapixels in about 6 MB, like a real large scan.
    import os
    Image.frombytes("1", (8200, 6200), os.urandom(8200 * 6200 // 8)).save(path, "PNG")


def _flat_bomb(path: Path) -> None:
    Image.new("1", (9000, 9000)).save(path, "PNG")  # 81 megapixels in a few kilobytes


GUARD_RAILS = [
    ("anh-1.gif", _gif, "định dạng `.gif` không được nhận"),
    ("anh-1.jpg", _corrupt, "tệp bị hỏng hoặc không phải ảnh"),
    ("anh-1.jpg", _not_an_image, "tệp bị hỏng hoặc không phải ảnh"),
    ("anh-1.heic", _not_an_image, "tệp bị hỏng hoặc không phải ảnh"),
    ("anh-1.jpg", _too_big_file, "vượt giới hạn 25 MB"),
    ("anh-1.png", _too_many_pixels, "vượt giới hạn 50 megapixel"),
    ("anh-1.png", lambda path: bomb_png(path), "“bom giải nén”"),
    ("anh-1.png", _flat_bomb, "“bom giải nén”"),
]


@pytest.mark.parametrize("name, make, message", GUARD_RAILS, ids=[
    "gif", "truncated-jpeg", "text-as-jpeg", "text-as-heic", "over-25-MB", "over-50-megapixels", "crafted-bomb", "flat-bomb"])
def test_a_bad_photo_is_refused_by_name_and_the_story_is_published_without_it(scratch, name, make, message):
    phone_jpeg(scratch.root / "stories/2024/anh-tot.jpg", size=(600, 450))
    make(scratch.root / "stories/2024" / name)
    scratch.story("2024/co-giao-mo-lop.md", photos=photos(name, "anh-tot.jpg"))

    strict = scratch.build(strict=True)
    assert strict.returncode != 0
    line = next(line for line in strict.stderr.splitlines() if message in line)
    assert STORY in line and "photos[0].src" in line and f"`{name}`" in line and "ảnh không được đăng" in line

    plain = scratch.build()
    assert plain.returncode == 0, plain.stderr
    page = scratch.html(PAGE)
    assert "anh-2-450.jpg" in page and "anh-1-" not in page
    assert not any(p.name.startswith("anh-1-") for p in published_images(scratch))


@pytest.mark.parametrize("extra, field, message", [
    ({"alt": None}, "photos[0].alt", "thiếu mô tả ảnh (alt)"),
    ({"shows_children": True}, "photos[0].children_consent", "thiếu `children_consent`"),
])
def test_photo_without_alt_or_childrens_consent_is_not_published(scratch, extra, field, message):
    phone_jpeg(scratch.root / "stories/2024/anh-1.jpg", size=(600, 450))
    photo = {"src": "anh-1.jpg", "alt": "Cô Hoa giảng bài", **extra}
    scratch.story("2024/co-giao-mo-lop.md", photos=[{k: v for k, v in photo.items() if v is not None}])
    strict = scratch.build(strict=True)
    assert strict.returncode != 0
    assert any(STORY in line and field in line and message in line and "`anh-1.jpg`" in line
               for line in strict.stderr.splitlines())
    assert scratch.build().returncode == 0
    assert "Nội dung câu chuyện." in scratch.html(PAGE)
    assert published_images(scratch) == []


def test_photo_showing_children_with_their_guardians_consent_is_published(scratch):
    phone_jpeg(scratch.root / "stories/2024/anh-1.jpg", size=(600, 450))
    scratch.story("2024/co-giao-mo-lop.md", photos=photos(
        "anh-1.jpg", shows_children=True, children_consent="Phụ huynh lớp 3A ký biên bản ngày 2/5/2024"))
    assert scratch.build(strict=True).returncode == 0
    assert published_images(scratch)


def test_second_build_without_photo_change_processes_no_photo(scratch):
    for name in ("anh-1.jpg", "anh-2.png"):
        make = phone_jpeg if name.endswith(".jpg") else lambda p: phone_photo(p, "PNG")
        make(scratch.root / "stories/2024" / name)
    scratch.story("2024/co-giao-mo-lop.md", photos=photos("anh-1.jpg", "anh-2.png"))

    first = core_build(scratch)
    assert (first.photo_stats.made, first.photo_stats.reused) == (2, 0)
    second = core_build(scratch)
    assert (second.photo_stats.made, second.photo_stats.reused) == (0, 2)
    assert {r.path: r.data for r in second.files} == {r.path: r.data for r in first.files}

    phone_jpeg(scratch.root / "stories/2024/anh-1.jpg", orientation=1)
    third = core_build(scratch)
    assert (third.photo_stats.made, third.photo_stats.reused) == (1, 1)


def test_build_log_says_how_many_photos_it_processed(scratch):
    phone_jpeg(scratch.root / "stories/2024/anh-1.jpg")
    scratch.story("2024/co-giao-mo-lop.md", photos=photos("anh-1.jpg"))
    first = scratch.build()
    assert "Ảnh: đã xử lý 1 ảnh, dùng lại 0 ảnh" in first.stderr
    second = scratch.build()
    assert "Ảnh: đã xử lý 0 ảnh, dùng lại 1 ảnh" in second.stderr
    assert (scratch.root / ".cache/photos").is_dir()

