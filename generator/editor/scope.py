"""What the web editor may read and write on the editor's own computer: the folders and files of the
collections in the generated Decap configuration, and nothing else of the repository.

Paths arrive from a browser, so each is normalised first (percent-encoding, backslashes, ``.`` and
``..``, symbolic links) and the normalised path is what is checked; a path that is not already in
that normal form is refused too, since the backend would read it its own way.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

# A collection's name or an entry's slug becomes part of a git branch name (`cms/<collection>/<slug>`).
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_SLUG_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_DECODE_ROUNDS = 5


@dataclass(frozen=True)
class Scope:
    """The folders (with everything under them) and single files the editor's collections name."""

    root: Path
    folders: tuple[str, ...]
    files: tuple[str, ...]
    collections: tuple[str, ...]

    def describe(self) -> str:
        return ", ".join([f"{folder}/" for folder in self.folders] + list(self.files))

    def refusal(self, raw: Any, folder: bool = False) -> str | None:
        """Why the browser may not touch ``raw`` (a path in the repository), or None when it may.

        ``folder`` asks about a folder to list, which may also be one of the scope's folders itself."""
        if not isinstance(raw, str) or not raw or "\x00" in raw:
            return f"đường dẫn {raw!r} không hợp lệ"
        path = normal_path(raw)
        if path is None:
            return f"đường dẫn `{raw}` trỏ ra ngoài kho"
        if any(part.startswith(".") for part in path.split("/")):
            return f"`{path}` là tệp hoặc thư mục ẩn (như .git, .github), trang viết bài không được chạm tới"
        inside = [name for name in self.folders if path.startswith(name + "/") or (folder and path == name)]
        if not inside and (folder or path not in self.files):
            return f"`{path}` nằm ngoài những gì trang viết bài được đọc, ghi ({self.describe()})"
        if raw != path:
            return f"đường dẫn `{raw}` không ở dạng chuẩn (có `..`, `%`, `\\` hoặc `/` thừa); dạng chuẩn là `{path}`"
        if Path(os.path.realpath(self.root / path)) != self.root / path:  # root is resolved already
            return f"`{path}` đi qua một liên kết tượng trưng (symlink): trang viết bài chỉ đọc, ghi tệp thật trong kho"
        return None

    def collection_refusal(self, name: Any) -> str | None:
        if not isinstance(name, str) or name not in self.collections:
            return f"không có mục {name!r} trong trang viết bài (các mục: {', '.join(self.collections)})"
        return None

    def slug_refusal(self, slug: Any) -> str | None:
        if not isinstance(slug, str) or not all(_SLUG_PART.match(part) for part in slug.split("/")):
            return f"tên bài {slug!r} không hợp lệ (chỉ chữ không dấu, số, `-`, `_`, `.`, các phần cách nhau bởi `/`)"
        return None


def normal_path(raw: str) -> str | None:
    """``raw`` as the file system would take it, relative to the repository, or None when it leaves it:
    percent-escapes decoded (repeatedly), backslashes read as ``/``, ``.`` and ``..`` resolved."""
    text = raw
    for _ in range(_DECODE_ROUNDS):
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
    else:
        return None
    parts: list[str] = []
    for part in text.replace("\\", "/").split("/"):
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts) or None


def _field_media_folders(fields: list) -> list[str]:
    """The folders a file's image fields upload into (``media_folder: /content/hoat-dong``, from the
    repository's root), at any depth: the photos of the register of activities."""
    found = []
    for field in fields:
        media = field.get("media_folder")
        if isinstance(media, str) and media.startswith("/") and media.strip("/"):
            found.append(media.strip("/"))
        found += _field_media_folders(field.get("fields", []))
    return found


def scope_of(config: dict[str, Any], root: Path) -> Scope:
    """The scope of Decap's ``config`` (as ``config.cms_config`` makes it) for the repository at ``root``."""
    folders: list[str] = []
    files: list[str] = []
    names: list[str] = []
    media = config.get("media_folder")
    if isinstance(media, str) and media.strip("/"):
        folders.append(media.strip("/"))
    for collection in config.get("collections", []):
        names.append(str(collection["name"]))
        if collection.get("folder"):
            folders.append(str(collection["folder"]).strip("/"))
        for entry in collection.get("files", []):
            files.append(str(entry["file"]).strip("/"))
            folders.extend(_field_media_folders(entry.get("fields", [])))
    for name in folders + files:
        if normal_path(name) != name or any(part.startswith(".") for part in name.split("/")):
            raise ValueError(f"cấu hình trang viết bài có đường dẫn không hợp lệ: {name!r}")
    bad = [name for name in names if not _NAME.match(name)]
    if bad:
        raise ValueError(f"tên mục không hợp lệ trong cấu hình trang viết bài: {bad[0]!r}")
    return Scope(root.resolve(), tuple(sorted(set(folders))), tuple(sorted(set(files))), tuple(names))
