"""A story as plain text for a newspaper's editor: no Markdown, photo captions with credits, byline.

The newspaper is print: only a story whose consent has ``print`` (and was not withdrawn) is written.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from ..dates import short_date
from ..reading.plan import Plan
from ..reading.model import MORE, Story
from .social import plain_text, story_plain_text, summary_text

FORMATS = ("newspaper",)
# Which story each file of the export folder was written for, so that a withdrawal removes them.
MANIFEST = ".nttv-da-xuat.json"


@dataclass(frozen=True)
class StaleExport:
    """The files written for a story that may no longer go to the newspaper, and why."""

    source: str
    reason: str
    files: tuple[str, ...]


def record_export(out: Path, written: Mapping[str, list[str]]) -> None:
    """Add the files just written for each story (``source`` → file names) to the folder's manifest."""
    manifest = _manifest(out)
    manifest.update({source: sorted(files) for source, files in written.items()})
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")


def prune_exports(stories: tuple[Story, ...], rejected: tuple[str, ...], out: Path, today: dt.date) -> list[StaleExport]:
    """Remove from ``out`` the files of every story that may no longer go to the newspaper
    (withdrawn, consent without ``print``, back to draft, now with an error, or deleted); those removed.

    ``stories`` must be every story: a file of a story it lacks counts as one of a deleted story.
    A text written before the manifest existed is recognised by its name (``<slug>.txt``).
    """
    if not out.is_dir():
        return []
    manifest = _manifest(out)
    by_source = {story.source: story for story in stories}
    for story in stories:
        if story.source not in manifest and (out / f"{story.slug}.txt").is_file():
            manifest[story.source] = [f"{story.slug}.txt", *(p.name for p in sorted(out.glob(f"{story.slug}-anh-*.jpg")))]
    stale = []
    for source, files in sorted(manifest.items()):
        story = by_source.get(source)
        if story is not None:
            reason = refusal(story, today)
        elif source in rejected:
            reason = "tệp truyện có lỗi nên chưa thể gửi"
        else:
            reason = "không còn tệp truyện này"
        if not reason:
            continue
        removed = []
        for name in files:
            path = out / name
            if Path(name).name == name and path.is_file() and not path.is_symlink():
                path.unlink()
                removed.append(name)
        stale.append(StaleExport(source, reason, tuple(removed)))
        del manifest[source]
    if stale:
        (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    return stale


def _manifest(out: Path) -> dict[str, list[str]]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(source): [str(name) for name in names] for source, names in data.items() if isinstance(names, list)}


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
