"""A story's body with its videos: a block with a poster on the page, a link with its address in print.

A video line is set aside before the Markdown is rendered and sanitised, and its block, made by a
template from the link's data, is put in its place afterwards: the body's own HTML never reaches
the page unsanitised, and a video the consent does not cover leaves no trace.
"""

from __future__ import annotations

import hashlib

from ..markup import body_html, escape
from ..media.poster import HEIGHT, WIDTH, poster_path
from ..reading.model import Story
from ..videos import Video, pieces
from .layout import render


def page_body(story: Story) -> str:
    """The story's text as the page's sanitised HTML, each video shown as a block with its poster."""
    return _with_videos(story, lambda number, video: render(
        "video.html", here=story.page_path, video=video, story_title=story.title, printed=False,
        poster=poster_path(story, number), width=WIDTH, height=HEIGHT))


def print_body(story: Story) -> str:
    """The story's text for the bulletin: each video a link with a short address to type from paper."""
    return _with_videos(story, lambda number, video: render(
        "video.html", here=story.page_path, video=video, story_title=story.title, printed=True))


def _with_videos(story: Story, block) -> str:
    text = story.full_text
    if not story.videos:
        return body_html(text)[0]
    shown = story.shown_videos()
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    markdown: list[str] = []
    blocks: dict[str, tuple[Video, str]] = {}
    for part in pieces(text, story.videos):
        if isinstance(part, str):
            markdown.append(part)
        elif part in shown:
            word = f"nttvvideo{key}n{len(blocks)}"
            blocks[word] = (part, block(story.videos.index(part), part).strip())
            markdown.append(f"\n\n{word}\n\n")
        else:
            markdown.append("\n\n")
    html = body_html("".join(markdown))[0]
    for word, (video, made) in blocks.items():
        # A line inside raw HTML is not a paragraph of its own there: it stays the link it was.
        html = html.replace(f"<p>{word}</p>", made, 1).replace(word, f'<a href="{escape(video.url)}">{escape(video.url)}</a>')
    return html
