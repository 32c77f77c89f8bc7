"""A story: one editor's file, read and checked against the plan.

``read_story`` never raises for bad input: it returns the story (or None when the story cannot
be published) together with every problem found, each naming the file, line, column and field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from slugify import slugify

from .. import dates
from . import source as source_module
from .consent import (CONSENT_KEYS, CONSENT_SCOPES, Consent, check_channels, check_consenting_people, check_minor, consent_key,
                      consent_key_message, is_consent_word, read_consent)
from ..dates import parse_iso_date, short_date
from ..markup import body_trouble, dropped_text, remote_images, removed_markup
from .holdback import holdback_message, is_holdback_key
from .letters import foreign_letters
from .plan import KINDS, Plan
from ..problems import BODY, FRONT_MATTER, WHOLE_FILE, Problem, Severity, os_reason, thousands
from ..videos import Video, find_videos

TITLE_MAX = 150  # Zalo Official Account article title limit
FUTURE_DAYS = 365  # a publication date further ahead than this is a typing mistake
NO_CRITERIA = "chưa chọn tiêu chí nào: truyện sẽ không được tính"
DEED_MAX = 300  # Zalo Official Account article description limit
MORE = "<!-- more -->"
# Free-text fields, far above any real value (a long Vietnamese name is 40 characters) and far
# below what would weigh on a page, a share card or the tally (a 5 MB `unit` was once published).
TEXT_MAX = {
    "person.name": 200, "person.role": 200, "person.id": 100, "unit": 300, "excerpt": 1_000,
    "consent.by": 200, "consent.guardian": 200, "consent.record": 300,
    "photos[].src": 120, "photos[].alt": 500, "photos[].caption": 1_000, "photos[].children_consent": 1_000,
}
NAME_FIELDS = ("person.name", "consent.by", "consent.guardian")
SCRIPT_NAMES = {"CYRILLIC": "Kirin (Nga)", "GREEK": "Hy Lạp", "ARMENIAN": "Armenia", "CHEROKEE": "Cherokee"}
_INDEX = re.compile(r"\[\d+\]")
FILE_MAX = 1_000_000  # bytes: a body at its longest (markup.BODY_MAX) with its front matter stays far below

UNIT_TYPES = ("agency", "school", "hospital", "business", "residential", "volunteer-club")
SUPPORT = ("material", "spiritual", "labour")
CHANNELS = ("website", "facebook", "zalo", "newspaper", "radio-tv", "portal", "bulletin")
HONOUR_LEVELS = ("province", "central")

TOP_KEYS = (
    "title", "kind", "person", "chapter", "unit", "unit_type", "deed", "criteria", "date",
    "support", "humanitarian_addresses", "pilot", "honours", "published_on", "photos", "consent",
    "excerpt", "updated", "withdrawn", "anonymised", "draft", "featured_until",
)
PERSON_KEYS = ("name", "role", "birth_year", "id", "minor")
PHOTO_KEYS = ("src", "alt", "caption", "credit", "shows_children", "children_consent")
HONOUR_KEYS = ("level", "year")
# Field names editors write in Vietnamese, as slugify reads them ("Tiêu đề" is tieu-de).
KEY_ALIASES = {
    "tieu-de": "title", "loai": "kind", "nhan-vat": "person", "nguoi": "person", "chi-hoi": "chapter",
    "viec-lam": "deed", "viec-tot": "deed", "tieu-chi": "criteria", "ngay": "date", "ngay-dang": "date",
    "dong-y": "consent", "su-dong-y": "consent", "anh": "photos", "hinh-anh": "photos", "ban-nhap": "draft",
    "ten": "name", "ho-ten": "name", "ho-va-ten": "name", "vai-tro": "role", "nam-sinh": "birth_year",
    "nguoi-dong-y": "by", "pham-vi": "scope", "mo-ta": "alt", "chu-thich": "caption",
    "tac-gia": "credit", "tac-gia-anh": "credit", "nguon-anh": "credit", "nguoi-chup": "credit",
}

# Every key the template knows, at any level, with the Vietnamese names editors give them: never
# read as a key that holds a story back. Only the top level's own `draft` does that.
SCHEMA_KEYS = frozenset((*TOP_KEYS, *PERSON_KEYS, *PHOTO_KEYS, *HONOUR_KEYS, *CONSENT_KEYS,
                         *(alias for alias, meant in KEY_ALIASES.items() if meant != "draft"))) - {"draft"}


@dataclass(frozen=True)
class Person:
    name: str
    role: str = ""
    birth_year: int | None = None
    id: str = ""
    minor: bool = False

    def could_be_minor(self, on: dt.date) -> bool:
        """Judged protectively: with only a birth year, a minor if they could be under 18 that day."""
        return self.minor or (self.birth_year is not None and on.year - self.birth_year <= 18)

    def needs_own_consent(self, on: dt.date) -> bool:
        """A minor who could be 7 or older that day consents too, besides the guardian."""
        return self.could_be_minor(on) and (self.birth_year is None or on.year - self.birth_year >= 7)


@dataclass(frozen=True)
class Photo:
    src: str
    alt: str
    caption: str = ""
    credit: str = ""  # who took the photo, printed beside the caption in the bulletin and the newspaper
    shows_children: bool = False
    children_consent: str = ""
    path: Path | None = None
    index: int = 0  # position in the story's list of photos, counting the ones left out
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Honour:
    level: str
    year: int


@dataclass(frozen=True)
class Story:
    """A story that may be published. ``source`` is its path relative to the repository root."""

    source: str
    slug: str
    title: str
    kind: str
    person: Person
    chapter: str
    deed: str
    criteria: tuple[str, ...]
    date: dt.date
    consent: Consent
    body: str
    unit: str = ""
    unit_type: str = ""
    support: tuple[str, ...] = ()
    humanitarian_addresses: int | None = None
    pilot: bool = False
    honours: tuple[Honour, ...] = ()
    published_on: tuple[str, ...] = ()
    photos: tuple[Photo, ...] = ()
    excerpt: str = ""
    updated: dt.date | None = None
    withdrawn: dt.date | None = None
    anonymised: bool = False
    draft: bool = False
    videos: tuple[Video, ...] = ()  # linked on lines of their own, whatever the consent: see ``shown_videos``
    featured_until: dt.date | None = None  # first on the home page from its date until this day
    body_line: int = 1
    front: source_module.Source | None = field(default=None, compare=False, repr=False)

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def page_path(self) -> str:
        """The generated page, relative to the site's docs: ``cau-chuyen/2024/<slug>.md``."""
        return f"cau-chuyen/{self.year}/{self.slug}.md"

    @property
    def summary(self) -> str:
        """The Markdown before ``<!-- more -->``, or the whole body when there is no marker."""
        return self.body.split(MORE, 1)[0].strip()

    @property
    def full_text(self) -> str:
        return self.body.replace(MORE, "", 1).strip()

    def position(self, name: str) -> tuple[int, int]:
        """Line and column of a front-matter field, for problems found across several stories."""
        if self.front is None:
            return 1, 1
        where = self.front.where(name)
        return where.line, where.column

    def status(self, today: dt.date) -> str:
        """``draft``, ``future`` or ``published``: states, not problems."""
        if self.draft:
            return "draft"
        if self.date > today:
            return "future"
        return "published"

    def meets_criteria(self, plan: Plan) -> bool:
        return set(plan.kinds[self.kind].criterion_ids) <= set(self.criteria)

    def missing_criteria(self, plan: Plan) -> tuple[str, ...]:
        return tuple(c for c in plan.kinds[self.kind].criterion_ids if c not in self.criteria)

    def is_withdrawn(self, today: dt.date) -> bool:
        """Consent withdrawn on or before ``today``: the story and its photos leave the site."""
        return self.withdrawn is not None and self.withdrawn <= today

    def on_website(self, today: dt.date) -> bool:
        """The consent allows the website and has not been withdrawn by ``today``."""
        return "website" in self.consent.scope and not self.is_withdrawn(today)

    def may_share(self, channel: str, today: dt.date | None = None) -> bool:
        """Whether a share kit may exist for ``channel`` (a consent scope such as ``facebook``).

        The column is the source of every post: without the website there is nothing to share.
        """
        day = today if today is not None else dates.today()
        return channel in self.consent.scope and self.on_website(day)

    def shown_videos(self) -> tuple[Video, ...]:
        """The videos the consent covers: the others are left out wherever the story appears."""
        return tuple(video for video in self.videos if video.allowed(self.consent.scope))

    def featured_on(self, day: dt.date) -> bool:
        """Whether the story is put first on the home page on ``day`` (from its date to ``featured_until``)."""
        return self.featured_until is not None and self.date <= day <= self.featured_until

    def sort_key(self) -> tuple:
        """Newest first; ties broken by path so that output never depends on file-system order."""
        return (-self.date.toordinal(), self.source)


def suggest(value: str, choices: tuple[str, ...] | list[str]) -> str:
    """`` (ý bạn là `x`?)`` for the closest choice, or nothing when none is close."""
    folded = slugify(str(value)) or str(value)
    matches = difflib.get_close_matches(folded, list(choices), n=1, cutoff=0.6)
    return f" (ý bạn là `{matches[0]}`?)" if matches else ""


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
    checker = _Checker(relative, parsed, plan, path.parent, root)
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


class _Checker:
    """Walks the front matter once, collecting every problem instead of stopping at the first."""

    def __init__(self, relative: str, parsed: source_module.Source, plan: Plan, folder: Path, root: Path):
        self.relative = relative
        self.source = parsed
        self.plan = plan
        self.folder = folder
        self.root = root
        self.problems: list[Problem] = [
            Problem(relative, note.line, note.column, note.field, note.message, Severity.WARNING) for note in parsed.notes]
        self.fatal = False

    def report(self, field: str, message: str, severity: Severity = Severity.ERROR, key: bool = False,
               whole_story: bool = False) -> None:
        table = self.source.key_positions if key else None
        position = table[field] if table and field in table else self.source.where(field)
        self.problems.append(Problem(self.relative, position.line, position.column, field, message, severity))
        # A bad photo is dropped on its own: the story is still published without it.
        if severity is Severity.ERROR and (whole_story or not field.startswith("photos")):
            self.fatal = True

    def holdback_keys(self, value: Any, path: str = "") -> None:
        """Report every key, at any level, that means to hold the story back but is not the top
        level's ``draft`` (``Draft:``, ``nháp:``, ``status: draft``, ``draft:`` under ``person:``)."""
        if isinstance(value, list):
            for index, item in enumerate(value):
                self.holdback_keys(item, f"{path}[{index}]")
            return
        if not isinstance(value, dict):
            return
        prefix = f"{path}." if path else ""
        for key, item in value.items():
            where = f"{prefix}{key}"
            if where != "draft" and _holds_back(key):
                self.report(where, holdback_message(key, nested=bool(path)), key=True, whole_story=True)
            self.holdback_keys(item, where)

    def unknown_keys(self, mapping: dict, allowed: tuple[str, ...], prefix: str) -> None:
        for key in mapping:
            if key not in allowed and _holds_back(key):
                continue  # reported by holdback_keys
            if key not in allowed:
                where = f"{prefix}{key}"
                meant = consent_key(key, prefix)
                if meant is not None:
                    # Consent fails closed: a story-wide consent key misplaced in a photo stops the story too.
                    self.report(where, consent_key_message(key, prefix, meant), key=True,
                                whole_story=not meant.startswith("photos"))
                    continue
                hint = suggest(key, allowed)
                if not hint and KEY_ALIASES.get(slugify(str(key))) in allowed:
                    hint = f" (ý bạn là `{KEY_ALIASES[slugify(str(key))]}`?)"
                if prefix == "consent.":
                    self.report(where, f"trường `{key}` không có trong phần đồng ý (chỉ dùng {', '.join(allowed)}){hint}: "
                                       "tệp chưa rõ ràng về sự đồng ý nên chưa được đăng; hãy sửa hoặc xóa dòng này", key=True)
                    continue
                self.report(where, f"trường `{key}` không có trong mẫu truyện, sẽ bị bỏ qua{hint}",
                            Severity.WARNING, key=True)

    # Typed readers: each returns a clean value or a default, reporting what was wrong.

    def text(self, mapping: dict, key: str, where: str, required: bool = False, limit: int | None = None,
             limit_of: str = "giới hạn của Zalo") -> str:
        value = mapping.get(key)
        if value is None or value == "":
            if required:
                self.report(where, "thiếu giá trị bắt buộc")
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.report(where, "phải là một đoạn chữ")
            return ""
        if not isinstance(value, str):
            self.report(where, f"phải là một đoạn chữ (đặt trong ngoặc kép: \"{value}\")")
            return ""
        value = " ".join(value.split()) if limit else value.strip()
        if not value and required:
            self.report(where, "thiếu giá trị bắt buộc")
        if limit and len(value) > limit:
            self.report(where, f"dài {len(value)} ký tự, tối đa {limit}{f' ({limit_of})' if limit_of else ''}: hãy rút gọn")
        longest = TEXT_MAX.get(_INDEX.sub("[]", where))
        if longest and len(value) > longest:
            self.report(where, f"dài {thousands(len(value))} ký tự, tối đa {thousands(longest)}: hãy rút gọn")
            return ""
        if where in NAME_FIELDS:
            self.foreign_letters(where, value)
        return value

    def foreign_letters(self, where: str, value: str) -> None:
        """Warn about a Cyrillic or Greek letter inside a Latin word: the same name to the eye."""
        found = foreign_letters(value)
        if found:
            listed = ", ".join(f"`{char}` (chữ {SCRIPT_NAMES.get(name, name)}"
                               + (f", trông như `{latin}`)" if latin != char else ")") for char, name, latin in found)
            self.report(where, f"tên có chữ của bảng chữ cái khác lẫn vào: {listed}, thường do bàn phím đặt sai ngôn ngữ "
                               "hoặc chữ dán từ nơi khác: hãy gõ lại tên bằng chữ tiếng Việt", Severity.WARNING)

    def pilot_year(self, day: dt.date) -> None:
        """A pilot unit counts only in the years of the plan's pilot target: say so rather than drop it."""
        years = sorted({year for target in self.plan.targets if target.measure == "pilot-units"
                        for year in self.plan.target_years(target, self.plan.period_end)})
        if years and day.year not in years:
            span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
            self.report("pilot", f"đơn vị chỉ đạo điểm chỉ được tính năm {span} theo kế hoạch: truyện năm {day.year} "
                                 "không được tính vào chỉ tiêu chỉ đạo điểm (bỏ `pilot: true`, hoặc sửa ngày)", Severity.WARNING)

    def flag(self, mapping: dict, key: str, where: str) -> bool:
        value = mapping.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            quoted = f": viết `{value.strip().lower()}` không có dấu ngoặc kép" if str(value).strip().lower() in ("true", "false") else ""
            self.report(where, f"chỉ nhận `true` (có) hoặc `false` (không){quoted}")
            return False
        return value

    def integer(self, mapping: dict, key: str, where: str, low: int, high: int) -> int | None:
        value = mapping.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.report(where, "phải là một số nguyên")
            return None
        if not low <= value <= high:
            self.report(where, f"giá trị {value} không hợp lý (từ {low} đến {high})")
            return None
        return value

    def date(self, mapping: dict, key: str, where: str, required: bool = False) -> dt.date | None:
        value = mapping.get(key)
        if value is None or value == "":
            if required:
                self.report(where, "thiếu ngày (dạng YYYY-MM-DD, ví dụ 2024-05-08)")
            return None
        parsed = parse_iso_date(str(value)) if isinstance(value, str) else None
        if parsed is None:
            self.report(where, f"ngày `{value}` không hợp lệ: chương trình dùng ngày dạng YYYY-MM-DD{_date_hint(value)}")
        return parsed

    def choice(self, mapping: dict, key: str, where: str, allowed: tuple[str, ...], required: bool = False) -> str:
        value = mapping.get(key)
        if value is None or value == "":
            if required:
                self.report(where, f"thiếu giá trị bắt buộc: một trong {', '.join(allowed)}")
            return ""
        if value not in allowed:
            self.report(where, f"`{value}` không hợp lệ: chọn một trong {', '.join(allowed)}{suggest(str(value), allowed)}")
            return ""
        return value

    def choices(self, mapping: dict, key: str, where: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        values = self.items(mapping, key, where, scalar_ok=True)
        chosen: list[str] = []
        for index, value in enumerate(values):
            if value not in allowed:
                self.report(f"{where}[{index}]", f"`{value}` không hợp lệ: chọn trong {', '.join(allowed)}{suggest(str(value), allowed)}")
            elif value not in chosen:
                chosen.append(value)
        return tuple(chosen)

    def items(self, mapping: dict, key: str, where: str, scalar_ok: bool = False) -> list:
        value = mapping.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        if scalar_ok and isinstance(value, str):
            if "," in value:
                # `website, facebook` is one string to YAML: splitting it would guess at a consent.
                listed = ", ".join(part.strip() for part in value.split(",") if part.strip())
                self.report(where, f"nhiều giá trị phải đặt trong ngoặc vuông: `[{listed}]`")
                return []
            return [value]
        self.report(where, "phải là một danh sách, ví dụ [a, b]")
        return []

    def mapping(self, data: dict, key: str, required: bool = False) -> dict | None:
        value = data.get(key)
        if value is None:
            if required:
                self.report(key, "thiếu phần bắt buộc")
            return None
        if not isinstance(value, dict):
            self.report(key, "phải gồm các dòng con thụt vào, dạng `khóa: giá trị`")
            return None
        return value

    # The story as a whole.

    def story(self, slug: str) -> Story | None:
        data = self.source.data
        self.holdback_keys(data)
        self.unknown_keys(data, TOP_KEYS, "")
        title = self.text(data, "title", "title", required=True, limit=TITLE_MAX)
        kind = self.kind()
        person = self.person()
        deed = self.text(data, "deed", "deed", required=True, limit=DEED_MAX)
        day = self.date(data, "date", "date", required=True)
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
            unit_type=self.choice(data, "unit_type", "unit_type", UNIT_TYPES),
            support=self.choices(data, "support", "support", SUPPORT),
            humanitarian_addresses=self.integer(data, "humanitarian_addresses", "humanitarian_addresses", 0, 10_000),
            pilot=self.flag(data, "pilot", "pilot"),
            honours=self.honours(),
            published_on=self.choices(data, "published_on", "published_on", CHANNELS),
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
            check_channels(self, story_fields["published_on"], consent)
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
            name=self.text(data, "name", "person.name", required=True),
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
            level = self.choice(item, "level", f"{where}.level", HONOUR_LEVELS, required=True)
            year = self.integer(item, "year", f"{where}.year", 2000, 2100)
            if level and year:
                honours.append(Honour(level, year))
        return tuple(honours)

    def photos(self, mapping: dict | None = None, prefix: str = "") -> tuple[Photo, ...]:
        """The photos of the front matter, or of ``mapping`` at ``prefix`` (an entry of another
        file the editor writes, such as an activity): the same rules wherever a photo is declared."""
        photos = []
        mapping = self.source.data if mapping is None else mapping
        for index, item in enumerate(self.items(mapping, "photos", f"{prefix}photos")):
            where = f"{prefix}photos[{index}]"
            if not isinstance(item, dict):
                self.report(where, "mỗi ảnh có dạng {src: ten-anh.jpg, alt: \"mô tả ảnh\"}")
                continue
            before = len(self.problems)
            self.unknown_keys(item, PHOTO_KEYS, f"{where}.")
            photo = Photo(
                src=self.text(item, "src", f"{where}.src", required=True),
                alt=self.text(item, "alt", f"{where}.alt"),
                caption=self.text(item, "caption", f"{where}.caption"),
                credit=self.text(item, "credit", f"{where}.credit"),
                shows_children=self.flag(item, "shows_children", f"{where}.shows_children"),
                children_consent=self.text(item, "children_consent", f"{where}.children_consent"),
            )
            if photo.shows_children and not photo.children_consent:
                self.report(f"{where}.children_consent",
                            f"ảnh `{photo.src}` có trẻ em khác (`shows_children: true`) nhưng thiếu `children_consent`: ghi rõ cha mẹ "
                            "hoặc người giám hộ của các em đã đồng ý thế nào; ảnh sẽ không được đăng")
            if not photo.alt:
                self.report(f"{where}.alt", f"ảnh `{photo.src}` thiếu mô tả ảnh (alt) cho người đọc bằng trình đọc màn hình: "
                                            "ảnh sẽ không được đăng")
            located = self.photo_path(photo.src, f"{where}.src") if photo.src else None
            if not any(p.is_error for p in self.problems[before:]):
                position = self.source.where(f"{where}.src")
                photos.append(dataclasses.replace(photo, path=located, index=index, line=position.line, column=position.column))
        return tuple(photos)

    def photo_path(self, src: str, where: str) -> Path | None:
        candidate = (self.folder / src).resolve()
        if (self.folder / src).is_symlink() and not self.inside_repository(self.folder / src):
            self.report(where, f"ảnh `{src}` là liên kết (symlink) tới một tệp nằm ngoài kho nên không được dùng: "
                               "hãy chép chính tệp ảnh vào cạnh tệp truyện")
            return None
        if candidate.parent != self.folder.resolve() or "/" in src or "\\" in src:
            self.report(where, "ảnh phải nằm cùng thư mục với tệp truyện (không dùng ../ hay thư mục con)")
            return None
        if not candidate.is_file():
            names = sorted(p.name for p in self.folder.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".heic"))
            # A Mac or a zip file may store `ảnh.jpg` decomposed: the same name to the editor's eye.
            same = [name for name in names if unicodedata.normalize("NFC", name) == src]
            if same and not self.inside_repository(self.folder / same[0]):
                self.report(where, f"ảnh `{src}` là liên kết (symlink) tới một tệp nằm ngoài kho nên không được dùng: "
                                   "hãy chép chính tệp ảnh vào cạnh tệp truyện")
                return None
            if same:
                return self.folder / same[0]
            # Windows finds `Ảnh.JPG` as `ảnh.jpg`; the build machine does not.
            folded = [name for name in names if unicodedata.normalize("NFC", name).casefold() == src.casefold()]
            hint = f" (ý bạn là `{unicodedata.normalize('NFC', folded[0])}`? chữ hoa, chữ thường phải đúng như tên tệp)" if folded else suggest(src, names)
            self.report(where, f"không tìm thấy ảnh `{src}` cạnh tệp truyện{hint}")
            return None
        return candidate

    def inside_repository(self, path: Path) -> bool:
        try:
            return path.resolve(strict=True).is_relative_to(self.root.resolve())
        except (OSError, RuntimeError):
            return False


_VIDEO_INSTEAD = "; để gắn video YouTube, Facebook hay của đài truyền hình, dán đường liên kết của video trên một dòng riêng"
_VIDEO_SCOPES = {"broadcast": "hình ảnh, giọng nói được phát sóng", "facebook": "đăng trên Facebook"}


def _holds_back(key: object) -> bool:
    """A hold-back key, unless it is exactly a consent key's word (`unpublish` is a withdrawal)."""
    return is_holdback_key(key, SCHEMA_KEYS) and not is_consent_word(key)


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


_YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def _date_hint(value: Any) -> str:
    """The accepted form of a date written another way. Day and month are never guessed: when
    ``8/5/2024`` could be either, both readings are shown and the editor chooses."""
    text = str(value).strip()
    year_first = _YEAR_FIRST.match(text)
    if year_first:
        year, month, day = (int(part) for part in year_first.groups())
        readings = [_calendar_date(year, month, day)]
    else:
        day_first = _DAY_FIRST.match(text)
        if not day_first:
            return ", ví dụ 2024-05-08 là ngày 8 tháng 5 năm 2024"
        first, second, year = (int(part) for part in day_first.groups())
        readings = [_calendar_date(year, second, first), _calendar_date(year, first, second)]
    found = list(dict.fromkeys(reading for reading in readings if reading))
    if not found:
        return " (ngày này không có trong lịch)"
    if len(found) == 1:
        return f": {found[0].isoformat()}"
    return ": " + ", ".join(f"{d.isoformat()} nếu là ngày {d.day} tháng {d.month}" for d in found)


def _calendar_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@functools.lru_cache(maxsize=8)
def _kinds_by_name(kinds: tuple[tuple[str, str, str], ...]) -> dict[str, str]:
    """Kind ids by the slug of their Vietnamese names, for the hint when an editor writes the name."""
    return {slugify(name): kind_id for kind_id, noun, label in kinds for name in (noun, label)}
