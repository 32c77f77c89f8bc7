"""Photos made safe to publish: upright, in sRGB, in several widths, with no metadata left in the file.

Every published file is encoded anew from decoded pixels, so nothing of the original file (EXIF
and its GPS position, XMP, comments, thumbnails, colour profiles, appended data) can reach the
site. Output is sRGB without an embedded profile: browsers treat an untagged image as sRGB, and a
profile would be the one piece of metadata left in every file.
"""

from __future__ import annotations

import io
import json
import os
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

import pillow_heif
from PIL import Image, ImageCms, ImageOps

from .cache import Encoding, PhotoCache, cache_key
from ..filetypes import PHOTO_FORMATS
from ..problems import Problem, os_reason
from ..reading.model import Photo, Story

pillow_heif.register_heif_opener()
# Pillow warns from 89 megapixels; the limits below refuse such a file anyway, with a clearer message.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)

WIDTHS = (480, 960, 1600)
MAX_WIDTH = WIDTHS[-1]
# The longest side any published file may have: WebP's limit (JPEG's is 65,500). A phone's long
# screenshot is taller than that; it is scaled down to fit rather than refused.
MAX_SIDE = 16_383
JPEG_QUALITY = 82
WEBP_QUALITY = 80
MAX_FILE_BYTES = 25 * 1024 * 1024  # the repository host's web-upload limit
MAX_PIXELS = 50_000_000
# No camera photo compresses below this many bytes per pixel; a file that declares far more
# pixels than its size could hold is built to exhaust the memory of whoever decodes it.
BOMB_BYTES_PER_PIXEL = 0.01
UNREADABLE = ("tệp bị hỏng hoặc không phải ảnh JPEG, PNG, WebP, HEIC thật (không giải mã được): "
              "hãy xuất lại ảnh từ điện thoại hoặc máy tính")
UNENCODABLE = ("không tạo được ảnh để đăng từ tệp này: hãy mở ảnh trên máy, lưu lại dạng JPEG "
               "(cạnh dài khoảng 4000 điểm ảnh) rồi thay tệp cũ")
OUT_OF_MEMORY = "máy dựng trang không đủ bộ nhớ để mở ảnh này: hãy xuất lại ảnh nhỏ hơn (cạnh dài khoảng 4000 điểm ảnh)"

_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class Rendition:
    path: str  # relative to the site's docs, e.g. cau-chuyen/2024/<slug>/anh-1-960.jpg
    width: int
    height: int
    data: bytes


@dataclass(frozen=True)
class PublishedPhoto:
    photo: Photo
    renditions: tuple[Rendition, ...]  # JPEG, smallest first: every browser can show these
    webp: tuple[Rendition, ...] = ()  # the same widths as WebP, only when smaller than the JPEGs

    @property
    def largest(self) -> Rendition:
        return self.renditions[-1]

    @property
    def files(self) -> tuple[Rendition, ...]:
        return self.renditions + self.webp


@dataclass(frozen=True)
class PhotoStats:
    """What a build did with photos: ``made`` anew, ``reused`` from the cache, ``rejected``."""

    made: int = 0
    reused: int = 0
    rejected: int = 0

    def __str__(self) -> str:
        return (f"đã xử lý {self.made} ảnh, dùng lại {self.reused} ảnh đã xử lý từ trước, "
                f"{self.rejected} ảnh bị loại vì lỗi")


class PhotoRejected(Exception):
    """A photo that must not be published, with the reason in Vietnamese."""


def photo_folder(story: Story) -> str:
    return f"cau-chuyen/{story.year}/{story.slug}"


def settings_fingerprint() -> str:
    """Everything besides the original's bytes and this code (the photo store's version) that decides the output bytes."""
    return json.dumps({
        "widths": WIDTHS, "side": MAX_SIDE, "jpeg": JPEG_QUALITY, "webp": WEBP_QUALITY,
        "max_bytes": MAX_FILE_BYTES, "max_pixels": MAX_PIXELS, "bomb": BOMB_BYTES_PER_PIXEL,
        "pillow": Image.__version__, "pillow_heif": pillow_heif.__version__,
    }, sort_keys=True)


def publish_all(stories: Iterable[Story], cache: PhotoCache | None = None, owner: PhotoOwner | None = None,
                ) -> dict[str, tuple[tuple[PublishedPhoto, ...], list[Problem]]]:
    """Every photo of each story (or of each item ``owner`` describes: an activity) as new files without
    metadata, by story file; a photo that fails is left out, with a problem naming the story file, the
    photo's field and the photo file.

    Pillow lets go of the interpreter lock while it decodes, resizes and encodes, so threads suffice.
    """
    cache = cache if cache is not None else PhotoCache(None)
    owner = owner or STORY_PHOTOS
    settings = settings_fingerprint()
    stories = tuple(stories)
    paths = list(dict.fromkeys(photo.path for story in stories for photo in story.photos))
    with ThreadPoolExecutor(max_workers=_workers()) as pool:
        outcomes = dict(zip(paths, pool.map(lambda path: _outcome(path, cache, settings), paths)))
    return {owner.key(story): _published(story, outcomes, owner) for story in stories}


@dataclass(frozen=True)
class PhotoOwner:
    """What has photos besides a story (an activity): its key in the result, the site folder of its
    files and the field a problem names (``photos[0].src``, ``activities[3].photos[0].src``)."""

    key: Callable[[Any], str]
    folder: Callable[[Any], str]
    field: Callable[[Any, Photo], str]


STORY_PHOTOS = PhotoOwner(lambda story: story.source, photo_folder, lambda story, photo: f"photos[{photo.index}].src")


def _published(story: Story, outcomes: dict, owner: PhotoOwner) -> tuple[tuple[PublishedPhoto, ...], list[Problem]]:
    published: list[PublishedPhoto] = []
    problems: list[Problem] = []
    for photo in story.photos:
        encodings = outcomes[photo.path]
        if isinstance(encodings, PhotoRejected):
            problems.append(Problem(story.source, photo.line, photo.column, owner.field(story, photo),
                                    f"ảnh `{photo.src}`: {encodings}; ảnh không được đăng, "
                                    f"{'truyện' if owner is STORY_PHOTOS else 'hoạt động'} vẫn được đăng"))
            continue
        # Named by the photo's place in the story, so that files keep their names when another photo is left out.
        stem = f"{owner.folder(story)}/anh-{photo.index + 1}"
        jpeg = tuple(Rendition(f"{stem}-{e.width}.jpg", e.width, e.height, e.data)
                     for e in encodings if e.kind == "jpeg")
        webp = tuple(Rendition(f"{stem}-{e.width}.webp", e.width, e.height, e.data)
                     for e in encodings if e.kind == "webp")
        published.append(PublishedPhoto(photo, jpeg, webp))
    return tuple(published), problems


def _workers() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))  # each worker holds a decoded photo: bound the memory too


def _outcome(path: Path | None, cache: PhotoCache, settings: str) -> tuple[Encoding, ...] | PhotoRejected:
    """The photo's files, or why it is left out: whatever goes wrong with one photo stays with it."""
    try:
        return _encodings(path, cache, settings)
    except PhotoRejected as rejected:
        return rejected
    except MemoryError:
        return PhotoRejected(OUT_OF_MEMORY)
    except Exception:  # a library's failure we have not met yet is still this one photo's
        return PhotoRejected(UNENCODABLE)


def _encodings(path: Path | None, cache: PhotoCache, settings: str) -> tuple[Encoding, ...]:
    _check_file(path)
    try:
        original = path.read_bytes()
    except OSError as exc:
        raise PhotoRejected(f"không đọc được tệp ({os_reason(exc)})") from None
    key = cache_key(original, settings)
    found = cache.get(key)
    if found is not None:
        return found
    encodings = encode_photo(original)
    cache.put(key, encodings)
    return encodings


def _check_file(path: Path | None) -> None:
    """Refuse, before reading it, a file that is missing, of another format or too heavy."""
    if path is None:
        raise PhotoRejected("không tìm thấy tệp ảnh")
    if path.suffix.lower() not in PHOTO_FORMATS:
        raise PhotoRejected(f"định dạng `{path.suffix or 'không có đuôi'}` không được nhận: "
                            "chỉ nhận ảnh JPEG, PNG, WebP hoặc HEIC (đuôi .jpg, .jpeg, .png, .webp, .heic)")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PhotoRejected(f"không đọc được tệp ({os_reason(exc)})") from None
    if size > MAX_FILE_BYTES:
        raise PhotoRejected(f"tệp nặng {size / 1024 / 1024:.1f} MB, vượt giới hạn 25 MB: "
                            "hãy xuất lại ảnh nhỏ hơn (ví dụ cạnh dài 4000 điểm ảnh)")


def photo_problems(stories: Iterable[Story], cache: PhotoCache | None = None) -> list[Problem]:
    """The problems the build will report for these stories' photos, for ``nttv check``.

    Each photo goes through the very pipeline the build runs (decode, turn, resize, encode), so a
    photo named here is exactly one the build leaves out. The photos made on the way are kept in
    ``cache``, for the build that follows to reuse.
    """
    return [problem for _, problems in publish_all(stories, cache).values() for problem in problems]


def encode_photo(original: bytes) -> tuple[Encoding, ...]:
    """The original file's bytes as JPEG (and WebP where smaller) files at each width, smallest first.

    Raises PhotoRejected when the photo cannot be published, whatever the reason.
    """
    picture = upright_srgb(original, MAX_WIDTH)
    widths = sorted({w for w in WIDTHS if w < picture.width * 0.9} | {picture.width})
    jpeg: list[Encoding] = []
    webp: list[Encoding] = []
    resized = picture
    for width in reversed(widths):  # each width from the next larger one: less work, same look
        height = max(1, round(picture.height * width / picture.width))
        if width != resized.width:
            resized = resized.resize((width, height), Image.Resampling.LANCZOS)
        jpeg.append(Encoding("jpeg", width, height, _encode(resized, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)))
        webp.append(Encoding("webp", width, height, _encode(resized, "WEBP", quality=WEBP_QUALITY, method=4)))
    jpeg.reverse()
    webp.reverse()
    if sum(len(e.data) for e in webp) < sum(len(e.data) for e in jpeg):
        return tuple(jpeg + webp)
    return tuple(jpeg)


def upright_srgb(original: bytes, max_width: int, max_side: int = MAX_SIDE) -> Image.Image:
    """The photo decoded, turned upright, converted to sRGB, with no metadata, scaled down (never
    up) to at most ``max_width`` wide and ``max_side`` on either side.

    Raises PhotoRejected, and nothing else, for a file that cannot be decoded: unreadable,
    damaged part-way, oversized, bomb-like.
    """
    try:
        with Image.open(io.BytesIO(original), formats=sorted(set(PHOTO_FORMATS.values()))) as image:
            _check_size(image.width, image.height, len(original))
            profile = image.info.get("icc_profile")
            _shrink_while_decoding(image, max_width)
            upright = ImageOps.exif_transpose(image)
            upright.load()
        picture = _opaque(upright)
        size = fitted_size(picture.width, picture.height, max_width, max_side)
        if size != picture.size:
            picture = picture.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        converted = _to_srgb(picture, profile)
        # A fresh image from raw pixels: nothing of the original's info (comment, EXIF, XMP) can follow.
        return Image.frombytes("RGB", converted.size, converted.tobytes())
    except PhotoRejected:
        raise
    except Image.DecompressionBombError:
        raise PhotoRejected(bomb_message(len(original))) from None
    except MemoryError:
        raise PhotoRejected(OUT_OF_MEMORY) from None
    except Exception:  # Pillow's decoders raise many kinds of error on a damaged file
        raise PhotoRejected(UNREADABLE) from None


def fitted_size(width: int, height: int, max_width: int, max_side: int = MAX_SIDE) -> tuple[int, int]:
    """``width`` × ``height`` scaled down, keeping its shape, to at most ``max_width`` wide and
    ``max_side`` on either side; no side below one pixel."""
    scale = min(1.0, min(max_width, max_side) / width, max_side / height)
    if scale == 1.0:
        return width, height
    return max(1, min(max_side, round(width * scale))), max(1, min(max_side, round(height * scale)))


def _encode(image: Image.Image, kind: str, **options) -> bytes:
    out = io.BytesIO()
    try:
        image.save(out, kind, **options)
    except MemoryError:
        raise PhotoRejected(OUT_OF_MEMORY) from None
    except Exception:  # an encoder's limit we did not foresee: this photo is left out, not the build
        raise PhotoRejected(UNENCODABLE) from None
    return out.getvalue()


def looks_like_bomb(width: int, height: int, size: int) -> bool:
    """Whether a file of ``size`` bytes that declares ``width`` × ``height`` pixels is a decompression bomb."""
    pixels = width * height
    return pixels > MAX_PIXELS and size < pixels * BOMB_BYTES_PER_PIXEL


def _check_size(width: int, height: int, size: int) -> None:
    pixels = width * height
    if pixels <= MAX_PIXELS:
        return
    if looks_like_bomb(width, height, size):
        raise PhotoRejected(bomb_message(size, width, height))
    raise PhotoRejected(f"ảnh có {width}×{height} điểm ảnh ({pixels / 1_000_000:.0f} megapixel), "
                        f"vượt giới hạn {MAX_PIXELS // 1_000_000} megapixel: hãy thu nhỏ ảnh")


def bomb_message(size: int, width: int | None = None, height: int | None = None) -> str:
    declared = f"khai báo {width}×{height} điểm ảnh" if width and height else "khai báo số điểm ảnh quá lớn"
    weight = f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} byte"
    return (f"tệp chỉ nặng {weight} nhưng {declared}: đây là “bom giải nén” "
            "(tệp làm cạn bộ nhớ máy khi mở), không phải ảnh chụp")


def _shrink_while_decoding(image: Image.Image, max_width: int) -> None:
    """Let the JPEG decoder scale by 1/2, 1/4 or 1/8 when the result stays wider than needed."""
    if image.format != "JPEG":
        return
    orientation = image.getexif().get(0x0112, 1)
    turned = orientation in (5, 6, 7, 8)
    upright_width = image.height if turned else image.width
    if upright_width <= max_width:
        return
    ratio = max_width / upright_width
    image.draft(None, (max(1, int(image.width * ratio)), max(1, int(image.height * ratio))))


def _opaque(image: Image.Image) -> Image.Image:
    """Transparency laid on white, and a mode that resizes smoothly (not a palette) and that colour management knows."""
    if image.mode.startswith("I;16") or image.mode == "I":
        # 16-bit grey (scanners, some PNGs): converted as it is, every value above 255 would be white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        flat.alpha_composite(rgba)
        return flat.convert("RGB")
    return image if image.mode in ("RGB", "CMYK", "L") else image.convert("RGB")


def _to_srgb(image: Image.Image, profile: bytes | None) -> Image.Image:
    if profile:
        try:
            return ImageCms.profileToProfile(
                image, ImageCms.ImageCmsProfile(io.BytesIO(profile)), _SRGB,
                renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: the pixels are shown as they are, like a browser would
    return image.convert("RGB")
