"""What several commands share: the usage error, the files named on the command line, mkdocs.yml's
folders and address, how a path is shown, the as-of day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from ..dates import parse_iso_date, today
from ..problems import NttvError


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


def mkdocs_config(root: Path) -> dict:
    """mkdocs.yml as data (empty without one); tags such as ``!!python/name`` are read as nothing."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path.name}:{mark.line + 1}" if mark else path.name
        raise NttvError(f"{where}: lỗi cú pháp YAML: hãy kiểm tra thụt lề (chỉ dùng dấu cách), dấu ngoặc và dấu hai chấm") from None
    return config if isinstance(config, dict) else {}


def mkdocs_site_url(root: Path) -> str | None:
    value = mkdocs_config(root).get("site_url")
    return str(value) if value else None


def content_dir(root: Path) -> Path:
    """The hand-written pages' folder: ``docs_dir`` of mkdocs.yml (``content`` here)."""
    return root / str(mkdocs_config(root).get("docs_dir") or "content")


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
