"""The report as a Word document laid out per Decree 30/2020/NĐ-CP (công tác văn thư).

Letterhead of the issuing body under its parent, the national name and motto, number, place
and date; the title "BÁO CÁO" and its summary; the content; the signature block beside
"Nơi nhận". A4 with the decree's margins, Times New Roman throughout.
"""

from __future__ import annotations

import io
from typing import Callable

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..dates import short_date
from . import wording
from .assessment import DOTS
from ..reading.plan import Plan
from .report import ACTIVITIES_HEADING, MOTTO, MOTTO_COUNTRY, NO_ACTIVITY_LINE, Report
from .rows import Row

FONT = "Times New Roman"


def write_docx(report: Report, note: Callable[[Row, Plan], str]) -> bytes:
    """The document's bytes; the same input gives the same figures (python-docx stamps no figures of its own)."""
    document = Document()
    _page(document)
    _letterhead(document, report)
    _heading(document, "BÁO CÁO", size=14, space_before=12)
    _heading(document, report.title, size=14)
    _paragraph(document, f"Số liệu tính đến {short_date(report.as_of)}.", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if report.ended_note:
        _paragraph(document, report.ended_note, italic=True)
    _paragraph(document, report.opening, indent=True)
    _section(document, "I. KẾT QUẢ THỰC HIỆN")
    _section(document, "1. Kết quả các chỉ tiêu")
    _results(document, report, note)
    _section(document, "2. Các gương được tính")
    example_rows = report.example_rows()
    if not example_rows:
        _paragraph(document, "Chưa có gương nào được tính trong năm.", indent=True)
    for row in example_rows:
        _paragraph(document, f"{row.target.short} – {report.chapter_name(row.chapter)}:", bold=True)
        for example in report.examples(row):
            deed = f": {example.deed}" if example.deed else ""
            _paragraph(document, f"- {example.name} ({short_date(example.date)}){deed}", indent=True)
    _section(document, "3. Đơn vị chưa đạt chỉ tiêu")
    below = [(row, item) for row in report.rows for item in row.below]
    if not below:
        _paragraph(document, "Không có đơn vị nào chưa đạt.", indent=True)
    for row, item in below:
        _paragraph(document, f"- {row.target.short}: {wording.shortfall(report.plan, item, row.year)} – "
                             f"{report.chapter_name(item.chapter)}", indent=True)
    events = [event for row in report.rows for event in row.events]
    _section(document, "4. Tôn vinh")
    if not events:
        _paragraph(document, "Chưa có lần tôn vinh nào trong giai đoạn." if report.whole_province
                   else "Việc tôn vinh do Tỉnh Hội tổng hợp.", indent=True)
    for event in events:
        level = report.plan.label("honour_level", event.level)
        _paragraph(document, f"- {level} năm {event.year}: {', '.join(report.event_names(event.examples))}", indent=True)
    _section(document, f"5. {ACTIVITIES_HEADING}")
    groups = report.activity_groups()
    if not groups:
        _paragraph(document, NO_ACTIVITY_LINE, indent=True)
    for chapter, entries in groups:
        _paragraph(document, f"{chapter}:", bold=True)
        for entry in entries:
            _paragraph(document, f"- {entry}", indent=True)
    for section in report.sections:
        _section(document, f"{section.number}. {section.title}")
        for block in section.blocks:
            if block.kind == "heading":
                _paragraph(document, block.text, bold=True)
            elif block.text == DOTS:
                _dotted_line(document)
            else:
                _paragraph(document, ("- " if block.kind == "item" else "") + block.text, indent=True)
    _signature(document, report)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    # Decree 30, appendix I: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    # Word takes the font of non-Latin runs from eastAsia and cs: set them too, or it falls back.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_after = Pt(3)


def _run(paragraph, text: str, bold=False, italic=False, size: int | None = None, underline=False):
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    return run


def _widths(table, widths) -> None:
    """Fixed column widths: Word and LibreOffice read the grid, not only each cell's width."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _cell_line(cell, text: str, first: bool, **style) -> None:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    _run(paragraph, text, **style)


def _letterhead(document, report: Report) -> None:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Decree 30, appendix I: the issuer's names in 12–13 pt, the national name in 12–13 pt on one line.
    _widths(table, (Cm(7), Cm(9.5)))
    left, right = table.rows[0].cells
    _cell_line(left, report.parent.upper(), True, size=12)
    _cell_line(left, report.issuer.upper(), False, bold=True, size=12, underline=True)
    _cell_line(left, f"Số: {report.number or '……/BC-CTĐ'}", False, size=13)
    _cell_line(right, MOTTO_COUNTRY, True, bold=True, size=12)
    _cell_line(right, MOTTO, False, bold=True, size=14, underline=True)
    _cell_line(right, report.place_and_date(), False, italic=True, size=14)


def _heading(document, text: str, size: int, space_before: int = 0) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(space_before)
    paragraph.paragraph_format.space_after = Pt(0)
    _run(paragraph, text, bold=True, size=size)


def _section(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(12)
    paragraph.paragraph_format.keep_with_next = True
    _run(paragraph, text, bold=True)


def _paragraph(document, text: str, bold=False, italic=False, indent=False, align=WD_ALIGN_PARAGRAPH.JUSTIFY) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    _run(paragraph, text, bold=bold, italic=italic)


def _dotted_line(document) -> None:
    """A line to fill in by hand: a tab to the right margin with a dotted leader, exactly one line long."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(16.4), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.add_run("\t")


def _results(document, report: Report, note: Callable[[Row, Plan], str]) -> None:
    headers = ("STT", "Chỉ tiêu", "Đơn vị", "Chỉ tiêu đặt ra", "Kết quả", "Đánh giá")
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    widths = (Cm(1.3), Cm(4.4), Cm(2.5), Cm(1.9), Cm(2.6), Cm(3.8))
    for cell, text in zip(table.rows[0].cells, headers):
        _cell_line(cell, text, True, bold=True, size=12)
    _repeat_header(table.rows[0])
    for index, row in enumerate(report.rows, start=1):
        judged = wording.verdict(row) + (f"; {note(row, report.plan)}" if note(row, report.plan) else "")
        values = (str(index), row.target.label, report.chapter_name(row.chapter), wording.goal_text(row),
                  wording.figure(row), judged)
        line = table.add_row()
        # A row is read whole: never split across two pages.
        line._tr.get_or_add_trPr().append(line._tr.get_or_add_trPr().makeelement(qn("w:cantSplit"), {qn("w:val"): "true"}))
        for cell, text in zip(line.cells, values):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            _run(paragraph, text, size=12)
    _widths(table, widths)


def _repeat_header(row) -> None:
    """The header row repeats on every page a long table runs over."""
    properties = row._tr.get_or_add_trPr()
    header = properties.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    properties.append(header)


def _signature(document, report: Report) -> None:
    document.add_paragraph()
    table = document.add_table(rows=1, cols=2)
    _widths(table, (Cm(8), Cm(8.5)))
    left, right = table.rows[0].cells
    first = left.paragraphs[0]
    first.paragraph_format.space_after = Pt(0)
    _run(first, "Nơi nhận:", bold=True, italic=True, size=12)
    for item in report.recipients:
        paragraph = left.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        _run(paragraph, f"- {item}", size=11)
    signer = report.signer
    if signer is None:
        _cell_line(right, "NGƯỜI KÝ", True, bold=True, size=14)
        _cell_line(right, "(chức vụ và họ tên: ghi `signer` của Hội trong tệp kế hoạch)", False, italic=True, size=12)
        return
    _cell_line(right, signer.title.upper(), True, bold=True, size=14)
    _cell_line(right, "(Ký, đóng dấu)", False, italic=True, size=12)
    for _ in range(3):
        _cell_line(right, "", False)
    _cell_line(right, signer.name, False, bold=True, size=14)
