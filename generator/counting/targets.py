"""Each measure of the plan, counted from stories sorted once into buckets.

``Buckets`` reads the stories in one pass; each measure then looks its figures up by chapter and
year, so the tally grows with stories plus chapters × years, never stories × chapters.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass, field

from ..reading.activities import Activities, Activity, NO_ACTIVITIES
from ..reading.identity import name_key, same_person_groups
from ..reading.plan import Chapter, Plan, Target
from ..reading.register import Register
from ..reading.model import Story
from .rows import HonourEvent, Prorating, Row, Shortfall


def channels_of(story: Story) -> set[str]:
    """Where a story appeared: its ``published_on``, and the column's own website when its consent allows it."""
    return set(story.published_on) | ({"website"} if "website" in story.consent.scope else set())


@dataclass
class Buckets:
    """The published stories of a tally, sorted once by what each measure looks up."""

    examples: dict[tuple[str, str, int], list[Story]] = field(default_factory=dict)
    period_examples: dict[str, list[Story]] = field(default_factory=dict)
    pilots: dict[tuple[str, int], list[Story]] = field(default_factory=dict)
    channels: dict[tuple[str, int, str], list[Story]] = field(default_factory=dict)
    outlets: dict[tuple[int, str], list[Story]] = field(default_factory=dict)
    honours: dict[tuple[str, int], list[Story]] = field(default_factory=dict)

    @classmethod
    def of(cls, plan: Plan, published: list[Story]) -> "Buckets":
        buckets = cls()
        for story in published:
            if story.meets_criteria(plan):
                buckets.examples.setdefault((story.kind, story.chapter, story.year), []).append(story)
                if plan.period_start <= story.year <= plan.period_end:
                    buckets.period_examples.setdefault(story.kind, []).append(story)
            if story.pilot:
                buckets.pilots.setdefault((story.chapter, story.year), []).append(story)
            for channel in channels_of(story):
                buckets.channels.setdefault((story.chapter, story.year, channel), []).append(story)
                buckets.outlets.setdefault((story.year, channel), []).append(story)
            for honour in {(h.level, h.year) for h in story.honours}:
                buckets.honours.setdefault(honour, []).append(story)
        return buckets


def days_active(chapter: Chapter, year: int) -> int:
    """Days of ``year`` on which the chapter existed (0 when it did not)."""
    start = max(chapter.active_from, dt.date(year, 1, 1))
    end = min(chapter.active_until or dt.date(year, 12, 31), dt.date(year, 12, 31))
    return max(0, (end - start).days + 1)


def chapter_year_goal(target: Target, chapter: Chapter, year: int) -> tuple[float | int | None, Prorating | None]:
    """The goal of ``target`` for a chapter in a year: by its level, cut to the days it was active
    when the target says so (rounded up), or none when it says none or the level has no goal."""
    full = target.goal_for_level(chapter.level)
    if full is None:
        return None, None
    days = days_active(chapter, year)
    year_days = 366 if calendar.isleap(year) else 365
    if days >= year_days or target.is_share:
        # A share is already relative to the units the chapter had: nothing to cut.
        return full, None
    if target.partial_year == "none":
        return None, None
    return math.ceil(full * days / year_days), Prorating(int(full), days, year_days)


def next_deadline(plan: Plan, year: int, as_of: dt.date, chapter: Chapter | None = None) -> tuple[str, dt.date] | None:
    """The first of the plan's deadlines for ``year``'s results still ahead of ``as_of`` (inclusive),
    and, for a chapter, one it will still exist on: a chapter dissolved before it has no countdown."""
    last = chapter.active_until if chapter is not None and chapter.active_until else dt.date.max
    ahead = sorted((d.on(year), d.label) for d in plan.deadlines if as_of <= d.on(year) <= last)
    return (ahead[0][1], ahead[0][0]) if ahead else None


class Counter:
    """Turns buckets into the rows of each measure."""

    def __init__(self, plan: Plan, buckets: Buckets, register: Register, as_of: dt.date,
                 activities: Activities = NO_ACTIVITIES):
        self.plan = plan
        self.buckets = buckets
        self.register = register
        self.as_of = as_of
        # Only what had happened by the as-of day: a report as of 30 November does not count a December meeting.
        self.activities: dict[tuple[str, str, int], list[Activity]] = {}
        for activity in activities.entries:
            if activity.date <= as_of:
                self.activities.setdefault((activity.kind, activity.chapter, activity.year), []).append(activity)
        self.units_by_chapter: dict[str, list] = {}
        for unit in register.units:
            self.units_by_chapter.setdefault(unit.chapter, []).append(unit)

    def rows(self, target: Target) -> list[Row]:
        measure = {
            "distinct-examples": self.examples,
            "pilot-units": self.pilot_units,
            "unit-addresses": self.unit_addresses,
            "social-columns": self.social_columns,
            "media-column": self.media_column,
            "honour-events": self.honour_events,
            "activities": self.activity_count,
        }[target.measure]
        return measure(target)

    def years(self, target: Target) -> range:
        return self.plan.target_years(target, self.as_of.year)

    def row(self, target: Target, chapter: str | None, year: int | None, goal, reached: int,
            examples: list[Story], activities: list[Activity] = (), **parts) -> Row:
        deadline = next_deadline(self.plan, year, self.as_of, self.plan.chapter(chapter) if chapter else None) \
            if year is not None else None
        if target.month is not None and year is not None:
            # Due within its month: after that month no later deadline can still be met.
            end = dt.date(year, target.month, calendar.monthrange(year, target.month)[1])
            deadline = (f"hết tháng {target.month}", end) if self.as_of <= end else None
        elif target.measure == "activities" and year is not None:
            # An activity counts in the year it takes place: the report's later deadlines cannot help.
            end = dt.date(year, 12, 31)
            deadline = (f"hết năm {year}", end) if self.as_of <= end else None
        return Row(target, chapter, year, goal, reached, tuple(sorted(examples, key=Story.sort_key)),
                   deadline=deadline, as_of=self.as_of, activities=tuple(sorted(activities, key=lambda a: a.sort_key)), **parts)

    def chapter_years(self, target: Target):
        for chapter in self.plan.chapters:
            for year in self.years(target):
                if days_active(chapter, year):
                    yield chapter, year

    def examples(self, target: Target) -> list[Row]:
        if target.per == "period":
            stories = self.buckets.period_examples.get(target.kind, [])
            return [self.row(target, None, None, target.goal, len(same_person_groups(stories)), stories)]
        rows = []
        for chapter, year in self.chapter_years(target):
            goal, prorated = chapter_year_goal(target, chapter, year)
            stories = self.buckets.examples.get((target.kind, chapter.id, year), [])
            rows.append(self.row(target, chapter.id, year, goal, len(same_person_groups(stories)), stories, prorated=prorated))
        return rows

    def pilot_units(self, target: Target) -> list[Row]:
        rows = []
        for chapter, year in self.chapter_years(target):
            goal, prorated = chapter_year_goal(target, chapter, year)
            stories = self.buckets.pilots.get((chapter.id, year), [])
            chosen = self.activities.get((target.activity, chapter.id, year), []) if target.activity else []
            units: dict[str, str] = {}
            for story in sorted(stories, key=lambda s: s.source):
                # A pilot unit is named by the story's unit, or it is the collective the story honours.
                name = story.unit or story.person.name
                units.setdefault(name_key(name), name)
            for activity in sorted(chosen, key=lambda a: a.date):
                # Chosen in an activity and honoured in a story: still one unit.
                units.setdefault(name_key(activity.unit), activity.unit)
            if goal is None and not units:
                continue
            rows.append(self.row(target, chapter.id, year, goal, len(units), stories, chosen, prorated=prorated,
                                 names=tuple(sorted(units.values(), key=name_key))))
        return rows

    def unit_addresses(self, target: Target) -> list[Row]:
        rows = []
        for chapter, year in self.chapter_years(target):
            units = [u for u in self.units_by_chapter.get(chapter.id, ())
                     if u.type in target.unit_types and u.counts_in(year)]
            if not units:
                continue
            goal, _ = chapter_year_goal(target, chapter, year)
            below = tuple(Shortfall(u.name, chapter.id, u.addresses_in(year), target.min_addresses)
                          for u in sorted(units, key=lambda u: name_key(u.name)) if u.addresses_in(year) < target.min_addresses)
            rows.append(self.row(target, chapter.id, year, goal, len(units) - len(below), [], of=len(units), below=below))
        return rows

    def social_columns(self, target: Target) -> list[Row]:
        rows = []
        for year in self.years(target):
            running, below, examples = [], [], []
            for chapter in self.plan.chapters:
                required = target.channels_for_level(chapter.level)
                if not required or not days_active(chapter, year):
                    continue
                columns = dict(chapter.columns)
                missing, unused = [], []
                for channel in required:
                    stories = self.buckets.channels.get((chapter.id, year, channel), [])
                    if channel in columns and stories:
                        examples += stories
                    else:
                        (unused if channel in columns else missing).append(channel)
                if missing or unused:
                    below.append(Shortfall(chapter.short_on(dt.date(year, 12, 31)), chapter.id,
                                           len(required) - len(missing) - len(unused), len(required), tuple(missing), tuple(unused)))
                else:
                    running.append(chapter.short)
            of = len(running) + len(below)
            if of:
                rows.append(self.row(target, None, year, target.goal, len(running), _unique(examples),
                                     of=of, below=tuple(below), names=tuple(running)))
        return rows

    def media_column(self, target: Target) -> list[Row]:
        years = list(self.years(target)) if target.per == "year" else [None]
        rows = []
        for year in years:
            span = [year] if year is not None else range(self.plan.period_start, min(self.plan.period_end, self.as_of.year) + 1)
            names, examples = [], []
            for outlet in self.plan.outlets:
                stories = [s for y in span for s in self.buckets.outlets.get((y, outlet.channel), [])]
                if outlet.column and stories:
                    names.append(outlet.name)
                    examples += stories
            rows.append(self.row(target, None, year, target.goal, len(names), examples, names=tuple(names)))
        return rows

    def activity_count(self, target: Target) -> list[Row]:
        """Activities of the target's kind (in its month, when it names one): per chapter and year,
        or, per year and over the period, those of the chapters at the levels with a goal."""
        if target.per == "chapter-year":
            rows = []
            for chapter, year in self.chapter_years(target):
                if target.month is None:
                    goal, prorated = chapter_year_goal(target, chapter, year)
                else:
                    # A review due in May is owed by a chapter that existed in May, in full.
                    goal = target.goal_for_level(chapter.level) if _active_in_month(chapter, year, target.month) else None
                    prorated = None
                found = _in_month(self.activities.get((target.activity, chapter.id, year), []), target.month)
                if goal is None and not found:
                    continue
                rows.append(self.row(target, chapter.id, year, goal, len(found), [], found, prorated=prorated))
            return rows
        levels = {level for level, _ in target.goals}
        counted = [chapter.id for chapter in self.plan.chapters if chapter.level in levels]
        years = list(self.years(target)) if target.per == "year" else [None]
        rows = []
        for year in years:
            span = [year] if year is not None else range(self.plan.period_start, min(self.plan.period_end, self.as_of.year) + 1)
            found = _in_month([a for y in span for chapter in counted
                               for a in self.activities.get((target.activity, chapter, y), [])], target.month)
            rows.append(self.row(target, None, year, target.goal, len(found), [], found))
        return rows

    def honour_events(self, target: Target) -> list[Row]:
        last = min(self.plan.period_end, self.as_of.year)
        events = tuple(
            HonourEvent(target.honour_level, year, tuple(sorted(self.buckets.honours[(target.honour_level, year)], key=Story.sort_key)))
            for year in range(self.plan.period_start, last + 1) if (target.honour_level, year) in self.buckets.honours)
        examples = [story for event in events for story in event.examples]
        return [self.row(target, None, None, target.goal, len(events), _unique(examples), events=events)]


def _in_month(activities: list[Activity], month: int | None) -> list[Activity]:
    return [a for a in activities if month is None or a.date.month == month]


def _active_in_month(chapter: Chapter, year: int, month: int) -> bool:
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return chapter.active_from <= last and (chapter.active_until is None or chapter.active_until >= first)


def _unique(stories: list[Story]) -> list[Story]:
    return list({story.source: story for story in stories}.values())
