"""`nttv search-index`: the search index (Pagefind) of a site built by any engine."""

from __future__ import annotations

from pathlib import Path

from ..rendering.search import index_site


def register(commands) -> None:
    search = commands.add_parser("search-index", help="lập chỉ mục tìm kiếm (Pagefind) cho một trang đã dựng bằng công cụ bất kỳ")
    search.add_argument("site", type=Path, help="thư mục trang đã dựng, ví dụ site/")
    search.set_defaults(run=run_search_index)


def run_search_index(args) -> int:
    run = index_site(args.site)
    print(f"{run}; chỉ mục ghi vào {run.bundle}")
    return 0
