"""The MkDocs adapter: each hook translates MkDocs's event into a call of the core (``core``,
``build``, ``publishing.indexer``) or of ``mkdocs_adapter``, and reports the problems it returns."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files

from . import core
from .build import Build, data_files, site_files
from .cache import Caches
from .dates import today
from .mkdocs_adapter.files import (add_editor_files, add_site_files, remove_data_files, serve_images_clean,
                                   without_front_matter)
from .mkdocs_adapter.run import date_output_by_today, strict_failure
from .mkdocs_adapter.set_aside import SetAside
from .problems import NttvError, Problem
from .publishing.indexer import SearchIndexer

PLUGIN_NAME = "nttv"
log = get_plugin_logger(PLUGIN_NAME)


class NttvConfig(base.Config):
    plan = opt.Type(str, default=core.PLAN_OPTION)
    stories = opt.Type(str, default=core.STORIES_OPTION)


class NttvPlugin(BasePlugin[NttvConfig]):
    """Kept by MkDocs between the builds of one ``mkdocs serve`` (it has ``on_startup``): what one
    build hands the next (the files it wrote, the search indexer) lives here."""

    def __init__(self):
        super().__init__()
        self.preview = self.dirty = False
        self.column: core.Column | None = None
        self.result: Build | None = None
        self.page_errors: list[Problem] = []  # problems of content/ and theme images, beside the stories'
        self.metas: dict[str, dict] = {}  # the front matter of generated pages, read by the core
        self.aside = SetAside()
        self.digests: dict[str, bytes] = {}  # what this build writes, by output file
        self.last_written: dict[str, bytes] = {}  # what the build before wrote: `--dirty` skips what is unchanged
        self.written: set[str] = set()
        self.indexer = SearchIndexer(False, log.info, log.warning)
        # The stores of each repository built, kept between the builds of `mkdocs serve` (MkDocs keeps a
        # plugin with `on_startup` from one build to the next).
        self.stores: dict[Path, Caches] = {}

    def on_startup(self, *, command, dirty):
        self.preview, self.dirty = command == "serve", dirty
        self.indexer = SearchIndexer(self.preview, log.info, log.warning)

    def on_config(self, config):
        with _stopping():
            # `mkdocs serve` points site_url at the local address; posts and previews keep the public one.
            self.column = core.prepare(Path(config.config_file_path).resolve().parent, config.site_url, self.config.plan,
                                       self.config.stories, config.use_directory_urls, serving=self.preview)
            date_output_by_today()
        if not self.preview:
            config.site_url = self.column.plan.site_url
        config.extra["nttv"] = self.column.theme_extra()
        if self.column.favicon:
            config.theme["favicon"] = self.column.favicon
        return config

    def on_files(self, files: Files, config):
        column, self.written = self.column, set()
        with _stopping():
            self.result = core.build(column, today(), self.preview, self._caches())
        _report(self.result.problems)
        remove_data_files(files, data_files(column.plan_path, column.plan), Path(config.docs_dir))
        added = add_site_files(files, config, site_files(self.result, column.plan), self.last_written if self.dirty else None)
        for path in added.replaced:
            log.warning(f"{Path(config.docs_dir).name}/{path}: trang này do nttv tạo ra (trang chủ lấy lời giới thiệu từ "
                        f"movement.intro trong {self.config.plan}); tệp viết tay bị bỏ qua: hãy xóa tệp hoặc đổi tên")
        self.digests, self.metas = added.digests, added.metas
        config.extra["nttv"] = column.theme_extra(self.result)
        images = serve_images_clean(files, column.root)
        _report(images)
        self.page_errors = [problem for problem in images if problem.is_error]
        with _stopping():
            editor, missing = core.editor(column)
        if missing is not None:
            log.warning(f"/{missing.path}: {missing.message}")
        add_editor_files(files, config, editor)
        return files

    def on_env(self, env, config, files: Files):
        # Every file this build writes, known once all plugins have added theirs.
        self.written = {file.dest_uri for file in files if not file.inclusion.is_excluded()}
        return env

    def on_page_read_source(self, page, config):
        if page.file.src_uri not in self.metas or page.file.generated_by != PLUGIN_NAME:
            return None
        return without_front_matter(page.file.content_string)

    def on_page_markdown(self, markdown, page, config, files):
        if page.file.generated_by != PLUGIN_NAME:
            return markdown
        if page.file.src_uri in self.metas:
            page.meta = dict(self.metas[page.file.src_uri])
        return self.aside.take(page.file.src_uri, markdown)

    def on_page_content(self, html, page, config, files):
        restored = self.aside.put_back(page.file.src_uri, html)
        if restored is None:
            raise PluginError(f"nttv: trang {page.file.src_uri}: không ghép lại được phần HTML đã tạo (lỗi của nttv, hãy báo lại)")
        return restored

    def on_serve(self, server, config, builder):
        for path in (self.column.stories, self.column.plan_path):
            server.watch(str(path))
        for data in (self.column.plan.register, self.column.plan.activities):
            if data is not None and data.is_file():
                server.watch(str(data))
        return server

    def on_post_build(self, config):
        self.last_written = self.digests
        site = Path(config.site_dir)
        if self.result is not None:
            for note in core.build_notes(self.result):
                log.info(note)
            # Before indexing: a page left from an earlier --dirty build must not be found by search.
            removed = core.removal_note(core.after_build(self.column, self.result, today(), site, self.written), site.name)
            if removed:
                log.info(removed)
            failure = strict_failure([*self.result.problems, *self.page_errors], log.isEnabledFor(logging.WARNING))
            if config.strict and failure:
                raise PluginError(failure)
        with _stopping():
            run = self.indexer.index(site, self._caches().search)
        if run is not None:
            log.info(f"Tìm kiếm: {run}")

    def _caches(self) -> Caches:
        root = self.column.root
        if root not in self.stores:
            self.stores[root] = Caches(root)
        return self.stores[root]


@contextlib.contextmanager
def _stopping():
    """The core's error, said in Vietnamese, stops MkDocs."""
    try:
        yield
    except NttvError as exc:
        raise PluginError(f"nttv: {exc}") from None


def _report(problems) -> None:
    # WARNING makes `mkdocs build --strict` fail; a plain build skips only the bad story.
    for problem in problems:
        (log.warning if problem.is_error else log.info)(str(problem))
