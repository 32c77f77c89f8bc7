"""The share image of a story: 1200×630 of at most 1 MB, the size Facebook and Zalo preview.

The cover photo is cropped to fit and the title, the person and the chapter are set on it in the
bundled Be Vietnam Pro (SIL Open Font License, full Vietnamese coverage; see ``fonts/OFL.txt``).
A story without a usable photo gets a text-only card in the column's colours: a PNG of a few
shades between three colours (about 20 KB, sharp letters), where a photo card is a JPEG. The Red Cross
emblem is never drawn: its use is protected by law, and the chapter's name says who speaks.
Cards are cached by the hash of everything drawn on them, so a build with nothing changed draws none.
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image, ImageDraw, ImageFont, ImageOps

from .images import MAX_WIDTH, upright_srgb
from ..reading.plan import Plan
from ..reading.model import Photo, Story
from ..cache import SHARE_CARDS, Store, store_of

WIDTH, HEIGHT = 1200, 630
MAX_BYTES = 1_000_000  # Zalo's limit for an image; Facebook's is 8 MB
QUALITIES = (88, 80, 72, 64, 56, 48)
PHOTO_CARD_QUALITY = 82  # a 1200×630 photo card is then about 100–200 KB: the first try always fits
FONTS = Path(__file__).resolve().parent.parent / "fonts"
FILE_NAME = "chia-se.jpg"
TEXT_FILE_NAME = "chia-se.png"  # the text-only card
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# The column's colours, as in theme/assets/nttv.css.
ACCENT = (179, 38, 30)
SOFT = (253, 241, 240)
INK = (255, 255, 255)

MARGIN = 64


@dataclass(frozen=True)
class CardText:
    """Everything written on a card."""

    label: str
    title: str
    person: str
    chapter: str
    host: str


@dataclass(frozen=True)
class ShareCard:
    path: str  # relative to the site's docs: cau-chuyen/<year>/<slug>/chia-se.jpg (chia-se.png: text only)
    width: int
    height: int
    alt: str
    data: bytes

    @property
    def media_type(self) -> str:
        return "image/png" if self.data.startswith(PNG_SIGNATURE) else "image/jpeg"

    @property
    def extension(self) -> str:
        return ".png" if self.data.startswith(PNG_SIGNATURE) else ".jpg"


@dataclass(frozen=True)
class CardRun:
    """The cards of one build, by story source, and how many were drawn rather than taken from the cache."""

    cards: dict[str, ShareCard]
    made: int
    reused: int


def card_path(story: Story, text_only: bool = False) -> str:
    return f"cau-chuyen/{story.year}/{story.slug}/{TEXT_FILE_NAME if text_only else FILE_NAME}"


def card_text(story: Story, plan: Plan) -> CardText:
    chapter = plan.chapter(story.chapter)
    return CardText(
        label=plan.kinds[story.kind].label,
        title=story.title,
        person=story.person.name,
        chapter=chapter.name_on(story.date) if chapter else story.chapter,
        host=urlsplit(plan.site_url).hostname or "",
    )


def cover_photo(story: Story, photos: tuple[Photo, ...] | None = None) -> Photo | None:
    return next((photo for photo in (story.photos if photos is None else photos) if photo.path is not None), None)


def card_alt(text: CardText, photo: Photo | None) -> str:
    alt = f"{text.title} – {text.person}, {text.chapter}"
    return f"{alt}. Ảnh: {photo.alt}" if photo and photo.alt else alt


def share_cards(stories: tuple[Story, ...], plan: Plan, cache: Store | None,
                photos: dict[str, tuple[Photo, ...]] | None = None) -> CardRun:
    """The card of every story; ``cache`` (the card store, or its folder) keeps cards between builds.

    ``photos`` gives, by story source, the photos a card may be drawn on (the ones the site
    publishes); without it, any of the story's photos. Cards not in the cache are drawn on every
    core (drawing holds the interpreter lock: threads would not help), a batch at a time so that
    only a batch of photos is in memory at once.
    """
    cache = store_of(SHARE_CARDS, cache)
    wanted = [_wanted(story, plan, cache, None if photos is None else photos.get(story.source, ())) for story in stories]
    missing = [item for item in wanted if item.data is None]
    drawn: dict[str, bytes] = {}
    with _Painter(len(missing)) as paint:
        for start in range(0, len(missing), BATCH):
            batch = missing[start:start + BATCH]
            jobs = [(item.text, _read_bytes(item.photo.path) if item.photo else None) for item in batch]
            for item, data in zip(batch, paint(jobs)):
                cache.put(item.cache_name, data)
                drawn[item.story.source] = data
    cards = {item.story.source: _card(item, item.data if item.data is not None else drawn[item.story.source])
             for item in wanted}
    return CardRun(cards, len(missing), len(wanted) - len(missing))


def card_cache_name(story: Story, plan: Plan, photos: tuple[Photo, ...] | None = None) -> str:
    """The file name in the card cache of the card ``share_card`` gives for the same arguments, without drawing it."""
    photo = cover_photo(story, photos)
    return _cache_name(card_text(story, plan), _read_bytes(photo.path) if photo else None)


def _cache_name(text: CardText, photo_bytes: bytes | None) -> str:
    # A photo that turns out not to decode gives a text-only card: PNG bytes under this name.
    return f"{_cache_key(text, photo_bytes)}{'.png' if photo_bytes is None else '.jpg'}"


def share_card(story: Story, plan: Plan, cache: Store | None,
               photos: tuple[Photo, ...] | None = None) -> tuple[ShareCard, bool]:
    """The story's card, and whether it had to be drawn (False: it came from the cache).

    The card is drawn on the first of ``photos`` (default: the story's own), text-only when there
    is none or it cannot be read. It never raises for a bad photo.
    """
    cache = store_of(SHARE_CARDS, cache)
    item = _wanted(story, plan, cache, photos)
    if item.data is not None:
        return _card(item, item.data), False
    data = render_card(item.text, _read_bytes(item.photo.path) if item.photo else None)
    cache.put(item.cache_name, data)
    return _card(item, data), True


POOL_MIN = 8  # below this many cards to draw, starting worker processes costs more than it saves
BATCH = 64


class _Painter:
    """Draws batches of cards, on worker processes when there are enough of them and more than one core."""

    def __init__(self, count: int):
        workers = min(_cores(), max(1, count // (POOL_MIN // 2)))
        self.pool = None
        if count >= POOL_MIN and workers > 1:
            try:
                self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=_start_method())
            except OSError:
                self.pool = None  # drawn here, as below

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        if self.pool is not None:
            self.pool.shutdown()

    def __call__(self, jobs: list[tuple[CardText, bytes | None]]) -> list[bytes]:
        if self.pool is not None:
            try:
                return list(self.pool.map(_render_job, jobs))
            except (BrokenProcessPool, OSError):
                # Workers could not start (no room for processes, a host program that cannot be
                # re-imported): the cards are drawn here instead, only slower.
                self.pool.shutdown(cancel_futures=True)
                self.pool = None
        return [render_card(text, photo) for text, photo in jobs]


def _start_method():
    """Fork where it is safe and quick (Linux, no other thread whose locks the copy would hold), else spawn."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _render_job(job: tuple[CardText, bytes | None]) -> bytes:
    return render_card(*job)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class _Wanted:
    story: Story
    text: CardText
    photo: Photo | None
    cache_name: str  # the card's file name in the cache (a hash of what is drawn)
    photo_is_picture: bool  # the card shows the photo (its alt text names it)
    data: bytes | None  # from the cache, or None: to be drawn


def _wanted(story: Story, plan: Plan, cache: Store, photos: tuple[Photo, ...] | None) -> _Wanted:
    text = card_text(story, plan)
    photo = cover_photo(story, photos)
    photo_bytes = _read_bytes(photo.path) if photo else None
    name = _cache_name(text, photo_bytes)
    return _Wanted(story, text, photo, name, photo_bytes is not None and _is_picture(photo_bytes), cache.get(name))


def _card(item: _Wanted, data: bytes) -> ShareCard:
    text_only = data.startswith(PNG_SIGNATURE)
    return ShareCard(card_path(item.story, text_only), WIDTH, HEIGHT,
                     card_alt(item.text, item.photo if item.photo_is_picture and not text_only else None), data)


def render_card(text: CardText, photo: bytes | None) -> bytes:
    """The card's bytes: a JPEG on the photo when it can be read, a text-only PNG otherwise."""
    picture = _cover(photo) if photo is not None else None
    if picture is None:
        return encode_text_card(_text_card(text))
    return encode_jpeg(_photo_card(text, picture), MAX_BYTES, (PHOTO_CARD_QUALITY, *(q for q in QUALITIES if q < PHOTO_CARD_QUALITY)))


def encode_jpeg(picture: Image.Image, limit: int, qualities: tuple[int, ...] = QUALITIES) -> bytes:
    """JPEG without any metadata, at the best of ``qualities`` that stays within ``limit`` bytes."""
    clean = Image.new("RGB", picture.size)
    clean.paste(picture.convert("RGB"))
    data = b""
    for quality in qualities:
        out = io.BytesIO()
        clean.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
        data = out.getvalue()
        if len(data) <= limit:
            return data
    return data


def encode_text_card(shades: Image.Image) -> bytes:
    """A text-only card (``_text_card``: one byte a pixel, 0 the accent, 255 white) as a palette
    PNG without metadata. Antialiased letters keep SHADES steps between colours: far fewer
    distinct bytes for the compressor, no difference one can see at the size a card is shown."""
    picture = shades.point(_SHADE_STEPS)
    picture.putpalette(_SHADE_PALETTE)
    out = io.BytesIO()
    picture.save(out, "PNG", compress_level=6)
    return out.getvalue()


def open_upright(data: bytes) -> Image.Image:
    """A photo decoded upright in sRGB with no metadata, wide enough to cover the card."""
    return upright_srgb(data, MAX_WIDTH)


# Drawing.

def _cover(data: bytes) -> Image.Image | None:
    """The photo cropped to the card, or None when it cannot be used: the card is then text-only."""
    try:
        picture = open_upright(data)
        return ImageOps.fit(picture, (WIDTH, HEIGHT), Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    except Exception:  # any failure of a photo costs the card its picture, never the build
        return None


def _photo_card(text: CardText, picture: Image.Image) -> Image.Image:
    canvas = picture.convert("RGB")
    draw = ImageDraw.Draw(canvas)
    title_bottom = _footer_top(HEIGHT - MARGIN)
    font, lines = _title_lines(draw, text.title, max_lines=3)
    title_top = title_bottom - (len(lines) - 1) * _line_step(font) - font.size
    _shade(canvas, title_top - 150, title_top + 10)
    draw = ImageDraw.Draw(canvas)
    _label(draw, text.label, fill=ACCENT, ink=INK)
    _footer(draw, text, HEIGHT - MARGIN, colour=(235, 235, 235))
    _draw_lines(draw, lines, font, title_bottom, INK)
    return canvas


# A text-only card is drawn in one channel of shades along accent → soft → white (SOFT_SHADE the
# soft colour, 255 white), which a palette then colours: antialiased letters of any of these
# colours on any other land on the ramp, and the card needs no colour quantising.
SOFT_SHADE = 240
SHADES = 16


def _ramp(shade: int) -> tuple[int, ...]:
    if shade <= SOFT_SHADE:
        start, end, share = ACCENT, SOFT, shade / SOFT_SHADE
    else:
        start, end, share = SOFT, INK, (shade - SOFT_SHADE) / (255 - SOFT_SHADE)
    return tuple(round(a + (b - a) * share) for a, b in zip(start, end))


def _step(shade: int) -> int:
    """The nearest of SHADES steps between accent and soft, and soft to white as one step."""
    if shade > SOFT_SHADE:
        return 255 if shade > (SOFT_SHADE + 255) / 2 else SOFT_SHADE
    size = SOFT_SHADE / (SHADES - 1)
    return round(round(shade / size) * size)


_SHADE_PALETTE = [channel for shade in range(256) for channel in _ramp(shade)]
_SHADE_STEPS = [_step(shade) for shade in range(256)]


def _text_card(text: CardText) -> Image.Image:
    """The text-only card as shades (see ``encode_text_card``)."""
    canvas = _text_background(text.label, text.chapter, text.host).copy()
    draw = ImageDraw.Draw(canvas)
    _person(draw, text, HEIGHT - MARGIN, ink=255)
    font, lines = _title_lines(draw, text.title, max_lines=4)
    _draw_lines(draw, lines, font, _footer_top(HEIGHT - MARGIN), 255)
    return canvas


@lru_cache(maxsize=64)
def _text_background(label: str, chapter: str, host: str) -> Image.Image:
    """What the text-only cards of a kind and a chapter share (colour, edge, label, the chapter's
    line): drawn once a process, not once a card."""
    canvas = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 0, 20, HEIGHT), fill=SOFT_SHADE)
    _label(draw, label, fill=SOFT_SHADE, ink=0)
    _chapter_line(draw, chapter, host, HEIGHT - MARGIN, colour=SOFT_SHADE)
    return canvas


def _shade(canvas: Image.Image, start: int, full: int) -> None:
    """Darken the photo from ``start`` down, fully by ``full``, so that white text reads on any photo."""
    column = Image.new("L", (1, HEIGHT))
    for y in range(HEIGHT):
        if y <= start:
            alpha = 0
        elif y < full:
            alpha = 190 * (y - start) / (full - start)
        else:
            alpha = 190 + 40 * (y - full) / max(HEIGHT - full, 1)
        column.putpixel((0, y), int(alpha))
    canvas.paste(Image.new("RGB", canvas.size, (20, 12, 10)), mask=column.resize(canvas.size))


def _label(draw: ImageDraw.ImageDraw, label: str, fill, ink) -> None:
    font = _font("SemiBold", 26)
    words = drawable(label.upper(), font)
    left, top, right, bottom = draw.textbbox((0, 0), words, font=font)
    x, y = MARGIN, 52
    draw.rounded_rectangle((x, y, x + (right - left) + 36, y + 48), radius=8, fill=fill)
    draw.text((x + 18, y + 24), words, font=font, fill=ink, anchor="lm")


PERSON_GAP = 46  # from the chapter's baseline up to the person's
TITLE_GAP = 62  # from the person's baseline up to the title's last baseline


def _footer_top(bottom: int) -> int:
    return bottom - PERSON_GAP - TITLE_GAP


def _footer(draw: ImageDraw.ImageDraw, text: CardText, bottom: int, colour, ink=INK) -> None:
    """The chapter (and the site's host, where it fits) on ``bottom``, the person above them."""
    _chapter_line(draw, text.chapter, text.host, bottom, colour)
    _person(draw, text, bottom, ink)


def _chapter_line(draw: ImageDraw.ImageDraw, chapter: str, host: str, bottom: int, colour) -> None:
    chapter_font = _font("Regular", 28)
    width = WIDTH - 2 * MARGIN
    chapter_text = drawable(chapter, chapter_font)
    host_width = draw.textlength(host, font=chapter_font) if host else 0
    with_host = host_width and draw.textlength(chapter_text, font=chapter_font) + host_width + 40 <= width
    draw.text((MARGIN, bottom), _fit_line(draw, chapter_text, chapter_font, width), font=chapter_font, fill=colour, anchor="ls")
    if with_host:
        draw.text((WIDTH - MARGIN, bottom), host, font=chapter_font, fill=colour, anchor="rs")


def _person(draw: ImageDraw.ImageDraw, text: CardText, bottom: int, ink) -> None:
    person_font = _font("SemiBold", 34)
    person = _fit_line(draw, drawable(text.person, person_font), person_font, WIDTH - 2 * MARGIN)
    draw.text((MARGIN, bottom - PERSON_GAP), person, font=person_font, fill=ink, anchor="ls")


def _title_lines(draw: ImageDraw.ImageDraw, title: str, max_lines: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title fits in ``max_lines``; shortened with "…" at the smallest."""
    width = WIDTH - 2 * MARGIN
    for size in (60, 56, 52, 48, 44):
        font = _font("Bold", size)
        lines = _wrap(draw, drawable(title, font), font, width)
        if len(lines) <= max_lines:
            return font, lines
    lines = lines[:max_lines]
    lines[-1] = _fit_line(draw, lines[-1] + " …", font, width, force=True)
    return font, lines


def _line_step(font: ImageFont.FreeTypeFont) -> int:
    return round(font.size * 1.22)


def _draw_lines(draw: ImageDraw.ImageDraw, lines: list[str], font, bottom: int, colour) -> None:
    step = _line_step(font)
    for index, line in enumerate(reversed(lines)):
        draw.text((MARGIN, bottom - index * step), line, font=font, fill=colour, anchor="ls")


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: float) -> list[str]:
    """``text`` in lines at most ``width`` wide, broken between words.

    A line's width is the sum of its words' and spaces' widths, each measured once: the basic
    layout places glyphs one after another, so measuring every candidate line again (as many
    times as it has words, at each size tried) cost more than drawing the card."""
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    space = _length(font, " ")
    for word in text.split():
        added = _length(font, word) + (space if line else 0.0)
        if line and used + added > width:
            lines.append(" ".join(line))
            line, used = [word], _length(font, word)
        else:
            line.append(word)
            used += added
    return lines + ([" ".join(line)] if line else [])


@lru_cache(maxsize=16384)
def _length(font: ImageFont.FreeTypeFont, text: str) -> float:
    return font.getlength(text)


def _fit_line(draw: ImageDraw.ImageDraw, text: str, font, width: float, force: bool = False) -> str:
    """``text`` on one line, shortened with "…" when it is too wide (or always, with ``force``)."""
    if not force and draw.textlength(text, font=font) <= width:
        return text
    words = text.rstrip(" …").split()
    while words and draw.textlength(" ".join(words) + "…", font=font) > width:
        words.pop()
    return (" ".join(words) or text[:10]).rstrip(",;:–-") + "…"


def drawable(text: str, font: ImageFont.FreeTypeFont) -> str:
    """``text`` without the characters the font has no glyph for (emoji), spaces tidied."""
    kept = "".join(ch for ch in text if ch.isspace() or has_glyph(font.path, ch))
    return " ".join(kept.split())


@lru_cache(maxsize=4096)
def has_glyph(font_path: str, character: str) -> bool:
    """Whether the font draws ``character`` with its own glyph rather than the missing-glyph box."""
    font = ImageFont.truetype(font_path, 40, layout_engine=ImageFont.Layout.BASIC)
    return _glyph_image(font, character) != _glyph_image(font, _NO_SUCH_CHARACTER)


_NO_SUCH_CHARACTER = "\U0010fffd"  # a private-use code point no font of ours maps


def _glyph_image(font: ImageFont.FreeTypeFont, character: str) -> tuple[bytes, float]:
    sample = Image.new("L", (80, 80))
    ImageDraw.Draw(sample).text((20, 10), character, font=font, fill=255)
    return sample.tobytes(), font.getlength(character)


@lru_cache(maxsize=None)
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    # Basic layout: Vietnamese in NFC needs no shaping, and cards then do not depend on libraqm.
    return ImageFont.truetype(str(FONTS / f"BeVietnamPro-{weight}.ttf"), size, layout_engine=ImageFont.Layout.BASIC)


# Cache.

@lru_cache(maxsize=1)
def _fonts_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(FONTS.glob("*.ttf")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _cache_key(text: CardText, photo: bytes | None) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps([_fonts_digest(), asdict(text)], ensure_ascii=False, sort_keys=True).encode())
    digest.update(hashlib.sha256(photo).digest() if photo is not None else b"no photo")
    return digest.hexdigest()


def _read_bytes(path: Path | None) -> bytes | None:
    try:
        return path.read_bytes() if path else None
    except OSError:
        return None


def _is_picture(photo: bytes) -> bool:
    """Whether the photo's header reads as an image (one that does not gives a text-only card)."""
    try:
        with Image.open(io.BytesIO(photo)):
            return True
    except Exception:  # whatever Pillow raises on a file that is not a picture
        return False


