"""The movement's plan as data: chapters with validity dates, criteria, targets, labels.

Everything the plan or the province may change lives in the plan file, so that a new chapter or
a new target is an edit of YAML, never of Python.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from ..problems import NttvError, Problem
from .readers import FieldReader
from . import source as source_module
from .source import _yaml_reason
from ..urls import site_url_problem

KINDS = ("individual", "collective")
LEVELS = ("province", "district", "commune")
# What each measure counts, and the scopes it can be counted over (see the plan file's comments).
MEASURE_SCOPES = {
    "distinct-examples": ("chapter-year", "period"),
    "pilot-units": ("chapter-year",),
    "unit-addresses": ("chapter-year",),
    "social-columns": ("year",),
    "media-column": ("year", "period"),
    "honour-events": ("period",),
    "activities": ("chapter-year", "year", "period"),
}
MEASURES = tuple(MEASURE_SCOPES)
# Measures whose goal is a share of a whole ("100 % of schools"), not a number to reach.
SHARE_MEASURES = ("unit-addresses", "social-columns")
TARGET_SCOPES = ("chapter-year", "year", "period")
PARTIAL_YEAR = ("prorate", "none")
PUBLISHING_TARGETS = ("rsync", "github-pages")
_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}")
# What of the organisation may change on a date (``organisation.changes``), and of a chapter (``chapters[].changes``).
ORGANISATION_DATED = ("name", "parent", "place", "bulletin", "logo", "code", "area")
CHAPTER_DATED = ("name", "short")
FEATURED_MAX = 3


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    short: str


@dataclass(frozen=True)
class Kind:
    id: str
    label: str
    noun: str
    criteria: tuple[Criterion, ...]

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(criterion.id for criterion in self.criteria)


@dataclass(frozen=True)
class Signer:
    """Who signs a chapter's report: the title above the signature and the name below it."""

    title: str
    name: str


@dataclass(frozen=True)
class Organisation:
    """The body the column and its reports speak for (the letterhead and the site's footer).

    ``place`` is the place name written before a document's date ("Phú Thọ, ngày … tháng … năm …");
    ``logo`` and ``favicon`` are paths under ``content/``, empty when the plan names none.

    One version holds from ``valid_from`` (``None``: from the start) to the next version's start
    (``valid_until``); ``Plan.organisation_on`` picks the one of a day. ``area`` says what "toàn
    tỉnh" covers where it is narrower than the province of that day; ``code`` names the body in
    open data.
    """

    name: str
    parent: str
    place: str
    address: str = ""
    phone: str = ""
    email: str = ""
    logo: str = ""
    favicon: str = ""
    bulletin: str = ""
    code: str = ""
    area: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    @property
    def whole(self) -> str:
        """What a province-wide figure covers: "Toàn tỉnh", or the narrower area the plan names."""
        return f"Toàn tỉnh ({self.area})" if self.area else "Toàn tỉnh"


@dataclass(frozen=True)
class Chapter:
    id: str
    name: str
    short: str
    level: str
    active_from: dt.date
    active_until: dt.date | None = None
    successors: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    columns: tuple[tuple[str, str], ...] = ()
    end_note: str = ""
    signer: Signer | None = None
    # Every (from, name, short) the chapter had, oldest first; ``name`` and ``short`` are the newest.
    names: tuple[tuple[dt.date, str, str], ...] = ()

    def is_active(self, day: dt.date) -> bool:
        return self.active_from <= day and (self.active_until is None or day <= self.active_until)

    def name_on(self, day: dt.date) -> str:
        """The chapter's name on ``day``: what a story or a report of that day calls it."""
        return self._version(day)[0]

    def short_on(self, day: dt.date) -> str:
        return self._version(day)[1]

    def _version(self, day: dt.date) -> tuple[str, str]:
        for start, name, short in reversed(self.names):
            if start <= day:
                return name, short
        return (self.names[0][1], self.names[0][2]) if self.names else (self.name, self.short)


@dataclass(frozen=True)
class Target:
    """One target of the plan: what is counted (``measure``), over what (``per``), and the goal.

    ``goals`` gives the goal per chapter level for chapter-year targets (a level absent has no
    goal); ``goal`` is the figure of the other scopes. A share measure's goal is a fraction (1.0
    is "100 %"). ``partial_year`` says what a chapter active for part of a year gets: a goal
    prorated by days active, rounded up, or none.
    """

    id: str
    label: str
    short: str
    kind: str
    measure: str
    per: str
    goal: float | int
    first_year: int | None = None
    last_year: int | None = None
    noun: str = ""
    section: str = ""
    goals: tuple[tuple[str, float | int], ...] = ()
    partial_year: str = "prorate"
    unit_types: tuple[str, ...] = ()
    min_addresses: int = 1
    channels: tuple[tuple[str, tuple[str, ...]], ...] = ()
    honour_level: str = ""
    activity: str = ""  # the activity kind counted (``activities``; with ``pilot-units``, pilots chosen in activities)
    month: int | None = None  # an activity counts only in this month; a chapter not active in it has no goal

    @property
    def is_share(self) -> bool:
        return self.measure in SHARE_MEASURES

    def goal_for_level(self, level: str) -> float | int | None:
        return dict(self.goals).get(level)

    def channels_for_level(self, level: str) -> tuple[str, ...]:
        return dict(self.channels).get(level, ())


@dataclass(frozen=True)
class ActivityKind:
    """A kind of activity the register of activities records (a launch, a May review…): ``public``
    says whether its entries appear on the site unless an entry says otherwise; ``names_unit``
    that an entry names the unit it is about (a pilot unit chosen)."""

    id: str
    label: str
    public: bool = True
    names_unit: bool = False


@dataclass(frozen=True)
class Outlet:
    """A provincial newspaper, radio/TV station or portal, and the column the movement has there."""

    channel: str
    name: str
    column: str = ""


@dataclass(frozen=True)
class Broadcaster:
    """A radio or television station whose pages a story may link as its video: ``hosts`` are bare
    host names (``phuthotv.vn``), each covering its subdomains too."""

    name: str
    hosts: tuple[str, ...]


@dataclass(frozen=True)
class Deadline:
    """A date by which a year's results are judged: ``year_offset`` 0 is in that year, 1 the next."""

    label: str
    month: int
    day: int
    year_offset: int = 0

    def on(self, year: int) -> dt.date:
        return dt.date(year + self.year_offset, self.month, self.day)


@dataclass(frozen=True)
class Publishing:
    """Where the built site goes (``target``), and what the printed bulletin is called."""

    target: str = "rsync"
    dest: str = ""  # rsync destination, ``user@host:/folder``; ``make publish DEST=…`` overrides it
    bulletin: str = ""


@dataclass(frozen=True)
class Plan:
    path: Path
    name: str
    organisation: Organisation
    site_url: str
    period_start: int
    period_end: int
    hashtags: tuple[str, ...]
    kinds: dict[str, Kind]
    chapters: tuple[Chapter, ...]
    targets: tuple[Target, ...]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    outlets: tuple[Outlet, ...] = ()
    broadcasters: tuple[Broadcaster, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    register: Path | None = None
    activities: Path | None = None  # the register of activities (launches, reviews, meetings, inspections)
    activity_kinds: tuple[ActivityKind, ...] = ()
    intro: str = ""  # a short word on the movement, for the home page
    publishing: Publishing = Publishing()
    # Public pages honour what was achieved; True restores the shortfalls ("✗ thiếu 2") on them.
    public_shortfalls: bool = False
    featured_max: int = FEATURED_MAX  # stories featured on the home page at once
    organisations: tuple[Organisation, ...] = ()  # every version, oldest first; ``organisation`` is the newest

    def organisation_on(self, day: dt.date) -> Organisation:
        """The organisation as it was on ``day``: its name, parent, place and bulletin of that day."""
        for version in reversed(self.organisations):
            if version.valid_from is None or version.valid_from <= day:
                return version
        return self.organisations[0] if self.organisations else self.organisation

    def bulletin_on(self, day: dt.date) -> str:
        """The bulletin's title on ``day``: the organisation's of that day, else the publishing block's."""
        return self.organisation_on(day).bulletin or self.publishing.bulletin

    def province_chapter(self) -> Chapter | None:
        return next((chapter for chapter in self.chapters if chapter.level == "province"), None)

    def chapter(self, chapter_id: str) -> Chapter | None:
        return self._chapters_by_id.get(chapter_id)

    @functools.cached_property
    def _chapters_by_id(self) -> dict[str, Chapter]:
        # Looked up for every story on several pages: a scan would cost chapters × stories.
        found: dict[str, Chapter] = {}
        for chapter in self.chapters:
            found.setdefault(chapter.id, chapter)
        return found

    def predecessors(self, chapter_id: str) -> tuple[Chapter, ...]:
        """The chapters whose work ``chapter_id`` took over (those naming it among their successors)."""
        return tuple(chapter for chapter in self.chapters if chapter_id in chapter.successors)

    def chapters_active_on(self, day: dt.date) -> tuple[Chapter, ...]:
        return tuple(chapter for chapter in self.chapters if chapter.is_active(day))

    def activity_kind(self, kind_id: str) -> ActivityKind | None:
        return next((kind for kind in self.activity_kinds if kind.id == kind_id), None)

    def label(self, group: str, value: str) -> str:
        return self.labels.get(group, {}).get(value, value)

    def target_years(self, target: Target, until: int) -> range:
        first = target.first_year or self.period_start
        last = min(target.last_year or self.period_end, until)
        return range(first, last + 1)


class PlanError(NttvError):
    """A plan that cannot be used: every problem found in it, each with the file, line, column and field."""

    def __init__(self, problems: tuple[Problem, ...]):
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def load_plan(path: Path) -> Plan:
    """Read and check the plan file; a broken plan stops the build with every field at fault."""
    try:
        text = path.read_text(encoding="utf-8")
        raw = plan_data(text)
    except FileNotFoundError:
        raise NttvError(f"{path}: không tìm thấy tệp kế hoạch") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise NttvError(f"{where}: lỗi cú pháp YAML: {_yaml_reason(exc)}") from None
    except yaml.YAMLError:
        raise NttvError(f"{path}: lỗi cú pháp YAML: hãy kiểm tra thụt lề (chỉ dùng dấu cách), dấu ngoặc và dấu hai chấm") from None
    reader = _PlanReader(path, text)
    plan = reader.part(lambda: reader.plan(raw), None)
    if reader.problems or plan is None:
        raise PlanError(tuple(sorted(reader.problems)))  # in the order of the file
    return plan


class _PlanLoader(yaml.SafeLoader):
    """YAML's safe loader, except that a date the calendar does not have (2022-13-01) stays text, for
    the plan's reader to name at its line instead of YAML raising ``ValueError``."""


def _date_or_text(loader: _PlanLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_PlanLoader.add_constructor("tag:yaml.org,2002:timestamp", _date_or_text)


def plan_data(text: str) -> Any:
    """The plan file's YAML as data (dates as dates); raises ``yaml.YAMLError`` as ``yaml.safe_load`` does."""
    return yaml.load(text, Loader=_PlanLoader)  # noqa: S506 - a SafeLoader


def _positions(text: str) -> source_module.Source:
    """Where each field of the plan is written; none when the file reads only to YAML's own loader
    (a key written twice, a tab inside a value): its problems then point at the top of the file."""
    try:
        parsed = source_module.parse_data_file(text)
    except source_module.SourceError:
        return source_module.Source()
    # Positions only: the plan's values are YAML's own (dates as dates), as they always were.
    return source_module.Source(positions=parsed.positions, key_positions=parsed.key_positions)


_ISO_DAY = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


class _Mistake(Exception):
    """Stops reading one part of the plan (a section, a chapter, a target) at its first problem,
    already reported: the other parts are still read, so that every part at fault is named at once."""


class _PlanReader:
    def __init__(self, path: Path, text: str):
        self.path = path
        self.fields = FieldReader(str(path), _positions(text))

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(self.fields.problems)

    def problem(self, where: str, message: str) -> None:
        self.fields.report(where, message)

    def fail(self, where: str, message: str) -> _Mistake:
        self.problem(where, message)
        return _Mistake()

    def part(self, read: Callable[[], Any], default: Any = None) -> Any:
        """What ``read`` returns, or ``default`` when it stopped at a problem (reported)."""
        try:
            return read()
        except _Mistake:
            return default

    def each(self, items: Any, read: Callable[[int, Any], Any]) -> tuple:
        """Every item of a list read on its own: a broken chapter does not hide the next one's problem."""
        read_items = (self.part(functools.partial(read, index, item)) for index, item in enumerate(items))
        return tuple(item for item in read_items if item is not None)

    def need(self, mapping: Any, key: str, where: str, kind: type | tuple[type, ...] = str) -> Any:
        if not isinstance(mapping, dict) or key not in mapping or mapping[key] in (None, ""):
            raise self.fail(f"{where}.{key}".lstrip("."), "thiếu giá trị")
        value = mapping[key]
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            raise self.fail(f"{where}.{key}".lstrip("."), f"sai kiểu dữ liệu ({value!r})")
        return value

    def date(self, value: Any, where: str) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            if _ISO_DAY.fullmatch(str(value)):
                raise self.fail(where, f"ngày {value} không có trong lịch: hãy kiểm tra tháng (1–12) và ngày") from None
            raise self.fail(where, f"ngày phải có dạng YYYY-MM-DD ({value!r})") from None

    def plan(self, raw: Any) -> Plan | None:
        if not isinstance(raw, dict):
            raise self.fail("(gốc)", "tệp kế hoạch phải là một bảng khóa: giá trị")
        movement = self.part(lambda: self.need(raw, "movement", "", dict))
        period = self.part(lambda: self.need(raw, "period", "", dict))
        kinds = {kind_id: self.part(functools.partial(self.kind_at, raw, kind_id)) for kind_id in KINDS}
        chapters = self.chapters(raw)
        targets = self.targets(raw)
        register = raw.get("register")
        if register is not None and not isinstance(register, str):
            self.problem("register", f"sai kiểu dữ liệu ({register!r}): ghi tên tệp sổ đơn vị, ví dụ don-vi.yml")
        activities = raw.get("activities")
        if activities is not None and not isinstance(activities, str):
            self.problem("activities", f"sai kiểu dữ liệu ({activities!r}): ghi tên tệp sổ hoạt động, ví dụ hoat-dong.yml")
        activity_kinds = self.part(lambda: self.activity_kinds(raw.get("activity_kinds")))
        for index, target in enumerate(targets if activity_kinds is not None else ()):
            if target.activity and target.activity not in {kind.id for kind in activity_kinds}:
                self.problem(f"targets[{index}].activity", f"không có loại hoạt động {target.activity!r} trong `activity_kinds`")
        organisations = self.part(lambda: self.organisations(self.need(raw, "organisation", "", dict)))
        site_url = self.site_url(raw)
        name = self.part(lambda: self.need(movement, "name", "movement")) if movement is not None else None
        start, end = (self.part(functools.partial(self.need, period, key, "period", int)) if period is not None else None
                      for key in ("start", "end"))
        intro = self.part(lambda: self.optional_text(movement, "intro", "movement")) if movement is not None else None
        others = {
            "outlets": self.each(raw.get("outlets") or (), self.outlet),
            "broadcasters": self.each(raw.get("broadcasters") or (), self.broadcaster),
            "deadlines": self.each(raw.get("deadlines") or (), self.deadline),
            "publishing": self.part(lambda: self.publishing(raw.get("publishing"), name or "")),
            "public_shortfalls": self.part(lambda: self.flag(raw, "public_shortfalls")),
            "featured_max": self.part(lambda: self.count(raw, "featured_max", FEATURED_MAX)),
        }
        if self.problems:
            return None
        return Plan(
            path=self.path, name=name, organisation=organisations[-1], organisations=organisations, site_url=site_url,
            period_start=start, period_end=end, hashtags=tuple(movement.get("hashtags") or ()), kinds=kinds,
            chapters=chapters, targets=targets,
            labels={group: dict(values) for group, values in (raw.get("labels") or {}).items()},
            register=self.path.parent / register if register else None,
            activities=self.path.parent / activities if activities else None,
            activity_kinds=activity_kinds, intro=intro, **others,
        )

    def kind_at(self, raw: dict, kind_id: str) -> Kind:
        return self.kind(kind_id, self.need(raw.get("kinds"), kind_id, "kinds", dict))

    def chapters(self, raw: dict) -> tuple[Chapter, ...]:
        """The chapters; their ids and successors are checked against each other once each reads."""
        listed = self.part(lambda: self.need(raw, "chapters", "", list), ())
        chapters = self.each(listed, self.chapter)
        # Checked on the ids as written, so that a chapter with another mistake does not hide a repeated id
        # nor make the chapters it is the successor of look unknown.
        ids = _written(listed, "id")
        for index, item in enumerate(listed):
            chapter_id = ids[index]
            if chapter_id is not None and chapter_id in ids[:index]:
                self.problem(f"chapters[{index}].id", f"mã Hội {chapter_id!r} bị lặp (đã có ở chapters[{ids.index(chapter_id)}])")
            successors = item.get("successors") if isinstance(item, dict) and None not in ids else None
            # (a chapter whose id cannot be read would make the ones it took over from look unknown)
            for successor in successors if isinstance(successors, list) else ():
                if isinstance(successor, str) and successor not in ids:
                    self.problem(f"chapters[{index}].successors", f"không có Hội {successor!r}")
        return chapters

    def targets(self, raw: dict) -> tuple[Target, ...]:
        listed = self.part(lambda: self.need(raw, "targets", "", list), ())
        targets = self.each(listed, self.target)
        target_ids = _written(listed, "id")
        for index, target_id in enumerate(target_ids):
            if target_id is not None and target_id in target_ids[:index]:
                self.problem(f"targets[{index}].id", f"mã chỉ tiêu {target_id!r} bị lặp (đã có ở targets[{target_ids.index(target_id)}])")
        return targets

    def site_url(self, raw: dict) -> str:
        site_url = str(raw.get("site_url") or "")
        if site_url and not site_url.endswith("/") and "?" not in site_url and "#" not in site_url:
            site_url += "/"
        problem = site_url_problem(site_url) if raw.get("site_url") is not None else ""
        if problem:
            self.problem("site_url", f"“{raw.get('site_url')}” {problem}: hãy sửa dòng này thành địa chỉ công khai "
                                     "của chuyên mục, ví dụ site_url: \"https://chuthapdo.example.vn/nguoi-tot/\" (https, tên miền, "
                                     "đường dẫn kết thúc bằng /, không có dấu cách, ? hay #)")
        return site_url

    def activity_kinds(self, raw: Any) -> tuple[ActivityKind, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            raise self.fail("activity_kinds", "danh sách các loại hoạt động, mỗi mục có id và label")
        kinds = []
        for index, item in enumerate(raw):
            where = f"activity_kinds[{index}]"
            kind = ActivityKind(self.need(item, "id", where), self.need(item, "label", where),
                                self.flag(item, "public", True), self.flag(item, "names_unit"))
            if kind.id in [k.id for k in kinds]:
                raise self.fail(f"{where}.id", f"loại hoạt động {kind.id!r} bị lặp")
            kinds.append(kind)
        return tuple(kinds)

    def flag(self, mapping: dict, key: str, default: bool = False) -> bool:
        value = mapping.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, f"sai kiểu dữ liệu ({value!r}): ghi true hoặc false")
        return value

    def count(self, mapping: dict, key: str, default: int) -> int:
        value = mapping.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.fail(key, f"sai kiểu dữ liệu ({value!r}): ghi một số nguyên từ 0 trở lên")
        return value

    def publishing(self, raw: Any, movement: str) -> Publishing:
        if raw is None:
            return Publishing(bulletin=movement)
        if not isinstance(raw, dict):
            raise self.fail("publishing", "phải là một bảng gồm target, rsync, bulletin")
        target = raw.get("target") or "rsync"
        if target not in PUBLISHING_TARGETS:
            raise self.fail("publishing.target", f"{target!r} không thuộc {', '.join(PUBLISHING_TARGETS)}")
        rsync = raw.get("rsync") or {}
        bulletin = raw.get("bulletin") or {}
        if not isinstance(rsync, dict):
            raise self.fail("publishing.rsync", "phải là một bảng, ví dụ {dest: \"nttv@may-chu.vn:/var/www/nguoitot\"}")
        if not isinstance(bulletin, dict):
            raise self.fail("publishing.bulletin", "phải là một bảng, ví dụ {title: \"Bản tin Nhân đạo\"}")
        for where, value in (("publishing.rsync.dest", rsync.get("dest")), ("publishing.bulletin.title", bulletin.get("title"))):
            if value is not None and not isinstance(value, str):
                raise self.fail(where, f"phải là một đoạn chữ ({value!r})")
        return Publishing(target=target, dest=(rsync.get("dest") or "").strip(),
                          bulletin=(bulletin.get("title") or "").strip() or movement)

    def optional_text(self, mapping: dict, key: str, where: str) -> str:
        value = mapping.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.fail(f"{where}.{key}", f"sai kiểu dữ liệu ({value!r}): cần một chuỗi chữ")
        return value.strip()

    def organisations(self, raw: dict) -> tuple[Organisation, ...]:
        """The organisation's versions, oldest first: the block itself, then each of its ``changes``
        (``from`` a date, with the fields that changed that day)."""
        where = "organisation"
        first = self.organisation(raw, where)
        versions = [first]
        changes = raw.get("changes") or []
        if not isinstance(changes, list):
            raise self.fail(f"{where}.changes", "danh sách các thay đổi, mỗi mục có `from` (ngày) và các trường đổi từ ngày đó")
        for index, change in enumerate(changes):
            at = f"{where}.changes[{index}]"
            if not isinstance(change, dict):
                raise self.fail(at, "mỗi thay đổi là một bảng có `from` (ngày) và các trường đổi từ ngày đó")
            unknown = sorted(set(change) - {"from", *ORGANISATION_DATED})
            if unknown:
                raise self.fail(f"{at}.{unknown[0]}", f"không đổi theo ngày được; chỉ {', '.join(ORGANISATION_DATED)}")
            start = self.date(self.need(change, "from", at, (str, dt.date)), f"{at}.from")
            if versions[-1].valid_from is not None and start <= versions[-1].valid_from:
                raise self.fail(f"{at}.from", "các thay đổi phải theo thứ tự ngày tăng dần")
            merged = {**{key: getattr(versions[-1], key) for key in ORGANISATION_DATED}, **change}
            version = dataclasses.replace(self.organisation(merged, at, versions[-1]), valid_from=start)
            versions[-1] = dataclasses.replace(versions[-1], valid_until=start - dt.timedelta(days=1))
            versions.append(version)
        return tuple(versions)

    def organisation(self, raw: dict, where: str, earlier: Organisation | None = None) -> Organisation:
        images = {}
        for key in ("logo", "favicon"):
            image = self.optional_text(raw, key, where) if key in raw or earlier is None else getattr(earlier, key)
            # Paths are relative to content/, the folder of the plan, where the site's pages live.
            if image and not (self.path.parent / image).is_file():
                raise self.fail(f"{where}.{key}", f"không có tệp ảnh {image!r} trong {self.path.parent.name}/ (đường dẫn tính từ thư mục đó)")
            images[key] = image
        kept = {key: getattr(earlier, key) for key in ("address", "phone", "email")} if earlier else {}
        return Organisation(
            name=self.need(raw, "name", where),
            parent=self.need(raw, "parent", where),
            place=self.need(raw, "place", where),
            **(kept or {key: self.optional_text(raw, key, where) for key in ("address", "phone", "email")}),
            **images,
            **{key: self.optional_text(raw, key, where) for key in ("bulletin", "code", "area")},
        )

    def signer(self, raw: Any, where: str) -> Signer | None:
        if raw is None:
            return None
        if not isinstance(raw, dict):
            raise self.fail(where, "người ký là một bảng gồm title (chức vụ) và name (họ tên)")
        return Signer(title=self.need(raw, "title", where), name=self.need(raw, "name", where))

    def kind(self, kind_id: str, raw: Any) -> Kind:
        where = f"kinds.{kind_id}"
        criteria = tuple(
            Criterion(
                id=self.need(item, "id", f"{where}.criteria[{index}]"),
                label=self.need(item, "label", f"{where}.criteria[{index}]"),
                short=str(item.get("short") or item["label"]),
            )
            for index, item in enumerate(self.need(raw, "criteria", where, list))
        )
        return Kind(kind_id, self.need(raw, "label", where), self.need(raw, "noun", where), criteria)

    def chapter(self, index: int, raw: Any) -> Chapter:
        where = f"chapters[{index}]"
        if not isinstance(raw, dict):
            raise self.fail(where, "mỗi Hội là một bảng gồm id, name, level, active_from…")
        until = raw.get("active_until")
        columns = raw.get("columns") or {}
        active_from = self.date(self.need(raw, "active_from", where, (str, dt.date)), f"{where}.active_from")
        names = [(active_from, self.need(raw, "name", where), str(raw.get("short") or raw["name"]))]
        changes = raw.get("changes") or []
        if not isinstance(changes, list):
            raise self.fail(f"{where}.changes", "danh sách đổi tên, mỗi mục có `from` (ngày), `name` và `short`")
        for number, change in enumerate(changes):
            at = f"{where}.changes[{number}]"
            if not isinstance(change, dict) or set(change) - {"from", *CHAPTER_DATED}:
                raise self.fail(at, "mỗi lần đổi tên là một bảng có `from` (ngày), `name` và (không bắt buộc) `short`")
            start = self.date(self.need(change, "from", at, (str, dt.date)), f"{at}.from")
            if start <= names[-1][0]:
                raise self.fail(f"{at}.from", "các lần đổi tên phải theo thứ tự ngày tăng dần, sau ngày `active_from`")
            names.append((start, str(change.get("name") or names[-1][1]), str(change.get("short") or names[-1][2])))
        return Chapter(
            id=self.need(raw, "id", where),
            name=names[-1][1],
            short=names[-1][2],
            names=tuple(names),
            level=self.need(raw, "level", where),
            active_from=active_from,
            active_until=self.date(until, f"{where}.active_until") if until else None,
            successors=tuple(raw.get("successors") or ()),
            end_note=str(raw.get("end_note") or ""),
            hashtags=tuple(raw.get("hashtags") or ()),
            columns=tuple((channel, url) for channel, url in sorted(columns.items()) if url),
            signer=self.signer(raw.get("signer"), f"{where}.signer"),
        )

    def target(self, index: int, raw: Any) -> Target:
        where = f"targets[{index}]"
        measure = self.need(raw, "measure", where)
        per = self.need(raw, "per", where)
        if measure not in MEASURES:
            raise self.fail(f"{where}.measure", f"{measure!r} không thuộc {', '.join(MEASURES)}")
        if per not in MEASURE_SCOPES[measure]:
            allowed = TARGET_SCOPES if per not in TARGET_SCOPES else MEASURE_SCOPES[measure]
            raise self.fail(f"{where}.per", f"{per!r} không thuộc {', '.join(allowed)}")
        kind = str(raw.get("kind") or "")
        if measure == "distinct-examples" or kind:
            kind = self.need(raw, "kind", where)
            if kind not in KINDS:
                raise self.fail(f"{where}.kind", f"{kind!r} không thuộc {', '.join(KINDS)}")
        share = measure in SHARE_MEASURES
        raw_goal = raw.get("goal")
        if isinstance(raw_goal, dict):
            goals = tuple((level, self.goal_value(value, share, f"{where}.goal.{level}")) for level, value in raw_goal.items())
            for level, _ in goals:
                if level not in LEVELS:
                    raise self.fail(f"{where}.goal.{level}", f"cấp {level!r} không thuộc {', '.join(LEVELS)}")
            goal = max(value for _, value in goals) if goals else 0
        else:
            goal = self.goal_value(self.need(raw, "goal", where, (int, float, str)), share, f"{where}.goal")
            levels = raw.get("levels", list(LEVELS))
            if not isinstance(levels, list) or any(level not in LEVELS for level in levels):
                raise self.fail(f"{where}.levels", f"danh sách cấp Hội, trong {', '.join(LEVELS)} ({levels!r})")
            goals = tuple((level, goal) for level in levels)
        partial = raw.get("partial_year", "prorate")
        if partial not in PARTIAL_YEAR:
            raise self.fail(f"{where}.partial_year", f"{partial!r} không thuộc {', '.join(PARTIAL_YEAR)}")
        years = raw.get("years") or {}
        channels = raw.get("channels") or {}
        if measure == "social-columns" and not channels:
            raise self.fail(f"{where}.channels", "thiếu các kênh mỗi cấp phải có chuyên mục, ví dụ {district: [facebook, zalo]}")
        unit_types = tuple(raw.get("unit_types") or ())
        if measure == "unit-addresses" and not unit_types:
            raise self.fail(f"{where}.unit_types", "thiếu loại đơn vị được tính, ví dụ [school]")
        honour_level = str(raw.get("honour_level") or "")
        activity = str(raw.get("activity") or "")
        if measure == "activities" and not activity:
            raise self.fail(f"{where}.activity", "thiếu loại hoạt động được tính (một `id` trong `activity_kinds`)")
        month = raw.get("month")
        if month is not None and (not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12):
            raise self.fail(f"{where}.month", f"tháng là một số từ 1 đến 12 ({month!r})")
        if measure == "honour-events" and not honour_level:
            raise self.fail(f"{where}.honour_level", "thiếu cấp tôn vinh được tính (province hoặc central)")
        return Target(
            id=self.need(raw, "id", where),
            label=self.need(raw, "label", where),
            short=str(raw.get("short") or raw["label"]),
            kind=kind,
            measure=measure,
            per=per,
            goal=goal,
            first_year=years.get("from"),
            last_year=years.get("to"),
            noun=str(raw.get("noun") or ""),
            section=str(raw.get("section") or ""),
            goals=goals,
            partial_year=partial,
            unit_types=unit_types,
            min_addresses=raw.get("min_addresses", 1),
            channels=tuple((level, tuple(values)) for level, values in channels.items()),
            honour_level=honour_level,
            activity=activity,
            month=month,
        )

    def goal_value(self, value: Any, share: bool, where: str) -> float | int:
        """A count goal is a whole number; a share goal is a fraction or a percentage ("100%")."""
        if isinstance(value, bool) or value is None:
            raise self.fail(where, f"sai kiểu dữ liệu ({value!r})")
        if share:
            if isinstance(value, str) and value.strip().endswith("%"):
                try:
                    value = float(value.strip()[:-1].replace(",", ".")) / 100
                except ValueError:
                    raise self.fail(where, f"tỉ lệ phải có dạng 100% hoặc 0.9 ({value!r})") from None
            if not isinstance(value, (int, float)) or not 0 < value <= 1:
                raise self.fail(where, f"tỉ lệ phải lớn hơn 0 và không quá 100% ({value!r})")
            return float(value)
        if not isinstance(value, int):
            raise self.fail(where, f"sai kiểu dữ liệu ({value!r}): chỉ tiêu là một số nguyên")
        return value

    def outlet(self, index: int, raw: Any) -> Outlet:
        where = f"outlets[{index}]"
        column = raw.get("column") if isinstance(raw, dict) else None
        return Outlet(self.need(raw, "channel", where), self.need(raw, "name", where), str(column or ""))

    def broadcaster(self, index: int, raw: Any) -> Broadcaster:
        where = f"broadcasters[{index}]"
        hosts = self.need(raw, "hosts", where, list)
        for number, host in enumerate(hosts):
            if not isinstance(host, str) or not _HOST.fullmatch(host.strip().lower()):
                raise self.fail(f"{where}.hosts[{number}]", f"chỉ ghi tên miền, không có https:// hay dấu /, ví dụ phuthotv.vn ({host!r})")
        return Broadcaster(self.need(raw, "name", where), tuple(host.strip().lower() for host in hosts))

    def deadline(self, index: int, raw: Any) -> Deadline:
        where = f"deadlines[{index}]"
        deadline = Deadline(self.need(raw, "label", where), self.need(raw, "month", where, int),
                            self.need(raw, "day", where, int), raw.get("year_offset", 0))
        try:
            deadline.on(2024)
        except ValueError:
            raise self.fail(where, f"ngày {deadline.day}/{deadline.month} không có thật") from None
        return deadline


def _written(items: Any, key: str) -> list[str | None]:
    """The text each item of a list gives for ``key`` as written (None where it gives none)."""
    return [item.get(key) if isinstance(item, dict) and isinstance(item.get(key), str) else None
            for item in (items if isinstance(items, list) else ())]
