"""The share image: its size, its bytes, the photo upright under the text, the font's Vietnamese, the cache."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFont

from conftest import repo_plan
from generator.cache import SHARE_CARDS, Store
from generator.media.sharecard import (
    ACCENT, FONTS, HEIGHT, MAX_BYTES, SOFT, WIDTH, drawable, has_glyph, render_card, share_card, share_cards, CardText,
)
from generator.rendering.sharekit import upload_photo
from generator.reading.story import Consent, Person, Photo, Story

REPO = Path(__file__).resolve().parent.parent
TEXT = CardText("Người tốt, việc thiện", "Cô giáo mở lớp học miễn phí", "Nguyễn Thị Hoa",
                "Hội Chữ thập đỏ huyện Bình Xuyên", "nguoitotviecthien.example.org")
BLUE, RED = (20, 60, 220), (220, 30, 30)


def jpeg(picture: Image.Image, **options) -> bytes:
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=92, **options)
    return out.getvalue()


def sideways_photo() -> bytes:
    """Stored portrait, red on top and blue below, with EXIF orientation 6 (turn 90° clockwise to view),
    GPS coordinates and a comment: upright it is landscape, blue on the left and red on the right."""
    stored = Image.new("RGB", (600, 1200), BLUE)
    stored.paste(RED, (0, 0, 600, 600))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8825).update({1: "N", 2: (21.0, 18.0, 0.0), 3: "E", 4: (105.0, 36.0, 0.0)})
    return jpeg(stored, exif=exif, comment=b"Nha ba Man, thon Dong")


def noise_photo(width=3000, height=2000) -> bytes:
    channels = [Image.effect_noise((width, height), 120) for _ in range(3)]
    return jpeg(Image.merge("RGB", channels))


def opened(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


def assert_no_metadata(picture: Image.Image) -> None:
    assert not picture.getexif()
    for key in ("exif", "comment", "icc_profile", "xmp", "XML:com.adobe.xmp"):
        assert key not in picture.info, key


def close_to(pixel, colour, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour))


def test_photo_card_is_1200_by_630_jpeg_with_the_photo_upright_and_no_metadata():
    card = opened(render_card(TEXT, sideways_photo()))
    assert (card.format, card.size) == ("JPEG", (WIDTH, HEIGHT))
    assert_no_metadata(card)
    # Above the darkened band the photo shows as it would on a phone: blue left, red right.
    assert close_to(card.getpixel((300, 200)), BLUE)
    assert close_to(card.getpixel((900, 200)), RED)


@pytest.mark.slow
def test_a_busy_photo_still_fits_in_one_megabyte():
    data = render_card(TEXT, noise_photo())
    assert len(data) <= MAX_BYTES
    assert opened(data).size == (WIDTH, HEIGHT)


@pytest.mark.parametrize("photo", [None, b"not an image at all"], ids=["no photo", "unreadable photo"])
def test_without_a_usable_photo_the_card_is_text_only_in_the_column_colour(photo):
    card = opened(render_card(TEXT, photo))
    assert card.size == (WIDTH, HEIGHT)
    colours = card.convert("RGB")
    assert colours.getpixel((1150, 200)) == ACCENT and colours.getpixel((600, 620)) == ACCENT
    assert colours.getpixel((10, 300)) == SOFT  # the pale edge on the left


def test_a_text_only_card_is_a_small_palette_png_without_metadata():
    data = render_card(TEXT, None)
    card = opened(data)
    assert (card.format, card.mode, card.size) == ("PNG", "P", (WIDTH, HEIGHT))
    assert_no_metadata(card)
    # A JPEG of the same card was about 60 KB; a few shades of three colours compress to a third.
    assert len(data) <= 30_000
    # Antialiased letters: white, the accent and shades between them, nothing else.
    used = {colour for _, colour in card.convert("RGB").getcolors(256)}
    assert {ACCENT, (255, 255, 255), SOFT} <= used and len(used) <= 20


def _story() -> Story:
    return Story(
        source="stories/2024/co-giao.md", slug="co-giao", title="Cô giáo mở lớp học miễn phí", kind="individual",
        person=Person("Nguyễn Thị Hoa"), chapter="binh-xuyen", deed="Mở lớp học", criteria=(),
        date=dt.date(2024, 5, 8), consent=Consent("Nguyễn Thị Hoa", dt.date(2024, 5, 1), ("website",)), body="…")


def test_a_story_without_photo_serves_its_card_as_png_and_one_with_a_photo_as_jpeg(tmp_path):
    plan = repo_plan()
    photo_path = tmp_path / "anh.jpg"
    photo_path.write_bytes(sideways_photo())
    plain = _story()
    pictured = dataclasses.replace(_story(), source="stories/2024/lop-hoc.md", slug="lop-hoc",
                                   photos=(Photo("anh.jpg", "Cô Hoa đứng lớp", path=photo_path),))
    run = share_cards((plain, pictured), plan, Store(tmp_path / "cache", SHARE_CARDS))
    text_card, photo_card = run.cards[plain.source], run.cards[pictured.source]
    assert (text_card.path, text_card.media_type) == ("cau-chuyen/2024/co-giao/chia-se.png", "image/png")
    assert (photo_card.path, photo_card.media_type) == ("cau-chuyen/2024/lop-hoc/chia-se.jpg", "image/jpeg")
    assert opened(text_card.data).format == "PNG" and opened(photo_card.data).format == "JPEG"
    assert "Cô Hoa đứng lớp" in photo_card.alt and "Ảnh:" not in text_card.alt


def test_the_text_is_drawn_on_the_card():
    plain = opened(render_card(CardText("", "", "", "", ""), None)).convert("L")
    written = opened(render_card(TEXT, None)).convert("L")
    different = sum(ImageChops.difference(plain, written).point(lambda v: 255 if v > 60 else 0).histogram()[255:])
    assert different > 5000


def vietnamese_letters() -> list[str]:
    bases = "aăâeêioôơuưy"
    tones = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    letters = {unicodedata.normalize("NFC", base + tone) for base in bases for tone in tones} | {"đ"}
    return sorted(letters | {letter.upper() for letter in letters})


@pytest.mark.parametrize("weight", ["Regular", "SemiBold", "Bold"])
def test_bundled_font_draws_every_vietnamese_letter(weight):
    path = str(FONTS / f"BeVietnamPro-{weight}.ttf")
    letters = vietnamese_letters()
    assert len(letters) == 2 * (12 * 6 + 1)
    assert [letter for letter in letters if not has_glyph(path, letter)] == []


def test_font_licence_is_bundled_with_the_font():
    assert "SIL OPEN FONT LICENSE Version 1.1" in (FONTS / "OFL.txt").read_text(encoding="utf-8")


def test_characters_the_font_lacks_are_left_out_of_the_card():
    font = ImageFont.truetype(str(FONTS / "BeVietnamPro-Bold.ttf"), 60)
    assert drawable("Bếp ăn 0 đồng 🍚 ❤️ – “Áo xanh”", font) == "Bếp ăn 0 đồng – “Áo xanh”"


def test_cards_are_cached_by_content(tmp_path):
    plan = repo_plan()
    photo_path = tmp_path / "anh.jpg"
    photo_path.write_bytes(sideways_photo())
    story = Story(
        source="stories/2024/co-giao.md", slug="co-giao", title="Cô giáo mở lớp học miễn phí", kind="individual",
        person=Person("Nguyễn Thị Hoa"), chapter="binh-xuyen", deed="Mở lớp học", criteria=(),
        date=dt.date(2024, 5, 8),
        consent=Consent("Nguyễn Thị Hoa", dt.date(2024, 5, 1), ("website",)), body="…",
        photos=(Photo("anh.jpg", "Cô Hoa đứng lớp", path=photo_path),),
    )
    cache = Store(tmp_path / "cache", SHARE_CARDS)
    first = share_cards((story,), plan, cache)
    second = share_cards((story,), plan, cache)
    assert (first.made, first.reused, second.made, second.reused) == (1, 0, 0, 1)
    assert first.cards[story.source].data == second.cards[story.source].data
    assert first.cards[story.source].path == "cau-chuyen/2024/co-giao/chia-se.jpg"
    assert "Cô Hoa đứng lớp" in first.cards[story.source].alt
    retitled = dataclasses.replace(story, title="Cô giáo và lớp học buổi tối")
    assert share_card(retitled, plan, cache)[1] is True
    photo_path.write_bytes(noise_photo(800, 600))
    assert share_card(story, plan, cache)[1] is True


@pytest.mark.slow
def test_photos_for_upload_are_upright_within_one_megabyte_and_carry_no_metadata():
    upright = opened(upload_photo(sideways_photo()))
    assert upright.size == (1200, 600)
    assert_no_metadata(upright)
    big = upload_photo(noise_photo(2600, 1800))
    assert len(big) <= MAX_BYTES
    assert max(opened(big).size) <= 2048


def test_an_iphone_heic_cover_is_drawn_upright_on_the_card():
    # The card decodes photos through the photo pipeline, so HEIC works as on the story page.
    stored = Image.open(io.BytesIO(sideways_photo()))
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    stored.save(out, "HEIF", exif=exif.tobytes())
    card = opened(render_card(TEXT, out.getvalue()))
    assert close_to(card.getpixel((300, 200)), BLUE)
    assert close_to(card.getpixel((900, 200)), RED)
