"""Bulletin PDFs: every edition of a built site printed beside its page, or one edition on its own.

A PDF is kept under ``.cache/editions/`` by the hash of its page and of every file the page
loads (photos, fonts): an edition nobody changed is not printed again, and its bytes stay the
same, so publishing an unchanged site copies nothing. Entries no edition uses any more (a
withdrawn story's old edition) are deleted at the end of each run.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from ..rendering.edition import FOLDER, Edition, font_files, page_path, print_photo, render_edition
from ..cache import EDITIONS, Store, store_of
from .printer import print_pdf

_LOADED = re.compile(r"""(?:src="([^"]+)"|url\("([^"]+)"\))""")


@dataclass(frozen=True)
class Printed:
    pdf: Path
    reused: bool


def print_site_editions(site: Path, cache: Store | None) -> tuple[Printed, ...]:
    """Print ``<site>/ban-tin/<edition>/index.html`` to ``ban-tin-<edition>.pdf`` beside it, for each edition.
    ``cache`` is the editions' store (or its folder)."""
    cache = store_of(EDITIONS, cache)
    pages = sorted((site / FOLDER).glob("*/index.html")) if (site / FOLDER).is_dir() else []
    done = []
    for page in pages:
        pdf = page.parent / f"ban-tin-{page.parent.name}.pdf"
        name = f"{_fingerprint(page)}.pdf"
        kept = cache.get(name)
        if kept is None:
            print_pdf(page, pdf)
            cache.put(name, pdf.read_bytes())
        else:
            pdf.write_bytes(kept)
        done.append(Printed(pdf, kept is not None))
    cache.prune()
    return tuple(done)


def print_edition(edition: Edition, pdf: Path) -> None:
    """Print one edition to ``pdf`` (no site needed): its page, photos and fonts staged in a
    temporary folder laid out as on the site, so that the page's links resolve."""
    files = [(rendition.path, rendition.data) for published in edition.photos.values()
             for rendition in map(print_photo, published)]
    files += [*font_files(), (page_path(edition.period), render_edition(edition, site_links=False).encode("utf-8"))]
    with tempfile.TemporaryDirectory(prefix="nttv-ban-tin-") as folder:
        staged = Path(folder)
        for path, data in files:
            (staged / path).parent.mkdir(parents=True, exist_ok=True)
            (staged / path).write_bytes(data)
        print_pdf(staged / page_path(edition.period), pdf)


def _fingerprint(page: Path) -> str:
    """The hash of the page and of every local file it loads."""
    digest = hashlib.sha256()
    html = page.read_bytes()
    digest.update(html)
    for match in _LOADED.finditer(html.decode("utf-8")):
        link = unquote(match.group(1) or match.group(2))
        if "://" in link or link.startswith(("data:", "/", "#")):
            continue
        loaded = (page.parent / link.split("#", 1)[0].split("?", 1)[0]).resolve()
        digest.update(link.encode())
        digest.update(loaded.read_bytes() if loaded.is_file() else b"missing")
    return digest.hexdigest()
