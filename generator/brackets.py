"""Python-Markdown's link and image patterns, finding closing brackets in linear time.

Python-Markdown's link, image and reference patterns look for the ``]`` that closes each ``[``
by walking the text from that ``[`` (and for the ``)`` that closes ``](`` the same way). A ``[``
that is never closed walks to the end of the paragraph, so a paragraph of ``[`` costs the square
of its length: 20 KB took 41 s. Here the closing bracket of every ``[`` and ``(`` of a text is
found in one pass and kept while the inline processor works through that text, which makes
each lookup a dictionary read.

Which ``]`` closes a ``[`` depends only on the text after it, and the inline processor only
ever replaces what lies before the place it is looking at. So when it hands over a new text
whose tail is the tail of the last one, the pairs found there still hold, shifted.
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.inlinepatterns import (
    IMAGE_LINK_RE, IMAGE_REFERENCE_RE, LINK_RE, REFERENCE_RE, ImageInlineProcessor, ImageReferenceInlineProcessor,
    LinkInlineProcessor, ReferenceInlineProcessor, ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor, dequote,
)

_SQUARE = "["
_ROUND = "("
_BRACKETS = {"[": re.compile(r"[\[\]]"), "(": re.compile(r"[()]")}
# `url "title"` or `url 'title'`: the title runs from the first quote to the same quote at the end.
_TITLE = re.compile(r"(.*?)\s*([\"'])(.*)\2\s*", re.DOTALL)
# Footnote labels never hold a bracket; stopping at one keeps `[^[^[^…` linear.
FOOTNOTE_RE = r"\[\^([^\]\[]*)\]"


class _Pairs:
    """Where each opening bracket of one text closes, found once for that text and its tails."""

    def __init__(self, opener: str):
        self.opener = opener
        self.text = ""
        self.closing: dict[int, int] = {}
        self.shift = 0  # a position in ``text`` is ``position + shift`` in the text ``closing`` was found in
        self.valid_from = 0

    def closing_of(self, text: str, opening: int) -> int | None:
        """The position in ``text`` of the bracket that closes the one at ``opening``, or None."""
        if text is not self.text or opening < self.valid_from:
            self._adopt(text, opening)
        found = self.closing.get(opening + self.shift)
        return None if found is None else found - self.shift

    def _adopt(self, text: str, opening: int) -> None:
        shorter = len(self.text) - len(text)
        # `text` from `opening` on is the tail of the last text, at a place where its pairs hold.
        if opening + shorter >= self.valid_from and self.text.endswith(text[opening:]):
            self.shift += shorter
            self.valid_from = opening
        else:
            self.closing, self.shift, self.valid_from = _pairs(text, self.opener), 0, 0
        self.text = text


def _pairs(text: str, opener: str) -> dict[int, int]:
    """Each ``opener``'s position mapped to its closing bracket's, as a left-to-right count finds
    it; an opener never closed is left out."""
    closing: dict[int, int] = {}
    stack: list[int] = []
    for match in _BRACKETS[opener].finditer(text):
        if match.group() == opener:
            stack.append(match.start())
        elif stack:
            closing[stack.pop()] = match.start()
    return closing


class _LinearMixin:
    """``getText`` and ``getLink`` answered from the pairs of the text being processed."""

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802 - Python-Markdown's name
        end = self.squares.closing_of(data, index - 1)
        if end is None:
            return "", len(data), False
        return data[index:end], end + 1, True

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:  # noqa: N802
        match = self.RE_LINK.match(data, pos=index)
        if match is None or match.group(1):
            # `[text](<url> "title")` is matched by a regular expression that never walks far.
            return super().getLink(data, index)
        end = self.rounds.closing_of(data, index)
        if end is None:
            return "", None, index, False
        inside = data[match.end():end]
        title = None
        titled = _TITLE.fullmatch(inside)
        if titled:
            inside = titled.group(1)
            title = self.RE_TITLE_CLEAN.sub(" ", dequote(self.unescape(titled.group(3).strip())))
        return self.unescape(inside).strip(), title, end + 1, True


def _linear(base: type, pattern: str, md) -> LinkInlineProcessor:
    processor = type(f"Linear{base.__name__}", (_LinearMixin, base), {})(pattern, md)
    processor.squares = _Pairs(_SQUARE)
    processor.rounds = _Pairs(_ROUND)
    return processor


# Python-Markdown's own names and priorities for the patterns replaced.
_REPLACED = (
    ("reference", ReferenceInlineProcessor, REFERENCE_RE, 170),
    ("link", LinkInlineProcessor, LINK_RE, 160),
    ("image_link", ImageInlineProcessor, IMAGE_LINK_RE, 150),
    ("image_reference", ImageReferenceInlineProcessor, IMAGE_REFERENCE_RE, 140),
    ("short_reference", ShortReferenceInlineProcessor, REFERENCE_RE, 130),
    ("short_image_ref", ShortImageReferenceInlineProcessor, IMAGE_REFERENCE_RE, 125),
)


class LinearBrackets(Extension):
    """Replaces the link, image and reference patterns (and the footnote pattern, when the
    footnotes extension is loaded first) with ones whose time is linear in the text's length."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's name
        for name, base, pattern, priority in _REPLACED:
            md.inlinePatterns.register(_linear(base, pattern, md), name, priority)
        if "footnote" in md.inlinePatterns:
            md.inlinePatterns["footnote"].compiled_re = re.compile(FOOTNOTE_RE, re.DOTALL | re.UNICODE)
