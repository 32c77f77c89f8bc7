"""A tally row told in Vietnamese, the same way on the site, in the terminal and in the report."""

from __future__ import annotations

from ..dates import short_date
from ..reading.plan import Plan
from .rows import Row, Shortfall, Tally


def percent(fraction: float) -> str:
    """``0.925`` as "92,5 %": a decimal comma and a space before the sign, as Vietnamese writes it."""
    text = f"{fraction * 100:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + " %"


def figure(row: Row) -> str:
    """The figure against its goal: "3/5", "37/40 trường (92,5 %)", or the count alone without a goal."""
    if row.is_share:
        whole = f"{row.reached}/{row.of} {row.target.noun}".rstrip()
        return f"{whole} ({percent(row.share or 0.0)})"
    if row.goal is None:
        return str(row.reached)
    return f"{row.reached}/{row.goal}"


def verdict(row: Row, shortfalls: bool = True) -> str:
    """"Đạt", "thiếu 2", or "không có chỉ tiêu"; without ``shortfalls`` nothing for a goal not reached."""
    if row.met is None:
        return "không có chỉ tiêu"
    if row.met:
        return "Đạt"
    return f"thiếu {row.needed}" if shortfalls else ""


def shortfall(plan: Plan, item: Shortfall, year: int | None) -> str:
    """One unit or chapter behind, saying what is true: "Tam Đảo (chưa có chuyên mục trên Zalo; chưa
    đăng bài nào năm 2025 trên Facebook)", or "Trường THCS Thanh Lãng (0/1)"."""
    parts = []
    if item.missing:
        parts.append("chưa có chuyên mục trên " + ", ".join(plan.label("channel", c) for c in item.missing))
    if item.unused:
        during = f" năm {year}" if year is not None else ""
        parts.append(f"chưa đăng bài nào{during} trên " + ", ".join(plan.label("channel", c) for c in item.unused))
    return f"{item.name} ({'; '.join(parts) if parts else f'{item.reached}/{item.goal}'})"


def public_verdict(row: Row) -> str:
    """"Đạt", "Chưa đạt" or "–": the site says whether a goal was met, never by how much it fell short."""
    if row.met is None:
        return "–"
    return "Đạt" if row.met else "Chưa đạt"


def goal_text(row: Row) -> str:
    """The goal as the plan states it: "5", "100 %", "–" without one."""
    if row.goal is None:
        return "–"
    return percent(float(row.goal)) if row.is_share else str(row.goal)


def still_needed(row: Row) -> str:
    """For a target not met: "cần thêm 3 cá nhân, còn 29 ngày (đến 30/11/2026, hạn báo cáo về Tỉnh Hội)"."""
    if not row.needed:
        return ""
    text = f"cần thêm {row.needed} {row.target.noun}".rstrip()
    if row.deadline is not None and row.days_left is not None:
        label, day = row.deadline
        text += f", còn {row.days_left} ngày (đến {short_date(day)}, {label})"
    return text


def prorating_note(row: Row) -> str:
    """"chỉ tiêu tính cho 6 tháng hoạt động (5 cả năm)" when the goal was cut to part of the year."""
    if row.prorated is None:
        return ""
    return f"chỉ tiêu tính cho {row.prorated.months} tháng hoạt động ({row.prorated.full_goal} cả năm)"


def where(plan: Plan, row: Row) -> str:
    """The chapter's name and the year, or "toàn tỉnh"."""
    parts = []
    if row.chapter is not None:
        chapter = plan.chapter(row.chapter)
        parts.append(chapter.name if chapter else row.chapter)
    else:
        parts.append(plan.organisation_on(row.as_of).whole if row.as_of else "Toàn tỉnh")
    parts.append(f"năm {row.year}" if row.year is not None else f"cả giai đoạn {plan.period_start}–{plan.period_end}")
    return ", ".join(parts)


def tally_text(plan: Plan, tally: Tally) -> str:
    """The tally for a terminal: each target under its Vietnamese label, one line per figure."""
    lines = []
    if tally.as_of:
        lines.append(f"Số liệu tính đến {short_date(tally.as_of)}")
    for target in plan.targets:
        rows = [row for row in tally.rows if row.target.id == target.id]
        if not rows:
            continue
        lines += ["", f"{target.label}" + (f" (mục {target.section})" if target.section else "")]
        for row in rows:
            place = where(plan, row)
            lines.append(f"  {place:52} {figure(row):>24}  {verdict(row)}{_line_notes(row, '; ')}")
    if tally.incomplete:
        # The public tally honours what was achieved: which published story lacks a criterion is told here.
        lines += ["", "Câu chuyện đã đăng nhưng chưa đủ tiêu chí (chưa được tính)"]
        for story in tally.incomplete:
            lacking = ", ".join(c.short for c in plan.kinds[story.kind].criteria if c.id not in story.criteria)
            lines.append(f"  {story.source} ({short_date(story.date)}): thiếu {lacking}")
    return "\n".join(lines) + "\n"


def _line_notes(row: Row, lead: str) -> str:
    notes = [note for note in (prorating_note(row), still_needed(row)) if note]
    return (lead + "; ".join(notes)) if notes else ""
