"""Generated HTML set aside from the engine's Markdown pass comes back exactly as Markdown would have left it."""

from __future__ import annotations

import dataclasses

import markdown
import pytest
import yaml

from conftest import REPO, repo_plan, TODAY
from generator.build import build_site
from generator.cache import Caches
from generator.dates import parse_iso_date
from generator.mkdocs_adapter.set_aside import put_back_html, set_aside_html

KEY = "k1"


def _site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions of mkdocs.yml, as MkDocs runs it over a page."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names, options = [], {}
    for entry in config["markdown_extensions"]:
        name, settings = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if settings:
            options[name] = settings
    return markdown.Markdown(extensions=names, extension_configs=options)


def _through(text: str) -> tuple[str, str, int]:
    """(HTML of ``text``, HTML with its blocks set aside and put back, how many were set aside)."""
    engine = _site_markdown()
    plain = engine.reset().convert(text)
    shortened, blocks = set_aside_html(text, KEY)
    restored = put_back_html(engine.reset().convert(shortened), KEY, blocks)
    return plain, restored, len(blocks)


@pytest.mark.parametrize("text, set_aside", [
    ("# Tiêu đề\n\n<div class=\"a\">\n<p>Một</p>\n\n<pre>\n\nhai\n</pre>\n</div>\n\nĐoạn *văn*.\n", 1),
    ("<div>\n<div>lồng</div>\n</div>\n\n<section>\n<h2>Chia sẻ</h2>\n</section>\n", 2),
    ("Chữ\n<div>ngay sau dòng chữ</div>\n", 0),                     # not after a blank line
    ("<div>\nchưa đóng\n\n# Tiêu đề\n", 0),                         # never closed
    ("<div>\nx\n</div>\ntiếp ngay sau\n", 0),                       # no blank line after it
    ("<div>\nx\n</div> còn chữ\n\ny\n", 0),                         # text after the closing tag
    ('<div markdown="1">\n*đậm*\n</div>\n', 0),                     # Markdown inside: the engine's job
    ("<div>\n<!-- </div> -->\n</div>\n", 0),                        # a comment could hide a tag
    ("<p class=\"x\">a</p>\n\n<table><tr><td>1</td></tr></table>\n\n## Năm 2024\n", 2),
    ("<span>nội dòng</span>\n\n<details><summary>Xem</summary>\n<p>x</p>\n</details>\n", 1),
    ("<h1>Năm 2024</h1>\n<div class=\"c\">\n<p>a</p>\n</div>\n<nav>1 2</nav>\n\n## Sau\n", 1),  # a run of blocks
    ("<div>a</div>\n<div>b</div>\nchữ liền sau\n", 0),
    ("<h2>Một</h2>\n\n<h3>Hai</h3>\n", 2),
])
def test_blocks_come_back_as_markdown_would_have_left_them(text, set_aside):
    plain, restored, count = _through(text)
    assert count == set_aside
    assert restored == plain


def test_a_missing_word_is_reported_not_guessed():
    shortened, blocks = set_aside_html("<div>\nx\n</div>\n", KEY)
    assert blocks and put_back_html("<p>khác</p>", KEY, blocks) is None


@pytest.fixture(scope="module")
def sample_pages(tmp_path_factory):
    plan = repo_plan()
    plan = dataclasses.replace(plan, site_url=plan.site_url or "https://nguoitotviecthien.example.org/")
    result = build_site(REPO, plan, REPO / "stories", parse_iso_date(TODAY),
                        caches=Caches(tmp_path_factory.mktemp("caches")))
    return result.pages


@pytest.mark.build
def test_every_generated_page_of_the_samples_renders_the_same_with_its_html_set_aside(sample_pages):
    different = []
    total = 0
    for page in sample_pages:
        body = page.text.split("\n---\n", 1)[1] if page.text.startswith("---\n") else page.text
        plain, restored, count = _through(body)
        total += count
        if restored != plain:
            different.append(page.path)
    assert different == []
    assert total > len(sample_pages)  # most of each page was set aside
