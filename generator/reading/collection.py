"""All the stories of a repository, read and checked together."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .identity import same_person_groups
from ..media.metadata import EXTENSIONS as PHOTO_EXTENSIONS
from .plan import Plan
from .register import EMPTY_REGISTER, Register, load_register, story_address_warnings
from ..problems import FILE_NAME, NttvError, Problem, Severity
from .story import Story, read_story
from ..urls import is_list_page_name


@dataclass(frozen=True)
class Collection:
    """Stories that passed their checks (any status) and every problem found, sorted by file."""

    stories: tuple[Story, ...]
    problems: tuple[Problem, ...]
    rejected: tuple[str, ...]
    register: Register = EMPTY_REGISTER

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
    """Every Markdown file under ``stories_dir``, in a stable order."""
    return sorted(path for path in stories_dir.rglob("*") if path.is_file() and path.suffix.lower() == ".md")


def stray_files(stories_dir: Path) -> list[Path]:
    """Files under ``stories_dir`` that are neither a story nor a photo (a .docx, a .txt, a PDF)."""
    return sorted(
        path for path in stories_dir.rglob("*")
        if path.is_file() and path.suffix.lower() not in (".md", *PHOTO_EXTENSIONS)
        and not any(part.startswith(".") for part in path.relative_to(stories_dir).parts)
    )


def load_collection(root: Path, plan: Plan, stories_dir: Path, only: list[Path] | None = None) -> Collection:
    """Read every story (or just ``only``) and the plan's unit register, then run the checks that
    need more than one file."""
    if not stories_dir.is_dir():
        raise NttvError(f"không có thư mục truyện {stories_dir}: kiểm tra tùy chọn `stories` của plugin nttv")
    stories: list[Story] = []
    problems: list[Problem] = []
    rejected: list[str] = []
    for path in story_files(stories_dir) if only is None else sorted(only):
        if path.suffix.lower() != ".md":
            # A named `ten-bai.md.txt` is judged as the build sees it: not a story.
            if path.suffix.lower() not in PHOTO_EXTENSIONS:
                problems.append(_stray_warning(path, root))
            continue
        story, found = read_story(path, root, plan)
        problems.extend(found)
        if story is None:
            rejected.append(path.relative_to(root).as_posix())
        else:
            problems.extend(_folder_warning(story))
            stories.append(story)
    if only is None:
        problems.extend(_stray_warning(path, root) for path in stray_files(stories_dir))
    kept, clashes = _unique_pages(stories)
    problems.extend(clashes)
    rejected.extend(problem.path for problem in clashes if problem.is_error)
    problems.extend(_same_person_warnings(kept))
    register = load_register(root, plan)
    problems.extend(register.problems)
    problems.extend(story_address_warnings(register, kept))
    return Collection(tuple(sorted(kept, key=Story.sort_key)), tuple(sorted(problems)), tuple(sorted(rejected)), register)


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


def _looks_like_story(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            start = file.read(8)
    except OSError:
        return False
    return start.removeprefix(b"\xef\xbb\xbf").startswith(b"---")


def _folder_warning(story: Story) -> list[Problem]:
    folder = Path(story.source).parent.name
    if folder.isdigit() and int(folder) != story.year:
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
                                    f"trùng địa chỉ trang {address} với {keeper.source}: hãy đổi tên tệp này"))
            problems.append(Problem(keeper.source, 1, 1, FILE_NAME,
                                    f"tệp {other.source} cũng dùng địa chỉ trang {address} nên bị bỏ qua; trang này giữ nguyên",
                                    Severity.WARNING))
    return sorted(kept, key=lambda s: s.source), problems


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
