"""`nttv new`: a story file from the template, or an entry at the end of the register of activities,
asking in Vietnamese for what the command line did not give."""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path

from slugify import slugify

from ..dates import parse_iso_date, short_date, today
from ..reading.activities import ACTIVITIES_HEADER, load_activities, photo_folder, render_activity_entry
from ..reading.plan import Chapter, KINDS, Plan, load_plan
from ..reading.source import clean_text
from ..reading.fields import TITLE_MAX
from ..reading.readers import suggest
from ..reading.template import free_slug, render_story_template, slug_taken, title_slug
from .common import UsageError, shown


def register(commands) -> None:
    new = commands.add_parser("new", help="tạo tệp truyện mới từ mẫu (hỏi những gì còn thiếu)")
    new.add_argument("--activity", action="store_true",
                     help="thêm một hoạt động (phát động, sơ kết, gặp mặt…) vào cuối sổ hoạt động thay vì tạo truyện")
    new.add_argument("--kind", help="individual (cá nhân) hoặc collective (tập thể); với --activity: loại hoạt động (launch, review…)")
    new.add_argument("--chapter", help="mã Hội, ví dụ binh-xuyen")
    new.add_argument("--name", help="họ tên người hoặc tên tập thể được giới thiệu; với --activity: tên đơn vị (unit)")
    new.add_argument("--title", help="tiêu đề bài")
    new.add_argument("--date", help="ngày đăng YYYY-MM-DD (mặc định: hôm nay); với --activity: ngày diễn ra hoạt động "
                                    "(không ghi thì được hỏi, Enter là hôm nay)")
    new.add_argument("--slug", help="tên tệp, không dấu (mặc định: lấy từ tiêu đề)")
    new.set_defaults(run=run_new)


def run_new(args) -> int:
    root = args.root.resolve()
    plan = load_plan(root / args.plan)
    day = today() if args.date is None else parse_iso_date(args.date.strip())
    if day is None:
        raise UsageError(f"ngày `{args.date}` không hợp lệ: dùng dạng YYYY-MM-DD, ví dụ 2024-05-08")
    if args.activity:
        return _new_activity(args, root, plan, day)
    missing = [f"--{option}" for option in ("kind", "chapter", "name", "title") if not getattr(args, option)]
    if missing and not sys.stdin.isatty():
        raise UsageError(f"thiếu {', '.join(missing)} (không có bàn phím để hỏi: hãy ghi đủ các tùy chọn)")
    try:
        kind = _kind(plan, args.kind)
        chapter = _chapter(plan, args.chapter, day)
        name = _text(args.name, "Họ tên người được giới thiệu" if kind == "individual" else "Tên tập thể được giới thiệu")
        title = _text(args.title, f"Tiêu đề bài (tối đa {TITLE_MAX} ký tự)", TITLE_MAX)
    except EOFError:
        raise UsageError("đã dừng: không còn dữ liệu nhập") from None
    slug = args.slug or title_slug(title)
    if slugify(slug) != slug:
        raise UsageError(f"tên tệp `{slug}` chỉ gồm chữ thường không dấu, số và dấu gạch ngang (ví dụ `{slugify(slug)}`)")
    folder = root / args.stories / str(day.year)
    path = folder / f"{slug}.md"
    relative = path.relative_to(root).as_posix()
    if slug_taken(folder, slug):
        print(f"nttv new: đã có truyện dùng tên {relative} (không ghi đè): hãy đổi tiêu đề, "
              f"hoặc dùng tên còn trống: --slug {free_slug(folder, slug)}", file=sys.stderr)
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(render_story_template(plan, kind, chapter, name, title, day, relative))
    except FileExistsError:
        print(f"nttv new: đã có tệp {relative} (không ghi đè)", file=sys.stderr)
        return 1
    print(f"Đã tạo {relative}.")
    print("Mở tệp, điền các trường còn trống, chọn tiêu chí đạt được và viết bài; "
          f"rồi kiểm tra: nttv check {relative}")
    return 0


def _new_activity(args, root: Path, plan: Plan, day: dt.date) -> int:
    """Append an entry with comments to the register of activities; the file is left as it was
    unless the new entry reads back without an error."""
    if plan.activities is None or not plan.activity_kinds:
        raise UsageError("kế hoạch chưa có sổ hoạt động: hãy ghi `activities: hoat-dong.yml` và `activity_kinds` trong tệp kế hoạch")
    missing = [f"--{option}" for option in ("kind", "chapter", "title") if not getattr(args, option)]
    if missing and not sys.stdin.isatty():
        raise UsageError(f"thiếu {', '.join(missing)} (không có bàn phím để hỏi: hãy ghi đủ các tùy chọn)")
    ids = [kind.id for kind in plan.activity_kinds]
    try:
        if args.kind is None:
            kind = plan.activity_kind(_choose("Loại hoạt động", [(k.id, k.label) for k in plan.activity_kinds]))
        elif plan.activity_kind(args.kind) is None:
            raise UsageError(f"--kind `{args.kind}` không phải loại hoạt động: chọn trong {', '.join(ids)}{suggest(args.kind, ids)}")
        else:
            kind = plan.activity_kind(args.kind)
        if kind.names_unit and not args.name and not sys.stdin.isatty():
            raise UsageError(f"hoạt động “{kind.label}” cần tên đơn vị: hãy ghi --name \"tên đơn vị\"")
        if args.date is None and sys.stdin.isatty():
            # Activities are mostly recorded after the day; the chapters offered are those active on it.
            day = _day("Ngày diễn ra hoạt động", day)
        chapter = _chapter(plan, args.chapter, day, "hoạt động")
        title = _text(args.title, f"Tên hoạt động (tối đa {TITLE_MAX} ký tự)", TITLE_MAX)
        unit = _text(args.name, "Tên đơn vị") if kind.names_unit else ""
    except EOFError:
        raise UsageError("đã dừng: không còn dữ liệu nhập") from None
    path = plan.activities
    relative = shown(path.resolve())
    existed = path.is_file()
    before = path.read_text(encoding="utf-8") if existed else ACTIVITIES_HEADER
    read_before = load_activities(root, plan)
    entry = render_activity_entry(plan, kind, chapter, title, day, unit, photo_folder(plan).name)
    text = before if before.endswith("\n") else before + "\n"
    path.write_text(text + entry, encoding="utf-8", newline="\n")
    after = load_activities(root, plan)
    new_errors = [p for p in after.problems if p.is_error and p not in read_before.problems]
    if new_errors or len(after.entries) != len(read_before.entries) + 1:
        if existed:
            path.write_text(before, encoding="utf-8", newline="\n")
        else:
            path.unlink()
        reason = str(new_errors[0]) if new_errors else "mục mới không đọc lại được ở cuối danh sách `activities:`"
        print(f"nttv new: không thêm được vào {relative} (tệp giữ nguyên): {reason}", file=sys.stderr)
        return 1
    print(f"Đã thêm hoạt động “{title}” vào cuối {relative}.")
    print("Mở tệp, điền nơi tổ chức, đoạn giới thiệu, ảnh nếu có (bỏ dấu # ở dòng cần dùng); rồi kiểm tra: nttv check")
    return 0


def _kind(plan: Plan, given: str | None) -> str:
    options = [(kind_id, f"{plan.kinds[kind_id].label} ({plan.kinds[kind_id].noun})") for kind_id in KINDS]
    if given is None:
        return _choose("Loại gương", options)
    if given not in KINDS:
        raise UsageError(f"--kind `{given}` không hợp lệ: chọn {' hoặc '.join(KINDS)}{suggest(given, KINDS)}")
    return given


def _chapter(plan: Plan, given: str | None, day: dt.date, noun: str = "truyện") -> Chapter:
    active = plan.chapters_active_on(day)
    if not active:
        raise UsageError(f"không có Hội nào hoạt động ngày {short_date(day)}")
    if given is None:
        chosen = _choose(f"Hội (đang hoạt động ngày {short_date(day)})", [(c.id, c.name_on(day)) for c in active])
        return plan.chapter(chosen)
    chapter = plan.chapter(given)
    if chapter is None:
        raise UsageError(f"không có Hội `{given}` trong kế hoạch{suggest(given, [c.id for c in plan.chapters])}")
    if chapter not in active:
        heirs = [plan.chapter(s) for s in chapter.successors]
        taken_over = [f"`{h.id}` ({h.name})" for h in heirs if h and h in active]
        then = f": {noun} ngày đó thuộc {', '.join(taken_over)}" if taken_over else \
            f": các cấp Hội hoạt động ngày đó là {', '.join(c.id for c in active)}"
        raise UsageError(f"Hội `{given}` không hoạt động ngày {short_date(day)}{then}")
    return chapter


def _choose(question: str, options: list[tuple[str, str]]) -> str:
    """Ask for one of ``options`` (id, label) by number or id, until the answer is one of them."""
    print(f"{question}:", file=sys.stderr)
    for number, (option_id, label) in enumerate(options, start=1):
        print(f"  {number:>2}. {label} [{option_id}]", file=sys.stderr)
    ids = [option_id for option_id, _ in options]
    while True:
        answer = unicodedata.normalize("NFC", input(f"Chọn số 1–{len(options)} hoặc mã: ")).strip()
        if answer.isdigit() and 1 <= int(answer) <= len(options):
            return ids[int(answer) - 1]
        if answer in ids:
            return answer
        print(f"Không có lựa chọn “{answer}”{suggest(answer, ids)}.", file=sys.stderr)


_TYPED_DAY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def _day(question: str, default: dt.date) -> dt.date:
    """A date typed day first (15/5/2023) or as YYYY-MM-DD, asked until it is one; Enter gives ``default``."""
    while True:
        answer = input(f"{question} (ngày/tháng/năm, Enter: {short_date(default)}): ").strip()
        if not answer:
            return default
        typed = _TYPED_DAY.fullmatch(answer)
        try:
            day = dt.date(int(typed[3]), int(typed[2]), int(typed[1])) if typed else parse_iso_date(answer)
        except ValueError:
            day = None
        if day is not None:
            return day
        print(f"“{answer}” không phải một ngày: gõ ngày/tháng/năm, ví dụ 15/5/2023.", file=sys.stderr)


def _text(given: str | None, question: str, limit: int | None = None) -> str:
    """``given`` when set (checked), else asked until the answer is not empty and within ``limit``."""
    asking = given is None
    while True:
        value = " ".join(clean_text(given if given is not None else input(f"{question}: ")).split())
        problem = "không được để trống" if not value else (
            f"dài {len(value)} ký tự, tối đa {limit}" if limit and len(value) > limit else "")
        if not problem:
            return value
        if not asking:
            raise UsageError(f"{question.split(' (')[0].lower()} {problem}")
        print(f"{question.split(' (')[0]} {problem}.", file=sys.stderr)
        given = None
