"""Link previews: what Facebook, Zalo and search engines read from a page's head.

The tags go into the generated page's front matter under ``share``; the theme writes them,
escaping each value. Every address is absolute. A story's preview shows its own card; the home
page, the column's lists, the chapters and the tally show a card with their name and their
figures from the tally (``page_card_texts``).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Iterable
from urllib.parse import urlsplit

import yaml

from .. import urls
from ..counting.rows import Row, Tally
from ..counting.wording import figure
from ..reading.plan import Chapter, Plan
from ..media.pagecard import PageCardText
from ..media.sharecard import TEXT_FILE_NAME, ShareCard
from .social import ZALO_SUMMARY_MAX, clip, story_url, zalo_summary
from ..reading.model import Story

LOCALE = "vi_VN"
TWITTER_CARD = "summary_large_image"


def link_preview(story: Story, plan: Plan, card: ShareCard) -> dict[str, Any]:
    """The page's preview: ``meta`` as ``[attribute, name, content]`` rows in page order, and
    ``jsonld``; plain strings, not yet escaped for HTML (the theme escapes each one)."""
    url = story_url(story, plan.site_url)
    image = plan.site_url + card.path
    description = zalo_summary(story) or story.deed
    meta = [
        ("property", "og:type", "article"),
        ("property", "og:locale", LOCALE),
        ("property", "og:title", story.title),
        ("property", "og:description", description),
        ("property", "og:url", url),
        ("property", "og:image", image),
        ("property", "og:image:type", card.media_type),
        ("property", "og:image:width", str(card.width)),
        ("property", "og:image:height", str(card.height)),
        ("property", "og:image:alt", card.alt),
        ("property", "article:published_time", story.date.isoformat()),
    ]
    if story.updated:
        meta.append(("property", "article:modified_time", story.updated.isoformat()))
    meta += [("name", "twitter:card", TWITTER_CARD), ("name", "twitter:image:alt", card.alt)]
    return {"meta": [list(row) for row in meta], "jsonld": news_article(story, plan, url, image, description)}


def front_matter(story: Story, plan: Plan, card: ShareCard) -> str:
    """The ``share:`` entry of the story page's front matter, as YAML lines."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: the pure-Python dumper costs 5 ms a page
    dumped = yaml.dump({"share": link_preview(story, plan, card)}, Dumper=dumper, allow_unicode=True,
                       sort_keys=False, width=2**16)
    return dumped.rstrip("\n")


def news_article(story: Story, plan: Plan, url: str, image: str, description: str) -> str:
    """schema.org ``NewsArticle`` as JSON that is safe inside a ``<script>`` element."""
    chapter = plan.chapter(story.chapter)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "description": description,
        "image": [image],
        "datePublished": story.date.isoformat(),
        "dateModified": (story.updated or story.date).isoformat(),
        "inLanguage": "vi",
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "about": {"@type": "Person" if story.kind == "individual" else "Organization", "name": story.person.name},
        "author": {"@type": "Organization", "name": chapter.name_on(story.date) if chapter else story.chapter},
        "publisher": {"@type": "Organization", "name": plan.organisation.name},
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "</script>" or "<!--" in a title must not end the element: JSON allows these escapes.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# Pages that are not stories.

def page_preview(page: str, title: str, description: str, plan: Plan, card: ShareCard) -> dict[str, Any]:
    """The preview of a generated page that is not a story (``page``: its source path), shaped as
    ``link_preview``'s; no JSON-LD."""
    meta = [
        ("property", "og:type", "website"),
        ("property", "og:locale", LOCALE),
        ("property", "og:title", title),
        ("property", "og:description", clip(" ".join(description.split()), ZALO_SUMMARY_MAX)),
        ("property", "og:url", plan.site_url + urls.url_of(page)),
        ("property", "og:image", plan.site_url + card.path),
        ("property", "og:image:type", card.media_type),
        ("property", "og:image:width", str(card.width)),
        ("property", "og:image:height", str(card.height)),
        ("property", "og:image:alt", card.alt),
        ("name", "twitter:card", TWITTER_CARD),
        ("name", "twitter:image:alt", card.alt),
    ]
    return {"meta": [list(row) for row in meta], "jsonld": ""}


def page_card_path(page: str) -> str:
    """Where a page's card is served: beside the page (``chi-hoi/tinh/chia-se.png``)."""
    return urls.url_of(page) + TEXT_FILE_NAME


def page_card_texts(plan: Plan, tally: Tally, stories: Iterable, today: dt.date) -> dict[str, PageCardText]:
    """What the card of each page that is not a story says, by the page's source path: the home
    page, the column (its lists share it), the chapters, each chapter, the tally and each year.

    ``stories`` are the stories shown; only the published ones are counted, so that a preview with
    drafts draws the same cards as the build.
    """
    published = [story for story in stories if story.status(today) == "published"]
    by_chapter: dict[str, int] = {}
    for story in published:
        by_chapter[story.chapter] = by_chapter.get(story.chapter, 0) + 1
    organisation, host = plan.organisation_on(today).name, urlsplit(plan.site_url).hostname or ""

    def card(label: str, title: str, *figures: str) -> PageCardText:
        return PageCardText(label, title, tuple(f for f in figures if f), organisation, host)

    count = _stories(len(published))
    shortfalls = plan.public_shortfalls
    period = _period_line(plan, tally, shortfalls)
    this_year = _year_line(tally, today.year)
    texts = {
        "index.md": card("Chuyên mục", plan.name, count, period),
        urls.COLUMN: card("Câu chuyện", plan.name, count, this_year or period),
    }
    active = sum(1 for chapter in plan.chapters if chapter.is_active(today))
    former = f", {len(plan.chapters) - active} đã dừng hoạt động" if active < len(plan.chapters) else ""
    texts[urls.CHAPTERS] = card("Các cấp Hội", organisation, f"{active} Hội đang hoạt động{former}", count)
    for chapter in plan.chapters:
        stories_line = _stories(by_chapter.get(chapter.id, 0))
        if chapter.is_active(today) or shortfalls:
            label = "Hội" if chapter.is_active(today) else "Hội đã dừng hoạt động"
            texts[urls.chapter_page(chapter.id)] = card(label, chapter.name, stories_line,
                                                        chapter_year_line(tally, chapter, today, shortfalls))
        else:
            texts[urls.chapter_page(chapter.id)] = card(f"Hội {history_span(plan, tally, chapter)}", chapter.name,
                                                        _history_figure(plan, tally, chapter), stories_line)
    texts[urls.TALLY] = card("Thống kê", plan.name, period, this_year)
    for year in tally.years():
        texts[urls.tally_year(year)] = card(f"Thống kê năm {year}", plan.name, _year_line(tally, year),
                                            _chapters_met_line(tally, year) if shortfalls else "")
    return texts


def _stories(count: int) -> str:
    return f"{count} câu chuyện đã đăng"


def _examples(rows: Iterable[Row]) -> list[Row]:
    """Rows counting people and collectives (the kinds of example), individuals first."""
    return sorted((row for row in rows if row.target.measure == "distinct-examples" and row.target.kind),
                  key=lambda row: (row.target.kind != "individual", row.target.id))


def _achieved(rows: Iterable[Row], shortfalls: bool) -> str:
    """"3/5 cá nhân, 0/2 tập thể" with shortfalls; else only what was reached: "3 cá nhân"."""
    if shortfalls:
        return ", ".join(f"{figure(row)} {row.target.noun}" for row in rows)
    return ", ".join(f"{row.reached} {row.target.noun}" for row in rows if row.reached)


def _period_line(plan: Plan, tally: Tally, shortfalls: bool = True) -> str:
    rows = _examples(row for row in tally.rows if row.target.per == "period")
    figures = _achieved(rows, shortfalls)
    return f"Cả giai đoạn {plan.period_start}–{plan.period_end}: {figures}" if figures else ""


def _year_line(tally: Tally, year: int) -> str:
    """The examples counted in ``year`` over every chapter: "Năm 2026: 12 cá nhân, 4 tập thể"."""
    totals: dict[str, list] = {}
    for row in _examples(row for row in tally.rows if row.target.per == "chapter-year" and row.year == year):
        totals.setdefault(row.target.id, [row.target.noun, 0])[1] += row.reached
    if not totals:
        return ""
    return f"Năm {year}: " + ", ".join(f"{reached} {noun}" for noun, reached in totals.values())


def _chapters_met_line(tally: Tally, year: int) -> str:
    """How many chapters with a goal met it in ``year``: "Hội đạt chỉ tiêu: cá nhân 3/10, tập thể 4/10"."""
    met: dict[str, list] = {}
    for row in _examples(row for row in tally.rows if row.target.per == "chapter-year" and row.year == year):
        if row.met is not None:
            figures = met.setdefault(row.target.id, [row.target.noun, 0, 0])
            figures[1] += bool(row.met)
            figures[2] += 1
    if not met:
        return ""
    return "Hội đạt chỉ tiêu: " + ", ".join(f"{noun} {done}/{of}" for noun, done, of in met.values())


def chapter_year_line(tally: Tally, chapter: Chapter, today: dt.date, shortfalls: bool = True) -> str:
    """A chapter's individuals and collectives against its goal, for this year or, for a chapter no
    longer active, its last year: "Năm 2026: 3/5 cá nhân, 1/2 tập thể" (without ``shortfalls``,
    what was reached: "Năm 2026: 3 cá nhân, 1 tập thể"; nothing when nothing was)."""
    rows = _examples(row for row in tally.rows
                     if row.chapter == chapter.id and row.target.per == "chapter-year" and row.year is not None
                     and row.year <= today.year)
    if not rows:
        return ""
    year = max(row.year for row in rows)
    figures = _achieved((row for row in rows if row.year == year), shortfalls)
    return f"Năm {year}: {figures}" if figures else ""


def history_span(plan: Plan, tally: Tally, chapter: Chapter) -> str:
    """The years a chapter was counted in: "2023–2025" (one year alone: "2025"); else its years active."""
    years = [row.year for row in tally.rows if row.chapter == chapter.id and row.year is not None]
    first = min(years) if years else max(chapter.active_from.year, plan.period_start)
    last = max(years) if years else min(chapter.active_until.year if chapter.active_until else plan.period_end, plan.period_end)
    return f"{first}–{last}" if last > first else str(last)


def _honoured(tally: Tally, chapter: Chapter) -> int:
    return sum(row.reached for row in _examples(row for row in tally.rows
                                                if row.chapter == chapter.id and row.target.per == "chapter-year"))


def chapter_history_line(plan: Plan, tally: Tally, chapter: Chapter) -> str:
    """A former chapter's work as its history: "2023–2025: 12 tấm gương" (the examples counted in its years)."""
    return f"{history_span(plan, tally, chapter)}: {_honoured(tally, chapter)} tấm gương"


def _history_figure(plan: Plan, tally: Tally, chapter: Chapter) -> str:
    """The same on a share card, after the chapter's name: "12 tấm gương (2023–2025)"."""
    return f"{_honoured(tally, chapter)} tấm gương ({history_span(plan, tally, chapter)})"
