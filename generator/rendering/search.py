"""The search index of a built site, made by Pagefind over its HTML, whatever engine built it.

Pagefind reads, for each page, a copy made here rather than the page itself:

- only the part marked ``data-pagefind-body``, without what is marked ``data-pagefind-ignore``;
- headings and weighted elements (a story's title, its person's name) as they are written, each
  word with ``đ`` once more with ``d`` (``Đường`` → ``Dường``) at the weight it had: Pagefind folds
  diacritics (``viec thien`` finds ``việc thiện``) but not ``đ``, which Unicode does not decompose,
  and ranks first the pages whose words are spelled as the query is;
- the rest of the text with each word once, in lower case and without diacritics but with ``đ``,
  and a word with ``đ`` once more with ``d`` (``Con đường làng`` → ``con đuong duong lang``):
  ``duong`` finds it, and ``đường`` still finds only the words with ``đ``. Once, because Pagefind
  stores every place a word occurs and the words every story has ("người", "của", "và") would
  otherwise make each query download the position of each of their occurrences in every story.
  Without diacritics, because Pagefind closes an index chunk when the places of its words reach
  ``CHUNK_SIZE`` but counts only the places where a word is written without them (a form with
  diacritics is stored as the word's variant, outside the count; ``đ`` is no diacritic to it):
  Vietnamese as written hardly counts, and one chunk held a whole run of the dictionary. At
  10,000 stories the first query fetched 270–700 KB, up to 550 KB of it chunks of the words beside
  its own; now it fetches its own words and little more (155–200 KB in all, of which 81 KB are
  Pagefind's script and WebAssembly and 66 KB its page list; ``tests/test_scale.py`` holds it under
  250 KB). The cost: in the text, ``tre`` and ``trẻ`` rank alike (Pagefind gives its bonus for an
  exact spelling only to a page without the unaccented form); an accented query still ranks first
  the pages that have its words as written in their title, headings or name only. A result shows
  the page's ``lead`` (its ``data-pagefind-meta="lead"`` element), not an excerpt of that copy;
- every element marked ``data-nttv-name`` once more as one word from each of its words to its end,
  spelled as a reader types it (``nguyenthihoa``, ``thihoa``), at the highest weight, and the
  first of them as the page's ``name`` metadata: Pagefind matches each word of a query as a prefix,
  so ``nguyen thi hoa`` also finds every page with ``nguyện``, ``thiện`` and ``hoạt``. The search
  box also looks up the query written as one word, and puts first the pages whose ``name`` starts
  with the query or holds it as whole words: Pagefind shortens a word it cannot find
  (``viecthien`` finds ``việc``), so what that lookup finds is only a candidate.

Small chunks have one more consequence: Pagefind looks a word of the query up only in the chunk
whose range holds it, so a word that no page has is more often left out of the query (``viec xyz``
finds the pages with ``việc``) rather than shortened to a word that happened to share its chunk.

Beside the bundle, ``nttv-names.json`` lists the names of the index (people, collectives,
chapters), for the search box to offer the nearest one to a query that names no one; a story's
kind, chapter and date are metadata, shown under a result's title, though only its chapter is
searched.

The site's pages are not changed: the copies live in a folder of their own (in the search store's
folder when it has one, kept between runs; otherwise a temporary one).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import lxml.etree

from ..cache import SEARCH, Store
from ..problems import NttvError
from ..storage import write_atomically
from .layout import render

BUNDLE = "pagefind"
LANGUAGE = "vi"
BODY = "data-pagefind-body"
IGNORE = "data-pagefind-ignore"
WEIGHT = "data-pagefind-weight"
META = "data-pagefind-meta"
NAME = "data-nttv-name"
NAME_WEIGHT = "10"
NAME_META = "name"
LEAD_META = "lead"
LEAD_WORDS = 30
FOLD = str.maketrans("đĐ", "dD")
_WORD = re.compile(r"\w+")
_SKIPPED = frozenset({"script", "style", "template", "noscript", "svg", "head"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# Pagefind's own weights for headings, kept in the copy.
_HEADING_WEIGHT = {"h1": "7", "h2": "6", "h3": "5", "h4": "4", "h5": "3", "h6": "2"}
# A query downloads the index chunk of each of its words, and the list of chunks comes with the
# page list (pf_meta) before any query. Measured at 10,000 stories with unaccented text: at 8,000
# places a name's query fetched 227 KB, at 2,000 198 KB, at 500 200 KB (the smaller chunks no
# longer paying for the longer list: pf_meta 65, 66, 70 KB). Pagefind's default, 20,000, made
# chunks of 60 to 90 KB at 1,000 stories. The variable is Pagefind's own (1.5, pinned in
# constraints.txt), marked unstable: tests/test_scale.py measures what it gives.
CHUNK_SIZE_VARIABLE = "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"
CHUNK_SIZE = 2000
# The names of the index (people, collectives, chapters), for the search box to offer the nearest
# one when a query names no one: fetched only then, never before a query.
NAMES_FILE = "nttv-names.json"
_NAME_IN_COPY = re.compile(f'<div {META}="{NAME_META}">([^<]*)</div>')
# Pagefind's ready-made interfaces: the column has its own search box.
_UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")


@dataclass(frozen=True)
class IndexRun:
    pages: int
    folded_words: int
    bundle: Path

    def __str__(self) -> str:
        return f"{self.pages} trang được lập chỉ mục, {self.folded_words} từ có chữ đ thêm cách viết d"


@dataclass
class _Open:
    tag: str
    body: bool
    ignored: bool
    weight: str | None
    meta: str | None = None
    name: bool = False


_OUTSIDE = _Open("", False, False, None)
_HTML = lxml.etree.HTMLParser(remove_comments=True, remove_pis=True)


class _Reader:
    """A page's searchable text as runs of (in body, weight, text), its metadata, its names.

    The page is parsed by lxml (libxml2's HTML parser, which mends broken markup as browsers do)
    and its tree walked once: Python's own ``html.parser`` took most of a first build's search step.
    """

    def __init__(self, html: str) -> None:
        self.has_body = False
        self.runs: list[tuple[bool, str | None, str]] = []
        self.meta: dict[str, list[str]] = {}
        self.names: list[tuple[bool, list[str]]] = []
        self.title: list[str] = []
        self.heading: list[str] | None = None  # the first h1 of the searched part, while read
        self.headings: list[str] = []
        try:
            root = lxml.etree.fromstring(html, _HTML)
        except (lxml.etree.LxmlError, ValueError):  # a page lxml cannot take as text
            return
        if root is not None:  # None: an empty page
            self._walk(root, _OUTSIDE)

    def _walk(self, element, parent: _Open) -> None:
        tag = element.tag if isinstance(element.tag, str) else None  # comments and instructions have none
        if tag is None or tag in _VOID:
            return
        names = element.attrib
        body = parent.body or BODY in names
        self.has_body = self.has_body or body
        meta = names.get(META)
        plain_meta = meta if meta and ":" not in meta else None
        opened = _Open(tag, body, parent.ignored or IGNORE in names or tag in _SKIPPED,
                       names.get(WEIGHT) or _HEADING_WEIGHT.get(tag) or parent.weight,
                       plain_meta or parent.meta, NAME in names or parent.name)
        if plain_meta:
            self.meta.setdefault(plain_meta, [])
        if NAME in names and not parent.name:
            self.names.append((body, []))
        if opened.ignored:
            if plain_meta and names.get(IGNORE) != "all" and tag not in _SKIPPED:
                self.meta[plain_meta].append(element.xpath("string()"))
            self._skim(element, opened)
            return
        heading = tag == "h1" and not self.headings and self.heading is None
        if heading:
            self.heading = []
        if element.text:
            self._text(opened, element.text)
        for child in element:
            self._walk(child, opened)
            if child.tail:
                self._text(opened, child.tail)
        if heading:
            self.headings.append(" ".join("".join(self.heading).split()))
            self.heading = None

    def _skim(self, element, opened: _Open) -> None:
        """What an ignored part still gives: the page's <title>, whether the page marks a
        searchable part, a place for each name it marks (none of its text is searched) and, as
        Pagefind's ``data-pagefind-ignore`` without ``all`` does, its metadata (a story's kind and
        date, shown under a result's title)."""
        if opened.tag == "title" and element.text:
            self.title.append(element.text)
        for inner in element.iterdescendants():
            if not isinstance(inner.tag, str):
                continue
            names = inner.attrib
            if inner.tag == "title" and inner.text:
                self.title.append(inner.text)
            if BODY in names:
                self.has_body = True
            meta = names.get(META)
            if meta and ":" not in meta and not any(up.get(IGNORE) == "all" or up.tag in _SKIPPED
                                                    for up in (inner, *_up_to(inner, element), element)):
                self.meta.setdefault(meta, []).append(inner.xpath("string()"))
            if NAME in names and not opened.name and not any(NAME in up.attrib for up in _up_to(inner, element)):
                body = opened.body or BODY in names or any(BODY in up.attrib for up in _up_to(inner, element))
                self.names.append((body, []))

    def _text(self, top: _Open, data: str) -> None:
        if top.tag == "title":
            self.title.append(data)
        if top.meta and not top.ignored:
            self.meta[top.meta].append(data)
        if top.ignored:
            return
        if self.heading is not None:
            self.heading.append(data)
        if top.name and self.names:
            self.names[-1][1].append(data)
        if data.strip():
            self.runs.append((top.body, top.weight, data))


def _up_to(element, top):
    """The ancestors of ``element`` below ``top``."""
    for up in element.iterancestors():
        if up is top:
            return
        yield up


def unaccented(word: str) -> str:
    """``word`` in lower case without its diacritics, ``đ`` kept (Unicode does not decompose it)."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def plain_spelling(word: str) -> str:
    """``word`` as a phone reader types it: lower case, no diacritics, ``d`` for ``đ``."""
    return unaccented(word).translate(FOLD)


def _opening(texts, words: int = LEAD_WORDS) -> str:
    """The first ``words`` words of ``texts``, with "…" when there were more."""
    found: list[str] = []
    for text in texts:
        found += text.split()
        if len(found) > words:
            return " ".join(found[:words]).rstrip(",;:–-") + "…"
    return " ".join(found)


def index_copy(html: str) -> tuple[str, int]:
    """The copy of a page that Pagefind reads (see the module's docstring), and how many words it
    adds spelled with ``d`` or as one word."""
    reader = _Reader(html)
    whole = not reader.has_body
    runs = [(weight, text) for body, weight, text in reader.runs if body or whole]
    seen: set[str] = set()
    folded: dict[str | None, dict[str, None]] = {}
    paragraphs: list[tuple[str | None, str]] = []  # (weight, text)
    plain: list[str] = []
    for weight, text in runs:
        words = _WORD.findall(text)
        if weight:
            for word in words:
                if "đ" in word or "Đ" in word:
                    folded.setdefault(weight, {})[word.translate(FOLD)] = None
            paragraphs.append((weight, " ".join(text.split())))
            continue
        for word in words:
            for spelling in dict.fromkeys((unaccented(word), plain_spelling(word))):
                if spelling not in seen:
                    seen.add(spelling)
                    plain.append(spelling)
    names = [" ".join("".join(texts).split()) for body, texts in reader.names if body or whole]
    for name in names:
        words = [plain_spelling(word) for word in _WORD.findall(name)]
        folded.setdefault(NAME_WEIGHT, {}).update(dict.fromkeys("".join(words[start:]) for start in range(len(words) - 1)))
    if plain:
        paragraphs.append((None, " ".join(plain)))
    paragraphs += [(weight, " ".join(words)) for weight, words in sorted(folded.items(), key=lambda item: item[0] or "")]
    meta = {key: " ".join("".join(texts).split()) for key, texts in reader.meta.items()}
    if names and not meta.get(NAME_META):
        meta[NAME_META] = names[0]
    if not meta.get("title"):
        meta["title"] = reader.headings[0] if reader.headings else " ".join("".join(reader.title).split())
    if not meta.get(LEAD_META) and not whole:
        # A page without a lead of its own (the movement's page, the bulletin) shows its opening
        # words under its title, as written: the copy's text is spelled without diacritics.
        meta[LEAD_META] = _opening(text for weight, text in runs if not weight)
    document = render("search_copy.html", language=LANGUAGE, meta=meta, paragraphs=paragraphs)
    return document, sum(len(words) for words in folded.values())


def index_site(site: Path, cache: Store | None = None) -> IndexRun:
    """Index the HTML pages of ``site`` into ``site/pagefind/``, replacing an older bundle.

    ``cache`` (the search store) keeps each page's copy by the page's content between builds, in
    its memory and on disk: a page that did not change is not read again as HTML. In its folder,
    the folder of copies that Pagefind reads is kept too, and only the copies that changed are
    written again. Raises ``NttvError`` when the folder has no page or Pagefind cannot run.
    """
    cache = cache if cache is not None else Store(None, SEARCH)
    site = site.resolve()
    if not site.is_dir() or not any(site.glob("*.html")):
        raise NttvError(f"{site}: không có trang HTML nào để lập chỉ mục tìm kiếm (hãy dựng trang trước, ví dụ `mkdocs build`)")
    bundle = site / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)
    files = sorted(site.rglob("*.html"))
    # With a theme that marks the searchable part, a page without the mark stays out; with another
    # theme, every page is searched whole. Pages are read one at a time, never all held at once.
    marked = any(BODY.encode() in file.read_bytes() for file in files)
    known = _copies(cache)
    used: dict[bytes, tuple[str, int]] = {}
    placed: dict[str, bytes] = {}
    pages = folded = 0
    names: set[str] = set()
    with _copies_folder(cache) as (scratch, written):
        for file in files:
            original = file.read_bytes()
            if marked and BODY.encode() not in original:
                continue
            key = hashlib.sha1(original).digest()
            found = used.get(key) or known.get(key)
            if found is None:
                found = index_copy(original.decode("utf-8"))
            used[key] = found
            copy, count = found
            names.update(_NAME_IN_COPY.findall(copy))
            relative = file.relative_to(site).as_posix()
            placed[relative] = hashlib.sha1(copy.encode("utf-8")).digest()
            target = scratch / relative
            if written.get(relative) != placed[relative] or not target.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(copy, encoding="utf-8")
            pages += 1
            folded += count
        for gone in written.keys() - placed.keys():
            (scratch / gone).unlink(missing_ok=True)
        written.clear()
        written.update(placed)
        done = _pagefind(["--site", str(scratch), "--output-path", str(bundle), "--force-language", LANGUAGE, "--quiet"],
                         {CHUNK_SIZE_VARIABLE: str(CHUNK_SIZE)})
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        raise NttvError(f"Pagefind không lập được chỉ mục tìm kiếm: {(done.stderr or done.stdout).strip()[-2000:]}")
    for unused in _UNUSED:
        for path in bundle.glob(unused):
            path.unlink()
    (bundle / NAMES_FILE).write_text(json.dumps(sorted(unescape(name) for name in names), ensure_ascii=False,
                                                separators=(",", ":")), encoding="utf-8")
    _keep_copies(cache, used)
    return IndexRun(pages, folded, bundle)


@contextlib.contextmanager
def _copies_folder(cache: Store):
    """The folder of copies Pagefind reads, with what each of its files holds (by path, a digest).

    In the store's folder, it is kept between runs with a list of its files, so a run writes only
    the copies that changed; the list is written last, and a folder without its list is emptied
    first, so that a copy no page has any more is never indexed. Without a folder, a temporary one."""
    if cache.folder is None:
        with tempfile.TemporaryDirectory(prefix="nttv-search-") as scratch:
            yield Path(scratch), {}
        return
    folder = cache.folder / _PAGES
    listing = folder / _LISTING
    try:
        written = {path: bytes.fromhex(digest) for path, digest in json.loads(listing.read_text(encoding="utf-8")).items()}
        listing.unlink()
    except (OSError, ValueError, TypeError, AttributeError):
        written = {}
        shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    yield folder, written
    write_atomically(listing, json.dumps({path: digest.hex() for path, digest in written.items()}).encode("utf-8"))


_LISTING = ".copies.json"  # a dot file: Pagefind reads only *.html
_PAGES = "pages"  # the folder of copies, in the store's folder
COPIES = "copies.json"  # the store's entry: the copies of the last run, by the page's hash


def _copies(cache: Store) -> dict[bytes, tuple[str, int]]:
    """The copies of the last run: from the store's memory (this process), or else from its entry."""
    last = cache.memory.setdefault("copies", {})
    entry = None if last else cache.get(COPIES)
    if entry is None:
        return last
    try:
        return {bytes.fromhex(key): (copy, int(count)) for key, (copy, count) in json.loads(entry).items()}
    except (ValueError, TypeError, AttributeError):  # a damaged entry: every page is read
        return {}


def _keep_copies(cache: Store, used: dict[bytes, tuple[str, int]]) -> None:
    last = cache.memory.setdefault("copies", {})
    last.clear()
    last.update(used)
    cache.put(COPIES, json.dumps({key.hex(): list(found) for key, found in used.items()}, ensure_ascii=False).encode("utf-8"))


def _pagefind(arguments: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess:
    try:
        from pagefind_bin import get_executable  # the binary shipped by the pagefind[bin] package

        return subprocess.run([str(get_executable()), *arguments], capture_output=True, text=True,
                              encoding="utf-8", errors="replace", timeout=1800, env={**os.environ, **environment})
    except (ImportError, OSError, subprocess.TimeoutExpired) as exc:
        raise NttvError(f"không chạy được Pagefind ({exc}): cài gói pagefind[bin] (make site)") from None
