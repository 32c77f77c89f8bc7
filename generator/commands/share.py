"""`nttv share`: the Facebook and Zalo posts and share images of each story, in share/."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from .. import urls
from ..cache import Caches
from ..dates import parse_iso_date, today
from ..media.cache import PhotoCache
from ..media.images import publish_all
from ..problems import NttvError, os_reason
from ..reading.collection import load_collection
from ..reading.plan import load_plan
from ..rendering import sharekit
from ..rendering.leftovers import prune_kits
from .common import mkdocs_site_url, selected_files, shown


def register(commands) -> None:
    share = commands.add_parser("share", help="soạn bài đăng Facebook, Zalo và ảnh chia sẻ vào thư mục share/")
    share.add_argument("paths", nargs="*", type=Path, help="tệp hoặc thư mục truyện (mặc định: tất cả)")
    share.add_argument("--since", help="chỉ các truyện đăng từ ngày này trở đi (YYYY-MM-DD, tính cả ngày này)")
    share.add_argument("--out", type=Path, help="thư mục ghi ra (mặc định: share/ trong thư mục gốc)")
    share.set_defaults(run=run_share)


def run_share(args) -> int:
    root = args.root.resolve()
    plan = load_plan(root / args.plan)
    plan = dataclasses.replace(plan, site_url=urls.public_url(plan.site_url, mkdocs_site_url(root), args.plan))
    since = None
    if args.since:
        since = parse_iso_date(args.since)
        if since is None:
            raise NttvError(f"--since {args.since}: ngày phải có dạng YYYY-MM-DD, ví dụ 2024-05-08")
    day = today()
    collection = load_collection(root, plan, root / args.stories, only=selected_files(args.paths, root))
    stories, skipped = sharekit.select_stories(collection, day, since)
    out = args.out.resolve() if args.out else root / "share"
    folders = sharekit.kit_folders(stories, out)
    # The kit offers the photos the site publishes, decided by the build's own pipeline (and its cache).
    caches = Caches(root)
    published = publish_all(stories, PhotoCache(caches.photos))
    for story in stories:
        photos = tuple(p.photo for p in published[story.source][0])
        try:
            kit = sharekit.write_kit(story, plan, folders[story.source], day, caches.share_cards, photos)
        except OSError as exc:
            raise NttvError(f"không ghi được vào {folders[story.source]}: {os_reason(exc)}") from None
        where = shown(kit.folder)
        channels = ", ".join(plan.label("channel", c) for c in kit.channels)
        print(f"{story.source} → {where}/ ({channels}): {', '.join(kit.files)}")
        reasons = {problem.field: problem.message for problem in published[story.source][1]}
        for photo in story.photos:
            if photo.src in kit.unreadable_photos:
                reason = reasons.get(f"photos[{photo.index}].src", f"ảnh `{photo.src}`: không tạo được bản nhỏ hơn 1 MB")
                print(f"  {reason.rsplit('; ', 1)[0]}: ảnh này không có trong thư mục")
    for item in skipped:
        print(f"Bỏ qua {item.source}: {item.reason}")
    # Every story, not just the ones named: a kit whose story was withdrawn goes whatever was asked.
    everything = collection if not args.paths else load_collection(root, plan, root / args.stories)
    for kit in prune_kits(everything, out, day):
        print(f"Đã xóa {shown(kit.folder)}/ của {kit.source}: {kit.reason}")
    print(f"Đã soạn {len(stories)} bộ bài đăng trong {shown(out)}/, bỏ qua {len(skipped)} truyện.", file=sys.stderr)
    return 0
