"""Each page type as a reader meets it in Chromium: accessible (axe), readable and tappable at 360 px,
light to load; the 404 page; the feeds in a feed reader."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from axe_playwright_python.sync_playwright import Axe

from browser import chromium, served
from search_reader import compressed_size

pytestmark = pytest.mark.build

PAGE_TYPES = {
    "home": "",
    "column": "cau-chuyen/",
    "story": "cau-chuyen/2024/co-giao-muoi-nam-mo-lop-hoc-mien-phi/",
    "chapter": "chi-hoi/binh-xuyen/",
    "former-chapter": "chi-hoi/yen-lac/",
    "chapters": "chi-hoi/",
    "province": "chi-hoi/tinh/",  # lists the chapters it took over from
    "tally": "thong-ke/",
    "tally-year": "thong-ke/2025/",
    "tally-report": "thong-ke/2024/bao-cao/",
    "activities": "hoat-dong/",
    "activity": "hoat-dong/2023/le-phat-dong-phong-trao-nguoi-tot-viec-thien-trong-thang-nhan-dao-2023/",
    "not-found": "khong-co-trang-nay/",  # served with the site's 404.html, as static hosts do
}
# Screenshots of every page type at both widths, kept for a person to look at.
SHOTS = Path(os.environ.get("NTTV_SHOTS", "/tmp/nttv-shots/reader"))
STORY_FIRST_VIEW_BUDGET = 100_000


@pytest.fixture(scope="module")
def browser(sample_site):
    with served(sample_site) as origin, chromium() as launched:
        yield launched, origin


def open_page(browser, url: str, width: int = 360):
    launched, origin = browser
    tab = launched.new_page(viewport={"width": width, "height": 740 if width < 500 else 800})
    problems: list[str] = []
    requests: list[str] = []
    tab.on("console", lambda m: m.type == "error" and not (url == PAGE_TYPES["not-found"] and "404" in m.text)
           and problems.append(m.text))
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.on("requestfinished", lambda r: requests.append(r.url))
    tab.goto(origin + url, wait_until="networkidle")
    return tab, problems, requests


def serious(tab) -> list[str]:
    results = Axe().run(tab)
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("name", PAGE_TYPES)
@pytest.mark.browser
def test_each_page_type_has_no_serious_accessibility_violation_and_no_console_error(browser, name):
    tab, problems, requests = open_page(browser, PAGE_TYPES[name])
    try:
        assert serious(tab) == []
        assert problems == []
        assert [r for r in requests if not r.startswith(browser[1])] == []
        SHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SHOTS / f"{name}-360.png"), full_page=True)
        tab.set_viewport_size({"width": 1280, "height": 800})
        tab.screenshot(path=str(SHOTS / f"{name}-1280.png"), full_page=True)
    finally:
        tab.close()


@pytest.mark.browser
def test_the_open_search_box_has_no_serious_accessibility_violation(browser):
    tab, problems, _ = open_page(browser, PAGE_TYPES["story"])
    try:
        tab.get_by_role("button", name="Tìm kiếm").click()
        tab.locator("#nttv-search-query").fill("yen lac")
        tab.wait_for_selector(".nttv-search__result")
        assert serious(tab) == []
        assert problems == []
        tab.screenshot(path=str(SHOTS / "search-360.png"))
    finally:
        tab.close()


# What a phone at 360 px measures on each page.
MEASURE = """() => {
  const out = {wide: document.scrollingElement.scrollWidth > innerWidth, short: [], small: [], body: 0, broken: []};
  const visible = e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && !e.closest('[hidden], dialog:not([open]), .md-sidebar, details:not([open]) > :not(summary)'); };
  for (const e of document.querySelectorAll('button, a, summary, [role=button]')) {
    if (!visible(e)) continue;
    // Exempt: a link inside a sentence (a paragraph or caption with more words than the link, or
    // the story's own text), and the skip link, shown only while it has the keyboard's focus.
    const block = e.closest('p, figcaption');
    const inSentence = e.tagName === 'A' && !e.closest('nav, header, footer, ul, ol, dl, table, .nttv-cards, .nttv-share, .nttv-prevnext')
      && (e.closest('.nttv-body') || (block && block.textContent.trim().length > e.textContent.trim().length + 2));
    if (!inSentence && !e.classList.contains('md-skip') && e.getBoundingClientRect().height < 44) out.short.push(e.outerHTML.slice(0, 90) + ' ' + e.getBoundingClientRect().height);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, e = node.parentElement;
    if (!node.textContent.trim() || !visible(e) || e.closest('.md-skip')) continue;
    const size = parseFloat(getComputedStyle(e).fontSize);
    if (size < 14) out.small.push(e.tagName + '.' + e.className + ' ' + size + ' ' + node.textContent.trim().slice(0, 30));
    const s = getComputedStyle(e);
    if (s.overflowWrap === 'anywhere' || s.wordBreak === 'break-all' || s.hyphens === 'auto') out.broken.push(e.tagName + '.' + e.className);
  }
  const p = document.querySelector('.md-typeset p');
  out.body = p ? parseFloat(getComputedStyle(p).fontSize) : 0;
  return out;
}"""


@pytest.mark.parametrize("name", PAGE_TYPES)
@pytest.mark.browser
def test_at_360_px_buttons_and_links_are_tall_text_is_large_nothing_scrolls_sideways(browser, name):
    tab, _, _ = open_page(browser, PAGE_TYPES[name])
    try:
        found = tab.evaluate(MEASURE)
        assert not found["wide"]
        assert found["short"] == []
        assert found["small"] == []
        assert found["broken"] == []
        assert found["body"] >= 16
    finally:
        tab.close()


MENU = """() => [...document.querySelectorAll('.md-sidebar--primary :is(a, label.md-nav__link, button)')]
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= innerWidth; })
  .map(e => [e.textContent.trim() || e.getAttribute('for') || e.outerHTML.slice(0, 60), e.getBoundingClientRect().height])"""


@pytest.mark.browser
def test_at_360_px_the_menu_and_the_open_search_are_tall_enough_to_tap(browser):
    tab, _, _ = open_page(browser, PAGE_TYPES["column"])
    try:
        tab.locator(".md-header label[for=__drawer]").click()
        tab.wait_for_function("document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
        entries = tab.evaluate(MENU)
        assert len(entries) >= 6
        assert [entry for entry in entries if entry[1] < 44] == []
        tab.keyboard.press("Escape")
        tab.goto(tab.url, wait_until="networkidle")
        tab.get_by_role("button", name="Tìm kiếm").click()
        tab.locator("#nttv-search-query").fill("hien mau")
        tab.wait_for_selector(".nttv-search__result")
        found = tab.evaluate(MEASURE)
        assert found["short"] == [] and found["small"] == []
    finally:
        tab.close()


@pytest.mark.browser
def test_the_404_page_speaks_vietnamese_and_leads_back(browser):
    tab, _, _ = open_page(browser, "cau-chuyen/2024/khong-co/")
    try:
        assert tab.locator("h1").inner_text() == "Không tìm thấy trang này"
        assert "Không tìm thấy trang" in tab.title()
        tab.get_by_role("link", name="Về chuyên mục Câu chuyện").click()
        tab.wait_for_load_state()
        assert urlsplit(tab.url).path == "/cau-chuyen/"
    finally:
        tab.close()
    tab, _, _ = open_page(browser, "khong-co/")
    try:
        tab.get_by_role("button", name="Tìm câu chuyện").click()
        assert tab.locator("#nttv-search").is_visible()
    finally:
        tab.close()


def first_view(browser, site: Path, url: str) -> int:
    tab, _, requests = open_page(browser, url)
    tab.close()
    return compressed_size(site, [r for r in requests if not r.endswith((".jpg", ".webp", ".png", ".svg"))])


@pytest.mark.browser
def test_a_story_page_first_view_stays_under_100_kb_compressed(browser, sample_site):
    assert first_view(browser, sample_site, PAGE_TYPES["story"]) <= STORY_FIRST_VIEW_BUDGET


# Feeds.

@pytest.mark.parametrize("path, entries", [("cau-chuyen/feed.xml", 20), ("chi-hoi/binh-xuyen/feed.xml", None)])
def test_the_feeds_read_cleanly_in_a_feed_reader(sample_site, path, entries):
    feed = feedparser.parse((sample_site / path).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title.startswith("Câu chuyện – ")
    if entries:
        assert len(feed.entries) == entries
    assert feed.entries
    dates = [e.published for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    for entry in feed.entries:
        assert entry.link.startswith("https://") and entry.summary and entry.title
        assert (sample_site / urlsplit(entry.link).path.lstrip("/") / "index.html").is_file()
        assert "<p>" not in entry.summary  # a summary, not the story's text


@pytest.mark.browser
def test_every_page_links_the_column_feed_and_a_chapter_its_own(browser):
    tab, _, _ = open_page(browser, PAGE_TYPES["chapter"])
    try:
        feeds = tab.eval_on_selector_all("link[type='application/atom+xml']", "ls => ls.map(l => new URL(l.href).pathname)")
        assert feeds == ["/cau-chuyen/feed.xml", "/chi-hoi/binh-xuyen/feed.xml"]
    finally:
        tab.close()
