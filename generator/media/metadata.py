"""What a photo file says besides its pixels, and removing it from the originals under ``stories/``.

A phone photo carries the GPS position of where it was taken (often the home of the person
helped), the camera, the time, sometimes a thumbnail, an XMP packet, a comment, a second image
(MPF) or a video appended after the picture. ``scrub_file`` removes all of it in place and keeps
the pixels and the way the photo is turned:

- JPEG, the common case, is filtered segment by segment without decoding, so the compressed
  picture stays byte for byte the same. When the photo is turned by an EXIF orientation, a new
  EXIF block holding that one tag is kept, so that it still displays upright. The result is
  decoded and compared with the original before it replaces the file.
- PNG is saved again without its text and EXIF chunks: PNG is lossless, the pixels stay the same.
- WebP and HEIC cannot be filtered with the libraries at hand; they are encoded again (high
  quality) from pixels turned upright, without metadata.

The colour profile (ICC) is kept: it is needed to show the colours, and it says nothing about people.

Other photo formats (TIFF, GIF, BMP, AVIF, camera raw…) are never published, and may hold a GPS
position too: they are named as files the repository should not keep, to be exported as JPEG.
A file that cannot be handled (damaged, a decompression bomb) is reported and left as it is;
the other files are still handled.
"""

from __future__ import annotations

import io
import os
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pillow_heif
from PIL import ExifTags, Image, ImageOps

from ..filetypes import KEPT_OUT, PHOTO_EXTENSIONS
from ..problems import Problem, os_reason
from .images import bomb_message, looks_like_bomb

pillow_heif.register_heif_opener()

ORIENTATION = 0x0112
REENCODE_QUALITY = 92

GPS = "vị trí GPS"
EXIF = "EXIF (máy ảnh, thời gian chụp…)"
THUMBNAIL = "ảnh thu nhỏ"
XMP = "XMP"
COMMENT = "chú thích trong tệp"
IPTC = "IPTC/Photoshop"
EXTRA_IMAGES = "ảnh phụ (MPF, độ sâu)"
TRAILER = "dữ liệu nối sau ảnh (ví dụ video của ảnh động)"
OTHER = "siêu dữ liệu khác"
TEXT = "đoạn chữ trong tệp PNG"


@dataclass(frozen=True)
class Scrubbed:
    """One photo file: what was found and removed (empty when it was clean), or why it could not be."""

    path: str
    removed: tuple[str, ...] = ()
    error: str = ""
    written: bool = True  # False: only checked, the file still holds what ``removed`` lists

    def __str__(self) -> str:
        if self.error:
            return f"{self.path}: {self.error}"
        if not self.removed:
            return f"{self.path}: không có siêu dữ liệu"
        return f"{self.path}: {'đã xóa' if self.written else 'còn'} {', '.join(self.removed)}"


class ScrubError(Exception):
    """A file left untouched, with the reason in Vietnamese."""


LEFT_ALONE = "tệp được để nguyên; hãy xuất lại ảnh từ máy (lưu dạng JPEG) và thay tệp này"
LINK_LEFT_ALONE = "chương trình không đọc và không sửa tệp qua liên kết; hãy chép chính tệp ảnh vào kho thay cho liên kết"


def photo_files(folder: Path) -> list[Path]:
    """Every photo under ``folder`` by extension (the formats scrubbed and those kept out), in a stable order."""
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and p.suffix.lower() in PHOTO_EXTENSIONS + KEPT_OUT and not p.name.startswith("."))


def scrub_photos(root: Path, paths: list[Path], write: bool = True) -> list[Scrubbed]:
    """Scrub each file (``write=False`` only reports what would be removed); paths shown relative to ``root``."""
    results = []
    for path in paths:
        shown = _relative(path, root)
        linked = _linked(path, root)
        if linked:
            results.append(Scrubbed(shown, error=linked, written=False))
            continue
        try:
            removed = scrub_file(path, write)
        except ScrubError as exc:
            results.append(Scrubbed(shown, error=str(exc), written=False))
        except MemoryError:
            results.append(Scrubbed(shown, error=f"không đủ bộ nhớ để mở ảnh này: {LEFT_ALONE}", written=False))
        except Exception:  # a library's failure on one file is reported with that file, and the others go on
            results.append(Scrubbed(shown, error=f"không đọc được tệp ảnh này: {LEFT_ALONE}", written=False))
        else:
            results.append(Scrubbed(shown, removed, written=write))
    return results


def scrub_file(path: Path, write: bool = True) -> tuple[str, ...]:
    """Remove every kind of metadata from one photo in place; return what was there. Idempotent.

    Raises ScrubError, leaving the file as it is, for a format the column does not keep, a
    damaged file or a decompression bomb.
    """
    if path.suffix.lower() in KEPT_OUT:
        raise ScrubError(f"định dạng `{path.suffix}` không được đăng lên trang và có thể giữ vị trí GPS, thông tin máy ảnh: "
                         "hãy xuất ảnh thành JPEG (hoặc PNG), dùng tệp mới trong truyện và xóa tệp này khỏi kho")
    try:
        original = path.read_bytes()
    except OSError as exc:
        raise ScrubError(f"không đọc được tệp ({os_reason(exc)})") from None
    cleaned, removed = clean_bytes(original)
    if removed and write:
        _replace(path, cleaned)
    return removed


def clean_bytes(original: bytes) -> tuple[bytes, tuple[str, ...]]:
    """A photo file's bytes without metadata, and what was removed (empty: the bytes are returned
    as they are). Raises ScrubError for a damaged file or a decompression bomb."""
    _refuse_bomb(original)
    if original.startswith(b"\xff\xd8"):
        return clean_jpeg(original)
    return _clean_by_reencoding(original)


def _refuse_bomb(data: bytes) -> None:
    """Refuse, from its header, a file whose decoding would exhaust memory (the build's own rule)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        raise ScrubError(f"{bomb_message(len(data))}: hãy xóa tệp này khỏi kho") from None
    except Exception:
        return  # not readable as an image: the cleaner says so in its own words
    if looks_like_bomb(width, height, len(data)):
        raise ScrubError(f"{bomb_message(len(data), width, height)}: hãy xóa tệp này khỏi kho")


# JPEG: keep the segments that decode the picture, drop the rest.

_KEEP_APP0 = b"JFIF\x00"
_ICC = b"ICC_PROFILE\x00"
_ADOBE = b"Adobe"
_EXIF = b"Exif\x00\x00"
_XMP = (b"http://ns.adobe.com/xap/1.0/\x00", b"http://ns.adobe.com/xmp/extension/\x00")


def clean_jpeg(data: bytes) -> tuple[bytes, tuple[str, ...]]:
    """The JPEG without metadata segments or trailing data, and what was removed (empty: unchanged)."""
    try:
        segments, end = _jpeg_segments(data)
        with Image.open(io.BytesIO(data), formats=["JPEG"]) as image:
            exif = image.getexif()
            orientation = exif.get(ORIENTATION, 1)
    except (ValueError, IndexError, struct.error, OSError, SyntaxError):
        # The library's words (English, with a Python object in them) help no editor.
        raise ScrubError(f"tệp JPEG hỏng, không sửa được: {LEFT_ALONE}") from None
    found: list[str] = []
    kept: list[bytes] = [b"\xff\xd8"]
    minimal_exif = _orientation_exif(orientation) if orientation != 1 else b""
    for marker, body in segments:
        label = _jpeg_label(marker, body, minimal_exif)
        if label is None:
            kept.append(_segment(marker, body))
            continue
        found += _exif_labels(exif) if label == EXIF else [label]
        if label == EXIF and minimal_exif:
            kept.append(_segment(marker, struct.pack(">H", len(minimal_exif) + 2) + minimal_exif))
            minimal_exif = b""  # one orientation block is enough
    if end < len(data):
        found.append(TRAILER)
    removed = tuple(dict.fromkeys(found))
    if not removed:
        return data, ()
    cleaned = b"".join(kept)
    _same_pixels(data, cleaned)
    return cleaned, removed


def _jpeg_segments(data: bytes) -> tuple[list[tuple[int, bytes]], int]:
    """Segments (marker, bytes after the marker) up to and including EOI, and where EOI ends.

    Entropy-coded data after each SOS is carried inside the SOS segment's bytes, so that joining
    the kept segments gives back a valid file.
    """
    if not data.startswith(b"\xff\xd8"):
        raise ValueError("không bắt đầu bằng SOI")
    segments: list[tuple[int, bytes]] = []
    pos = 2
    while True:
        if data[pos] != 0xFF:
            raise ValueError(f"thiếu dấu đoạn ở byte {pos}")
        while data[pos + 1] == 0xFF:  # fill bytes before a marker
            pos += 1
        marker = data[pos + 1]
        pos += 2
        if marker == 0xD9:
            segments.append((marker, b""))
            return segments, pos
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            segments.append((marker, b""))
            continue
        (length,) = struct.unpack(">H", data[pos:pos + 2])
        if length < 2 or pos + length > len(data):
            raise ValueError(f"đoạn {marker:02X} dài sai")
        body_end = pos + length
        if marker == 0xDA:
            body_end = _scan_end(data, body_end)
        segments.append((marker, data[pos:body_end]))
        pos = body_end


def _scan_end(data: bytes, pos: int) -> int:
    """Where the entropy-coded data that starts at ``pos`` ends: at the next real marker."""
    while True:
        pos = data.index(b"\xff", pos)
        following = data[pos + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            pos += 1
            continue
        return pos


def _segment(marker: int, body: bytes) -> bytes:
    """A segment back as bytes: its marker, then its length and content (none for a lone marker)."""
    return bytes((0xFF, marker)) + body


def _jpeg_label(marker: int, body: bytes, minimal_exif: bytes) -> str | None:
    """What kind of metadata a segment holds, or None for a segment the picture needs."""
    payload = body[2:]
    if marker == 0xFE:
        return COMMENT
    if not 0xE0 <= marker <= 0xEF:
        return None
    if marker == 0xE0:
        # JFIF without an embedded thumbnail (its width and height bytes are zero) is harmless.
        return None if payload.startswith(_KEEP_APP0) and payload[12:14] == b"\x00\x00" else THUMBNAIL
    if marker == 0xE1 and payload.startswith(_EXIF):
        return None if minimal_exif and payload == minimal_exif else EXIF
    if marker == 0xE1 and payload.startswith(_XMP):
        return XMP
    if marker == 0xE2 and payload.startswith(_ICC):
        return None
    if marker == 0xE2 and payload.startswith(b"MPF\x00"):
        return EXTRA_IMAGES
    if marker == 0xED:
        return IPTC
    if marker == 0xEE and payload.startswith(_ADOBE):
        return None
    return OTHER


def _orientation_exif(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    block = exif.tobytes()
    return block if block.startswith(_EXIF) else _EXIF + block


def _exif_labels(exif: Image.Exif) -> list[str]:
    labels = []
    if exif.get_ifd(ExifTags.IFD.GPSInfo):
        labels.append(GPS)
    if any(tag != ORIENTATION for tag in exif):
        labels.append(EXIF)
    if exif.get_ifd(ExifTags.IFD.IFD1):  # the embedded thumbnail
        labels.append(THUMBNAIL)
    return labels or [EXIF]


def _same_pixels(before: bytes, after: bytes) -> None:
    """Refuse a cleaned JPEG that does not decode to exactly the original's pixels."""
    try:
        with Image.open(io.BytesIO(before)) as a, Image.open(io.BytesIO(after)) as b:
            same = a.size == b.size and a.mode == b.mode and a.tobytes() == b.tobytes()
    except (OSError, ValueError, SyntaxError):
        same = False
    if not same:
        raise ScrubError("không xóa được siêu dữ liệu mà vẫn giữ nguyên ảnh: tệp được để nguyên, "
                         "hãy xuất lại ảnh từ máy (ví dụ chụp màn hình hoặc lưu lại dạng JPEG)")


# Other formats: encode the pixels again, without metadata.

def _clean_by_reencoding(data: bytes) -> tuple[bytes, tuple[str, ...]]:
    try:
        with Image.open(io.BytesIO(data), formats=["PNG", "WEBP", "HEIF"]) as image:
            kind = image.format
            found = _info_labels(image) + ([TRAILER] if _has_trailer(data, kind) else [])
            if not found:
                return data, ()
            profile = image.info.get("icc_profile")
            lossless = kind == "WEBP" and _webp_is_lossless(data)
            upright = ImageOps.exif_transpose(image)
            pixels = Image.frombytes(upright.mode, upright.size, upright.tobytes())
            if "transparency" in image.info and pixels.mode in ("P", "L", "RGB"):
                pixels.info["transparency"] = image.info["transparency"]
            if pixels.mode == "P":
                pixels.putpalette(upright.getpalette() or [])
    except (OSError, ValueError, SyntaxError):
        raise ScrubError(f"tệp ảnh hỏng hoặc không phải ảnh JPEG, PNG, WebP, HEIC thật: {LEFT_ALONE}") from None
    options: dict = {"icc_profile": profile} if profile else {}
    if kind == "PNG":
        options["optimize"] = True
    elif lossless:
        options["lossless"] = True
    else:
        options["quality"] = REENCODE_QUALITY
    out = io.BytesIO()
    pixels.save(out, kind, **options)
    return out.getvalue(), tuple(found)


def _has_trailer(data: bytes, kind: str) -> bool:
    """Whether bytes follow the end of a PNG (its IEND chunk) or a WebP (its RIFF size): an appended file."""
    if kind == "PNG":
        pos = 8
        while pos + 8 <= len(data):
            (length,) = struct.unpack(">I", data[pos:pos + 4])
            chunk, pos = data[pos + 4:pos + 8], pos + 12 + length
            if chunk == b"IEND":
                return pos < len(data)
        return False
    if kind == "WEBP" and len(data) >= 8:
        (size,) = struct.unpack("<I", data[4:8])
        return 8 + size + (size & 1) < len(data)
    return False


def _webp_is_lossless(data: bytes) -> bool:
    """Whether the picture chunk of a WebP file is the lossless kind (VP8L), walking the RIFF chunks."""
    pos = 12
    while pos + 8 <= len(data):
        fourcc = data[pos:pos + 4]
        (size,) = struct.unpack("<I", data[pos + 4:pos + 8])
        if fourcc in (b"VP8L", b"VP8 "):
            return fourcc == b"VP8L"
        pos += 8 + size + (size & 1)
    return False


def _info_labels(image: Image.Image) -> list[str]:
    info = image.info
    found: list[str] = []
    exif = image.getexif()
    if len(exif) or info.get("exif"):
        found += _exif_labels(exif)
    if info.get("xmp") or "XML:com.adobe.xmp" in info:
        found.append(XMP)
    if info.get("thumbnails"):
        found.append(THUMBNAIL)
    if info.get("depth_images") or info.get("aux"):
        found.append(EXTRA_IMAGES)
    if info.get("metadata"):
        found.append(OTHER)
    if image.format == "PNG" and getattr(image, "text", None):
        found.append(TEXT)
    return list(dict.fromkeys(found))


def carries_gps(path: Path) -> bool:
    """Whether the photo file holds a GPS position, in its EXIF or in an XMP packet. False for a file Pillow cannot open."""
    try:
        data = path.read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            if image.getexif().get_ifd(ExifTags.IFD.GPSInfo):
                return True
            xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):  # a bomb is reported by the photo checks
        return False
    packets = xmp.encode("utf-8", "replace") if isinstance(xmp, str) else bytes(xmp)
    # XMP packets live in their own segment for JPEG; searching the raw file catches extension packets too.
    return b"GPSLatitude" in packets or (data.startswith(b"\xff\xd8") and b"exif:GPSLatitude" in data)


def gps_problems(story, field=None, folder: str | None = None) -> list[Problem]:
    """An error for each photo of ``story`` that still carries GPS, for ``nttv check`` and the pull-request check;
    ``field`` and ``folder`` name the photo's field and folder for another owner of photos (an activity).

    The site never publishes it (photos are encoded again), but the repository keeps every committed
    version for ever: a position must never reach it.
    """
    field = field or (lambda owner, photo: f"photos[{photo.index}].src")
    folder = folder if folder is not None else str(PurePosixPath(story.source).parent)
    return [Problem(story.source, photo.line, photo.column, field(story, photo),
                    f"ảnh `{photo.src}` còn vị trí GPS (nơi chụp, thường là nhà của nhân vật): kho lưu mãi mọi bản đã "
                    f"commit nên không nhận ảnh có GPS; chạy `nttv scrub {PurePosixPath(folder) / photo.src}` rồi commit lại "
                    "ảnh, hoặc tải ảnh lên qua trang viết bài /quan-tri/ (ảnh được xóa GPS ngay trên máy)")
            for photo in story.photos if photo.path is not None and carries_gps(photo.path)]


def _replace(path: Path, data: bytes) -> None:
    """Write next to the file, then rename over it: a crash never leaves half a photo."""
    mode = path.stat().st_mode & 0o777
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _linked(path: Path, root: Path) -> str:
    """Why ``path`` must be neither read nor written: a link (symlink), a file reached through a
    linked folder of the repository, or one outside it. Nothing when it is a plain file of the repository."""
    absolute, top = Path(os.path.abspath(path)), Path(os.path.abspath(root))
    below_root = [absolute, *(folder for folder in absolute.parents if folder.is_relative_to(top) and folder != top)]
    if absolute.is_symlink():
        return f"tệp này là liên kết (symlink): {LINK_LEFT_ALONE}"
    if any(folder.is_symlink() for folder in below_root[1:]):
        return f"tệp này nằm trong một thư mục liên kết (symlink): {LINK_LEFT_ALONE}"
    if not _inside(absolute, root):
        return f"tệp này nằm ngoài kho: {LINK_LEFT_ALONE}"
    return ""


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve(strict=True).is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def _relative(path: Path, root: Path) -> str:
    for shown, base in ((Path(os.path.abspath(path)), Path(os.path.abspath(root))), (path.resolve(), root.resolve())):
        if shown.is_relative_to(base):
            return PurePosixPath(shown.relative_to(base)).as_posix()
    return path.as_posix()
