"""The tally's pages built from the shipped samples with ``public_shortfalls: true``: charts carrying the tables' figures, a page per
year and its printable report, the chapters' own charts; in Chromium at 360 px no word of a table
broken in the middle, and the report printed on A4."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from browser import chromium, served
from conftest import run_nttv
from htmltree import Element, page
from scratch_site import build_samples, fixed_environment

pytestmark = pytest.mark.build

FIGURES = re.compile(r"\d+/\d+|\d+")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The samples as a column that chose `public_shortfalls` shows them, the leaders' view of what
    each chapter still needs (the shipped plan honours what was achieved: tests/test_honour.py), with
    what `nttv tally --json` says of them."""
    root = tmp_path_factory.mktemp("tally-site")
    build_samples(root, {"public_shortfalls: false": "public_shortfalls: true"})
    with fixed_environment():
        tally = run_nttv(root, "tally", "--json")
    assert tally.returncode == 0, tally.stderr
    (root / "tally.json").write_text(tally.stdout, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built / "site"


@pytest.fixture(scope="module")
def rows(built) -> list[dict]:
    return json.loads((built / "tally.json").read_text(encoding="utf-8"))


def numbers(text: str) -> list[str]:
    return FIGURES.findall(text.split("(")[0])


def charts(html: Element) -> list[Element]:
    return html.find_all("figure", cls="nttv-chart")


def tables(html: Element) -> dict[str, Element]:
    return {table.attrs["data-target"]: table for table in html.find_all("table") if "data-target" in table.attrs}


@pytest.mark.parametrize("url", ["thong-ke/", "thong-ke/2023/", "thong-ke/2024/", "thong-ke/2025/", "thong-ke/2026/"])
def test_every_chart_carries_the_same_figures_as_its_table(site, url):
    html = page(site, url)
    found = charts(html)
    assert found, url
    by_target = tables(html)
    for chart in found:
        target = chart.attrs["data-target"]
        table = by_target[target]
        bars = [(g.attrs["data-label"], numbers(g.attrs["data-figure"]), g.attrs["data-state"]) for g in chart.find_all("g")]
        lines = [(tr.attrs["data-label"], numbers(tr.attrs["data-figure"]), tr.classes[0].removeprefix("nttv-"))
                 for tr in table.find("tbody").find_all("tr")]
        assert bars == lines, (url, target)
        words = chart.find("desc").text()
        for label, figures, _ in bars:
            assert label in words and all(f in words for f in figures)
        for bar in chart.find_all("g"):
            mark = {"met": "✓", "behind": "✗", "no-goal": "–"}[bar.attrs["data-state"]]
            assert mark in bar.find_all("text")[1].text(), "the state reads without colour"


def test_the_tables_show_the_figures_of_nttv_tally_json(site, rows):
    html = page(site, "thong-ke/2025/")
    by_target = tables(html)
    for row in (r for r in rows if r["year"] == 2025):
        table = by_target[row["target"]]
        label = "Toàn tỉnh" if row["chapter"] is None else None
        lines = table.find("tbody").find_all("tr")
        line = next(tr for tr in lines if (label and tr.attrs["data-label"].startswith(label)) or
                    (row["chapter"] and tr.find("a") is not None and tr.find("a").attrs["href"].rstrip("/").endswith(row["chapter"])))
        expected = f"{row['reached']}/{row['of']}" if row["measure"] == "share" else (
            f"{row['reached']}/{row['goal']}" if row["goal"] is not None else str(row["reached"]))
        assert line.find_all("td")[0].text().startswith(expected), (row, line.text())


def test_a_former_district_shows_its_prorated_goal_and_what_it_still_needed(site):
    html = page(site, "thong-ke/2025/")
    line = next(tr for tr in tables(html)["individuals"].find("tbody").find_all("tr") if tr.attrs["data-label"] == "Bình Xuyên")
    text = line.text()
    assert line.find_all("td")[0].text() == "0/3"
    assert "chỉ tiêu tính cho 6 tháng hoạt động (5 cả năm)" in text
    assert "cần thêm 3 cá nhân" in text


def test_this_years_shortfall_says_how_many_days_remain(site):
    line = next(tr for tr in tables(page(site, "thong-ke/2026/"))["individuals"].find("tbody").find_all("tr")
                if tr.attrs["data-label"] == "Tỉnh Hội")
    assert re.search(r"cần thêm \d+ cá nhân, còn 1 ngày \(đến 30/11/2026, hạn báo cáo về Tỉnh Hội\)", line.text())


def test_a_commune_shows_its_count_without_a_goal(site):
    line = next(tr for tr in tables(page(site, "thong-ke/2026/"))["individuals"].find("tbody").find_all("tr")
                if tr.attrs["data-label"] == "Phường Vĩnh Yên")
    assert line.find_all("td")[1].text() == "–"
    assert "không có chỉ tiêu" in line.text()


def test_units_below_their_figure_are_named(site):
    text = tables(page(site, "thong-ke/2024/"))["school-addresses"].text()
    assert "2/3 trường (66,7 %)" in text
    assert "Trường THCS Thanh Lãng (0/1)" in text


def test_the_period_page_shows_honours_with_the_people_and_links_each_year(site):
    html = page(site, "thong-ke/")
    assert [a.text() for a in html.find("nav", cls="nttv-years").find_all("a")] == ["2026", "2025", "2024", "2023"]
    honours = tables(html)["honours-province"].text()
    assert "1/2" in honours or "2/2" in honours
    events = html.find_all("ul", cls="nttv-list")[0].text()
    assert "Cấp tỉnh năm 2025" in events and "Nguyễn Thị Hoa" in events


def test_the_report_page_has_section_one_per_chapter_province_first(site):
    html = page(site, "thong-ke/2024/bao-cao/")
    reports = html.find_all("article", cls="nttv-report")
    issuers = [r.find("p", cls="nttv-report__org").text() for r in reports]
    assert issuers[0] == "HỘI CHỮ THẬP ĐỎ TỈNH VĨNH PHÚC"  # as it was in 2024
    assert "HỘI CHỮ THẬP ĐỎ HUYỆN BÌNH XUYÊN" in issuers
    first = reports[0]
    assert first.find("p", cls="nttv-report__country").text() == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert first.find("h2").text().startswith("BÁO CÁOKết quả thực hiện Phong trào")
    assert first.find("p", cls="nttv-report__date").text() == "Vĩnh Phúc, ngày 31 tháng 12 năm 2024"
    # Section I only: no assessment, no units named as behind, no signature on the public site.
    headings = [h.text() for h in first.find_all("h3")]
    assert headings == ["I. Kết quả thực hiện"]
    assert not first.find_all("div", cls="nttv-report__recipients")
    verdicts = {row.find_all("td")[-1].text() for row in first.find("tbody").find_all("tr")}
    assert verdicts <= {"Đạt", "Chưa đạt", "–"} and "Chưa đạt" in verdicts  # met or not, never by how much
    assert "cần thêm" not in first.text()


def test_a_chapter_page_shows_its_own_charts(site):
    html = page(site, "chi-hoi/binh-xuyen/")
    ids = [chart.attrs["id"] for chart in charts(html)]
    assert "chi-hoi-binh-xuyen-individuals" in ids and "chi-hoi-binh-xuyen-school-addresses" in ids
    years = [g.attrs["data-label"] for g in charts(html)[0].find_all("g")]
    assert years == ["2023", "2024", "2025"]


def test_the_province_page_says_from_when_to_now(site):
    assert "Từ 1/1/2022 đến nay" in page(site, "chi-hoi/tinh/").text()


# In the browser.

WORDS_BROKEN = """() => {
    const broken = [];
    for (const cell of document.querySelectorAll('table.nttv-tally th, table.nttv-tally td')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const re = /\\S+/g;
            let match;
            while ((match = re.exec(node.data))) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (lines.size > 1) broken.push(match[0]);
            }
        }
    }
    return broken;
}"""


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.mark.browser
@pytest.mark.parametrize("url", ["thong-ke/", "thong-ke/2025/", "thong-ke/2024/bao-cao/", "chi-hoi/binh-xuyen/"])
def test_at_360_px_no_word_of_a_table_breaks_and_the_page_does_not_scroll_sideways(site, browser, url):
    with served(site) as origin:
        tab = browser.new_page(viewport={"width": 360, "height": 800})
        try:
            tab.goto(origin + url, wait_until="load")
            assert tab.evaluate(WORDS_BROKEN) == []
            width, inner = tab.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
            assert width <= inner
            sizes = tab.evaluate("[...document.querySelectorAll('.nttv-chart text')].map(t => t.getBoundingClientRect().height)")
            assert not sizes or min(sizes) >= 10, "chart words stay legible on a phone"
        finally:
            tab.close()


@pytest.mark.browser
def test_the_report_prints_on_a4_without_the_sites_navigation(site, browser, tmp_path):
    with served(site) as origin:
        tab = browser.new_page()
        try:
            tab.goto(origin + "thong-ke/2024/bao-cao/", wait_until="load")
            tab.emulate_media(media="print")
            hidden = tab.evaluate("""['.md-header', '.md-sidebar--primary', '.md-footer'].map(
                s => { const e = document.querySelector(s); return !e || getComputedStyle(e).display === 'none'; })""")
            assert hidden == [True, True, True]
            breaks = tab.evaluate("[...document.querySelectorAll('.nttv-report')].map(r => getComputedStyle(r).breakBefore)")
            assert breaks[0] != "page" and set(breaks[1:]) == {"page"}
            pdf = tab.pdf(format="A4", print_background=True)
        finally:
            tab.close()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= len(breaks)
    assert b"/MediaBox [0 0 594.96 841.92]" in pdf or b"/MediaBox [0 0 595" in pdf
