"""The unit register: each chapter's schools and volunteer clubs, and the humanitarian addresses
each registered per year.

"Every school helps at least one address" needs the number of schools, which stories cannot
give; editors keep the register beside the plan, and it is checked like a story: every problem at
once, each with file, line, column and field. A unit with an error is left out of the tally; the
others still count.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..problems import WHOLE_FILE, Problem, Severity, shown_path
from . import source as source_module
from .identity import name_key
from .fields import UNIT_TYPES
from .plan import Plan
from .readers import FieldReader, suggest

UNIT_KEYS = ("name", "type", "chapter", "years", "addresses")
YEAR_KEYS = ("from", "to")


@dataclass(frozen=True)
class Unit:
    """One school Red Cross organisation, club, team or group, in one chapter's register."""

    name: str
    type: str
    chapter: str
    first_year: int
    last_year: int | None
    addresses: tuple[tuple[int, int], ...] = ()
    line: int = 1
    moved_out: tuple[int, ...] = ()  # years it is also listed under the chapter it belonged to on 31 December

    def active_in(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def counts_in(self, year: int) -> bool:
        """Active in ``year`` and counted here: a unit that moved chapter that year counts once, where it ended the year."""
        return self.active_in(year) and year not in self.moved_out

    def addresses_in(self, year: int) -> int:
        """Addresses registered for ``year``; a year with no figure counts as none."""
        return dict(self.addresses).get(year, 0)

    @property
    def key(self) -> tuple[str, str]:
        return self.chapter, name_key(self.name)


@dataclass(frozen=True)
class Register:
    path: str = ""
    units: tuple[Unit, ...] = ()
    problems: tuple[Problem, ...] = ()

    def unit(self, chapter: str, name: str) -> Unit | None:
        wanted = (chapter, name_key(name))
        return next((unit for unit in self.units if unit.key == wanted), None)


EMPTY_REGISTER = Register()


def load_register(root: Path, plan: Plan) -> Register:
    """The plan's unit register (``register`` in the plan file), or an empty one when it names none."""
    if plan.register is None:
        return EMPTY_REGISTER
    relative = shown_path(plan.register, root)
    try:
        text = source_module.decode(plan.register.read_bytes())
    except FileNotFoundError:
        return Register(relative, (), (Problem(relative, 1, 1, WHOLE_FILE,
                                               "không tìm thấy sổ đơn vị mà kế hoạch ghi ở `register`: hãy tạo tệp hoặc sửa `register` trong tệp kế hoạch"),))
    except UnicodeDecodeError:
        return Register(relative, (), (Problem(relative, 1, 1, WHOLE_FILE, "tệp không phải chữ UTF-8: hãy lưu lại với mã hóa UTF-8"),))
    try:
        parsed = source_module.parse_data_file(text)
    except source_module.SourceError as exc:
        return Register(relative, (), (Problem(relative, exc.line, exc.column, exc.field or WHOLE_FILE, exc.message),))
    checker = _RegisterChecker(relative, parsed, plan)
    units = checker.units()
    return Register(relative, units, tuple(sorted(checker.problems)))


def _shared_years(a: Unit, b: Unit) -> range:
    last = min(a.last_year if a.last_year is not None else 9999, b.last_year if b.last_year is not None else 9999)
    return range(max(a.first_year, b.first_year), last + 1)


class _RegisterChecker(FieldReader):
    """Reads the register with the field readers: problems with file, line, column and field, all at once."""

    def __init__(self, relative: str, parsed: source_module.Source, plan: Plan):
        # The register has never shown the reader's notes (characters removed): its problems stay its own.
        super().__init__(relative, dataclasses.replace(parsed, notes=[]))
        self.plan = plan

    def units(self) -> tuple[Unit, ...]:
        data = self.source.data
        raw = data.get("units") if isinstance(data, dict) else None
        if not isinstance(raw, list):
            self.report("units", "sổ đơn vị cần danh sách `units:`, mỗi đơn vị một mục bắt đầu bằng `- name:`")
            return ()
        units: list[Unit] = []
        seen: dict[tuple[str, str], int] = {}
        for index, item in enumerate(raw):
            unit = self.unit(index, item)
            if unit is None:
                continue
            if unit.key in seen:
                self.report(f"units[{index}].name",
                            f"“{unit.name}” đã có trong sổ của Hội này ở units[{seen[unit.key]}]: hãy gộp làm một mục")
                continue
            seen[unit.key] = index
            units.append(unit)
        return self.moves(units)

    def moves(self, units: list[Unit]) -> tuple[Unit, ...]:
        """The same unit under two chapters in one year: allowed in the year one chapter ended and the
        other took over (counted once, for the chapter of 31 December), an error in any other year."""
        by_name: dict[tuple[str, str], list[int]] = {}
        for position, unit in enumerate(units):
            by_name.setdefault((name_key(unit.name), unit.type), []).append(position)
        dropped: set[int] = set()
        moved: dict[int, set[int]] = {}
        for positions in by_name.values():
            for first_index, a in enumerate(positions):
                for b in positions[first_index + 1:]:
                    for year in _shared_years(units[a], units[b]):
                        holder = self._holder(units[a], units[b], year)
                        if holder is None:
                            index = self.source_index(units[b])
                            self.report(f"units[{index}].chapter",
                                        f"“{units[b].name}” cũng có trong sổ của {self.plan.chapter(units[a].chapter).short} năm {year}: "
                                        "một đơn vị chỉ thuộc một Hội mỗi năm (trừ năm Hội cũ dừng và Hội mới tiếp nhận): "
                                        "hãy sửa `years` của một trong hai mục")
                            dropped.add(b)
                            break
                        moved.setdefault(b if holder is units[a] else a, set()).add(year)
        return tuple(dataclasses.replace(unit, moved_out=tuple(sorted(moved.get(position, ()))))
                     for position, unit in enumerate(units) if position not in dropped)

    def _holder(self, a: Unit, b: Unit, year: int) -> Unit | None:
        """Of two listings in ``year``, the one whose chapter still existed on 31 December while the
        other's had ended that year; None when that is not so."""
        last_day = dt.date(year, 12, 31)
        first, second = self.plan.chapter(a.chapter), self.plan.chapter(b.chapter)
        a_held, b_held = first.is_active(last_day), second.is_active(last_day)
        if a_held and not b_held and second.active_until and second.active_until.year == year:
            return a
        if b_held and not a_held and first.active_until and first.active_until.year == year:
            return b
        return None

    def source_index(self, unit: Unit) -> int:
        raw = self.source.data.get("units") or []
        return next((i for i, item in enumerate(raw) if isinstance(item, dict) and self.source.where(f"units[{i}]").line == unit.line), 0)

    def unit(self, index: int, raw: Any) -> Unit | None:
        where = f"units[{index}]"
        if not isinstance(raw, dict):
            self.report(where, "mỗi đơn vị là một bảng gồm name, type, chapter, years, addresses")
            return None
        before = len(self.problems)
        for key in raw:
            if key not in UNIT_KEYS:
                self.report(f"{where}.{key}", f"trường `{key}` không có trong sổ đơn vị, sẽ bị bỏ qua{suggest(str(key), UNIT_KEYS)}",
                            Severity.WARNING)
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            self.report(f"{where}.name", "thiếu tên đơn vị (một đoạn chữ)")
        unit_type = raw.get("type")
        if unit_type not in UNIT_TYPES:
            self.report(f"{where}.type", f"`{unit_type}` không hợp lệ: chọn một trong {', '.join(UNIT_TYPES)}{suggest(str(unit_type), UNIT_TYPES)}")
        chapter_id = raw.get("chapter")
        chapter = self.plan.chapter(str(chapter_id)) if chapter_id else None
        if chapter is None:
            ids = [c.id for c in self.plan.chapters]
            self.report(f"{where}.chapter", f"không có Hội `{chapter_id}` trong kế hoạch{suggest(str(chapter_id), ids)}")
        first, last = self.years(raw.get("years"), f"{where}.years")
        if chapter is not None and first is not None:
            span_end = chapter.active_until.year if chapter.active_until else None
            if first < chapter.active_from.year or (span_end is not None and (last is None or last > span_end)):
                until = f"đến năm {span_end}" if span_end else "đến nay"
                self.report(f"{where}.years", f"Hội {chapter.short} chỉ hoạt động từ năm {chapter.active_from.year} {until}: "
                            "hãy sửa `years` hoặc ghi đơn vị vào Hội tiếp nhận")
        addresses = self.addresses(raw.get("addresses"), f"{where}.addresses", first, last)
        if len([p for p in self.problems[before:] if p.is_error]):
            return None
        return Unit(" ".join(name.split()), unit_type, chapter.id, first, last, addresses, self.source.where(where).line)

    def years(self, raw: Any, where: str) -> tuple[int | None, int | None]:
        if not isinstance(raw, dict) or not _is_year(raw.get("from")):
            self.report(where, "ghi năm đơn vị bắt đầu tham gia: `years: {from: 2023}` (thêm `to: 2025` nếu đã thôi)")
            return None, None
        last = raw.get("to")
        if last is not None and (not _is_year(last) or last < raw["from"]):
            self.report(f"{where}.to", f"năm kết thúc `{last}` phải là một năm, không trước năm bắt đầu {raw['from']}")
            return None, None
        return raw["from"], last

    def addresses(self, raw: Any, where: str, first: int | None, last: int | None) -> tuple[tuple[int, int], ...]:
        if raw is None:
            return ()
        if not isinstance(raw, dict):
            self.report(where, "ghi số địa chỉ nhân đạo theo năm: `addresses: {2024: 1, 2025: 2}`")
            return ()
        figures = []
        for year, count in raw.items():
            field = f"{where}.{year}"
            if not _is_year(year):
                self.report(field, f"`{year}` không phải một năm (ví dụ 2024)")
                continue
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                self.report(field, f"số địa chỉ nhân đạo năm {year} phải là số nguyên từ 0 trở lên (`{count}`)")
                continue
            if first is not None and (year < first or (last is not None and year > last)):
                self.report(field, f"năm {year} nằm ngoài thời gian đơn vị tham gia (`years`)")
                continue
            figures.append((year, count))
        return tuple(sorted(figures))


def _is_year(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200


def story_address_warnings(register: Register, stories) -> list[Problem]:
    """A story that claims more humanitarian addresses than its unit registered that year."""
    warnings = []
    for story in stories:
        if story.humanitarian_addresses is None or not story.unit:
            continue
        unit = register.unit(story.chapter, story.unit)
        if unit is None or not unit.active_in(story.year):
            continue
        registered = unit.addresses_in(story.year)
        if story.humanitarian_addresses > registered:
            warnings.append(Problem(
                story.source, *story.position("humanitarian_addresses"), "humanitarian_addresses",
                f"ghi {story.humanitarian_addresses} địa chỉ nhân đạo nhưng sổ đơn vị ({register.path}) chỉ có {registered} "
                f"cho “{unit.name}” năm {story.year}: hãy sửa một trong hai cho khớp", Severity.WARNING))
    return warnings
