"""Stories already read, by everything their reading depends on: the build reads again only the
files that changed.

A story's reading depends on its file's bytes, on the plan (kinds, criteria, chapters), on the
names of the files beside it (its photos must exist there, not be links out of the repository)
and on the generator's own code. The key holds all of them, so an entry is never stale: a change
of any of them is a different key. The process keeps the last run's stories (``mkdocs serve``
rebuilds in the same process after each save), and a build keeps them on disk as a pickle in the
repository's own ``.cache/`` (written and read only by this generator, like the photo cache).
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path
from typing import Callable

from ..problems import Problem
from ..storage import atomic_file
from .plan import Plan
from .model import Story
from .story import FILE_MAX

Read = tuple["Story | None", list[Problem]]
GENERATOR = Path(__file__).resolve().parent.parent
FORMAT = "1"

_LAST: dict[bytes, Read] = {}


def forget() -> None:
    """Drop the stories kept from this process's last run: the next one reads as a new process."""
    _LAST.clear()


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the generator's Python files: another version of the code reads stories again."""
    digest = hashlib.sha1(FORMAT.encode())
    for path in sorted(GENERATOR.rglob("*.py")):
        digest.update(path.relative_to(GENERATOR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class StoryCache:
    """One run's lookups: ``read(path, root, plan, reader)`` gives ``reader(path, root, plan)``, from
    the cache when nothing it depends on changed."""

    def __init__(self, file: Path | None):
        self.file = file
        self.known = _LAST if _LAST or file is None else _load(file)
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
            _LAST.update(self.used)
            return
        unchanged = self.used.keys() == self.known.keys()
        _LAST.clear()
        _LAST.update(self.used)
        if self.file is None or (unchanged and self.file.is_file()):
            return
        try:
            with atomic_file(self.file) as out:
                pickle.dump((code_version(), self.used), out, protocol=pickle.HIGHEST_PROTOCOL)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
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
            self.plans[id(plan)] = hashlib.sha1((code_version() + repr(plan)).encode()).digest()
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


def _load(file: Path) -> dict[bytes, Read]:
    try:
        with file.open("rb") as stored:
            version, entries = pickle.load(stored)
    except Exception:  # noqa: BLE001 - no cache yet, or a damaged one: every story is read
        return {}
    return entries if version == code_version() and isinstance(entries, dict) else {}
