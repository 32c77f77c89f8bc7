"""The ``nttv`` command: the same core as the site, for editors and tools."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

import yaml

from . import sharekit, urls
from .build import CARD_CACHE
from .collection import load_collection
from .dates import parse_iso_date, short_date, today
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
    share = commands.add_parser("share", help="soạn bài đăng Facebook, Zalo và ảnh chia sẻ vào thư mục share/")
    share.add_argument("paths", nargs="*", type=Path, help="tệp hoặc thư mục truyện (mặc định: tất cả)")
    share.add_argument("--since", help="chỉ các truyện đăng từ ngày này trở đi (YYYY-MM-DD, tính cả ngày này)")
    share.add_argument("--out", type=Path, help="thư mục ghi ra (mặc định: share/ trong thư mục gốc)")
    scrub = commands.add_parser("scrub", help="xóa vị trí GPS và mọi siêu dữ liệu khỏi ảnh trong thư mục truyện")
    scrub.add_argument("paths", nargs="*", type=Path, help="ảnh hoặc thư mục (mặc định: cả thư mục truyện)")
    scrub.add_argument("--check", action="store_true", help="chỉ báo ảnh còn siêu dữ liệu, không sửa (thoát mã 1 nếu có)")
    withdrawn = commands.add_parser("withdrawn", help="liệt kê truyện đã rút lại sự đồng ý và các kênh đã đăng")
    withdrawn.add_argument("--json", action="store_true", help="in dạng JSON cho công cụ khác")
    args = parser.parse_args(argv)
    try:
        commands_run = {"check": run_check, "tally": run_tally, "share": run_share, "scrub": run_scrub,
                        "withdrawn": run_withdrawn}
        return commands_run[args.command](args)
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
            if not resolved.is_relative_to(root):
                print(f"nttv: {path} nằm ngoài thư mục gốc của kho ({root}): hãy chạy lệnh trong kho hoặc dùng --root", file=sys.stderr)
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


def _selected_files(paths: list[Path]) -> list[Path] | None:
    """The Markdown files named on the command line (folders searched), or None for all stories."""
    if not paths:
        return None
    only: list[Path] = []
    for path in paths:
        resolved = path.resolve() if path.is_absolute() else (Path.cwd() / path).resolve()
        if not resolved.exists():
            raise NttvError(f"không có tệp hoặc thư mục {path}")
        only += sorted(resolved.rglob("*.md")) if resolved.is_dir() else [resolved]
    return only


def _mkdocs_site_url(root: Path) -> str | None:
    """``site_url`` of mkdocs.yml, if any; tags such as ``!!python/name`` are read as nothing."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return None

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
    except yaml.YAMLError as exc:
        raise NttvError(f"{path.name}: lỗi cú pháp YAML: {exc}") from None
    value = config.get("site_url") if isinstance(config, dict) else None
    return str(value) if value else None


def run_share(args) -> int:
    root = args.root.resolve()
    plan = load_plan(root / args.plan)
    plan = dataclasses.replace(plan, site_url=urls.public_url(plan.site_url, _mkdocs_site_url(root), args.plan))
    since = None
    if args.since:
        since = parse_iso_date(args.since)
        if since is None:
            raise NttvError(f"--since {args.since}: ngày phải có dạng YYYY-MM-DD, ví dụ 2024-05-08")
    day = today()
    collection = load_collection(root, plan, root / args.stories, only=_selected_files(args.paths))
    stories, skipped = sharekit.select_stories(collection, day, since)
    out = args.out.resolve() if args.out else root / "share"
    folders = sharekit.kit_folders(stories, out)
    for story in stories:
        try:
            kit = sharekit.write_kit(story, plan, folders[story.source], day, root / CARD_CACHE)
        except OSError as exc:
            raise NttvError(f"không ghi được vào {folders[story.source]}: {exc.strerror}") from None
        where = _shown_path(kit.folder)
        channels = ", ".join(plan.label("channel", c) for c in kit.channels)
        print(f"{story.source} → {where}/ ({channels}): {', '.join(kit.files)}")
        for src in kit.unreadable_photos:
            print(f"  không đọc được ảnh {src}: ảnh này không có trong thư mục")
    for item in skipped:
        print(f"Bỏ qua {item.source}: {item.reason}")
    print(f"Đã soạn {len(stories)} bộ bài đăng trong {_shown_path(out)}/, bỏ qua {len(skipped)} truyện.", file=sys.stderr)
    return 0


def _shown_path(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


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
