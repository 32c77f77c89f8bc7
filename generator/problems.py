"""Problems found in editors' files, as values the adapters decide how to report."""

from __future__ import annotations

import enum
import errno
import re
from dataclasses import dataclass
from pathlib import Path


# Field names for problems that belong to no front-matter key, shown to editors as they are.
WHOLE_FILE = "(tệp)"
FRONT_MATTER = "(phần thông tin)"
BODY = "(nội dung)"
FILE_NAME = "(tên tệp)"


def shown_path(path: Path, root: Path) -> str:
    """A file as a problem names it: relative to the repository when inside it, else as given."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file: where it is, which field, and what to do (in Vietnamese)."""

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return printable(f"{self.path}:{self.line}:{self.column}:{field} {self.message}")

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "severity": self.severity.value,
            "message": self.message,
        }


def thousands(number: int) -> str:
    """``number`` as Vietnamese writes it in a message: 100.000."""
    return f"{number:,}".replace(",", ".")


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` safe for a terminal or a log: control, direction and lone surrogate characters
    (which a file name, for one, may still hold) shown as ``\\x1b``-style escapes."""
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape", "backslashreplace").decode("ascii")
                            if not "\ud800" <= match.group() <= "\udfff" else f"\\u{ord(match.group()):04x}", text)


_OS_REASONS = {
    errno.ENOENT: "không có tệp hoặc thư mục này", errno.EACCES: "không có quyền đọc hoặc ghi",
    errno.EPERM: "không có quyền đọc hoặc ghi", errno.EISDIR: "đây là một thư mục, không phải tệp",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục", errno.ELOOP: "liên kết (symlink) vòng quanh",
    errno.ENAMETOOLONG: "tên tệp quá dài", errno.ENOSPC: "ổ đĩa hết chỗ trống", errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.EIO: "lỗi đọc ổ đĩa", errno.EEXIST: "tệp đã có", errno.EBUSY: "tệp đang được chương trình khác dùng",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc", errno.ENOMEM: "không đủ bộ nhớ",
}


def os_reason(exc: OSError) -> str:
    """Why a file could not be read or written, in Vietnamese (the system's own words are English)."""
    return _OS_REASONS.get(exc.errno, "lỗi hệ thống khi đọc hoặc ghi tệp")


class NttvError(Exception):
    """A problem that stops the whole run (a broken plan file, a bad setting), not one story."""
