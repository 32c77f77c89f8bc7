"""The yearly report a chapter sends: which figures of the tally it holds, and who it names.

The writers (``documents``) lay this out as docx, xlsx, csv or Markdown; the site's printable
report page shows the same model, so every form carries the same figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..problems import NttvError
from ..reading.identity import same_person_groups
from ..reading.plan import Chapter, Plan, Signer
from ..reading.story import Story, suggest
from .rows import Row, Tally

# An example counted whose page is not on the site (no consent for it, or withdrawn): no name.
UNDISCLOSED = "gương không công bố"
MOTTO_COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


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
    plan: Plan
    year: int
    chapter: Chapter
    as_of: dt.date
    issued: dt.date
    number: str
    rows: tuple[Row, ...]
    shown: frozenset[str]

    @property
    def whole_province(self) -> bool:
        return self.chapter.level == "province"

    @property
    def issuer(self) -> str:
        return self.plan.organisation.name if self.whole_province else self.chapter.name

    @property
    def parent(self) -> str:
        """The body above the issuer, written above its name in the letterhead."""
        return self.plan.organisation.parent if self.whole_province else self.plan.organisation.name

    @property
    def title(self) -> str:
        return f"Kết quả thực hiện Phong trào “{self.plan.name}” năm {self.year}"

    @property
    def signer(self) -> Signer | None:
        return self.chapter.signer

    @property
    def recipients(self) -> tuple[str, ...]:
        above = self.plan.organisation.parent if self.whole_province else self.plan.organisation.name
        return (f"{above} (để báo cáo);", "Lưu: VT.")

    def place_and_date(self) -> str:
        return f"{self.plan.organisation.place}, {administrative_date(self.issued)}"

    def chapter_name(self, chapter_id: str | None) -> str:
        if chapter_id is None:
            return "Toàn tỉnh"
        chapter = self.plan.chapter(chapter_id)
        return chapter.short if chapter else chapter_id

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


def build_report(plan: Plan, tally: Tally, year: int, chapter_id: str | None, shown: frozenset[str],
                 issued: dt.date, number: str = "") -> Report:
    """The figures a report for ``year`` holds: a district's own chapter-year rows, or for the
    province chapter every row of that year (all chapters, the province-wide ones) and the period's.

    Raise NttvError when the chapter is unknown or has nothing to report that year.
    """
    if chapter_id is None:
        chapter = next((c for c in plan.chapters if c.level == "province"), None)
        if chapter is None:
            raise NttvError("kế hoạch không có chi hội cấp tỉnh: hãy ghi `--chapter`")
    else:
        chapter = plan.chapter(chapter_id)
        if chapter is None:
            raise NttvError(f"không có chi hội `{chapter_id}` trong kế hoạch{suggest(chapter_id, [c.id for c in plan.chapters])}")
    if chapter.level == "province":
        rows = tuple(row for row in tally.rows if row.year == year or row.year is None)
    else:
        rows = tally.of_chapter(chapter.id, year)
    if not any(row.year == year for row in rows):
        raise NttvError(f"chi hội {chapter.name} không có số liệu năm {year} (chi hội hoạt động "
                        f"từ {chapter.active_from.isoformat()}{' đến ' + chapter.active_until.isoformat() if chapter.active_until else ''}, "
                        "số liệu tính đến ngày báo cáo)")
    return Report(plan, year, chapter, tally.as_of or issued, issued, number, rows, shown)
