"""File extensions the tool tells apart: stories, the photos it publishes, and the images it keeps out.

On the ground floor and importing nothing of the generator, so that reading, media and the web
editor's rules name a file's kind from one list.
"""

from __future__ import annotations

STORY_EXTENSION = ".md"
# Photos an editor may put beside a story, with the format Pillow reads each as.
PHOTO_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".heic": "HEIF", ".heif": "HEIF"}
PHOTO_EXTENSIONS = tuple(PHOTO_FORMATS)
# Published once converted, but not shown by most browsers as they are: a page needs JPEG, PNG or WebP.
NOT_FOR_BROWSERS = (".heic", ".heif")
# Photo formats the column does not publish: their originals have no business in the repository.
KEPT_OUT = (".tif", ".tiff", ".gif", ".bmp", ".avif", ".jxl", ".psd", ".dng", ".cr2", ".cr3", ".nef", ".arw",
            ".raf", ".orf", ".rw2")
# Images the site cannot serve clean: SVG may hold an RDF packet, editor paths or an embedded photo.
NOT_SERVED = KEPT_OUT + (".svg", ".svgz", ".ico")
