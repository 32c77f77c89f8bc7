"""Pages already rendered, by everything they are made from: a build renders again only the story
pages and list pages whose inputs changed (after one saved story, its page, its neighbours', the
pages that show it as related and the list pages it is on).

A page's key is a digest of the values its template reads (the stories it shows, their photos'
files, the share card's address and text, the plan, today, preview or not) and of the generator's
code and templates (the page store's version, ``generator.cache.PAGES``); the key never names the
page alone, so an entry cannot be stale. The store keeps the last build's pages in its memory
(``mkdocs serve``) and on disk as one JSON entry.
"""

from __future__ import annotations

import hashlib
import json
from typing import Callable

from ..cache import PAGES, Store
from ..reading.model import Story
from .context import Page
from .layout import front_matter

ENTRY = "pages.json"


class PageMemo:
    """The pages of one build, from ``store`` (None: a store of this build only) when their parts
    are the ones of a page kept there; ``keep`` writes them to disk, not only to memory."""

    def __init__(self, store: Store | None, salt: str, keep: bool = True):
        self.store = store if store is not None else Store(None, PAGES)
        self.keep = keep
        self.salt = salt
        self.last = self.store.memory.setdefault("last", {})
        self.reprs = self.store.memory.setdefault("reprs", _Reprs())
        self.known = self.last if self.last or not keep else _load(self.store)
        self.used: dict[str, list] = {}  # by key: [text, its front matter read, or None]
        self.rendered = 0

    def page(self, path: str, parts: tuple, render: Callable[[], str], in_nav: bool = False) -> Page:
        """The page ``path`` made of ``parts`` (values whose ``repr`` says all the page shows of
        them), with its front matter read when it was rendered, never again after."""
        key = hashlib.sha1((self.salt + "".join(map(self.reprs.shown, parts))).encode("utf-8")).hexdigest()
        found = self.used.get(key) or self.known.get(key)
        if found is None:
            text = render()
            found = [text, front_matter(text)]
            self.rendered += 1
        self.used[key] = found
        return Page(path, found[0], in_nav, found[1])

    def save(self) -> None:
        self.reprs.forget_unseen()
        unchanged = not self.rendered and self.used.keys() == self.known.keys()
        self.last.clear()
        self.last.update(self.used)
        if not self.keep or (unchanged and self.store.has(ENTRY)):
            return
        self.store.put(ENTRY, json.dumps(self.used, ensure_ascii=False).encode("utf-8"))


class _Reprs:
    """The repr of each story object once: stories come back from the story store as the same objects."""

    def __init__(self):
        self.known: dict[int, tuple[object, str]] = {}
        self.seen: set[int] = set()

    def shown(self, value) -> str:
        if isinstance(value, tuple):
            return "(" + ",".join(map(self.shown, value)) + ")"
        if isinstance(value, Story):
            known = self.known.get(id(value))
            if known is None or known[0] is not value:
                known = self.known[id(value)] = (value, repr(value))
            self.seen.add(id(value))
            return known[1]
        return repr(value)

    def forget_unseen(self) -> None:
        for gone in self.known.keys() - self.seen:
            del self.known[gone]
        self.seen.clear()


def _load(store: Store) -> dict[str, list]:
    entry = store.get(ENTRY)
    if entry is None:
        return {}
    try:
        pages = json.loads(entry.decode("utf-8"))
    except ValueError:
        return {}
    if not isinstance(pages, dict):
        return {}
    return {key: found for key, found in pages.items()
            if isinstance(found, list) and len(found) == 2 and isinstance(found[0], str)}


def photos_key(published) -> tuple:
    """What a page shows of a story's published photos: each photo and its files' names and sizes."""
    return tuple((p.photo, tuple((r.path, r.width, r.height) for r in p.files)) for p in published)


def card_key(card) -> tuple | None:
    return None if card is None else (card.path, card.width, card.height, card.alt, card.media_type)
