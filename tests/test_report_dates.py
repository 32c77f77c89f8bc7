"""Every official output true for its date, against a corpus counted by hand: the printable page and
every file of a year's report carry one set of figures counted as of the report's day; letterhead,
place and date follow the organisation and chapter of that day; sections II–IV come from the
chapter's own file and never reach the site."""

from __future__ import annotations

import datetime as dt
import functools
import io
import re

import pytest
from docx import Document
from docx.enum.text import WD_TAB_LEADER

from generator import cli
from generator.counting.documents import report_docx
from generator.counting.report import year_report
from generator.counting.tally import count_targets
from generator.reading.collection import load_collection
from generator.reading.plan import load_plan
from generator.rendering.context import Context
from generator.rendering.edition import Period, render_index
from generator.rendering.tally_pages import render_report_page

TODAY = dt.date(2026, 11, 29)  # conftest's NTTV_TODAY
BX = {"chapter": "binh-xuyen"}

# The corpus, counted by hand (see the comments of `corpus`):
#   period individuals as of 31/12/2024: 2, as of 31/12/2025: 4, as of today: 5 (one future story not counted);
#   period collectives: 1, 1, 2; province honours: 0 in the 2024 and 2025 reports, 1 in 2026.
PERIOD = {2024: ("2/250", "1/100", "0/2"), 2025: ("4/250", "1/100", "0/2"), 2026: ("5/250", "2/100", "1/2")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from scratch_site import fixed_environment, shared_scratch

    scratch = shared_scratch(tmp_path_factory.mktemp("dates") / "repo")
    scratch.story("2024/hoa.md", **BX)  # Nguyễn Thị Hoa, 8/5/2024
    scratch.story("2024/binh.md", **BX, title="Anh Bình sửa xe", person={"name": "Trần Văn Bình"}, date="2024-09-10",
                  consent={"by": "Trần Văn Bình", "date": "2024-09-01", "scope": ["website"]})
    scratch.story("2024/clb.md", **BX, kind="collective", title="Câu lạc bộ A", person={"name": "Câu lạc bộ A"},
                  date="2024-10-01", consent={"by": "Nguyễn Văn An (Chủ nhiệm câu lạc bộ)", "date": "2024-09-01", "scope": ["website"]})
    scratch.story("2025/cuong.md", **BX, title="Anh Cường", person={"name": "Lê Văn Cường"}, date="2025-03-01",
                  consent={"by": "Lê Văn Cường", "date": "2025-02-01", "scope": ["website"]})
    # Counted in 2025; its province honour of 2026 only in the 2026 report.
    scratch.story("2025/dung.md", chapter="tinh", title="Chị Dung", person={"name": "Phạm Thị Dung"}, date="2025-08-01",
                  consent={"by": "Phạm Thị Dung", "date": "2025-07-20", "scope": ["website"]},
                  honours=[{"level": "province", "year": 2026}])
    # Withdrawn: counted, never named.
    scratch.story("2026/em.md", chapter="tinh", title="Anh Em", person={"name": "Hoàng Văn Em"}, date="2026-02-01",
                  consent={"by": "Hoàng Văn Em", "date": "2026-01-20", "scope": ["website"]}, withdrawn="2026-06-01")
    scratch.story("2026/to-b.md", chapter="phuong-vinh-yen", kind="collective", title="Tổ dân phố B",
                  person={"name": "Tổ dân phố B"}, date="2026-03-01",
                  consent={"by": "Lê Thị Bình (Tổ trưởng tổ dân phố)", "date": "2026-02-20", "scope": ["website"]})
    # After today: never counted.
    scratch.story("2026/sau.md", chapter="tinh", title="Chưa đăng", person={"name": "Người Sau"}, date="2026-12-01",
                  consent={"by": "Người Sau", "date": "2026-11-01", "scope": ["website"]})
    with fixed_environment():
        yield scratch


def _loaded(root):
    plan = load_plan(root / "content" / "plan.yml")
    return plan, load_collection(root, plan, root / "stories")


def _docx(corpus, tmp_path, year: int, chapter: str, *extra: str) -> Document:
    """What `nttv report --format docx` writes, through the command."""
    out = tmp_path / f"{year}-{chapter}.docx"
    code = cli.main(["--root", str(corpus.root), "report", "--year", str(year), "--chapter", chapter, "--out", str(out), *extra])
    assert code == 0
    return Document(str(out))


@functools.lru_cache(maxsize=None)
def _stories(root):
    return _loaded(root)


def _document(corpus, year: int, chapter: str) -> Document:
    """The same document made in process by the command's own function (one reading of the stories per module)."""
    plan, collection = _stories(corpus.root)
    report = year_report(plan, collection.stories, year, chapter, TODAY, register=collection.register, root=corpus.root,
                         activities=collection.activities)
    return Document(io.BytesIO(report_docx(report)))


def _page_reports(root, year: int) -> dict[str, list[tuple[str, str, str]]]:
    """The printable page's reports: by issuer, each result row as (target, chapter, figure)."""
    plan, collection = _stories(root)
    tally = count_targets(plan, collection.stories, TODAY, collection.register, collection.activities)
    context = Context(plan, collection.visible(TODAY), tally, TODAY, counted=collection.stories, register=collection.register,
                      recorded=collection.activities)
    html = render_report_page(context, year).text
    found = {}
    for article in re.findall(r'<article class="nttv-report".*?</article>', html, re.S):
        issuer = re.search(r'nttv-report__org">([^<]*)<', article).group(1)
        rows = re.findall(r'<tr data-target="([^"]*)" data-chapter="([^"]*)"><td[^>]*>\d+</td><td>[^<]*</td><td>[^<]*</td>'
                          r'<td[^>]*>[^<]*</td><td class="nttv-num">([^<]*)</td>', article)
        found[issuer] = rows
    return found, html


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_the_page_and_the_word_file_carry_the_same_figures_for_every_chapter(corpus, tmp_path, year):
    pages, _ = _page_reports(corpus.root, year)
    assert pages, "no report on the page"
    plan, collection = _stories(corpus.root)
    for issuer, rows in pages.items():
        chapter = next(c for c in plan.chapters if c.level == "province") if "TỈNH" in issuer \
            else next(c for c in plan.chapters if issuer in (c.name.upper(), c.names[0][1].upper()))
        document = _document(corpus, year, chapter.id)
        table = [[cell.text for cell in row.cells] for row in document.tables[1].rows[1:]]
        assert [line[4] for line in table] == [figure for _, _, figure in rows], issuer
        assert len(rows) > 0


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_period_figures_and_honours_stop_at_the_reports_day(corpus, tmp_path, year):
    document = _docx(corpus, tmp_path, year, "tinh") if year == 2025 else _document(corpus, year, "tinh")
    table = [[cell.text for cell in row.cells] for row in document.tables[1].rows[1:]]
    by_label = {line[1]: line[4] for line in table}
    individuals, collectives, honours = PERIOD[year]
    assert by_label["Cá nhân tham gia cả giai đoạn 2022–2027 (toàn tỉnh)"] == individuals
    assert by_label["Tập thể tham gia cả giai đoạn 2022–2027 (toàn tỉnh)"] == collectives
    assert by_label["Tôn vinh “Người tốt, việc thiện” tiêu biểu cấp tỉnh (2 lần trong 5 năm)"] == honours
    pages, _ = _page_reports(corpus.root, year)
    province = next(rows for issuer, rows in pages.items() if "TỈNH" in issuer)
    assert ("period-individuals", "", individuals) in province


@pytest.mark.parametrize("year, chapter, head, place_date", [
    (2024, "binh-xuyen", ["HỘI CHỮ THẬP ĐỎ TỈNH VĨNH PHÚC", "HỘI CHỮ THẬP ĐỎ HUYỆN BÌNH XUYÊN"], "Vĩnh Phúc, ngày 31 tháng 12 năm 2024"),
    (2024, "tinh", ["TRUNG ƯƠNG HỘI CHỮ THẬP ĐỎ VIỆT NAM", "HỘI CHỮ THẬP ĐỎ TỈNH VĨNH PHÚC"], "Vĩnh Phúc, ngày 31 tháng 12 năm 2024"),
    # Bình Xuyên ceased on 30/6/2025: its 2025 report speaks as it was on its last day.
    (2025, "binh-xuyen", ["HỘI CHỮ THẬP ĐỎ TỈNH VĨNH PHÚC", "HỘI CHỮ THẬP ĐỎ HUYỆN BÌNH XUYÊN"], "Vĩnh Phúc, ngày 30 tháng 6 năm 2025"),
    (2025, "tinh", ["TRUNG ƯƠNG HỘI CHỮ THẬP ĐỎ VIỆT NAM", "HỘI CHỮ THẬP ĐỎ TỈNH PHÚ THỌ"], "Phú Thọ, ngày 31 tháng 12 năm 2025"),
    (2026, "tinh", ["TRUNG ƯƠNG HỘI CHỮ THẬP ĐỎ VIỆT NAM", "HỘI CHỮ THẬP ĐỎ TỈNH PHÚ THỌ"], "Phú Thọ, ngày 29 tháng 11 năm 2026"),
    (2026, "phuong-vinh-yen", ["HỘI CHỮ THẬP ĐỎ TỈNH PHÚ THỌ", "HỘI CHỮ THẬP ĐỎ PHƯỜNG VĨNH YÊN (MẪU)"], "Phú Thọ, ngày 29 tháng 11 năm 2026"),
])
def test_letterhead_place_and_date_are_those_of_the_reports_day(corpus, tmp_path, year, chapter, head, place_date):
    document = _docx(corpus, tmp_path, year, chapter) if chapter == "binh-xuyen" else _document(corpus, year, chapter)
    cells = [cell.text.splitlines() for cell in document.tables[0].rows[0].cells]
    assert cells[0][:2] == head
    assert cells[1][2] == place_date
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"Số liệu tính đến {'29/11/2026' if year == 2026 else f'31/12/{year}'}." in text
    signature = document.tables[-1].rows[0].cells[0].text
    assert f"{head[0].lower()}" in signature.lower()
    # Made today (29/11/2026): a report of a body gone or renamed since says so.
    ended = "Hội Chữ thập đỏ huyện Bình Xuyên đã dừng hoạt động sau ngày 30/6/2025" in text
    assert ended == (chapter == "binh-xuyen")
    renamed = "công việc của Hội Chữ thập đỏ tỉnh Vĩnh Phúc do Hội Chữ thập đỏ tỉnh Phú Thọ tiếp nhận" in text
    assert renamed == (year == 2024 and chapter == "tinh")
    if chapter == "binh-xuyen" and year == 2025:
        table = "\n".join(cell.text for row in document.tables[1].rows for cell in row.cells)
        assert "còn " not in table and "ngày (đến" not in table  # no countdown for a chapter that is gone


def test_a_withdrawn_example_is_counted_in_every_year_report_but_never_named(corpus, tmp_path):
    text = "\n".join(p.text for p in _document(corpus, 2026, "tinh").paragraphs)
    assert "Hoàng Văn Em" not in text and "gương không công bố" in text
    _, html = _page_reports(corpus.root, 2026)
    assert "Hoàng Văn Em" not in html


def test_sections_two_to_four_come_from_the_chapters_file_and_never_reach_the_site(corpus, tmp_path):
    document = _docx(corpus, tmp_path, 2024, "binh-xuyen")
    text = [p.text for p in document.paragraphs]
    assert text.index("II. ĐÁNH GIÁ CHUNG") < text.index("III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025") < text.index("IV. ĐỀ XUẤT, KIẾN NGHỊ")
    assert sum(1 for p in document.paragraphs if p.text == "\t"
               and p.paragraph_format.tab_stops[0].leader == WD_TAB_LEADER.DOTS) == 9  # dotted lines to fill by hand
    assert any(line.startswith("Thực hiện Kế hoạch triển khai Phong trào") and "Hội Chữ thập đỏ tỉnh Vĩnh Phúc" in line
               for line in text)

    assert cli.main(["--root", str(corpus.root), "report-text", "--year", "2024", "--chapter", "binh-xuyen"]) == 0
    path = corpus.root / "bao-cao" / "2024" / "binh-xuyen.md"
    draft = path.read_text(encoding="utf-8")
    assert "{{ individuals-reached }}" in draft
    assert cli.main(["--root", str(corpus.root), "report-text", "--year", "2024", "--chapter", "binh-xuyen"]) == 2
    assert path.read_text(encoding="utf-8") == draft  # never overwritten
    path.write_text(draft.replace("- ……\n\n## III", "- Còn {{ collectives }} tập thể, cần cố gắng hơn.\n\n## III"), encoding="utf-8")
    text = [p.text for p in _docx(corpus, tmp_path, 2024, "binh-xuyen").paragraphs]
    assert "- Năm 2024, đơn vị giới thiệu được 2 cá nhân “Người tốt, việc thiện” (kết quả so với chỉ tiêu: 2/5) và 1 tập thể " \
           "“Cộng đồng nhân ái” (kết quả so với chỉ tiêu: 1/2). ……" in text
    assert "- Còn 1/2 tập thể, cần cố gắng hơn." in text
    _, html = _page_reports(corpus.root, 2024)
    assert "ĐÁNH GIÁ CHUNG" not in html and "II." not in html.replace("Quý II", "")
    assert "cần cố gắng" not in html and "Đơn vị chưa đạt" not in html and "Nơi nhận" not in html
    path.write_text(draft.replace("{{ year }}", "{{ nam }}"), encoding="utf-8")
    with pytest.raises(Exception, match=r"binh-xuyen.md:\d+: không có số liệu `\{\{ nam \}\}`"):
        plan, collection = _loaded(corpus.root)
        year_report(plan, collection.stories, 2024, "binh-xuyen", TODAY, root=corpus.root)
    path.unlink()


def test_check_reminds_in_november_of_a_missing_assessment_and_never_fails(corpus, capsys, monkeypatch):
    assert cli.main(["--root", str(corpus.root), "check"]) == 0
    err = capsys.readouterr().err
    assert "Nhắc việc: bao-cao/2026/tinh.md: Hội Chữ thập đỏ tỉnh Phú Thọ chưa có phần đánh giá" in err
    assert "bao-cao/2026/binh-xuyen.md" not in err  # gone since 2025
    monkeypatch.setenv("NTTV_TODAY", "2026-10-31")
    assert cli.main(["--root", str(corpus.root), "check"]) == 0
    assert "Nhắc việc" not in capsys.readouterr().err


def test_the_bulletin_is_issued_under_the_name_of_its_quarter():
    from conftest import REPO

    plan = load_plan(REPO / "content" / "plan.yml")
    q1, q3 = Period.quarter_of(dt.date(2025, 2, 1)), Period.quarter_of(dt.date(2026, 8, 1))
    assert (plan.bulletin_on(q1.end), plan.organisation_on(q1.end).name) == ("Bản tin Nhân đạo Vĩnh Phúc", "Hội Chữ thập đỏ tỉnh Vĩnh Phúc")
    assert (plan.bulletin_on(q3.end), plan.organisation_on(q3.end).name) == ("Bản tin Nhân đạo Phú Thọ", "Hội Chữ thập đỏ tỉnh Phú Thọ")
    index = render_index(plan, [q3, q1], {q3: 1, q1: 2}, TODAY)
    assert "Bản tin Nhân đạo Phú Thọ – Quý III/2026" in index and "Bản tin Nhân đạo Vĩnh Phúc – Quý I/2025" in index


JSON_TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "array": list, "object": dict,
              "null": type(None)}


def test_open_data_rows_follow_one_schema_with_version_and_organisation(corpus, capsys):
    import csv
    import json

    assert cli.main(["tally", "--schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert cli.main(["--root", str(corpus.root), "tally", "--json", "--as-of", "2024-12-31"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(set(row) == set(schema["required"]) for row in rows)
    for row in rows:
        for name, value in row.items():
            kinds = schema["properties"][name]["type"]
            kinds = kinds if isinstance(kinds, list) else [kinds]
            assert isinstance(value, tuple(JSON_TYPES[k] for k in kinds)) and not (isinstance(value, bool) and "boolean" not in kinds)
    assert {(row["schema"], row["organisation"], row["as_of"]) for row in rows} == {("nttv-tally/1.1", "hctd-vinh-phuc", "2024-12-31")}
    out = corpus.root / "bao-cao-2026.csv"
    assert cli.main(["--root", str(corpus.root), "report", "--year", "2026", "--format", "csv", "--out", str(out)]) == 0
    lines = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    columns = {p["x-csv"]: name for name, p in schema["properties"].items() if "x-csv" in p}
    assert set(columns) <= set(lines[0])
    assert {(line["Lược đồ"], line["Mã tổ chức"], line["Tính đến ngày"]) for line in lines} == {("nttv-tally/1.1", "hctd-phu-tho", "2026-11-29")}


def test_a_pilot_outside_the_plans_pilot_year_is_a_warning_on_its_line(scratch):
    scratch.story("2024/diem.md", **BX, pilot=True, unit="Trường THCS Thanh Lãng")
    scratch.story("2023/diem.md", **BX, pilot=True, unit="Trường THCS Thanh Lãng", date="2023-05-08", title="Năm thí điểm",
                  consent={"by": "Nguyễn Thị Hoa", "date": "2023-05-01", "scope": ["website"]})
    plan, collection = _loaded(scratch.root)
    found = [(p.path, p.field, p.is_error) for p in collection.problems if p.field == "pilot"]
    assert found == [("stories/2024/diem.md", "pilot", False)]
    problem = next(p for p in collection.problems if p.field == "pilot")
    text = (scratch.root / "stories/2024/diem.md").read_text(encoding="utf-8").splitlines()
    assert text[problem.line - 1].startswith("pilot:")
    assert "chỉ được tính năm 2023" in problem.message


@pytest.mark.parametrize("missing, unused, said", [
    (("zalo",), (), "Yên Lạc (chưa có chuyên mục trên Zalo)"),
    ((), ("facebook",), "Yên Lạc (chưa đăng bài nào năm 2025 trên Facebook)"),
    (("zalo",), ("facebook",), "Yên Lạc (chưa có chuyên mục trên Zalo; chưa đăng bài nào năm 2025 trên Facebook)"),
])
def test_a_chapter_behind_on_its_columns_is_told_what_is_true(missing, unused, said):
    from conftest import REPO
    from generator.counting.rows import Shortfall
    from generator.counting.wording import shortfall

    plan = load_plan(REPO / "content" / "plan.yml")
    assert shortfall(plan, Shortfall("Yên Lạc", "yen-lac", 0, 2, missing, unused), 2025) == said
