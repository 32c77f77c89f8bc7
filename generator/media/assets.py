"""Images of the hand-written pages (``content/``) and the theme, served without metadata.

MkDocs would copy them as they are, GPS position and camera included. Each goes through the
cleaning of ``nttv scrub`` instead, in memory (the file in the repository is ``nttv scrub``'s to
fix): the site serves the cleaned bytes under the same name. A format whose metadata cannot be
removed (SVG, TIFF, GIF…) and a file that cannot be cleaned (damaged, a decompression bomb) are
not served at all. ``nttv check`` and the build judge every image with ``served_image``, so
check names, before a build, each image the build leaves out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, ImageOps

from ..filetypes import NOT_FOR_BROWSERS, NOT_SERVED, PHOTO_EXTENSIONS
from .metadata import ORIENTATION, REENCODE_QUALITY, ScrubError, clean_bytes
from ..problems import WHOLE_FILE, Problem, Severity, os_reason



@dataclass(frozen=True)
class ServedImage:
    """What the site serves for one image file (``data`` is None: nothing), and what to tell the editor."""

    data: bytes | None
    problems: tuple[Problem, ...] = ()


def is_image(name: str) -> bool:
    """Whether a file, by its name, is an image this module must see before the site serves it."""
    return PurePosixPath(name).suffix.lower() in PHOTO_EXTENSIONS + NOT_SERVED


def image_files(folder: Path) -> list[Path]:
    """Every image under ``folder`` (hidden files aside, as MkDocs leaves them out), in a stable order."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and is_image(p.name)
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def served_image(path: Path, shown: str) -> ServedImage:
    """The bytes to serve for the image at ``path`` (named ``shown`` in messages), without metadata.

    Never raises: an image that cannot be served clean is refused with an error; one that carried
    metadata is served cleaned, with a warning to scrub the original.
    """
    suffix = path.suffix.lower()
    if suffix in NOT_FOR_BROWSERS:
        return ServedImage(None, (_problem(shown, f"định dạng `{suffix}` không hiện được trên phần lớn trình duyệt: "
                                                  "hãy xuất ảnh thành JPEG và sửa tên ảnh trong trang; ảnh không được đăng"),))
    if suffix in NOT_SERVED:
        return ServedImage(None, (_problem(shown, f"định dạng `{suffix}` không được đăng trên trang vì có thể mang siêu dữ liệu "
                                                  "(vị trí GPS, tên máy, đường dẫn trên máy) mà chương trình không xóa được: "
                                                  "hãy xuất ảnh thành JPEG hoặc PNG và sửa tên ảnh trong trang; ảnh không được đăng"),))
    try:
        original = path.read_bytes()
        cleaned, removed = clean_bytes(original)
        cleaned = _without_orientation(cleaned)
    except OSError as exc:
        return ServedImage(None, (_problem(shown, f"không đọc được tệp ({os_reason(exc)}); ảnh không được đăng"),))
    except ScrubError as exc:
        return ServedImage(None, (_problem(shown, f"{exc}; ảnh không được đăng"),))
    except Exception:  # whatever a library raises on one file stays with that file
        return ServedImage(None, (_problem(shown, "tệp bị hỏng hoặc không phải ảnh JPEG, PNG, WebP, HEIC thật: "
                                                  "hãy xuất lại ảnh; ảnh không được đăng"),))
    if not removed:
        return ServedImage(cleaned)
    return ServedImage(cleaned, (_problem(shown, f"tệp gốc còn {', '.join(removed)}: trang web chỉ đăng bản đã xóa, "
                                                 f"hãy chạy `nttv scrub {shown}` để xóa cả trong kho",
                                          Severity.WARNING),))


def _without_orientation(data: bytes) -> bytes:
    """A JPEG that ``nttv scrub`` left with its one orientation tag, turned upright and saved without it.

    In the repository that tag keeps the original lossless; on the site not one EXIF block is served.
    """
    if not data.startswith(b"\xff\xd8"):
        return data
    with Image.open(io.BytesIO(data), formats=["JPEG"]) as image:
        if image.getexif().get(ORIENTATION, 1) == 1:
            return data
        profile = image.info.get("icc_profile")
        upright = ImageOps.exif_transpose(image)
        pixels = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    out = io.BytesIO()
    pixels.save(out, "JPEG", quality=REENCODE_QUALITY, optimize=True, **({"icc_profile": profile} if profile else {}))
    return out.getvalue()


def _problem(shown: str, message: str, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(shown, 1, 1, WHOLE_FILE, f"ảnh: {message}", severity)
