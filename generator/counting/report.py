"""The yearly report a chapter sends: which figures of the tally it holds, and who it names.

``year_report`` is the one way to make a report: it counts the tally as of the report's own day
(31 December for a past year, today for the running one), so the writers (``documents``: docx,
xlsx, csv, Markdown) and the site's printable page carry the same figures. Names follow today's
consent; the letterhead, place and date follow the organisation and chapter of the report's day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from pathlib import Path
from typing import Iterable

from ..dates import short_date
from ..problems import NttvError
from ..reading.activities import NO_ACTIVITIES, Activities, Activity
from ..reading.identity import same_person_groups
from ..reading.plan import Chapter, Organisation, Plan, Signer
from ..reading.register import EMPTY_REGISTER, Register
from ..reading.model import Story
from ..reading.readers import suggest
from . import wording
from .assessment import Section, blank_sections, read_sections, text_path
from .rows import Row, Tally
from .tally import count_targets

# An example counted whose page is not on the site (no consent for it, or withdrawn): no name.
UNDISCLOSED = "gương không công bố"
MOTTO_COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# Section I's last part: the year's activities from the register of activities.
ACTIVITIES_HEADING = "Hoạt động trong năm"
NO_ACTIVITY_LINE = "Chưa ghi hoạt động nào trong năm (sổ hoạt động)."


@dataclass(frozen=True)
class Example:
    """One person or collective counted, named as on the site or not at all."""

    name: str
    chapter: str
    date: dt.date
    deed: str
    shown: bool


@dataclass(frozen=True)
class Report:
    """One chapter's report on one year, counted as of ``as_of`` and issued on ``issued``: the
    as-of day, or the issuer's last day when it ceased before (``ended``)."""

    plan: Plan
    year: int
    chapter: Chapter
    as_of: dt.date
    issued: dt.date
    number: str
    rows: tuple[Row, ...]
    shown: frozenset[str]
    sections: tuple[Section, ...] = ()
    texts_file: str = ""  # where sections II–IV come from, relative to the repository ("" when blank)
    today: dt.date | None = None  # the day the document is made: what has changed since is said
    activities: tuple[Activity, ...] = ()  # the year's activities of the issuer (the province: of every chapter)

    @property
    def whole_province(self) -> bool:
        return self.chapter.level == "province"

    @property
    def organisation(self) -> Organisation:
        """The organisation as it was on the document's date."""
        return self.plan.organisation_on(self.issued)

    @property
    def ended(self) -> bool:
        """The issuing chapter no longer existed on the as-of day."""
        return self.chapter.active_until is not None and self.chapter.active_until < self.as_of

    @property
    def issuer(self) -> str:
        return self.organisation.name if self.whole_province else self.chapter.name_on(self.issued)

    @property
    def parent(self) -> str:
        """The body above the issuer, written above its name in the letterhead."""
        return self.organisation.parent if self.whole_province else self.organisation.name

    @property
    def title(self) -> str:
        return f"Kết quả thực hiện Phong trào “{self.plan.name}” năm {self.year}"

    @property
    def opening(self) -> str:
        """The opening paragraph: the plan the report answers, and the day its figures stand at."""
        author = self.plan.organisations[0].name if self.plan.organisations else self.organisation.name
        return (f"Thực hiện Kế hoạch triển khai Phong trào “{self.plan.name}” giai đoạn {self.plan.period_start}–"
                f"{self.plan.period_end} của {author}, {self.issuer} báo cáo kết quả thực hiện năm {self.year} như sau:")

    @property
    def ended_note(self) -> str:
        """What a reader must know when the issuer no longer exists as named (on the as-of day, or
        by the day the document is made), or ""."""
        now = max(self.today or self.as_of, self.as_of)
        until = self.chapter.active_until
        reason = f" ({self.chapter.end_note})" if self.chapter.end_note else ""
        if until is not None and until < now and not self.whole_province:
            kept = "kết quả đến ngày đó" if self.ended else f"kết quả năm {self.year}"
            return (f"{self.chapter.name_on(until)} đã dừng hoạt động sau ngày {short_date(until)}{reason}. Báo cáo ghi lại "
                    f"{kept}, mang tên gọi và địa danh khi đó.")
        later = self.plan.organisation_on(now)
        if self.whole_province and later.name != self.organisation.name:
            return (f"Từ ngày {short_date(later.valid_from)}, công việc của {self.organisation.name} do {later.name} tiếp nhận. "
                    f"Báo cáo mang tên gọi và địa danh ngày {short_date(self.issued)}.")
        return ""

    @property
    def signer(self) -> Signer | None:
        return self.chapter.signer

    @property
    def recipients(self) -> tuple[str, ...]:
        return (f"{self.parent} (để báo cáo);", "Lưu: VT.")

    def place_and_date(self) -> str:
        return f"{self.organisation.place}, {administrative_date(self.issued)}"

    def chapter_name(self, chapter_id: str | None) -> str:
        if chapter_id is None:
            return self.plan.organisation_on(self.as_of).whole
        chapter = self.plan.chapter(chapter_id)
        return chapter.short_on(self.as_of) if chapter else chapter_id

    def own_rows(self) -> tuple[Row, ...]:
        """The rows that are the issuer's own figures: its chapter-year rows, and for the province
        the year's and the period's rows as well."""
        return tuple(row for row in self.rows if row.chapter == self.chapter.id
                     or (self.whole_province and row.chapter is None))

    def values(self) -> dict[str, str]:
        """What the placeholders of sections II–IV stand for, in words, for this report."""
        values = {"year": str(self.year), "next-year": str(self.year + 1), "as-of": short_date(self.as_of),
                  "issuer": self.issuer}
        for row in self.own_rows():
            values.setdefault(row.target.id, wording.figure(row))
            values.setdefault(f"{row.target.id}-reached", str(row.reached))
        return values

    def activity_groups(self, public_only: bool = False) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The year's activities as section I lists them under the figures: by chapter (the plan's
        order, named as on the as-of day), each "8/5/2023 – kind: title", oldest first. The site's
        copy of the report (``public_only``) leaves out the activities kept off the site."""
        order = {chapter.id: index for index, chapter in enumerate(self.plan.chapters)}
        grouped: dict[str, list[str]] = {}
        chosen = [a for a in self.activities if a.public or not public_only]
        for activity in sorted(chosen, key=lambda a: (order.get(a.chapter, 0), a.date, a.index)):
            kind = self.plan.activity_kind(activity.kind)
            place = f" ({activity.place})" if activity.place else ""
            grouped.setdefault(activity.chapter, []).append(
                f"{short_date(activity.date)} – {kind.label if kind else activity.kind}: {activity.title}{place}")
        return tuple((self.chapter_name(chapter), tuple(lines)) for chapter, lines in grouped.items())

    def hidden_activities(self) -> int:
        return sum(1 for a in self.activities if not a.public)

    def examples(self, row: Row) -> tuple[Example, ...]:
        """The people or collectives a row counts, each once, newest first; unnamed when not on the site."""
        found = []
        for group in same_person_groups(row.examples):
            story = min(group, key=Story.sort_key)
            shown = any(s.source in self.shown for s in group)
            found.append(Example(story.person.name if shown else UNDISCLOSED, story.chapter, story.date,
                                 story.deed if shown else "", shown))
        return tuple(sorted(found, key=lambda e: (-e.date.toordinal(), e.name)))

    def example_rows(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.target.measure == "distinct-examples" and row.year is not None and row.examples)

    def event_names(self, stories: tuple[Story, ...]) -> list[str]:
        names, hidden = [], 0
        for group in same_person_groups(stories):
            if any(s.source in self.shown for s in group):
                names.append(min(group, key=Story.sort_key).person.name)
            else:
                hidden += 1
        return sorted(names) + ([f"{hidden} {UNDISCLOSED}"] if hidden else [])


def administrative_date(day: dt.date) -> str:
    """"ngày 05 tháng 01 năm 2026": days below 10 and the months January and February take a
    leading zero in administrative documents (Decree 30/2020/NĐ-CP, appendix I)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def report_day(year: int, today: dt.date) -> dt.date:
    """The as-of day a year's report takes when none is given: 31 December of a past year, today
    for the running one."""
    return min(today, dt.date(year, 12, 31))


def year_report(plan: Plan, stories: Iterable[Story], year: int, chapter_id: str | None, today: dt.date,
                as_of: dt.date | None = None, register: Register = EMPTY_REGISTER, number: str = "",
                root: Path | None = None, activities: Activities = NO_ACTIVITIES) -> Report:
    """The report of ``chapter_id`` (default: the province) on ``year``, as the site and every file show it.

    Nothing dated after ``as_of`` (default ``report_day``) is counted; what is named follows
    today's consent and withdrawals. With ``root``, sections II–IV are read from the chapter's
    file under it (``assessment.text_path``) when there is one; otherwise they print as dotted lines.
    Raise NttvError for an as-of day before the year, an unknown chapter, or nothing to report.
    """
    day = as_of or report_day(year, today)
    tally, shown = _counted(plan, stories, year, today, day, register, activities)
    report = build_report(plan, tally, year, chapter_id, shown, day, number)
    report = dataclasses.replace(report, today=today, activities=_reported(report, activities))
    if root is None:
        return report
    path = text_path(root, year, report.chapter.id)
    if not path.is_file():
        return dataclasses.replace(report, sections=blank_sections(year))
    sections = read_sections(path, report.values())
    return dataclasses.replace(report, sections=sections, texts_file=path.relative_to(root).as_posix())


def year_reports(plan: Plan, stories: Iterable[Story], year: int, today: dt.date,
                 register: Register = EMPTY_REGISTER, activities: Activities = NO_ACTIVITIES) -> tuple[Report, ...]:
    """Every report of ``year`` as of its default day, counted once: the province's, then each
    chapter's that had a goal or a figure that year (the site's printable page)."""
    day = report_day(year, today)
    tally, shown = _counted(plan, stories, year, today, day, register, activities)
    reports = []
    for chapter in plan.chapters:
        own = tally.of_chapter(chapter.id, year)
        if chapter.level == "province" or any(r.goal is not None or r.reached for r in own):
            report = build_report(plan, tally, year, chapter.id, shown, day)
            reports.append(dataclasses.replace(report, today=today, activities=_reported(report, activities)))
    return tuple(reports)


def _reported(report: Report, activities: Activities) -> tuple[Activity, ...]:
    """The activities a report lists: of its year up to its as-of day, the issuer's own (the province's: all)."""
    return tuple(a for a in activities.entries if a.year == report.year and a.date <= report.as_of
                 and (report.whole_province or a.chapter == report.chapter.id))


def _counted(plan: Plan, stories: Iterable[Story], year: int, today: dt.date, day: dt.date,
             register: Register, activities: Activities = NO_ACTIVITIES) -> tuple[Tally, frozenset[str]]:
    """The tally as of ``day``, and the stories that may be named: those on the site today."""
    if day.year < year:
        raise NttvError(f"ngày số liệu {short_date(day)} ở trước năm báo cáo {year}")
    stories = tuple(stories)
    shown = frozenset(s.source for s in stories if s.on_website(today) and s.status(today) == "published")
    return count_targets(plan, stories, day, register, activities), shown


def build_report(plan: Plan, tally: Tally, year: int, chapter_id: str | None, shown: frozenset[str],
                 as_of: dt.date, number: str = "") -> Report:
    """The figures a report for ``year`` holds: a district's own chapter-year rows, or for the
    province chapter every row of that year (all chapters, the province-wide ones) and the period's.

    Raise NttvError when the chapter is unknown or has nothing to report that year.
    """
    if chapter_id is None:
        chapter = plan.province_chapter()
        if chapter is None:
            raise NttvError("kế hoạch không có Hội cấp tỉnh: hãy ghi `--chapter`")
    else:
        chapter = plan.chapter(chapter_id)
        if chapter is None:
            raise NttvError(f"không có Hội `{chapter_id}` trong kế hoạch{suggest(chapter_id, [c.id for c in plan.chapters])}")
    if chapter.level == "province":
        rows = tuple(row for row in tally.rows if row.year == year or row.year is None)
    else:
        rows = tally.of_chapter(chapter.id, year)
    if not any(row.year == year for row in rows):
        raise NttvError(f"Hội {chapter.name} không có số liệu năm {year} (Hội hoạt động "
                        f"từ {chapter.active_from.isoformat()}{' đến ' + chapter.active_until.isoformat() if chapter.active_until else ''}, "
                        "số liệu tính đến ngày báo cáo)")
    # A chapter that ceased before the as-of day signs as it was on its last day.
    issued = min(as_of, chapter.active_until) if chapter.active_until else as_of
    return Report(plan, year, chapter, as_of, issued, number, rows, shown, blank_sections(year))
