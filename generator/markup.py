"""Story bodies to safe HTML, and text from front matter made safe for Markdown and HTML."""

from __future__ import annotations

import functools
import html
import re
from collections import Counter
from html.parser import HTMLParser

import markdown
import nh3

BODY_EXTENSIONS = ("extra", "sane_lists")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>-])")


@functools.cache
def _renderer() -> markdown.Markdown:
    # Building a Markdown instance costs more than converting a short story: reuse one.
    return markdown.Markdown(extensions=list(BODY_EXTENSIONS), output_format="html")


def escape(text: str) -> str:
    """Plain text for HTML, attributes included."""
    return html.escape(text, quote=True)


def md_text(text: str) -> str:
    """Plain text for a line of generated Markdown: no tag, link or emphasis can come of it."""
    # Python-Markdown has no backslash escape for "~" (the backslash would show); an entity never does.
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escape(" ".join(text.split()))).replace("~", "&#126;")


@functools.lru_cache(maxsize=4096)
def rendered_html(text: str) -> str:
    """The Markdown as HTML, not sanitised: for code that reads its text, never for a page."""
    return _renderer().reset().convert(text)


@functools.lru_cache(maxsize=4096)
def body_html(text: str) -> tuple[str, tuple[str, ...]]:
    """The story's Markdown as sanitised HTML, and what the sanitiser removed that the editor may
    have meant: whole tags (``<script>``), attributes (``onclick``) and link schemes
    (``href=javascript:``). Presentation attributes (class, id, style) are dropped silently.

    Cached: the checks and the build render the same bodies.
    """
    rendered = rendered_html(text)
    cleaned = nh3.clean(rendered, link_rel="noopener", url_schemes={"http", "https", "mailto", "tel"})
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


_MAY_HOLD_MARKUP = re.compile(r"[<\[{]")
_PRESENTATION = frozenset({"class", "id", "style"})
_NOT_IN_SCHEME = re.compile(r"[\s\x00-\x1f]+")


class _Inventory(HTMLParser):
    """Counts tags, and attributes with the tag that carries them (``<a> href=javascript:``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs):
        self.found[f"<{tag}>"] += 1
        for name, value in attrs:
            if name in ("href", "src") and value and ":" in value.split("/")[0]:
                scheme = _NOT_IN_SCHEME.sub("", value.split(":")[0]).lower()
                self.found[f"<{tag}> {name}={scheme}:"] += 1
            else:
                self.found[f"<{tag}> {name}"] += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def _inventory(fragment: str) -> Counter[str]:
    parser = _Inventory()
    parser.feed(fragment)
    parser.close()
    return parser.found
