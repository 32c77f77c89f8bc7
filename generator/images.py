"""Photos made safe to publish: upright, resized, with no metadata left in the file."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from .problems import Problem
from .story import Photo, Story

MAX_WIDTH = 1600
JPEG_QUALITY = 82


@dataclass(frozen=True)
class Rendition:
    path: str  # relative to the site's docs, e.g. cau-chuyen/2024/<slug>/anh-1.jpg
    width: int
    height: int
    data: bytes


@dataclass(frozen=True)
class PublishedPhoto:
    photo: Photo
    renditions: tuple[Rendition, ...]  # smallest first

    @property
    def largest(self) -> Rendition:
        return self.renditions[-1]


def photo_folder(story: Story) -> str:
    return f"cau-chuyen/{story.year}/{story.slug}"


def publish_photos(story: Story) -> tuple[tuple[PublishedPhoto, ...], list[Problem]]:
    """Every photo of the story as new files without metadata; a photo that fails is left out."""
    published: list[PublishedPhoto] = []
    problems: list[Problem] = []
    for index, photo in enumerate(story.photos):
        try:
            rendition = _rendition(photo, f"{photo_folder(story)}/anh-{index + 1}.jpg")
        except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError) as exc:
            problems.append(Problem(story.source, 1, 1, f"photos[{index}].src",
                                    f"không đọc được ảnh `{photo.src}` ({type(exc).__name__}): ảnh không được đăng"))
            continue
        published.append(PublishedPhoto(photo, (rendition,)))
    return tuple(published), problems


def _rendition(photo: Photo, path: str) -> Rendition:
    with Image.open(photo.path) as original:
        upright = ImageOps.exif_transpose(original)
        picture = upright.convert("RGB")
    picture.thumbnail((MAX_WIDTH, MAX_WIDTH * 4))
    out = io.BytesIO()
    # A fresh image saved without exif/icc/comment arguments carries no metadata at all.
    clean = Image.new("RGB", picture.size)
    clean.paste(picture)
    clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return Rendition(path, clean.width, clean.height, out.getvalue())
