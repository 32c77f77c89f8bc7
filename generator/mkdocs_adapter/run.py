"""What one MkDocs run needs beyond its files: a strict build stopped by the column's own errors, and
MkDocs's own output dated by ``NTTV_TODAY``."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable

from ..dates import today
from ..problems import Problem


def strict_failure(problems: Iterable[Problem], shown: bool) -> str | None:
    """Why a strict build stops on errors in stories or images, or None without any. MkDocs counts
    warnings only when they are shown (`-q` drops them first, mkdocs/mkdocs#4126), so its own strict
    check cannot be relied upon; when they were not ``shown`` the message lists them."""
    errors = [problem for problem in problems if problem.is_error]
    if not errors:
        return None
    if shown:
        where = "các dòng WARNING ở trên"
    else:
        # Nothing was printed: the error is the only place the editor can read what is wrong.
        where = "danh sách dưới đây\n" + "\n".join(f"  {problem}" for problem in errors)
    return (f"nttv: {len(errors)} lỗi trong các tệp truyện và ảnh nên bản dựng --strict dừng lại "
            f"(chạy `nttv check` để xem lại): xem {where}")


def date_output_by_today() -> None:
    """Date MkDocs's own output (sitemap, its gzip header) by NTTV_TODAY, so a rebuild is byte-identical.

    MkDocs reads SOURCE_DATE_EPOCH (the reproducible-builds convention) and otherwise the clock.
    """
    if os.environ.get("NTTV_TODAY") and not os.environ.get("SOURCE_DATE_EPOCH"):
        midnight = dt.datetime.combine(today(), dt.time(), dt.timezone.utc)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
