"""A column of 1,000 stories (benchmarks/make_stories.py) on a phone: a story's first view and the
first search stay light."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

import pytest

from browser import chromium, served
from conftest import REPO
from pagefind_bundle import indexed_pages
from scratch_site import fixed_environment
from search_reader import FIRST_QUERY_BUDGET, Reader, compressed_size

STORIES = 1000
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
def reader(big_site):
    with served(big_site) as origin, chromium() as browser:
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


@pytest.mark.parametrize("typed", ["viec thien", "dat", "tre em", "ho tro", "nguyen van hoa 12"])
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


def fold(text: str) -> str:
    """``text`` as a phone reader types it: no diacritics, d for đ, lower case."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
