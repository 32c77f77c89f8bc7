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


def body_html(text: str) -> tuple[str, tuple[str, ...]]:
    """The story's Markdown as sanitised HTML, and what the sanitiser removed (tags, attributes)."""
    rendered = _renderer().reset().convert(text)
    cleaned = nh3.clean(rendered, link_rel="noopener", url_schemes={"http", "https", "mailto", "tel"})
    removed = _inventory(rendered) - _inventory(cleaned)
    return cleaned, tuple(sorted(removed))


class _Inventory(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs):
        self.found[f"<{tag}>"] += 1
        for name, value in attrs:
            if name in ("href", "src") and value and ":" in value.split("/")[0]:
                self.found[f"{name}={value.split(':')[0].strip().lower()}:"] += 1
            else:
                self.found[name] += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def _inventory(fragment: str) -> Counter[str]:
    parser = _Inventory()
    parser.feed(fragment)
    parser.close()
    return parser.found
