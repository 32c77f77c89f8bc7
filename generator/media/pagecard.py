"""The share image of a page that is not a story (home, column, chapters, a chapter, the tally):
1200×630 in the column's colours with the page's name and its figures.

Drawn with the story cards' font and colours (``sharecard``), text only: these pages have no
photo of their own, so a card is a palette PNG of a few shades like a story's text-only card
(about 20 KB, where a JPEG of the same drawing weighed 60–70 KB and blurred the letters). Cards are cached by the hash of everything drawn on them, like story cards,
so a build whose figures did not change draws none.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

from PIL import Image, ImageDraw

from ..cache import PAGE_CARDS, Store, store_of
from .sharecard import (HEIGHT, MARGIN, SOFT_SHADE, WIDTH, CardRun, ShareCard, _fit_line, _font, _fonts_digest, _label,
                        _wrap, drawable, encode_text_card)

FIGURES_MAX = 3


@dataclass(frozen=True)
class PageCardText:
    """Everything written on a page's card: a label, the page's name, up to three lines of figures,
    and at the foot who publishes it and where."""

    label: str
    title: str
    figures: tuple[str, ...]
    organisation: str
    host: str

    @property
    def alt(self) -> str:
        figures = "; ".join(line[:1].lower() + line[1:] for line in self.figures)
        return f"{self.title}: {figures}" if figures else self.title


def page_cards(texts: dict[str, tuple[str, PageCardText]], cache: Store | None) -> CardRun:
    """The card of every page: ``texts`` maps a page's path to the card's path and its text.

    ``cache`` (the page card store, or its folder) keeps cards between builds. Every page card is
    made on every run: the store's entries this run did not use show figures that are no longer
    true, for the build to prune.
    """
    cache = store_of(PAGE_CARDS, cache)
    cards: dict[str, ShareCard] = {}
    made = 0
    for page, (path, text) in texts.items():
        name = page_card_cache_name(text)
        data, drawn = cache.get_or_make(name, lambda: render_page_card(text))
        made += drawn
        cards[page] = ShareCard(path, WIDTH, HEIGHT, text.alt, data)
    return CardRun(cards, made, len(texts) - made)


def page_card_cache_name(text: PageCardText) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps([_fonts_digest(), asdict(text)], ensure_ascii=False, sort_keys=True).encode())
    return f"{digest.hexdigest()}.png"


FIGURE_STEP = 52
TITLE_TO_FIGURES = 44


def render_page_card(text: PageCardText) -> bytes:
    """The card as PNG bytes: label at the top, the name, the figures, then who publishes it.

    Drawn in shades (0 the accent, SOFT_SHADE the soft colour, 255 white) that
    ``encode_text_card`` colours."""
    canvas = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 0, 20, HEIGHT), fill=SOFT_SHADE)
    _label(draw, text.label, fill=SOFT_SHADE, ink=0)
    width = WIDTH - 2 * MARGIN
    foot_font = _font("Regular", 28)
    bottom = HEIGHT - MARGIN
    organisation = drawable(text.organisation, foot_font)
    host_width = draw.textlength(text.host, font=foot_font) if text.host else 0
    with_host = host_width and draw.textlength(organisation, font=foot_font) + host_width + 40 <= width
    draw.text((MARGIN, bottom), _fit_line(draw, organisation, foot_font, width), font=foot_font, fill=SOFT_SHADE, anchor="ls")
    if with_host:
        draw.text((WIDTH - MARGIN, bottom), text.host, font=foot_font, fill=SOFT_SHADE, anchor="rs")
    figure_font = _font("SemiBold", 36)
    figures = [_fit_line(draw, drawable(line, figure_font), figure_font, width) for line in text.figures[:FIGURES_MAX]]
    baseline = bottom - 70
    for index, line in enumerate(reversed(figures)):
        draw.text((MARGIN, baseline - index * FIGURE_STEP), line, font=figure_font, fill=255, anchor="ls")
    top_figure = baseline - (len(figures) - 1) * FIGURE_STEP
    title_bottom = top_figure - figure_font.size - TITLE_TO_FIGURES if figures else baseline
    room = title_bottom - 130
    font, lines = _title(draw, text.title, width, room)
    step = round(font.size * 1.22)
    for index, line in enumerate(reversed(lines)):
        draw.text((MARGIN, title_bottom - index * step), line, font=font, fill=255, anchor="ls")
    return encode_text_card(canvas)


def _title(draw: ImageDraw.ImageDraw, title: str, width: int, room: int):
    """The largest size at which the name fits the height left above the figures; cut with "…" at the smallest."""
    for size in (64, 58, 52, 46, 40):
        font = _font("Bold", size)
        lines = _wrap(draw, drawable(title, font), font, width)
        if size + (len(lines) - 1) * round(size * 1.22) <= room:
            return font, lines
    fitting = max(1, 1 + (room - size) // round(size * 1.22))
    if len(lines) > fitting:
        lines = lines[:fitting]
        lines[-1] = _fit_line(draw, lines[-1] + " …", font, width, force=True)
    return font, lines
