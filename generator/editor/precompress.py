"""Gzip copies of the web editor's text files, for servers that send a ready ``.gz`` (nginx's ``gzip_static``).

Compressing Decap CMS at the highest level takes about half a second per build, so the copies of
files taken from ``node_modules/`` are kept in its ``.cache/`` folder, named by the SHA-256 of what
they compress: a copy can never belong to another version of the file. The copies are made with a
fixed timestamp and no file name, so the same file always gives the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib

from ..cache import GZIP, Store, store_of

SUFFIXES = (".html", ".js", ".css", ".yml")
SMALLEST = 1024  # bytes: below this the gzip header outweighs what compression saves
LEVEL = 9


def gzipped(data: bytes) -> bytes:
    """``data`` compressed as a ``.gz`` file, the same bytes for the same input."""
    return gzip.compress(data, compresslevel=LEVEL, mtime=0)


def wants_copy(path: str, size: int) -> bool:
    return path.endswith(SUFFIXES) and size >= SMALLEST


def gzip_copy(data: bytes, cache: Store | None) -> bytes:
    """The ``.gz`` of ``data``, taken from ``cache`` (the store of copies, or its folder) when it was made before."""
    name = hashlib.sha256(data).hexdigest() + ".gz"
    return store_of(GZIP, cache).get_or_make(name, lambda: gzipped(data))[0]
