"""The story as the rest of the tool sees it: frozen dataclasses.

Nothing here reads a file or reports a problem: ``story`` reads a story file into these (the values
their fields may take are the schema's, ``fields``), and counting, rendering and the media work
read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .. import dates
from . import source as source_module
from .plan import Plan
from ..videos import Video

MORE = "<!-- more -->"


@dataclass(frozen=True)
class Person:
    name: str
    role: str = ""
    birth_year: int | None = None
    id: str = ""
    minor: bool = False

    def could_be_minor(self, on: dt.date) -> bool:
        """Judged protectively: with only a birth year, a minor if they could be under 18 that day."""
        return self.minor or (self.birth_year is not None and on.year - self.birth_year <= 18)

    def needs_own_consent(self, on: dt.date) -> bool:
        """A minor who could be 7 or older that day consents too, besides the guardian."""
        return self.could_be_minor(on) and (self.birth_year is None or on.year - self.birth_year >= 7)


@dataclass(frozen=True)
class Photo:
    src: str
    alt: str
    caption: str = ""
    credit: str = ""  # who took the photo, printed beside the caption in the bulletin and the newspaper
    shows_children: bool = False
    children_consent: str = ""
    path: Path | None = None
    index: int = 0  # position in the story's list of photos, counting the ones left out
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Honour:
    level: str
    year: int



@dataclass(frozen=True)
class Consent:
    by: str
    date: dt.date
    scope: tuple[str, ...]
    record: str = ""
    guardian: str = ""


@dataclass(frozen=True)
class Story:
    """A story that may be published. ``source`` is its path relative to the repository root."""

    source: str
    slug: str
    title: str
    kind: str
    person: Person
    chapter: str
    deed: str
    criteria: tuple[str, ...]
    date: dt.date
    consent: Consent
    body: str
    unit: str = ""
    unit_type: str = ""
    support: tuple[str, ...] = ()
    humanitarian_addresses: int | None = None
    pilot: bool = False
    honours: tuple[Honour, ...] = ()
    published_on: tuple[str, ...] = ()
    photos: tuple[Photo, ...] = ()
    excerpt: str = ""
    updated: dt.date | None = None
    withdrawn: dt.date | None = None
    anonymised: bool = False
    draft: bool = False
    videos: tuple[Video, ...] = ()  # linked on lines of their own, whatever the consent: see ``shown_videos``
    featured_until: dt.date | None = None  # first on the home page from its date until this day
    body_line: int = 1
    front: source_module.Source | None = field(default=None, compare=False, repr=False)

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def page_path(self) -> str:
        """The generated page, relative to the site's docs: ``cau-chuyen/2024/<slug>.md``."""
        return f"cau-chuyen/{self.year}/{self.slug}.md"

    @property
    def summary(self) -> str:
        """The Markdown before ``<!-- more -->``, or the whole body when there is no marker."""
        return self.body.split(MORE, 1)[0].strip()

    @property
    def full_text(self) -> str:
        return self.body.replace(MORE, "", 1).strip()

    def position(self, name: str) -> tuple[int, int]:
        """Line and column of a front-matter field, for problems found across several stories."""
        if self.front is None:
            return 1, 1
        where = self.front.where(name)
        return where.line, where.column

    def status(self, today: dt.date) -> str:
        """``draft``, ``future`` or ``published``: states, not problems."""
        if self.draft:
            return "draft"
        if self.date > today:
            return "future"
        return "published"

    def meets_criteria(self, plan: Plan) -> bool:
        return set(plan.kinds[self.kind].criterion_ids) <= set(self.criteria)

    def missing_criteria(self, plan: Plan) -> tuple[str, ...]:
        return tuple(c for c in plan.kinds[self.kind].criterion_ids if c not in self.criteria)

    def is_withdrawn(self, today: dt.date) -> bool:
        """Consent withdrawn on or before ``today``: the story and its photos leave the site."""
        return self.withdrawn is not None and self.withdrawn <= today

    def on_website(self, today: dt.date) -> bool:
        """The consent allows the website and has not been withdrawn by ``today``."""
        return "website" in self.consent.scope and not self.is_withdrawn(today)

    def may_share(self, channel: str, today: dt.date | None = None) -> bool:
        """Whether a share kit may exist for ``channel`` (a consent scope such as ``facebook``).

        The column is the source of every post: without the website there is nothing to share.
        """
        day = today if today is not None else dates.today()
        return channel in self.consent.scope and self.on_website(day)

    def shown_videos(self) -> tuple[Video, ...]:
        """The videos the consent covers: the others are left out wherever the story appears."""
        return tuple(video for video in self.videos if video.allowed(self.consent.scope))

    def featured_on(self, day: dt.date) -> bool:
        """Whether the story is put first on the home page on ``day`` (from its date to ``featured_until``)."""
        return self.featured_until is not None and self.date <= day <= self.featured_until

    def sort_key(self) -> tuple:
        """Newest first; ties broken by path so that output never depends on file-system order."""
        return (-self.date.toordinal(), self.source)
