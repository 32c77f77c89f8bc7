"""Working offline: Decap's local backend (``decap-server``) on 127.0.0.1, and ``make edit``.

``decap-server`` in git mode saves each story on a local branch ``cms/…`` of the repository, as the
hosted form opens a pull request; "Công bố" (publish) merges that branch into the current one.
``python -m generator.editor.local`` runs it together with ``mkdocs serve`` and stops both.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

from ..engine import serve_command
from .settings import LOCAL_PORT
from .site import PORT_VARIABLE, EditorMissing, node_modules

HOST = "127.0.0.1"
START_SECONDS = 30
STOP_SECONDS = 10
SITE_PORT = 8000


def decap_server_command(root: Path) -> list[str]:
    """The command that starts the local backend; ``EditorMissing`` says what to install when node is absent."""
    node = shutil.which("node")
    if node is None:
        raise EditorMissing("không tìm thấy lệnh `node` (Node.js) cần cho máy chủ cục bộ của trang viết bài: "
                            "cài Node.js 18 trở lên (Debian, Ubuntu: `apt-get install nodejs npm`; Windows, macOS: "
                            "nodejs.org), rồi chạy `make node_modules`")
    script = node_modules(root) / "decap-server" / "dist" / "index.js"
    if not script.is_file():
        raise EditorMissing("chưa cài decap-server (máy chủ cục bộ của trang viết bài): chạy `make node_modules`")
    return [node, str(script)]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float) -> None:
    """Return once something listens on ``port``; raise if ``process`` ends first or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"tiến trình {process.args[0]} đã dừng (mã {process.returncode}) trước khi mở cổng {port}")
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"sau {seconds:.0f} giây vẫn chưa có gì ở cổng {port}")


def stop(process: subprocess.Popen) -> None:
    """End ``process`` and everything it started, politely first; never leaves it running."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(STOP_SECONDS)


@contextlib.contextmanager
def local_backend(root: Path, port: int, log: Path | None = None) -> Iterator[str]:
    """``decap-server`` in git mode for the repository at ``root``; yields its API address."""
    if not (root / ".git").exists():
        raise EditorMissing(f"{root} không phải một bản sao git của kho: máy chủ cục bộ lưu mỗi bài trên một nhánh git "
                            "(git clone kho của chi hội rồi chạy lại trong thư mục đó)")
    env = {**os.environ, "PORT": str(port), "BIND_HOST": HOST, "MODE": "git", "GIT_REPO_DIRECTORY": str(root),
           "LOG_LEVEL": "info"}
    output = open(log, "wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(decap_server_command(root), cwd=root, env=env, stdout=output, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        wait_for_port(port, process, START_SECONDS)
        yield f"http://{HOST}:{port}/api/v1"
    finally:
        stop(process)
        if log:
            output.close()


def run_edit(root: Path, backend_port: int = LOCAL_PORT, site_port: int = SITE_PORT) -> int:
    """``make edit``: the local backend and ``mkdocs serve`` until Ctrl-C (or SIGTERM), then both stopped."""
    stopping = []

    def ask_stop(signum, frame):
        stopping.append(signum)

    signal.signal(signal.SIGTERM, ask_stop)
    signal.signal(signal.SIGINT, ask_stop)
    env = {**os.environ, PORT_VARIABLE: str(backend_port)}
    try:
        with local_backend(root, backend_port):
            site = subprocess.Popen(serve_command(f"{HOST}:{site_port}", editing=True),
                                    cwd=root, env=env, start_new_session=True)
            try:
                wait_for_port(site_port, site, 600)
                print(f"Trang viết bài: http://{HOST}:{site_port}/quan-tri/ (dừng: Ctrl-C)", flush=True)
                while not stopping and site.poll() is None:
                    time.sleep(0.2)
            finally:
                stop(site)
    except (EditorMissing, RuntimeError) as exc:
        if stopping:
            return 0
        print(f"make edit: {exc}", file=sys.stderr)
        return 1
    print("Đã dừng máy chủ cục bộ và mkdocs serve.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(run_edit(Path.cwd(), int(os.environ.get(PORT_VARIABLE) or LOCAL_PORT),
                      int(os.environ.get("NTTV_SITE_PORT") or SITE_PORT)))
