"""What a chart of the tally shows: one bar per figure, reached against the goal, and its words.

Pure data: the rendering phase draws it as inline SVG. The words of every bar are the ones the
table beside it prints (``wording``), so chart and table cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..reading.plan import Plan, Target
from . import wording
from .rows import Row

MET, BEHIND, NO_GOAL = "met", "behind", "no-goal"
# A goal not reached yet, as public pages tell it: the figure alone, in a neutral colour.
PROGRESS = "progress"
# The mark beside each bar's words: the state reads in black and white, not by colour alone.
MARKS = {MET: "✓", BEHIND: "✗", NO_GOAL: "–", PROGRESS: ""}


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    goal: float | None
    figure: str
    verdict: str
    state: str
    chapter: str | None = None
    year: int | None = None

    @property
    def mark(self) -> str:
        return MARKS[self.state]

    @property
    def words(self) -> str:
        """What a screen reader hears for this bar."""
        return f"{self.label}: {self.figure}, {self.verdict}" if self.verdict else f"{self.label}: {self.figure}"


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    bars: tuple[Bar, ...]
    scale: float
    share: bool = False
    target: str = ""

    @property
    def summary(self) -> str:
        return "; ".join(bar.words for bar in self.bars) + "."


def state_of(row: Row, shortfalls: bool = True) -> str:
    """``met``, ``no-goal``, and for a goal not reached ``behind`` (``progress`` where shortfalls are not shown)."""
    if row.met is None:
        return NO_GOAL
    if row.met:
        return MET
    return BEHIND if shortfalls else PROGRESS


def bar_of(row: Row, label: str, shortfalls: bool = True) -> Bar:
    """A row as a bar: a share is drawn against 100 %, a count against its goal. Without
    ``shortfalls`` a goal not reached has no verdict: the figure against the goal says enough."""
    if row.is_share:
        value, goal = row.share or 0.0, float(row.goal) if row.goal is not None else None
    else:
        value, goal = float(row.reached), float(row.goal) if row.goal is not None else None
    # A bar has room for the numbers only; the table beside it names what they count.
    figure = f"{row.reached}/{row.of} ({wording.percent(row.share or 0.0)})" if row.is_share else wording.figure(row)
    return Bar(label, value, goal, figure, wording.verdict(row, shortfalls), state_of(row, shortfalls), row.chapter, row.year)


def chart_of(plan: Plan, target: Target, rows: list[Row], chart_id: str, by: str = "chapter", title: str = "",
             shortfalls: bool = True) -> Chart | None:
    """A chart of ``rows`` of one target, a bar per chapter (``by="chapter"``) or per year."""
    if not rows:
        return None
    bars = []
    for row in rows:
        if by == "year":
            label = str(row.year) if row.year is not None else f"{plan.period_start}–{plan.period_end}"
        elif row.chapter is None:
            label = plan.organisation_on(row.as_of).whole if row.as_of else "Toàn tỉnh"
        else:
            chapter = plan.chapter(row.chapter)
            label = chapter.short if chapter else row.chapter
        bars.append(bar_of(row, label, shortfalls))
    scale = 1.0 if target.is_share else max([1.0] + [b.value for b in bars] + [b.goal or 0 for b in bars])
    return Chart(chart_id, title or target.label, tuple(bars), scale, target.is_share, target.id)
