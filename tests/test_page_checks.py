"""The reader's pages checked as the issue of perfect scores on a phone asks: axe-core (npm, pinned in
package.json) finds no violation of any impact on home, column, story, chapter, tally and the open
search, at 360 and 1280 px; Lighthouse (npm, pinned) scores 100 for accessibility, best practices
and SEO; and budgets stand in for the performance score: what blocks the first paint, and what the
first view of each page type weighs, gzip-compressed as the README's nginx serves it."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser import chromium, served
from conftest import REPO
from search_reader import compressed_size

PAGES = {
    "home": "",
    "column": "cau-chuyen/",
    "story": "cau-chuyen/2024/co-giao-muoi-nam-mo-lop-hoc-mien-phi/",
    "chapter": "chi-hoi/vinh-tuong/",
    "tally": "thong-ke/",
}
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
LIGHTHOUSE = REPO / "scripts" / "lighthouse.mjs"
# gzip-compressed bytes. Render-blocking: the stylesheets in <head> (Material's own is 23 KB of it).
RENDER_BLOCKING_BUDGET = 40_000
# The first view at 360 px: the page, its styles and scripts, the fonts and the pictures in view.
# Measured 2026-12-06: about 80 KB each (Material's stylesheet and script are 60 KB of it).
FIRST_VIEW_BUDGETS = {"home": 130_000, "column": 120_000, "story": 130_000, "chapter": 110_000, "tally": 110_000}


@pytest.fixture(scope="module")
def browser(sample_site):
    with served(sample_site) as origin, chromium() as launched:
        yield launched, origin


@pytest.fixture(scope="module")
def axe() -> Axe:
    # Fail closed: without the pinned axe-core (make node_modules) the check cannot pass.
    assert AXE.is_file(), "node_modules/axe-core/axe.min.js: chạy make node_modules"
    assert AXE.read_text(encoding="utf-8").startswith("/*! axe v4.14.1"), "axe-core is not the pinned 4.14.1"
    return Axe.from_file(AXE)


def violations(axe: Axe, tab) -> list[str]:
    results = axe.run(tab)
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]


def open_tab(browser, url: str, width: int):
    launched, origin = browser
    tab = launched.new_page(viewport={"width": width, "height": 740 if width < 500 else 800})
    requests: list[str] = []
    tab.on("requestfinished", lambda r: requests.append(r.url))
    tab.goto(origin + url, wait_until="networkidle")
    return tab, requests


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violation_of_any_impact(browser, axe, name, width):
    tab, _ = open_tab(browser, PAGES[name], width)
    try:
        assert violations(axe, tab) == []
    finally:
        tab.close()


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("width", [360, 1280])
def test_axe_finds_no_violation_in_the_open_search(browser, axe, width):
    tab, _ = open_tab(browser, PAGES["story"], width)
    try:
        tab.get_by_role("button", name="Tìm kiếm").click()
        tab.locator("#nttv-search-query").fill("yen lac")
        tab.wait_for_selector(".nttv-search__result")
        assert violations(axe, tab) == []
    finally:
        tab.close()


@pytest.mark.browser
@pytest.mark.build
def test_lighthouse_gives_100_for_accessibility_best_practices_and_seo(sample_site):
    assert (REPO / "node_modules" / "lighthouse" / "package.json").is_file(), "node_modules/lighthouse: chạy make node_modules"
    version = json.loads((REPO / "node_modules" / "lighthouse" / "package.json").read_text(encoding="utf-8"))["version"]
    assert version == "12.2.3"
    with served(sample_site) as origin:
        run = subprocess.run(["node", str(LIGHTHOUSE), *(origin + url for url in PAGES.values())], cwd=REPO,
                             capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout)
    assert len(report) == len(PAGES)
    for url, result in report.items():
        assert result["errors"] == [], url
        assert result["failed"] == [], url
        assert result["scores"] == {"accessibility": 1, "best-practices": 1, "seo": 1}, url


def blocking(html: str) -> list[str]:
    """What the browser must fetch before it paints: stylesheets and plain scripts in <head>."""
    head = html.split("</head>", 1)[0]
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', head)
    scripts = [src for src, rest in re.findall(r'<script src="([^"]+)"([^>]*)>', head) if "defer" not in rest and "async" not in rest]
    return sheets + scripts


@pytest.mark.build
@pytest.mark.parametrize("name", PAGES)
def test_what_blocks_the_first_paint_stays_within_its_budget(sample_site, name):
    folder = sample_site / PAGES[name]
    files = blocking((folder / "index.html").read_text(encoding="utf-8"))
    assert files
    addresses = [(folder / file).resolve().relative_to(sample_site.resolve()).as_posix() for file in files]
    assert compressed_size(sample_site, addresses) <= RENDER_BLOCKING_BUDGET, addresses


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("name", PAGES)
def test_the_first_view_of_each_page_type_stays_within_its_budget(browser, sample_site, name):
    tab, requests = open_tab(browser, PAGES[name], 360)
    try:
        origin = browser[1]
        own = [url.split("#")[0] for url in requests if url.startswith(origin)]
        assert len(own) == len(requests), "nothing is fetched from another host"
        weight = compressed_size(sample_site, own)
        assert weight <= FIRST_VIEW_BUDGETS[name], (name, weight)
    finally:
        tab.close()


# The news column's layout, as a reader sees it.

@pytest.mark.browser
@pytest.mark.build
def test_on_a_phone_the_home_pages_first_screen_shows_the_lead_storys_picture_and_title(browser):
    tab, _ = open_tab(browser, PAGES["home"], 360)
    try:
        seen = tab.evaluate("""() => {
            const box = e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom, r.width, r.height]; };
            const lead = document.querySelector('.nttv-lead-story');
            return {picture: box(lead.querySelector('.nttv-card__cover img, .nttv-plain')),
                    title: box(lead.querySelector('.nttv-lead-story__title')), screen: innerHeight,
                    cards: [...document.querySelectorAll('.nttv-cards--grid .nttv-card__cover > *')].map(box)};
        }""")
        assert seen["picture"][1] <= seen["screen"] and seen["title"][1] <= seen["screen"], seen
        assert seen["picture"][2] >= 300
        assert len(seen["cards"]) == 6
        for top, bottom, width, height in seen["cards"]:
            assert abs(width / height - 16 / 9) < 0.02, (width, height)
    finally:
        tab.close()


@pytest.mark.browser
@pytest.mark.build
def test_a_storys_breadcrumb_keeps_to_one_line_at_360_px(browser):
    tab, _ = open_tab(browser, PAGES["story"], 360)
    try:
        lines = tab.evaluate("""() => {
            const items = [...document.querySelectorAll('.nttv-breadcrumb li')].map(li => li.getBoundingClientRect());
            const last = document.querySelector('.nttv-breadcrumb [aria-current]');
            return {tops: items.map(r => Math.round(r.top)), right: Math.max(...items.map(r => r.right)),
                    cut: last.scrollWidth > last.clientWidth, width: innerWidth};
        }""")
        assert len(set(lines["tops"])) == 1, lines
        assert lines["right"] <= lines["width"] and lines["cut"], lines
    finally:
        tab.close()


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("name", ["story", "column"])
def test_at_1280_px_no_side_column_and_the_menu_is_in_the_header(browser, name):
    tab, _ = open_tab(browser, PAGES[name], 1280)
    try:
        seen = tab.evaluate("""() => {
            const shown = e => e && e.getBoundingClientRect().width > 0 && getComputedStyle(e).display !== 'none';
            const text = document.querySelector('.md-content__inner').getBoundingClientRect();
            return {sidebars: [...document.querySelectorAll('.md-sidebar')].filter(shown).length,
                    tabs: [...document.querySelectorAll('.md-tabs__link')].filter(shown).map(a => a.textContent.trim()),
                    left: text.left, right: innerWidth - text.right, width: text.width,
                    h1: getComputedStyle(document.querySelector('.md-typeset h1')).color};
        }""")
        assert seen["sidebars"] == 0
        assert seen["tabs"][:4] == ["Trang chủ", "Câu chuyện", "Các cấp Hội", "Thống kê"]
        assert abs(seen["left"] - seen["right"]) < 20, seen  # centred, nothing beside it
        if name == "story":
            assert seen["width"] <= 42 * 20 + 1  # reading width: 42rem
        assert seen["h1"] in ("rgba(0, 0, 0, 0.87)", "rgb(33, 33, 33)", "rgb(0, 0, 0)"), seen["h1"]
    finally:
        tab.close()


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("url", ["thong-ke/", "thong-ke/2025/", "chi-hoi/", "chi-hoi/vinh-tuong/"])
def test_at_360_px_table_rows_fit_a_screen_and_chapter_names_take_two_lines_at_most(browser, url):
    tab, _ = open_tab(browser, url, 360)
    try:
        seen = tab.evaluate("""() => {
            const lines = e => { const range = document.createRange(); range.selectNodeContents(e);
                return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; };
            return {rows: [...document.querySelectorAll('table.nttv-table tbody tr')].map(tr => tr.getBoundingClientRect().height),
                    names: [...document.querySelectorAll('table.nttv-table tbody a')].map(a => [a.textContent, lines(a)]),
                    captions: [...document.querySelectorAll('table.nttv-table caption')].map(c => c.scrollWidth <= c.clientWidth + 1),
                    screen: innerHeight};
        }""")
        assert seen["rows"] and max(seen["rows"]) < seen["screen"], seen["rows"]
        assert [name for name, count in seen["names"] if count > 2] == []
        assert all(seen["captions"])
    finally:
        tab.close()
