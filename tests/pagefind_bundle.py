"""What a built site's Pagefind bundle holds, read back: the indexed pages with their text and meta."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def indexed_pages(site: Path) -> dict[str, dict]:
    """Each indexed page's fragment by its address: ``content`` (the text searched), ``meta``, ``word_count``."""
    pages = {}
    for file in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(file.read_bytes())
        assert data.startswith(SIGNATURE), file
        fragment = json.loads(data[len(SIGNATURE):].decode("utf-8"))
        pages[fragment["url"]] = fragment
    return pages
