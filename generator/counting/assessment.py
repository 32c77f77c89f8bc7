"""Sections II–IV of a yearly report (assessment, next year's tasks, proposals), written by the
chapter in a Markdown file of its own: ``bao-cao/<year>/<chapter>.md``.

The file holds words, never figures: ``{{ individuals }}`` and the like stand for the report's own
numbers and are filled in when the report is rendered, so the text cannot drift from section I.
Without the file each section prints as dotted lines to fill in by hand. The file is never part
of the site: it sits outside the pages' folder, and the public page shows section I only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..problems import NttvError

FOLDER = "bao-cao"
SECTIONS = ("II", "III", "IV")
DOTS = "…" * 40
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING = re.compile(r"^##\s+(IV|III|II)\b[.:]?\s*(.*)$")


@dataclass(frozen=True)
class Block:
    """One block of a section: a sub-heading, a paragraph or a list item."""

    kind: str  # "heading", "paragraph" or "item"
    text: str


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    blocks: tuple[Block, ...]


def text_path(root: Path, year: int, chapter_id: str) -> Path:
    return root / FOLDER / str(year) / f"{chapter_id}.md"


def default_titles(year: int) -> dict[str, str]:
    return {"II": "ĐÁNH GIÁ CHUNG", "III": f"PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year + 1}", "IV": "ĐỀ XUẤT, KIẾN NGHỊ"}


def blank_sections(year: int) -> tuple[Section, ...]:
    """What a report without the chapter's file prints: each section as dotted lines."""
    titles = default_titles(year)
    return tuple(Section(number, titles[number], (Block("paragraph", DOTS),) * 3) for number in SECTIONS)


def read_sections(path: Path, values: dict[str, str]) -> tuple[Section, ...]:
    """The file's sections II–IV with every placeholder replaced by ``values``.

    Raise NttvError naming the file and line of an unknown placeholder or a missing section.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise NttvError(f"{path}: tệp phải lưu với mã hóa UTF-8") from None
    # A comment may run over lines: blank it out but keep its line breaks, so line numbers stay true.
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    sections: dict[str, tuple[str, list[Block]]] = {}
    current: list[Block] | None = None
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph and current is not None:
            current.append(Block("paragraph", " ".join(paragraph)))
        paragraph.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        line = _fill(line.strip(), values, path, number)
        heading = _HEADING.match(line)
        if heading:
            flush()
            current = []
            sections[heading.group(1)] = (heading.group(2).strip().upper(), current)
        elif current is None or not line:
            flush()
        elif line.startswith("#"):
            flush()
            current.append(Block("heading", line.lstrip("#").strip()))
        elif line[:2] in ("- ", "* ", "+ "):
            flush()
            current.append(Block("item", line[2:].strip()))
        else:
            paragraph.append(line)
    flush()
    missing = [number for number in SECTIONS if number not in sections]
    if missing:
        raise NttvError(f"{path}: thiếu mục {', '.join(missing)}: mỗi mục bắt đầu bằng một dòng `## {missing[0]}. …`")
    titles = default_titles(int(values.get("year", "0") or 0))
    return tuple(Section(number, sections[number][0] or titles[number], tuple(sections[number][1]) or (Block("paragraph", DOTS),))
                 for number in SECTIONS)


def _fill(line: str, values: dict[str, str], path: Path, number: int) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            known = ", ".join(f"{{{{ {key} }}}}" for key in sorted(values))
            raise NttvError(f"{path}:{number}: không có số liệu `{{{{ {name} }}}}`; dùng được: {known}")
        return values[name]
    return _PLACEHOLDER.sub(value, line)


def scaffold(year: int, issuer: str, command: str, values: dict[str, str]) -> str:
    """A new file for sections II–IV: headings, prompts, and the placeholders it may use."""
    known = "\n".join(f"  {{{{ {name} }}}}: {value}" for name, value in sorted(values.items()))
    return f"""<!--
Phần II–IV của báo cáo năm {year} – {issuer} (xuất báo cáo: {command}).
Viết dưới mỗi tiêu đề; dòng bắt đầu bằng "- " là một ý. Đừng gõ số liệu: ghi tên số liệu trong
ngoặc nhọn kép, chương trình điền số đúng ngày số liệu khi xuất báo cáo. Số liệu dùng được (giá trị hôm nay):
{known}
Tệp này không được đưa lên trang web. Mục còn "……" thì in ra dòng chấm để điền tay.
-->

## II. ĐÁNH GIÁ CHUNG

### 1. Ưu điểm

- Năm {{{{ year }}}}, đơn vị giới thiệu được {{{{ individuals-reached }}}} cá nhân “Người tốt, việc thiện” (kết quả so với chỉ tiêu: {{{{ individuals }}}}) và {{{{ collectives-reached }}}} tập thể “Cộng đồng nhân ái” (kết quả so với chỉ tiêu: {{{{ collectives }}}}). ……

### 2. Tồn tại, hạn chế và nguyên nhân

- ……

## III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {{{{ next-year }}}}

- ……

## IV. ĐỀ XUẤT, KIẾN NGHỊ

- ……
"""
