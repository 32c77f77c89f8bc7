"""`nttv tally`, `nttv report` and `nttv report-text`: the figures against the plan's targets and the yearly report."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from ..counting import assessment, opendata
from ..counting.documents import FORMATS, WRITERS
from ..counting.report import report_day, year_report
from ..counting.tally import count_targets
from ..counting.wording import tally_text
from ..dates import short_date, today
from ..problems import os_reason
from ..reading.collection import load_collection
from ..reading.plan import load_plan
from .common import UsageError, as_of_day, shown


def register(commands) -> None:
    tally = commands.add_parser("tally", help="in số liệu so với chỉ tiêu")
    tally.add_argument("--json", action="store_true", help="in dạng JSON cho công cụ khác (lược đồ: `nttv tally --schema`)")
    tally.add_argument("--schema", action="store_true", help="in lược đồ JSON của mỗi dòng số liệu (--json và tệp csv)")
    tally.add_argument("--as-of", dest="as_of", help="số liệu tính đến ngày này (YYYY-MM-DD, mặc định: hôm nay), ví dụ ngày sơ kết tháng 5")
    report = commands.add_parser("report", help="xuất báo cáo kết quả một năm (docx, xlsx, csv, md)")
    report.add_argument("--year", type=int, required=True, help="năm báo cáo, ví dụ 2026")
    report.add_argument("--chapter", help="mã Hội (mặc định: Hội cấp tỉnh, báo cáo toàn tỉnh)")
    report.add_argument("--as-of", dest="as_of", help="số liệu tính đến ngày này (YYYY-MM-DD; mặc định: hôm nay, hoặc 31/12 của năm đã qua)")
    report.add_argument("--number", default="", help="số và ký hiệu văn bản, ví dụ 45/BC-CTĐ")
    report.add_argument("--format", choices=FORMATS, default="docx", help="định dạng tệp (mặc định: docx)")
    report.add_argument("--out", help="tệp ghi ra (mặc định: bao-cao-<năm>-<Hội>.<định dạng>; `-` là in ra màn hình)")
    text = commands.add_parser("report-text", help="tạo tệp phần II–IV (đánh giá, nhiệm vụ, đề xuất) của báo cáo một năm")
    text.add_argument("--year", type=int, required=True, help="năm báo cáo, ví dụ 2026")
    text.add_argument("--chapter", help="mã Hội (mặc định: Hội cấp tỉnh)")
    tally.set_defaults(run=run_tally)
    report.set_defaults(run=run_report)
    text.set_defaults(run=run_report_text)


def run_tally(args) -> int:
    if args.schema:
        print(json.dumps(opendata.schema(), ensure_ascii=False, indent=2))
        return 0
    root = args.root.resolve()
    plan = load_plan(root / args.plan)
    day = as_of_day(args.as_of)
    collection = load_collection(root, plan, root / args.stories)
    tally = count_targets(plan, collection.stories, day, collection.register, collection.activities)
    if args.json:
        shown = _named_stories(collection, day)
        print(json.dumps([opendata.open_row(plan, row, day, shown) for row in tally.rows], ensure_ascii=False, indent=2))
        return 0
    print(tally_text(plan, tally), end="")
    return 0


def _named_stories(collection, day: dt.date) -> frozenset[str]:
    """Stories a tally or report as of ``day`` may name: published that day and still on the
    website today. What is named is judged today, what is counted on the as-of day."""
    now = today()
    return frozenset(story.source for story in collection.visible(day) if story.on_website(now))


def run_report(args) -> int:
    root = args.root.resolve()
    plan = load_plan(root / args.plan)
    if not plan.period_start <= args.year <= plan.period_end:
        raise UsageError(f"năm {args.year} ở ngoài giai đoạn của kế hoạch ({plan.period_start}–{plan.period_end}): "
                         f"hãy ghi --year từ {plan.period_start} đến {plan.period_end}")
    now = today()
    day = as_of_day(args.as_of) if args.as_of else report_day(args.year, now)
    if day.year < args.year and args.as_of is None:
        raise UsageError(f"năm {args.year} chưa bắt đầu (hôm nay là {short_date(now)}): chưa có số liệu để báo cáo")
    if day.year < args.year:
        raise UsageError(f"--as-of {day.isoformat()} ở trước năm báo cáo {args.year}")
    collection = load_collection(root, plan, root / args.stories)
    report = year_report(plan, collection.stories, args.year, args.chapter, now, day, collection.register, args.number, root,
                         collection.activities)
    data = WRITERS[args.format](report)
    if args.out == "-":
        if args.format in ("docx", "xlsx"):
            raise UsageError(f"tệp {args.format} không in ra màn hình được: hãy ghi `--out TỆP`")
        sys.stdout.buffer.write(data)
        return 0
    out = Path(args.out) if args.out else Path.cwd() / f"bao-cao-{args.year}-{report.chapter.id}.{args.format}"
    if out.is_dir():
        raise UsageError(f"--out {args.out} là một thư mục: hãy ghi tên tệp, ví dụ "
                         f"--out {(out / f'bao-cao-{args.year}-{report.chapter.id}.{args.format}').as_posix()}")
    if not out.parent.is_dir():
        raise UsageError(f"--out {args.out}: không có thư mục {out.parent.as_posix()}: hãy tạo thư mục trước hoặc ghi vào "
                         "thư mục có sẵn")
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"--out {args.out}: không ghi được tệp ({os_reason(exc)})") from exc
    print(f"Đã ghi {shown(out.resolve())}: báo cáo năm {args.year} của {report.chapter.name}, "
          f"số liệu tính đến {short_date(day)}.", file=sys.stderr)
    return 0


def run_report_text(args) -> int:
    """Write ``bao-cao/<year>/<chapter>.md`` for sections II–IV, never over an existing file."""
    root = args.root.resolve()
    plan = load_plan(root / args.plan)
    collection = load_collection(root, plan, root / args.stories)
    report = year_report(plan, collection.stories, args.year, args.chapter, today(), register=collection.register,
                         activities=collection.activities)
    path = assessment.text_path(root, args.year, report.chapter.id)
    if path.exists():
        raise UsageError(f"đã có tệp {shown(path)}: mở tệp đó để sửa (lệnh không ghi đè)")
    command = f"nttv report --year {args.year} --chapter {report.chapter.id}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(assessment.scaffold(args.year, report.issuer, command, report.values()), encoding="utf-8")
    print(f"Đã tạo {shown(path)}: viết phần đánh giá, nhiệm vụ, đề xuất vào đó rồi chạy `{command}`.", file=sys.stderr)
    return 0


def _named_stories(collection, day: dt.date) -> frozenset[str]:
    """Stories a tally or report as of ``day`` may name: published that day and still on the
    website today. What is named is judged today, what is counted on the as-of day."""
    now = today()
    return frozenset(story.source for story in collection.visible(day) if story.on_website(now))
