"""Atom feeds of the column and of each chapter: the newest stories, summaries only.

A feed reader keeps what it fetched: a story whose consent is withdrawn later must be removable
from the site, so a feed carries its title, lead, share image and link, never its text; and the
links of its videos (``rel="related"``), never a player.
Times are the story's dates at midnight in Vietnam, never the build's clock, so a rebuild of the
same stories writes the same feed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from .. import urls
from ..dates import VIETNAM
from ..reading.model import Story
from .context import Context, Page
from .layout import render

NEWEST = 20
COLUMN_FEED = "cau-chuyen/feed.xml"


def chapter_feed(chapter_id: str) -> str:
    return f"chi-hoi/{chapter_id}/feed.xml"


@dataclass(frozen=True)
class Entry:
    url: str
    title: str
    summary: str
    published: str
    updated: str
    author: str
    image: str
    categories: tuple[str, ...]
    videos: tuple[tuple[str, str], ...] = ()  # (address, title): links, never players
    image_type: str = "image/jpeg"  # the enclosure's type, true to the file (a text-only card is a PNG)


def render_feeds(context: Context) -> list[Page]:
    """The column's feed and one per chapter of the plan (a chapter without stories has an empty one)."""
    feeds = [_feed(context, COLUMN_FEED, urls.COLUMN, f"Câu chuyện – {context.plan.name}",
                   f"Những tấm gương mới nhất do {context.plan.organisation_on(context.today).name} và các cấp Hội giới thiệu", context.stories)]
    for chapter in context.plan.chapters:
        own = [s for s in context.stories if s.chapter == chapter.id]
        feeds.append(_feed(context, chapter_feed(chapter.id), urls.chapter_page(chapter.id), f"Câu chuyện – {chapter.name}",
                           f"Những tấm gương do {chapter.name} giới thiệu", own))
    return feeds


def _feed(context: Context, path: str, page: str, title: str, subtitle: str, stories: Sequence[Story]) -> Page:
    site = context.plan.site_url
    chosen = sorted(stories, key=lambda s: (s.date, s.source), reverse=True)[:NEWEST]
    entries = [_entry(context, story) for story in chosen]
    newest = max((s.updated or s.date for s in chosen), default=dt.date(context.plan.period_start, 1, 1))
    logo = context.plan.organisation.logo
    text = render("feed.xml", title=title, subtitle=subtitle, self_url=site + path, page_url=site + urls.url_of(page),
                  updated=_stamp(newest), author=context.plan.organisation_on(context.today).name, entries=entries,
                  icon=site + logo if logo else "")
    return Page(path, text)


def _entry(context: Context, story: Story) -> Entry:
    site = context.plan.site_url
    card = context.cards.get(story.source)
    return Entry(
        url=site + urls.url_of(story.page_path),
        title=story.title,
        summary=story.excerpt or story.deed,
        published=_stamp(story.date),
        updated=_stamp(story.updated or story.date),
        author=context.chapter_name(story.chapter),
        image=site + card.path if card else "",
        categories=(context.plan.kinds[story.kind].label,),
        videos=tuple((video.url, f"Video ({video.host_name}): {video.text or story.title}") for video in story.shown_videos()),
        image_type=card.media_type if card else "",
    )


def _stamp(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time(), VIETNAM).isoformat()
