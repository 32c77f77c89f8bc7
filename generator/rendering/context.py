"""What every generated page is made from, and what it becomes: shared by the page modules."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..counting.report import UNDISCLOSED
from ..counting.tally import Tally
from ..media.images import PublishedPhoto
from ..media.sharecard import ShareCard
from ..reading.activities import NO_ACTIVITIES, Activities, Activity
from ..reading.plan import Plan
from ..reading.register import EMPTY_REGISTER, Register
from ..reading.model import Story

__all__ = ["UNDISCLOSED", "Context", "Page"]


@dataclass(frozen=True)
class Page:
    """A generated page: its source path and whole text (front matter included). ``meta``, when
    known, is that front matter already read, so that an engine need not read its YAML again."""

    path: str
    text: str
    in_nav: bool = False
    meta: dict | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Context:
    """What the pages are made from: the plan, the stories shown and their rendered parts."""

    plan: Plan
    stories: tuple[Story, ...]
    tally: Tally
    today: dt.date
    bodies: Mapping[str, str] = field(default_factory=dict)
    photos: dict[str, tuple[PublishedPhoto, ...]] = field(default_factory=dict)
    cards: dict[str, ShareCard] = field(default_factory=dict)
    preview: bool = False  # `mkdocs serve`: drafts shown, editors' hints on the pages
    counted: tuple[Story, ...] = ()  # every story read, shown or not: a report counts them as of its own date
    register: Register = EMPTY_REGISTER
    recorded: Activities = NO_ACTIVITIES  # every activity read: reports list them as of their own date
    activities: tuple[Activity, ...] = ()  # the public ones up to today, with a page each (photos keyed by page address)

    @functools.cached_property
    def stories_by_chapter(self) -> dict[str, tuple[Story, ...]]:
        """The stories shown, by chapter id, in their order (one pass, not one per chapter page)."""
        grouped: dict[str, list[Story]] = {}
        for story in self.stories:
            grouped.setdefault(story.chapter, []).append(story)
        return {chapter: tuple(stories) for chapter, stories in grouped.items()}

    def chapter_name(self, chapter_id: str, day: dt.date | None = None) -> str:
        """The chapter's name today, or on ``day`` (a story says what its chapter was called on its date)."""
        chapter = self.plan.chapter(chapter_id)
        if chapter is None:
            return chapter_id
        return chapter.name_on(day) if day is not None else chapter.name

