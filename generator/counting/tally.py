"""The tally: published examples, units and columns counted against every target of the plan."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from ..reading.activities import Activities, NO_ACTIVITIES
from ..reading.plan import Plan
from ..reading.register import EMPTY_REGISTER, Register
from ..reading.model import Story
from .rows import HonourEvent, Prorating, Row, Shortfall, Tally
from .targets import Buckets, Counter

__all__ = ["HonourEvent", "Prorating", "Row", "Shortfall", "Tally", "count_targets"]


def count_targets(plan: Plan, stories: Iterable[Story], today: dt.date, register: Register = EMPTY_REGISTER,
                  activities: Activities = NO_ACTIVITIES) -> Tally:
    """Count every target of the plan over the stories published by ``today`` (the "as of" date).

    A story counts in the calendar year of its date; as an example only when it meets every
    criterion of its kind, people and collectives once each (``identity.same_person_groups``).
    Chapter-year rows exist for every year of the target (up to today's) on any day of which the
    chapter is active, zero included; the goal follows the chapter's level and, for a chapter
    active part of the year, the target's ``partial_year`` rule. Unit rows come from the register;
    activity rows from the register of activities, each activity counted from its day on.
    """
    published = [s for s in stories if s.status(today) == "published"]
    incomplete = tuple(sorted((s for s in published if not s.meets_criteria(plan)), key=Story.sort_key))
    counter = Counter(plan, Buckets.of(plan, published), register, today, activities)
    rows = tuple(row for target in plan.targets for row in counter.rows(target))
    return Tally(rows, incomplete, today)
