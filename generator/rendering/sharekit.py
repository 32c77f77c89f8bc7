"""The share kit of a story: the "Chia sẻ" box on its page, and a folder ready to upload.

Both exist only for a published story whose consent covers the website and the channel; the
folder holds ``post.txt``, ``post-zalo.txt`` (with Zalo consent), ``share.jpg`` (``share.png`` for a text-only card) and the photos,
each file at most 1 MB and without metadata.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from PIL import Image

from ..cache import Store
from ..reading.collection import Collection
from ..dates import short_date
from .layout import render
from ..reading.plan import Plan
from ..media.images import upright_srgb
from ..media.sharecard import MAX_BYTES, ShareCard, encode_jpeg, share_card
from .social import post_text, share_channels, story_url, zalo_post_text, zalo_summary
from ..reading.model import Photo, Story

FACEBOOK_SHARER = "https://www.facebook.com/sharer/sharer.php?u="
UPLOAD_LONG_EDGE = 2048  # Facebook's largest photo size; Zalo takes it as long as it stays within 1 MB
KIT_FILES = ("post.txt", "post-zalo.txt", "share.jpg", "share.png")
KIT_MARK = ".nttv-truyen"  # in every kit folder: the story file it was made from, so that it can be removed


# On the page.

def share_box(here: str, story: Story, plan: Plan, card: ShareCard | None, today: dt.date, preview: bool = False) -> str:
    """The "Chia sẻ" box of a story page, or nothing when no social channel is consented.

    It speaks to readers; ``preview`` (``mkdocs serve``) adds the hints meant for editors.
    """
    channels = share_channels(story, today)
    if not channels:
        return ""
    url = story_url(story, plan.site_url)
    texts = [_text("nttv-post", "Bài viết", post_text(story, plan), rows=10)]
    if "zalo" in channels:
        label = "Bài viết cho Zalo" + (" (tiêu đề ≤ 150, tóm tắt ≤ 300 ký tự)" if preview else "")
        texts.append(_text("nttv-post-zalo", label, zalo_post_text(story, plan), rows=6))
    return render("share.html", here=here, story=story, channels=channels, url=url, preview=preview,
                  facebook=FACEBOOK_SHARER + quote(url, safe=""), zalo_summary=zalo_summary(story),
                  image=card.path if card else "", image_name=f"{story.slug}{card.extension}" if card else "", texts=texts)


def _text(element_id: str, label: str, text: str, rows: int) -> dict:
    return {"id": element_id, "label": label, "rows": rows, "value": text}


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


def write_kit(story: Story, plan: Plan, folder: Path, today: dt.date, cache: Store | None,
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
    (folder / KIT_MARK).write_text(story.source + "\n", encoding="utf-8")
    written = ["post.txt"]
    (folder / "post.txt").write_text(post_text(story, plan), encoding="utf-8")
    if "zalo" in channels:
        (folder / "post-zalo.txt").write_text(zalo_post_text(story, plan), encoding="utf-8")
        written.append("post-zalo.txt")
    card, _ = share_card(story, plan, cache, usable)
    (folder / f"share{card.extension}").write_bytes(card.data)
    written.append(f"share{card.extension}")
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


@dataclass(frozen=True)
class StaleKit:
    folder: Path
    source: str
    reason: str


def stale_kits(collection: Collection, out: Path, today: dt.date) -> list[StaleKit]:
    """Kit folders under ``out`` whose story may not be shared any more (withdrawn, consent narrowed,
    taken back to draft, now with an error, or deleted), each with the reason.

    ``collection`` must hold every story: a kit whose story it lacks counts as one of a deleted file.
    A folder written before kits were marked is recognised by its name.
    """
    if not out.is_dir():
        return []
    by_source = {story.source: story for story in collection.stories}
    by_folder = {folder.name: source for source, folder in kit_folders(list(collection.stories), out).items()}
    by_folder.update({story.slug: story.source for story in collection.stories if story.slug not in by_folder})
    stale = []
    for folder in sorted(path for path in out.iterdir() if path.is_dir()):
        mark = folder / KIT_MARK
        try:
            source = mark.read_text(encoding="utf-8").strip() if mark.is_file() else by_folder.get(folder.name, "")
        except (OSError, UnicodeDecodeError):
            continue
        if not source and not mark.is_file():
            continue  # not a kit this tool wrote, or of no story it knows: never touched
        story = by_source.get(source)
        if story is not None:
            reason = skip_reason(story, today)
        elif source in collection.rejected:
            reason = "tệp truyện có lỗi nên chưa được đăng"
        else:
            reason = "không còn tệp truyện này"
        if reason:
            stale.append(StaleKit(folder, source, reason))
    return stale


def remove_kit(folder: Path) -> None:
    """Remove the files a kit is made of (nothing else), then the folder when that leaves it empty."""
    for name in (*KIT_FILES, KIT_MARK):
        (folder / name).unlink(missing_ok=True)
    for photo in folder.glob("anh-*.jpg"):
        photo.unlink()
    try:
        folder.rmdir()
    except OSError:
        pass  # the editor kept other files there


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
