"""The ``nttv`` command: the same core as the site, for editors and tools."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
import unicodedata
from pathlib import Path

import yaml
from slugify import slugify

from .rendering import sharekit
from . import urls
from .build import CARD_CACHE
from .reading.collection import load_collection, story_files, stray_files
from .dates import parse_iso_date, short_date, today
from .media.assets import image_files as asset_files, served_image
from .media.cache import CACHE_FOLDER, PhotoCache
from .media.images import photo_problems, publish_all
from .media.metadata import gps_problems, photo_files, scrub_photos
from .reading.plan import KINDS, Chapter, Plan, load_plan
from .problems import NttvError, Problem, printable
from .reading.source import clean_text
from .reading.story import TITLE_MAX, suggest
from .counting.tally import count_targets
from .reading.template import free_slug, render_story_template, slug_taken, title_slug


def main(argv: list[str] | None = None) -> int:
    _speak_utf8()
    parser = argparse.ArgumentParser(prog="nttv", description="Công cụ chuyên mục “Người tốt, việc thiện”.")
    parser.add_argument("--root", type=Path, default=Path("."), help="thư mục gốc của kho (mặc định: thư mục hiện tại)")
    parser.add_argument("--plan", default="content/plan.yml", help="tệp kế hoạch, tính từ thư mục gốc")
    parser.add_argument("--stories", default="stories", help="thư mục truyện, tính từ thư mục gốc")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="kiểm tra các tệp truyện")
    check.add_argument("paths", nargs="*", type=Path, help="tệp hoặc thư mục cần kiểm tra (mặc định: tất cả)")
    check.add_argument("--format", choices=("text", "json", "github"), default="text",
                       help="text: cho người đọc; json: cho công cụ khác; github: chú thích trên GitHub Actions")
    new = commands.add_parser("new", help="tạo tệp truyện mới từ mẫu (hỏi những gì còn thiếu)")
    new.add_argument("--kind", help="individual (cá nhân) hoặc collective (tập thể)")
    new.add_argument("--chapter", help="mã chi hội, ví dụ binh-xuyen")
    new.add_argument("--name", help="họ tên người hoặc tên tập thể được giới thiệu")
    new.add_argument("--title", help="tiêu đề bài")
    new.add_argument("--date", help="ngày đăng YYYY-MM-DD (mặc định: hôm nay)")
    new.add_argument("--slug", help="tên tệp, không dấu (mặc định: lấy từ tiêu đề)")
    tally = commands.add_parser("tally", help="in số liệu so với chỉ tiêu")
    tally.add_argument("--json", action="store_true", help="in dạng JSON cho công cụ khác")
    share = commands.add_parser("share", help="soạn bài đăng Facebook, Zalo và ảnh chia sẻ vào thư mục share/")
    share.add_argument("paths", nargs="*", type=Path, help="tệp hoặc thư mục truyện (mặc định: tất cả)")
    share.add_argument("--since", help="chỉ các truyện đăng từ ngày này trở đi (YYYY-MM-DD, tính cả ngày này)")
    share.add_argument("--out", type=Path, help="thư mục ghi ra (mặc định: share/ trong thư mục gốc)")
    scrub = commands.add_parser("scrub", help="xóa vị trí GPS và mọi siêu dữ liệu khỏi ảnh trong thư mục truyện và content/")
    scrub.add_argument("paths", nargs="*", type=Path, help="ảnh hoặc thư mục (mặc định: thư mục truyện và content/)")
    scrub.add_argument("--check", action="store_true", help="chỉ báo ảnh còn siêu dữ liệu, không sửa (thoát mã 1 nếu có)")
    withdrawn = commands.add_parser("withdrawn", help="liệt kê truyện đã rút lại sự đồng ý và các kênh đã đăng")
    withdrawn.add_argument("--json", action="store_true", help="in dạng JSON cho công cụ khác")
    args = parser.parse_args(argv)
    try:
        commands_run = {"check": run_check, "new": run_new, "tally": run_tally, "share": run_share,
                        "scrub": run_scrub, "withdrawn": run_withdrawn}
        return commands_run[args.command](args)
    except (NttvError, UsageError) as exc:
        print(f"nttv: {exc}", file=sys.stderr)
        return 2


class UsageError(Exception):
    """Wrong use of the command (exit 2), as opposed to problems found in the stories (exit 1)."""


def run_check(args) -> int:
    root = args.root.resolve()
    plan = load_plan(root / args.plan)
    stories_dir = root / args.stories
    named = _named_files(args.paths, root)
    if named is None:
        collection = load_collection(root, plan, stories_dir)
        checked = len(collection.stories) + len(collection.rejected)
        problems = collection.problems
    else:
        # Every story is read, so that a named file is checked against the others (same address,
        # same person); only the named files' problems are reported.
        everything = set(story_files(stories_dir) if stories_dir.is_dir() else []) | set(named)
        collection = load_collection(root, plan, stories_dir, only=sorted(everything))
        wanted = {path.relative_to(root).as_posix() for path in named}
        checked = len(wanted)
        problems = tuple(problem for problem in collection.problems if problem.path in wanted)
    checked_stories = [story for story in collection.stories if named is None or story.source in wanted]
    problems += tuple(photo_problems(checked_stories, PhotoCache(root / CACHE_FOLDER)))
    problems += tuple(problem for story in checked_stories for problem in gps_problems(story))
    if named is None:
        problems += _page_image_problems(root)
        checked += len(asset_files(_content_dir(root)))
    problems = tuple(sorted(problems))
    errors = sum(1 for problem in problems if problem.is_error)
    if args.format == "json":
        print(json.dumps([problem.as_dict() for problem in problems], ensure_ascii=False, indent=2))
    elif args.format == "github":
        for problem in problems:
            print(_github_annotation(problem))
    else:
        for problem in problems:
            print(f"{problem}" + ("" if problem.is_error else " (cảnh báo)"))
    if args.format != "json":
        print(f"Đã kiểm tra {checked} tệp: {errors} lỗi, {len(problems) - errors} cảnh báo.", file=sys.stderr)
    return 1 if errors else 0


def _page_image_problems(root: Path) -> tuple[Problem, ...]:
    """What the build will say of the images of the hand-written pages, judged by the build's own rule."""
    return tuple(problem for path in asset_files(_content_dir(root))
                 for problem in served_image(path, path.relative_to(root).as_posix()).problems)


def _named_files(paths: list[Path], root: Path) -> list[Path] | None:
    """The story files named on the command line (folders expanded), or None for all of them."""
    if not paths:
        return None
    named: list[Path] = []
    for path in paths:
        resolved = path.resolve()
        if not resolved.exists():
            raise UsageError(f"không có tệp hoặc thư mục {path}")
        if not resolved.is_relative_to(root):
            raise UsageError(f"{path} nằm ngoài kho {root}")
        named += [*story_files(resolved), *stray_files(resolved)] if resolved.is_dir() else [resolved]
    return sorted(set(named))


def _github_annotation(problem: Problem) -> str:
    """A workflow command that GitHub shows on the line of the pull request's diff."""
    def escape(text: str, in_property: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if in_property else text

    level = "error" if problem.is_error else "warning"
    return (f"::{level} file={escape(problem.path, True)},line={problem.line},col={problem.column},"
            f"title={escape(printable(problem.field) or 'nttv', True)}::{escape(printable(problem.message))}")


def run_new(args) -> int:
    root = args.root.resolve()
    plan = load_plan(root / args.plan)
    day = today() if args.date is None else parse_iso_date(args.date.strip())
    if day is None:
        raise UsageError(f"ngày `{args.date}` không hợp lệ: dùng dạng YYYY-MM-DD, ví dụ 2024-05-08")
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


def _kind(plan: Plan, given: str | None) -> str:
    options = [(kind_id, f"{plan.kinds[kind_id].label} ({plan.kinds[kind_id].noun})") for kind_id in KINDS]
    if given is None:
        return _choose("Loại gương", options)
    if given not in KINDS:
        raise UsageError(f"--kind `{given}` không hợp lệ: chọn {' hoặc '.join(KINDS)}{suggest(given, KINDS)}")
    return given


def _chapter(plan: Plan, given: str | None, day: dt.date) -> Chapter:
    active = plan.chapters_active_on(day)
    if not active:
        raise UsageError(f"không có chi hội nào hoạt động ngày {short_date(day)}")
    if given is None:
        chosen = _choose(f"Chi hội (đang hoạt động ngày {short_date(day)})", [(c.id, c.name) for c in active])
        return plan.chapter(chosen)
    chapter = plan.chapter(given)
    if chapter is None:
        raise UsageError(f"không có chi hội `{given}` trong kế hoạch{suggest(given, [c.id for c in plan.chapters])}")
    if chapter not in active:
        heirs = [plan.chapter(s) for s in chapter.successors]
        taken_over = [f"`{h.id}` ({h.name})" for h in heirs if h and h in active]
        then = f": truyện ngày đó thuộc {', '.join(taken_over)}" if taken_over else \
            f": các chi hội hoạt động ngày đó là {', '.join(c.id for c in active)}"
        raise UsageError(f"chi hội `{given}` không hoạt động ngày {short_date(day)}{then}")
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
        raise NttvError(f"{path.name}: lỗi cú pháp YAML: {exc}") from None
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
            raise NttvError(f"không ghi được vào {folders[story.source]}: {exc.strerror}") from None
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


def _speak_utf8() -> None:
    """Vietnamese messages survive a Windows console or a pipe set to a legacy code page, and
    printing never raises: what cannot be encoded (a lone surrogate in a file name) is escaped."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


if __name__ == "__main__":
    sys.exit(main())
