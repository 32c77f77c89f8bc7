"""Copying the built site to where it is served, with rsync: over ssh, or to a local folder.

What left the site (a withdrawn story's page and photos) is deleted at the destination too, and
files are compared by content, so a rebuilt but unchanged site copies nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..problems import NttvError

# user@host:path or host:path (rsync's remote-shell form); a drive letter (C:\…) is not a host.
_REMOTE = re.compile(r"^(?:[^@/:\s]+@)?[^/:\s]{2,}:")
TIMEOUT_SECONDS = 1800


@dataclass(frozen=True)
class SyncResult:
    """Files ``copied`` (new or changed) and ``deleted`` at the destination, relative to the site."""

    copied: tuple[str, ...]
    deleted: tuple[str, ...]

    def __str__(self) -> str:
        return f"đã chép {len(self.copied)} tệp mới hoặc đã đổi, xóa {len(self.deleted)} tệp không còn trên trang"


def is_remote(dest: str) -> bool:
    return _REMOTE.match(dest) is not None


def sync_site(site: Path, dest: str, ssh: str | None = None, protected: tuple[Path, ...] = ()) -> SyncResult:
    """Make ``dest`` hold exactly the files of ``site``; ``ssh`` is the remote shell command, if any.

    A local ``dest`` that is not empty and holds no built site (no ``index.html``) is refused, as is
    one that contains ``site`` or any of ``protected``: ``--delete`` would empty the wrong folder.
    """
    if not (site / "index.html").is_file():
        raise NttvError(f"chưa có trang đã dựng trong {site}: chạy make site trước (make publish tự làm việc này)")
    if shutil.which("rsync") is None:
        raise NttvError("chưa cài rsync, chương trình dùng để chép trang lên máy chủ: trên Debian/Ubuntu "
                        "chạy sudo apt-get install rsync (trên Windows: dùng WSL hoặc để GitHub Actions đăng)")
    if is_remote(dest):
        _check_remote_folder(dest)
    else:
        _check_local_folder(Path(dest), site, protected)
    command = ["rsync", "--recursive", "--links", "--checksum", "--delete", "--mkpath", "--itemize-changes",
               "--perms", "--chmod=D755,F644", "--exclude=.DS_Store"]
    if ssh:
        command += ["--rsh", ssh]
    command += [f"{site.as_posix().rstrip('/')}/", dest.rstrip("/") + "/"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                              env={**os.environ, "LC_ALL": "C.UTF-8"})
    except subprocess.TimeoutExpired:
        raise NttvError(f"rsync tới {dest} chưa xong sau {TIMEOUT_SECONDS // 60} phút: kiểm tra mạng và máy chủ") from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"mã thoát {done.returncode}"
        raise NttvError(f"rsync không chép được tới {dest}: {detail}")
    return _itemized(done.stdout)


def _check_remote_folder(dest: str) -> None:
    """A remote folder is named in full: ``host:`` alone is the account's home, where ``--delete``
    would remove the very ssh keys that let the next run in."""
    folder = dest.split(":", 1)[1].rstrip("/")
    parts = [part for part in folder.split("/") if part]
    home = parts[:1] == ["root"] or (parts[:1] == ["home"] and len(parts) <= 2)
    if not folder.startswith("/") or len(parts) < 2 or home or ".." in parts:
        raise NttvError(f"DEST={dest}: ghi đủ đường dẫn thư mục riêng của trang trên máy chủ, ví dụ "
                        f"{dest.split(':', 1)[0]}:/var/www/nguoitot (rsync xóa mọi tệp khác trong thư mục đó)")


def _check_local_folder(dest: Path, site: Path, protected: tuple[Path, ...]) -> None:
    target = dest.expanduser().resolve()
    for kept in (site, *protected):
        kept = kept.resolve()
        if target == kept or kept.is_relative_to(target) or target.is_relative_to(site.resolve()):
            raise NttvError(f"DEST={dest} chứa {kept} hoặc nằm trong thư mục trang: chọn một thư mục riêng cho trang đăng")
    if target.is_dir() and any(target.iterdir()) and not (target / "index.html").is_file():
        raise NttvError(f"DEST={dest} không trống và không chứa trang đã đăng (không có index.html): rsync sẽ xóa mọi tệp "
                        "trong đó; hãy chọn một thư mục trống hoặc thư mục của trang đã đăng trước đây")


def _itemized(output: str) -> SyncResult:
    """Copied and deleted files from rsync's ``--itemize-changes`` lines (``>f+++++++++ path``)."""
    copied, deleted = [], []
    for line in output.splitlines():
        if line.startswith("*deleting "):
            name = line[len("*deleting "):].strip()
            if not name.endswith("/"):
                deleted.append(name)
        elif len(line) > 12 and line[0] in "<>" and line[1] == "f":
            copied.append(line[12:])
    return SyncResult(tuple(copied), tuple(deleted))
