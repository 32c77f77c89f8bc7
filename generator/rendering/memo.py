"""Pages already rendered, by everything they are made from: a build renders again only the story
pages and list pages whose inputs changed (after one saved story, its page, its neighbours', the
pages that show it as related and the list pages it is on).

A page's key is a digest of the values its template reads (the stories it shows, their photos'
files, the share card's address and text, the plan, today, preview or not) and of the generator's
code and templates; the key never names the page alone, so an entry cannot be stale. The process
keeps the last build's pages (``mkdocs serve``), and a build keeps them on disk in ``.cache/``.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Callable

from ..reading.model import Story
from .context import Page
from .layout import front_matter
from ..storage import write_atomically
from ..reading.story_cache import code_version

TEMPLATES = Path(__file__).resolve().parent / "templates"
_LAST: dict[str, list] = {}


@functools.lru_cache(maxsize=1)
def templates_version() -> str:
    digest = hashlib.sha1(code_version().encode())
    for path in sorted(TEMPLATES.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


class PageMemo:
    def __init__(self, file: Path | None, salt: str):
        self.file = file
        self.salt = templates_version() + salt
        self.known = _LAST if _LAST or file is None else _load(file)
        self.used: dict[str, list] = {}  # by key: [text, its front matter read, or None]
        self.rendered = 0

    def page(self, path: str, parts: tuple, render: Callable[[], str], in_nav: bool = False) -> Page:
        """The page ``path`` made of ``parts`` (values whose ``repr`` says all the page shows of
        them), with its front matter read when it was rendered, never again after."""
        key = hashlib.sha1((self.salt + "".join(map(_shown, parts))).encode("utf-8")).hexdigest()
        found = self.used.get(key) or self.known.get(key)
        if found is None:
            text = render()
            found = [text, front_matter(text)]
            self.rendered += 1
        self.used[key] = found
        return Page(path, found[0], in_nav, found[1])

    def save(self) -> None:
        for gone in _REPRS.keys() - _SEEN:
            del _REPRS[gone]
        _SEEN.clear()
        unchanged = not self.rendered and self.used.keys() == self.known.keys()
        _LAST.clear()
        _LAST.update(self.used)
        if self.file is None or (unchanged and self.file.is_file()):
            return
        try:
            stored = {"version": templates_version(), "pages": self.used}
            write_atomically(self.file, json.dumps(stored, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass  # the cache only saves time


# The repr of each story object once: stories come back from the story cache as the same objects.
_REPRS: dict[int, tuple[object, str]] = {}
_SEEN: set[int] = set()


def forget() -> None:
    """Drop the pages kept from this process's last build: the next one starts from the disk cache."""
    _LAST.clear()
    _REPRS.clear()
    _SEEN.clear()


def _shown(value) -> str:
    if isinstance(value, tuple):
        return "(" + ",".join(map(_shown, value)) + ")"
    if isinstance(value, Story):
        known = _REPRS.get(id(value))
        if known is None or known[0] is not value:
            known = _REPRS[id(value)] = (value, repr(value))
        _SEEN.add(id(value))
        return known[1]
    return repr(value)


def _load(file: Path) -> dict[str, list]:
    try:
        stored = json.loads(file.read_text(encoding="utf-8"))
        pages = stored["pages"] if stored.get("version") == templates_version() else {}
        if not isinstance(pages, dict):
            return {}
        return {key: entry for key, entry in pages.items()
                if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def photos_key(published) -> tuple:
    """What a page shows of a story's published photos: each photo and its files' names and sizes."""
    return tuple((p.photo, tuple((r.path, r.width, r.height) for r in p.files)) for p in published)


def card_key(card) -> tuple | None:
    return None if card is None else (card.path, card.width, card.height, card.alt, card.media_type)
