"""`make edit`'s local backend as a web page sees it: real requests to the guard, with a real
decap-server behind it, in a scratch repository under git.

What a page elsewhere on the web (after rebinding its name to 127.0.0.1) or another local web app
sends is refused, logged in Vietnamese and changes nothing; the form's own requests still work; a
story the check refuses is not merged by "Công bố".
"""

from __future__ import annotations

import base64
import http.client
import json
import os
from pathlib import Path

import pytest

from conftest import story_text
from editor_repo import editor_repo, free_port, git

from generator.editor.local import local_backend

WORKFLOW = ".github/workflows/rebind.yml"
HOOK = ".git/hooks/pre-commit"
STORY = "stories/2024/co-giao.md"
CONSENT = "Nguyễn Thị Hoa"  # consent.by of the existing story, which no other page may read


class Backend:
    def __init__(self, root: Path, port: int, site_port: int, log: Path):
        self.root, self.port, self.site_port, self.log = root, port, site_port, log
        self.origin = f"http://127.0.0.1:{site_port}"

    def ask(self, body, host: str | None = None, origin: str | None = "site", method: str = "POST",
            headers: dict | None = None) -> tuple[int, dict, dict]:
        """One request as a browser would send it; (status, headers, JSON answer)."""
        sent = {"Host": host or f"127.0.0.1:{self.port}", "Content-Type": "application/json; charset=utf-8",
                **({"Origin": self.origin if origin == "site" else origin} if origin else {}), **(headers or {})}
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request(method, "/api/v1", json.dumps(body).encode() if body is not None else None, sent)
            response = connection.getresponse()
            data = response.read()
            return response.status, dict(response.getheaders()), json.loads(data) if data else {}
        finally:
            connection.close()

    def state(self) -> tuple[str, str, bool, bool]:
        """Branches with their commits, the working tree's changes, and whether the planted files exist."""
        return (git(self.root, "for-each-ref", "--format=%(refname) %(objectname)"),
                git(self.root, "status", "--porcelain", "--untracked-files=all"),
                (self.root / WORKFLOW).exists(), (self.root / HOOK).exists())


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    root = tmp_path_factory.mktemp("guard") / "repo"
    scratch = editor_repo(root)
    # A link inside the stories folder to the repository's git settings, which git is told to ignore.
    os.symlink("../../.git/config", root / "stories/2024/lien-ket.md")
    (root / ".git/info/exclude").write_text("stories/2024/lien-ket.md\n", encoding="utf-8")
    log = root.parent / "decap-server.log"
    port, site_port = free_port(), free_port()
    with local_backend(scratch.root, port, site_port, log):
        yield Backend(scratch.root, port, site_port, log)


def entry(path: str = STORY) -> dict:
    return {"action": "getEntry", "params": {"branch": "main", "path": path}}


def planted(path: str, text: str = "on: push\njobs: {}\n") -> dict:
    return {"action": "persistMedia", "params": {"branch": "main", "options": {"commitMessage": "Upload"},
            "asset": {"path": path, "encoding": "base64", "content": base64.b64encode(text.encode()).decode()}}}


def test_the_form_reads_a_story_and_only_its_own_page_may_read_the_answer(backend):
    status, headers, answer = backend.ask(entry())
    assert status == 200 and CONSENT in answer["data"]
    assert headers["Access-Control-Allow-Origin"] == backend.origin and headers["Vary"] == "Origin"
    named = f"http://localhost:{backend.site_port}"  # the form opened as localhost:8000
    status, headers, answer = backend.ask(entry(), host=f"localhost:{backend.port}", origin=named)
    assert status == 200 and CONSENT in answer["data"] and headers["Access-Control-Allow-Origin"] == named
    status, headers, _ = backend.ask(None, method="OPTIONS",
                                     headers={"Access-Control-Request-Method": "POST",
                                              "Access-Control-Request-Headers": "content-type"})
    assert status == 204 and headers["Access-Control-Allow-Origin"] == backend.origin
    status, headers, _ = backend.ask(None, method="OPTIONS", origin="http://localhost:3000",
                                     headers={"Access-Control-Request-Method": "POST"})
    assert status == 403 and "Access-Control-Allow-Origin" not in headers


def test_decap_server_itself_listens_on_no_tcp_port(backend):
    """Otherwise a rebinding page would simply ask it directly, past the guard."""
    listening = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A":  # LISTEN
                listening.add(fields[9])
    pids = [path.name for path in Path("/proc").iterdir() if path.name.isdigit()]
    decap = []
    for pid in pids:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            if any(part.endswith(b"decap-server/dist/index.js") for part in command) and \
                    Path(f"/proc/{pid}/cwd").resolve() == backend.root.resolve():
                decap.append(pid)
        except OSError:
            continue
    assert len(decap) == 1
    sockets = _socket_inodes(decap[0])
    assert sockets and not sockets & listening


def _socket_inodes(pid: str) -> set[str]:
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # closed meanwhile
            continue
        if target.startswith("socket:["):
            found.add(target.removeprefix("socket:[").removesuffix("]"))
    return found


@pytest.mark.parametrize("host, origin", [
    ("attacker.example:{port}", "http://attacker.example:{port}"),  # a page that rebound its name to 127.0.0.1
    ("127.0.0.1:{port}", "http://attacker.example"),
    ("127.0.0.1:{port}", "http://attacker.example:{port}"),
    ("127.0.0.1:{port}", "http://localhost:3000"),  # another web app on this computer
    ("127.0.0.1:{port}", "http://127.0.0.1:{port}"),
    ("127.0.0.1:{port}", "https://127.0.0.1:{site}"),
    ("127.0.0.1:{port}", "null"),
    ("127.0.0.1:{port}", None),
    ("127.0.0.1:{other}", "http://127.0.0.1:{site}"),
    ("LOCALHOST:{port}", "http://127.0.0.1:{site}"),
])
def test_a_request_from_any_other_page_is_refused_and_changes_nothing(backend, host, origin):
    values = {"port": backend.port, "site": backend.site_port, "other": backend.port + 1}
    host = host.format(**values)
    origin = origin.format(**values) if origin else None
    before = backend.state()
    for body in (entry(), entry(".git/config"), planted(WORKFLOW)):
        status, headers, answer = backend.ask(body, host=host, origin=origin)
        assert status == 403
        assert "Access-Control-Allow-Origin" not in headers
        assert CONSENT not in json.dumps(answer, ensure_ascii=False) and "[core]" not in json.dumps(answer)
    assert backend.state() == before


def test_a_refusal_is_logged_in_vietnamese(backend):
    backend.ask(entry(), host=f"attacker.example:{backend.port}", origin=f"http://attacker.example:{backend.port}")
    backend.ask(entry(), origin=None)
    backend.ask(planted(HOOK))
    log = backend.log.read_text(encoding="utf-8")
    assert f"Máy chủ cục bộ từ chối POST từ http://attacker.example:{backend.port} (Host attacker.example:" in log
    assert "có thể một trang web đã đổi tên miền của nó về máy này (DNS rebinding)" in log
    assert "yêu cầu không cho biết trang gửi nó (thiếu Origin)" in log
    assert "từ chối POST `persistMedia`" in log and "`.git/hooks/pre-commit` là tệp hoặc thư mục ẩn" in log


@pytest.mark.parametrize("path", [WORKFLOW, HOOK, ".git/config", "Makefile", "generator/cli.py", "content/plan.yml",
                                  "stories/../.github/workflows/rebind.yml", "stories/2024/../../.git/hooks/pre-commit",
                                  "stories/%2e%2e/.git/hooks/pre-commit", "stories%2F..%2F.git%2Fhooks%2Fpre-commit",
                                  "stories/%252e%252e/.github/workflows/rebind.yml",
                                  "stories\\..\\.github\\workflows\\rebind.yml", "/etc/cron.d/rebind",
                                  "stories/2024/lien-ket.md", "stories/.git/hooks/pre-commit", "../rebind.yml"])
def test_the_form_cannot_read_or_write_outside_its_collections(backend, path):
    before = backend.state()
    for body in (entry(path), planted(path),
                 {"action": "persistEntry", "params": {"branch": "main", "assets": [], "options": {
                     "collectionName": "ca-nhan", "commitMessage": "Create", "useWorkflow": True, "status": "draft"},
                     "dataFiles": [{"slug": "2026/rebind", "path": path, "raw": "on: push\n"}]}}):
        status, headers, answer = backend.ask(body)
        assert status == 403, answer
        assert headers["Access-Control-Allow-Origin"] == backend.origin  # the form may show why
        assert answer["error"] and "[core]" not in answer["error"]
    assert backend.state() == before


def test_a_folder_listing_leaves_out_a_link_to_elsewhere(backend):
    status, _, answer = backend.ask({"action": "entriesByFolder",
                                     "params": {"branch": "main", "folder": "stories", "extension": "md", "depth": 3}})
    assert status == 200
    assert STORY in [item["file"]["path"] for item in answer]
    assert "stories/2024/lien-ket.md" not in json.dumps(answer) and "[core]" not in json.dumps(answer)
    assert "bỏ `stories/2024/lien-ket.md` khỏi danh sách `entriesByFolder`" in backend.log.read_text(encoding="utf-8")


@pytest.mark.parametrize("body", [
    {"action": "entriesByFolder", "params": {"branch": "main", "folder": ".git", "extension": "", "depth": 5}},
    {"action": "entriesByFolder", "params": {"branch": "main", "folder": "stories/..", "extension": "", "depth": 5}},
    {"action": "getMedia", "params": {"branch": "main", "mediaFolder": ".github/workflows"}},
    {"action": "persistEntry", "params": {"branch": "main", "assets": [], "options": {
        "collectionName": "ca-nhan", "commitMessage": "Update", "useWorkflow": True, "status": "draft"},
        "dataFiles": [{"slug": "2024/co-giao", "path": STORY, "newPath": ".github/workflows/co-giao.md", "raw": "x"}]}},
    {"action": "deleteFile", "params": {"branch": "main", "path": ".gitignore", "options": {"commitMessage": "Delete"}}},
    {"action": "publishUnpublishedEntry", "params": {"branch": "main", "collection": "ca-nhan", "slug": "../../main"}},
    {"action": "publishUnpublishedEntry", "params": {"branch": "main", "collection": "--upload-pack=x", "slug": "a"}},
    {"action": "getEntry", "params": {"branch": "--orphan=x", "path": STORY}},
    {"action": "runCommand", "params": {"branch": "main"}},
])
def test_other_actions_are_confined_too(backend, body):
    before = backend.state()
    status, _, answer = backend.ask(body)
    assert status == 403 and answer["error"]
    assert backend.state() == before


def saved(path: str, text: str, workflow: bool = True) -> dict:
    slug = path.removeprefix("stories/").removesuffix(".md")
    return {"action": "persistEntry", "params": {
        "branch": "main", "assets": [],
        "options": {"collectionName": "ca-nhan", "commitMessage": f"Create {slug}", "useWorkflow": workflow,
                    "status": "pending_publish"},
        "dataFiles": [{"slug": slug, "path": path, "raw": text}]}}


def publishing(path: str) -> dict:
    slug = path.removeprefix("stories/").removesuffix(".md")
    return {"action": "publishUnpublishedEntry", "params": {"branch": "main", "collection": "ca-nhan", "slug": slug}}


CHILD = story_text(title="Em Nam nhặt được ví trả người đánh rơi", chapter="tinh", date="2026-05-08",
                   person={"name": "Nguyễn Văn Nam", "birth_year": 2014},
                   consent={"by": "Nguyễn Văn Nam", "date": "2026-05-01", "scope": ["website"]})
ENDED_CHAPTER = story_text(title="Bà Lan nấu cơm cho bệnh nhân", date="2026-05-08", person={"name": "Trần Thị Lan"},
                           consent={"by": "Trần Thị Lan", "date": "2026-05-01", "scope": ["website"]})


@pytest.mark.parametrize("path, text, message", [
    ("stories/2026/em-nam.md", CHILD, "consent.guardian: "),  # born 2014, no guardian's consent
    ("stories/2026/ba-lan.md", ENDED_CHAPTER, "chapter: Hội `binh-xuyen`"),  # a 2026 story, the chapter ended in 2025
])
def test_publishing_a_story_the_check_refuses_merges_nothing_and_says_why(backend, path, text, message):
    status, _, answer = backend.ask(saved(path, text))
    assert status == 200, answer
    # main moves on meanwhile, so that the merge to check makes a tree that exists nowhere yet
    (backend.root / "content/phong-trao.md").write_text(f"# Phong trào\n\n{path}\n", encoding="utf-8")
    git(backend.root, "commit", "-qam", "Trang phong trào")
    main, objects = git(backend.root, "rev-parse", "main"), git(backend.root, "count-objects")
    status, headers, answer = backend.ask(publishing(path))
    assert status == 403 and headers["Access-Control-Allow-Origin"] == backend.origin
    assert answer["error"].startswith("chưa công bố vì bước kiểm tra tự động thấy 1 lỗi: ")
    assert f"{path}:" in answer["error"] and message in answer["error"] and "Sửa bài, lưu lại rồi thử lại." in answer["error"]
    assert git(backend.root, "rev-parse", "main") == main
    assert git(backend.root, "count-objects") == objects  # the merge was tried outside the repository
    assert not (backend.root / path).exists()
    assert f"cms/ca-nhan/{path.removeprefix('stories/').removesuffix('.md')}" in git(backend.root, "branch", "--list")
    assert message in backend.log.read_text(encoding="utf-8")


def test_a_direct_save_the_check_refuses_is_not_committed(backend):
    """Without the editorial workflow (Decap's gitea backend) a save lands straight on the branch."""
    before = backend.state()
    status, _, answer = backend.ask(saved("stories/2026/em-nam-2.md", CHILD, workflow=False))
    assert status == 403 and "chưa lưu vì bước kiểm tra tự động thấy 1 lỗi" in answer["error"]
    assert backend.state() == before


def test_a_story_that_passes_the_check_is_published(backend):
    path = "stories/2026/ba-lan-tinh.md"
    text = ENDED_CHAPTER.replace("chapter: binh-xuyen", "chapter: tinh")
    assert backend.ask(saved(path, text))[0] == 200
    status, _, answer = backend.ask(publishing(path))
    assert status == 200, answer
    assert git(backend.root, "show", f"main:{path}") == text
