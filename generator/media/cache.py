"""Processed photos kept between builds, so that a build in which no photo changed decodes none.

An entry is named by the hash of the original file's bytes and of every setting that shapes the
output (widths, qualities, library versions): change either and the photo is made again. An entry
holds every encoding of one photo in one file of the photo store (``generator.cache.PHOTOS``): a
line listing the encodings, then their bytes one after the other, in a folder named by the key's
first two letters.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass

from ..cache import PHOTOS, Store, store_of



@dataclass(frozen=True)
class Encoding:
    """One encoded file of a photo, not yet placed anywhere: ``kind`` is ``jpeg`` or ``webp``."""

    kind: str
    width: int
    height: int
    data: bytes


def cache_key(original: bytes, settings: str) -> str:
    digest = hashlib.sha256()
    digest.update(settings.encode("utf-8"))
    digest.update(b"\x00")
    digest.update(original)
    return digest.hexdigest()


class PhotoCache:
    """Encodings by key, in the photo ``store`` (or a folder for one; None: in memory only).

    Counts what a build did: ``made`` photos were decoded and encoded, ``reused`` came from here.
    """

    def __init__(self, store: Store | None):
        self.store = store_of(PHOTOS, store)
        self.made = 0
        self.reused = 0
        self._memory: dict[str, tuple[Encoding, ...]] = {}
        self._lock = threading.Lock()  # photos are made on several threads at once

    def get(self, key: str) -> tuple[Encoding, ...] | None:
        found = self._memory.get(key) or _unpacked(self.store.get(_entry(key)))
        if found is not None:
            with self._lock:
                self._memory[key] = found
                self.reused += 1
        return found

    def put(self, key: str, encodings: tuple[Encoding, ...]) -> None:
        with self._lock:
            self.made += 1
            self._memory[key] = encodings
        self.store.put(_entry(key), _packed(encodings))

    def prune(self, keep: set[str]) -> int:
        """Remove every entry whose key is neither used in this build nor in ``keep``; the number removed."""
        return self.store.prune(map(_entry, keep))


def _entry(key: str) -> str:
    # Entries in a folder per first two letters of their key: a few thousand photos make no huge folder.
    return f"{key[:2]}/{key}"


def _packed(encodings: tuple[Encoding, ...]) -> bytes:
    listing = [[item.kind, item.width, item.height, len(item.data)] for item in encodings]
    return json.dumps(listing).encode("utf-8") + b"\n" + b"".join(item.data for item in encodings)


def _unpacked(entry: bytes | None) -> tuple[Encoding, ...] | None:
    if entry is None:
        return None
    try:
        listing, _, data = entry.partition(b"\n")
        encodings, start = [], 0
        for kind, width, height, size in json.loads(listing):
            encodings.append(Encoding(str(kind), int(width), int(height), data[start:start + size]))
            start += size
    except (ValueError, TypeError):
        return None
    return tuple(encodings) if start == len(data) else None
