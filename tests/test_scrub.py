"""`nttv scrub`: originals under stories/ lose GPS and every other metadata, keep their pixels and stay upright."""

from __future__ import annotations

import io

import pytest
from photo_factory import corner_colours, metadata_in, phone_jpeg, phone_photo
from PIL import ExifTags, Image, ImageOps


def pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.tobytes()


def test_scrub_strips_a_phone_jpeg_losslessly_keeps_it_upright_and_is_idempotent(scratch):
    photo = phone_jpeg(scratch.root / "stories/2024/anh-1.jpg", size=(640, 480), trailer=True)
    before = photo.read_bytes()

    result = scratch.nttv("scrub")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "stories/2024/anh-1.jpg: đã xóa vị trí GPS, EXIF (máy ảnh, thời gian chụp…), XMP, chú thích trong tệp, "
        "dữ liệu nối sau ảnh (ví dụ video của ảnh động)"]

    after = photo.read_bytes()
    assert pixels(after) == pixels(before)  # the compressed picture is untouched
    with Image.open(photo) as image:
        exif = image.getexif()
        assert dict(exif) == {ExifTags.Base.Orientation: 6}  # the one tag that keeps it upright
    assert metadata_in(after) == ["exif", "exif block", "jpeg metadata segment"]  # the orientation block only
    assert corner_colours(after) == ((480, 640), "blue", "red")

    again = scratch.nttv("scrub")
    assert again.returncode == 0 and again.stdout == ""
    assert "đã xóa siêu dữ liệu khỏi 0 ảnh" in again.stderr
    assert photo.read_bytes() == after


def test_scrub_leaves_no_exif_at_all_on_a_photo_already_upright(scratch):
    photo = phone_jpeg(scratch.root / "stories/2024/anh-1.jpg", orientation=1)
    before = photo.read_bytes()
    assert scratch.nttv("scrub").returncode == 0
    assert metadata_in(photo.read_bytes()) == []
    assert pixels(photo.read_bytes()) == pixels(before)


@pytest.mark.parametrize("kind, suffix", [("PNG", "png"), ("WEBP", "webp"), ("HEIF", "heic")])
def test_scrub_cleans_png_webp_and_heic_and_keeps_them_upright(scratch, kind, suffix):
    photo = phone_photo(scratch.root / f"stories/2024/anh-1.{suffix}", kind, size=(320, 240))
    assert "gps" in metadata_in(photo.read_bytes())
    result = scratch.nttv("scrub")
    assert result.returncode == 0, result.stderr
    assert "vị trí GPS" in result.stdout and f"anh-1.{suffix}" in result.stdout
    after = photo.read_bytes()
    assert metadata_in(after) == []
    assert corner_colours(after) == ((240, 320), "blue", "red")
    if kind == "PNG":  # lossless: the same pixels, turned upright
        with Image.open(io.BytesIO(after)) as cleaned:
            upright = ImageOps.exif_transpose(Image.open(io.BytesIO(phone_photo(
                scratch.root / "fresh.png", "PNG", size=(320, 240)).read_bytes())))
            assert cleaned.tobytes() == upright.convert(cleaned.mode).tobytes()
    assert scratch.nttv("scrub").stdout == ""
    assert photo.read_bytes() == after


def test_scrub_check_reports_without_changing_and_fails(scratch):
    photo = phone_jpeg(scratch.root / "stories/2024/anh-1.jpg")
    phone_jpeg(scratch.root / "stories/2025/anh-2.jpg", orientation=1, gps=False, comment=False, xmp=False)
    before = photo.read_bytes()
    result = scratch.nttv("scrub", "--check")
    assert result.returncode == 1
    assert result.stdout.startswith("stories/2024/anh-1.jpg: còn vị trí GPS")
    assert "anh-2.jpg" in result.stdout  # a plain EXIF with camera and time is metadata too
    assert photo.read_bytes() == before


def test_scrub_of_one_file_and_a_broken_photo(scratch):
    good = phone_jpeg(scratch.root / "stories/2024/anh-1.jpg")
    broken = scratch.root / "stories/2024/anh-2.jpg"
    broken.write_bytes(good.read_bytes()[:200])
    damaged = broken.read_bytes()
    other = phone_jpeg(scratch.root / "stories/2024/anh-3.jpg")
    result = scratch.nttv("scrub", "stories/2024/anh-1.jpg", "stories/2024/anh-2.jpg")
    assert result.returncode == 1
    assert "stories/2024/anh-2.jpg: tệp JPEG hỏng" in result.stdout
    assert metadata_in(good.read_bytes()) == ["exif", "exif block", "jpeg metadata segment"]  # the orientation block only
    assert broken.read_bytes() == damaged
    assert "gps" in metadata_in(other.read_bytes())  # not named, not touched
