"""The tally: published examples counted against the plan's targets."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Iterable

from ..reading.identity import same_person_groups
from ..reading.plan import Plan, Target
from ..reading.story import Story


@dataclass(frozen=True)
class Row:
    """One figure of the tally: a target, for one chapter and year or for the whole period."""

    target: Target
    chapter: str | None
    year: int | None
    goal: int | None
    reached: int
    examples: tuple[Story, ...]

    @property
    def met(self) -> bool | None:
        return None if self.goal is None else self.reached >= self.goal

    def as_dict(self) -> dict:
        return {
            "target": self.target.id,
            "chapter": self.chapter,
            "year": self.year,
            "goal": self.goal,
            "reached": self.reached,
            "met": self.met,
            "examples": [story.source for story in self.examples],
        }


@dataclass(frozen=True)
class Tally:
    rows: tuple[Row, ...]
    incomplete: tuple[Story, ...]

    def chapter_year_rows(self, chapter: str | None = None, year: int | None = None) -> tuple[Row, ...]:
        """The per-chapter-per-year rows, of one chapter and/or one year when given, in tally order."""
        if chapter:
            rows = self._chapter_year_index[0].get(chapter, ())
            return tuple(row for row in rows if row.year == year) if year else rows
        return self._chapter_year_index[1].get(year, ()) if year else self._chapter_year_index[2]

    @functools.cached_property
    def _chapter_year_index(self) -> tuple[dict[str, tuple[Row, ...]], dict[int, tuple[Row, ...]], tuple[Row, ...]]:
        # Every chapter page shows its rows: scanning all of them each time would cost chapters².
        every = tuple(row for row in self.rows if row.target.per == "chapter-year")
        by_chapter: dict[str, list[Row]] = {}
        by_year: dict[int, list[Row]] = {}
        for row in every:
            by_chapter.setdefault(row.chapter, []).append(row)
            by_year.setdefault(row.year, []).append(row)
        return ({k: tuple(v) for k, v in by_chapter.items()}, {k: tuple(v) for k, v in by_year.items()}, every)

    def rows_for(self, target_id: str, chapter: str | None = None) -> tuple[Row, ...]:
        return tuple(row for row in self.rows
                     if row.target.id == target_id and (chapter is None or row.chapter == chapter))


def count_targets(plan: Plan, stories: Iterable[Story], today: dt.date) -> Tally:
    """Count every target of the plan over the stories published by ``today``.

    A story counts in the calendar year of its date, only when it meets every criterion of its
    kind; people and collectives are counted once (see ``identity.same_person_groups``).
    Chapter-year rows exist for every year (up to today's) in which the chapter is active on
    1 January, zero included, and for any other chapter-year that has examples (with no goal).
    """
    published = [s for s in stories if s.status(today) == "published"]
    counting = [s for s in published if s.meets_criteria(plan)]
    incomplete = tuple(sorted((s for s in published if not s.meets_criteria(plan)), key=Story.sort_key))
    rows: list[Row] = []
    for target in plan.targets:
        of_kind = [s for s in counting if s.kind == target.kind and plan.period_start <= s.year <= plan.period_end]
        if target.per == "period":
            rows.append(_row(target, None, None, target.goal, of_kind))
            continue
        years = plan.target_years(target, today.year)
        by_chapter: dict[str, list[Story]] = {}
        for story in of_kind:
            by_chapter.setdefault(story.chapter, []).append(story)
        for chapter in plan.chapters:
            own = by_chapter.get(chapter.id, [])
            goal_years = {y for y in years if chapter.is_active(dt.date(y, 1, 1))}
            for year in sorted(goal_years | {s.year for s in own if s.year in years}):
                goal = target.goal if year in goal_years else None
                rows.append(_row(target, chapter.id, year, goal, [s for s in own if s.year == year]))
    return Tally(tuple(rows), incomplete)


def _row(target: Target, chapter: str | None, year: int | None, goal: int | None, stories: list[Story]) -> Row:
    return Row(target, chapter, year, goal, len(same_person_groups(stories)), tuple(sorted(stories, key=Story.sort_key)))
