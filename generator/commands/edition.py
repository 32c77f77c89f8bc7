"""`nttv edition`: the bulletin printed to PDF, for a period or for every edition of a built site."""

from __future__ import annotations

import sys
from pathlib import Path

from ..cache import Caches
from ..dates import parse_iso_date, today
from ..media.cache import PhotoCache
from ..media.images import publish_all
from ..publishing import editions
from ..reading.collection import load_collection
from ..reading.plan import load_plan
from ..rendering import edition
from ..rendering.video import print_body
from .common import UsageError, shown


def register(commands) -> None:
    edition_cmd = commands.add_parser("edition", help="in bản tin (A4, hai cột) ra PDF: các truyện đồng ý đăng ấn phẩm in")
    edition_cmd.add_argument("--from", dest="start", help="từ ngày (YYYY-MM-DD, tính cả ngày này)")
    edition_cmd.add_argument("--to", dest="end", help="đến ngày (YYYY-MM-DD, tính cả ngày này)")
    edition_cmd.add_argument("--out", type=Path, help="tệp PDF ghi ra (mặc định: ban-tin-<thời gian>.pdf trong thư mục hiện tại)")
    edition_cmd.add_argument("--site", type=Path, help="in bản PDF của mọi số bản tin trong trang đã dựng (ví dụ site), "
                                                       "đặt cạnh trang của số đó")
    edition_cmd.set_defaults(run=run_edition)


def run_edition(args) -> int:
    root = args.root.resolve()
    if args.site is not None:
        if args.start or args.end or args.out:
            raise UsageError("--site in mọi số bản tin của trang đã dựng: không dùng cùng --from, --to, --out")
        return _print_site_editions(args.site if args.site.is_absolute() else Path.cwd() / args.site, root)
    if not args.start or not args.end:
        raise UsageError("cần --from và --to, ví dụ: nttv edition --from 2026-10-01 --to 2026-12-31")
    start, end = parse_iso_date(args.start), parse_iso_date(args.end)
    for option, given, value in (("--from", args.start, start), ("--to", args.end, end)):
        if value is None:
            raise UsageError(f"{option} {given}: ngày phải có dạng YYYY-MM-DD, ví dụ 2026-10-01")
    if end < start:
        raise UsageError(f"--to {args.end} trước --from {args.start}")
    plan = load_plan(root / args.plan)
    period = edition.Period(start, end)
    collection = load_collection(root, plan, root / args.stories)
    day = today()
    stories = edition.edition_stories(collection.stories, period, day)
    for story in sorted(collection.stories, key=lambda story: story.source):
        if period.holds(story.date) and story.status(day) == "published" and story not in stories:
            reason = "đã rút lại sự đồng ý" if story.is_withdrawn(day) else "sự đồng ý (consent.scope) không có `print`"
            print(f"Bỏ qua {story.source}: {reason}")
    if not stories:
        print(f"nttv edition: không có truyện nào đã đăng và đồng ý đăng ấn phẩm in (`print`) trong {period.in_sentence}",
              file=sys.stderr)
        return 1
    out = (args.out if args.out.is_absolute() else Path.cwd() / args.out) if args.out else Path.cwd() / edition.pdf_name(period)
    published = publish_all(stories, PhotoCache(Caches(root).photos))
    photos = {source: done[0] for source, done in published.items()}
    for source, (_, problems) in published.items():
        for problem in problems:
            print(f"{problem} (ảnh này không có trong bản tin)")
    bodies = {story.source: print_body(story) for story in stories}
    page = edition.Edition(plan, period, stories, bodies, photos)
    editions.print_edition(page, out)
    print(f"{plan.bulletin_on(period.end)} – {period.label}: {len(stories)} câu chuyện → {shown(out)}", file=sys.stderr)
    return 0


def _print_site_editions(site: Path, root: Path) -> int:
    """Each edition page of a built site printed to the PDF its page links to."""
    if not (site / "index.html").is_file():
        raise UsageError(f"chưa có trang đã dựng trong {site}: chạy make site trước")
    printed = editions.print_site_editions(site, Caches(root).editions)
    for item in printed:
        print(f"{shown(item.pdf)} ({item.pdf.stat().st_size // 1024} KB)")
    reused = sum(1 for item in printed if item.reused)
    print(f"Bản tin PDF: {len(printed)} số, {len(printed) - reused} số mới in, {reused} số lấy lại từ bộ nhớ đệm.",
          file=sys.stderr)
    return 0
