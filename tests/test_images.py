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
from scratch_site import fixed_environment, shared_scratch

from generator.build import build_site

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
    plan = scratch.plan()
    return build_site(scratch.root, plan, scratch.root / "stories", dt.date.fromisoformat(TODAY))


@pytest.mark.build
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


@pytest.mark.build
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


@pytest.mark.build
def test_small_photo_is_never_enlarged(scratch):
    phone_jpeg(scratch.root / "stories/2024/anh-1.jpg", size=(800, 600), orientation=1)
    scratch.story("2024/co-giao-mo-lop.md", photos=photos("anh-1.jpg"))
    assert scratch.build(strict=True).returncode == 0
    widths = sorted({int(p.stem.rsplit("-", 1)[1]) for p in published_images(scratch)})
    assert widths == [480, 800]


@pytest.mark.build
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
@pytest.mark.build
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
@pytest.mark.build
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


GUARD_RAIL_IDS = ["gif", "truncated-jpeg", "text-as-jpeg", "text-as-heic", "over-25-mb", "over-50-megapixels",
                  "crafted-bomb", "flat-bomb"]  # also the names of their stories
# A photo without its alt text, or showing children without their guardians' consent.
UNSAID = [
    ("no-alt", {"alt": None}, "photos[0].alt", "thiếu mô tả ảnh (alt)"),
    ("no-children-consent", {"shows_children": True}, "photos[0].children_consent", "thiếu `children_consent`"),
]


@pytest.fixture(scope="module")
def refused(tmp_path_factory):
    """One repository with a story for every refused photo (each beside a good photo of its own),
    built strict and then plain: every case's message, and every other story still published."""
    scratch = shared_scratch(tmp_path_factory.mktemp("refused") / "repo")
    folder = scratch.root / "stories/2024"
    folder.mkdir(parents=True)
    for case, (name, make, _) in zip(GUARD_RAIL_IDS, GUARD_RAILS):
        bad = f"{case}-{name}"
        make(folder / bad)
        phone_jpeg(folder / f"{case}-tot.jpg", size=(600, 450))
        scratch.story(f"2024/{case}.md", title=f"Ảnh hỏng – {case}", photos=photos(bad, f"{case}-tot.jpg"))
    for case, extra, _, _ in UNSAID:
        phone_jpeg(folder / f"{case}.jpg", size=(600, 450))
        photo = {"src": f"{case}.jpg", "alt": "Cô Hoa giảng bài", **extra}
        scratch.story(f"2024/{case}.md", title=f"Ảnh thiếu – {case}",
                      photos=[{k: v for k, v in photo.items() if v is not None}])
    with fixed_environment():
        strict = scratch.build(strict=True)
        plain = scratch.build()
    return scratch, strict, plain


def story_images(scratch, page: str) -> list[Path]:
    folder = scratch.root / "site" / page
    return sorted(p for p in folder.iterdir() if p.suffix in (".jpg", ".webp") and p.name != "chia-se.jpg")


@pytest.mark.parametrize("case, name, message", [(case, name, message) for case, (name, _, message)
                                                 in zip(GUARD_RAIL_IDS, GUARD_RAILS)], ids=GUARD_RAIL_IDS)
@pytest.mark.build
def test_a_bad_photo_is_refused_by_name_and_the_story_is_published_without_it(refused, case, name, message):
    scratch, strict, plain = refused
    assert strict.returncode != 0
    bad = f"{case}-{name}"
    line = next(line for line in strict.stderr.splitlines() if message in line and f"`{bad}`" in line)
    assert f"stories/2024/{case}.md" in line and "photos[0].src" in line and "ảnh không được đăng" in line

    assert plain.returncode == 0, plain.stderr
    page = scratch.html(f"cau-chuyen/2024/{case}/")
    assert "anh-2-450.jpg" in page and "anh-1-" not in page
    assert not any(p.name.startswith("anh-1-") for p in story_images(scratch, f"cau-chuyen/2024/{case}/"))


@pytest.mark.parametrize("case, field, message", [(case, field, message) for case, _, field, message in UNSAID],
                         ids=[case for case, *_ in UNSAID])
@pytest.mark.build
def test_photo_without_alt_or_childrens_consent_is_not_published(refused, case, field, message):
    scratch, strict, plain = refused
    assert strict.returncode != 0
    assert any(f"stories/2024/{case}.md" in line and field in line and message in line and f"`{case}.jpg`" in line
               for line in strict.stderr.splitlines())
    assert plain.returncode == 0
    assert "Nội dung câu chuyện." in scratch.html(f"cau-chuyen/2024/{case}/")
    assert story_images(scratch, f"cau-chuyen/2024/{case}/") == []


@pytest.mark.build
def test_photo_showing_children_with_their_guardians_consent_is_published(scratch):
    phone_jpeg(scratch.root / "stories/2024/anh-1.jpg", size=(600, 450))
    scratch.story("2024/co-giao-mo-lop.md", photos=photos(
        "anh-1.jpg", shows_children=True, children_consent="Phụ huynh lớp 3A ký biên bản ngày 2/5/2024"))
    assert scratch.build(strict=True).returncode == 0
    assert published_images(scratch)


@pytest.mark.build
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


@pytest.mark.build
def test_build_log_says_how_many_photos_it_processed(scratch):
    phone_jpeg(scratch.root / "stories/2024/anh-1.jpg")
    scratch.story("2024/co-giao-mo-lop.md", photos=photos("anh-1.jpg"))
    first = scratch.build(fresh_cache=True)
    assert "Ảnh: đã xử lý 1 ảnh, dùng lại 0 ảnh" in first.stderr
    second = scratch.build()
    assert "Ảnh: đã xử lý 0 ảnh, dùng lại 1 ảnh" in second.stderr
    assert (scratch.root / ".cache/photos").is_dir()



def _screenshot(size):
    def make(path: Path) -> None:
        Image.new("RGB", size, (30, 60, 200)).save(path, "PNG")
    return make


@pytest.mark.parametrize("size, largest", [
    ((1080, 20_000), (885, 16_383)),  # a long phone screenshot, taller than WebP allows
    ((1179, 40_000), (483, 16_383)),
    ((1, 5_000), (1, 5_000)),  # a one-pixel-wide strip
    ((1, 70_000), (1, 16_383)),  # taller than JPEG allows too
    ((70_000, 1), (1_600, 1)),
    ((1, 1), (1, 1)),
], ids=["screenshot-20000", "screenshot-40000", "strip-1x5000", "strip-1x70000", "strip-70000x1", "one-pixel"])
@pytest.mark.build
@pytest.mark.slow
def test_long_screenshots_and_strips_are_scaled_to_fit_the_encoders_and_published(scratch, size, largest):
    scratch.story("2024/co-giao-mo-lop.md", photos=photos("anh-1.png"))
    _screenshot(size)(scratch.root / "stories/2024/anh-1.png")
    check = scratch.nttv("check")
    assert check.returncode == 0, check.stdout + check.stderr
    build = core_build(scratch)
    assert not [p for p in build.problems if p.is_error]
    assert build.files
    for rendition in build.files:
        with Image.open(io.BytesIO(rendition.data)) as image:
            assert max(image.size) <= 16_383 and (image.width, image.height) == (rendition.width, rendition.height)
    jpeg = [r for r in build.files if r.path.endswith(".jpg")]
    assert (jpeg[-1].width, jpeg[-1].height) == largest


def _cut(kind: str, fraction: float, **options):
    def make(path: Path) -> None:
        out = io.BytesIO()
        Image.frombytes("RGB", (320, 240), bytes(range(256)) * 900).save(out, kind, **options)
        data = out.getvalue()
        path.write_bytes(data[:int(len(data) * fraction)])
    return make


BROKEN = [
    ("anh-1.jpg", _cut("JPEG", 0.5)),
    ("anh-1.jpg", _cut("JPEG", 0.9, progressive=True)),
    ("anh-1.png", _cut("PNG", 0.6)),
    ("anh-1.png", _cut("PNG", 0.95, interlace=1)),
    ("anh-1.webp", _cut("WEBP", 0.7)),
    ("anh-1.heic", _cut("HEIF", 0.8)),
]


@pytest.mark.parametrize("name, make", BROKEN, ids=[
    "jpeg-half", "progressive-jpeg-90%", "png-60%", "interlaced-png-95%", "webp-70%", "heic-80%"])
@pytest.mark.build
def test_a_stream_broken_part_way_is_named_by_check_and_left_out_by_the_build(scratch, name, make):
    phone_jpeg(scratch.root / "stories/2024/anh-tot.jpg", size=(600, 450), gps=False)  # a photo with GPS is itself an error of check
    make(scratch.root / "stories/2024" / name)
    scratch.story("2024/co-giao-mo-lop.md", photos=photos(name, "anh-tot.jpg"))

    check = scratch.nttv("check")
    assert check.returncode == 1
    named = [line for line in check.stdout.splitlines() if line.startswith(STORY)]
    assert len(named) == 1 and "photos[0].src" in named[0] and f"`{name}`" in named[0]
    assert "tệp bị hỏng" in named[0] and "ảnh không được đăng, truyện vẫn được đăng" in named[0]

    build = core_build(scratch)
    assert [(p.path, p.field, p.message) for p in build.problems if p.is_error] == \
        [(STORY, "photos[0].src", named[0].split(": ", 2)[2])]
    assert {r.path.rsplit("/", 1)[1] for r in build.files} >= {"anh-2-450.jpg"}
    assert not [r for r in build.files if "/anh-1-" in r.path]
    assert build.photo_stats.rejected == 1


@pytest.mark.parametrize("failure", [ValueError("encoding error 5"), OSError("broken data stream"), MemoryError(), RuntimeError("?")])
@pytest.mark.build
def test_any_failure_of_the_encoder_is_that_photos_problem_in_build_and_check(scratch, monkeypatch, failure):
    from generator.media import images
    from generator.media.images import photo_problems

    phone_jpeg(scratch.root / "stories/2024/anh-1.jpg", size=(600, 450), orientation=1)
    phone_jpeg(scratch.root / "stories/2024/anh-2.jpg", size=(500, 400), orientation=1)
    scratch.story("2024/co-giao-mo-lop.md", photos=photos("anh-1.jpg", "anh-2.jpg"))
    real_save = Image.Image.save

    def failing_save(image, fp, format=None, **options):
        if image.width == 600:  # only the first photo's renditions
            raise failure
        return real_save(image, fp, format, **options)

    monkeypatch.setattr(Image.Image, "save", failing_save)
    build = core_build(scratch)
    errors = [p for p in build.problems if p.is_error]
    expected = images.OUT_OF_MEMORY if isinstance(failure, MemoryError) else images.UNENCODABLE
    assert [(p.field, expected in p.message) for p in errors] == [("photos[0].src", True)]
    assert [r.path for r in build.files if r.path.endswith(".jpg")] == [
        "cau-chuyen/2024/co-giao-mo-lop/anh-2-500.jpg"]
    assert [(p.field, p.message) for p in photo_problems(build.collection.stories)] == [(p.field, p.message) for p in errors]
    # The share card is drawn on the photo the page shows.
    assert build.cards.cards[STORY].alt.endswith("Ảnh: Ảnh 2 – cô Hoa giảng bài")


@pytest.mark.build
def test_check_makes_the_photos_once_and_the_build_after_it_makes_none(scratch):
    for name in ("anh-1.jpg", "anh-2.jpg"):
        phone_jpeg(scratch.root / "stories/2024" / name, size=(900, 600), gps=False)  # with GPS the check refuses them
    scratch.story("2024/co-giao-mo-lop.md", photos=photos("anh-1.jpg", "anh-2.jpg"))
    assert scratch.nttv("check").returncode == 0
    build = scratch.build()
    assert "Ảnh: đã xử lý 0 ảnh, dùng lại 2 ảnh" in build.stderr
