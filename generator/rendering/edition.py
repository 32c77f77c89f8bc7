"""The bulletin edition: a period's printable stories laid out for A4 paper in two columns.

One standalone HTML page per edition, with its own stylesheet and the bundled Be Vietnam Pro:
the site serves it at ``/ban-tin/<năm>-q<quý>/`` (any browser prints it), and the same page is
printed to PDF by a browser engine (``publishing.printer``). Only stories whose consent has
``print`` are in it: the bulletin is paper, whatever the website may show.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from ..dates import long_date, short_date
from ..media.images import PublishedPhoto, Rendition
from ..reading.plan import Plan
from ..reading.model import Story
from .layout import render, safe
from .pages import under_title

FOLDER = "ban-tin"
INDEX = f"{FOLDER}/index.md"
FONT_FOLDER = f"{FOLDER}/phong-chu"
FONTS = Path(__file__).resolve().parent.parent / "fonts"
# Be Vietnam Pro cut to the Latin and Vietnamese letters (scripts/subset_fonts.py): about 27 KB a
# weight instead of 135 KB, so that a quarter's page weighs well under 150 KB.
FONT_FILES = ("ban-tin/BeVietnamPro-Regular.woff", "ban-tin/BeVietnamPro-SemiBold.woff", "ban-tin/BeVietnamPro-Bold.woff",
              "OFL.txt")
STYLESHEET = Path(__file__).resolve().parent / "templates" / "edition.css"
ROMAN = ("I", "II", "III", "IV")
# A column of the A4 page is about 85 mm wide: 960 px prints there at about 290 dpi.
PRINT_WIDTH = 960
_HEADING = re.compile(r"<(/?)h([2-6])\b")


@dataclass(frozen=True)
class Period:
    """The days an edition covers, both included."""

    start: dt.date
    end: dt.date

    @classmethod
    def quarter_of(cls, day: dt.date) -> "Period":
        first_month = 3 * ((day.month - 1) // 3) + 1
        last_month = first_month + 2
        return cls(dt.date(day.year, first_month, 1),
                   dt.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1]))

    @property
    def quarter(self) -> int | None:
        """1–4 when the period is exactly one calendar quarter, else None."""
        whole = Period.quarter_of(self.start)
        return (self.start.month - 1) // 3 + 1 if whole == self else None

    @property
    def slug(self) -> str:
        """``2026-q4`` for a quarter, else ``2026-10-01_2026-11-15``: the edition's folder and file name."""
        if self.quarter:
            return f"{self.start.year}-q{self.quarter}"
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    @property
    def label(self) -> str:
        if self.quarter:
            return f"Quý {ROMAN[self.quarter - 1]}/{self.start.year}"
        return f"Từ {short_date(self.start)} đến {short_date(self.end)}"

    @property
    def in_sentence(self) -> str:
        """The label inside a sentence: "quý IV/2026", the numeral kept in capitals."""
        return self.label[0].lower() + self.label[1:]

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def printable(story: Story, today: dt.date) -> bool:
    """Published by ``today``, consent for print, not withdrawn."""
    return "print" in story.consent.scope and not story.is_withdrawn(today) and story.status(today) == "published"


def edition_stories(stories: Sequence[Story], period: Period, today: dt.date) -> tuple[Story, ...]:
    """The period's printable stories, oldest first (a bulletin reads as the quarter went)."""
    chosen = (story for story in stories if period.holds(story.date) and printable(story, today))
    return tuple(sorted(chosen, key=lambda story: (story.date, story.source)))


def site_periods(stories: Sequence[Story], today: dt.date) -> tuple[Period, ...]:
    """Every quarter with at least one printable story, newest first."""
    quarters = {Period.quarter_of(story.date) for story in stories if printable(story, today)}
    return tuple(sorted(quarters, key=lambda period: period.start, reverse=True))


def page_path(period: Period) -> str:
    """The edition's standalone page, relative to the site: ``ban-tin/2026-q4/index.html``."""
    return f"{FOLDER}/{period.slug}/index.html"


def pdf_name(period: Period) -> str:
    return f"ban-tin-{period.slug}.pdf"


@dataclass(frozen=True)
class Edition:
    plan: Plan
    period: Period
    stories: tuple[Story, ...]
    bodies: Mapping[str, str]
    photos: dict[str, tuple[PublishedPhoto, ...]]


def print_photo(published: PublishedPhoto) -> Rendition:
    """The JPEG rendition that prints sharp in a column without weighing down the PDF."""
    fitting = [r for r in published.renditions if r.width >= PRINT_WIDTH]
    return fitting[0] if fitting else published.largest


def render_edition(edition: Edition, site_links: bool = True) -> str:
    """The edition as a standalone HTML page; ``site_links`` adds the screen-only links to the column
    and the PDF (never printed)."""
    here = page_path(edition.period).removesuffix(".html") + ".md"
    plan = edition.plan
    items = []
    for story in edition.stories:
        chapter = plan.chapter(story.chapter)
        photos = [{
            "path": print_photo(p).path, "alt": p.photo.alt,
            "width": print_photo(p).width, "height": print_photo(p).height,
            "caption": p.photo.caption, "credit": p.photo.credit,
        } for p in edition.photos.get(story.source, ())]
        items.append({
            "kind": story.kind, "kind_label": plan.kinds[story.kind].label, "title": story.title,
            "person": story.person.name, "role": story.person.role, "unit": story.unit,
            "chapter": chapter.name_on(story.date) if chapter else story.chapter, "date": long_date(story.date),
            "iso_date": story.date.isoformat(), "deed": story.deed, "photos": photos,
            "body": safe(_under_story_title(edition.bodies.get(story.source, ""))),
            "anonymised": story.anonymised,
        })
    # An edition speaks as its issuer did on the quarter's last day: Q1/2025 is Vĩnh Phúc's, Q3/2026 Phú Thọ's.
    return render(
        "edition.html", here=here, plan=plan, period=edition.period, stories=items, site_links=site_links,
        organisation=plan.organisation_on(edition.period.end), bulletin=plan.bulletin_on(edition.period.end),
        pdf=pdf_name(edition.period), index=INDEX, fonts=FONT_FOLDER + "/",
        stylesheet=STYLESHEET.read_text(encoding="utf-8"),
    )


def font_files() -> tuple[tuple[str, bytes], ...]:
    """The font files the edition pages load, with their licence, as ``(site path, bytes)``."""
    return tuple((f"{FONT_FOLDER}/{Path(name).name}", (FONTS / name).read_bytes()) for name in FONT_FILES)


def render_index(plan: Plan, periods: Sequence[Period], counts: dict[Period, int], today: dt.date) -> str:
    """``/ban-tin/``: one line per edition, newest first, linking its page and PDF, each under the
    title it was issued with."""
    editions = [{"page": f"{FOLDER}/{period.slug}/", "pdf": f"{FOLDER}/{period.slug}/{pdf_name(period)}",
                 "label": period.label, "count": counts.get(period, 0), "title": plan.bulletin_on(period.end)}
                for period in periods]
    return render("bulletins.html", here=INDEX, plan=plan, editions=editions, bulletin=plan.bulletin_on(today))


def _under_story_title(body: str) -> str:
    """Body headings start at h3: the edition's h1 is the bulletin, each story's title an h2."""
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", under_title(body))
