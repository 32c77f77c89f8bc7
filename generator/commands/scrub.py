"""`nttv scrub`: GPS and every other metadata removed from the photos of the repository."""

from __future__ import annotations

import sys
from pathlib import Path

from ..media.metadata import photo_files, scrub_photos
from .common import content_dir


def register(commands) -> None:
    scrub = commands.add_parser("scrub", help="xóa vị trí GPS và mọi siêu dữ liệu khỏi ảnh trong thư mục truyện và content/")
    scrub.add_argument("paths", nargs="*", type=Path, help="ảnh hoặc thư mục (mặc định: thư mục truyện và content/)")
    scrub.add_argument("--check", action="store_true", help="chỉ báo ảnh còn siêu dữ liệu, không sửa (thoát mã 1 nếu có)")
    scrub.set_defaults(run=run_scrub)


def run_scrub(args) -> int:
    root = args.root.resolve()
    targets = []
    default = [folder for folder in (root / args.stories, content_dir(root)) if folder.is_dir()]
    for path in args.paths or default:
        resolved = path if path.is_absolute() else (Path.cwd() / path)
        if not resolved.exists():
            print(f"nttv: không có tệp hoặc thư mục {path}", file=sys.stderr)
            return 2
        targets += photo_files(resolved) if resolved.is_dir() else [resolved]
    results = scrub_photos(root, targets, write=not args.check)
    dirty = [r for r in results if r.removed]
    failed = [r for r in results if r.error]
    for result in dirty + failed:
        print(result)
    verb = "còn" if args.check else "đã xóa siêu dữ liệu khỏi"
    print(f"Đã xem {len(results)} ảnh: {verb} {len(dirty)} ảnh, {len(failed)} ảnh lỗi.", file=sys.stderr)
    return 1 if failed or (args.check and dirty) else 0
