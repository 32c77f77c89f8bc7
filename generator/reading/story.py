"""A story: one editor's file, read and checked against the plan.

``read_story`` never raises for bad input: it returns the story (or None when the story cannot
be published) together with every problem found, each naming the file, line, column and field.
The story's own rules live here; the values are read with the field readers (``readers``,
``photos``) and the consent checked by ``consent``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from pathlib import Path, PurePosixPath

from slugify import slugify

from .. import dates
from . import source as source_module
from .consent import check_channels, check_consenting_people, check_minor, read_consent
from ..dates import short_date
from .fields import (CHANNELS, CONSENT_KEYS, CONSENT_SCOPES, DEED_MAX, HONOUR_KEYS, HONOUR_LEVELS, KEY_ALIASES, NAME_FIELDS,
                     PERSON_KEYS, PHOTO_KEYS, SCHEMA_KEYS, STORY_RULES, SUPPORT, TEXT_MAX, TITLE_MAX, TOP_KEYS, UNIT_TYPES,
                     story_field)
from ..markup import body_trouble, dropped_text, remote_images, removed_markup
from .model import MORE, Consent, Honour, Person, Photo, Story
from .photos import PhotoReader
from .plan import KINDS, Plan
from ..problems import BODY, FRONT_MATTER, WHOLE_FILE, Problem, Severity, os_reason, thousands
from .readers import suggest
from ..videos import Video, find_videos

# Names that lived here before the model, the schema and the field readers had modules of their own.
__all__ = [
    "CHANNELS", "CONSENT_KEYS", "CONSENT_SCOPES", "DEED_MAX", "FILE_MAX", "FUTURE_DAYS", "HONOUR_KEYS", "HONOUR_LEVELS",
    "KEY_ALIASES", "MORE", "NAME_FIELDS", "NO_CRITERIA", "PERSON_KEYS", "PHOTO_KEYS", "SCHEMA_KEYS", "SUPPORT", "TEXT_MAX",
    "TITLE_MAX", "TOP_KEYS", "UNIT_TYPES", "Consent", "Honour", "Person", "Photo", "Story", "read_story", "story_slug",
    "suggest",
]

FUTURE_DAYS = 365  # a publication date further ahead than this is a typing mistake
NO_CRITERIA = "chưa chọn tiêu chí nào: truyện sẽ không được tính"
FILE_MAX = 1_000_000  # bytes: a body at its longest (markup.BODY_MAX) with its front matter stays far below




def story_slug(path: Path) -> str:
    return slugify(unicodedata.normalize("NFC", path.stem)) or "truyen"


def read_story(path: Path, root: Path, plan: Plan) -> tuple[Story | None, list[Problem]]:
    """Read one story file. The story is None when an error keeps it off the site."""
    relative = PurePosixPath(path.relative_to(root)).as_posix()
    try:
        size = path.stat().st_size
        if size > FILE_MAX:
            return None, [Problem(relative, 1, 1, WHOLE_FILE,
                                  f"tệp nặng {thousands(size // 1000)} KB, tối đa {thousands(FILE_MAX // 1000)} KB cho một truyện: "
                                  "ảnh phải là tệp riêng cạnh tệp truyện, không dán vào bài")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(relative, 1, 1, WHOLE_FILE, f"không đọc được tệp: {os_reason(exc)}")]
    not_text = _not_text(raw)
    if not_text:
        return None, [Problem(relative, 1, 1, WHOLE_FILE, not_text)]
    try:
        text = source_module.decode(raw)
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[line_start:exc.start].decode("utf-8", "replace")) + 1
        return None, [Problem(
            relative, line, column, _field_on_line(raw.decode("utf-8", "replace"), line),
            "tệp không phải UTF-8 (có thể đang là Windows-1258 hoặc TCVN3): "
            "hãy mở tệp và lưu lại với mã hóa UTF-8",
        )]
    try:
        parsed = source_module.parse(text)
    except source_module.SourceError as exc:
        return None, [Problem(relative, exc.line, exc.column, exc.field or FRONT_MATTER, exc.message)]
    checker = _StoryChecker(relative, parsed, plan, path.parent, root)
    try:
        story = checker.story(story_slug(path))
    except Exception as exc:  # noqa: BLE001 - one file must never stop the others from building
        return None, [Problem(relative, 1, 1, WHOLE_FILE,
                              f"lỗi của chương trình khi kiểm tra tệp này ({type(exc).__name__}): "
                              "hãy báo cho người quản trị kho, kèm tệp này")]
    return story, sorted(checker.problems)


def _not_text(raw: bytes) -> str:
    """Why ``raw`` is not a text file an editor could have written, or nothing."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "tệp đang lưu dạng UTF-16 (Notepad gọi là “Unicode”): hãy mở tệp và lưu lại với mã hóa UTF-8"
    if raw.startswith(b"PK\x03\x04"):
        return "đây là tệp Word (.docx) hoặc tệp nén, không phải văn bản: hãy chép nội dung vào một tệp .md mới"
    if b"\x00" in raw:
        return "tệp nhị phân (ảnh, PDF…), không phải văn bản Markdown: hãy xóa hoặc đổi đuôi tệp khác .md"
    return ""


def _field_on_line(text: str, line: int) -> str:
    """The front-matter field written on ``line`` of the file, or the body, for a file YAML never saw."""
    lines = text.split("\n")
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if lines[0].rstrip() != "---" or closing is None or line > closing:
        return BODY if closing is not None and line > closing else WHOLE_FILE
    return source_module.field_at("\n".join(lines[:closing]), line) or FRONT_MATTER


class _StoryChecker(PhotoReader):
    """Walks the front matter once, collecting every problem instead of stopping at the first."""

    def __init__(self, relative: str, parsed: source_module.Source, plan: Plan, folder: Path, root: Path):
        super().__init__(relative, parsed, STORY_RULES, folder, root)
        self.plan = plan

    def pilot_year(self, day: dt.date) -> None:
        """A pilot unit counts only in the years of the plan's pilot target: say so rather than drop it."""
        years = sorted({year for target in self.plan.targets if target.measure == "pilot-units"
                        for year in self.plan.target_years(target, self.plan.period_end)})
        if years and day.year not in years:
            span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
            self.report("pilot", f"đơn vị chỉ đạo điểm chỉ được tính năm {span} theo kế hoạch: truyện năm {day.year} "
                                 "không được tính vào chỉ tiêu chỉ đạo điểm (bỏ `pilot: true`, hoặc sửa ngày)", Severity.WARNING)

    def story(self, slug: str) -> Story | None:
        data = self.source.data
        self.holdback_keys(data)
        self.unknown_keys(data, TOP_KEYS, "")
        title = self.value(data, story_field("title"), "title")
        kind = self.kind()
        person = self.person()
        deed = self.value(data, story_field("deed"), "deed")
        day = self.value(data, story_field("date"), "date")
        if day:
            self.within_period(day)
        chapter = self.chapter(day)
        criteria = self.criteria(kind)
        consent = read_consent(self, day)
        body = self.source.body.strip()
        if not _HTML_COMMENT.sub("", body).strip():
            self.problems.append(Problem(self.relative, self.source.body_line, 1, BODY,
                                         "truyện chưa có nội dung: hãy viết bài dưới dòng --- thứ hai"))
            self.fatal = True
        trouble = body_trouble(body)
        if trouble:
            self.body_problem(body, *trouble)
        else:
            try:
                self.unsafe_html(body)
                self.remote_images(body)
            except Exception:  # noqa: BLE001 - a body no reader can take apart is refused, in words
                first = body.find("<")
                self.body_problem(body, max(first, 0),
                                  "chương trình không đọc được đoạn mã HTML trong bài từ chỗ này nên bài chưa được đăng: "
                                  "hãy xóa đoạn mã HTML (các dấu < >) hoặc viết lại đoạn đó bằng chữ thường")
        videos = self.videos(body, consent) if not trouble else ()
        updated = self.date(data, "updated", "updated")
        if updated and day and updated < day:
            self.report("updated", f"ngày cập nhật {short_date(updated)} trước ngày đăng {short_date(day)}")
        story_fields = dict(
            unit=self.text(data, "unit", "unit"),
            unit_type=self.value(data, story_field("unit_type"), "unit_type"),
            support=self.value(data, story_field("support"), "support"),
            humanitarian_addresses=self.integer(data, "humanitarian_addresses", "humanitarian_addresses", 0, 10_000),
            pilot=self.flag(data, "pilot", "pilot"),
            honours=self.honours(),
            published_on=self.value(data, story_field("published_on"), "published_on"),
            photos=self.photos(),
            excerpt=self.excerpt(),
            updated=updated,
            withdrawn=self.withdrawal(),
            anonymised=self.flag(data, "anonymised", "anonymised"),
            draft=self.flag(data, "draft", "draft"),
            featured_until=self.date(data, "featured_until", "featured_until"),
        )
        if story_fields["pilot"] and day is not None:
            self.pilot_year(day)
        if story_fields["featured_until"] and day and story_fields["featured_until"] < day:
            self.report("featured_until", f"ngày {short_date(story_fields['featured_until'])} trước ngày đăng "
                                          f"{short_date(day)}: bài chỉ được đặt lên đầu trang chủ từ ngày đăng",
                        Severity.WARNING)
        named_before = len(self.problems)
        if consent is not None:
            check_consenting_people(self, kind, consent, story_fields["anonymised"])
        if consent is not None and person is not None and day is not None and len(self.problems) == named_before:
            check_minor(self, kind, person, consent, day, story_fields["anonymised"])
        if consent is not None:
            check_channels(self, self.plan, story_fields["published_on"], consent)
        if self.fatal or person is None or consent is None or day is None:
            return None
        return Story(
            source=self.relative, slug=slug, title=title, kind=kind, person=person, chapter=chapter,
            deed=deed, criteria=criteria, date=day, consent=consent, body=body, videos=videos,
            body_line=self.source.body_line, front=self.source, **story_fields,
        )

    def body_problem(self, body: str, offset: int, message: str, severity: Severity = Severity.ERROR,
                     whole_story: bool = True) -> None:
        """A problem at ``offset`` of the (stripped) body, placed at its line and column in the file."""
        line = body.count("\n", 0, offset) + self.source.body_line
        column = offset - (body.rfind("\n", 0, offset) + 1) + 1
        self.problems.append(Problem(self.relative, line, column, BODY, message, severity))
        if severity is Severity.ERROR and whole_story:
            self.fatal = True

    def videos(self, body: str, consent: Consent | None) -> tuple[Video, ...]:
        """The videos linked on lines of their own; an error on the line of each one the consent does
        not cover (the story is published without it, as with a photo left out)."""
        videos, others = find_videos(body, self.plan.broadcasters)
        for video in videos:
            if consent is not None and not video.allowed(consent.scope):
                where = f"trên {video.host_name}" if video.platform != "broadcaster" else f"của {video.host_name}"
                self.body_problem(body, video.offset,
                                  f"video {where} cần phạm vi đồng ý `{video.scope}` ({_VIDEO_SCOPES[video.scope]}) trong "
                                  f"`consent.scope`: khối video không được đăng. Hãy thêm `{video.scope}` khi người trong "
                                  "video đã đồng ý, hoặc xóa dòng này", whole_story=False)
        for other in others:
            self.body_problem(body, other.offset,
                              f"liên kết {other.host_name} này giống liên kết video nhưng không đọc được mã video (có thể "
                              "bị cắt mất một phần) nên chỉ hiện như một liên kết: hãy chép lại đủ địa chỉ của video "
                              "(nút Chia sẻ › Sao chép liên kết)",
                              Severity.WARNING)
        return videos

    def remote_images(self, body: str) -> None:
        """Refuse images a reader's browser would fetch from another host: the column promises none."""
        # The text the page is made of (Story.full_text): its rendering is shared with the page's.
        for address in remote_images(body.replace(MORE, "", 1).strip()):
            offset = body.find(address)
            shown = address if len(address) <= 100 else address[:99] + "…"
            self.body_problem(body, max(offset, 0),
                              f"ảnh lấy từ trang khác (`{shown}`): trang chuyên mục không tải gì từ máy chủ khác. "
                              "Hãy tải ảnh về, đặt cạnh tệp truyện và khai báo trong `photos` (src, alt)")

    def unsafe_html(self, body: str) -> None:
        """Warn, at its line, about each thing the sanitiser takes out of the summary or the page."""
        removed = set(removed_markup(body.replace(MORE, "", 1).strip()))
        if MORE in body:
            removed |= set(removed_markup(body.split(MORE, 1)[0]))
        for item in sorted(removed):
            # Word's own tags (`<o:p>`, `<w:Sdt>`) come with pasted text and hide nothing: say so.
            message = (f"đã gỡ mã định dạng dán từ Word: `{item}` (chữ trong bài vẫn giữ nguyên): hãy xóa đoạn mã này"
                       if _WORD_TAG.match(item) else
                       f"đã gỡ mã HTML không an toàn khỏi bài: `{item}` (trang web không chạy mã, "
                       "không nhúng khung hay biểu mẫu từ bài viết): hãy xóa đoạn mã này"
                       + (_VIDEO_INSTEAD if item.startswith("<iframe") else ""))
            self.body_problem(body, _locate(body, item), message, Severity.WARNING)
        # The marker blanked rather than removed: offsets stay those of the file.
        dropped = dropped_text(body.replace(MORE, " " * len(MORE), 1))
        if dropped:
            offset, count = dropped
            tag = body.rfind("<", 0, offset + 1)
            where = f"ở dòng {body.count(chr(10), 0, tag) + self.source.body_line}" if tag >= 0 else "trước chỗ này"
            self.body_problem(body, offset,
                              f"từ chỗ này, {thousands(count)} ký tự chữ của bài không hiện trên trang vì đoạn mã HTML {where} "
                              "không đóng hoặc không hợp lệ (ví dụ <style>, <script>, <!-- không có thẻ đóng): "
                              "hãy xóa hoặc sửa đoạn mã HTML đó", Severity.WARNING)

    def withdrawal(self) -> dt.date | None:
        """``withdrawn``'s date. Written without a date (``withdrawn:``, ``~``, ``""``) it says
        consent may have been withdrawn: the story waits until a date is written or the line removed."""
        data = self.source.data
        if "withdrawn" in data and (data["withdrawn"] is None or str(data["withdrawn"]).strip() == ""):
            self.report("withdrawn", "`withdrawn` chưa có ngày: bài chưa được đăng cho đến khi rõ. Nếu người được giới thiệu "
                                     "đã rút lại sự đồng ý, ghi ngày đó, ví dụ `withdrawn: 2026-12-01`; nếu không, hãy xóa dòng này",
                        key=True)
            return None
        return self.date(data, "withdrawn", "withdrawn")

    def excerpt(self) -> str:
        """The excerpt is Markdown too (the share texts render it): the body's limits hold for it."""
        value = self.text(self.source.data, "excerpt", "excerpt")
        trouble = body_trouble(value)
        if trouble:
            self.report("excerpt", trouble[1])
            return ""
        return value

    def kind(self) -> str:
        value = self.source.data.get("kind")
        by_name = _kinds_by_name(tuple((kind.id, kind.noun, kind.label) for kind in self.plan.kinds.values()))
        if isinstance(value, str) and slugify(value) in by_name:
            kind = by_name[slugify(value)]
            self.report("kind", f"`{value}` không hợp lệ: viết mã loại bằng tiếng Anh (ý bạn là `{kind}`?)")
            return ""
        return self.choice(self.source.data, "kind", "kind", KINDS, required=True)

    def person(self) -> Person | None:
        data = self.mapping(self.source.data, "person", required=True)
        if data is None:
            return None
        self.unknown_keys(data, PERSON_KEYS, "person.")
        person_id = self.text(data, "id", "person.id")
        if person_id and slugify(person_id) != person_id:
            self.report("person.id", f"mã người chỉ gồm chữ thường không dấu, số và dấu gạch ngang (ví dụ `{slugify(person_id)}`)")
        return Person(
            name=self.value(data, story_field("person.name"), "person.name"),
            role=self.text(data, "role", "person.role"),
            birth_year=self.integer(data, "birth_year", "person.birth_year", 1900, 2100),
            id=person_id,
            minor=self.flag(data, "minor", "person.minor"),
        )

    def chapter(self, day: dt.date | None) -> str:
        value = self.source.data.get("chapter")
        ids = [chapter.id for chapter in self.plan.chapters]
        if value is None or value == "":
            self.report("chapter", f"thiếu mã Hội: một trong {', '.join(ids)}")
            return ""
        chapter = self.plan.chapter(str(value))
        if chapter is None:
            self.report("chapter", f"không có Hội `{value}` trong kế hoạch{suggest(str(value), ids)}")
            return ""
        if day and not chapter.is_active(day):
            if chapter.active_until and day > chapter.active_until:
                heirs = [self.plan.chapter(s) for s in chapter.successors]
                active_heirs = ", ".join(f"`{h.id}` ({h.name})" for h in heirs if h and h.is_active(day))
                then = f"; truyện từ ngày đó thuộc {active_heirs}" if active_heirs else ""
                self.report("chapter", f"Hội `{chapter.id}` đã dừng hoạt động sau ngày {short_date(chapter.active_until)}{then}")
            else:
                self.report("chapter", f"Hội `{chapter.id}` chỉ hoạt động từ ngày {short_date(chapter.active_from)}")
        return chapter.id

    def within_period(self, day: dt.date) -> None:
        """A publication date before the plan's period, or over a year ahead, is a typing mistake
        (the form's date field once read 1906); after the period it counts for no target."""
        start, end = self.plan.period_start, self.plan.period_end
        if day.year < start:
            self.report("date", f"ngày đăng {short_date(day)} trước giai đoạn của kế hoạch ({start}–{end}): "
                                "kiểm tra lại ngày, tháng, năm")
        elif day > dates.today() + dt.timedelta(days=FUTURE_DAYS):
            self.report("date", f"ngày đăng {short_date(day)} hơn một năm sau hôm nay: kiểm tra lại ngày, tháng, năm")
        elif day.year > end:
            self.report("date", f"ngày đăng {short_date(day)} sau giai đoạn của kế hoạch ({start}–{end}): "
                                "truyện không được tính vào chỉ tiêu nào", Severity.WARNING)

    def criteria(self, kind: str) -> tuple[str, ...]:
        values = self.items(self.source.data, "criteria", "criteria", scalar_ok=True)
        if "criteria" not in self.source.data:
            self.report("criteria", "thiếu danh sách tiêu chí đạt được")
            return ()
        if not values and isinstance(self.source.data["criteria"], list):
            self.report("criteria", NO_CRITERIA)
            return ()
        if not kind:
            return ()
        own = self.plan.kinds[kind].criterion_ids
        chosen: list[str] = []
        for index, value in enumerate(values):
            where = f"criteria[{index}]"
            other = next((k for k in self.plan.kinds.values() if k.id != kind and value in k.criterion_ids), None)
            if other is not None:
                self.report(where, f"tiêu chí `{value}` thuộc loại “{other.label}”, không phải “{self.plan.kinds[kind].label}”: "
                                   f"tiêu chí của loại này là {', '.join(own)}")
            elif value not in own:
                self.report(where, f"không có tiêu chí `{value}`{suggest(str(value), own)}: tiêu chí của loại này là {', '.join(own)}")
            elif value not in chosen:
                chosen.append(value)
        return tuple(chosen)

    def honours(self) -> tuple[Honour, ...]:
        honours = []
        for index, item in enumerate(self.items(self.source.data, "honours", "honours")):
            where = f"honours[{index}]"
            if not isinstance(item, dict):
                self.report(where, "mỗi danh hiệu có dạng {level: province, year: 2025}")
                continue
            self.unknown_keys(item, HONOUR_KEYS, f"{where}.")
            level = self.value(item, story_field("honours.level"), f"{where}.level")
            year = self.integer(item, "year", f"{where}.year", 2000, 2100)
            if level and year:
                honours.append(Honour(level, year))
        return tuple(honours)


_VIDEO_INSTEAD = "; để gắn video YouTube, Facebook hay của đài truyền hình, dán đường liên kết của video trên một dòng riêng"
_VIDEO_SCOPES = {"broadcast": "hình ảnh, giọng nói được phát sóng", "facebook": "đăng trên Facebook"}
_WORD_TAG = re.compile(r"<(o|w|v|m|st1):[^>\s]+>$")
_HTML_COMMENT = re.compile(r"<!--.*?(-->|$)", re.DOTALL)


def _locate(body: str, item: str) -> int:
    """Where the Markdown source has the tag, attribute or link scheme the sanitiser removed."""
    if item.startswith("<"):
        pattern = r"<\s*" + re.escape(item.strip("<>")) + r"\b"
    elif "=" in item:
        pattern = re.escape(item.split("=", 1)[1])
    else:
        pattern = r"\b" + re.escape(item) + r"\s*="
    match = re.search(pattern, body, re.IGNORECASE)
    return match.start() if match else 0


@functools.lru_cache(maxsize=8)
def _kinds_by_name(kinds: tuple[tuple[str, str, str], ...]) -> dict[str, str]:
    """Kind ids by the slug of their Vietnamese names, for the hint when an editor writes the name."""
    return {slugify(name): kind_id for kind_id, noun, label in kinds for name in (noun, label)}

