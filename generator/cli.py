"""The ``nttv`` command: the same core as the site, for editors and tools."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

import yaml
from slugify import slugify

from .arguments import ArgumentParser
from .rendering import sharekit
from .rendering.leftovers import prune_kits
from . import urls
from .build import ACTIVITY_PHOTOS, CARD_CACHE
from .site_source import export_site
from .reading.collection import load_collection, story_files, stray_files
from .dates import parse_iso_date, short_date, today
from .media.assets import image_files as asset_files, is_image, served_image
from .media.cache import CACHE_FOLDER, PhotoCache
from .media.images import photo_problems, publish_all
from .media.metadata import gps_problems, photo_files, scrub_photos
from .publishing import address, editions, rsync
from .rendering import edition
from .rendering import export as export_module
from .rendering.video import print_body
from .reading.plan import KINDS, Chapter, Plan, load_plan
from .problems import NttvError, Problem, printable, os_reason
from .reading.source import clean_text
from .reading.story import TITLE_MAX, Story, suggest
from .counting.tally import count_targets
from .counting.documents import FORMATS, WRITERS
from .counting import assessment, opendata
from .counting.report import report_day, year_report
from .counting.wording import tally_text
from .reading.activities import ACTIVITIES_HEADER, load_activities, photo_folder, render_activity_entry
from .reading.template import free_slug, render_story_template, slug_taken, title_slug
from .rendering.search import index_site


def main(argv: list[str] | None = None) -> int:
    _speak_utf8()
    parser = ArgumentParser(prog="nttv", description="Công cụ chuyên mục “Người tốt, việc thiện”.")
    parser.add_argument("--root", type=Path, default=Path("."), help="thư mục gốc của kho (mặc định: thư mục hiện tại)")
    parser.add_argument("--plan", default="content/plan.yml", help="tệp kế hoạch, tính từ thư mục gốc")
    parser.add_argument("--stories", default="stories", help="thư mục truyện, tính từ thư mục gốc")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="kiểm tra các tệp truyện")
    check.add_argument("paths", nargs="*", type=Path, help="tệp hoặc thư mục cần kiểm tra (mặc định: tất cả)")
    check.add_argument("--format", choices=("text", "json", "github", "markdown"), default="text",
                       help="text: cho người đọc; json: cho công cụ khác; github: chú thích trên GitHub Actions; "
                            "markdown: bảng cho bản tóm tắt của lần đăng")
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
    share = commands.add_parser("share", help="soạn bài đăng Facebook, Zalo và ảnh chia sẻ vào thư mục share/")
    share.add_argument("paths", nargs="*", type=Path, help="tệp hoặc thư mục truyện (mặc định: tất cả)")
    share.add_argument("--since", help="chỉ các truyện đăng từ ngày này trở đi (YYYY-MM-DD, tính cả ngày này)")
    share.add_argument("--out", type=Path, help="thư mục ghi ra (mặc định: share/ trong thư mục gốc)")
    scrub = commands.add_parser("scrub", help="xóa vị trí GPS và mọi siêu dữ liệu khỏi ảnh trong thư mục truyện và content/")
    scrub.add_argument("paths", nargs="*", type=Path, help="ảnh hoặc thư mục (mặc định: thư mục truyện và content/)")
    scrub.add_argument("--check", action="store_true", help="chỉ báo ảnh còn siêu dữ liệu, không sửa (thoát mã 1 nếu có)")
    generate = commands.add_parser("generate", help="ghi toàn bộ mã nguồn trang web thành tệp thường, cho công cụ dựng "
                                   "trang không chạy plugin (Zensical)")
    generate.add_argument("out", type=Path, help="thư mục ghi ra (được thay mới mỗi lần chạy)")
    generate.add_argument("--strict", action="store_true", help="thoát mã 1 nếu có truyện bị bỏ qua vì lỗi")
    withdrawn = commands.add_parser("withdrawn", help="liệt kê truyện đã rút lại sự đồng ý và các kênh đã đăng")
    withdrawn.add_argument("--json", action="store_true", help="in dạng JSON cho công cụ khác")
    publish = commands.add_parser("publish", help="chép trang đã dựng (site/) lên máy chủ bằng rsync, xóa những gì đã rời trang")
    publish.add_argument("--dest", help="nơi chép tới: tài-khoản@máy-chủ:/thư-mục hoặc một thư mục trên máy "
                                        "(mặc định: publishing.rsync.dest trong tệp kế hoạch)")
    publish.add_argument("--site", type=Path, default=Path("site"), help="thư mục trang đã dựng (mặc định: site)")
    publish.add_argument("--ssh", default=os.environ.get("NTTV_RSYNC_SSH") or None,
                         help="lệnh ssh cho rsync, ví dụ \"ssh -i ~/.ssh/nttv_deploy\" (mặc định: biến NTTV_RSYNC_SSH)")
    publish.add_argument("--check", action="store_true", help="chỉ kiểm tra địa chỉ công khai (site_url), không chép gì")
    publish.add_argument("--print-target", action="store_true",
                         help="in nơi đăng ghi trong tệp kế hoạch (rsync hoặc github-pages) rồi thoát")
    edition_cmd = commands.add_parser("edition", help="in bản tin (A4, hai cột) ra PDF: các truyện đồng ý đăng ấn phẩm in")
    edition_cmd.add_argument("--from", dest="start", help="từ ngày (YYYY-MM-DD, tính cả ngày này)")
    edition_cmd.add_argument("--to", dest="end", help="đến ngày (YYYY-MM-DD, tính cả ngày này)")
    edition_cmd.add_argument("--out", type=Path, help="tệp PDF ghi ra (mặc định: ban-tin-<thời gian>.pdf trong thư mục hiện tại)")
    edition_cmd.add_argument("--site", type=Path, help="in bản PDF của mọi số bản tin trong trang đã dựng (ví dụ site), "
                                                       "đặt cạnh trang của số đó")
    export = commands.add_parser("export", help="xuất truyện thành văn bản thường cho báo in (mỗi truyện một tệp .txt)")
    export.add_argument("paths", nargs="+", type=Path, help="tệp hoặc thư mục truyện")
    export.add_argument("--for", dest="target", choices=export_module.FORMATS, required=True,
                        help="newspaper: báo in (tiêu đề, sapo, bài, chú thích ảnh, tác giả)")
    export.add_argument("--out", type=Path, help="thư mục ghi ra (mặc định: export/bao/ trong thư mục gốc)")
    search = commands.add_parser("search-index", help="lập chỉ mục tìm kiếm (Pagefind) cho một trang đã dựng bằng công cụ bất kỳ")
    search.add_argument("site", type=Path, help="thư mục trang đã dựng, ví dụ site/")
    args = parser.parse_args(argv)
    try:
        commands_run = {"check": run_check, "new": run_new, "tally": run_tally, "report": run_report, "report-text": run_report_text,
                        "share": run_share,
                        "scrub": run_scrub, "withdrawn": run_withdrawn,
                        "publish": run_publish, "edition": run_edition,
                        "export": run_export, "search-index": run_search_index, "generate": run_generate}
        return commands_run[args.command](args)
    except (NttvError, UsageError) as exc:
        print(f"nttv: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        # An editor stops `nttv new`'s questions with Ctrl-C: a word, not a traceback; 130 as shells report it.
        print("\nnttv: đã dừng (Ctrl-C)", file=sys.stderr)
        return 130


def run_search_index(args) -> int:
    run = index_site(args.site)
    print(f"{run}; chỉ mục ghi vào {run.bundle}")
    return 0


class UsageError(Exception):
    """Wrong use of the command (exit 2), as opposed to problems found in the stories (exit 1)."""


def run_check(args) -> int:
    root = args.root.resolve()
    plan = load_plan(root / args.plan)
    stories_dir = root / args.stories
    register = plan.register.resolve() if plan.register else None
    activities = plan.activities.resolve() if plan.activities else None
    named = _named_files(args.paths, root, register, activities)
    if named is None:
        collection = load_collection(root, plan, stories_dir)
        checked = len(collection.stories) + len(collection.rejected)
        problems = collection.problems
    else:
        # Every story is read, so that a named file is checked against the others (same address,
        # same person); only the named files' problems are reported.
        in_stories = {path for path in named if path.is_relative_to(stories_dir.resolve())} | \
            {path for path in named if not is_image(path.name) and path not in (register, activities)}
        everything = set(story_files(stories_dir) if stories_dir.is_dir() else []) | in_stories
        collection = load_collection(root, plan, stories_dir, only=sorted(everything))
        wanted = {path.relative_to(root).as_posix() for path in named}
        checked = len(wanted)
        problems = tuple(problem for problem in collection.problems if problem.path in wanted)
    problems += _photo_problems(root, collection.stories, named)
    if named is None or activities in named:
        problems += _activity_photo_problems(root, collection.activities)
    if named is None:
        problems += _page_image_problems(root, asset_files(_content_dir(root)))
        checked += len(asset_files(_content_dir(root)))
    else:
        problems += _page_image_problems(root, [path for path in named if is_image(path.name)
                                                and not path.is_relative_to(stories_dir.resolve())])
    problems = tuple(sorted(problems))
    errors = sum(1 for problem in problems if problem.is_error)
    if args.format == "json":
        print(json.dumps([problem.as_dict() for problem in problems], ensure_ascii=False, indent=2))
    elif args.format == "github":
        for problem in problems:
            print(_github_annotation(problem))
    elif args.format == "markdown":
        left_out = [path for path in collection.rejected if named is None or path in wanted]
        print(_markdown_report(problems, left_out, checked))
    else:
        for problem in problems:
            print(f"{problem}" + ("" if problem.is_error else " (cảnh báo)"))
    if args.format != "json":
        print(f"Đã kiểm tra {checked} tệp: {errors} lỗi, {len(problems) - errors} cảnh báo.", file=sys.stderr)
        for reminder in report_text_reminders(root, plan, today()) if named is None else ():
            # A notice, not a warning: it never fails a check, a strict build or a pull request.
            print(f"::notice title=Báo cáo năm::{reminder}" if args.format == "github" else f"Nhắc việc: {reminder}",
                  file=sys.stdout if args.format == "github" else sys.stderr)
    return 1 if errors else 0


def _photo_problems(root: Path, stories: tuple[Story, ...], named: list[Path] | None) -> tuple[Problem, ...]:
    """What the build will say of the photos of the named stories (all without names), and of the
    named photo files wherever a story uses them; made by the build's own pipeline, into its cache."""
    images = set() if named is None else {path for path in named if is_image(path.name)}
    sources = None if named is None else {path.relative_to(root).as_posix() for path in named}

    def named_photo(story: Story, field: str) -> bool:
        return any(f"photos[{photo.index}]" == field.split(".")[0] and photo.path is not None
                   and photo.path.resolve() in images for photo in story.photos)

    chosen = [story for story in stories if sources is None or story.source in sources
              or any(photo.path is not None and photo.path.resolve() in images for photo in story.photos)]
    by_source = {story.source: story for story in chosen}
    # A photo still carrying GPS is refused here (and so on every pull request) though the site would publish it clean:
    # the repository keeps every committed version.
    found = [*photo_problems(chosen, PhotoCache(root / CACHE_FOLDER)), *(p for story in chosen for p in gps_problems(story))]
    return tuple(problem for problem in found
                 if sources is None or problem.path in sources or named_photo(by_source[problem.path], problem.field))


def _activity_photo_problems(root: Path, activities) -> tuple[Problem, ...]:
    """What the build will say of the activities' photos, and an error for each one still carrying GPS, as for stories."""
    entries = activities.entries
    found = [problem for _, problems in publish_all(entries, PhotoCache(root / CACHE_FOLDER), ACTIVITY_PHOTOS).values()
             for problem in problems]
    folder = activities.photo_folder.resolve().relative_to(root).as_posix() if activities.photo_folder is not None else ""
    found += [problem for activity in entries for problem in gps_problems(activity, ACTIVITY_PHOTOS.field, folder)]
    return tuple(found)


def _page_image_problems(root: Path, paths: list[Path]) -> tuple[Problem, ...]:
    """What the build will say of these images of the hand-written pages, judged by the build's own rule."""
    return tuple(problem for path in paths
                 for problem in served_image(path, path.resolve().relative_to(root).as_posix()).problems)


def _named_files(paths: list[Path], root: Path, register: Path | None = None, activities: Path | None = None) -> list[Path] | None:
    """The story and image files named on the command line (folders expanded), or None for all of them.

    In the hand-written pages' folder only the images, the unit register and the register of activities
    are checked: its pages are not stories.
    """
    if not paths:
        return None
    pages = _content_dir(root).resolve()
    named: list[Path] = []
    for path in paths:
        resolved = path.resolve()
        if not resolved.exists():
            raise UsageError(f"không có tệp hoặc thư mục {path}")
        if not resolved.is_relative_to(root):
            raise UsageError(f"{path} nằm ngoài kho {root}")
        if resolved.is_relative_to(pages) and resolved != root:
            if resolved.is_dir():
                named += asset_files(resolved) + [data for data in (register, activities) if data and data.is_relative_to(resolved)
                                                  and data.is_file()]
            elif is_image(resolved.name) or resolved in (register, activities):
                named.append(resolved)
        elif resolved.is_dir():
            named += [*story_files(resolved), *stray_files(resolved), *asset_files(resolved)]
        else:
            named.append(resolved)
    return sorted(set(named))


def _github_annotation(problem: Problem) -> str:
    """A workflow command that GitHub shows on the line of the pull request's diff."""
    def escape(text: str, in_property: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if in_property else text

    level = "error" if problem.is_error else "warning"
    return (f"::{level} file={escape(problem.path, True)},line={problem.line},col={problem.column},"
            f"title={escape(printable(problem.field) or 'nttv', True)}::{escape(printable(problem.message))}")


def _markdown_report(problems: tuple[Problem, ...], left_out: list[str], checked: int) -> str:
    """The check as Markdown for a job summary: the files the site leaves out, then every problem."""
    errors = sum(1 for problem in problems if problem.is_error)
    lines = [f"### Kiểm tra truyện: {checked} tệp, {errors} lỗi, {len(problems) - errors} cảnh báo", ""]
    if left_out:
        lines += [f"**{len(left_out)} truyện không được đăng vì lỗi** (các truyện khác vẫn được đăng):", ""]
        lines += [f"- `{path}`" for path in left_out] + [""]
    if not problems:
        lines.append("Không có lỗi nào: mọi truyện đủ điều kiện đều được đăng.")
        return "\n".join(lines)

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines += ["| Tệp | Dòng:cột | Trường | Mức | Vấn đề |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| `{cell(p.path)}` | {p.line}:{p.column} | `{cell(p.field)}` | {'lỗi' if p.is_error else 'cảnh báo'} | {cell(p.message)} |"
              for p in problems]
    return "\n".join(lines)


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
    relative = _shown_path(path.resolve())
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


def _mkdocs_config(root: Path) -> dict:
    """mkdocs.yml as data (empty without one); tags such as ``!!python/name`` are read as nothing."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path.name}:{mark.line + 1}" if mark else path.name
        raise NttvError(f"{where}: lỗi cú pháp YAML: hãy kiểm tra thụt lề (chỉ dùng dấu cách), dấu ngoặc và dấu hai chấm") from None
    return config if isinstance(config, dict) else {}


def _mkdocs_site_url(root: Path) -> str | None:
    value = _mkdocs_config(root).get("site_url")
    return str(value) if value else None


def _content_dir(root: Path) -> Path:
    """The hand-written pages' folder: ``docs_dir`` of mkdocs.yml (``content`` here)."""
    return root / str(_mkdocs_config(root).get("docs_dir") or "content")


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
    # The kit offers the photos the site publishes, decided by the build's own pipeline (and its cache).
    published = publish_all(stories, PhotoCache(root / CACHE_FOLDER))
    for story in stories:
        photos = tuple(p.photo for p in published[story.source][0])
        try:
            kit = sharekit.write_kit(story, plan, folders[story.source], day, root / CARD_CACHE, photos)
        except OSError as exc:
            raise NttvError(f"không ghi được vào {folders[story.source]}: {os_reason(exc)}") from None
        where = _shown_path(kit.folder)
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
        print(f"Đã xóa {_shown_path(kit.folder)}/ của {kit.source}: {kit.reason}")
    print(f"Đã soạn {len(stories)} bộ bài đăng trong {_shown_path(out)}/, bỏ qua {len(skipped)} truyện.", file=sys.stderr)
    return 0


def _shown_path(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _as_of(value: str | None) -> dt.date:
    if value is None:
        return today()
    day = parse_iso_date(value)
    if day is None:
        raise UsageError(f"--as-of: ngày `{value}` không hợp lệ, hãy viết dạng YYYY-MM-DD (ví dụ 2026-05-15)")
    return day


def run_tally(args) -> int:
    if args.schema:
        print(json.dumps(opendata.schema(), ensure_ascii=False, indent=2))
        return 0
    root = args.root.resolve()
    plan = load_plan(root / args.plan)
    day = _as_of(args.as_of)
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
    day = _as_of(args.as_of) if args.as_of else report_day(args.year, now)
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
    print(f"Đã ghi {_shown_path(out.resolve())}: báo cáo năm {args.year} của {report.chapter.name}, "
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
        raise UsageError(f"đã có tệp {_shown_path(path)}: mở tệp đó để sửa (lệnh không ghi đè)")
    command = f"nttv report --year {args.year} --chapter {report.chapter.id}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(assessment.scaffold(args.year, report.issuer, command, report.values()), encoding="utf-8")
    print(f"Đã tạo {_shown_path(path)}: viết phần đánh giá, nhiệm vụ, đề xuất vào đó rồi chạy `{command}`.", file=sys.stderr)
    return 0


def report_text_reminders(root: Path, plan: Plan, day: dt.date) -> list[str]:
    """In November, before reports are due (30/11), the chapters active that day whose file for
    sections II–IV of this year's report is still missing. A reminder, never a problem."""
    if day.month != 11:
        return []
    return [f"{assessment.text_path(root, day.year, chapter.id).relative_to(root).as_posix()}: {chapter.name} chưa có "
            f"phần đánh giá, nhiệm vụ, đề xuất của báo cáo năm {day.year} (tạo bằng `nttv report-text --year {day.year} "
            f"--chapter {chapter.id}`; thiếu thì báo cáo in dòng chấm để điền tay)"
            for chapter in plan.chapters_active_on(day)
            if not assessment.text_path(root, day.year, chapter.id).is_file()]


def run_generate(args) -> int:
    root = args.root.resolve()
    exported = export_site(root, args.out, today(), plan_option=args.plan, stories_option=args.stories)
    problems = exported.problems
    for problem in problems:
        print(f"{problem}" + ("" if problem.is_error else " (cảnh báo)"), file=sys.stderr)
    print(f"Chuyên mục: {exported.build.summary}", file=sys.stderr)
    print(f"Đã ghi {exported.files} tệp vào {_shown_path(exported.out)}/: dựng trang bằng `zensical build` "
          f"(hoặc `mkdocs build`) trong thư mục đó.", file=sys.stderr)
    return 1 if args.strict and any(problem.is_error for problem in problems) else 0


def run_scrub(args) -> int:
    root = args.root.resolve()
    targets = []
    default = [folder for folder in (root / args.stories, _content_dir(root)) if folder.is_dir()]
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
    published = publish_all(stories, PhotoCache(root / CACHE_FOLDER))
    photos = {source: done[0] for source, done in published.items()}
    for source, (_, problems) in published.items():
        for problem in problems:
            print(f"{problem} (ảnh này không có trong bản tin)")
    bodies = {story.source: print_body(story) for story in stories}
    page = edition.Edition(plan, period, stories, bodies, photos)
    editions.print_edition(page, out)
    print(f"{plan.bulletin_on(period.end)} – {period.label}: {len(stories)} câu chuyện → {_shown_path(out)}", file=sys.stderr)
    return 0


def _print_site_editions(site: Path, root: Path) -> int:
    """Each edition page of a built site printed to the PDF its page links to."""
    if not (site / "index.html").is_file():
        raise UsageError(f"chưa có trang đã dựng trong {site}: chạy make site trước")
    printed = editions.print_site_editions(site, root / editions.CACHE_FOLDER)
    for item in printed:
        print(f"{_shown_path(item.pdf)} ({item.pdf.stat().st_size // 1024} KB)")
    reused = sum(1 for item in printed if item.reused)
    print(f"Bản tin PDF: {len(printed)} số, {len(printed) - reused} số mới in, {reused} số lấy lại từ bộ nhớ đệm.",
          file=sys.stderr)
    return 0


def run_export(args) -> int:
    root = args.root.resolve()
    plan = load_plan(root / args.plan)
    only = _selected_files(args.paths)
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
    published = publish_all(chosen, PhotoCache(root / CACHE_FOLDER))
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
        print(f"{story.source} → {_shown_path(text_file)}{extra}")
    for source, reason in skipped:
        print(f"Bỏ qua {source}: {reason}")
    if written:
        export_module.record_export(out, written)
    # Every story, not just the ones named: the files of a story withdrawn since go whatever was asked.
    everything = collection if only is None else load_collection(root, plan, root / args.stories)
    for stale in export_module.prune_exports(everything.stories, everything.rejected, out, day):
        if stale.files:
            print(f"Đã xóa {', '.join(_shown_path(out / name) for name in stale.files)} của {stale.source}: {stale.reason}")
    print(f"Đã xuất {len(chosen)} truyện cho báo in vào {_shown_path(out)}/, bỏ qua {len(skipped)} truyện.", file=sys.stderr)
    return 1 if skipped or not chosen else 0


def run_publish(args) -> int:
    root = args.root.resolve()
    plan = load_plan(root / args.plan)
    if args.print_target:
        print(plan.publishing.target)
        return 0
    url = urls.public_url(plan.site_url, _mkdocs_site_url(root), args.plan)
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


def _speak_utf8() -> None:
    """Vietnamese messages survive a Windows console or a pipe set to a legacy code page, and
    printing never raises: what cannot be encoded (a lone surrogate in a file name) is escaped."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


if __name__ == "__main__":
    sys.exit(main())
