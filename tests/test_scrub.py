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


def _bomb(path):
    from photo_factory import bomb_png
    bomb_png(path)


def _jpeg_bomb(path):
    # A JPEG header declaring 12,000 × 12,000 pixels (144 megapixels) over a few hundred bytes.
    data = bytearray(phone_jpeg(path, size=(16, 16), orientation=1).read_bytes())
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = (12_000).to_bytes(2, "big") * 2
    path.write_bytes(bytes(data))


def _cut_png(path):
    phone_photo(path, "PNG", size=(320, 240))
    path.write_bytes(path.read_bytes()[:300])


def _garbage(path):
    path.write_bytes(b"\xff\xd8\xff\xe1" + b"\x00" * 50)


BAD = [
    ("anh-bom.png", _bomb, "“bom giải nén”"),
    ("anh-bom.jpg", _jpeg_bomb, "“bom giải nén”"),
    ("anh-cut.png", _cut_png, "tệp ảnh hỏng"),
    ("anh-rac.jpg", _garbage, "tệp JPEG hỏng"),
]


@pytest.mark.parametrize("check", [False, True], ids=["scrub", "scrub --check"])
@pytest.mark.parametrize("name, make, message", BAD, ids=["png-bomb", "jpeg-bomb", "truncated-png", "garbage-jpeg"])
def test_a_bad_photo_is_reported_and_every_other_photo_is_still_handled(scratch, name, make, message, check):
    first = phone_jpeg(scratch.root / "stories/2024/anh-1.jpg")
    bad = scratch.root / "stories/2024" / name
    make(bad)
    before = bad.read_bytes()
    last = phone_jpeg(scratch.root / "stories/2025/anh-9.jpg")
    result = scratch.nttv("scrub", *(["--check"] if check else []))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"stories/2024/{name}: ") and message in line for line in lines), lines
    assert f"stories/2024/anh-1.jpg: {'còn' if check else 'đã xóa'} vị trí GPS" in result.stdout
    assert f"stories/2025/anh-9.jpg: {'còn' if check else 'đã xóa'} vị trí GPS" in result.stdout
    assert bad.read_bytes() == before
    for photo in (first, last):
        assert ("gps" in metadata_in(photo.read_bytes())) is check


def _tiff(path):
    from photo_factory import phone_exif, stored_picture
    stored_picture().save(path, "TIFF", exif=phone_exif())


def _gif(path):
    Image.new("P", (40, 30)).save(path, "GIF", comment=b"Nha chi Hoa, xom 5")


@pytest.mark.parametrize("name, make", [
    ("anh-1.tif", _tiff), ("anh-1.TIFF", _tiff), ("anh-1.gif", _gif),
    ("anh-1.dng", lambda path: path.write_bytes(b"II*\x00raw")),
], ids=["tif", "TIFF", "gif", "camera-raw"])
def test_tiff_gif_and_raw_originals_are_named_as_files_to_export_and_remove(scratch, name, make):
    phone_jpeg(scratch.root / "stories/2024/anh-2.jpg")
    make(scratch.root / "stories/2024" / name)
    for args in (("scrub",), ("scrub", "--check")):
        result = scratch.nttv(*args)
        assert result.returncode == 1
        line = next(line for line in result.stdout.splitlines() if line.startswith(f"stories/2024/{name}: "))
        assert "không được đăng lên trang" in line and "hãy xuất ảnh thành JPEG" in line and "xóa tệp này khỏi kho" in line


@pytest.mark.parametrize("kind, suffix", [("PNG", "png"), ("WEBP", "webp")])
def test_a_file_appended_after_a_png_or_webp_is_removed(scratch, kind, suffix):
    from photo_factory import TRAILER, stored_picture
    photo = scratch.root / f"stories/2024/anh-1.{suffix}"
    photo.parent.mkdir(parents=True)
    stored_picture().save(photo, kind, **({"lossless": True} if kind == "WEBP" else {}))
    clean = photo.read_bytes()
    photo.write_bytes(clean + TRAILER)
    result = scratch.nttv("scrub")
    assert result.returncode == 0, result.stderr
    assert "dữ liệu nối sau ảnh" in result.stdout
    assert TRAILER not in photo.read_bytes()
    assert pixels(photo.read_bytes()) == pixels(clean)


def test_scrub_covers_the_pages_in_content_too(scratch):
    page_photo = phone_jpeg(scratch.root / "content/anh/hoi-nghi.jpg")
    story_photo = phone_jpeg(scratch.root / "stories/2024/anh-1.jpg")
    result = scratch.nttv("scrub")
    assert result.returncode == 0, result.stderr
    assert "content/anh/hoi-nghi.jpg: đã xóa vị trí GPS" in result.stdout
    for photo in (page_photo, story_photo):
        assert "gps" not in metadata_in(photo.read_bytes())
