"""What the generator keeps between builds, in one kind of store.

Every cache is a ``Store``: a folder (under the repository's ``.cache/``, named in ``KINDS`` below),
a version, and entries by name that are bytes. The version follows one rule: a digest of the code
that makes the entries (``Kind.code``) and of a format number, so a change of that code misses
every entry it made before, with no constant to remember to bump. An entry is written whole or not
at all (``storage.atomic_file``) and starts with the version that wrote it: an entry of another
version, a torn one or a file put there by hand is a miss, never an error.

A store counts the names it gave or took in the current build (``used``); ``prune`` removes the
rest. It also holds ``memory``: what its owner keeps in the process between builds (``mkdocs
serve`` builds again after each save). Whoever builds again holds the stores (``Caches``): the
MkDocs adapter between two saves, a test between two builds; nothing is kept in module globals.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .storage import write_atomically

ROOT = ".cache"  # the repository's folder of caches: written and read only by this generator
GENERATOR = Path(__file__).resolve().parent
_CODE_SUFFIXES = (".py", ".html", ".xml", ".txt", ".css", ".js")


@dataclass(frozen=True)
class Kind:
    """One cache: its folder under ``.cache/``, and the generator's files or folders whose code
    makes its entries (relative to the package; ``""`` is all of it)."""

    folder: str
    code: tuple[str, ...]
    format: int = 1  # bump when entries change in a way their code does not show

    @property
    def path(self) -> str:
        """The folder relative to the repository."""
        return f"{ROOT}/{self.folder}"

    @property
    def version(self) -> str:
        return code_version(self.format, self.code)


STORIES = Kind("stories", ("",))  # stories read, by file content, folder, plan and code (reading.story_cache)
PAGES = Kind("pages", ("",))  # story and list pages rendered, by what they show (rendering.memo)
PHOTOS = Kind("photos", ("media/images.py", "media/cache.py"))  # photo renditions, by the original's bytes
SHARE_CARDS = Kind("share-cards", ("media/sharecard.py",))  # story cards, by what is drawn on them
PAGE_CARDS = Kind("page-cards", ("media/pagecard.py", "media/sharecard.py"))  # the other pages' cards
POSTERS = Kind("video-posters", ("media/poster.py", "media/sharecard.py"))  # video blocks' posters
SEARCH = Kind("search", ("rendering/search.py",))  # each page's copy for Pagefind, by the page's bytes
EDITIONS = Kind("editions", ("publishing/editions.py", "publishing/printer.py"))  # printed bulletins, by page
# Gzip copies of the web editor's files: kept in node_modules/.cache/, beside what they compress.
GZIP = Kind("nttv-gzip", ("editor/precompress.py",))
KINDS = (STORIES, PAGES, PHOTOS, SHARE_CARDS, PAGE_CARDS, POSTERS, SEARCH, EDITIONS)


@functools.cache
def code_version(number: int, code: tuple[str, ...]) -> str:
    """A digest of the format ``number`` and of the generator's files under ``code``."""
    digest = hashlib.sha1(str(number).encode())
    for part in code:
        place = GENERATOR / part
        files = [place] if place.is_file() else sorted(
            path for path in place.rglob("*")
            if path.suffix in _CODE_SUFFIXES and "__pycache__" not in path.parts and path.is_file())
        for path in files:
            digest.update(path.relative_to(GENERATOR).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class Store:
    """Entries of one ``kind`` under ``folder`` (None: nothing kept on disk)."""

    def __init__(self, folder: Path | None, kind: Kind):
        self.folder = folder
        self.kind = kind
        self.memory: dict = {}
        self.used: set[str] = set()
        self._header = kind.version.encode() + b"\n"
        self._lock = threading.Lock()  # photos are made on several threads at once

    def get(self, name: str) -> bytes | None:
        """The entry ``name`` of this version, or None; either way the name counts as used."""
        self._use(name)
        if self.folder is None:
            return None
        try:
            data = (self.folder / name).read_bytes()
        except OSError:
            return None
        return data[len(self._header):] if data.startswith(self._header) else None

    def has(self, name: str) -> bool:
        """Whether the entry ``name`` of this version is on disk, without reading all of it."""
        if self.folder is None:
            return False
        try:
            with (self.folder / name).open("rb") as entry:
                return entry.read(len(self._header)) == self._header
        except OSError:
            return False

    def put(self, name: str, data: bytes) -> None:
        """Keep ``data`` as ``name``; a read-only or full disk costs the next build time, never this one."""
        self._use(name)
        if self.folder is None:
            return
        try:
            write_atomically(self.folder / name, self._header + data)
        except OSError:
            pass

    def get_or_make(self, name: str, make: Callable[[], bytes]) -> tuple[bytes, bool]:
        """The entry ``name``, or ``make()``'s bytes, then kept; and whether they had to be made."""
        found = self.get(name)
        if found is not None:
            return found, False
        data = make()
        self.put(name, data)
        return data, True

    def prune(self, keep: Iterable[str] = ()) -> int:
        """Remove the entries neither used in this build nor named in ``keep``; how many were removed."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        kept = self.used | set(keep)
        removed = 0
        for entry in sorted(self.folder.rglob("*"), reverse=True):  # a folder after what it holds
            name = entry.relative_to(self.folder).as_posix()
            if entry.is_dir():
                if not any(entry.iterdir()):
                    entry.rmdir()
            # A dot file is a store's own; a .tmp file is an entry another build is writing now.
            elif not entry.name.startswith(".") and not entry.name.endswith(".tmp") and name not in kept:
                entry.unlink(missing_ok=True)
                removed += 1
        return removed

    def start(self) -> None:
        """A new build: nothing used yet."""
        self.used = set()

    def _use(self, name: str) -> None:
        with self._lock:
            self.used.add(name)


class Caches:
    """Every store of the repository at ``root`` (None: memory only), held by whoever builds it again."""

    def __init__(self, root: Path | None):
        def store(kind: Kind) -> Store:
            return Store(None if root is None else root / kind.path, kind)

        self.stories = store(STORIES)
        self.pages = store(PAGES)
        self.photos = store(PHOTOS)
        self.share_cards = store(SHARE_CARDS)
        self.page_cards = store(PAGE_CARDS)
        self.posters = store(POSTERS)
        self.search = store(SEARCH)
        self.editions = store(EDITIONS)

    def start(self) -> None:
        """A new build of the same repository: what it uses is counted from nothing."""
        for store in vars(self).values():
            store.start()


def store_of(kind: Kind, store: Store | None) -> Store:
    """``store``, or a store of ``kind`` that keeps nothing on disk (a run that keeps no cache)."""
    return store if store is not None else Store(None, kind)
