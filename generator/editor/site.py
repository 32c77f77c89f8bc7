"""The files of ``/quan-tri/``: the page, its generated ``config.yml``, our script, Decap CMS and js-yaml with their licences.

Decap CMS and js-yaml come from the repository's ``node_modules/`` (``make node_modules`` installs
the exact versions of ``package.json``); the site serves them itself, so that the editor's browser
loads nothing from a CDN.
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .. import videos
from ..reading.plan import Plan
from . import config as cms
from .rules import form_rules
from .settings import LOCAL_PORT, EditorSettings

FOLDER = "quan-tri"
STATIC = Path(__file__).parent / "static"
PORT_VARIABLE = "NTTV_EDITOR_PORT"  # the local backend's port, for `make edit` and the tests


@dataclass(frozen=True)
class SiteFile:
    """One file of the editor: ``data`` to write, or ``source`` to copy."""

    path: str
    data: bytes | None = None
    source: Path | None = None


class EditorMissing(Exception):
    """Decap CMS is not installed: the message says how to install it."""


def node_modules(root: Path) -> Path:
    """The ``node_modules`` holding Decap CMS: the site's own, else the one beside this package's checkout."""
    for candidate in (root / "node_modules", Path(__file__).resolve().parents[2] / "node_modules"):
        if (candidate / "decap-cms" / "dist" / "decap-cms.js").is_file():
            return candidate
    raise EditorMissing("chưa cài Decap CMS (thư mục node_modules/): chạy `make node_modules` (cần node và npm); "
                        "trang /quan-tri/ không được dựng, phần còn lại của trang vẫn dựng bình thường")


def local_port() -> int:
    value = os.environ.get(PORT_VARIABLE, "").strip()
    return int(value) if value.isdigit() else LOCAL_PORT


def editor_files(root: Path, plan: Plan, settings: EditorSettings) -> list[SiteFile]:
    """Every file of ``/quan-tri/``, in a stable order. Raises ``EditorMissing`` without ``node_modules``."""
    modules = node_modules(root)
    decap = modules / "decap-cms" / "dist"
    config = cms.cms_config(plan, settings, local_port(), root)
    files = [
        SiteFile(f"{FOLDER}/index.html", _page(plan).encode("utf-8")),
        SiteFile(f"{FOLDER}/config.yml", cms.render_config(config).encode("utf-8")),
        SiteFile(f"{FOLDER}/nttv-rules.js", source=STATIC / "nttv-rules.js"),
        SiteFile(f"{FOLDER}/nttv-cms.js", source=STATIC / "nttv-cms.js"),
        SiteFile(f"{FOLDER}/nttv-preview.css", source=STATIC / "nttv-preview.css"),
        SiteFile(f"{FOLDER}/nttv-editor.css", source=STATIC / "nttv-editor.css"),
        SiteFile(f"{FOLDER}/decap/LICENSE.txt", source=modules / "decap-cms-locales" / "LICENSE"),
        SiteFile(f"{FOLDER}/decap/decap-cms.js.LICENSE.txt", source=decap / "decap-cms.js.LICENSE.txt"),
        SiteFile(f"{FOLDER}/js-yaml/js-yaml.min.js", source=modules / "js-yaml" / "dist" / "js-yaml.min.js"),
        SiteFile(f"{FOLDER}/js-yaml/LICENSE", source=modules / "js-yaml" / "LICENSE"),
        SiteFile(f"{FOLDER}/yaml/LICENSE", source=modules / "yaml" / "LICENSE"),
    ]
    # The `yaml` package's browser build (ES modules): a saved story keeps its comments and layout.
    yaml_dist = modules / "yaml" / "browser" / "dist"
    files += [SiteFile(f"{FOLDER}/yaml/{path.relative_to(yaml_dist).as_posix()}", source=path)
              for path in sorted(yaml_dist.rglob("*.js"))]
    # decap-cms.js loads these parts on demand, from the folder it was itself loaded from.
    files += [SiteFile(f"{FOLDER}/decap/{path.name}", source=path)
              for path in sorted(decap.glob("*decap-cms.js"))]
    return files


MATERIAL_FAVICON = "assets/images/favicon.png"


def _page(plan: Plan) -> str:
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
    title = html.escape(f"Viết bài – {plan.name}")
    # The site's icon (Material's own without one in the plan): otherwise the browser asks for /favicon.ico,
    # which `make edit` logs as a 404 warning every time the form is opened.
    icon = html.escape("../" + (plan.organisation.favicon or MATERIAL_FAVICON))
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<link rel="icon" href="{icon}">
<link rel="stylesheet" href="nttv-editor.css">
<script>window.CMS_MANUAL_INIT = true;</script>
</head>
<body>
<noscript>Trang viết bài cần JavaScript.</noscript>
<script type="application/json" id="nttv-editor">{settings_json}</script>
<script src="decap/decap-cms.js"></script>
<script src="js-yaml/js-yaml.min.js"></script>
<script src="nttv-rules.js"></script>
<script src="nttv-cms.js"></script>
<script type="module">import * as YAML from "./yaml/index.js"; window.nttvYAML = YAML; window.dispatchEvent(new Event("nttv-yaml"));</script>
</body>
</html>
"""
