"""The search index of a built site, made by Pagefind over its HTML, whatever engine built it.

Pagefind folds diacritics (``viec thien`` finds ``việc thiện``) but not ``đ``, which Unicode does
not decompose. Each page is therefore indexed with one more, hidden, block: every word of its
indexed text that has a ``đ``, written with ``d`` (``đường`` → ``dường``), at the weight of the
element it came from, so a name typed ``Dinh`` still ranks as a name. The pages on disk are not
changed: the index is made from the pages in memory.

A name typed in full (``nguyen thi hoa``) also matches every page that has ``nguyện``, ``thiện``
and ``hoạt``: Pagefind matches each word as a prefix. So every element marked ``data-nttv-name``
adds its name written as one word (``nguyễnthịhoa``, and ``d`` for ``đ``) to the hidden block, at
the highest weight; the search box looks the query up written as one word too, and puts those
pages first.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path

from ..problems import NttvError

BUNDLE = "pagefind"
LANGUAGE = "vi"
BODY = "data-pagefind-body"
IGNORE = "data-pagefind-ignore"
WEIGHT = "data-pagefind-weight"
NAME = "data-nttv-name"
NAME_WEIGHT = "10"
FOLD = str.maketrans("đĐ", "dD")
_WORD = re.compile(r"\w+")
_SKIPPED = frozenset({"script", "style", "template", "noscript", "svg"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# Pagefind's own weights for headings, kept for their folded words.
_HEADING_WEIGHT = {"h1": "7", "h2": "6", "h3": "5", "h4": "4", "h5": "3", "h6": "2"}


# The folded block's anchor: Pagefind makes it a sub-result of its own, which the search box
# recognises and never shows as an excerpt (theme/assets/nttv-search.js).
FOLDED_ANCHOR = "nttv-chu-d"
# Pagefind's ready-made interfaces: the column has its own search box.
_UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")


@dataclass(frozen=True)
class IndexRun:
    pages: int
    folded_words: int
    bundle: Path

    def __str__(self) -> str:
        return f"{self.pages} trang được lập chỉ mục, {self.folded_words} từ có chữ đ thêm cách viết d"


class _Reader(HTMLParser):
    """The words with ``đ`` in a page's indexed part, by weight, and where that part closes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.has_body = False
        self.stack: list[tuple[str, bool, bool, str | None]] = []  # tag, body, ignored, weight
        # Words by (inside the body element, weight); which ones count is known only at the end.
        self.found: dict[tuple[bool, str | None], dict[str, None]] = {}
        self.body_end: tuple[int, int] | None = None
        self.name_depth: int | None = None
        self.name_text: list[str] = []

    def _state(self) -> tuple[bool, bool, str | None]:
        if not self.stack:
            return False, False, None
        _, body, ignored, weight = self.stack[-1]
        return body, ignored, weight

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        names = dict(attrs)
        body, ignored, weight = self._state()
        if BODY in names and not body:
            body, self.has_body = True, True
        ignored = ignored or IGNORE in names or tag in _SKIPPED
        weight = names.get(WEIGHT) or _HEADING_WEIGHT.get(tag) or weight
        if NAME in names and self.name_depth is None and not ignored:
            self.name_depth, self.name_text = len(self.stack), []
        self.stack.append((tag, body, ignored, weight))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                closing_body = self.stack[depth][1] and (depth == 0 or not self.stack[depth - 1][1])
                if self.name_depth is not None and depth <= self.name_depth:
                    self._add_name(self.stack[self.name_depth][1])
                del self.stack[depth:]
                if closing_body and self.body_end is None:
                    self.body_end = self.getpos()
                return

    def _add_name(self, body: bool) -> None:
        joined = "".join(_WORD.findall("".join(self.name_text)))
        self.name_depth = None
        for form in dict.fromkeys((joined, joined.translate(FOLD))):
            if form:
                self.found.setdefault((body, NAME_WEIGHT), {})[form] = None

    def handle_data(self, data):
        body, ignored, weight = self._state()
        if ignored:
            return
        if self.name_depth is not None:
            self.name_text.append(data)
        for word in _WORD.findall(data):
            if "đ" in word or "Đ" in word:
                self.found.setdefault((body, weight), {})[word.translate(FOLD)] = None

    @property
    def words(self) -> dict[str | None, dict[str, None]]:
        """The folded words of the indexed part, by weight."""
        chosen: dict[str | None, dict[str, None]] = {}
        for (body, weight), words in self.found.items():
            if body or not self.has_body:
                chosen.setdefault(weight, {}).update(words)
        return chosen


def with_folded_words(html: str) -> tuple[str, int]:
    """The page with its hidden block of ``d`` spellings and one-word names inside its indexed part,
    and how many words the block holds. A page without ``data-pagefind-body`` is indexed whole: the block goes
    before ``</body>``."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    words = reader.words
    if not words:
        return html, 0
    spans = "".join(_span(weight, group) for weight, group in sorted(words.items(), key=lambda item: item[0] or ""))
    block = f'<div hidden class="nttv-folded"><h6 id="{FOLDED_ANCHOR}">d</h6>{spans}</div>'
    if reader.has_body and reader.body_end is not None:
        at = _offset(html, reader.body_end)
    else:
        at = html.lower().rfind("</body>")
        at = len(html) if at < 0 else at
    return html[:at] + block + html[at:], sum(len(group) for group in words.values())


def _span(weight: str | None, words: dict[str, None]) -> str:
    attribute = f' {WEIGHT}="{escape(weight)}"' if weight else ""
    return f"<span{attribute}>{escape(' '.join(words))}</span> "


def _offset(html: str, position: tuple[int, int]) -> int:
    line, column = position
    start = 0
    for _ in range(line - 1):
        start = html.index("\n", start) + 1
    return start + column


def index_site(site: Path) -> IndexRun:
    """Index every HTML page of ``site`` into ``site/pagefind/``, replacing an older bundle.

    Raises ``NttvError`` when the folder has no page or Pagefind cannot run.
    """
    if not site.is_dir() or not any(site.glob("*.html")):
        raise NttvError(f"{site}: không có trang HTML nào để lập chỉ mục tìm kiếm (hãy dựng trang trước, ví dụ `mkdocs build`)")
    shutil.rmtree(site / BUNDLE, ignore_errors=True)
    try:
        return asyncio.run(_index(site.resolve()))
    except (OSError, RuntimeError, AssertionError) as exc:
        raise NttvError(f"không lập được chỉ mục tìm kiếm bằng Pagefind ({exc}): kiểm tra gói pagefind[bin] đã được cài (make site)") from None


async def _index(site: Path) -> IndexRun:
    from pagefind.index import PagefindIndex  # the binary starts only when a site is indexed

    pages = folded = 0
    config = {"force_language": LANGUAGE, "output_path": str(site / BUNDLE)}
    async with PagefindIndex(config=config) as index:
        for file in sorted(site.rglob("*.html")):
            relative = file.relative_to(site)
            if relative.parts[0] == BUNDLE:
                continue
            html, count = with_folded_words(file.read_text(encoding="utf-8"))
            response = await index.add_html_file(content=html, url=_url_of(relative))
            if response.get("page_word_count", 1):
                pages += 1
            folded += count
    for unused in _UNUSED:
        for path in (site / BUNDLE).glob(unused):
            path.unlink()
    return IndexRun(pages, folded, site / BUNDLE)


def _url_of(relative: Path) -> str:
    path = "/" + relative.as_posix()
    return path[: -len("index.html")] if path.endswith("/index.html") or path == "/index.html" else path
