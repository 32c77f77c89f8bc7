"""Bulletin PDFs: every edition of a built site printed beside its page, or one edition on its own.

A PDF is kept under ``.cache/editions/`` by the hash of its page and of every file the page
loads (photos, fonts): an edition nobody changed is not printed again, and its bytes stay the
same, so publishing an unchanged site copies nothing. Entries no edition uses any more (a
withdrawn story's old edition) are deleted at the end of each run.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from ..rendering.edition import FOLDER, Edition, font_files, page_path, print_photo, render_edition
from .printer import print_pdf

CACHE_FOLDER = ".cache/editions"
# Bump when the printing itself changes in a way the page's bytes do not show.
PRINT_VERSION = "1"
_LOADED = re.compile(r"""(?:src="([^"]+)"|url\("([^"]+)"\))""")


@dataclass(frozen=True)
class Printed:
    pdf: Path
    reused: bool


def print_site_editions(site: Path, cache: Path) -> tuple[Printed, ...]:
    """Print ``<site>/ban-tin/<edition>/index.html`` to ``ban-tin-<edition>.pdf`` beside it, for each edition."""
    pages = sorted((site / FOLDER).glob("*/index.html")) if (site / FOLDER).is_dir() else []
    cache.mkdir(parents=True, exist_ok=True)
    done, used = [], set()
    for page in pages:
        pdf = page.parent / f"ban-tin-{page.parent.name}.pdf"
        kept = cache / f"{_fingerprint(page)}.pdf"
        used.add(kept.name)
        reused = kept.is_file()
        if not reused:
            print_pdf(page, pdf)
            partial = kept.with_suffix(".tmp")
            shutil.copyfile(pdf, partial)
            partial.replace(kept)
        else:
            shutil.copyfile(kept, pdf)
        done.append(Printed(pdf, reused))
    for entry in cache.glob("*.pdf"):
        if entry.name not in used:
            entry.unlink()
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
    digest = hashlib.sha256(PRINT_VERSION.encode())
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
