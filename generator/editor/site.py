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
from ..cache import GZIP, Store
from ..reading.plan import Plan
from . import config as cms
from .precompress import gzip_copy, wants_copy
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


def _signin_help(plan: Plan, settings: EditorSettings) -> str:
    """What shows at once, before Decap CMS has arrived, and stays under Decap's sign-in button: what to do
    when signing in fails, in words an editor uses. SIGNIN_SCRIPT (below) tells the states apart."""
    host = html.escape(host_name(settings))
    return f"""<section id="nttv-signin" aria-labelledby="nttv-signin-help">
<div id="nttv-wait">
<h1>Viết bài – {html.escape(plan.name)}</h1>
<p role="status">Đang mở trang viết bài… Lần đầu trên điện thoại có thể mất một lúc; những lần sau nhanh hơn.</p>
</div>
<h2 id="nttv-signin-help">Không đăng nhập được?</h2>
<ul>
<li>Kiểm tra mạng, rồi bấm nút đăng nhập lại. Nếu máy hỏi có cho trang này mở cửa sổ mới không, hãy chọn cho phép.</li>
<li>Đăng nhập bằng tài khoản {host} mà người quản trị đã thêm vào nhóm viết bài. Chưa có tài khoản, hoặc vừa đổi tài khoản: nhắn người quản trị.</li>
<li>Vẫn không được: chụp màn hình và gửi người quản trị, kèm giờ bạn thử.</li>
</ul>
</section>"""


# Before Decap shows anything the whole light screen is seen; on Decap's sign-in page only the help, fixed at
# the bottom; once signed in, nothing. A timer, not a MutationObserver: Decap's form changes the page at
# every key press, and nothing here needs to be quicker than half a second.
SIGNIN_STYLE = """#nttv-signin { font: 16px/1.5 system-ui, sans-serif; color: #1f1f1f; max-width: 36rem;
  margin: 0 auto; padding: 1rem; box-sizing: border-box; }
#nttv-signin h1 { font-size: 1.35rem; line-height: 1.3; margin: 0.5rem 0; }
#nttv-signin h2 { font-size: 1rem; font-weight: 600; margin: 1rem 0 0.25rem; }
#nttv-signin ul { margin: 0; padding-left: 1.2rem; }
html[data-nttv-screen="sign-in"] #nttv-signin { position: fixed; left: 0; right: 0; bottom: 0; z-index: 1000;
  max-width: none; max-height: 40vh; overflow: auto; background: #fff; border-top: 1px solid #ccc;
  font-size: 14px; padding: 0.5rem 1rem; }
html[data-nttv-screen="sign-in"] #nttv-signin h2 { margin-top: 0; }
html[data-nttv-screen="sign-in"] #nttv-signin > * { max-width: 40rem; margin-left: auto; margin-right: auto; }
html[data-nttv-screen="sign-in"] #nttv-wait, html[data-nttv-screen="app"] #nttv-signin { display: none; }"""

SIGNIN_SCRIPT = """(function () {
  function screen() {
    var app = document.getElementById("nc-root");
    if (!app || !app.firstElementChild) return "loading";
    var buttons = app.getElementsByTagName("button");
    for (var i = 0; i < buttons.length; i++) if (buttons[i].textContent.indexOf("Đăng nhập") >= 0) return "sign-in";
    return "app";
  }
  function update() { document.documentElement.setAttribute("data-nttv-screen", screen()); }
  update();
  setInterval(update, 500);
})();"""


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
    title = html.escape(f"Viết bài – {plan.name}")
    # The site's icon (Material's own without one in the plan): otherwise the browser asks for /favicon.ico,
    # which `make edit` logs as a 404 warning every time the form is opened.
    icon = html.escape("../" + (plan.organisation.favicon or cms.MATERIAL_FAVICON))
    # Decap asks for config.yml only once it has run (seconds on a phone): asked for at once, it is there by then.
    preloads = '<link rel="preload" href="config.yml" as="fetch" crossorigin="anonymous">'
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
<style>{SIGNIN_STYLE}</style>
{preloads}
</head>
<body>
<noscript>Trang viết bài cần JavaScript.</noscript>
{_signin_help(plan, settings)}
<script>{SIGNIN_SCRIPT}</script>
<script type="application/json" id="nttv-editor">{settings_json}</script>
<script src="decap/decap-cms.js"></script>
<script src="js-yaml/js-yaml.min.js"></script>
<script src="yaml/yaml.js"></script>
<script src="nttv-rules.js"></script>
<script src="nttv-cms.js"></script>
</body>
</html>
"""
