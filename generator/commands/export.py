"""`nttv export`: stories as plain text and photos for the printed newspaper."""

from __future__ import annotations

import sys
from pathlib import Path

from ..cache import Caches
from ..dates import today
from ..media.cache import PhotoCache
from ..media.images import publish_all
from ..reading.collection import load_collection
from ..reading.plan import load_plan
from ..rendering import export as export_module
from .common import selected_files, shown


def register(commands) -> None:
    export = commands.add_parser("export", help="xuất truyện thành văn bản thường cho báo in (mỗi truyện một tệp .txt)")
    export.add_argument("paths", nargs="+", type=Path, help="tệp hoặc thư mục truyện")
    export.add_argument("--for", dest="target", choices=export_module.FORMATS, required=True,
                        help="newspaper: báo in (tiêu đề, sapo, bài, chú thích ảnh, tác giả)")
    export.add_argument("--out", type=Path, help="thư mục ghi ra (mặc định: export/bao/ trong thư mục gốc)")
    export.set_defaults(run=run_export)


def run_export(args) -> int:
    root = args.root.resolve()
    plan = load_plan(root / args.plan)
    only = selected_files(args.paths, root)
    collection = load_collection(root, plan, root / args.stories, only=only)
    day = today()
    out = (args.out if args.out.is_absolute() else Path.cwd() / args.out) if args.out else root / "export" / "bao"
    stories = sorted(collection.stories, key=lambda story: story.source)
    skipped = [(path, "có lỗi, chưa thể gửi: chạy nttv check " + path) for path in collection.rejected]
    chosen = []
    for story in stories:
        reason = export_module.refusal(story, day)
        if reason:
            skipped.append((story.source, reason))
        else:
            chosen.append(story)
    published = publish_all(chosen, PhotoCache(Caches(root).photos))
    written: dict[str, list[str]] = {}
    for story in chosen:
        photo_files = {}
        out.mkdir(parents=True, exist_ok=True)
        photos, problems = published[story.source]
        for problem in problems:
            print(f"{problem} (ảnh này không được gửi)")
        for photo in photos:
            name = f"{story.slug}-anh-{photo.photo.index + 1}.jpg"
            (out / name).write_bytes(photo.largest.data)
            photo_files[photo.photo.index] = name
        text_file = out / f"{story.slug}.txt"
        text_file.write_text(export_module.newspaper_text(story, plan, photo_files), encoding="utf-8", newline="\n")
        written[story.source] = [text_file.name, *photo_files.values()]
        extra = f" và {len(photo_files)} ảnh" if photo_files else ""
        print(f"{story.source} → {shown(text_file)}{extra}")
    for source, reason in skipped:
        print(f"Bỏ qua {source}: {reason}")
    if written:
        export_module.record_export(out, written)
    # Every story, not just the ones named: the files of a story withdrawn since go whatever was asked.
    everything = collection if only is None else load_collection(root, plan, root / args.stories)
    for stale in export_module.prune_exports(everything.stories, everything.rejected, out, day):
        if stale.files:
            print(f"Đã xóa {', '.join(shown(out / name) for name in stale.files)} của {stale.source}: {stale.reason}")
    print(f"Đã xuất {len(chosen)} truyện cho báo in vào {shown(out)}/, bỏ qua {len(skipped)} truyện.", file=sys.stderr)
    return 1 if skipped or not chosen else 0
