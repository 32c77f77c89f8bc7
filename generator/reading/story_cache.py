"""Stories already read, by everything their reading depends on: the build reads again only the
files that changed.

A story's reading depends on its file's bytes, on the plan (kinds, criteria, chapters), on the
names of the files beside it (its photos must exist there, not be links out of the repository)
and on the generator's own code. The key holds all of them, so an entry is never stale: a change
of any of them is a different key. The stories are kept in the story store
(``generator.cache.STORIES``): in its memory between two builds of one process (``mkdocs serve``
rebuilds after each save), and on disk as one pickle entry (written and read only by this generator).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Callable

from ..cache import STORIES, Store
from ..problems import Problem
from .plan import Plan
from .model import Story
from .story import FILE_MAX

Read = tuple["Story | None", list[Problem]]
ENTRY = "stories.pickle"


class StoryCache:
    """One run's lookups: ``read(path, root, plan, reader)`` gives ``reader(path, root, plan)``, from
    the cache when nothing it depends on changed."""

    def __init__(self, store: Store | None):
        self.store = store if store is not None else Store(None, STORIES)
        self.last = self.store.memory.setdefault("last", {})  # the last run of this process
        self.known = self.last if self.last else _load(self.store)
        self.used: dict[bytes, Read] = {}
        self.folders: dict[Path, bytes] = {}
        self.plans: dict[int, bytes] = {}
        self.hits = 0

    def read(self, path: Path, root: Path, plan: Plan, reader: Callable[[Path, Path, Plan], Read]) -> Read:
        key = self._key(path, root, plan)
        if key is None:
            return reader(path, root, plan)
        found = self.used.get(key) or self.known.get(key)
        if found is None:
            found = reader(path, root, plan)
        else:
            self.hits += 1
        self.used[key] = found
        return found[0], list(found[1])

    def save(self, whole: bool) -> None:
        """Keep this run's stories (``whole``: every story was read, so only these are kept)."""
        if not whole:
            self.last.update(self.used)
            return
        unchanged = self.used.keys() == self.known.keys()
        self.last.clear()
        self.last.update(self.used)
        if unchanged and self.store.has(ENTRY):
            return
        try:
            self.store.put(ENTRY, pickle.dumps(self.used, protocol=pickle.HIGHEST_PROTOCOL))
        except (pickle.PicklingError, TypeError, AttributeError):
            pass  # the cache only saves time: without it the next build reads every story

    def _key(self, path: Path, root: Path, plan: Plan) -> bytes | None:
        try:
            if path.stat().st_size > FILE_MAX:
                return None
            raw = path.read_bytes()
        except OSError:
            return None  # the reader says what is wrong
        digest = hashlib.sha1(raw)
        digest.update(b"\0" + str(path.relative_to(root)).encode() + b"\0" + str(root).encode())
        digest.update(self._plan(plan))
        digest.update(self._folder(path.parent))
        return digest.digest()

    def _plan(self, plan: Plan) -> bytes:
        if id(plan) not in self.plans:
            self.plans[id(plan)] = hashlib.sha1(repr(plan).encode()).digest()
        return self.plans[id(plan)]

    def _folder(self, folder: Path) -> bytes:
        """The names of the folder's files, and which are links: a photo found, missing or a link."""
        if folder not in self.folders:
            try:
                entries = sorted((entry.name, entry.is_symlink(), entry.is_file()) for entry in os.scandir(folder))
            except OSError:
                entries = []
            self.folders[folder] = hashlib.sha1(repr(entries).encode()).digest()
        return self.folders[folder]


def _load(store: Store) -> dict[bytes, Read]:
    entry = store.get(ENTRY)
    if entry is None:
        return {}
    try:
        entries = pickle.loads(entry)
    except Exception:  # noqa: BLE001 - a damaged entry: every story is read
        return {}
    return entries if isinstance(entries, dict) else {}
