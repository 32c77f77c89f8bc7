"""All the stories of a repository, read and checked together."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .activities import NO_ACTIVITIES, Activities, load_activities
from .identity import same_person_groups
from ..filetypes import PHOTO_EXTENSIONS, STORY_EXTENSION
from .plan import Plan
from .register import EMPTY_REGISTER, Register, load_register, story_address_warnings
from ..problems import FILE_NAME, WHOLE_FILE, NttvError, Problem, Severity
from .model import Story
from .story import read_story
from .story_cache import StoryCache
from ..cache import Store
from ..urls import is_list_page_name


NAME_MAX = 120  # characters of a file name: a clone on Windows fails once a path passes 260


def long_name_message(name: str) -> str:
    return (f"tên tệp dài {len(unicodedata.normalize('NFC', name))} ký tự, tối đa {NAME_MAX}: kho có tên tệp quá dài không "
            "chép (clone) được về máy Windows; hãy đặt tên ngắn hơn (vài từ chính của tiêu đề) nên tệp chưa được đăng")


LINKED_FOLDER = ("thư mục này là liên kết (symlink) nên truyện trong đó không được đọc và không được đăng: "
                 "hãy chép các tệp truyện vào một thư mục thật stories/<năm>/")


@dataclass(frozen=True)
class Collection:
    """Stories that passed their checks (any status) and every problem found, sorted by file."""

    stories: tuple[Story, ...]
    problems: tuple[Problem, ...]
    rejected: tuple[str, ...]
    register: Register = EMPTY_REGISTER
    activities: Activities = NO_ACTIVITIES

    def visible(self, today: dt.date, include_unpublished: bool = False) -> tuple[Story, ...]:
        """Stories a build shows: published ones, plus drafts and future ones under preview.

        Never a story whose consent leaves out the website or was withdrawn by ``today``, not even
        in a preview: such a story is only counted in the tally.
        """
        allowed = tuple(story for story in self.stories if story.on_website(today))
        if include_unpublished:
            return allowed
        return tuple(story for story in allowed if story.status(today) == "published")

    def withdrawn(self) -> tuple[Story, ...]:
        """Stories with a withdrawal date, earliest withdrawal first."""
        dated = (story for story in self.stories if story.withdrawn is not None)
        return tuple(sorted(dated, key=lambda story: (story.withdrawn, story.source)))

    def count(self, status: str, today: dt.date) -> int:
        return sum(1 for story in self.stories if story.status(today) == status)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(problem for problem in self.problems if problem.is_error)


def story_files(stories_dir: Path) -> list[Path]:
    """Every Markdown file under ``stories_dir`` (a file named just ``.md`` too), in a stable order."""
    # A broken link is listed too, so that it is named rather than skipped in silence.
    return sorted(path for path in stories_dir.rglob("*")
                  if (path.is_file() or (path.is_symlink() and not path.is_dir())) and _is_markdown(path))


def linked_folders(stories_dir: Path) -> list[Path]:
    """Folders under ``stories_dir`` that are links: their stories are never read, wherever they point."""
    return sorted(path for path in stories_dir.rglob("*") if path.is_symlink() and path.is_dir())


def _is_markdown(path: Path) -> bool:
    return STORY_EXTENSION in (path.suffix.lower(), path.name.lower())


def stray_files(stories_dir: Path) -> list[Path]:
    """Files under ``stories_dir`` that are neither a story nor a photo (a .docx, a .txt, a PDF)."""
    return sorted(
        path for path in stories_dir.rglob("*")
        if path.is_file() and path.suffix.lower() not in (STORY_EXTENSION, *PHOTO_EXTENSIONS)
        and not any(part.startswith(".") for part in path.relative_to(stories_dir).parts)
    )


def load_collection(root: Path, plan: Plan, stories_dir: Path, only: list[Path] | None = None,
                    cache: Store | None = None) -> Collection:
    """Read every story (or just ``only``), the plan's unit register and its register of activities, then run the checks that
    need more than one file. A story whose file, photos' folder and plan did not change since the
    last run kept in ``cache`` (the story store: in this process, or on disk from the last build) is not read again."""
    known = StoryCache(cache)
    if not stories_dir.is_dir():
        raise NttvError(f"không có thư mục truyện {stories_dir}: kiểm tra tùy chọn `stories` của plugin nttv")
    stories: list[Story] = []
    problems: list[Problem] = []
    rejected: list[str] = []
    folders = (root.resolve(), stories_dir.resolve())  # once, not once a story
    plain_folders: dict[Path, bool] = {stories_dir: True}
    for path in story_files(stories_dir) if only is None else sorted(only):
        if not _is_markdown(path):
            # A named `ten-bai.md.txt` is judged as the build sees it: not a story.
            if path.suffix.lower() not in PHOTO_EXTENSIONS:
                problems.append(_stray_warning(path, root))
            continue
        refused = _unreadable_place(path, root, folders, stories_dir, plain_folders)
        if refused is not None:
            problems.append(refused)
            if refused.is_error:
                rejected.append(refused.path)
            continue
        story, found = known.read(path, root, plan, read_story)
        problems.extend(found)
        misplaced = _misplaced(path, stories_dir, story, root)
        if misplaced is not None:
            problems.append(misplaced)
            story = None
        if story is None:
            rejected.append(path.relative_to(root).as_posix())
        else:
            problems.extend(_folder_warning(story))
            stories.append(story)
    known.save(whole=only is None)
    if only is None:
        problems.extend(_stray_warning(path, root) for path in stray_files(stories_dir))
        problems.extend(Problem(path.relative_to(root).as_posix(), 1, 1, WHOLE_FILE, LINKED_FOLDER)
                        for path in linked_folders(stories_dir))
    kept, clashes = _unique_pages(stories)
    problems.extend(clashes)
    rejected.extend(problem.path for problem in clashes if problem.is_error)
    problems.extend(_same_person_warnings(kept))
    problems.extend(featured_warnings(kept, plan))
    register = load_register(root, plan)
    problems.extend(register.problems)
    problems.extend(story_address_warnings(register, kept))
    activities = load_activities(root, plan)
    problems.extend(activities.problems)
    return Collection(tuple(sorted(kept, key=Story.sort_key)), tuple(sorted(problems)), tuple(sorted(rejected)), register,
                      activities)


def _stray_warning(path: Path, root: Path) -> Problem:
    if _looks_like_story(path):
        # Notepad saves `ten-bai.md` as `ten-bai.md.txt` with the extension hidden: the editor
        # believes the story is in, so this fails the check instead of passing with a warning.
        stem = path.name[: -len(path.suffix)] if path.suffix else path.name
        renamed = stem if stem.lower().endswith(".md") else f"{stem}.md"
        return Problem(path.relative_to(root).as_posix(), 1, 1, FILE_NAME,
                       f"tệp có phần thông tin truyện nhưng đuôi không phải .md nên không được đăng: "
                       f"hãy đổi tên tệp thành `{renamed}`")
    return Problem(path.relative_to(root).as_posix(), 1, 1, FILE_NAME,
                   "tệp này không phải truyện (.md) hay ảnh (.jpg, .png, .webp, .heic) nên không được đăng: "
                   "nếu là bài viết, hãy chép nội dung vào tệp .md; nếu không cần, hãy xóa khỏi thư mục stories/",
                   Severity.WARNING)


def _unreadable_place(path: Path, root: Path, folders: tuple[Path, ...], stories_dir: Path,
                      plain_folders: dict[Path, bool]) -> Problem | None:
    """Why a file must not even be read: a link out of the repository (``folders``, resolved: the
    repository and the stories' folder), a hidden or nameless file."""
    relative = path.relative_to(root).as_posix()
    # A file of stories/ reached through no link is inside: only a link needs resolving.
    folder_plain = _plain_folder(path.parent, stories_dir, plain_folders)
    plain = not path.is_symlink() and folder_plain
    if not folder_plain:
        # Named on its own (`nttv check stories/2024/a.md`), a story in a linked folder is refused as
        # the whole folder is: wherever the link points, its stories are never read.
        return Problem(relative, 1, 1, WHOLE_FILE, LINKED_FOLDER.replace("thư mục này là liên kết", "tệp này nằm trong một thư mục liên kết"))
    if not plain and not _resolves_inside(path, folders):
        # Reading it would publish whatever the link points at, from anywhere on the machine.
        return Problem(relative, 1, 1, WHOLE_FILE,
                       "tệp này là liên kết (symlink) tới một tệp nằm ngoài kho (hoặc không còn tồn tại) nên không được đọc "
                       "và không được đăng: "
                       "hãy chép nội dung truyện vào một tệp thật trong stories/<năm>/")
    if len(unicodedata.normalize("NFC", path.name)) > NAME_MAX:
        return Problem(relative, 1, 1, FILE_NAME, long_name_message(path.name))
    if path.name.startswith("._"):
        return Problem(relative, 1, 1, FILE_NAME, "tệp phụ do máy Mac tạo ra khi chép tệp, không phải truyện: hãy xóa tệp này",
                       Severity.WARNING)
    if path.name.lower() == ".md":
        return Problem(relative, 1, 1, FILE_NAME, "tệp chỉ có đuôi .md mà không có tên nên không được đăng: "
                                                  "hãy đặt tên theo tiêu đề bài, ví dụ `co-giao-mo-lop-hoc.md`")
    if path.name.startswith("."):
        return Problem(relative, 1, 1, FILE_NAME, f"tên tệp bắt đầu bằng dấu chấm là tệp ẩn nên không được đăng: "
                                                  f"hãy đổi tên thành `{path.name.lstrip('.')}`")
    return None


def is_inside(path: Path, root: Path, *others: Path) -> bool:
    """Whether ``path``, every link followed, is a file of the repository ``root`` (or of ``others``)."""
    return _resolves_inside(path, tuple(folder.resolve() for folder in (root, *others)))


def _plain_folder(folder: Path, stories_dir: Path, known: dict[Path, bool]) -> bool:
    """Whether ``folder``, inside ``stories_dir``, is reached from it through no link."""
    if folder not in known:
        known[folder] = folder != folder.parent and not folder.is_symlink() and _plain_folder(folder.parent, stories_dir, known)
    return known[folder]


def _resolves_inside(path: Path, folders: tuple[Path, ...]) -> bool:
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a broken link, or one that loops
        return False
    return any(real.is_relative_to(folder) for folder in folders)


def _misplaced(path: Path, stories_dir: Path, story: Story | None, root: Path) -> Problem | None:
    """A story not at ``stories/<year>/<name>.md``: it is not published, since a folder of its own
    (``luu-tru/``, ``nhap/``, ``2024/cu/``) may be how its editor meant to keep it off the site."""
    try:
        folders = path.relative_to(stories_dir).parts[:-1]
    except ValueError:
        return None
    if len(folders) == 1 and _YEAR_FOLDER.fullmatch(folders[0]):
        return None
    year = str(story.year) if story is not None else "<năm>"
    if not folders:
        where = "nằm ngay trong stories/, ngoài mọi thư mục năm"
    elif any(char.isdigit() and not char.isascii() for char in folders[0]):
        odd = ", ".join(dict.fromkeys(_digit_name(char) for char in folders[0] if char.isdigit() and not char.isascii()))
        where = f"nằm trong thư mục `{folders[0]}`, viết bằng chữ số không phải chữ số thường 0–9 ({odd})"
    elif _YEAR_FOLDER.fullmatch(folders[0]):
        where = f"nằm trong thư mục con `{'/'.join(folders[1:])}` của stories/{folders[0]}/"
    else:
        where = f"nằm trong thư mục `{'/'.join(folders)}`, không phải thư mục năm"
    return Problem(path.relative_to(root).as_posix(), 1, 1, FILE_NAME,
                   f"tệp truyện {where} nên không được đăng: truyện phải nằm ở stories/<năm>/<tên>.md, "
                   f"hãy chuyển tệp (cùng ảnh của nó) vào stories/{year}/")


_YEAR_FOLDER = re.compile(r"[0-9]{4}")  # ASCII digits only: `٢٠٢٦` or `２０２６` is no year folder


def _digit_name(char: str) -> str:
    name = unicodedata.name(char, "")
    kind = ("chữ số toàn khổ" if name.startswith("FULLWIDTH") else "chữ số Ả Rập" if "ARABIC" in name
            else "chữ số của bảng chữ khác")
    return f"`{char}` là {kind}"


def _looks_like_story(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            start = file.read(8)
    except OSError:
        return False
    return start.removeprefix(b"\xef\xbb\xbf").startswith(b"---")


def _folder_warning(story: Story) -> list[Problem]:
    folder = Path(story.source).parent.name
    if _YEAR_FOLDER.fullmatch(folder) and int(folder) != story.year:
        return [Problem(story.source, *story.position("date"), "date",
                        f"tệp nằm trong thư mục {folder} nhưng ngày đăng thuộc năm {story.year}: hãy chuyển tệp vào stories/{story.year}/",
                        Severity.WARNING)]
    return []


def _claim_rank(story: Story) -> tuple:
    """Who keeps a page address several files claim: the file in its year's folder, named as its
    address, then the first by path. A misplaced or misnamed newcomer never takes an existing page."""
    path = Path(story.source)
    return (path.parent.name != str(story.year), path.stem != story.slug, story.source)


def _unique_pages(stories: list[Story]) -> tuple[list[Story], list[Problem]]:
    """One story per page address; every other claimant is an error, and the keeper is told why."""
    claims: dict[str, list[Story]] = {}
    problems: list[Problem] = []
    for story in sorted(stories, key=_claim_rank):
        if is_list_page_name(story.slug):
            problems.append(Problem(
                story.source, 1, 1, FILE_NAME,
                f"tên tệp `{story.slug}` trùng với trang danh sách /cau-chuyen/{story.year}/{'' if story.slug == 'index' else story.slug + '/'}: "
                "hãy đổi tên tệp theo tiêu đề bài",
            ))
            continue
        claims.setdefault(story.page_path, []).append(story)
    kept = []
    for page_path, claimants in claims.items():
        keeper, *others = claimants
        kept.append(keeper)
        address = f"/{page_path[:-3]}/"
        for other in others:
            problems.append(Problem(other.source, 1, 1, FILE_NAME,
                                    f"trùng địa chỉ trang {address} với {_named(keeper.source)}: hãy đổi tên tệp này"
                                    + _twin_hint(other.source, keeper.source)))
            problems.append(Problem(keeper.source, 1, 1, FILE_NAME,
                                    f"tệp {_named(other.source)} cũng dùng địa chỉ trang {address} nên bị bỏ qua; trang này giữ nguyên",
                                    Severity.WARNING))
    return sorted(kept, key=lambda s: s.source), problems


def _named(source: str) -> str:
    """A path as a message shows it, saying when its name is written with combining marks (NFD, as
    a Mac or a zip file may store it): otherwise two such names look the same to the editor."""
    return source if unicodedata.is_normalized("NFC", source) else f"{source} (tên tệp viết bằng dấu tổ hợp)"


def _twin_hint(source: str, other: str) -> str:
    if source != other and unicodedata.normalize("NFC", source) == unicodedata.normalize("NFC", other):
        decomposed = source if not unicodedata.is_normalized("NFC", source) else other
        return (f" (hai tên trông giống hệt nhau: {decomposed} là tên tệp viết bằng dấu tổ hợp; hãy xóa một tệp, hoặc "
                "gõ lại tên tệp trên máy Windows)")
    return ""


def _same_person_warnings(stories: list[Story]) -> list[Problem]:
    """Warn when two stories in one year look like the same person only because the names match.

    Stories that share an explicit ``person.id`` are a deliberate follow-up and get no warning.
    """
    warnings = []
    for group in same_person_groups(stories):
        by_year: dict[int, list[Story]] = {}
        for story in group:
            by_year.setdefault(story.year, []).append(story)
        for year, same_year in sorted(by_year.items()):
            ids = {story.person.id for story in same_year}
            if len(same_year) < 2 or (len(ids) == 1 and "" not in ids):
                continue
            ordered = sorted(same_year, key=lambda s: s.source)
            for story in ordered[1:]:
                warnings.append(Problem(
                    story.source, *story.position("person.name"), "person.name",
                    f"“{story.person.name}” đã được giới thiệu trong năm {year} ở {ordered[0].source}: "
                    "nếu là cùng một người, thêm cùng `person.id` cho cả hai truyện; nếu khác người, đặt `person.id` khác nhau",
                    Severity.WARNING,
                ))
    return warnings


def featured_warnings(stories: list[Story], plan: Plan) -> list[Problem]:
    """Name every story that would put more than ``plan.featured_max`` stories first on the home
    page on one day: on its own date, the stories already featured then are the plan's limit.

    The home page shows the newest ``featured_max`` of them; the others wait for a place.
    """
    featured = sorted((s for s in stories if s.featured_until is not None and not s.draft),
                      key=lambda s: (s.date, s.source))
    warnings = []
    for index, story in enumerate(featured):
        if not story.featured_on(story.date):
            continue
        alongside = [other for other in featured[:index] if other.featured_on(story.date)]
        if len(alongside) >= plan.featured_max:
            names = ", ".join(other.source for other in alongside)
            warnings.append(Problem(
                story.source, *story.position("featured_until"), "featured_until",
                f"ngày {story.date.day}/{story.date.month}/{story.date.year} đã có {len(alongside)} bài được đặt lên đầu trang chủ "
                f"({names}), tối đa {plan.featured_max} bài cùng lúc (featured_max trong tệp kế hoạch): "
                "hãy bỏ featured_until ở một bài hoặc rút ngắn thời gian",
                Severity.WARNING,
            ))
    return warnings
