"""A story as plain text for a newspaper's editor: no Markdown, photo captions with credits, byline.

The newspaper is print: only a story whose consent has ``print`` (and was not withdrawn) is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Mapping

from ..dates import short_date
from ..reading.plan import Plan
from ..reading.story import MORE, Story
from .social import plain_text, story_plain_text, summary_text

FORMATS = ("newspaper",)


def refusal(story: Story, today: dt.date) -> str:
    """Why ``story`` may not go to the newspaper, or nothing."""
    if story.draft:
        return "còn là bản nháp (`draft: true`)"
    if story.is_withdrawn(today):
        return f"đã rút lại sự đồng ý từ {short_date(story.withdrawn)}: không gửi báo"
    if "print" not in story.consent.scope:
        return ("sự đồng ý (consent.scope) không có `print`: báo in cần sự đồng ý đăng trên ấn phẩm in; "
                "hỏi lại người được giới thiệu, rồi thêm print vào consent.scope")
    return ""


def newspaper_text(story: Story, plan: Plan, photo_files: Mapping[int, str] | None = None) -> str:
    """Title, lead, body, photo captions with credits, byline; ``photo_files`` names the file sent with
    each photo, by the photo's place in the story (``Photo.index``)."""
    photo_files = photo_files or {}
    lead, body = _lead_and_body(story)
    chapter = plan.chapter(story.chapter)
    parts = [story.title, f"Sapo: {lead}"]
    if body:
        parts.append(body)
    if story.photos:
        lines = ["Ảnh:"]
        for number, photo in enumerate(story.photos, start=1):
            words = photo.caption or photo.alt
            credit = f" Ảnh: {photo.credit}." if photo.credit else ""
            file = f" (tệp {photo_files[photo.index]})" if photo.index in photo_files else ""
            lines.append(f"{number}. {words.rstrip('.')}.{credit}{file}")
        parts.append("\n".join(lines))
    if story.anonymised:
        parts.append("Tên nhân vật đã được thay đổi.")
    parts.append(f"Bài: {chapter.name_on(story.date) if chapter else story.chapter}")
    return "\n\n".join(part.strip() for part in parts if part.strip()) + "\n"


def _lead_and_body(story: Story) -> tuple[str, str]:
    """The lead (sapo) and the rest: the excerpt and the whole body, the part before ``<!-- more -->``
    and the part after it, or the deed and the whole body."""
    if story.excerpt:
        return plain_text(story.excerpt), story_plain_text(story, story.full_text)
    if MORE in story.body:
        return summary_text(story), story_plain_text(story, story.body.split(MORE, 1)[1])
    return story.deed, story_plain_text(story, story.body)
