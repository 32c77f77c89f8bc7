"""What the column no longer publishes, removed: a withdrawn story leaves nothing behind.

``mkdocs build --dirty`` keeps every file it did not write, ``nttv share`` keeps every folder it
once wrote, and the caches keep every rendition ever made. These functions remove the story files
of the site folder that the build did not write, the share kits of stories no longer shared, and
the cache entries that no story file refers to any more or that belong to a withdrawn story.
Drafts and future stories keep their cache entries, so that switching between ``mkdocs serve``
and ``mkdocs build`` makes nothing twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..cache import Store
from ..media.cache import PhotoCache, cache_key
from ..media.images import settings_fingerprint
from ..media.sharecard import card_cache_name
from ..reading.collection import Collection
from ..reading.plan import Plan
from ..urls import KIND_FOLDERS
from .sharekit import StaleKit, remove_kit, stale_kits

# Everything under this folder of the site is written by the build from the stories.
STORY_FOLDER = KIND_FOLDERS["individual"].split("/", 1)[0]


@dataclass(frozen=True)
class Pruned:
    """How many leftovers one run removed."""

    site_files: int = 0
    photos: int = 0
    cards: int = 0
    kits: tuple[StaleKit, ...] = ()


def prune_caches(collection: Collection, plan: Plan, today: dt.date, photos: PhotoCache, cards: Store) -> Pruned:
    """Remove the photo and card cache entries of no story, or of one withdrawn from the website.

    ``collection`` must hold every story under ``stories/``. Entries the stores used in this run
    are kept whatever the stories say: a run never removes what it has just made.
    """
    # A story whose consent no longer covers the website is withdrawn from it: its renditions go too.
    kept = [story for story in collection.stories if story.on_website(today)]
    settings = settings_fingerprint()
    keys = set()
    for story in kept:
        for photo in story.photos:
            if photo.path is None:
                continue
            try:
                keys.add(cache_key(photo.path.read_bytes(), settings))
            except OSError:
                continue
    removed_photos = photos.prune(keys)
    removed_cards = (cards.prune({card_cache_name(story, plan) for story in kept})
                     if cards.folder is not None and cards.folder.is_dir() else 0)
    return Pruned(photos=removed_photos, cards=removed_cards)


def prune_site(site_dir: Path, written: set[str]) -> int:
    """Remove the files under the site's story folder that this build did not write (``written``:
    paths relative to ``site_dir``), and the folders that leaves empty; the number of files removed."""
    folder = site_dir / STORY_FOLDER
    if not folder.is_dir():
        return 0
    removed = 0
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file() or path.is_symlink():
            if path.relative_to(site_dir).as_posix() not in written:
                path.unlink()
                removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return removed


def prune_kits(collection: Collection, out: Path, today: dt.date) -> tuple[StaleKit, ...]:
    """Remove the share kits under ``out`` of stories that may not be shared any more; those removed."""
    stale = tuple(stale_kits(collection, out, today))
    for kit in stale:
        remove_kit(kit.folder)
    return stale
