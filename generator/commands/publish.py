"""`nttv publish`: the built site copied to the server by rsync, after its public address is checked."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .. import urls
from ..publishing import address, rsync
from ..reading.plan import load_plan
from .common import UsageError, mkdocs_site_url


def register(commands) -> None:
    publish = commands.add_parser("publish", help="chép trang đã dựng (site/) lên máy chủ bằng rsync, xóa những gì đã rời trang")
    publish.add_argument("--dest", help="nơi chép tới: tài-khoản@máy-chủ:/thư-mục hoặc một thư mục trên máy "
                                        "(mặc định: publishing.rsync.dest trong tệp kế hoạch)")
    publish.add_argument("--site", type=Path, default=Path("site"), help="thư mục trang đã dựng (mặc định: site)")
    publish.add_argument("--ssh", default=os.environ.get("NTTV_RSYNC_SSH") or None,
                         help="lệnh ssh cho rsync, ví dụ \"ssh -i ~/.ssh/nttv_deploy\" (mặc định: biến NTTV_RSYNC_SSH)")
    publish.add_argument("--check", action="store_true", help="chỉ kiểm tra địa chỉ công khai (site_url), không chép gì")
    publish.add_argument("--print-target", action="store_true",
                         help="in nơi đăng ghi trong tệp kế hoạch (rsync hoặc github-pages) rồi thoát")
    publish.set_defaults(run=run_publish)


def run_publish(args) -> int:
    root = args.root.resolve()
    plan = load_plan(root / args.plan)
    if args.print_target:
        print(plan.publishing.target)
        return 0
    url = urls.public_url(plan.site_url, mkdocs_site_url(root), args.plan)
    address.require_public_address(url, plan.path if plan.site_url else root / "mkdocs.yml", root)
    if args.check:
        print(f"Địa chỉ công khai: {url}; nơi đăng: {plan.publishing.target}", file=sys.stderr)
        return 0
    dest = args.dest or plan.publishing.dest
    if not dest:
        raise UsageError(f"chưa có nơi đăng: make publish DEST=tài-khoản@máy-chủ:/var/www/nguoitot, hoặc ghi "
                         f"publishing.rsync.dest trong {args.plan}")
    site = args.site if args.site.is_absolute() else root / args.site
    result = rsync.sync_site(site, dest, args.ssh, protected=(root,))
    for name in result.deleted:
        print(f"đã xóa {name}")
    print(f"Đăng lên {dest}: {result}.", file=sys.stderr)
    return 0
