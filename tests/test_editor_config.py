"""The editor's config.yml is made from the plan; the editor block is checked; node missing is said clearly."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest
import yaml

from conftest import REPO, repo_plan

from generator.editor import config as cms
from generator.editor.local import decap_server_command
from generator.editor.settings import EditorSettings, load_settings
from generator.editor.site import EditorMissing, editor_files
from generator.problems import NttvError
from generator.reading.fields import STORY_FIELDS, hint, story_field
from generator.editor.scope import scope_of
from generator.reading.activities import ACTIVITY_KEYS
from generator.reading.register import UNIT_KEYS, YEAR_KEYS
from generator.reading.story import UNIT_TYPES
from generator.reading.template import render_story_template

PLAN = repo_plan()
SETTINGS = load_settings(REPO / "content" / "plan.yml")


def built_config(settings: EditorSettings = SETTINGS) -> dict:
    return yaml.safe_load(cms.render_config(cms.cms_config(PLAN, settings, 8081)))


def collection(kind: str) -> dict:
    return next(c for c in built_config()["collections"] if c["name"] == cms.COLLECTIONS[kind])


def widget(fields: list[dict], path: str) -> dict:
    head, _, rest = path.partition(".")
    field = next(f for f in fields if f["name"] == head)
    return widget(field["fields"], rest) if rest else field


def test_every_chapter_is_an_option_with_its_active_dates():
    options = widget(collection("individual")["fields"], "chapter")["options"]
    assert [o["value"] for o in options] == [c.id for c in PLAN.chapters]
    labels = {o["value"]: o["label"] for o in options}
    assert labels["binh-xuyen"] == "Hội Chữ thập đỏ huyện Bình Xuyên (1/1/2022 – 30/6/2025)"
    assert labels["tinh"] == "Hội Chữ thập đỏ tỉnh Phú Thọ (từ 1/1/2022, đang hoạt động)"


@pytest.mark.parametrize("kind", ["individual", "collective"])
def test_each_kind_has_its_own_criteria_and_label(kind):
    chosen = collection(kind)
    assert chosen["label"] == f"{PLAN.kinds[kind].label} ({PLAN.kinds[kind].noun})"
    assert chosen["filter"] == {"field": "kind", "value": kind}
    criteria = widget(chosen["fields"], "criteria")
    assert [o["value"] for o in criteria["options"]] == list(PLAN.kinds[kind].criterion_ids)
    assert [o["label"] for o in criteria["options"]] == [c.label for c in PLAN.kinds[kind].criteria]
    assert widget(chosen["fields"], "kind") == {"name": "kind", "label": "Loại gương", "required": True,
                                                "widget": "hidden", "default": kind}


@pytest.mark.parametrize("path, group", [
    ("support", "support"), ("unit_type", "unit_type"), ("published_on", "channel"),
    ("consent.scope", "channel"), ("honours.level", "honour_level"),
])
def test_choices_carry_the_plans_vietnamese_labels(path, group):
    options = widget(collection("individual")["fields"], path)["options"]
    assert all(o["label"] == PLAN.label(group, o["value"]) for o in options)


@pytest.mark.parametrize("path", ["title", "person.role", "deed", "consent.guardian", "photos.alt", "withdrawn"])
def test_a_fields_hint_is_the_comment_nttv_new_writes(path):
    note = hint(story_field(path), PLAN, "individual")
    assert widget(collection("individual")["fields"], path)["hint"] == note
    template = render_story_template(PLAN, "individual", PLAN.chapter("tinh"), "A", "B", __import__("datetime").date(2026, 5, 8), "x.md")
    assert f"# {note}" in template


# What an editor must never read in the form: the file's keys and syntax, tools, English codes of the plan.
FILE_WORDS = re.compile(r"stories/|\.md\b|<!--|YYYY|pull request|nttv|person\.|anonymised|\b(" + "|".join(
    re.escape(code) for code in (*UNIT_TYPES, "material", "spiritual", "labour", "website", "print", "broadcast",
                                 "newspaper", "radio-tv", "portal", "bulletin", "province", "central")) + r")\b")


def _texts(node) -> list[str]:
    if isinstance(node, dict):
        return [text for key, value in node.items() if key in ("hint", "description", "label", "label_singular", "fields",
                                                                "options", "collections", "files")
                for text in _texts(value)]
    if isinstance(node, list):
        return [text for item in node for text in _texts(item)]
    return [node] if isinstance(node, str) else []


@pytest.mark.parametrize("path", ["consent.by", "consent.scope", "consent.record", "support", "unit_type", "excerpt"])
def test_where_the_files_comment_speaks_of_the_file_the_form_says_it_plainly(path):
    note = widget(collection("individual")["fields"], path)["hint"]
    assert note != hint(story_field(path), PLAN, "individual") and not FILE_WORDS.search(note), note


def test_every_label_hint_and_description_of_the_form_is_plain_vietnamese():
    texts = _texts(built_config())
    assert len(texts) > 100
    assert [text for text in texts if FILE_WORDS.search(text)] == []


def test_the_form_has_no_link_to_the_sample_address_and_the_real_one_otherwise():
    sample = built_config()
    assert PLAN.site_url.startswith("https://nguoitotviecthien.example.org")
    assert "site_url" not in sample and "display_url" not in sample
    assert all("preview_path" not in item for c in sample["collections"] for item in [c, *c.get("files", [])])
    real = dataclasses.replace(PLAN, site_url="https://chuthapdo.example.vn/nguoi-tot/")
    config = yaml.safe_load(cms.render_config(cms.cms_config(real, SETTINGS, 8081)))
    assert config["site_url"] == config["display_url"] == "https://chuthapdo.example.vn/nguoi-tot/"
    story = next(c for c in config["collections"] if c["name"] == "ca-nhan")
    assert story["preview_path"] == "cau-chuyen/{{dirname}}/{{filename}}/"


def test_stories_are_listed_newest_first_and_units_are_never_deleted():
    assert collection("individual")["sortable_fields"][0] == {"field": "date", "default_sort": "desc"}
    register = next(c for c in built_config()["collections"] if c["name"] == cms.REGISTER_COLLECTION)
    units = register["files"][0]["fields"][0]
    activities = next(c for c in built_config()["collections"] if c["name"] == cms.ACTIVITIES_COLLECTION)
    assert activities["files"][0]["fields"][0]["allow_remove"] is False
    assert units["allow_remove"] is False and "chapter" not in units["summary"]


def test_photos_need_their_alt_text_and_are_stored_beside_the_story():
    photos = widget(collection("individual")["fields"], "photos")
    assert widget(photos["fields"], "src")["widget"] == "image" and widget(photos["fields"], "alt")["required"] is True
    chosen = collection("individual")
    assert chosen["media_folder"] == "" and chosen["public_folder"] == "" and chosen["folder"] == "stories"
    assert chosen["path"] == "{{%s}}/{{slug}}" % cms.YEAR_KEY


def test_the_layout_lists_the_story_fields_in_file_order():
    assert [f["name"] for f in cms.layout()] == [f.name for f in STORY_FIELDS]
    assert [f["name"] for f in cms.layout()][:5] == ["title", "kind", "chapter", "date", "person"]


@pytest.mark.parametrize("backend, workflow", [("github", True), ("gitlab", True), ("forgejo", True), ("gitea", False)])
def test_the_backend_is_the_plans_choice_and_saves_open_pull_requests(backend, workflow):
    settings = EditorSettings(backend, "hoi/kho", "main", (("app_id", "abc"), ("api_root", "https://git.example.org/api/v1")))
    built = built_config(settings)
    assert built["backend"]["name"] == backend and built["backend"]["app_id"] == "abc"
    assert (built.get("publish_mode") == "editorial_workflow") is workflow
    assert built["locale"] == "vi"
    assert built["local_backend"]["url"] == "http://127.0.0.1:8081/api/v1"


@pytest.mark.parametrize("block, message", [
    (None, "editor: thiếu phần `editor`"),
    ({"backend": "bitbucket", "repo": "a/b"}, "editor.backend: `bitbucket` không hợp lệ: chọn một trong github, gitlab, gitea, forgejo"),
    ({"backend": "github", "repo": "kho"}, "editor.repo: cần dạng `chủ/tên-kho`"),
    ({"backend": "github", "repo": "a/b", "token": "x"}, "editor.token: không có tùy chọn này"),
])
def test_a_broken_editor_block_names_its_field(tmp_path, block, message):
    raw = yaml.safe_load((REPO / "content/plan.yml").read_text(encoding="utf-8"))
    raw.pop("editor")
    if block is not None:
        raw["editor"] = block
    plan = tmp_path / "plan.yml"
    plan.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(NttvError, match=r"plan\.yml: " + __import__("re").escape(message)):
        load_settings(plan)


def test_without_node_the_local_backend_says_what_to_install(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(EditorMissing, match=r"không tìm thấy lệnh `node` .*apt-get install nodejs npm.*make node_modules"):
        decap_server_command(REPO)


def test_without_node_modules_the_site_builds_and_says_so(scratch, monkeypatch):
    from generator.editor import site
    monkeypatch.setattr(site, "__file__", str(scratch.root / "generator/editor/site.py"))
    with pytest.raises(EditorMissing, match="make node_modules"):
        editor_files(scratch.root, PLAN, SETTINGS)


def test_the_editor_is_served_from_the_site_with_its_licences():
    paths = {f.path for f in editor_files(REPO, PLAN, SETTINGS)}
    assert {"quan-tri/index.html", "quan-tri/config.yml", "quan-tri/decap/decap-cms.js", "quan-tri/decap/LICENSE.txt",
            "quan-tri/js-yaml/js-yaml.min.js", "quan-tri/js-yaml/LICENSE"} <= paths
    page = next(f for f in editor_files(REPO, PLAN, SETTINGS) if f.path == "quan-tri/index.html").data.decode()
    assert "http" not in page.replace("http-equiv", "")  # no script or style from another host


def test_the_editor_page_names_the_sites_icon_so_the_browser_asks_for_no_missing_favicon():
    page = next(f for f in editor_files(REPO, PLAN, SETTINGS) if f.path == "quan-tri/index.html").data.decode()
    icon = re.search(r'<link rel="icon" href="\.\./([^"]+)">', page)
    assert icon, page
    assert icon.group(1) == PLAN.organisation.favicon
    assert (REPO / "content" / icon.group(1)).is_file()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_make_edit_outside_a_git_clone_says_so(scratch):
    result = subprocess.run([sys.executable, "-m", "generator.editor.local"], cwd=scratch.root, capture_output=True,
                            text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 1
    assert "không phải một bản sao git của kho" in result.stderr


def _api(port: int, host: str, origin: str) -> tuple[int, dict]:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("POST", "/api/v1", b'{"action": "info"}',
                           {"Host": host, "Origin": origin, "Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


@pytest.mark.build
def test_make_edit_serves_the_form_and_stops_both_servers(scratch):
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=scratch.root, check=True, timeout=30)
    backend, site_port = _free_port(), _free_port()
    env = {**os.environ, "NTTV_EDITOR_PORT": str(backend), "NTTV_SITE_PORT": str(site_port), "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([sys.executable, "-m", "generator.editor.local"], cwd=scratch.root, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while not (_listening(backend) and _listening(site_port)) and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.5)
        assert _listening(backend) and _listening(site_port), process.stdout.read() if process.poll() is not None else "timed out"
        from urllib.request import urlopen
        with urlopen(f"http://127.0.0.1:{site_port}/quan-tri/config.yml", timeout=30) as response:
            assert f"http://127.0.0.1:{backend}/api/v1" in response.read().decode()
        # The backend answers the form's own page, through the guard, and no page that rebound its name.
        assert _api(backend, f"127.0.0.1:{backend}", f"http://127.0.0.1:{site_port}") == \
            (200, {"repo": "repo", "publish_modes": ["simple", "editorial_workflow"], "type": "local_git"})
        status, answer = _api(backend, f"attacker.example:{backend}", f"http://attacker.example:{backend}")
        assert status == 403 and "DNS rebinding" in answer["error"]
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
    assert process.returncode == 0, out
    assert "Đã dừng máy chủ cục bộ và trang xem trước." in out
    assert not _listening(backend) and not _listening(site_port)


# The unit register.

def register_collection(plan=PLAN) -> dict:
    config = yaml.safe_load(cms.render_config(cms.cms_config(plan, SETTINGS, 8081, REPO)))
    return next(c for c in config["collections"] if c["name"] == cms.REGISTER_COLLECTION)


def test_the_unit_register_named_by_the_plan_is_one_file_of_the_form():
    chosen = register_collection()
    assert chosen["format"] == cms.REGISTER_FORMAT and chosen["editor"] == {"preview": False}
    assert chosen["delete"] is False and "folder" not in chosen
    [entry] = chosen["files"]
    assert entry["file"] == "content/don-vi.yml" == PLAN.register.relative_to(REPO).as_posix()
    [units] = entry["fields"]
    assert units["name"] == "units" and units["widget"] == "list" and units["label"] == "Đơn vị"
    assert [f["name"] for f in units["fields"]] == list(UNIT_KEYS)


def test_the_registers_choices_and_years_come_from_the_plan():
    units = register_collection()["files"][0]["fields"][0]["fields"]
    kinds = widget(units, "type")["options"]
    assert [o["value"] for o in kinds] == list(UNIT_TYPES)
    assert all(o["label"] == PLAN.label("unit_type", o["value"]) for o in kinds)
    assert widget(units, "chapter")["options"] == [{"label": cms.chapter_label(c), "value": c.id} for c in PLAN.chapters]
    assert [f["name"] for f in widget(units, "years")["fields"]] == list(YEAR_KEYS)
    assert widget(units, "years.from")["required"] is True and widget(units, "years.to")["required"] is False
    years = widget(units, "addresses")["fields"]
    assert [f["name"] for f in years] == [str(y) for y in range(PLAN.period_start, PLAN.period_end + 1)]
    assert years[0]["label"] == f"Năm {PLAN.period_start}" and {f["value_type"] for f in years} == {"int"}
    every_label = [units_field["label"] for units_field in units] + [f["label"] for f in years]
    assert all(re.search(r"[ăâđêôơưạảấầẩậắằẳặẹẻẽếềểệỉịọỏốồổộớờởợụủứừửựỳỷỹý]|Năm", label, re.I) for label in every_label)


def test_a_chapter_added_to_the_plan_is_a_chapter_of_the_register_too():
    more = dataclasses.replace(PLAN, chapters=PLAN.chapters + (dataclasses.replace(PLAN.chapters[-1], id="xa-moi", name="Xã Mới"),))
    options = widget(register_collection(more)["files"][0]["fields"][0]["fields"], "chapter")["options"]
    assert options[-1]["value"] == "xa-moi"


def test_without_a_register_in_the_plan_the_form_has_no_register():
    names = [c["name"] for c in cms.cms_config(dataclasses.replace(PLAN, register=None, activities=None), SETTINGS, 8081,
                                               REPO)["collections"]]
    assert names == list(cms.COLLECTIONS.values())


def test_the_register_of_activities_is_one_file_of_the_form_with_the_plans_kinds_and_chapters():
    chosen = next(c for c in cms.cms_config(PLAN, SETTINGS, 8081, REPO)["collections"] if c["name"] == cms.ACTIVITIES_COLLECTION)
    entry = chosen["files"][0]
    assert entry["file"] == "content/hoat-dong.yml" == PLAN.activities.relative_to(REPO).as_posix()
    fields = entry["fields"][0]["fields"]
    assert [f["name"] for f in fields] == list(ACTIVITY_KEYS)
    assert [o["value"] for o in widget(fields, "kind")["options"]] == [k.id for k in PLAN.activity_kinds]
    assert "Hội Chữ thập đỏ huyện Bình Xuyên (1/1/2022 – 30/6/2025)" in [o["label"] for o in widget(fields, "chapter")["options"]]
    photos = widget(fields, "photos")["fields"]
    assert widget(photos, "src")["media_folder"] == "/content/hoat-dong"
    # What the editor reads is Vietnamese: no label is a key of the file.
    assert all(f["label"] not in ACTIVITY_KEYS for f in fields + photos)
    assert "content/hoat-dong" in scope_of(cms.cms_config(PLAN, SETTINGS, 8081, REPO), REPO).folders


def test_the_page_tells_the_register_writer_the_readers_key_order():
    page = next(f for f in editor_files(REPO, PLAN, SETTINGS) if f.path == "quan-tri/index.html").data.decode()
    data = json.loads(page.split('id="nttv-editor">')[1].split("</script>")[0].replace("<\\/", "</"))
    assert data["register"]["unit_keys"] == list(UNIT_KEYS) and data["register"]["year_keys"] == list(YEAR_KEYS)
    assert data["register"]["format"] == cms.REGISTER_FORMAT
