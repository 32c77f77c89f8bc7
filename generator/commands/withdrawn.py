"""`nttv withdrawn`: the stories whose consent was withdrawn and the channels to take them down from."""

from __future__ import annotations

import json
import sys

from ..dates import short_date, today
from ..reading.collection import load_collection
from ..reading.plan import load_plan


def register(commands) -> None:
    withdrawn = commands.add_parser("withdrawn", help="liệt kê truyện đã rút lại sự đồng ý và các kênh đã đăng")
    withdrawn.add_argument("--json", action="store_true", help="in dạng JSON cho công cụ khác")
    withdrawn.set_defaults(run=run_withdrawn)


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
