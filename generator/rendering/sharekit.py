"""The share kit of a story: the "Chia sẻ" box on its page, and a folder ready to upload.

Both exist only for a published story whose consent covers the website and the channel; the
folder holds ``post.txt``, ``post-zalo.txt`` (with Zalo consent), ``share.jpg`` and the photos,
each file at most 1 MB and without metadata.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from PIL import Image

from .. import urls
from ..reading.collection import Collection
from ..dates import short_date
from ..markup import escape
from ..reading.plan import Plan
from ..media.images import upright_srgb
from ..media.sharecard import MAX_BYTES, ShareCard, encode_jpeg, share_card
from .social import post_text, share_channels, story_url, zalo_post_text, zalo_summary
from ..reading.story import Photo, Story

FACEBOOK_SHARER = "https://www.facebook.com/sharer/sharer.php?u="
UPLOAD_LONG_EDGE = 2048  # Facebook's largest photo size; Zalo takes it as long as it stays within 1 MB
KIT_FILES = ("post.txt", "post-zalo.txt", "share.jpg")


# On the page.

def share_box(here: str, story: Story, plan: Plan, card: ShareCard | None, today: dt.date) -> str:
    """The "Chia sẻ" box of a story page, or nothing when no social channel is consented."""
    channels = share_channels(story, today)
    if not channels:
        return ""
    url = story_url(story, plan.site_url)
    actions = ['<button type="button" class="md-button md-button--primary" data-nttv-copy="nttv-post">Sao chép bài đăng</button>']
    if card:
        actions.append(f'<a class="md-button" href="{escape(urls.href(here, card.path))}" '
                       f'download="{escape(story.slug)}.jpg">Tải ảnh chia sẻ</a>')
    if "facebook" in channels:
        actions.append(f'<a class="md-button" href="{escape(FACEBOOK_SHARER + quote(url, safe=""))}" '
                       'target="_blank" rel="noopener noreferrer">Chia sẻ lên Facebook</a>')
    if "zalo" in channels:
        actions.append(f'<button type="button" class="md-button" data-nttv-zalo="nttv-post-zalo" '
                       f'data-title="{escape(story.title)}" data-text="{escape(zalo_summary(story))}" '
                       f'data-url="{escape(url)}">Chia sẻ qua Zalo</button>')
    texts = [_text_area("nttv-post", "Bài đăng", post_text(story, plan), rows=10)]
    if "zalo" in channels:
        texts.append(_text_area("nttv-post-zalo", "Bài cho Zalo (tiêu đề ≤ 150, tóm tắt ≤ 300 ký tự)",
                                zalo_post_text(story, plan), rows=6))
    return "\n".join([
        '<section class="nttv-share" aria-labelledby="nttv-share-title">',
        '<h2 id="nttv-share-title">Chia sẻ</h2>',
        '<p class="nttv-share__intro">Bài đăng soạn sẵn từ câu chuyện này, kèm ảnh chia sẻ, '
        "để đăng lên trang Facebook và Zalo của chi hội.</p>",
        '<div class="nttv-share__actions">' + "".join(actions) + "</div>",
        '<p class="nttv-share__status" role="status" aria-live="polite"></p>',
        '<details class="nttv-share__texts"><summary>Xem nội dung bài đăng</summary>' + "".join(texts) + "</details>",
        "</section>",
    ])


def _text_area(element_id: str, label: str, text: str, rows: int) -> str:
    # Newlines as character references keep the whole text on one source line: Markdown leaves it alone.
    value = escape(text).replace("\n", "&#10;")
    return (f'<label for="{element_id}">{escape(label)}</label>'
            f'<textarea id="{element_id}" readonly rows="{rows}" spellcheck="false">{value}</textarea>')


# On disk.

@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str


@dataclass(frozen=True)
class Kit:
    """What was written for one story."""

    source: str
    folder: Path
    channels: tuple[str, ...]
    files: tuple[str, ...]
    unreadable_photos: tuple[str, ...] = ()


def select_stories(collection: Collection, today: dt.date, since: dt.date | None = None) -> tuple[list[Story], list[Skipped]]:
    """The stories to share (dated ``since`` or later), and the others with the reason, in Vietnamese."""
    chosen: list[Story] = []
    skipped: list[Skipped] = []
    for source in collection.rejected:
        errors = [p for p in collection.problems if p.path == source and p.is_error]
        first = f": {errors[0]}" if errors else ""
        skipped.append(Skipped(source, f"có lỗi nên chưa được đăng{first} (chạy `nttv check` để xem hết)"))
    for story in collection.stories:
        if since and story.date < since:
            continue
        reason = skip_reason(story, today)
        if reason:
            skipped.append(Skipped(story.source, reason))
        else:
            chosen.append(story)
    return chosen, sorted(skipped, key=lambda s: s.source)


def skip_reason(story: Story, today: dt.date) -> str:
    """Why the story gets no share kit, or nothing when it gets one."""
    status = story.status(today)
    if status == "draft":
        return "bản nháp (draft: true)"
    if status == "future":
        return f"hẹn đăng ngày {short_date(story.date)}, chưa đến ngày"
    if story.is_withdrawn(today):
        return f"đã rút lại sự đồng ý từ ngày {short_date(story.withdrawn)}"
    if "website" not in story.consent.scope:
        return "chưa có đồng ý đăng trên trang web (consent.scope không có website)"
    if not share_channels(story, today):
        return "phạm vi đồng ý (consent.scope) không có facebook hay zalo"
    return ""


def kit_folders(stories: list[Story], out: Path) -> dict[str, Path]:
    """A folder per story, named by its slug; a slug used in two years gets the year in front."""
    counts: dict[str, int] = {}
    for story in stories:
        counts[story.slug] = counts.get(story.slug, 0) + 1
    return {s.source: out / (s.slug if counts[s.slug] == 1 else f"{s.year}-{s.slug}") for s in stories}


def write_kit(story: Story, plan: Plan, folder: Path, today: dt.date, cache: Path | None,
              photos: tuple[Photo, ...] | None = None) -> Kit:
    """Write the story's kit into ``folder``, replacing an earlier kit there.

    ``photos`` are the story's photos the site publishes (default: all of them); the others, and
    any that cannot be made small enough, are listed in ``Kit.unreadable_photos``. A bad photo
    never stops the kit.
    """
    usable = story.photos if photos is None else photos
    channels = share_channels(story, today)
    folder.mkdir(parents=True, exist_ok=True)
    for old in [*(folder / name for name in KIT_FILES), *folder.glob("anh-*.jpg")]:
        old.unlink(missing_ok=True)
    written = ["post.txt"]
    (folder / "post.txt").write_text(post_text(story, plan), encoding="utf-8")
    if "zalo" in channels:
        (folder / "post-zalo.txt").write_text(zalo_post_text(story, plan), encoding="utf-8")
        written.append("post-zalo.txt")
    card, _ = share_card(story, plan, cache, usable)
    (folder / "share.jpg").write_bytes(card.data)
    written.append("share.jpg")
    unreadable = []
    for index, photo in enumerate(story.photos, start=1):
        try:
            data = upload_photo(photo.path.read_bytes()) if photo.path and photo in usable else None
        except OSError:
            data = None
        if data is None:
            unreadable.append(photo.src)
            continue
        name = f"anh-{index}.jpg"
        (folder / name).write_bytes(data)
        written.append(name)
    return Kit(story.source, folder, channels, tuple(written), tuple(unreadable))


def upload_photo(data: bytes, limit: int = MAX_BYTES) -> bytes:
    """The photo upright, in sRGB, at most 2048 px on its long edge and ``limit`` bytes, without
    metadata; None when it cannot be read or encoded (never an exception)."""
    try:
        picture = upright_srgb(data, UPLOAD_LONG_EDGE, UPLOAD_LONG_EDGE)
        while True:
            encoded = encode_jpeg(picture, limit)
            if len(encoded) <= limit or min(picture.size) < 200:
                return encoded
            picture = picture.resize((round(picture.width * 0.8), round(picture.height * 0.8)), Image.Resampling.LANCZOS)
    except Exception:  # PhotoRejected, or a failure of the encoder: this photo stays out of the kit
        return None
