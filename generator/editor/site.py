"""The files of ``/quan-tri/``: the page, its generated ``config.yml``, our script, Decap CMS and js-yaml with their licences.

Decap CMS and js-yaml come from the repository's ``node_modules/`` (``make node_modules`` installs
the exact versions of ``package.json``); the site serves them itself, so that the editor's browser
loads nothing from a CDN.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .. import videos
from ..cache import GZIP, Store
from ..reading.plan import Plan
from . import config as cms
from .precompress import gzip_copy, wants_copy
from .rules import form_rules
from .settings import LOCAL_PORT, EditorSettings

FOLDER = "quan-tri"
STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
PORT_VARIABLE = "NTTV_EDITOR_PORT"  # the local backend's port, for `make edit` and the tests


@dataclass(frozen=True)
class SiteFile:
    """One file of the editor: ``data`` to write, or ``source`` to copy."""

    path: str
    data: bytes | None = None
    source: Path | None = None


class EditorMissing(Exception):
    """Decap CMS is not installed: the message says how to install it."""


# The editor's own build of Decap CMS (scripts/decap/entry.js), which `make node_modules` writes.
DECAP_BUILD = Path(".nttv") / "decap-cms.js"


def node_modules(root: Path) -> Path:
    """The ``node_modules`` holding Decap CMS: the site's own, else the one beside this package's checkout."""
    for candidate in (root / "node_modules", Path(__file__).resolve().parents[2] / "node_modules"):
        if (candidate / DECAP_BUILD).is_file():
            return candidate
    raise EditorMissing("chưa cài Decap CMS (thư mục node_modules/): chạy `make node_modules` (cần node và npm); "
                        "trang /quan-tri/ không được dựng, phần còn lại của trang vẫn dựng bình thường")


def local_port() -> int:
    value = os.environ.get(PORT_VARIABLE, "").strip()
    return int(value) if value.isdigit() else LOCAL_PORT


def editor_files(root: Path, plan: Plan, settings: EditorSettings) -> list[SiteFile]:
    """Every file of ``/quan-tri/``, in a stable order. Raises ``EditorMissing`` without ``node_modules``."""
    modules = node_modules(root)
    decap = modules / DECAP_BUILD
    config = cms.cms_config(plan, settings, local_port(), root)
    files = [
        SiteFile(f"{FOLDER}/index.html", _page(plan, settings).encode("utf-8")),
        SiteFile(f"{FOLDER}/config.yml", cms.render_config(config).encode("utf-8")),
        SiteFile(f"{FOLDER}/nttv-rules.js", source=STATIC / "nttv-rules.js"),
        SiteFile(f"{FOLDER}/nttv-cms.js", source=STATIC / "nttv-cms.js"),
        SiteFile(f"{FOLDER}/nttv-preview.css", source=STATIC / "nttv-preview.css"),
        SiteFile(f"{FOLDER}/nttv-editor.css", source=STATIC / "nttv-editor.css"),
        SiteFile(f"{FOLDER}/decap/LICENSE.txt", source=modules / "decap-cms-locales" / "LICENSE"),
        SiteFile(f"{FOLDER}/decap/decap-cms.js", source=decap),
        SiteFile(f"{FOLDER}/decap/decap-cms.js.LICENSE.txt", source=decap.with_name("decap-cms.js.LICENSE.txt")),
        SiteFile(f"{FOLDER}/js-yaml/js-yaml.min.js", source=modules / "js-yaml" / "dist" / "js-yaml.min.js"),
        SiteFile(f"{FOLDER}/js-yaml/LICENSE", source=modules / "js-yaml" / "LICENSE"),
        # The `yaml` package, one script made by `make node_modules` (scripts/decap/yaml-entry.js): a saved
        # story keeps its comments and layout.
        SiteFile(f"{FOLDER}/yaml/yaml.js", source=decap.with_name("yaml.js")),
        SiteFile(f"{FOLDER}/yaml/LICENSE", source=modules / "yaml" / "LICENSE"),
    ]
    return files + _gzip_copies(files, Store(modules / GZIP.path, GZIP))


def _gzip_copies(files: list[SiteFile], cache: Store) -> list[SiteFile]:
    """A ``.gz`` beside each text file worth compressing: nginx with ``gzip_static on`` sends it as it is,
    instead of compressing 3 MB of Decap CMS for every editor who opens the page."""
    copies = []
    for item in files:
        data = item.data if item.data is not None else item.source.read_bytes()
        if wants_copy(item.path, len(data)):
            copies.append(SiteFile(item.path + ".gz", gzip_copy(data, cache if item.data is None else None)))
    return copies


HOST_NAMES = {"github": "GitHub", "gitlab": "GitLab", "gitea": "Gitea", "forgejo": "Forgejo"}


def host_name(settings: EditorSettings) -> str:
    """The name of the site editors sign in with, as they know it (Codeberg is a Forgejo server)."""
    if any("codeberg.org" in value for _, value in settings.options):
        return "Codeberg"
    return HOST_NAMES[settings.backend]


def _page(plan: Plan, settings: EditorSettings) -> str:
    data = {
        "layout": cms.layout(),
        "format": cms.FORMAT,
        "slug_key": cms.SLUG_KEY,
        "year_key": cms.YEAR_KEY,
        "lead_key": cms.LEAD_KEY,
        "rest_key": cms.REST_KEY,
        "story_collections": list(cms.COLLECTIONS.values()),
        "register": cms.register_layout(),
        "activities": cms.activities_layout(),
        "preview_style": "nttv-preview.css",
        "kinds": {cms.COLLECTIONS[kind]: data.label for kind, data in plan.kinds.items() if kind in cms.COLLECTIONS},
        "chapters": {chapter.id: chapter.name for chapter in plan.chapters},
        # What the preview needs to show a video line as its poster, as the build does (generator.videos).
        "videos": {"youtube_hosts": sorted(videos.YOUTUBE_HOSTS), "facebook_hosts": sorted(videos.FACEBOOK_HOSTS),
                   "scopes": videos.SCOPES, "player_hosts": videos.PLAYER_HOSTS,
                   "scope_labels": {scope: plan.label("channel", scope) for scope in sorted(set(videos.SCOPES.values()))},
                   "broadcasters": [{"name": b.name, "hosts": list(b.hosts)} for b in plan.broadcasters]},
        # Phrases Decap's own Vietnamese leaves in English (decap-cms-locales 3.8), added to it in the browser.
        # The checks of nttv check the form makes before a save (rules.py), and the key naming each field's.
        "rules": form_rules(plan, {name: kind for kind, name in cms.COLLECTIONS.items()}),
        "rule_key": cms.RULE_KEY,
        "source_key": cms.SOURCE_KEY,
        "phrases": json.loads((STATIC / "vi.json").read_text(encoding="utf-8")),
    }
    # `</` cannot end the script element early once written as `<\/`.
    settings_json = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    # The site's icon (Material's own without one in the plan): otherwise the browser asks for /favicon.ico,
    # which `make edit` logs as a 404 warning every time the form is opened.
    icon = "../" + (plan.organisation.favicon or cms.MATERIAL_FAVICON)
    return _templates().get_template("index.html").render(site_name=plan.name, icon=icon, host=host_name(settings),
                                                          settings_json=settings_json)


@functools.cache
def _templates() -> jinja2.Environment:
    """The editor's own templates (``templates/``): autoescaped, an unknown name an error."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
