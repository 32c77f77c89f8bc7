"""A column of 1,000 stories (benchmarks/make_stories.py) on a phone: a story's first view and the
first search stay light."""

from __future__ import annotations

import subprocess
import sys

import pytest

from browser import chromium, served
from conftest import REPO
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


@pytest.mark.parametrize("typed", ["viec thien", "dat", "tre em", "nguyen van hoa 12"])
def test_the_first_query_at_1000_stories_fetches_at_most_250_kb(reader, typed):
    found = reader.search(typed, "cau-chuyen/")
    assert found["links"]
    assert [u for u in found["before"] if "/pagefind/" in u] == []
    assert reader.compressed([u for u in found["after"] if "/pagefind/" in u]) <= FIRST_QUERY_BUDGET
