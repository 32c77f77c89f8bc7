"""Field readers: each reads one value of a file an editor writes (a story's front matter, the
plan, an entry of the unit register or of the register of activities) and returns a clean value or a default, reporting what was
wrong as a problem with the file, line, column and field, so that every problem is found at once.

Which keys a file may have, and the limits of its free texts, are the caller's (``FieldRules``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from slugify import slugify

from .consent_keys import consent_key, consent_key_message, is_consent_word
from ..dates import parse_iso_date
from .fields import Field, FieldRules
from .holdback import holdback_message, is_holdback_key
from .letters import foreign_letters
from ..problems import Problem, Severity, thousands
from . import source as source_module

SCRIPT_NAMES = {"CYRILLIC": "Kirin (Nga)", "GREEK": "Hy Lạp", "ARMENIAN": "Armenia", "CHEROKEE": "Cherokee"}
_INDEX = re.compile(r"\[\d+\]")


def suggest(value: str, choices: tuple[str, ...] | list[str]) -> str:
    """`` (ý bạn là `x`?)`` for the closest choice, or nothing when none is close."""
    folded = slugify(str(value)) or str(value)
    matches = difflib.get_close_matches(folded, list(choices), n=1, cutoff=0.6)
    return f" (ý bạn là `{matches[0]}`?)" if matches else ""


class FieldReader:
    """Reads the fields of one parsed file, collecting every problem instead of stopping at the first."""

    def __init__(self, relative: str, parsed: source_module.Source, rules: FieldRules = FieldRules()):
        self.relative = relative
        self.source = parsed
        self.rules = rules
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
            if where != "draft" and self.holds_back(key):
                self.report(where, holdback_message(key, nested=bool(path)), key=True, whole_story=True)
            self.holdback_keys(item, where)

    def unknown_keys(self, mapping: dict, allowed: tuple[str, ...], prefix: str) -> None:
        for key in mapping:
            if key not in allowed and self.holds_back(key):
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
                if not hint and self.rules.aliases.get(slugify(str(key))) in allowed:
                    hint = f" (ý bạn là `{self.rules.aliases[slugify(str(key))]}`?)"
                if prefix == "consent.":
                    self.report(where, f"trường `{key}` không có trong phần đồng ý (chỉ dùng {', '.join(allowed)}){hint}: "
                                       "tệp chưa rõ ràng về sự đồng ý nên chưa được đăng; hãy sửa hoặc xóa dòng này", key=True)
                    continue
                self.report(where, f"trường `{key}` không có trong {self.rules.template}, sẽ bị bỏ qua{hint}",
                            Severity.WARNING, key=True)

    def holds_back(self, key: object) -> bool:
        """A hold-back key, unless it is exactly a consent key's word (`unpublish` is a withdrawal)."""
        return is_holdback_key(key, self.rules.schema_keys) and not is_consent_word(key)

    # Typed readers: each returns a clean value or a default, reporting what was wrong.

    def value(self, mapping: dict, spec: Field, where: str) -> Any:
        """The value of the schema's field ``spec`` in ``mapping``, read by its style with the field's own
        required flag, limit and choices."""
        if spec.choices and spec.style == "codes":
            return self.choices(mapping, spec.name, where, spec.choices)
        if spec.choices:
            return self.choice(mapping, spec.name, where, spec.choices, required=spec.required)
        if spec.style == "date":
            return self.date(mapping, spec.name, where, required=spec.required)
        if spec.style == "flag":
            return self.flag(mapping, spec.name, where)
        if spec.style in ("text", "code"):
            return self.text(mapping, spec.name, where, required=spec.required, limit=spec.limit)
        raise ValueError(f"no reader for {spec.name} ({spec.style})")

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
        longest = self.rules.text_max.get(_INDEX.sub("[]", where))
        if longest and len(value) > longest:
            self.report(where, f"dài {thousands(len(value))} ký tự, tối đa {thousands(longest)}: hãy rút gọn")
            return ""
        if where in self.rules.name_fields:
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
