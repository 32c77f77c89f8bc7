"""The poster of a video block: 1200×675 (16:9) in the column's colours, drawn at build time.

Nothing is fetched from the video's host, so the poster shows what the story knows: the link's
text (or the story's title), a play button and the host's name, set in the share cards' font and
colours as a palette PNG of a few shades (``sharecard.encode_text_card``). Posters are kept in a
cache folder by the hash of what is drawn on them, like the cards: a build with nothing changed draws none.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import asdict, dataclass

from PIL import Image, ImageDraw

from ..reading.model import Story
from ..cache import POSTERS, Store, store_of
from .sharecard import (MARGIN, SOFT_SHADE, WIDTH, _chapter_line, _draw_lines, _fonts_digest, _label, _title_lines,
                        encode_text_card)

HEIGHT = WIDTH * 9 // 16
BUTTON_RADIUS = 84
SUPERSAMPLE = 4  # the button is drawn larger and scaled down: Pillow's own circles have no antialiasing


@dataclass(frozen=True)
class PosterText:
    title: str
    host_name: str


def poster_path(story: Story, number: int) -> str:
    """The poster of the story's ``number``-th video (counting every video of the body), beside its share card."""
    return f"cau-chuyen/{story.year}/{story.slug}/video-{number + 1}.png"


@dataclass(frozen=True)
class PosterRun:
    """The posters of one build as ``(site path, PNG)``, and how many were drawn."""

    files: tuple[tuple[str, bytes], ...] = ()
    made: int = 0


def video_posters(stories: tuple[Story, ...], cache: Store | None) -> PosterRun:
    """The poster of every video the stories show, in the stories' order; ``cache`` (the poster
    store, or its folder) keeps them between builds."""
    cache = store_of(POSTERS, cache)
    posters: dict[str, bytes] = {}
    made = 0
    for story in stories:
        for video in story.shown_videos():
            text = PosterText(video.text or story.title, video.host_name)
            name = poster_cache_name(text)
            data, drawn = cache.get_or_make(name, lambda: render_poster(text))
            made += drawn
            posters[poster_path(story, story.videos.index(video))] = data
    return PosterRun(tuple(posters.items()), made)


def poster_cache_name(text: PosterText) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps([_fonts_digest(), asdict(text)], ensure_ascii=False, sort_keys=True).encode())
    return f"{digest.hexdigest()}.png"


def render_poster(text: PosterText) -> bytes:
    """The poster's PNG bytes."""
    canvas = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(canvas)
    _label(draw, "Video", fill=SOFT_SHADE, ink=0)
    button, mask = _button()
    canvas.paste(button, (WIDTH // 2 - BUTTON_RADIUS, 230 - BUTTON_RADIUS), mask)
    bottom = HEIGHT - MARGIN
    _chapter_line(draw, text.host_name, "", bottom, colour=SOFT_SHADE)
    font, lines = _title_lines(draw, text.title, max_lines=2)
    _draw_lines(draw, lines, font, bottom - 62, 255)
    return encode_text_card(canvas)


@functools.cache
def _button() -> tuple[Image.Image, Image.Image]:
    """A white disc with the accent's play triangle, and its mask."""
    size = 2 * BUTTON_RADIUS * SUPERSAMPLE
    button = Image.new("L", (size, size), 255)
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, size - 1, size - 1), fill=255)
    unit = size / 168
    ImageDraw.Draw(button).polygon([(62 * unit, 44 * unit), (62 * unit, 124 * unit), (130 * unit, 84 * unit)], fill=0)
    small = (2 * BUTTON_RADIUS, 2 * BUTTON_RADIUS)
    return button.resize(small, Image.Resampling.LANCZOS), mask.resize(small, Image.Resampling.LANCZOS)
