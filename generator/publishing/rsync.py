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

from ..problems import NttvError, os_reason

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
    if is_remote(dest) and not dest.startswith("-"):
        _check_remote_folder(dest)
    refuse_destination(dest)
    if not is_remote(dest):
        _check_local_folder(Path(dest), site, protected)
    command = ["rsync", "--recursive", "--links", "--checksum", "--delete", "--mkpath", "--itemize-changes",
               "--perms", "--chmod=D755,F644", "--exclude=.DS_Store"]
    if ssh:
        command += ["--rsh", ssh]
    # `--` ends rsync's options: nothing after it, whatever it starts with, is read as one.
    command += ["--", f"{site.as_posix().rstrip('/')}/", dest.rstrip("/") + "/"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                              env={**os.environ, "LC_ALL": "C.UTF-8"})
    except subprocess.TimeoutExpired:
        raise NttvError(f"rsync tới {dest} chưa xong sau {TIMEOUT_SECONDS // 60} phút: kiểm tra mạng và máy chủ") from None
    except OSError as exc:
        raise NttvError(f"không chạy được rsync ({os_reason(exc)}): trang chưa được đăng lên {dest}") from None
    if done.returncode != 0:
        raise NttvError(f"rsync không chép được tới {dest} (mã lỗi {done.returncode}): {_failure(done.returncode)}. "
                        "Trang chưa được đăng đầy đủ: sửa rồi chạy lại lệnh đăng")
    return _itemized(done.stdout)


# What rsync's exit codes mean, for an editor (rsync(1), EXIT VALUES; 255 is ssh's own failure).
_FAILURES = {
    1: "lệnh chép viết sai (kiểm tra DEST và NTTV_RSYNC_SSH)",
    2: "máy chủ dùng phiên bản rsync không tương thích",
    3: "không mở được thư mục nguồn hoặc thư mục đích",
    5: "không bắt đầu được phiên làm việc với máy chủ",
    10: "lỗi kết nối mạng tới máy chủ",
    11: "không ghi được tệp ở nơi đăng (hết chỗ trống hoặc không có quyền ghi)",
    12: "kết nối bị gián đoạn giữa chừng (mạng chập chờn, hoặc máy chủ chưa cài rsync)",
    14: "lỗi giao tiếp giữa các tiến trình",
    20: "việc chép bị dừng giữa chừng",
    23: "một số tệp không chép được (thường do không có quyền ghi ở nơi đăng)",
    24: "một số tệp biến mất trong khi chép",
    30: "quá thời gian chờ máy chủ",
    35: "quá thời gian chờ kết nối",
    127: "không tìm thấy lệnh ssh hoặc rsync trên máy chủ",
    255: "không kết nối được tới máy chủ qua ssh (kiểm tra tên máy chủ, tài khoản, khóa và known_hosts)",
}


def _failure(code: int) -> str:
    return _FAILURES.get(code, "rsync dừng vì một lỗi chưa rõ")


# Folders a site never replaces: the system's own, and the parents of the usual site folders.
_SYSTEM_FOLDERS = ("/", "/etc", "/usr", "/bin", "/sbin", "/lib", "/boot", "/var", "/home", "/root", "/srv", "/opt",
                   "/dev", "/proc", "/sys", "/var/www")


def refuse_destination(dest: str) -> None:
    """Stop before rsync for a destination it would misread or that holds what is not the site:
    one starting with ``-`` (read as an option), ``/`` or ``~`` alone, a hidden or parent folder
    (a part starting with ``.``), or a system folder itself. Folders below ``/var/www`` and ``/srv`` are fine."""
    if not dest.strip():
        raise NttvError("nơi đăng (DEST) để trống: ghi ví dụ nttv@ten-may-chu.vn:/var/www/nguoitot")
    if dest.startswith("-"):
        raise NttvError(f"nơi đăng “{dest}” bắt đầu bằng dấu “-” nên rsync sẽ đọc nhầm thành một tùy chọn: hãy ghi "
                        "tài-khoản@máy-chủ:/thư-mục hoặc đường dẫn một thư mục, ví dụ /var/www/nguoitot")
    folder = dest.split(":", 1)[1] if is_remote(dest) else dest
    parts = [part for part in folder.replace("\\", "/").split("/") if part]
    stripped = "/" + "/".join(parts) if folder.startswith("/") else "/".join(parts)
    if folder.strip() in ("", "~", "~/") or stripped in _SYSTEM_FOLDERS or any(part.startswith(".") for part in parts):
        raise NttvError(f"nơi đăng “{dest}” không được dùng: rsync xóa mọi tệp không thuộc trang trong thư mục đó. Hãy ghi "
                        "một thư mục riêng cho trang, không phải /, ~, thư mục hệ thống hay thư mục bắt đầu bằng dấu chấm, "
                        "ví dụ /var/www/nguoitot hoặc /srv/nguoitot")


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
