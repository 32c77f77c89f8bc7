"""Addresses of generated pages, relative links between them, as any static engine lays them out.

Pages are named by their Markdown source path relative to the docs folder; with directory URLs
``a/b.md`` is served at ``a/b/`` and ``a/index.md`` at ``a/``.
"""

from __future__ import annotations

import posixpath
import re

COLUMN = "cau-chuyen/index.md"
CHAPTERS = "chi-hoi/index.md"
TALLY = "thong-ke/index.md"
KIND_FOLDERS = {"individual": "cau-chuyen/ca-nhan", "collective": "cau-chuyen/tap-the"}


def chapter_page(chapter_id: str) -> str:
    return f"chi-hoi/{chapter_id}.md"


def year_page(year: int) -> str:
    return f"cau-chuyen/{year}/index.md"


def list_page(first: str, number: int) -> str:
    """Page ``number`` of a paginated list whose first page is ``first`` (``x/index.md``)."""
    return first if number == 1 else f"{first.rsplit('/', 1)[0]}/trang-{number}.md"


def is_list_page_name(slug: str) -> bool:
    """Whether a story named ``slug`` would take the address of its year's list (``index``, ``trang-2``…)."""
    return slug == "index" or re.fullmatch(r"trang-\d+", slug) is not None


def url_of(page: str) -> str:
    """The served address of a page or file, relative to the site root, without a leading slash."""
    if not page.endswith(".md"):
        return page
    stem = page[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def href(from_page: str, to: str) -> str:
    """A relative link from one page's address to another page or file."""
    base = url_of(from_page)
    target = url_of(to)
    relative = posixpath.relpath("/" + target, "/" + base.rstrip("/") if base else "/")
    if target.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return "./" if relative == "./" or relative == "." else relative
