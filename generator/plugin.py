"""The MkDocs adapter: a few lines per hook over the engine-independent core."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import os
import threading
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils.meta import YAML_RE as FRONT_MATTER

from . import urls
from .build import Build, build_site, data_files, site_files, theme_extra
from .cache import Caches, Store
from .media.assets import is_image, served_image
from .rendering.leftovers import prune_kits, prune_site
from .dates import today
from .markup import put_back_html, set_aside_html
from .editor.settings import load_settings
from .editor.site import EditorMissing, editor_files
from .reading.plan import Plan, load_plan
from .problems import NttvError, Problem, shown_path
from .rendering.search import index_site

PLUGIN_NAME = "nttv"
log = get_plugin_logger(PLUGIN_NAME)


class NttvConfig(base.Config):
    plan = opt.Type(str, default="content/plan.yml")
    stories = opt.Type(str, default="stories")


class NttvPlugin(BasePlugin[NttvConfig]):
    preview = False
    dirty = False
    root: Path
    plan_data: Plan
    result: Build | None = None
    written: set[str] = set()

    def __init__(self):
        super().__init__()
        # Generated HTML kept out of MkDocs's Markdown pass, by page, until the page's HTML is back.
        self.set_aside: dict[str, tuple[str, tuple[str, ...]]] = {}
        self.built: dict[str, bytes] = {}
        # The front matter of generated pages, read by the core: MkDocs need not read its YAML again.
        self.metas: dict[str, dict] = {}

    def on_startup(self, *, command, dirty):
        self.preview = command == "serve"
        self.dirty = dirty

    def on_config(self, config):
        self.root = Path(config.config_file_path).resolve().parent
        try:
            self.plan_data = load_plan(self.root / self.config.plan)
        except NttvError as exc:
            raise PluginError(str(exc)) from None
        if self.preview:
            # `mkdocs serve` points site_url at the local address; posts and previews keep the public one.
            public = _one_site_url(None if self.plan_data.site_url else config.site_url, self.plan_data, self.config.plan)
        else:
            public = config.site_url = _one_site_url(config.site_url, self.plan_data, self.config.plan)
        self.plan_data = dataclasses.replace(self.plan_data, site_url=public)
        if not config.use_directory_urls:
            raise PluginError("nttv: use_directory_urls trong mkdocs.yml phải để true (địa chỉ truyện có dạng /cau-chuyen/<năm>/<tên>/)")
        config.extra["nttv"] = theme_extra(self.plan_data)
        if self.plan_data.organisation.favicon:
            config.theme["favicon"] = self.plan_data.organisation.favicon
        try:
            _date_build_by_today()
        except NttvError as exc:
            raise PluginError(str(exc)) from None
        return config

    def on_files(self, files: Files, config):
        self.page_errors: list[Problem] = []  # problems of content/ and theme images, beside the stories'
        try:
            self.result = build_site(self.root, self.plan_data, self.root / self.config.stories, today(), self.preview,
                                     _caches(self.root))
        except NttvError as exc:
            raise PluginError(str(exc)) from None
        for problem in self.result.problems:
            # WARNING makes `mkdocs build --strict` fail; a plain build skips only the bad story.
            (log.warning if problem.is_error else log.info)(str(problem))
        for data_file in data_files(self.root / self.config.plan, self.plan_data):
            found = files.get_file_from_path(_relative_to(data_file, Path(config.docs_dir)))
            if found is not None:
                files.remove(found)
        self.built = {}
        self.metas = {}
        for item in site_files(self.result, self.plan_data):
            written = files.get_file_from_path(item.path) if isinstance(item.content, str) else None
            if written is not None:
                # The home page is made from the plan: a hand-written one would silently lose its stories.
                log.warning(f"{Path(config.docs_dir).name}/{item.path}: trang này do nttv tạo ra (trang chủ lấy lời giới thiệu từ "
                            f"movement.intro trong {self.config.plan}); tệp viết tay bị bỏ qua: hãy xóa tệp hoặc đổi tên")
                files.remove(written)
            inclusion = InclusionLevel.INCLUDED if item.in_nav else InclusionLevel.NOT_IN_NAV
            generated = _GeneratedFile.generated(config, item.path, content=item.content, inclusion=inclusion)
            digest = hashlib.sha1(item.content.encode("utf-8") if isinstance(item.content, str) else item.content).digest()
            generated.unchanged = self.dirty and _BUILT.get(generated.abs_dest_path) == digest
            self.built[generated.abs_dest_path] = digest
            files.append(generated)
            if item.meta is not None:
                self.metas[generated.src_uri] = item.meta
        config.extra["nttv"] = theme_extra(self.plan_data, self.result)
        self._serve_images_clean(files)
        self._add_editor(files, config)
        return files

    def on_env(self, env, config, files: Files):
        # Every file this build writes, known once all plugins have added theirs.
        self.written = {file.dest_uri for file in files if not file.inclusion.is_excluded()}
        return env

    def _serve_images_clean(self, files: Files) -> None:
        """Every image of content/ and the theme is served without its metadata, or not at all."""
        for file in [f for f in files if f.generated_by is None and f.abs_src_path and is_image(f.src_uri)]:
            served = served_image(Path(file.abs_src_path), shown_path(Path(file.abs_src_path), self.root))
            for problem in served.problems:
                (log.warning if problem.is_error else log.info)(str(problem))
            self.page_errors.extend(problem for problem in served.problems if problem.is_error)
            if served.data is None:
                files.remove(file)
            else:
                file.content_bytes = served.data

    def on_page_read_source(self, page, config):
        """A generated page whose front matter the core has read: its text with an empty front
        matter, the core's reading put back in ``on_page_markdown`` (YAML was a tenth of a build)."""
        if page.file.src_uri not in self.metas or page.file.generated_by != PLUGIN_NAME:
            return None
        text = page.file.content_string
        front = FRONT_MATTER.match(text)
        return None if front is None else "---\n{}\n---\n" + text[front.end():]

    def on_page_markdown(self, markdown, page, config, files):
        if page.file.generated_by != PLUGIN_NAME:
            return markdown
        if page.file.src_uri in self.metas:
            page.meta = dict(self.metas[page.file.src_uri])
        key = hashlib.sha1(page.file.src_uri.encode("utf-8")).hexdigest()[:12]
        markdown, blocks = set_aside_html(markdown, key)
        self.set_aside[page.file.src_uri] = (key, blocks)
        return markdown

    def on_page_content(self, html, page, config, files):
        key, blocks = self.set_aside.pop(page.file.src_uri, ("", ()))
        if not blocks:
            return html
        restored = put_back_html(html, key, blocks)
        if restored is None:
            raise PluginError(f"nttv: trang {page.file.src_uri}: không ghép lại được phần HTML đã tạo (lỗi của nttv, hãy báo lại)")
        return restored

    def _add_editor(self, files: Files, config) -> None:
        """The web editor at /quan-tri/; without Decap CMS installed the rest of the site still builds."""
        try:
            settings = load_settings(self.root / self.config.plan)
        except NttvError as exc:
            raise PluginError(str(exc)) from None
        try:
            editor = editor_files(self.root, self.plan_data, settings)
        except EditorMissing as exc:
            log.warning(f"/quan-tri/: {exc}")
            return
        for item in editor:
            files.append(File.generated(config, item.path, content=item.data) if item.data is not None
                         else File.generated(config, item.path, abs_src_path=str(item.source)))

    def on_serve(self, server, config, builder):
        server.watch(str(self.root / self.config.stories))
        server.watch(str(self.root / self.config.plan))
        for data in (self.plan_data.register, self.plan_data.activities):
            if data is not None and data.is_file():
                server.watch(str(data))
        return server

    def on_post_build(self, config):
        _BUILT.clear()
        _BUILT.update(self.built)
        if self.result is not None:
            log.info(f"Chuyên mục: {self.result.summary}")
            cards = self.result.cards
            log.info(f"Ảnh chia sẻ: {cards.made} ảnh mới tạo, {cards.reused} ảnh lấy lại từ bộ nhớ đệm")
            log.info(f"Ảnh: {self.result.photo_stats}")
            # Before indexing: a page left from an earlier --dirty build must not be found by search.
            _remove_leftovers(self.result, Path(config.site_dir), self.written, self.root)
            if config.strict:
                _stop_strict_build([*self.result.problems, *self.page_errors])
        site, cache = Path(config.site_dir), _caches(self.root).search
        if self.preview and _INDEXER.started:
            # A save under `mkdocs serve`: the page is already written; the search index follows
            # behind it instead of holding back the next save.
            _INDEXER.request(site, cache)
            return
        try:
            run = index_site(site, cache)
        except NttvError as exc:
            raise PluginError(str(exc)) from None
        log.info(f"Tìm kiếm: {run}")
        if self.preview:
            _INDEXER.started = True


def _remove_leftovers(result: Build, site_dir: Path, written: set[str], root: Path) -> None:
    """A `--dirty` build keeps what earlier builds wrote: remove the story files this one did not
    write (a withdrawn story's page, photos and share image), and the share kits no longer allowed."""
    # Without the list of what this build wrote (a build that stopped early), nothing is removed.
    removed = prune_site(site_dir, written) if written else 0
    kits = prune_kits(result.collection, root / "share", today())
    pruned = result.pruned
    if removed or kits or pruned.photos or pruned.cards:
        log.info(f"Đã xóa những gì không còn được đăng: {removed} tệp trong {site_dir.name}/, "
                 f"{pruned.photos} ảnh và {pruned.cards} ảnh chia sẻ trong bộ nhớ đệm, {len(kits)} bộ bài đăng trong share/")


def _stop_strict_build(problems: list[Problem]) -> None:
    """Fail a strict build with errors in stories or images ourselves: MkDocs counts warnings only when they are shown
    (`-q` drops them first, mkdocs/mkdocs#4126), so its own strict check cannot be relied upon."""
    errors = [problem for problem in problems if problem.is_error]
    if not errors:
        return
    if log.isEnabledFor(logging.WARNING):
        where = "các dòng WARNING ở trên"
    else:
        # Nothing was printed: the error is the only place the editor can read what is wrong.
        where = "danh sách dưới đây\n" + "\n".join(f"  {problem}" for problem in errors)
    raise PluginError(f"nttv: {len(errors)} lỗi trong các tệp truyện và ảnh nên bản dựng --strict dừng lại "
                      f"(chạy `nttv check` để xem lại): xem {where}")


class _Indexer:
    """Indexes the preview's site on a thread of its own, once more when asked during a run."""

    def __init__(self):
        self.started = False
        self.lock = threading.Lock()
        self.wanted: tuple[Path, Store] | None = None
        self.thread: threading.Thread | None = None

    def request(self, site: Path, cache: Store) -> None:
        with self.lock:
            self.wanted = (site, cache)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="nttv-search", daemon=True)
                self.thread.start()

    def _run(self) -> None:
        while True:
            with self.lock:
                wanted, self.wanted = self.wanted, None
            if wanted is None:
                return
            try:
                log.info(f"Tìm kiếm: {index_site(*wanted)}")
            except Exception as exc:  # noqa: BLE001 - a preview's search must never stop the server
                log.warning(f"Tìm kiếm: không lập được chỉ mục ({exc})")


_INDEXER = _Indexer()


# What the last build of this process wrote, by output file: `mkdocs serve --dirty` rebuilds with a
# new plugin each time, so the memory of the previous build lives here.
_BUILT: dict[str, bytes] = {}
# The caches of each repository built, with what they keep in memory, for the same reason.
_CACHES: dict[Path, Caches] = {}


def _caches(root: Path) -> Caches:
    if root not in _CACHES:
        _CACHES[root] = Caches(root)
    return _CACHES[root]


def forget_last_build() -> None:
    """Drop the caches' memory of this process's builds: the next build works as a new process would."""
    _CACHES.clear()


class _GeneratedFile(File):
    """A generated page or file that ``--dirty`` skips when its content is the one last written."""

    unchanged = False

    def is_modified(self) -> bool:
        if self.unchanged and os.path.isfile(self.abs_dest_path):
            return False
        return super().is_modified()


def _one_site_url(site_url: str | None, plan: Plan, plan_option: str) -> str:
    """The column's public address has one source: the plan file (or mkdocs.yml), never two that differ."""
    try:
        return urls.public_url(plan.site_url, site_url, plan_option)
    except NttvError as exc:
        raise PluginError(f"nttv: {exc}") from None


def _date_build_by_today() -> None:
    """Date MkDocs's own output (sitemap, its gzip header) by NTTV_TODAY, so a rebuild is byte-identical.

    MkDocs reads SOURCE_DATE_EPOCH (the reproducible-builds convention) and otherwise the clock.
    """
    if os.environ.get("NTTV_TODAY") and not os.environ.get("SOURCE_DATE_EPOCH"):
        midnight = dt.datetime.combine(today(), dt.time(), dt.timezone.utc)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))




def _relative_to(path: Path, folder: Path) -> str:
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return ""
