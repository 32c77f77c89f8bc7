"""Processed photos kept between builds, so that a build in which no photo changed decodes none.

An entry is named by the hash of the original file's bytes and of every setting that shapes the
output (widths, qualities, library versions): change either and the photo is made again. Entries
are written whole or not at all, so an interrupted build never leaves a half entry behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

CACHE_FOLDER = ".cache/photos"


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
    """Encodings by key, on disk under ``folder`` (or in memory only when ``folder`` is None).

    Counts what a build did: ``made`` photos were decoded and encoded, ``reused`` came from here.
    """

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.made = 0
        self.reused = 0
        self._memory: dict[str, tuple[Encoding, ...]] = {}
        self.used: set[str] = set()  # keys this build read or wrote: never pruned by it
        self._lock = threading.Lock()  # photos are made on several threads at once

    def get(self, key: str) -> tuple[Encoding, ...] | None:
        found = self._memory.get(key) or self._read(key)
        if found is not None:
            with self._lock:
                self._memory[key] = found
                self.used.add(key)
                self.reused += 1
        return found

    def put(self, key: str, encodings: tuple[Encoding, ...]) -> None:
        with self._lock:
            self.made += 1
            self._memory[key] = encodings
            self.used.add(key)
        if self.folder is not None:
            try:
                self._write(key, encodings)
            except OSError:
                pass  # a read-only or full disk costs speed on the next build, never the build itself

    def prune(self, keep: set[str]) -> int:
        """Remove every entry whose key is not in ``keep``; the number removed."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        removed = 0
        for entry in sorted(self.folder.glob("*/*")):
            # Staging folders (`.<key>-…`) belong to a build writing at this moment: leave them.
            if entry.is_dir() and not entry.name.startswith(".") and entry.name not in keep:
                shutil.rmtree(entry, ignore_errors=True)
                removed += 1
        for bucket in self.folder.iterdir():
            if bucket.is_dir() and not any(bucket.iterdir()):
                bucket.rmdir()
        return removed

    def _entry(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / key

    def _read(self, key: str) -> tuple[Encoding, ...] | None:
        if self.folder is None:
            return None
        entry = self._entry(key)
        try:
            manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
            return tuple(
                Encoding(item["kind"], item["width"], item["height"], (entry / item["file"]).read_bytes())
                for item in manifest["files"]
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _write(self, key: str, encodings: tuple[Encoding, ...]) -> None:
        entry = self._entry(key)
        if (entry / "manifest.json").is_file():
            return
        entry.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=entry.parent))
        files = []
        for item in encodings:
            name = f"{item.width}.{'jpg' if item.kind == 'jpeg' else item.kind}"
            (staging / name).write_bytes(item.data)
            files.append({"kind": item.kind, "width": item.width, "height": item.height, "file": name})
        (staging / "manifest.json").write_text(json.dumps({"files": files}), encoding="utf-8")
        try:
            os.replace(staging, entry)
        except OSError:
            # Another build wrote the same entry first: its content is the same.
            for leftover in staging.iterdir():
                leftover.unlink()
            staging.rmdir()
