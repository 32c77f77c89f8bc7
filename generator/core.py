"""What every engine does around the column's build, the same for each: ``prepare`` before it (the plan,
the public address, the theme's extras and favicon, the web editor's files) and ``after_build`` once
the engine has written the site (the clean-up of what is no longer published; the search index is
``publishing.indexer``'s). The MkDocs plugin and ``nttv generate`` (Zensical's source) are adapters
over these calls; none of them is made twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import dates, urls
from .build import Build, build_site, clean_caches
from .cache import Caches
from .editor.settings import load_settings
from .editor.site import FOLDER as EDITOR_FOLDER, EditorMissing, SiteFile as EditorFile, editor_files
from .problems import WHOLE_FILE, NttvError, Problem, Severity
from .reading.plan import Plan, load_plan
from .rendering.leftovers import Pruned, prune_kits, prune_site

PLAN_OPTION = "content/plan.yml"
STORIES_OPTION = "stories"
SHARE_FOLDER = "share"
EDITOR_PLACE = f"{EDITOR_FOLDER}/"


@dataclass(frozen=True)
class Column:
    """A column ready to build: its repository, its plan (whose ``site_url`` is the public address)
    and where its stories are; ``plan_option`` is the plan as mkdocs.yml names it, for messages."""

    root: Path
    plan: Plan
    plan_option: str
    stories: Path

    @property
    def plan_path(self) -> Path:
        return self.root / self.plan_option

    @property
    def favicon(self) -> str | None:
        """The theme's favicon, the organisation's own when the plan names one."""
        return self.plan.organisation.favicon or None

    def theme_extra(self, build: Build | None = None, today: dt.date | None = None) -> dict:
        """What the theme reads from ``extra.nttv`` of the configuration (``theme_extra``)."""
        return theme_extra(self.plan, build, today)


def theme_extra(plan: Plan, build: Build | None = None, today: dt.date | None = None) -> dict:
    """What the theme's templates read from ``extra.nttv`` of the configuration: the organisation
    of ``today`` (header mark, footer), the site's frame speaking as the body of the build day, and,
    once built, the addresses of the standalone pages the engine does not know as pages (the
    bulletin's quarters), for the sitemap."""
    organisation = plan.organisation_on(today or dates.today())
    extra: dict = {"organisation": {key: value.isoformat() if isinstance(value, dt.date) else value
                                    for key, value in dataclasses.asdict(organisation).items()}}
    if build is not None:
        extra["sitemap"] = [plan.site_url + path.removesuffix("index.html") for path, _ in build.documents
                            if path.endswith("index.html")]
    return extra


def prepare(root: Path, configured_url: str | None, plan_option: str = PLAN_OPTION, stories_option: str = STORIES_OPTION,
            directory_urls: bool = True, config_name: str = "mkdocs.yml", serving: bool = False) -> Column:
    """Read the plan and settle the public address, or say in Vietnamese why the column cannot be built.

    The address has one source: the plan's ``site_url``, or ``configured_url`` (mkdocs.yml's) when the
    plan has none, never two that differ; ``serving`` (a local preview, whose configured address is
    the local server's) ignores the configured one when the plan has its own.
    """
    plan = load_plan(root / plan_option)
    public = urls.public_url(plan.site_url, None if serving and plan.site_url else configured_url, plan_option)
    if not directory_urls:
        raise NttvError(f"use_directory_urls trong {config_name} phải để true (địa chỉ truyện có dạng /cau-chuyen/<năm>/<tên>/)")
    return Column(root, dataclasses.replace(plan, site_url=public), plan_option, root / stories_option)


def build(column: Column, today: dt.date, preview: bool = False, caches: Caches | None = None) -> Build:
    """The column's pages and files (``build.build_site``); ``preview`` shows drafts and future stories.
    ``caches`` are the stores of whoever builds the column again (the repository's, on disk only, if None)."""
    return build_site(column.root, column.plan, column.stories, today, preview, caches)


def editor(column: Column) -> tuple[tuple[EditorFile, ...], Problem | None]:
    """The web editor's files under ``quan-tri/``; without Node's packages none, and a warning saying
    why (the rest of the site still builds). A broken ``editor`` section of the plan stops the run."""
    settings = load_settings(column.plan_path)
    try:
        return tuple(editor_files(column.root, column.plan, settings)), None
    except EditorMissing as exc:
        return (), Problem(EDITOR_PLACE, 1, 1, WHOLE_FILE, str(exc), Severity.WARNING)


def after_build(column: Column, build: Build, today: dt.date, site: Path | None = None,
                written: set[str] | None = None) -> Pruned:
    """Once the engine has written the site: remove what is no longer published. The story files of
    ``site`` that this build did not write (``written``, relative to it: a ``--dirty`` build keeps
    the rest; without the list nothing there is removed), the share kits of stories no longer shared,
    and the cache entries no story needs any more. Never called inside the build."""
    removed = prune_site(site, written) if site is not None and written else 0
    kits = prune_kits(build.collection, column.root / SHARE_FOLDER, today)
    cleaned = clean_caches(build, column.plan, today)
    return dataclasses.replace(cleaned, site_files=removed, kits=kits)


def build_notes(build: Build) -> tuple[str, ...]:
    """What a build says it did, a line each for the log: the stories, the share images, the photos."""
    return (f"Chuyên mục: {build.summary}",
            f"Ảnh chia sẻ: {build.cards.made} ảnh mới tạo, {build.cards.reused} ảnh lấy lại từ bộ nhớ đệm",
            f"Ảnh: {build.photo_stats}")


def removal_note(pruned: Pruned, site_name: str) -> str | None:
    """What a clean-up removed, in a sentence for the build's log; None when it removed nothing."""
    if not (pruned.site_files or pruned.kits or pruned.photos or pruned.cards):
        return None
    return (f"Đã xóa những gì không còn được đăng: {pruned.site_files} tệp trong {site_name}/, "
            f"{pruned.photos} ảnh và {pruned.cards} ảnh chia sẻ trong bộ nhớ đệm, {len(pruned.kits)} bộ bài đăng trong share/")
