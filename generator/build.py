"""One build of the column, engine-independent: stories in, pages and files out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .collection import Collection, load_collection
from .images import PublishedPhoto, Rendition, publish_photos
from .markup import body_html
from .pages import Context, Page, render_pages
from .plan import Plan
from .problems import Problem
from .sharecard import CardRun, share_cards
from .tally import Tally, count_targets

CARD_CACHE = ".cache/share-cards"


@dataclass(frozen=True)
class Summary:
    published: int
    drafts: int
    future: int
    rejected: int

    def __str__(self) -> str:
        return (f"{self.published} truyện đã đăng, {self.drafts} bản nháp và {self.future} bài hẹn đăng chưa đăng, "
                f"{self.rejected} tệp bị bỏ qua vì lỗi")


@dataclass(frozen=True)
class Build:
    collection: Collection
    tally: Tally
    pages: tuple[Page, ...]
    files: tuple[Rendition, ...]
    problems: tuple[Problem, ...]
    summary: Summary
    cards: CardRun = CardRun({}, 0, 0)


def build_site(root: Path, plan: Plan, stories_dir: Path, today: dt.date, preview: bool = False) -> Build:
    """Read, check, count and render. ``preview`` also shows drafts and future stories (never counted)."""
    collection = load_collection(root, plan, stories_dir)
    shown = collection.visible(today, include_unpublished=preview)
    problems = list(collection.problems)
    bodies: dict[str, str] = {}
    photos: dict[str, tuple[PublishedPhoto, ...]] = {}
    for story in shown:
        # What the sanitiser removed was reported when the story was checked (story.read_story).
        bodies[story.source], _ = body_html(story.full_text)
        photos[story.source], photo_problems = publish_photos(story)
        problems.extend(photo_problems)
    tally = count_targets(plan, collection.stories, today)
    cards = share_cards(shown, plan, root / CARD_CACHE)
    context = Context(plan, shown, tally, today, bodies, photos, cards.cards)
    files = tuple(r for story_photos in photos.values() for p in story_photos for r in p.renditions)
    summary = Summary(
        published=collection.count("published", today),
        drafts=collection.count("draft", today),
        future=collection.count("future", today),
        rejected=len(collection.rejected),
    )
    return Build(collection, tally, tuple(render_pages(context)), files, tuple(sorted(problems)), summary, cards)
