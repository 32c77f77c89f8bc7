"""`nttv generate`: the whole site source as plain files, for an engine that runs no plugin (Zensical)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..dates import today
from ..site_source import export_site
from .common import shown


def register(commands) -> None:
    generate = commands.add_parser("generate", help="ghi toàn bộ mã nguồn trang web thành tệp thường, cho công cụ dựng "
                                   "trang không chạy plugin (Zensical)")
    generate.add_argument("out", type=Path, help="thư mục ghi ra (được thay mới mỗi lần chạy)")
    generate.add_argument("--strict", action="store_true", help="thoát mã 1 nếu có truyện bị bỏ qua vì lỗi")
    generate.set_defaults(run=run_generate)


def run_generate(args) -> int:
    root = args.root.resolve()
    exported = export_site(root, args.out, today(), plan_option=args.plan, stories_option=args.stories)
    problems = exported.problems
    for problem in problems:
        print(f"{problem}" + ("" if problem.is_error else " (cảnh báo)"), file=sys.stderr)
    print(f"Chuyên mục: {exported.build.summary}", file=sys.stderr)
    print(f"Đã ghi {exported.files} tệp vào {shown(exported.out)}/: dựng trang bằng `zensical build` "
          f"(hoặc `mkdocs build`) trong thư mục đó.", file=sys.stderr)
    return 1 if args.strict and any(problem.is_error for problem in problems) else 0
