"""The report as files a chapter sends or opens: docx (python-docx), xlsx (openpyxl), csv and
Markdown. Every form writes the same figures from one ``Report``.
"""

from __future__ import annotations

import csv
import io
from typing import Callable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ..dates import short_date
from ..markup import md_text
from . import wording
from .opendata import provenance
from .administrative import write_docx
from ..reading.plan import Plan
from .report import ACTIVITIES_HEADING, MOTTO, MOTTO_COUNTRY, NO_ACTIVITY_LINE, Report
from .rows import Row

FORMATS = ("docx", "xlsx", "csv", "md")
CSV_HEADER = ("Mã chỉ tiêu", "Chỉ tiêu", "Mục kế hoạch", "Mã Hội", "Hội", "Năm", "Chỉ tiêu đặt ra",
              "Kết quả", "Trên tổng số", "Tỉ lệ", "Đạt", "Cần thêm", "Ghi chú", "Lược đồ", "Mã tổ chức", "Tính đến ngày")


# A cell starting with one of these (or its full-width form) is run as a formula by a spreadsheet
# program opening the file (OWASP, "CSV Injection"); a story's text must never be.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS)


def neutral(value: object) -> object:
    """``value`` as a csv cell no spreadsheet runs: text that could start a formula gets a leading
    apostrophe, as the common guidance says; numbers and other text stay as they are."""
    return f"'{value}" if is_formula_like(value) else value


def _append_text(ws, values: list) -> None:
    """``ws.append`` where every string is a text cell: openpyxl would write ``=…`` as a formula."""
    ws.append(values)
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def note(row: Row, plan: Plan) -> str:
    """What a reader of one figure should know beside it: prorating, what is still needed, who is behind."""
    parts = [wording.prorating_note(row), wording.still_needed(row)]
    if row.below:
        parts.append("chưa đạt: " + ", ".join(wording.shortfall(plan, item, row.year) for item in row.below))
    if row.names and not row.is_share:
        parts.append(", ".join(row.names))
    return "; ".join(part for part in parts if part)




def _cells(report: Report, row: Row) -> list:
    """One figure as spreadsheet cells: numbers stay numbers."""
    return [row.target.id, row.target.label, row.target.section, row.chapter or "", report.chapter_name(row.chapter),
            row.year if row.year is not None else "", row.goal if row.goal is not None else "", row.reached,
            row.of if row.of is not None else "", round(row.share, 4) if row.share is not None else "",
            "" if row.met is None else ("có" if row.met else "không"), row.needed if row.needed is not None else "", note(row, report.plan),
            *provenance(report.plan, report.as_of).values()]


def report_csv(report: Report) -> bytes:
    """UTF-8 with a byte-order mark: Excel on Windows then reads the Vietnamese right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in report.rows:
        writer.writerow([neutral(cell) for cell in _cells(report, row)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_markdown(report: Report) -> bytes:
    plan = report.plan
    lines = [
        f"**{report.parent.upper()}**  ",
        f"**{report.issuer.upper()}**  ",
        f"Số: {report.number or '……/BC-CTĐ'}",
        "",
        f"**{MOTTO_COUNTRY}**  ",
        f"**{MOTTO}**  ",
        f"*{report.place_and_date()}*",
        "",
        "# BÁO CÁO",
        "",
        f"**{md_text(report.title)}**",
        "",
        f"Số liệu tính đến {short_date(report.as_of)}.",
        "",
    ]
    if report.ended_note:
        lines += [f"*{md_text(report.ended_note)}*", ""]
    lines += [
        md_text(report.opening),
        "",
        "## I. Kết quả thực hiện",
        "",
        "### 1. Kết quả các chỉ tiêu",
        "",
        "| STT | Chỉ tiêu | Đơn vị | Chỉ tiêu đặt ra | Kết quả | Đánh giá |",
        "| ---: | --- | --- | ---: | ---: | --- |",
    ]
    for index, row in enumerate(report.rows, start=1):
        judged = wording.verdict(row) + (f" – {note(row, report.plan)}" if note(row, report.plan) else "")
        lines.append(f"| {index} | {_cell(row.target.label)} | {_cell(report.chapter_name(row.chapter))} | "
                     f"{wording.goal_text(row)} | {_cell(wording.figure(row))} | {_cell(judged)} |")
    lines += ["", "### 2. Các gương được tính", ""]
    example_rows = report.example_rows()
    if not example_rows:
        lines.append("Chưa có gương nào được tính trong năm.")
    for row in example_rows:
        lines.append(f"**{_cell(row.target.short)} – {_cell(report.chapter_name(row.chapter))}**")
        lines.append("")
        for example in report.examples(row):
            deed = f": {md_text(example.deed)}" if example.deed else ""
            lines.append(f"- {md_text(example.name)} ({short_date(example.date)}){deed}")
        lines.append("")
    lines += ["### 3. Đơn vị chưa đạt chỉ tiêu", ""]
    below = [(row, item) for row in report.rows for item in row.below]
    if not below:
        lines.append("Không có đơn vị nào chưa đạt.")
    for row, item in below:
        lines.append(f"- {md_text(row.target.short)}: {md_text(wording.shortfall(plan, item, row.year))} – "
                     f"{md_text(report.chapter_name(item.chapter))}")
    lines += ["", "### 4. Tôn vinh", ""]
    events = [event for row in report.rows for event in row.events]
    if not events:
        lines.append("Chưa có lần tôn vinh nào trong giai đoạn." if report.whole_province else "Việc tôn vinh do Tỉnh Hội tổng hợp.")
    for event in events:
        lines.append(f"- {plan.label('honour_level', event.level)} năm {event.year}: {md_text(', '.join(report.event_names(event.examples)))}")
    lines += ["", f"### 5. {ACTIVITIES_HEADING}", ""]
    groups = report.activity_groups()
    if not groups:
        lines.append(NO_ACTIVITY_LINE)
    for chapter, entries in groups:
        lines += [f"**{_cell(chapter)}**", ""] + [f"- {md_text(entry)}" for entry in entries] + [""]
    for section in report.sections:
        lines += ["", f"## {section.number}. {md_text(section.title)}", ""]
        for block in section.blocks:
            prefix = {"heading": "**", "item": "- "}.get(block.kind, "")
            lines += [prefix + md_text(block.text) + ("**" if block.kind == "heading" else ""), ""]
    lines += ["", "---", ""]
    signer = report.signer
    if signer:
        lines += [f"**{md_text(signer.title)}**", "", "", f"**{md_text(signer.name)}**", ""]
    lines += ["*Nơi nhận:*", ""] + [f"- {md_text(item)}" for item in report.recipients]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _cell(text: str) -> str:
    return md_text(text).replace("|", "\\|")


def report_xlsx(report: Report) -> bytes:
    """One sheet of results per target, one of examples, one of units; the header row frozen."""
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    used: set[str] = set()

    def sheet(title: str, header: list[str], widths: list[int]):
        name = _sheet_name(title, used)
        ws = book.create_sheet(name)
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        for index, width in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + index)].width = width
        return ws

    header = ["Hội", "Năm", "Chỉ tiêu đặt ra", "Kết quả", "Trên tổng số", "Tỉ lệ", "Đạt", "Cần thêm", "Ghi chú", "Mã Hội"]
    for target in report.plan.targets:
        rows = [row for row in report.rows if row.target.id == target.id]
        if not rows:
            continue
        ws = sheet(target.short, header, [28, 8, 14, 10, 12, 10, 8, 10, 60, 18])
        for row in rows:
            _append_text(ws, [report.chapter_name(row.chapter), row.year, row.goal, row.reached, row.of, row.share,
                              None if row.met is None else ("có" if row.met else "không"), row.needed, note(row, report.plan), row.chapter])
            if row.share is not None:
                ws.cell(ws.max_row, 6).number_format = "0.0%"
            if row.is_share:
                ws.cell(ws.max_row, 3).number_format = "0%"
    ws = sheet("Gương", ["Chỉ tiêu", "Hội", "Năm", "Tên", "Ngày đăng", "Việc làm"], [20, 24, 8, 32, 12, 80])
    for row in report.example_rows():
        for example in report.examples(row):
            _append_text(ws, [row.target.short, report.chapter_name(row.chapter), row.year, example.name, example.date, example.deed])
            ws.cell(ws.max_row, 5).number_format = "DD/MM/YYYY"
    ws = sheet("Đơn vị", ["Chỉ tiêu", "Hội", "Năm", "Đơn vị", "Địa chỉ nhân đạo", "Cần ít nhất", "Thiếu"], [20, 24, 8, 44, 16, 12, 30])
    for row in report.rows:
        for item in row.below:
            _append_text(ws, [row.target.short, report.chapter_name(item.chapter), row.year, item.name, item.reached, item.goal,
                              ", ".join(report.plan.label("channel", c) for c in item.missing + item.unused)])
    ws = sheet("Hoạt động", ["Hội", "Ngày", "Loại", "Tiêu đề", "Nơi tổ chức", "Công khai"], [24, 12, 28, 60, 32, 10])
    for activity in sorted(report.activities, key=lambda a: (a.date, a.index)):
        kind = report.plan.activity_kind(activity.kind)
        _append_text(ws, [report.chapter_name(activity.chapter), activity.date, kind.label if kind else activity.kind,
                          activity.title, activity.place, "có" if activity.public else "không"])
        ws.cell(ws.max_row, 2).number_format = "DD/MM/YYYY"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique in the book."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()[:31] or "Trang"
    name, number = clean, 2
    while name in used:
        suffix = f" ({number})"
        name, number = clean[: 31 - len(suffix)] + suffix, number + 1
    used.add(name)
    return name


def report_docx(report: Report) -> bytes:
    """The report laid out as a Vietnamese administrative document: A4, Times New Roman."""
    return write_docx(report, note)


WRITERS: dict[str, Callable[[Report], bytes]] = {
    "docx": report_docx,
    "xlsx": report_xlsx,
    "csv": report_csv,
    "md": report_markdown,
}
