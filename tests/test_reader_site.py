"""The shipped samples as a phone reader meets them: outline, link names, images, private text,
and in Debian's Chromium at 320 px: nothing wider than the screen, tables and filters easy to read and tap."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from pagefind_bundle import holds, indexed_pages
from htmltree import address, page, parse
from browser import chromium, served

from generator.rendering.pages import under_title

# Stories the site must not show (draft, dated after NTTV_TODAY, consent withdrawn).
HIDDEN = ("stories/2024/thu-quy-chi-hoi-hai-muoi-nam-ghi-chep-minh-bach-tung-dong-quyen-gop.md",
          "stories/2027/luong-y-hai-muoi-nam-kham-va-boc-thuoc-mien-phi-cho-nguoi-kho-khan.md",
          "stories/2026/ba-cu-gop-luong-huu-nuoi-bep-an-cho-benh-nhan-ngheo-o-xa.md")
LOOKED_AT = ("", "cau-chuyen/", "cau-chuyen/trang-2/", "cau-chuyen/ca-nhan/", "cau-chuyen/2024/",
             "cau-chuyen/2024/co-giao-muoi-nam-mo-lop-hoc-mien-phi/",
             "cau-chuyen/2024/ba-ban-rau-gop-tien-le-moi-ngay-cho-quy-khuyen-hoc-cua-xa/",
             "chi-hoi/", "chi-hoi/binh-xuyen/", "chi-hoi/xa-tam-dao/", "thong-ke/", "thong-ke/2025/",
             "thong-ke/2024/bao-cao/")


@pytest.fixture(scope="module")
def site(sample_site) -> Path:
    return sample_site


def html_pages(site: Path):
    """The reader's pages: every built HTML page but the web editor's (/quan-tri/, an application, not a page to read)."""
    return [(address(site, file), parse(file.read_text(encoding="utf-8"))) for file in sorted(site.rglob("*.html"))
            if file.relative_to(site).parts[0] != "quan-tri"]


# The page outline, read from the built HTML.

@pytest.mark.build
def test_every_page_has_one_h1_and_no_heading_level_skipped(site):
    wrong = {}
    for url, html in html_pages(site):
        themed = html.find_all("article", cls="md-content__inner")
        article = themed[0] if themed else html  # the bulletin's quarter pages stand alone, outside the theme
        levels = [int(e.tag[1]) for e in article.iter() if re.fullmatch(r"h[1-6]", e.tag)]
        skipped = [(before, after) for before, after in zip([0] + levels, levels) if after > before + 1]
        if levels.count(1) != 1 or skipped:
            wrong[url] = levels
    assert wrong == {}


@pytest.mark.build
def test_a_story_heading_written_with_three_hashes_reads_as_a_section_of_the_story(site):
    story = page(site, "cau-chuyen/2024/co-giao-muoi-nam-mo-lop-hoc-mien-phi/")
    body = story.find("div", cls="nttv-body")
    assert [h.text() for h in body.find_all("h2")] == ["Lớp học của cô Hoa"]
    assert body.find_all("h3") == []


@pytest.mark.parametrize("body, levels", [
    ("<p>a</p><h3>A</h3><p>b</p>", [2]),
    ("<h2>A</h2><h3>B</h3><h2>C</h2>", [2, 3, 2]),
    ("<h1>A</h1><h2>B</h2>", [2, 3]),
    ("<h2>A</h2><h4>B</h4>", [2, 3]),
    ("<h4>A</h4><h3>B</h3>", [2, 2]),
    ("<h1>A</h1><h2>B</h2><h3>C</h3><h4>D</h4><h5>E</h5><h6>F</h6>", [2, 3, 4, 5, 6, 6]),
    ("<p>no heading</p>", []),
])
def test_story_body_headings_follow_the_title_without_gaps(body, levels):
    html = parse(under_title(body))
    found = [e for e in html.iter() if re.fullmatch(r"h[1-6]", e.tag)]
    assert [int(e.tag[1]) for e in found] == levels
    assert [e.text() for e in found] == re.findall(r">([A-F])<", body)


def test_a_heading_shown_as_code_is_left_as_typed():
    body = "<pre><code>&lt;h3&gt;Tiêu đề&lt;/h3&gt;</code></pre><hr>"
    assert under_title(body) == body


# Link names, images.

@pytest.mark.build
def test_page_numbers_of_the_column_are_announced_as_pages(site):
    pager = page(site, "cau-chuyen/trang-2/").find("nav", cls="nttv-pager")
    numbered = [a for a in pager.find_all("a") if a.text().isdigit()]
    assert [(a.text(), a.attrs.get("aria-label")) for a in numbered] == [("1", "Trang 1"), ("3", "Trang 3")]


@pytest.mark.build
def test_every_link_has_a_name_and_every_image_an_alt_and_a_size(site):
    nameless, unsized = [], []
    for url, html in html_pages(site):
        for link in html.find_all("a"):
            hidden = link.attrs.get("aria-hidden") == "true" and link.attrs.get("tabindex") == "-1"
            if not (link.text() or link.attrs.get("aria-label") or link.attrs.get("title") or hidden):
                nameless.append((url, link.attrs.get("href")))
        for image in html.find_all("img"):
            if not {"alt", "width", "height"} <= image.attrs.keys():
                unsized.append((url, image.attrs.get("src")))
    assert (nameless, unsized) == ([], [])


# Private text.

@pytest.mark.build
def test_hidden_stories_and_consent_details_reach_no_built_file(site):
    secrets = set()
    for relative in HIDDEN:
        front = yaml.safe_load((REPO / relative).read_text(encoding="utf-8").split("---", 2)[1])
        secrets |= {front["title"], front["deed"], front["person"]["name"], Path(relative).stem}
    for story in (REPO / "stories").rglob("*.md"):
        consent = yaml.safe_load(story.read_text(encoding="utf-8").split("---", 2)[1]).get("consent") or {}
        secrets |= {consent[key] for key in ("record", "guardian") if consent.get(key)}
    files = [p for p in site.rglob("*") if p.suffix in (".html", ".json", ".xml", ".txt") and "pagefind" not in p.parts]
    assert {"sitemap.xml", "feed.xml"} <= {p.name for p in files}
    leaks = {(str(p.relative_to(site)), s) for p in files for s in secrets if s in p.read_text(encoding="utf-8")}
    searched = {url: page["content"] + json.dumps(page["meta"], ensure_ascii=False) for url, page in indexed_pages(site).items()}
    assert len(searched) > 50
    leaks |= {(url, s) for url, text in searched.items() for s in secrets if holds(text, s)}
    assert leaks == set()


# In a real browser, on a phone.

@pytest.fixture(scope="module")
def origin(site):
    with served(site) as address:
        yield address


@pytest.fixture(scope="module")
def phone():
    with chromium() as browser:
        yield browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)


def visit(phone, origin: str, url: str):
    tab = phone.new_page()
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(origin + url, wait_until="load")
    tab.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    return tab, requests


@pytest.mark.parametrize("url", LOOKED_AT)
@pytest.mark.build
@pytest.mark.browser
def test_at_320_px_no_page_scrolls_sideways_or_asks_anything_of_another_host(phone, origin, url):
    tab, requests = visit(phone, origin, url)
    try:
        widths = tab.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
        assert widths[0] <= widths[1]
        assert [r for r in requests if not r.startswith(origin)] == []
    finally:
        tab.close()


@pytest.mark.build
@pytest.mark.browser
def test_table_cells_keep_apart_and_rows_are_ruled(phone, origin):
    tab, _ = visit(phone, origin, "chi-hoi/")
    try:
        cell = tab.evaluate("""() => {
            const td = document.querySelector('table.nttv-table tbody td');
            const row = getComputedStyle(td.parentElement);
            const style = getComputedStyle(td);
            return [parseFloat(style.paddingLeft), parseFloat(style.paddingRight), row.borderTopStyle,
                    getComputedStyle(document.querySelector('table.nttv-table th')).textAlign];
        }""")
        assert cell[0] >= 4 and cell[1] >= 4
        assert cell[2] == "solid"
        assert cell[3] in ("left", "start")
    finally:
        tab.close()


@pytest.mark.build
@pytest.mark.browser
def test_kind_and_year_filters_are_tall_enough_to_tap(phone, origin):
    tab, _ = visit(phone, origin, "cau-chuyen/")
    try:
        heights = tab.evaluate("[...document.querySelectorAll('.nttv-filters a')].map(a => a.getBoundingClientRect().height)")
        assert len(heights) == 6
        assert min(heights) >= 24
    finally:
        tab.close()
