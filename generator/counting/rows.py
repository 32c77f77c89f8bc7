"""The figures of the tally as values: one row per target and chapter-year, year or period."""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass

from ..reading.identity import name_key
from ..reading.model import Story
from ..reading.plan import Target


@dataclass(frozen=True)
class Shortfall:
    """A unit or chapter below its own figure: a school with no address, a chapter without its column."""

    name: str
    chapter: str
    reached: int
    goal: int
    missing: tuple[str, ...] = ()  # channels with no column address at all
    unused: tuple[str, ...] = ()  # channels with a column but no story that year

    def as_dict(self) -> dict:
        return {"name": self.name, "chapter": self.chapter, "reached": self.reached, "goal": self.goal,
                "missing": list(self.missing), "unused": list(self.unused)}


@dataclass(frozen=True)
class HonourEvent:
    """One honouring: a level and a year, and the examples honoured at it."""

    level: str
    year: int
    examples: tuple[Story, ...]

    def as_dict(self) -> dict:
        return {"level": self.level, "year": self.year, "examples": [story.source for story in self.examples]}


@dataclass(frozen=True)
class Prorating:
    """A goal cut to the part of the year a chapter was active."""

    full_goal: int
    days: int
    year_days: int

    @property
    def months(self) -> int:
        return max(1, round(12 * self.days / self.year_days))

    def as_dict(self) -> dict:
        return {"full_goal": self.full_goal, "days": self.days, "year_days": self.year_days}


@dataclass(frozen=True)
class Row:
    """One figure of the tally: a target, for one chapter and year, one year, or the whole period.

    A count target is met when ``reached >= goal``; a share target ("every school") when
    ``reached`` of ``of`` reaches the fraction ``goal``. ``names`` are what was counted when it
    is not a story (pilot units, outlets, chapters running the column).
    """

    target: Target
    chapter: str | None
    year: int | None
    goal: float | int | None
    reached: int
    examples: tuple[Story, ...]
    of: int | None = None
    prorated: Prorating | None = None
    below: tuple[Shortfall, ...] = ()
    events: tuple[HonourEvent, ...] = ()
    names: tuple[str, ...] = ()
    deadline: tuple[str, dt.date] | None = None
    as_of: dt.date | None = None
    activities: tuple = ()  # the activities counted (reading.activities.Activity), newest first

    @property
    def is_share(self) -> bool:
        return self.target.is_share

    @property
    def required(self) -> int | None:
        """The number to reach: the goal itself, or for a share the units the fraction asks for."""
        if self.goal is None:
            return None
        if self.is_share:
            return math.ceil(round(self.goal * (self.of or 0), 9))
        return int(self.goal)

    @property
    def met(self) -> bool | None:
        return None if self.required is None else self.reached >= self.required

    @property
    def needed(self) -> int | None:
        """How many more it takes to meet the goal; 0 once met, ``None`` without a goal."""
        return None if self.required is None else max(0, self.required - self.reached)

    @property
    def share(self) -> float | None:
        return self.reached / self.of if self.is_share and self.of else None

    @property
    def days_left(self) -> int | None:
        if self.deadline is None or self.as_of is None:
            return None
        return (self.deadline[1] - self.as_of).days

    def as_dict(self) -> dict:
        return {
            "target": self.target.id,
            "chapter": self.chapter,
            "year": self.year,
            "goal": self.goal,
            "reached": self.reached,
            "met": self.met,
            "examples": [story.source for story in self.examples],
            "measure": "share" if self.is_share else "count",
            "of": self.of,
            "share": None if self.share is None else round(self.share, 4),
            "needed": self.needed,
            "prorated": self.prorated.as_dict() if self.prorated else None,
            "deadline": self.deadline[1].isoformat() if self.deadline and self.needed else None,
            "days_left": self.days_left if self.deadline and self.needed else None,
            "below": [shortfall.as_dict() for shortfall in self.below],
            "events": [event.as_dict() for event in self.events],
            "names": list(self.names),
            "activities": [_activity_dict(activity) for activity in self.activities],
        }

    def public_dict(self, shown: frozenset[str]) -> dict:
        """``as_dict`` for open data: a story not in ``shown`` (withdrawn, a draft, kept off the
        website) is counted in ``reached`` and ``unnamed_examples``, never named by path or name."""
        data = self.as_dict()
        data["examples"] = [story.source for story in self.examples if story.source in shown]
        data["unnamed_examples"] = len(self.examples) - len(data["examples"])
        data["events"] = [{**event.as_dict(), "examples": [s.source for s in event.examples if s.source in shown]}
                          for event in self.events]
        # A unit chosen in an activity kept off the site is not named either, unless something shown names it.
        hidden = {name_key(name) for story in self.examples if story.source not in shown
                  for name in (story.unit, story.person.name) if name}
        hidden |= {name_key(a.unit) for a in self.activities if not a.public and a.unit}
        hidden -= {name_key(name) for story in self.examples if story.source in shown
                   for name in (story.unit, story.person.name) if name}
        hidden -= {name_key(a.unit) for a in self.activities if a.public and a.unit}
        data["names"] = [name for name in self.names if name_key(name) not in hidden]
        # An activity kept off the site (an inspection) is counted, never named.
        data.pop("activities")
        data["activities"] = [_activity_dict(activity) for activity in self.activities if activity.public]
        data["unnamed_activities"] = sum(1 for activity in self.activities if not activity.public)
        return data


def _activity_dict(activity) -> dict:
    return {"date": activity.date.isoformat(), "chapter": activity.chapter, "kind": activity.kind, "title": activity.title,
            "page": activity.url if activity.public else None}


@dataclass(frozen=True)
class Tally:
    rows: tuple[Row, ...]
    incomplete: tuple[Story, ...]
    as_of: dt.date | None = None

    def rows_for(self, target_id: str, chapter: str | None = None) -> tuple[Row, ...]:
        if chapter is not None:
            return tuple(row for row in self._by_chapter.get(chapter, ()) if row.target.id == target_id)
        return tuple(row for row in self.rows if row.target.id == target_id)

    def of_chapter(self, chapter: str, year: int | None = None) -> tuple[Row, ...]:
        """The rows of one chapter (of one year when given), in tally order."""
        rows = self._by_chapter.get(chapter, ())
        return rows if year is None else tuple(row for row in rows if row.year == year)

    def chapter_year_rows(self, chapter: str | None = None, year: int | None = None) -> tuple[Row, ...]:
        """The per-chapter-per-year rows, of one chapter and/or one year when given, in tally order."""
        rows = self.of_chapter(chapter, year) if chapter else self.rows
        return tuple(row for row in rows if row.target.per == "chapter-year" and (year is None or row.year == year))

    @functools.cached_property
    def _by_chapter(self) -> dict[str, tuple[Row, ...]]:
        # Every chapter page and each chapter's report read their own rows: scanning all the rows
        # each time would cost chapters × rows.
        grouped: dict[str, list[Row]] = {}
        for row in self.rows:
            if row.chapter is not None:
                grouped.setdefault(row.chapter, []).append(row)
        return {chapter: tuple(rows) for chapter, rows in grouped.items()}

    def years(self) -> tuple[int, ...]:
        """Years with a figure, newest first."""
        return tuple(sorted({row.year for row in self.rows if row.year is not None}, reverse=True))
