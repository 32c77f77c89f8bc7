"""Story bodies to safe HTML, and text from front matter made safe for Markdown and HTML."""

from __future__ import annotations

import difflib
import functools
import html
import re
from collections import Counter
from html.parser import HTMLParser

import markdown
import nh3

from .brackets import LinearBrackets
from .problems import thousands

BODY_EXTENSIONS = ("extra", "sane_lists")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>-])")

# Far beyond any story an editor writes (a long feature is 30,000 characters; nested lists go three
# or four levels deep), far below what makes the renderer slow or exhausts Python's stack.
BODY_MAX = 100_000
NESTING_MAX = 30


@functools.cache
def _renderer() -> markdown.Markdown:
    # Building a Markdown instance costs more than converting a short story: reuse one.
    return markdown.Markdown(extensions=[*BODY_EXTENSIONS, LinearBrackets()], output_format="html")


def escape(text: str) -> str:
    """Plain text for HTML, attributes included."""
    return html.escape(text, quote=True)


def md_text(text: str) -> str:
    """Plain text for a line of generated Markdown: no tag, link or emphasis can come of it."""
    # Python-Markdown has no backslash escape for "~" (the backslash would show); an entity never does.
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escape(" ".join(text.split()))).replace("~", "&#126;")


@functools.lru_cache(maxsize=4096)
def rendered_html(text: str) -> str:
    """The Markdown as HTML, not sanitised: for code that reads its text, never for a page.

    Never raises: ``body_trouble`` keeps the story checker from passing a body nested deep enough
    to exhaust the stack, and should one get through, its text is shown as a plain paragraph."""
    try:
        return _renderer().reset().convert(text)
    except RecursionError:
        # The instance is left half-way through its parse: the next text gets a fresh one.
        _renderer.cache_clear()
        return f"<p>{escape(text)}</p>"


def body_trouble(text: str) -> tuple[int, str] | None:
    """Where, and why in Vietnamese, ``text`` is more than the renderer should be given: longer
    than BODY_MAX or nested deeper than NESTING_MAX. None for any text an editor writes."""
    if len(text) > BODY_MAX:
        return BODY_MAX, (f"bài dài {thousands(len(text))} ký tự, tối đa {thousands(BODY_MAX)}: "
                          "hãy rút gọn hoặc tách thành nhiều bài")
    for finder, message in _NESTING:
        offset = finder(text)
        if offset is not None:
            return offset, message
    return None


# Markers that open a nested block at the start of a line: quote, list item, definition.
_BLOCK_MARKER = re.compile(r"(?:>|[-*+:](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]*")
_LEADING = re.compile(r"[ \t]*")


def _deep_blocks(text: str) -> int | None:
    """The first line nested (by indentation and markers) deeper than NESTING_MAX."""
    offset = 0
    for line in text.split("\n"):
        indent = _LEADING.match(line).group().expandtabs(4)
        position, markers = len(_LEADING.match(line).group()), 0
        while (marker := _BLOCK_MARKER.match(line, position)) is not None and marker.end() > position:
            markers += 1
            position = marker.end()
        if markers and len(indent) // 4 + markers > NESTING_MAX:
            return offset
        offset += len(line) + 1
    return None


_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)([^<>]*)>")


def _deep_markdown_html(text: str) -> int | None:
    """The first HTML tag with a ``markdown`` attribute nested deeper than NESTING_MAX
    (the md_in_html extension renders such blocks recursively)."""
    open_tags: list[tuple[str, bool]] = []
    depth = 0
    for match in _TAG.finditer(text):
        closing, name, rest = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            while open_tags:
                opened, counted = open_tags.pop()
                depth -= counted
                if opened == name:
                    break
            continue
        if rest.rstrip().endswith("/"):
            continue
        counted = bool(_MARKDOWN_ATTRIBUTE.search(rest))
        open_tags.append((name, counted))
        depth += counted
        if depth > NESTING_MAX:
            return match.start()
    return None


_MARKDOWN_ATTRIBUTE = re.compile(r"\bmarkdown\b")


def _deep_brackets(text: str) -> int | None:
    """The first ``[`` of a link or image nested in more than NESTING_MAX others that close."""
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    for match in re.finditer(r"[\[\]]", text):
        if match.group() == "[":
            stack.append(match.start())
        elif stack:
            pairs.append((stack.pop(), match.start()))
    ends: list[int] = []
    for start, end in sorted(pairs):
        while ends and ends[-1] < start:
            ends.pop()
        ends.append(end)
        if len(ends) > NESTING_MAX:
            return start
    return None


_NESTING = (
    (_deep_blocks, f"danh sách hoặc trích dẫn lồng nhau quá {NESTING_MAX} tầng: hãy bớt thụt lề, bớt dấu - hoặc dấu >"),
    (_deep_brackets, f"dấu ngoặc vuông [ ] lồng nhau quá {NESTING_MAX} tầng: hãy xóa bớt dấu ngoặc"),
    (_deep_markdown_html, f"thẻ HTML có thuộc tính markdown lồng nhau quá {NESTING_MAX} tầng: hãy xóa bớt các thẻ này"),
)


@functools.lru_cache(maxsize=4096)
def body_html(text: str) -> tuple[str, tuple[str, ...]]:
    """The story's Markdown as sanitised HTML, and what the sanitiser removed that the editor may
    have meant: whole tags (``<script>``), attributes (``onclick``) and link schemes
    (``href=javascript:``). Presentation attributes (class, id, style) are dropped silently.

    Cached: the checks and the build render the same bodies.
    """
    rendered = rendered_html(text)
    cleaned = nh3.clean(rendered, link_rel="noopener", url_schemes={"http", "https", "mailto", "tel"},
                        attribute_filter=_local_images_only)
    gone = _inventory(rendered) - _inventory(cleaned)
    tags = {item for item in gone if " " not in item}
    attributes = {
        item.split(" ", 1)[1] for item in gone
        if " " in item and item.split(" ", 1)[0] not in tags and item.split(" ", 1)[1] not in _PRESENTATION
    }
    return cleaned, tuple(sorted(tags | attributes))


def removed_markup(text: str) -> tuple[str, ...]:
    """What ``body_html`` would report as removed from ``text``, without rendering text that has
    no ``<``, ``[`` or ``{``: with BODY_EXTENSIONS, only raw HTML, links and images, and attribute
    lists can produce a tag, attribute or link scheme the sanitiser takes out."""
    if not _MAY_HOLD_MARKUP.search(text):
        return ()
    return body_html(text)[1]


def remote_images(text: str) -> tuple[str, ...]:
    """The addresses of images in ``text`` that a reader's browser would fetch from another host
    (``https://…``, ``//host/…``, in ``src`` or ``srcset``), in order, each once. ``body_html``
    drops them; the story checker refuses the story so that the editor knows."""
    if not _MAY_HOLD_MARKUP.search(text):
        return ()
    finder = _RemoteImages()
    finder.feed(rendered_html(text))
    finder.close()
    return tuple(dict.fromkeys(finder.found))


# A browser drops tabs and line breaks from a URL and reads a backslash as a slash, so `/\host`
# and `/\t/host` are other hosts too.
_URL_IGNORED = re.compile(r"[\t\n\r]")
# Schemes a browser fetches an image over; `data:` holds the image itself and other schemes
# fetch nothing (the sanitiser deals with them as with any other attribute it removes).
_OTHER_HOST = re.compile(r"[/\\]{2}|(?:https?|ftp)[\x00-\x20]*:", re.IGNORECASE)


def is_remote(url: str) -> bool:
    """Whether a browser would fetch ``url`` (as an image address) from a host other than the page's."""
    return bool(_OTHER_HOST.match(_URL_IGNORED.sub("", url).lstrip("\x00 \x0c")))


def _local_images_only(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and is_remote(value):
        return None
    return value


def _has_remote(attribute: str, value: str) -> bool:
    if attribute == "src":
        return is_remote(value)
    return any(part.split() and is_remote(part.split()[0]) for part in value.split(","))


class LenientHTMLParser(HTMLParser):
    """Python's HTML parser, reading ``<!`` constructs as a browser does: anything but a comment
    or a doctype is a bogus comment up to the next ``>`` (the library raises AssertionError on a
    malformed marked section such as ``<![>``)."""

    def parse_html_declaration(self, i: int) -> int:
        rawdata = self.rawdata
        if rawdata.startswith("<!--", i) or rawdata[i:i + 9].lower() == "<!doctype":
            try:
                return super().parse_html_declaration(i)
            except AssertionError:
                pass
        end = rawdata.find(">", i + 2)
        if end < 0:
            return -1
        self.handle_comment(rawdata[i + 2:end])
        return end + 1

    def parse_bogus_comment(self, i: int, report: int = 1) -> int:
        end = self.rawdata.find(">", i + 2)
        if end < 0:
            return -1
        if report:
            self.handle_comment(self.rawdata[i + 2:end])
        return end + 1


class _RemoteImages(LenientHTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("img", "source"):
            return
        for name, value in attrs:
            if name == "src" and value and is_remote(value):
                self.found.append(value.strip())
            elif name == "srcset" and value:
                self.found += [part.split()[0] for part in value.split(",") if part.split() and is_remote(part.split()[0])]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


_MAY_HOLD_MARKUP = re.compile(r"[<\[{]")
_PRESENTATION = frozenset({"class", "id", "style"})
_NOT_IN_SCHEME = re.compile(r"[\s\x00-\x1f]+")


class _Inventory(LenientHTMLParser):
    """Counts tags, and attributes with the tag that carries them (``<a> href=javascript:``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs):
        self.found[f"<{tag}>"] += 1
        for name, value in attrs:
            if tag in ("img", "source") and name in ("src", "srcset") and value and _has_remote(name, value):
                continue  # reported by remote_images, as an error of its own
            if name in ("href", "src") and value and ":" in value.split("/")[0]:
                scheme = _NOT_IN_SCHEME.sub("", value.split(":")[0]).lower()
                self.found[f"<{tag}> {name}={scheme}:"] += 1
            else:
                self.found[f"<{tag}> {name}"] += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


_CLOSED_HIDDEN = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_ANY_TAG = re.compile(r"<[^>]*>")


def _words(fragment: str) -> list[str]:
    return html.unescape(_ANY_TAG.sub(" ", _CLOSED_HIDDEN.sub(" ", fragment))).split()


def dropped_text(text: str) -> tuple[int, int] | None:
    """Where in ``text`` the words begin that the page loses when its HTML is sanitised (text
    swallowed by an unclosed ``<style>``, ``<script>`` or comment, or by markup the HTML reader
    cannot nest), and how many characters of words are lost. None when every word written outside
    a closed script, style or comment reaches the page."""
    if not _MAY_HOLD_MARKUP.search(text):
        return None
    written = _words(rendered_html(text))
    shown = _words(body_html(text)[0])
    if written == shown:
        return None
    matcher = difflib.SequenceMatcher(None, written, shown, autojunk=False)
    lost = [(first, last) for tag, first, last, _, _ in matcher.get_opcodes() if tag in ("delete", "replace")]
    if not lost:
        return None
    count = sum(len(word) for first, last in lost for word in written[first:last])
    # The first lost word, found in the source after the words kept before it.
    cursor = 0
    for word in written[:lost[0][0]]:
        found = text.find(html.escape(word, quote=False), cursor)
        found = found if found >= 0 else text.find(word, cursor)
        cursor = found + len(word) if found >= 0 else cursor
    first = written[lost[0][0]]
    found = text.find(first, cursor)
    return (found if found >= 0 else cursor), count


def _inventory(fragment: str) -> Counter[str]:
    parser = _Inventory()
    parser.feed(fragment)
    parser.close()
    return parser.found
