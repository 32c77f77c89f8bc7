"""Photos declared in a file an editor writes (a story, an entry of the register of activities):
the same rules wherever a photo is declared, and the file itself beside the file that names it.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path

from ..filetypes import PHOTO_EXTENSIONS
from .fields import PHOTO_KEYS, story_field
from .model import Photo
from .readers import FieldReader, FieldRules, suggest
from . import source as source_module


class PhotoReader(FieldReader):
    """Field readers for a file whose photos sit in ``folder``, inside the repository at ``root``."""

    def __init__(self, relative: str, parsed: source_module.Source, rules: FieldRules, folder: Path, root: Path):
        super().__init__(relative, parsed, rules)
        self.folder = folder
        self.root = root

    def photos(self, mapping: dict | None = None, prefix: str = "") -> tuple[Photo, ...]:
        """The photos of the front matter, or of ``mapping`` at ``prefix`` (an entry of another
        file the editor writes, such as an activity): the same rules wherever a photo is declared."""
        photos = []
        mapping = self.source.data if mapping is None else mapping
        for index, item in enumerate(self.items(mapping, "photos", f"{prefix}photos")):
            where = f"{prefix}photos[{index}]"
            if not isinstance(item, dict):
                self.report(where, "mỗi ảnh có dạng {src: ten-anh.jpg, alt: \"mô tả ảnh\"}")
                continue
            before = len(self.problems)
            self.unknown_keys(item, PHOTO_KEYS, f"{where}.")
            photo = Photo(
                src=self.value(item, story_field("photos.src"), f"{where}.src"),
                alt=self.text(item, "alt", f"{where}.alt"),
                caption=self.text(item, "caption", f"{where}.caption"),
                credit=self.text(item, "credit", f"{where}.credit"),
                shows_children=self.flag(item, "shows_children", f"{where}.shows_children"),
                children_consent=self.text(item, "children_consent", f"{where}.children_consent"),
            )
            if photo.shows_children and not photo.children_consent:
                self.report(f"{where}.children_consent",
                            f"ảnh `{photo.src}` có trẻ em khác (`shows_children: true`) nhưng thiếu `children_consent`: ghi rõ cha mẹ "
                            "hoặc người giám hộ của các em đã đồng ý thế nào; ảnh sẽ không được đăng")
            if not photo.alt:
                self.report(f"{where}.alt", f"ảnh `{photo.src}` thiếu mô tả ảnh (alt) cho người đọc bằng trình đọc màn hình: "
                                            "ảnh sẽ không được đăng")
            located = self.photo_path(photo.src, f"{where}.src") if photo.src else None
            if not any(p.is_error for p in self.problems[before:]):
                position = self.source.where(f"{where}.src")
                photos.append(dataclasses.replace(photo, path=located, index=index, line=position.line, column=position.column))
        return tuple(photos)

    def photo_path(self, src: str, where: str) -> Path | None:
        candidate = (self.folder / src).resolve()
        if (self.folder / src).is_symlink() and not self.inside_repository(self.folder / src):
            self.report(where, f"ảnh `{src}` là liên kết (symlink) tới một tệp nằm ngoài kho nên không được dùng: "
                               "hãy chép chính tệp ảnh vào cạnh tệp truyện")
            return None
        if candidate.parent != self.folder.resolve() or "/" in src or "\\" in src:
            self.report(where, "ảnh phải nằm cùng thư mục với tệp truyện (không dùng ../ hay thư mục con)")
            return None
        if not candidate.is_file():
            names = sorted(p.name for p in self.folder.iterdir() if p.suffix.lower() in PHOTO_EXTENSIONS)
            # A Mac or a zip file may store `ảnh.jpg` decomposed: the same name to the editor's eye.
            same = [name for name in names if unicodedata.normalize("NFC", name) == src]
            if same and not self.inside_repository(self.folder / same[0]):
                self.report(where, f"ảnh `{src}` là liên kết (symlink) tới một tệp nằm ngoài kho nên không được dùng: "
                                   "hãy chép chính tệp ảnh vào cạnh tệp truyện")
                return None
            if same:
                return self.folder / same[0]
            # Windows finds `Ảnh.JPG` as `ảnh.jpg`; the build machine does not.
            folded = [name for name in names if unicodedata.normalize("NFC", name).casefold() == src.casefold()]
            hint = f" (ý bạn là `{unicodedata.normalize('NFC', folded[0])}`? chữ hoa, chữ thường phải đúng như tên tệp)" if folded else suggest(src, names)
            self.report(where, f"không tìm thấy ảnh `{src}` cạnh tệp truyện{hint}")
            return None
        return candidate

    def inside_repository(self, path: Path) -> bool:
        try:
            return path.resolve(strict=True).is_relative_to(self.root.resolve())
        except (OSError, RuntimeError):
            return False
