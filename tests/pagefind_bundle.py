"""What a built site's Pagefind bundle holds, read back: the indexed pages with their text and meta."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from generator.rendering.search import plain_spelling

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


def holds(searched: str, phrase: str) -> bool:
    """Whether ``searched`` (indexed content and metadata) holds ``phrase`` as written, or as the
    index spells a page's text (generator/rendering/search.py: each word once, as a reader types
    it). A phrase whose words the page had already used before it may be missed in the second form."""
    return phrase in searched or _spelled(phrase) in _spelled(searched)


def _spelled(text: str) -> str:
    return " ".join(plain_spelling(word) for word in re.findall(r"\w+", text))
