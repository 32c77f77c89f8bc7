"""The one door to Decap's local backend on the editor's computer.

``decap-server`` answers any page that names a localhost origin, checks no ``Host`` and reads and
writes any path of the repository, ``.git/`` included; a web page that rebinds its own name to
127.0.0.1 could read the consent records and plant a workflow. So ``decap-server`` listens on a Unix
socket in a private folder, which no web page can reach, and this proxy on 127.0.0.1 passes on only:

- requests whose ``Host`` is exactly this address and whose ``Origin`` is exactly the site's;
- Decap's own actions, on the working branch, the collections of the generated configuration and
  paths inside their folders and files (``scope``);
- writes to the working branch (publishing a story's branch, or a save without the editorial
  workflow) after ``nttv check`` passes on the files they would leave there (``gate``).

A refused request is answered 403 with its reason in Vietnamese (which Decap shows) and logged; it
never reaches ``decap-server``, so it changes nothing in the repository.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import http.client
import json
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterator

from ..problems import printable
from . import gate
from .scope import Scope

API_PATH = "/api/v1"
MAX_BODY = 64 * 1024 * 1024  # decap-server's own limit is 50 MB of JSON
BACKEND_SECONDS = 600  # a merge on a slow disk
BRANCH_PREFIX = "cms"


@dataclass(frozen=True)
class Door:
    """Who may knock: the guard's own address and the site that serves the form."""

    host: str
    port: int
    site_port: int

    @property
    def hosts(self) -> tuple[str, ...]:
        return (f"127.0.0.1:{self.port}", f"localhost:{self.port}")

    @property
    def origins(self) -> tuple[str, ...]:
        return (f"http://127.0.0.1:{self.site_port}", f"http://localhost:{self.site_port}")


class Refused(Exception):
    """A request the guard does not pass on; the message says why, in Vietnamese."""


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: Path, timeout: float):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = str(path)

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.unix_path)


class Rules:
    """What Decap's actions may do: the scope of the configuration, the working branch, the check."""

    def __init__(self, scope: Scope, branch: str):
        self.scope = scope
        self.branch = branch
        # decap-server 3's actions (its `allowedActions`), each with what it may touch; any other is refused.
        self.actions: dict[str, Callable[[dict], None]] = {
            "entriesByFolder": lambda params: self._path(params.get("folder"), folder=True),
            "entriesByFiles": self._entries_by_files,
            "getEntry": lambda params: self._path(params.get("path")),
            "unpublishedEntries": lambda params: None,
            "unpublishedEntry": self._unpublished_entry,
            "unpublishedEntryDataFile": self._entry_file,
            "unpublishedEntryMediaFile": self._entry_file,
            "deleteUnpublishedEntry": self._entry_params,
            "updateUnpublishedEntryStatus": self._entry_params,
            "getDeployPreview": self._entry_params,
            "persistEntry": self._persist_entry,
            "publishUnpublishedEntry": self._publish,
            "getMedia": lambda params: self._path(params.get("mediaFolder"), folder=True),
            "getMediaFile": lambda params: self._path(params.get("path")),
            "persistMedia": self._persist_media,
            "deleteFile": lambda params: self._delete([params.get("path")]),
            "deleteFiles": lambda params: self._delete(params.get("paths")),
        }

    def admit(self, body: Any) -> None:
        """Raise ``Refused`` unless ``body`` is one of Decap's actions within the scope, on the branch;
        run the check before a write that lands on the working branch."""
        if not isinstance(body, dict) or not isinstance(body.get("action"), str):
            raise Refused("yêu cầu không phải một thao tác của trang viết bài (cần JSON có `action`)")
        action, params = body["action"], body.get("params")
        if action == "info":
            return
        if action not in self.actions:
            raise Refused(f"thao tác `{action}` không có trong trang viết bài")
        if not isinstance(params, dict):
            raise Refused(f"thao tác `{action}` thiếu tham số (`params`)")
        if params.get("branch") != self.branch:
            raise Refused(f"nhánh {params.get('branch')!r} không phải nhánh của trang viết bài (`{self.branch}`)")
        self.actions[action](params)

    def screen(self, action: str, answer: bytes) -> tuple[bytes, list[str]]:
        """``answer`` to a folder listing without the files the browser may not read (a symbolic link in
        ``stories/`` that decap-server followed), and the paths left out."""
        if action not in ("entriesByFolder", "getMedia"):
            return answer, []
        try:
            items = json.loads(answer)
        except ValueError:
            return answer, []
        if not isinstance(items, list):
            return answer, []
        kept, left_out = [], []
        for item in items:
            file = (item.get("file") if action == "entriesByFolder" else item) if isinstance(item, dict) else None
            path = file.get("path") if isinstance(file, dict) else None
            if self.scope.refusal(path):
                left_out.append(str(path))
            else:
                kept.append(item)
        if not left_out:
            return answer, []
        return json.dumps(kept, ensure_ascii=False).encode("utf-8"), left_out

    def _entries_by_files(self, params: dict) -> None:
        files = params.get("files")
        if not isinstance(files, list) or not all(isinstance(item, dict) for item in files):
            raise Refused("`files` phải là danh sách tệp")
        for item in files:
            self._path(item.get("path"))

    def _unpublished_entry(self, params: dict) -> None:
        if "id" in params:
            key = params["id"]
            collection, _, slug = key.partition("/") if isinstance(key, str) else ("", "", "")
            self._entry(collection, slug)
        if "collection" in params or "slug" in params or "id" not in params:
            self._entry_params(params)

    def _entry_file(self, params: dict) -> None:
        self._entry_params(params)
        self._path(params.get("path"))

    def _entry_params(self, params: dict) -> None:
        self._entry(params.get("collection"), params.get("slug"))

    def _persist_entry(self, params: dict) -> None:
        files = params.get("dataFiles", [params.get("entry")])
        assets = params.get("assets")
        options = params.get("options")
        if not isinstance(files, list) or not files or not isinstance(assets, list) or not isinstance(options, dict):
            raise Refused("bản lưu thiếu tệp bài, danh sách ảnh hoặc tùy chọn")
        changes: dict[str, bytes | None] = {}
        for item in files:
            if not isinstance(item, dict) or not isinstance(item.get("raw"), str):
                raise Refused("tệp bài trong bản lưu không hợp lệ")
            self._path(item.get("path"))
            self._slug(item.get("slug"))
            if "newPath" in item:
                self._path(item["newPath"])
            changes[item["path"]] = item["raw"].encode("utf-8")
        for asset in assets:
            changes[self._asset(asset)] = _decoded(asset)
        if options.get("useWorkflow") is True:
            self._entry(options.get("collectionName"), files[0].get("slug"))
        elif options.get("useWorkflow") is False:
            # Without the editorial workflow the save is committed straight onto the working branch; decap-server
            # renames only when every file has a new path, taking the rest of the old folder along.
            moves = [(item["path"], item["newPath"]) for item in files] if all("newPath" in item for item in files) else []
            self._passes(self.branch, changes, "lưu", moves)
        else:
            raise Refused("bản lưu thiếu tùy chọn `useWorkflow`")

    def _publish(self, params: dict) -> None:
        branch = self._entry(params.get("collection"), params.get("slug"))
        try:
            gate.git(self.scope.root, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}")
        except gate.GateError:
            raise Refused(f"không có nhánh `{branch}` của bài này để công bố") from None
        self._passes(branch, {}, "công bố", merged_into=self.branch)

    def _persist_media(self, params: dict) -> None:
        asset = params.get("asset")
        self._passes(self.branch, {self._asset(asset): _decoded(asset)}, "lưu ảnh")

    def _delete(self, paths: Any) -> None:
        if not isinstance(paths, list) or not paths:
            raise Refused("`paths` phải là danh sách tệp")
        for path in paths:
            self._path(path)
        self._passes(self.branch, dict.fromkeys(paths), "xóa tệp")

    def _path(self, raw: Any, folder: bool = False) -> None:
        reason = self.scope.refusal(raw, folder=folder)
        if reason:
            raise Refused(reason)

    def _slug(self, slug: Any) -> None:
        reason = self.scope.slug_refusal(slug)
        if reason:
            raise Refused(reason)

    def _entry(self, collection: Any, slug: Any) -> str:
        """The branch of one entry, ``cms/<collection>/<slug>``, once both are known to be plain names."""
        reason = self.scope.collection_refusal(collection) or self.scope.slug_refusal(slug)
        if reason:
            raise Refused(reason)
        return f"{BRANCH_PREFIX}/{collection}/{slug}"

    def _asset(self, asset: Any) -> str:
        if not isinstance(asset, dict) or asset.get("encoding") != "base64" or not isinstance(asset.get("content"), str):
            raise Refused("tệp ảnh trong bản lưu không hợp lệ (cần nội dung base64)")
        self._path(asset.get("path"))
        return asset["path"]

    def _passes(self, treeish: str, changes: dict[str, bytes | None], doing: str,
                moves: list[tuple[str, str]] | None = None, merged_into: str | None = None) -> None:
        try:
            found = gate.problems(self.scope.root, treeish, changes, moves, merged_into)
        except gate.GateError as exc:
            raise Refused(f"không kiểm tra được trước khi {doing} ({exc}), nên chưa {doing}") from None
        if found:
            shown = "; ".join(found[:10]) + (f"; … và {len(found) - 10} lỗi nữa" if len(found) > 10 else "")
            raise Refused(f"chưa {doing} vì bước kiểm tra tự động thấy {len(found)} lỗi: {shown}. "
                          "Sửa bài, lưu lại rồi thử lại.")


def _decoded(asset: dict) -> bytes:
    try:
        return base64.b64decode(asset["content"], validate=True)
    except (binascii.Error, ValueError):
        raise Refused(f"ảnh `{asset.get('path')}` không đúng mã base64") from None


class _GuardHandler(BaseHTTPRequestHandler):
    """The guard's answer to one request; ``_handler`` gives it its door, rules, backend, log and lock."""

    door: Door
    rules: Rules
    backend: Path
    lock: threading.Lock

    server_version = "nttv-guard"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_OPTIONS(self) -> None:
        origin = self._admitted()
        if origin is None:
            return
        self.send_response(204)
        self._cors(origin)
        self.send_header("Access-Control-Allow-Methods", "POST")
        self.send_header("Access-Control-Allow-Headers", "Content-Type")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self) -> None:
        origin = self._admitted()
        if origin is None:
            return
        length = self.headers.get("Content-Length", "")
        if not length.isdigit() or int(length) > MAX_BODY:
            return self._refuse(f"nội dung yêu cầu thiếu độ dài hoặc quá {MAX_BODY // 2**20} MB", origin)
        try:
            body = json.loads(self.rfile.read(int(length)))
        except (ValueError, UnicodeDecodeError):
            return self._refuse("nội dung yêu cầu không phải JSON", origin)
        with self.lock:
            try:
                status, kind, answer = self._passed_on(body)
            except Refused as exc:
                return self._refuse(str(exc), origin, body)
        self.send_response(status)
        self._cors(origin)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def do_GET(self) -> None:
        self._refuse(f"phương thức {self.command} không được dùng", None)

    do_HEAD = do_PUT = do_DELETE = do_PATCH = do_GET

    def _passed_on(self, body: Any) -> tuple[int, str, bytes]:
        """``body`` checked by the rules (raising ``Refused``), then handed to decap-server; its answer,
        screened of what the form may not see."""
        started = time.monotonic()
        self.rules.admit(body)
        checked = time.monotonic()
        # What decap-server reads is what was checked: the parsed body, written again.
        try:
            status, kind, answer = _forward(self.backend, json.dumps(body, ensure_ascii=False).encode("utf-8"))
        except OSError as exc:
            status, kind = 502, "application/json; charset=utf-8"
            answer = json.dumps({"error": f"decap-server không trả lời ({exc}): dừng make edit rồi chạy lại"},
                                ensure_ascii=False).encode("utf-8")
        if body["action"] == "publishUnpublishedEntry":
            params = body["params"]
            self.log(f"Công bố {params['collection']}/{params['slug']}: bài đạt bước kiểm tra "
                     f"({checked - started:.1f} giây); hợp nhất: decap-server trả lời {status} "
                     f"({time.monotonic() - checked:.1f} giây)")
        if status == 200:
            answer, left_out = self.rules.screen(body["action"], answer)
            for path in left_out:
                self.log(printable(f"Máy chủ cục bộ bỏ `{path}` khỏi danh sách `{body['action']}`: "
                                   f"{self.rules.scope.refusal(path)}"))
        return status, kind, answer

    def _admitted(self) -> str | None:
        """The request's origin when it comes from the form to this address; otherwise refused (None)."""
        hosts, origins = self.headers.get_all("Host") or [], self.headers.get_all("Origin") or []
        if len(hosts) != 1 or hosts[0] not in self.door.hosts:
            self._refuse(f"địa chỉ máy chủ (Host) {', '.join(hosts) or 'trống'} không phải "
                         f"{' hay '.join(self.door.hosts)}: có thể một trang web đã đổi tên miền của nó về máy này "
                         "(DNS rebinding)", None)
            return None
        if not origins:
            self._refuse("yêu cầu không cho biết trang gửi nó (thiếu Origin)", None)
            return None
        if len(origins) != 1 or origins[0] not in self.door.origins:
            self._refuse(f"trang gửi yêu cầu ({', '.join(origins)}) không phải trang viết bài "
                         f"({' hay '.join(self.door.origins)})", None)
            return None
        if self.path != API_PATH:
            self._refuse(f"địa chỉ {self.path} không có ở máy chủ cục bộ (chỉ có {API_PATH})", origins[0])
            return None
        return origins[0]

    def _cors(self, origin: str) -> None:
        self.send_header("Access-Control-Allow-Origin", origin)
        self.send_header("Vary", "Origin")

    def _refuse(self, reason: str, origin: str | None, body: Any = None) -> None:
        action = f" `{body.get('action')}`" if isinstance(body, dict) and isinstance(body.get("action"), str) else ""
        self.log(printable(f"Máy chủ cục bộ từ chối {self.command}{action} từ {self.headers.get('Origin') or 'trang không rõ'} "
                           f"(Host {self.headers.get('Host') or 'trống'}): {reason}"))
        data = json.dumps({"error": reason}, ensure_ascii=False).encode("utf-8")
        self.send_response(403)
        if origin:  # only the form may read why; any other page learns nothing
            self._cors(origin)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log(self, line: str) -> None:
        raise NotImplementedError  # set by _handler


def _handler(door: Door, rules: Rules, backend: Path, log: Callable[[str], None], lock: threading.Lock):
    return type("Handler", (_GuardHandler,), {"door": door, "rules": rules, "backend": backend, "lock": lock,
                                              "log": staticmethod(log)})


def _forward(backend: Path, data: bytes) -> tuple[int, str, bytes]:
    connection = _UnixConnection(backend, BACKEND_SECONDS)
    try:
        connection.request("POST", API_PATH, data, {"Content-Type": "application/json; charset=utf-8"})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", "application/json"), response.read()
    finally:
        connection.close()


@contextlib.contextmanager
def guarding(door: Door, rules: Rules, backend: Path, log: Callable[[str], None]) -> Iterator[str]:
    """The guard on ``door.host:door.port`` in front of decap-server's socket ``backend``; yields the API address."""
    try:
        server = ThreadingHTTPServer((door.host, door.port), _handler(door, rules, backend, log, threading.Lock()))
    except OSError as exc:
        raise RuntimeError(f"không mở được cổng {door.port} cho máy chủ cục bộ ({exc.strerror or exc}): có thể một "
                           "`make edit` khác đang chạy; dừng nó, hoặc chọn cổng khác bằng NTTV_EDITOR_PORT") from None
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="nttv-guard", daemon=True)
    thread.start()
    try:
        yield f"http://{door.host}:{door.port}{API_PATH}"
    finally:
        server.shutdown()
        server.server_close()
