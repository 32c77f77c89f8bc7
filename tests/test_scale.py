"""A column of 1,000 stories (benchmarks/make_stories.py) on a phone: a story's first view and the
first search stay light; and the first search still does at 10,000 stories."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from browser import chromium, served
from conftest import REPO
from pagefind_bundle import indexed_pages
from scratch_site import fixed_environment
from search_reader import FIRST_QUERY_BUDGET, Reader, compressed_size

from generator.rendering.search import index_site

pytestmark = [pytest.mark.build, pytest.mark.browser, pytest.mark.scale]

STORIES = 1000
COPIES = 10  # the column at 10,000 stories: each built story page ten times
QUERIES = ["viec thien", "dat", "tre em", "ho tro", "nguyen van hoa 12"]
STORY_FIRST_VIEW_BUDGET = 100_000


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("scale") / "repo"
    made = subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_stories.py"), str(STORIES), str(root)],
                          capture_output=True, text=True, timeout=600)
    assert made.returncode == 0, made.stderr
    with fixed_environment():
        built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root,
                               capture_output=True, text=True, timeout=1800)
    assert built.returncode == 0, built.stderr
    return root / "site"


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def reader(big_site, browser):
    with served(big_site) as origin:
        yield Reader(browser, origin, big_site)


def test_a_story_page_first_view_at_1000_stories_stays_under_100_kb(reader):
    story = next(p for p in sorted((reader.site / "cau-chuyen" / "2024").iterdir()) if (p / "index.html").is_file())
    tab = reader.browser.new_page(viewport={"width": 360, "height": 740})
    requests: list[str] = []
    tab.on("requestfinished", lambda r: requests.append(r.url))
    tab.goto(reader.origin + f"cau-chuyen/2024/{story.name}/", wait_until="networkidle")
    tab.close()
    assert len(list((reader.site / "cau-chuyen").rglob("index.html"))) > STORIES
    assert compressed_size(reader.site, [r for r in requests if not r.endswith((".jpg", ".webp", ".png", ".svg"))]) <= STORY_FIRST_VIEW_BUDGET


@pytest.mark.parametrize("typed", QUERIES)
def test_the_first_query_at_1000_stories_fetches_at_most_250_kb(reader, typed):
    found = reader.search(typed, "cau-chuyen/")
    assert found["links"]
    assert [u for u in found["before"] if "/pagefind/" in u] == []
    fetched = [u for u in found["after"] if "/pagefind/" in u]
    assert not any(u.endswith("pagefind-worker.js") for u in fetched)  # the search runs on the page
    assert reader.compressed(fetched) <= FIRST_QUERY_BUDGET


def test_a_full_name_without_diacritics_puts_its_story_first_at_1000_stories(reader):
    pages = indexed_pages(reader.site)
    url, name = next((url, page["meta"]["name"]) for url, page in sorted(pages.items())
                     if url.startswith("/cau-chuyen/") and page["meta"].get("name", "").endswith(" 500"))
    found = reader.search(fold(name), "cau-chuyen/")
    assert found["links"][0] == url
    assert reader.compressed([u for u in found["after"] if "/pagefind/" in u]) <= FIRST_QUERY_BUDGET


def story_named(site: Path, number: int) -> tuple[str, str]:
    """The address and person's name of generated story ``number``."""
    return next((url, page["meta"]["name"]) for url, page in sorted(indexed_pages(site).items())
                if url.startswith("/cau-chuyen/") and page["meta"].get("name", "").endswith(f" {number}"))


# What a reader types at 1,000 stories, and what must come first (None: nothing at all).
FIRST_AT_1000 = [
    ("binh xuyen", "/chi-hoi/binh-xuyen/"),
    ("hien mau tinh nguyen", "title: Hiến máu tình nguyện"),
    ("nau com", "title: Nấu cơm"),
    ("tàu vũ trụ", None),
    ("hien mau xyz", None),
]


@pytest.mark.parametrize("typed, first", FIRST_AT_1000)
def test_the_closest_pages_come_first_at_1000_stories(reader, typed, first):
    found = reader.search(typed, "cau-chuyen/", every_page=False)
    assert found["errors"] == []
    if first is None:
        assert found["links"] == [] and found["status"].startswith(f"Không tìm thấy kết quả nào cho “{typed}”")
    elif first.startswith("title: "):
        assert fold(first.removeprefix("title: ")) in fold(found["shown"][0]["title"]), found["shown"][0]
    else:
        assert found["links"][0] == first
    assert reader.compressed([u for u in found["after"] if "/pagefind/" in u]) <= FIRST_QUERY_BUDGET


def test_a_name_one_letter_off_offers_the_name_at_1000_stories(reader):
    url, name = story_named(reader.site, 500)
    family, middle, *rest = fold(name).split()
    typed = " ".join([family, middle[0] + middle[2] + middle[1] + middle[3:], *rest])  # two letters swapped
    found = reader.search(typed, "cau-chuyen/", every_page=False)
    assert found["suggestion"] == f"Có phải bạn tìm: {name}?"
    assert url not in found["links"]
    assert reader.compressed([u for u in found["after"] if "/pagefind/" in u]) <= FIRST_QUERY_BUDGET


def copied_column(site: Path, out: Path, copies: int) -> Path:
    """``site`` with each story page there ``copies`` times, the copies numbered after the last story
    (story 5 of 1,000 is also story 1005, 2005…, its person "… 1005"): the words of 10,000 stories
    spread as in the 1,000 built ones, in seconds instead of a build of half an hour. Indexed by the
    real ``index_site``."""
    shutil.copytree(site, out, ignore=shutil.ignore_patterns("pagefind"), copy_function=os.link)
    stories = sorted(out.glob("cau-chuyen/20*/cau-chuyen-*/index.html"))
    last = max(int(page.parent.name.rsplit("-", 1)[1]) for page in stories)
    for page in stories:
        number = int(page.parent.name.rsplit("-", 1)[1])
        html = page.read_text(encoding="utf-8")
        for copy in range(1, copies):
            other = number + last * copy
            text = re.sub(rf"(?<!\d){number}(?!\d)", str(other), html.replace(f"cau-chuyen-{number:05d}", f"cau-chuyen-{other:05d}"))
            target = page.parent.parent / f"cau-chuyen-{other:05d}" / "index.html"
            target.parent.mkdir()
            target.write_text(text, encoding="utf-8")
    index_site(out)
    return out


@pytest.fixture(scope="module")
def reader_at_10000(big_site, browser, tmp_path_factory):
    site = copied_column(big_site, tmp_path_factory.mktemp("scale10k") / "site", COPIES)
    with served(site) as origin:
        yield Reader(browser, origin, site)


@pytest.mark.parametrize("typed", QUERIES)
def test_the_first_query_at_10000_stories_fetches_at_most_250_kb(reader_at_10000, typed):
    reader = reader_at_10000
    assert len(indexed_pages(reader.site)) > STORIES * COPIES
    found = reader.search(typed, "cau-chuyen/", every_page=False)
    assert found["links"] and found["errors"] == []
    assert [u for u in found["before"] if "/pagefind/" in u] == []
    assert reader.compressed([u for u in found["after"] if "/pagefind/" in u]) <= FIRST_QUERY_BUDGET


@pytest.mark.parametrize("number", [500, 9500])
def test_a_full_name_without_diacritics_puts_its_story_first_at_10000_stories(reader_at_10000, number):
    reader = reader_at_10000
    url, name = next((url, page["meta"]["name"]) for url, page in sorted(indexed_pages(reader.site).items())
                     if url.startswith("/cau-chuyen/") and page["meta"].get("name", "").endswith(f" {number}"))
    found = reader.search(fold(name), "cau-chuyen/", every_page=False)
    assert found["links"][0] == url
    assert reader.compressed([u for u in found["after"] if "/pagefind/" in u]) <= FIRST_QUERY_BUDGET


def fold(text: str) -> str:
    """``text`` as a phone reader types it: no diacritics, d for đ, lower case."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
