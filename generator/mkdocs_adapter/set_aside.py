"""Generated HTML kept out of MkDocs's Markdown pass and put back, unchanged, into the page's HTML.

Generated pages hand the engine whole blocks of finished HTML. Python-Markdown (and MkDocs's own
anchor scan) run an HTML parser over every raw block: for the column's pages that costs more than
everything else the engine does. Only the MkDocs adapter needs this (an engine reading the site
source of ``nttv generate`` parses the pages itself); nothing here imports MkDocs.
"""

from __future__ import annotations

import hashlib
import re


class SetAside:
    """The blocks set aside from each generated page, by page, until the page's HTML is back."""

    def __init__(self):
        self.pages: dict[str, tuple[str, tuple[str, ...]]] = {}

    def take(self, page: str, markdown_text: str) -> str:
        """``markdown_text`` of ``page`` with its runs of raw HTML set aside (``set_aside_html``)."""
        key = hashlib.sha1(page.encode("utf-8")).hexdigest()[:12]
        shortened, blocks = set_aside_html(markdown_text, key)
        self.pages[page] = (key, blocks)
        return shortened

    def put_back(self, page: str, html_text: str) -> str | None:
        """The page's HTML with its blocks back (unchanged when none was set aside), or None when
        the engine's HTML lost the place of one."""
        key, blocks = self.pages.pop(page, ("", ()))
        return put_back_html(html_text, key, blocks) if blocks else html_text


_BLOCK_START = re.compile(r"<(article|aside|blockquote|details|div|dl|figure|footer|form|h[1-6]|header|nav|ol|p|section|table|ul)[\s>]")


def set_aside_html(markdown_text: str, key: str) -> tuple[str, tuple[str, ...]]:
    """``markdown_text`` with each top-level run of raw HTML blocks replaced by a one-word paragraph
    naming it, and the runs set aside, in order. A run starts a line after a blank line with a
    block-level tag; each of its blocks ends a line with its closing tag, the next one starting on
    the following line; a blank line (or the end) follows the run. ``key`` (letters and digits)
    makes the words unique to the page. Anything it cannot be sure of is left in place."""
    lines = markdown_text.split("\n")
    kept: list[str] = []
    blocks: list[str] = []
    index = 0
    while index < len(lines):
        end = _run_end(lines, index) if not kept or not kept[-1].strip() else None
        if end is None:
            kept.append(lines[index])
            index += 1
            continue
        kept.append(_word(key, len(blocks)))
        blocks.append("\n".join(lines[index:end + 1]))
        index = end + 1
    return "\n".join(kept), tuple(blocks)


def _run_end(lines: list[str], first: int) -> int | None:
    """The last line of the run of raw blocks starting at ``first``, or None."""
    end = None
    index = first
    while index < len(lines):
        start = _BLOCK_START.match(lines[index])
        block_end = _block_end(lines, index, start.group(1)) if start else None
        if block_end is None:
            break
        end = block_end
        index = block_end + 1
    if end is None or (end + 1 < len(lines) and lines[end + 1].strip()):
        return None
    return end


def put_back_html(html_text: str, key: str, blocks: tuple[str, ...]) -> str | None:
    """The engine's HTML with the blocks ``set_aside_html`` took out back in their places, or None
    when a block's word is missing from it as a paragraph of its own."""
    parts: list[str] = []
    position = 0
    for number, block in enumerate(blocks):
        word = f"<p>{_word(key, number)}</p>"
        found = html_text.find(word, position)
        if found < 0:
            return None
        # Python-Markdown ends a raw block with a line break of its own and strips the document's ends.
        parts += [html_text[position:found], block, "\n"]
        position = found + len(word)
    parts.append(html_text[position:])
    return "".join(parts).strip()


def _word(key: str, number: int) -> str:
    return f"nttvhtml{key}n{number}"


def _block_end(lines: list[str], first: int, tag: str) -> int | None:
    opening = re.compile(rf"<{tag}[\s>/]")
    closing = re.compile(rf"</{tag}\s*>")
    depth = 0
    for index in range(first, len(lines)):
        line = lines[index]
        if "<!--" in line or "markdown=" in line:
            return None
        depth += len(opening.findall(line)) - len(closing.findall(line))
        if depth <= 0:
            if depth < 0 or not line.rstrip().endswith(f"</{tag}>"):
                return None
            return index
    return None
