"""The column's whole site source as plain files, for an engine that runs no MkDocs plugin (Zensical).

``export_site`` writes what the plugin hands MkDocs: the hand-written pages of the docs folder
(without the generator's data files), every file of ``build.site_files`` (generated pages,
processed photos, share images…), the theme's override folder, and a ``mkdocs.yml`` without the
``nttv`` plugin whose navigation and public address are filled in as the plugin fills them in.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import core
from .build import Build, SiteFile, clean_caches, data_files, site_files
from .core import PLAN_OPTION, STORIES_OPTION, Column, prepare
from .media.assets import is_image, served_image
from .problems import NttvError, Problem
from .site_config import CONFIG, PLUGIN, docs_dir, dump_config, plugin_options, read_config, site_url

SEARCH = "search"
# Left in the output folder so that a later run may replace it: never another folder's files.
MARKER = ".nttv-generated"
HEADER = ("# Written by `nttv generate` from the repository's mkdocs.yml, for an engine that runs no\n"
          "# MkDocs plugin. Edit the repository's files and generate again, not this one.\n")


@dataclass(frozen=True)
class Export:
    out: Path
    build: Build
    files: int  # files written, mkdocs.yml included
    problems: tuple[Problem, ...]  # the build's, and those of the hand-written pages' images


def export_site(root: Path, out: Path, today: dt.date, config_name: str = CONFIG,
                plan_option: str = PLAN_OPTION, stories_option: str = STORIES_OPTION, preview: bool = False) -> Export:
    """Build the column from ``root`` and write its site source into ``out`` (replacing an earlier export).

    ``plan_option`` and ``stories_option`` apply when mkdocs.yml's ``nttv`` plugin entry names none;
    ``preview`` shows drafts and future stories, marked, as ``mkdocs serve`` does.
    """
    root = root.resolve()
    config = read_config(root / config_name)
    options = plugin_options(config)
    column = prepare(root, site_url(config), str(options.get("plan", plan_option)), str(options.get("stories", stories_option)),
                     config.get("use_directory_urls") is not False, config_name)
    docs_name = docs_dir(config)
    docs = (root / docs_name).resolve()
    out = out.resolve()
    _prepare(out, root, docs)
    result = core.build(column, today, preview)
    added = site_files(result, column.plan)
    written = 0
    skipped = {path.resolve() for path in data_files(column.plan_path, column.plan)}
    problems: list[Problem] = []
    for source in sorted(docs.rglob("*")):
        if source.is_file() and source.resolve() not in skipped:
            written += _copy(source, out / docs_name / source.relative_to(docs), root, problems)
    for item in added:
        target = out / docs_name / folder_page(item.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(item.content, bytes):
            target.write_bytes(item.content)
        else:
            target.write_text(item.content, encoding="utf-8")
        written += 1
    written += _write_editor(column, out / docs_name, problems)
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if custom and (root / custom).is_dir():
        for source in sorted((root / custom).rglob("*")):
            if source.is_file():
                written += _copy(source, out / custom / source.relative_to(root / custom), root, problems)
    (out / CONFIG).write_text(HEADER + dump_config(_exported_config(config, column, result, added)), encoding="utf-8")
    (out / MARKER).write_text("", encoding="utf-8")
    # The source is written: what no story needs any more leaves the caches, as after a build.
    clean_caches(result, column.plan, today)
    return Export(out, result, written + 1, tuple(sorted(result.problems + tuple(problems))))


def _exported_config(config: dict, column: Column, result: Build, added: tuple[SiteFile, ...]) -> dict:
    """mkdocs.yml without the ``nttv`` plugin, its address, theme extras, favicon and navigation
    filled in as the plugin fills them in for MkDocs."""
    theme = config.get("theme")
    exported = {key: value for key, value in config.items() if key != "plugins"}
    exported["site_url"] = column.plan.site_url
    exported["extra"] = {**(config.get("extra") or {}), "nttv": column.theme_extra(result)}
    if isinstance(theme, dict):
        exported["theme"] = _classic({**theme, "favicon": column.favicon} if column.favicon else theme)
    plugins = _without_plugin(config.get("plugins"))
    if plugins is not None:
        exported["plugins"] = plugins
    if "nav" in config:
        pages = {item.path for item in added if isinstance(item.content, str)}
        exported["nav"] = _folder_pages_in_nav(config["nav"], pages)
        exported["not_in_nav"] = _not_in_nav(config.get("not_in_nav"), added)
    return _in_order(exported, config)


def _classic(theme: dict) -> dict:
    """Zensical's look of Material for MkDocs (coloured header, Roboto), unless mkdocs.yml chose a variant:
    its default, ``modern``, has a white header and other fonts. Material and MkDocs ignore the key."""
    return theme if "variant" in theme else {**theme, "variant": "classic"}


def _write_editor(column: Column, docs: Path, problems: list[Problem]) -> int:
    """The web editor's files under ``quan-tri/``, as the plugin adds them; without Node's packages
    the rest is written and a problem says why the editor is missing (as the plugin warns)."""
    items, missing = core.editor(column)
    if missing is not None:
        problems.append(missing)
    for item in items:
        target = docs / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if item.data is not None:
            target.write_bytes(item.data)
        else:
            shutil.copyfile(item.source, target)
    return len(items)


def folder_page(path: str) -> str:
    """``a/b.md`` as ``a/b/index.md`` (the same address): an engine that reads a page's relative links
    from its source file's folder (Zensical) then finds the page's photos and share image beside it."""
    if not path.endswith(".md") or path == "index.md" or path.endswith("/index.md"):
        return path
    return path[:-3] + "/index.md"


def _folder_pages_in_nav(nav, pages: set[str]):
    if isinstance(nav, list):
        return [_folder_pages_in_nav(item, pages) for item in nav]
    if isinstance(nav, dict):
        return {title: _folder_pages_in_nav(value, pages) for title, value in nav.items()}
    return folder_page(nav) if isinstance(nav, str) and nav in pages else nav


def _not_in_nav(configured, added) -> str:
    """Patterns covering the generated pages left out of the navigation, as the plugin leaves them out
    (by folder: one pattern per story would make the engine match every file against thousands)."""
    patterns = [line for line in str(configured or "").splitlines() if line.strip()]
    for item in added:
        if isinstance(item.content, str) and not item.in_nav:
            folder, _, name = item.path.partition("/")
            pattern = f"/{folder}/" if name else f"/{folder}"
            if pattern not in patterns:
                patterns.append(pattern)
    return "\n".join(patterns) + "\n"


def _prepare(out: Path, root: Path, docs: Path) -> None:
    if out == root or root.is_relative_to(out) or out.is_relative_to(docs):
        raise NttvError(f"{out}: hãy chọn một thư mục riêng cho mã nguồn trang web, ngoài thư mục nội dung và không chứa kho")
    if out.exists():
        if not out.is_dir():
            raise NttvError(f"{out} là một tệp, không phải thư mục")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise NttvError(f"thư mục {out} đã có tệp không do `nttv generate` tạo ra: hãy chọn thư mục trống hoặc chưa có")
        shutil.rmtree(out)
    out.mkdir(parents=True)


def _copy(source: Path, target: Path, root: Path, problems: list[Problem]) -> int:
    """Copy one file (1 written, 0 left out); an image goes as the plugin serves it, without metadata, or not at all."""
    if is_image(source.name):
        shown = source.relative_to(root).as_posix() if source.is_relative_to(root) else source.as_posix()
        served = served_image(source, shown)
        problems.extend(served.problems)
        if served.data is None:
            return 0
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(served.data)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return 1


def _without_plugin(plugins):
    """The plugins but ``nttv``; search off unless mkdocs.yml lists it: the site's search is Pagefind's
    (``nttv search-index``), and Zensical would otherwise add its own index of every page (650 kB)."""
    if plugins is None:
        return None
    kept = [entry for entry in plugins if entry != PLUGIN and not (isinstance(entry, dict) and PLUGIN in entry)]
    if not any(entry == SEARCH or (isinstance(entry, dict) and SEARCH in entry) for entry in kept):
        kept.append({SEARCH: {"enabled": False}})
    return kept


def _in_order(exported: dict, config: dict) -> dict:
    """The keys in mkdocs.yml's order, site_url after site_name when mkdocs.yml has none."""
    keys = list(config)
    if "site_url" not in keys:
        keys.insert(keys.index("site_name") + 1 if "site_name" in keys else 0, "site_url")
    if "not_in_nav" not in keys and "nav" in keys:
        keys.insert(keys.index("nav"), "not_in_nav")
    keys += [key for key in exported if key not in keys]  # added by the export (extra, when mkdocs.yml has none)
    return {key: exported[key] for key in keys if key in exported}
