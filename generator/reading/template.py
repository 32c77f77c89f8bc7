"""A new story's file, written from the plan for ``nttv new``.

The template lists every criterion of the kind commented out with its label (nothing counts until
the editor uncomments it), a consent block left blank on purpose (silence is not consent), and
every optional field commented out with a note in Vietnamese. Once filled in it passes the checks.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import yaml
from slugify import slugify

from ..urls import is_list_page_name
from .plan import Chapter, Plan
from .fields import STORY_FIELDS, hint
from .model import MORE
from .story import story_slug

SLUG_MAX = 80
NOTE_COLUMN = 34  # where the explanatory comments start, so that they line up


def title_slug(title: str) -> str:
    """The file name for a title: ASCII, ``đ`` to ``d``, tones removed, words joined by ``-``."""
    return slugify(unicodedata.normalize("NFC", title), max_length=SLUG_MAX, word_boundary=True) or "truyen"


def slug_taken(folder: Path, slug: str) -> bool:
    """Whether a story in ``folder`` already has (or a list page reserves) the address ``slug``."""
    if is_list_page_name(slug) or (folder / f"{slug}.md").exists():
        return True
    return folder.is_dir() and any(story_slug(path) == slug for path in folder.glob("*.md"))


def free_slug(folder: Path, slug: str) -> str:
    """``slug`` itself when free, else the first free ``slug-2``, ``slug-3``…"""
    candidate, number = slug, 1
    while slug_taken(folder, candidate):
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def render_story_template(plan: Plan, kind: str, chapter: Chapter, name: str, title: str,
                          day: dt.date, path: str) -> str:
    """The text of a new story file at ``path`` (relative to the repository, for the hints)."""
    kind_data = plan.kinds[kind]
    values = {"title": _quoted(title), "kind": kind, "chapter": chapter.id, "date": day.isoformat(),
              "person.name": _quoted(name)}
    chosen = {"kind": f"{kind_data.label} ({kind_data.noun})", "chapter": chapter.name}
    lines = [
        "---",
        f"# Truyện mới cho chuyên mục “{plan.kinds['individual'].label}”. Cách điền:",
        "#  1. điền các trường còn trống (deed và phần consent) rồi viết bài bên dưới dòng --- thứ hai;",
        "#  2. bỏ dấu # trước mỗi tiêu chí mà tấm gương đạt được;",
        "#  3. trường không bắt buộc nằm ở cuối: bỏ dấu # ở dòng nào cần dùng;",
        f"#  4. kiểm tra bằng lệnh: nttv check {path}",
    ]
    optional_started = False
    for field in STORY_FIELDS:
        note = hint(field, plan, kind).format_map(chosen | {"criteria": ""})
        if field.name == "criteria":
            lines += [
                f"# Tiêu chí “{kind_data.label}”: bỏ dấu # trước mỗi tiêu chí đạt được. Chưa bỏ dấu # thì chưa",
                f"# tính; đủ cả {len(kind_data.criteria)} tiêu chí thì tấm gương mới được tính vào chỉ tiêu.",
                "criteria:",
                *(_line(f"  # - {criterion.id}", criterion.label) for criterion in kind_data.criteria),
            ]
            continue
        if field.name == "consent":
            lines.append("# Sự đồng ý đăng bài (bắt buộc: thiếu thì bài không được đăng). Chỉ điền khi đã có sự đồng ý.")
        if not field.required and not optional_started:
            optional_started = True
            lines.append("# Các trường không bắt buộc: bỏ dấu # ở những dòng cần dùng.")
        if field.style == "group":
            lines.append(f"{field.name}:")
            for child in field.fields:
                value = values.get(f"{field.name}.{child.name}", child.blank)
                lines.append(_line(f"  {'' if child.required else '# '}{child.name}: {value}".rstrip(), hint(child, plan, kind)))
        elif field.style == "items":
            lines.append(_line(f"# {field.name}:", note))
            for index, child in enumerate(field.fields):
                lead = "#   - " if index == 0 else "#     "
                lines.append(_line(f"{lead}{child.name}: {child.blank.format(year=day.year)}".rstrip(), hint(child, plan, kind)))
        else:
            value = values.get(field.name, field.blank)
            lines.append(_line(f"{'' if field.required else '# '}{field.name}: {value}".rstrip(), note))
    lines += [
        "---",
        "<!-- Đoạn mở đầu: hiện trong danh sách bài và khi chia sẻ. Viết ở đây rồi xóa dòng này. -->",
        "",
        MORE,
        "",
        "<!-- Phần còn lại của câu chuyện. Viết ở đây rồi xóa dòng này. -->",
    ]
    return "\n".join(lines) + "\n"


def _line(code: str, note: str) -> str:
    return f"{code.ljust(NOTE_COLUMN - 1)} # {note}"


def _quoted(text: str) -> str:
    """``text`` as a one-line YAML double-quoted scalar, whatever quotes or colons it holds."""
    return yaml.safe_dump(text, allow_unicode=True, default_style='"', width=1_000_000).splitlines()[0]
