"""The column on the engines after MkDocs 1.6: ProperDocs runs the plugin and gives the same site."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, TODAY, shared_cache
from htmltree import address, internal_links, page

# The one line an engine is allowed to write differently: its own name and version.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _env() -> dict:
    return {**os.environ, "NTTV_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}


def _engine(*command: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *command], cwd=cwd, capture_output=True, text=True,
                          env=_env(), timeout=900)


pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def samples(sample_site) -> Path:
    """The samples' folder of the session's MkDocs build; the other engines build beside it."""
    return sample_site.parent


@pytest.fixture(scope="module")
def mkdocs_site(sample_site) -> Path:
    return sample_site


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_properdocs_builds_the_samples_with_the_plugin_into_the_same_pages(samples, mkdocs_site):
    result = _engine("properdocs", "build", "--strict", "-d", "site-properdocs", cwd=samples)
    assert result.returncode == 0, result.stderr
    assert "54 truyện đã đăng" in result.stderr  # the nttv plugin ran, not only the theme
    ours, theirs = _files(mkdocs_site), _files(samples / "site-properdocs")
    assert sorted(theirs) == sorted(ours)
    differing = [path for path in ours
                 if GENERATOR.sub(b"", ours[path]) != GENERATOR.sub(b"", theirs[path])]
    assert differing == []
    assert b"ProperDocs" in theirs["cau-chuyen/index.html"]


# Zensical runs no MkDocs plugin: `make site ENGINE=zensical` builds what `nttv generate` writes, then
# indexes the site for search, as the plugin does after an MkDocs build.

@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    """`make site ENGINE=zensical` in a copy of the repository as a fresh clone has it; Python's and Node's
    packages are this test run's (the web editor at /quan-tri/ is built from Node's)."""
    from test_workflow import copy_of_repository

    root = copy_of_repository(tmp_path_factory.mktemp("clone"))
    (root / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    with shared_cache(root):
        made = subprocess.run(["make", "site", "ENGINE=zensical"], cwd=root,
                              capture_output=True, text=True, env={**_env(), "VENV": sys.prefix}, timeout=900)
    assert made.returncode == 0, made.stdout + made.stderr
    assert "54 truyện đã đăng" in made.stderr  # the column's pages were generated, not only the hand-written ones
    return root / "site"


def _pages(site: Path) -> list[str]:
    return sorted(address(site, path) for path in site.rglob("index.html"))


def _title_and_heading(site: Path, url: str) -> tuple[str, str]:
    tree = page(site, url)
    return tree.find("title").text(), tree.find("h1").text()


SAMPLE_STORY = "cau-chuyen/2024/co-giao-muoi-nam-mo-lop-hoc-mien-phi/"


def test_zensical_builds_every_page_of_the_column_from_nttv_generate(mkdocs_site, zensical_site):
    assert _pages(zensical_site) == _pages(mkdocs_site)
    stories = [url for url in _pages(mkdocs_site) if url.count("/") == 3 and url.startswith("cau-chuyen/2") and "/trang-" not in url]
    assert len(stories) == 53  # the samples published on the website


@pytest.mark.parametrize("url", ["cau-chuyen/", SAMPLE_STORY, "chi-hoi/binh-xuyen/", "thong-ke/", "chi-hoi/"])
def test_zensical_pages_have_the_titles_of_the_mkdocs_build(mkdocs_site, zensical_site, url):
    assert _title_and_heading(zensical_site, url) == _title_and_heading(mkdocs_site, url)


@pytest.mark.parametrize("url, cls", [
    ("cau-chuyen/", "nttv-card"),            # the column's story cards
    ("cau-chuyen/trang-2/", "nttv-card"),
    ("chi-hoi/binh-xuyen/", "nttv-list"),    # a chapter's stories
    ("thong-ke/", "nttv-num"),               # every figure of the tally
    ("chi-hoi/", "nttv-num"),                # stories per chapter
])
def test_zensical_pages_show_the_same_figures_and_lists(mkdocs_site, zensical_site, url, cls):
    def shown(site):
        return [element.text() for element in page(site, url).find_all(cls=cls)]
    assert shown(zensical_site) == shown(mkdocs_site)
    assert shown(mkdocs_site)


def test_zensical_site_serves_the_same_photos_and_share_images(mkdocs_site, zensical_site):
    media = [path.relative_to(mkdocs_site) for path in mkdocs_site.glob("cau-chuyen/*/*/*") if path.suffix in (".jpg", ".png", ".webp")]
    assert any(path.name == "chia-se.jpg" for path in media) and any(path.name.startswith("anh-") for path in media)
    assert [path for path in media if (zensical_site / path).read_bytes() != (mkdocs_site / path).read_bytes()] == []
    story = page(zensical_site, SAMPLE_STORY)
    image = [m.attrs["content"] for m in story.find_all("meta", property="og:image")]
    assert image == ["https://nguoitotviecthien.example.org/" + SAMPLE_STORY + "chia-se.jpg"]


def _unresolved(site: Path) -> tuple[list, int]:
    links = list(internal_links(site, "https://nguoitotviecthien.example.org/"))
    return [(here, link) for here, _, _, link, target in links if not target.exists()], len(links)


def test_every_link_of_the_zensical_site_leads_where_it_does_in_the_mkdocs_build(mkdocs_site, zensical_site):
    # The bulletin's PDFs are printed after the build (`make editions`), for either engine.
    missing, count = _unresolved(zensical_site)
    assert missing == _unresolved(mkdocs_site)[0]
    assert all(link.endswith(".pdf") for _, link in missing)
    assert count > 1000  # cards, photos, share images, chapter and story links


def test_zensical_site_has_the_classic_look_of_the_mkdocs_build(mkdocs_site, zensical_site):
    # Zensical's default look ("modern") has a white header and other fonts; the column keeps Material's.
    def looks(site):
        home = page(site, "")
        sheets = [link.attrs["href"] for link in home.find_all("link", rel="stylesheet")]
        return home.find("body").attrs.get("data-md-color-primary"), sheets
    primary, sheets = looks(zensical_site)
    assert primary == looks(mkdocs_site)[0] == "red"
    assert any("/stylesheets/classic/main." in sheet for sheet in sheets)
    assert [sheet for sheet in sheets if "nttv" in sheet] == ["./" + s for s in looks(mkdocs_site)[1] if "nttv" in s]


def _searched_pages(site: Path) -> int:
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    return entry["languages"]["vi"]["page_count"]


def test_zensical_site_is_searched_like_the_mkdocs_build_and_has_no_second_index(mkdocs_site, zensical_site):
    assert _searched_pages(zensical_site) == _searched_pages(mkdocs_site) > 50
    # Zensical's own search stays off: it writes an empty index instead of every page's text (650 kB).
    assert json.loads((zensical_site / "search.json").read_text(encoding="utf-8"))["items"] == []


def test_zensical_feeds_are_byte_identical(mkdocs_site, zensical_site):
    feeds = sorted(path.relative_to(mkdocs_site) for path in mkdocs_site.rglob("feed.xml"))
    assert len(feeds) > 10  # the column's and every chapter's
    assert [path for path in feeds if (zensical_site / path).read_bytes() != (mkdocs_site / path).read_bytes()] == []


@pytest.mark.browser
def test_a_reader_finds_a_story_by_name_on_the_zensical_site(zensical_site):
    from browser import chromium, served
    from search_reader import Reader

    with served(zensical_site) as origin, chromium() as browser:
        found = Reader(browser, origin, zensical_site).search("nguyen thi hoa", every_page=False)
    assert found["errors"] == []
    assert found["links"][0] == "/" + SAMPLE_STORY
