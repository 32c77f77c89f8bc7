"""`nttv report`: the files a chapter sends, read back with the libraries a reader would use, and
their figures checked against `nttv tally --json` for the same day."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from docx import Document
from openpyxl import load_workbook

from conftest import REPO

AS_OF = "2024-12-20"


@pytest.fixture
def samples(scratch):
    """The shipped sample stories in a scratch repository."""
    shutil.rmtree(scratch.root / "stories")
    shutil.copytree(REPO / "stories", scratch.root / "stories")
    return scratch


def json_rows(scratch, as_of: str) -> list[dict]:
    result = scratch.nttv("tally", "--json", "--as-of", as_of)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def report(scratch, tmp_path, fmt: str, *args: str):
    out = tmp_path / f"bao-cao.{fmt}"
    result = scratch.nttv("report", "--year", "2024", "--as-of", AS_OF, "--format", fmt, "--out", str(out), *args)
    assert result.returncode == 0, result.stderr
    assert "Đã ghi" in result.stderr
    return out


def figure(row: dict) -> str:
    if row["measure"] == "share":
        return f"{row['reached']}/{row['of']}"
    return f"{row['reached']}/{row['goal']}" if row["goal"] is not None else str(row["reached"])


def district_rows(scratch) -> list[dict]:
    rows = [r for r in json_rows(scratch, AS_OF) if r["chapter"] == "binh-xuyen" and r["year"] == 2024]
    assert {r["target"] for r in rows} >= {"individuals", "collectives", "school-addresses", "club-addresses"}
    return rows


def test_the_docx_is_the_administrative_report_with_the_tallys_figures(samples, tmp_path):
    path = report(samples, tmp_path, "docx", "--chapter", "binh-xuyen", "--number", "45/BC-CTĐ")
    document = Document(str(path))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert (round(section.left_margin.cm, 1), round(section.top_margin.cm, 1)) == (3.0, 2.0)
    assert document.styles["Normal"].font.name == "Times New Roman"
    head = [cell.text for cell in document.tables[0].rows[0].cells]
    # In 2024 Bình Xuyên belonged to Vĩnh Phúc: the report is headed, placed and sent as it was then.
    assert head[0].splitlines() == ["HỘI CHỮ THẬP ĐỎ TỈNH VĨNH PHÚC", "HỘI CHỮ THẬP ĐỎ HUYỆN BÌNH XUYÊN", "Số: 45/BC-CTĐ"]
    assert head[1].splitlines()[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert head[1].splitlines()[2] == "Vĩnh Phúc, ngày 20 tháng 12 năm 2024"
    text = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in text
    assert "Kết quả thực hiện Phong trào “Người tốt, việc thiện – Chung sức xây dựng cộng đồng nhân ái” năm 2024" in text
    results = document.tables[1]
    table = [[cell.text for cell in row.cells] for row in results.rows[1:]]
    expected = district_rows(samples)
    assert len(table) == len(expected)
    for line, row in zip(table, expected):
        assert line[4].startswith(figure(row)), (line, row)
        assert line[5].startswith("Đạt" if row["met"] else f"thiếu {row['needed']}")
    assert any(line.startswith("- Trường THCS Thanh Lãng") or "Trường THCS Thanh Lãng" in line for line in text)
    signature = [cell.text for cell in document.tables[2].rows[0].cells]
    assert signature[0].startswith("Nơi nhận:") and "Hội Chữ thập đỏ tỉnh Vĩnh Phúc (để báo cáo);" in signature[0]
    assert "CHỦ TỊCH" in signature[1]


def test_the_xlsx_has_a_sheet_per_target_with_numbers_and_a_frozen_header(samples, tmp_path):
    book = load_workbook(report(samples, tmp_path, "xlsx"))
    rows = [r for r in json_rows(samples, AS_OF) if r["year"] in (2024, None)]
    plan_targets = {r["target"] for r in rows}
    assert book.sheetnames[-3:] == ["Gương", "Đơn vị", "Hoạt động"]
    assert len(book.sheetnames) - 3 == len(plan_targets)
    found = []
    for sheet in book.worksheets[:-3]:
        assert sheet.freeze_panes == "A2"
        assert [c.value for c in sheet[1]][:4] == ["Hội", "Năm", "Chỉ tiêu đặt ra", "Kết quả"]
        for values in sheet.iter_rows(min_row=2, values_only=True):
            found.append(values)
            assert isinstance(values[3], int)
    by_key = {(r["chapter"], r["year"], r["goal"], r["reached"], r["of"]) for r in rows}
    assert {(v[9], v[1], v[2], v[3], v[4]) for v in found} == by_key
    assert len(found) == len(rows)
    names = [c.value for c in book["Gương"]["D"][1:]]
    assert "Nguyễn Thị Hoa" in names
    units = [c.value for c in book["Đơn vị"]["D"][1:]]
    assert "Trường THCS Thanh Lãng" in units


def test_the_csv_opens_in_a_spreadsheet_with_the_vietnamese_intact(samples, tmp_path):
    data = report(samples, tmp_path, "csv", "--chapter", "binh-xuyen").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert lines[0][:5] == ["Mã chỉ tiêu", "Chỉ tiêu", "Mục kế hoạch", "Mã Hội", "Hội"]
    expected = district_rows(samples)
    got = [(line[0], line[3], int(line[5]), line[6], int(line[7]), line[8]) for line in lines[1:]]
    assert got == [(r["target"], r["chapter"], r["year"], "" if r["goal"] is None else str(r["goal"]), r["reached"],
                    "" if r["of"] is None else str(r["of"])) for r in expected]
    assert lines[1][4] == "Bình Xuyên"


def test_the_markdown_report_lists_every_figure(samples, tmp_path):
    text = report(samples, tmp_path, "md", "--chapter", "binh-xuyen").read_text(encoding="utf-8")
    assert text.startswith("**HỘI CHỮ THẬP ĐỎ TỈNH VĨNH PHÚC**")
    for row in district_rows(samples):
        assert f"| {figure(row)}" in text


def test_a_withdrawn_example_is_counted_without_its_name(samples, tmp_path):
    out = tmp_path / "bao-cao.md"
    result = samples.nttv("report", "--year", "2026", "--chapter", "xa-vinh-tuong", "--as-of", "2026-11-01",
                          "--format", "md", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "gương không công bố" in text
    story = (REPO / "stories/2026/ba-cu-gop-luong-huu-nuoi-bep-an-cho-benh-nhan-ngheo-o-xa.md").read_text(encoding="utf-8")
    name = next(line.split(":", 1)[1].strip().strip('"') for line in story.splitlines() if line.strip().startswith("name:"))
    assert name not in text


@pytest.mark.parametrize("args, words", [
    pytest.param(["--chapter", "binh-xuye"], "ý bạn là `binh-xuyen`", id="unknown chapter"),
    pytest.param(["--chapter", "phuong-vinh-yen", "--year", "2023"], "không có số liệu năm 2023", id="before the chapter began"),
    pytest.param(["--as-of", "2023-05-01"], "trước năm báo cáo", id="as of before the year"),
    pytest.param(["--format", "docx", "--out", "-"], "không in ra màn hình", id="docx to the terminal"),
    pytest.param(["--year", "2030", "--as-of", "2030-06-01"], "năm 2030 ở ngoài giai đoạn của kế hoạch (2022–2027)",
                 id="year after the period"),
    pytest.param(["--year", "2019"], "năm 2019 ở ngoài giai đoạn của kế hoạch (2022–2027)", id="year before the period"),
    pytest.param(["--out", "khong-co-thu-muc/bao-cao.docx"], "không có thư mục khong-co-thu-muc", id="out in a missing folder"),
    pytest.param(["--out", "stories"], "là một thư mục: hãy ghi tên tệp", id="out is a folder"),
])
def test_report_refuses_what_it_cannot_do(samples, args, words):
    base = ["report", "--year", "2024"]
    if "--year" in args:
        base = ["report"]
    result = samples.nttv(*base, *args)
    assert result.returncode == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_a_report_for_a_year_not_begun_says_so_without_naming_an_option_not_given(samples, monkeypatch):
    monkeypatch.setenv("NTTV_TODAY", "2026-12-01")
    result = samples.nttv("report", "--year", "2027")
    assert result.returncode == 2
    assert "năm 2027 chưa bắt đầu (hôm nay là 1/12/2026)" in result.stderr
    assert "--as-of" not in result.stderr
