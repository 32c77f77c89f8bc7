"""The register of activities: launches, pilot units chosen, May reviews, meetings, inspections.

The plan asks every level of the association for more than published examples: a launch by
every district in 2023, a review every May, meetings honouring exemplary people, inspections.
Editors record them in one YAML file beside the plan (``activities`` in the plan), checked like a
story: every problem at once, each with file, line, column and field in Vietnamese. An entry with
an error is left out (tally, pages, report); the others still count. A bad photo is left out on
its own, as a story's is. The kinds of activity are data in the plan (``activity_kinds``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slugify import slugify

from ..dates import short_date
from ..problems import WHOLE_FILE, Problem, Severity, shown_path
from . import source as source_module
from .holdback import is_holdback_key, squashed
from .fields import STORY_RULES
from .model import Photo
from .photos import PhotoReader
from .plan import ActivityKind, Chapter, Plan
from .readers import suggest

ACTIVITY_KEYS = ("date", "chapter", "kind", "title", "place", "unit", "link", "public", "text", "photos")
_KEYS = frozenset(ACTIVITY_KEYS)
TITLE_MAX = 150
TEXT_MAX = 2_000


@dataclass(frozen=True)
class Activity:
    """One recorded activity of one chapter on one day; ``public`` ones get a page on the site."""

    date: dt.date
    chapter: str
    kind: str
    title: str
    slug: str
    public: bool
    place: str = ""
    unit: str = ""  # the unit an activity is about (the pilot unit chosen)
    link: str = ""
    text: str = ""
    photos: tuple[Photo, ...] = ()
    source: str = ""  # the register's path relative to the repository
    index: int = 0  # position in the register's list
    line: int = 1

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def page_path(self) -> str:
        """The generated page, relative to the site's docs: ``hoat-dong/2023/<slug>.md``."""
        return f"hoat-dong/{self.year}/{self.slug}.md"

    @property
    def url(self) -> str:
        """The page's address, relative to the site's root; its photos are published under it."""
        return f"hoat-dong/{self.year}/{self.slug}/"

    @property
    def sort_key(self) -> tuple:
        """Newest first, then by chapter and title."""
        return -self.date.toordinal(), self.chapter, self.title, self.index


@dataclass(frozen=True)
class Activities:
    path: str = ""
    entries: tuple[Activity, ...] = ()
    problems: tuple[Problem, ...] = ()
    photo_folder: Path | None = None

    def public(self) -> tuple[Activity, ...]:
        return tuple(activity for activity in self.entries if activity.public)


NO_ACTIVITIES = Activities()


def photo_folder(plan: Plan) -> Path | None:
    """Where the activities' photos sit: a folder named like the register, beside it (``hoat-dong/``)."""
    return plan.activities.with_suffix("") if plan.activities is not None else None


def load_activities(root: Path, plan: Plan) -> Activities:
    """The plan's register of activities (``activities`` in the plan file), or none when it names none."""
    if plan.activities is None:
        return NO_ACTIVITIES
    relative = shown_path(plan.activities, root)
    folder = photo_folder(plan)
    try:
        text = source_module.decode(plan.activities.read_bytes())
    except FileNotFoundError:
        return Activities(relative, (), (Problem(relative, 1, 1, WHOLE_FILE,
                                                 "không tìm thấy sổ hoạt động mà kế hoạch ghi ở `activities`: hãy tạo tệp hoặc sửa "
                                                 "`activities` trong tệp kế hoạch"),))
    except UnicodeDecodeError:
        return Activities(relative, (), (Problem(relative, 1, 1, WHOLE_FILE, "tệp không phải chữ UTF-8: hãy lưu lại với mã hóa UTF-8"),))
    unreadable: list[Problem] = []
    while True:
        try:
            parsed = source_module.parse_data_file(text)
            break
        except source_module.SourceError as exc:
            unreadable.append(Problem(relative, exc.line, exc.column, exc.field or WHOLE_FILE, exc.message))
            # One entry YAML cannot read costs only that entry: it is blanked out and the rest read again.
            # When the file around the entries is what is broken, nothing is counted, and the message says no more.
            text = _without_entry_at(text, exc.line) if _frame_reads(text) else None
            if text is None or len(unreadable) > _MAX_UNREADABLE:
                return Activities(relative, (), tuple(unreadable))
            unreadable[-1] = dataclasses.replace(unreadable[-1], message=unreadable[-1].message + _LEFT_OUT)
    reader = _ActivityReader(relative, parsed, plan, folder, root)
    entries = reader.entries()
    photos = f"trong thư mục {shown_path(folder, root)}/"
    problems = [dataclasses.replace(p, message=_PHOTO_PLACE.sub(photos, p.message)) if ".photos[" in p.field else p
                for p in reader.checker.problems]
    return Activities(relative, entries, tuple(sorted(unreadable + problems)), folder)


_MAX_UNREADABLE = 50
_LEFT_OUT = " (hoạt động này chưa được tính; các hoạt động khác trong sổ vẫn được tính)"
_ITEM = re.compile(r"^( *)- ")


def _without_entry_at(text: str, line: int) -> str | None:
    """``text`` with the list entry holding ``line`` (1-based) turned into empty lines, so every other line
    keeps its number; None when the line is not inside an entry of the top-level list (the file's header,
    the `activities:` line), where nothing can be saved."""
    lines = text.split("\n")
    starts = [(number, len(match.group(1))) for number, content in enumerate(lines)
              if (match := _ITEM.match(content))]
    if not starts:
        return None
    indent = min(depth for _, depth in starts)
    items = [number for number, depth in starts if depth == indent]
    line = min(max(line - 1, 0), len(lines) - 1)
    # YAML often notices a broken entry on the first line of the next one: blank the entry before it then.
    begin = max((number for number in items if number <= line), default=None)
    if begin is None:
        return None
    after = [number for number in items if number > begin]
    end = after[0] if after else len(lines)
    if begin == line and lines[begin].strip() and begin != items[0] and not _entry_is_broken(lines[begin:end]):
        end, begin = begin, max(number for number in items if number < begin)
    blanked = lines[:begin] + [""] * (end - begin) + lines[end:]
    return "\n".join(blanked) if blanked != lines else None


def _frame_reads(text: str) -> bool:
    """Whether the file reads with every entry of its top-level list blanked out (its header, `activities:`)."""
    lines = text.split("\n")
    starts = [(number, len(match.group(1))) for number, content in enumerate(lines) if (match := _ITEM.match(content))]
    if not starts:
        return False
    first = starts[0][0]
    try:
        source_module.parse_data_file("\n".join(lines[:first]) + "\n")
    except source_module.SourceError:
        return False
    return True


def _entry_is_broken(lines: list[str]) -> bool:
    """Whether these lines, one entry of the list, fail to read on their own."""
    try:
        source_module.parse_data_file("activities:\n" + "\n".join(lines) + "\n")
    except source_module.SourceError:
        return True
    return False


# The story's photo messages say where a story's photos go; an activity's go in the register's photo folder.
_PHOTO_PLACE = re.compile(r"(vào )?cạnh tệp truyện|cùng thư mục với tệp truyện")


def _slug(title: str, index: int) -> str:
    slug = slugify(title)[:80].rstrip("-")
    # `index` or `trang-2` would take the address of the year's list.
    return slug if slug and slug != "index" and not slug.startswith("trang-") else f"hoat-dong-{index + 1}"


class _ActivityReader:
    """Reads each entry with the story's field readers, so a date, a photo or a flag is judged and
    worded the same in both files."""

    def __init__(self, relative: str, parsed: source_module.Source, plan: Plan, folder: Path, root: Path):
        self.plan = plan
        self.checker = PhotoReader(relative, parsed, STORY_RULES, folder, root)
        self.relative = relative

    def report(self, field: str, message: str, severity: Severity = Severity.ERROR) -> None:
        self.checker.report(field, message, severity)

    def entries(self) -> tuple[Activity, ...]:
        data = self.checker.source.data
        raw = data.get("activities") if isinstance(data, dict) else None
        if raw is None and data == {}:
            return ()
        if not isinstance(raw, list):
            self.report("activities", "sổ hoạt động cần danh sách `activities:`, mỗi hoạt động một mục bắt đầu bằng `- date:`")
            return ()
        kept: list[Activity] = []
        seen: dict[tuple, int] = {}
        pages: dict[str, int] = {}
        for index, item in enumerate(raw):
            activity = self.entry(index, item)
            if activity is None:
                continue
            same = (activity.date, activity.chapter, activity.kind)
            if same in seen:
                self.report(f"activities[{index}].date",
                            f"hoạt động này trùng với activities[{seen[same]}] (cùng Hội, cùng loại, cùng ngày {short_date(activity.date)}): "
                            "hãy gộp làm một mục hoặc sửa ngày")
                continue
            if activity.public and activity.url in pages:
                self.report(f"activities[{index}].title",
                            f"tiêu đề trùng với activities[{pages[activity.url]}] cùng năm {activity.year}: hai trang sẽ cùng địa chỉ; "
                            "hãy đặt tiêu đề khác (ví dụ thêm tên Hội)")
                continue
            seen[same] = index
            if activity.public:
                pages[activity.url] = index
            kept.append(activity)
            uncounted = _not_counted(self.plan, activity)
            if uncounted:
                self.report(f"activities[{index}].date", uncounted, Severity.WARNING)
        return tuple(sorted(kept, key=lambda a: a.sort_key))

    def entry(self, index: int, raw: Any) -> Activity | None:
        where = f"activities[{index}]"
        checker = self.checker
        if not isinstance(raw, dict):
            self.report(where, "mỗi hoạt động là một bảng gồm date, chapter, kind, title (và place, link, public, text, photos)")
            return None
        before = len(checker.problems)
        for key in raw:
            if key not in ACTIVITY_KEYS and (squashed(key) == "public" or is_holdback_key(key, _KEYS)):
                # `Public: false`, `ẩn: true`, `draft`: unclear whether the activity may show, so it waits.
                self.report(f"{where}.{key}", f"trường `{key}` có vẻ dùng để ẩn hoặc hiện hoạt động nhưng sổ hoạt động không "
                            "có trường này: chưa rõ hoạt động có được hiện hay không nên hoạt động chưa được tính và chưa hiện. "
                            "Muốn chỉ tính vào thống kê, báo cáo, hãy viết `public: false`; không cần thì xóa dòng này")
            elif key not in ACTIVITY_KEYS:
                self.report(f"{where}.{key}", f"trường `{key}` không có trong sổ hoạt động, sẽ bị bỏ qua{suggest(str(key), ACTIVITY_KEYS)}",
                            Severity.WARNING)
        day = checker.date(raw, "date", f"{where}.date", required=True)
        kind = checker.choice(raw, "kind", f"{where}.kind", tuple(k.id for k in self.plan.activity_kinds), required=True)
        chapter_id = raw.get("chapter")
        chapter = self.plan.chapter(str(chapter_id)) if chapter_id else None
        if chapter is None:
            ids = [c.id for c in self.plan.chapters]
            self.report(f"{where}.chapter", f"không có Hội `{chapter_id}` trong kế hoạch{suggest(str(chapter_id), ids)}"
                        if chapter_id else "thiếu Hội tổ chức hoạt động (mã Hội như trong kế hoạch, ví dụ `binh-xuyen`)")
        if day is not None:
            if not self.plan.period_start <= day.year <= self.plan.period_end:
                self.report(f"{where}.date", f"ngày {short_date(day)} nằm ngoài giai đoạn của kế hoạch "
                            f"({self.plan.period_start}–{self.plan.period_end})")
            elif chapter is not None and not chapter.is_active(day):
                until = f" đến {short_date(chapter.active_until)}" if chapter.active_until else ""
                self.report(f"{where}.date", f"ngày {short_date(day)} {chapter.name_on(chapter.active_until or day)} "
                            f"không hoạt động (hoạt động từ {short_date(chapter.active_from)}{until}): hãy sửa ngày hoặc "
                            "ghi hoạt động cho Hội đang hoạt động ngày đó")
        title = checker.text(raw, "title", f"{where}.title", required=True, limit=TITLE_MAX, limit_of="")
        activity_kind = self.plan.activity_kind(kind) if kind else None
        unit = checker.text(raw, "unit", f"{where}.unit", limit=TITLE_MAX, limit_of="")
        if activity_kind is not None and activity_kind.names_unit and not unit:
            self.report(f"{where}.unit", f"hoạt động “{activity_kind.label}” cần tên đơn vị (`unit`), ví dụ \"Trường THCS Thanh Lãng\"")
        link = checker.text(raw, "link", f"{where}.link")
        if link and not link.startswith("https://"):
            self.report(f"{where}.link", f"liên kết phải bắt đầu bằng https:// (`{link}`)")
        public = checker.flag(raw, "public", f"{where}.public") if "public" in raw else (activity_kind.public if activity_kind else False)
        text = checker.text(raw, "text", f"{where}.text")
        if len(text) > TEXT_MAX:
            self.report(f"{where}.text", f"đoạn giới thiệu dài {len(text)} ký tự, tối đa {TEXT_MAX}")
        if raw.get("photos") and not self.checker.folder.is_dir():
            self.report(f"{where}.photos", f"chưa có thư mục ảnh {shown_path(self.checker.folder, self.checker.root)}/ cạnh sổ hoạt động: "
                        "hãy tạo thư mục đó và đặt ảnh vào; ảnh chưa được đăng, hoạt động vẫn được tính", Severity.WARNING)
            photos = ()
        else:
            photos = checker.photos(raw, f"{where}.")
        place = checker.text(raw, "place", f"{where}.place", limit=TITLE_MAX, limit_of="")
        if any(p.is_error and f"{where}.photos[" not in p.field for p in checker.problems[before:]):
            return None
        return Activity(day, chapter.id, kind, title, _slug(title, index), public,
                        place=place, unit=unit, link=link, text=text,
                        photos=photos, source=self.relative, index=index, line=checker.source.where(where).line)


def _not_counted(plan: Plan, activity: Activity) -> str:
    """Why no target of the plan counts ``activity`` although targets count its kind (a review in June, a
    launch in 2022), or "" when one does or none counts that kind (an anniversary is only recorded)."""
    targets = [target for target in plan.targets if target.activity == activity.kind]
    chapter = plan.chapter(activity.chapter)
    reasons = []
    for target in targets:
        first, last = target.first_year or plan.period_start, target.last_year or plan.period_end
        if not first <= activity.year <= last:
            reasons.append(f"“{target.label}” chỉ tính " + (f"năm {first}" if first == last else f"các năm {first}–{last}"))
        elif target.month is not None and activity.date.month != target.month:
            reasons.append(f"“{target.label}” chỉ tính hoạt động trong tháng {target.month}")
        elif chapter is not None and target.goal_for_level(chapter.level) is None:
            reasons.append(f"“{target.label}” không tính hoạt động của {chapter.name_on(activity.date)}")
        else:
            return ""
    if not reasons:
        return ""
    return ("hoạt động này được lưu nhưng không được tính vào chỉ tiêu nào: " + "; ".join(reasons)
            + ". Nếu ngày hoặc loại hoạt động ghi nhầm, hãy sửa")


ACTIVITIES_HEADER = """\
# Sổ hoạt động: phát động, chọn đơn vị chỉ đạo điểm, sơ kết, gặp mặt, kiểm tra… của các cấp Hội.
# Mỗi hoạt động một mục; `nttv new --activity` thêm mục mới có chú thích vào cuối tệp.
# Tệp này không được đưa lên trang web.
activities:
"""
NOTE_COLUMN = 36


def render_activity_entry(plan: Plan, kind: ActivityKind, chapter: Chapter, title: str, day: dt.date,
                          unit: str = "", photos: str = "hoat-dong") -> str:
    """One new entry for the end of the register, the optional fields commented out with a note
    each, as ``nttv new`` writes a story: once the editor fills it in, it passes the checks."""
    def line(text: str, note: str) -> str:
        return f"{text.ljust(NOTE_COLUMN - 1)} # {note}" if note else text

    shown = "có trang trên web" if kind.public else "chỉ tính vào thống kê, báo cáo"
    lines = [
        line(f"  - date: {day.isoformat()}", "ngày diễn ra, dạng YYYY-MM-DD"),
        line(f"    chapter: {chapter.id}", chapter.name_on(day)),
        line(f"    kind: {kind.id}", kind.label),
        f"    title: {_quoted(title)}",
        line("    # place: \"\"", "nơi tổ chức"),
        line(f"    unit: {_quoted(unit)}" if unit else "    # unit: \"\"", "đơn vị được chọn" if unit else "đơn vị liên quan (nếu có)"),
        line("    # link: \"https://\"", "bài viết về hoạt động trên trang khác"),
        line(f"    # public: {'false' if kind.public else 'true'}", f"loại này mặc định {shown}"),
        line("    # text: \"\"", "vài câu giới thiệu, hiện trên trang của hoạt động"),
        line("    # photos:", f"ảnh đặt trong thư mục {photos}/ cạnh tệp này"),
        line("    #   - {src: anh-1.jpg, alt: \"mô tả ảnh\", caption: \"\"}", "mỗi ảnh phải có mô tả (alt)"),
    ]
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', "”") + '"'
