"""Social-media posts of a story: plain text for Facebook and Zalo, made from the story file.

Facebook and Zalo show posts as plain text: Markdown is not rendered there, so the story's
Markdown is rendered to HTML with the same library as the site and the HTML walked back to text.
Emoji and Vietnamese are kept exactly; letters pasted in "Unicode bold" become plain letters,
since screen readers spell those out one by one.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from .. import urls
from ..markup import LenientHTMLParser, rendered_html
from ..reading.plan import Plan
from ..reading.model import MORE, Story
from ..videos import Video, pieces

SHARE_CHANNELS = ("facebook", "zalo")
ZALO_TITLE_MAX = 150  # Zalo Official Account article title
ZALO_SUMMARY_MAX = 300  # Zalo Official Account article description
OPENING_SUMMARY_MAX = 700  # a story without excerpt or <!-- more -->: this much of its opening
READ_MORE = "Đọc cả câu chuyện:"

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "dt", "dd", "tr", "figcaption", "blockquote", "div", "table", "ul", "ol", "dl"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIPPED = {"script", "style", "template", "noscript", "iframe", "object", "svg", "math"}
_VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr", "col", "area", "base", "embed", "track"}
_MATH_ALPHANUMERICS = re.compile("[\U0001D400-\U0001D7FF]")


@dataclass(frozen=True)
class Block:
    """One paragraph-like piece of text: ``kind`` is text, heading, item (of a list) or row (of a table).
    Blocks of one ``group`` (a list, a table) sit on adjacent lines."""

    text: str
    kind: str = "text"
    group: int | None = None


def text_blocks(source: str) -> list[Block]:
    """The Markdown ``source`` as plain-text blocks, in reading order."""
    return list(_blocks(source))


# A story page asks for its summary four times (link preview, share box, both posts): walk its HTML once.
@functools.lru_cache(maxsize=256)
def _blocks(source: str) -> tuple[Block, ...]:
    rendered = rendered_html(source)  # rendered once per text, shared with the page
    walker = _TextWalker()
    walker.feed(rendered)
    walker.close()
    return tuple(walker.finish())


def plain_text(source: str) -> str:
    """The Markdown ``source`` as plain text: paragraphs apart, list items and table rows on their own lines."""
    return join_blocks(text_blocks(source))


def story_blocks(story: Story, source: str) -> list[Block]:
    """``text_blocks`` of a part of the story (``source``), each video on its line a block of kind
    ``video`` that shows the link (``video_line``); a video the consent does not cover is left out."""
    if not story.videos:
        return text_blocks(source)
    shown = story.shown_videos()
    words: dict[str, Video] = {}
    marked: list[str] = []
    for part in pieces(source, story.videos):
        if isinstance(part, str):
            marked.append(part)
        elif part in shown:
            word = f"nttvvideo{hashlib.sha256(source.encode('utf-8')).hexdigest()[:12]}n{len(words)}"
            words[word] = part
            marked.append(f"\n\n{word}\n\n")
        else:
            marked.append("\n\n")
    return [Block(video_line(words[block.text]), kind="video") if block.text in words else block
            for block in text_blocks("".join(marked))]


def video_line(video: Video) -> str:
    """A video where a post or a plain text shows it: as its link, never as a player."""
    words = f"{video.text} – " if video.text else ""
    return f"Video ({video.host_name}): {words}{video.url}"


def story_plain_text(story: Story, source: str) -> str:
    """``plain_text`` of a part of the story, its videos as their links."""
    return join_blocks(story_blocks(story, source))


def join_blocks(blocks: list[Block]) -> str:
    parts: list[str] = []
    for index, block in enumerate(blocks):
        if index:
            same = block.group is not None and block.group == blocks[index - 1].group
            parts.append("\n" if same else "\n\n")
        parts.append(block.text)
    return "".join(parts)


def summary_blocks(story: Story) -> list[Block]:
    """The short version: ``excerpt``, else the part before ``<!-- more -->``, else the opening
    paragraphs, up to the first heading after them and about 700 characters."""
    if story.excerpt:
        return text_blocks(story.excerpt)
    if MORE in story.body:
        return story_blocks(story, story.summary)
    chosen: list[Block] = []
    length = 0
    for block in story_blocks(story, story.body):
        if block.kind == "heading":
            if chosen:
                break
            continue
        if chosen and length + len(block.text) > OPENING_SUMMARY_MAX:
            break
        chosen.append(block)
        length += len(block.text) + 2
    if chosen and len(chosen[0].text) > OPENING_SUMMARY_MAX:
        chosen = [Block(clip(chosen[0].text, OPENING_SUMMARY_MAX))]
    return chosen


def summary_text(story: Story) -> str:
    return join_blocks(summary_blocks(story))


def clip(text: str, limit: int) -> str:
    """``text`` cut at a word boundary with "…" so that it is at most ``limit`` characters long."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" \n,;:–-") + "…"


def story_url(story: Story, site_url: str) -> str:
    """The story page's absolute address, from the column's public address (ending in ``/``)."""
    return site_url + urls.url_of(story.page_path)


def hashtags(story: Story, plan: Plan) -> tuple[str, ...]:
    """The movement's hashtags, then the chapter's, each once, as the plan lists them."""
    chapter = plan.chapter(story.chapter)
    tags: list[str] = []
    for tag in plan.hashtags + (chapter.hashtags if chapter else ()):
        tag = "#" + "".join(str(tag).split()).lstrip("#")
        if len(tag) > 1 and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def share_channels(story: Story, today: dt.date) -> tuple[str, ...]:
    """The social channels this story may be shared on: consent for the website and the channel, not withdrawn."""
    if story.status(today) != "published":
        return ()
    return tuple(channel for channel in SHARE_CHANNELS if story.may_share(channel, today))


def lead_line(story: Story) -> str:
    """Who did what, for the line after the title: the deed, after the name unless the title or the
    deed already says it."""
    name = story.person.name
    if name.casefold() in story.title.casefold() or name.casefold() in story.deed.casefold():
        return story.deed
    return f"{name}: {story.deed}"


def post_text(story: Story, plan: Plan) -> str:
    """``post.txt``: title, who did what, the short version, the link, the hashtags."""
    parts = [
        _plain_line(story.title),
        _plain_line(lead_line(story)),
        "",
        summary_text(story),
        "",
        f"{READ_MORE} {story_url(story, plan.site_url)}",
        "",
        " ".join(hashtags(story, plan)),
    ]
    return "\n".join(parts).rstrip("\n") + "\n"


def zalo_summary(story: Story) -> str:
    """The short version on one line, at most 300 characters (the Zalo article description).
    Headings and table rows are left out: run into one line they read as a jumble."""
    flat = " ".join(block.text for block in summary_blocks(story) if block.kind in ("text", "item"))
    return clip(" ".join(flat.split()), ZALO_SUMMARY_MAX)


def zalo_post_text(story: Story, plan: Plan) -> str:
    """``post-zalo.txt``: the title (≤ 150), a blank line, the summary (≤ 300), a blank line, the link."""
    title = clip(_plain_line(story.title), ZALO_TITLE_MAX)
    return f"{title}\n\n{zalo_summary(story)}\n\n{story_url(story, plan.site_url)}\n"


def _plain_line(text: str) -> str:
    return " ".join(_plain_letters(text).split())


def _plain_letters(text: str) -> str:
    """Letters and digits pasted in "Unicode bold" or italic turned back into plain ones."""
    if not _MATH_ALPHANUMERICS.search(text):
        return text
    mapped = _MATH_ALPHANUMERICS.sub(lambda match: unicodedata.normalize("NFKC", match.group()), text)
    return unicodedata.normalize("NFC", mapped)


class _TextWalker(LenientHTMLParser):
    """Collects the text of rendered HTML, one block per paragraph, heading, list item or row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.lists: list[list] = []  # [tag, next number] per open list
        self.skipping = 0
        self.pre = 0
        self.cells = 0
        self.kind = "text"
        self.item_open = False
        self.groups = 0
        self.group: int | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.skipping or tag in _SKIPPED or "footnote" in (attributes.get("class") or ""):
            if tag not in _VOID:
                self.skipping += 1
            return
        if tag == "br":
            self.buffer.append("\n")
        elif tag in ("ul", "ol"):
            self.flush()
            if not self.lists:
                self.new_group()
            start = attributes.get("start")
            self.lists.append([tag, int(start) if start and start.isdigit() else 1])
        elif tag == "li":
            self.flush()
            self.item_open = True
            self.kind = "item"
            depth = max(len(self.lists) - 1, 0)
            marker = "•"
            if self.lists and self.lists[-1][0] == "ol":
                marker = f"{self.lists[-1][1]}."
                self.lists[-1][1] += 1
            self.buffer.append("  " * depth + marker + " ")
        elif tag == "p" and self.item_open:
            pass  # a paragraph inside a list item continues the item
        elif tag in ("td", "th"):
            if self.cells:
                self.buffer.append(" – ")
            self.cells += 1
        elif tag in _BLOCKS:
            self.flush()
            self.kind = "heading" if tag in _HEADINGS else "row" if tag == "tr" else "text"
            if tag == "table":
                self.new_group()
            self.cells = 0
            if tag == "pre":
                self.pre += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.skipping:
            if tag not in _VOID:
                self.skipping -= 1
            return
        if tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
            self.item_open = bool(self.lists)
            if not self.lists:
                self.group = None
        elif tag == "li":
            self.flush()
            self.item_open = False
        elif tag == "p" and self.item_open:
            pass
        elif tag in _BLOCKS:
            self.flush()
            if tag == "pre":
                self.pre -= 1
            if tag == "table":
                self.group = None

    def handle_data(self, data):
        if not self.skipping:
            self.buffer.append(data if self.pre else data.replace("\n", " "))

    def flush(self) -> None:
        raw = "".join(self.buffer)
        self.buffer = []
        if self.pre:
            text = raw.strip("\n")
        else:
            lines = (" ".join(line.split()) for line in raw.split("\n"))
            indent = len(raw) - len(raw.lstrip(" ")) if self.item_open else 0
            text = " " * indent + "\n".join(line for line in lines if line)
        text = _plain_letters(text)
        if text.strip() and not _is_bare_marker(text):
            self.blocks.append(Block(text.rstrip(), kind=self.kind, group=self.group))
        self.kind = "item" if self.item_open else "text"

    def new_group(self) -> None:
        self.groups += 1
        self.group = self.groups

    def finish(self) -> list[Block]:
        self.flush()
        return self.blocks


def _is_bare_marker(text: str) -> bool:
    """A list item's marker with nothing after it (its text went to a nested list)."""
    stripped = text.strip()
    return stripped == "•" or (stripped.endswith(".") and stripped[:-1].isdigit())
