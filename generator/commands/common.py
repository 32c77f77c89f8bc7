"""What several commands share: the usage error, the files named on the command line, mkdocs.yml's
folders and address, how a path is shown, the as-of day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path


from ..dates import parse_iso_date, today
from ..site_config import docs_dir, read_config_if_any, site_url


class UsageError(Exception):
    """Wrong use of the command (exit 2), as opposed to problems found in the stories (exit 1)."""


def named_paths(paths: list[Path], root: Path) -> list[Path]:
    """The files and folders named on the command line, resolved; each must exist inside the repository."""
    resolved = []
    for path in paths:
        full = (path if path.is_absolute() else Path.cwd() / path).resolve()
        if not full.exists():
            raise UsageError(f"không có tệp hoặc thư mục {path}")
        if not full.is_relative_to(root):
            raise UsageError(f"{path} nằm ngoài kho {root}")
        resolved.append(full)
    return resolved


def selected_files(paths: list[Path], root: Path) -> list[Path] | None:
    """The Markdown files named on the command line (folders searched), or None for all stories."""
    if not paths:
        return None
    return [found for path in named_paths(paths, root)
            for found in (sorted(path.rglob("*.md")) if path.is_dir() else [path])]


def mkdocs_site_url(root: Path) -> str | None:
    """The public address mkdocs.yml gives, if any (the plan's ``site_url`` comes first)."""
    return site_url(read_config_if_any(root))


def content_dir(root: Path) -> Path:
    """The hand-written pages' folder: ``docs_dir`` of mkdocs.yml (``content`` here)."""
    return root / docs_dir(read_config_if_any(root), default="content")


def shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def as_of_day(value: str | None) -> dt.date:
    if value is None:
        return today()
    day = parse_iso_date(value)
    if day is None:
        raise UsageError(f"--as-of: ngày `{value}` không hợp lệ, hãy viết dạng YYYY-MM-DD (ví dụ 2026-05-15)")
    return day
