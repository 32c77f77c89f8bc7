"""The ``nttv`` command: the same core as the site, for editors and tools."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .collection import load_collection
from .dates import short_date, today
from .metadata import photo_files, scrub_photos
from .plan import load_plan
from .problems import NttvError
from .tally import count_targets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nttv", description="Công cụ chuyên mục “Người tốt, việc thiện”.")
    parser.add_argument("--root", type=Path, default=Path("."), help="thư mục gốc của kho (mặc định: thư mục hiện tại)")
    parser.add_argument("--plan", default="content/plan.yml", help="tệp kế hoạch, tính từ thư mục gốc")
    parser.add_argument("--stories", default="stories", help="thư mục truyện, tính từ thư mục gốc")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="kiểm tra các tệp truyện")
    check.add_argument("paths", nargs="*", type=Path, help="tệp hoặc thư mục cần kiểm tra (mặc định: tất cả)")
    check.add_argument("--format", choices=("text", "json"), default="text")
    tally = commands.add_parser("tally", help="in số liệu so với chỉ tiêu")
    tally.add_argument("--json", action="store_true", help="in dạng JSON cho công cụ khác")
    scrub = commands.add_parser("scrub", help="xóa vị trí GPS và mọi siêu dữ liệu khỏi ảnh trong thư mục truyện")
    scrub.add_argument("paths", nargs="*", type=Path, help="ảnh hoặc thư mục (mặc định: cả thư mục truyện)")
    scrub.add_argument("--check", action="store_true", help="chỉ báo ảnh còn siêu dữ liệu, không sửa (thoát mã 1 nếu có)")
    withdrawn = commands.add_parser("withdrawn", help="liệt kê truyện đã rút lại sự đồng ý và các kênh đã đăng")
    withdrawn.add_argument("--json", action="store_true", help="in dạng JSON cho công cụ khác")
    args = parser.parse_args(argv)
    try:
        return {"check": run_check, "tally": run_tally, "scrub": run_scrub, "withdrawn": run_withdrawn}[args.command](args)
    except NttvError as exc:
        print(f"nttv: {exc}", file=sys.stderr)
        return 2


def run_check(args) -> int:
    root = args.root.resolve()
    plan = load_plan(root / args.plan)
    only = None
    if args.paths:
        only = []
        for path in args.paths:
            resolved = path.resolve() if path.is_absolute() else (Path.cwd() / path).resolve()
            if not resolved.exists():
                print(f"nttv: không có tệp hoặc thư mục {path}", file=sys.stderr)
                return 2
            only += sorted(resolved.rglob("*.md")) if resolved.is_dir() else [resolved]
    collection = load_collection(root, plan, root / args.stories, only=only)
    if args.format == "json":
        print(json.dumps([p.as_dict() for p in collection.problems], ensure_ascii=False, indent=2))
    else:
        for problem in collection.problems:
            print(f"{problem}" + (" (cảnh báo)" if not problem.is_error else ""))
        errors = len(collection.errors)
        print(f"Đã kiểm tra {len(collection.stories) + len(collection.rejected)} tệp: "
              f"{errors} lỗi, {len(collection.problems) - errors} cảnh báo.", file=sys.stderr)
    return 1 if collection.errors else 0


def run_tally(args) -> int:
    root = args.root.resolve()
    plan = load_plan(root / args.plan)
    collection = load_collection(root, plan, root / args.stories)
    day = today()
    tally = count_targets(plan, collection.stories, day)
    if args.json:
        print(json.dumps([row.as_dict() for row in tally.rows], ensure_ascii=False, indent=2))
        return 0
    for row in tally.rows:
        where = " ".join(str(part) for part in (row.chapter, row.year) if part is not None) or "toàn tỉnh"
        goal = "–" if row.goal is None else row.goal
        print(f"{row.target.id:20} {where:24} {row.reached:>4} / {goal}")
    return 0


def run_scrub(args) -> int:
    root = args.root.resolve()
    targets = []
    for path in args.paths or [root / args.stories]:
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


def run_withdrawn(args) -> int:
    root = args.root.resolve()
    plan = load_plan(root / args.plan)
    collection = load_collection(root, plan, root / args.stories)
    day = today()
    stories = collection.withdrawn()
    if args.json:
        print(json.dumps([{
            "path": s.source, "title": s.title, "withdrawn": s.withdrawn.isoformat(),
            "in_effect": s.is_withdrawn(day), "published_on": list(s.published_on),
        } for s in stories], ensure_ascii=False, indent=2))
        return 0
    for story in stories:
        when = "đã rút từ" if story.is_withdrawn(day) else "sẽ rút từ"
        channels = ", ".join(plan.label("channel", c) for c in story.published_on) or "chưa ghi kênh nào"
        print(f"{story.source}: {when} {short_date(story.withdrawn)} – “{story.title}”; đã đăng trên: {channels}")
    print(f"{len(stories)} truyện đã rút lại sự đồng ý: hãy gỡ bài trên các kênh đã đăng (Facebook, Zalo…).", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
