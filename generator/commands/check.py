"""`nttv check`: every problem of the stories, the registers and the images, before any build."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from pathlib import Path

from ..cache import Caches
from ..build import ACTIVITY_PHOTOS
from ..counting import assessment
from ..dates import today
from ..media.assets import image_files as asset_files, is_image, served_image
from ..media.cache import PhotoCache
from ..media.images import photo_problems, publish_all
from ..media.metadata import gps_problems
from ..problems import Problem, printable, shown_path
from ..reading.collection import load_collection, story_files, stray_files
from ..reading.plan import Plan, PlanError, load_plan
from ..reading.model import Story
from .common import content_dir, named_paths


def register(commands) -> None:
    check = commands.add_parser("check", help="kiểm tra các tệp truyện")
    check.add_argument("paths", nargs="*", type=Path, help="tệp hoặc thư mục cần kiểm tra (mặc định: tất cả)")
    check.add_argument("--format", choices=("text", "json", "github", "markdown"), default="text",
                       help="text: cho người đọc; json: cho công cụ khác; github: chú thích trên GitHub Actions; "
                            "markdown: bảng cho bản tóm tắt của lần đăng")
    check.set_defaults(run=run_check)


def run_check(args) -> int:
    root = args.root.resolve()
    try:
        plan = load_plan(root / args.plan)
    except PlanError as exc:
        # Said in the format asked for (a pull request's annotations, a job's summary), the file named as
        # the stories' are; still exit 2: with a broken plan no story can be checked.
        problems = tuple(dataclasses.replace(problem, path=shown_path(Path(problem.path), root)) for problem in exc.problems)
        _say(problems, args.format, [], 1)
        print(f"nttv: tệp kế hoạch có {len(problems)} lỗi: hãy sửa trước, chưa kiểm tra truyện nào.", file=sys.stderr)
        return 2
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
        images = asset_files(content_dir(root))  # the hand-written pages' images, listed once
        problems += _page_image_problems(root, images)
        checked += len(images)
    else:
        problems += _page_image_problems(root, [path for path in named if is_image(path.name)
                                                and not path.is_relative_to(stories_dir.resolve())])
    problems = tuple(sorted(problems))
    errors = sum(1 for problem in problems if problem.is_error)
    _say(problems, args.format, [path for path in collection.rejected if named is None or path in wanted], checked)
    if args.format != "json":
        print(f"Đã kiểm tra {checked} tệp: {errors} lỗi, {len(problems) - errors} cảnh báo.", file=sys.stderr)
        for reminder in report_text_reminders(root, plan, today()) if named is None else ():
            # A notice, not a warning: it never fails a check, a strict build or a pull request.
            print(f"::notice title=Báo cáo năm::{reminder}" if args.format == "github" else f"Nhắc việc: {reminder}",
                  file=sys.stdout if args.format == "github" else sys.stderr)
    return 1 if errors else 0


def _say(problems: tuple[Problem, ...], form: str, left_out: list[str], checked: int) -> None:
    """The problems on standard output in the check's ``form`` (``left_out``: the files the site leaves out)."""
    if form == "json":
        print(json.dumps([problem.as_dict() for problem in problems], ensure_ascii=False, indent=2))
    elif form == "github":
        for problem in problems:
            print(_github_annotation(problem))
    elif form == "markdown":
        print(_markdown_report(problems, left_out, checked))
    else:
        for problem in problems:
            print(f"{problem}" + ("" if problem.is_error else " (cảnh báo)"))


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
    found = [*photo_problems(chosen, PhotoCache(Caches(root).photos)), *(p for story in chosen for p in gps_problems(story))]
    return tuple(problem for problem in found
                 if sources is None or problem.path in sources or named_photo(by_source[problem.path], problem.field))


def _activity_photo_problems(root: Path, activities) -> tuple[Problem, ...]:
    """What the build will say of the activities' photos, and an error for each one still carrying GPS, as for stories."""
    entries = activities.entries
    found = [problem for _, problems in publish_all(entries, PhotoCache(Caches(root).photos), ACTIVITY_PHOTOS).values()
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
    pages = content_dir(root).resolve()
    named: list[Path] = []
    for resolved in named_paths(paths, root):
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
