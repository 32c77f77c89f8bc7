"""Working offline: Decap's local backend (``decap-server``) behind our guard on 127.0.0.1, and ``make edit``.

``decap-server`` in git mode saves each story on a local branch ``cms/…`` of the repository, as the
hosted form opens a pull request; "Công bố" (publish) merges that branch into the current one once
``nttv check`` passes on it. It listens on a private Unix socket; the guard (``guard.py``) is the only
way in. ``python -m generator.editor.local`` runs both together with ``mkdocs serve`` and stops them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator

from ..engine import serve_command
from ..problems import NttvError
from ..reading.plan import load_plan
from .config import cms_config
from .guard import Door, Rules, guarding
from .scope import scope_of
from .settings import LOCAL_PORT, load_settings
from .site import PORT_VARIABLE, EditorMissing, node_modules

HOST = "127.0.0.1"
START_SECONDS = 30
STOP_SECONDS = 10
SITE_PORT = 8000
PLAN = "content/plan.yml"
# Makes decap-server listen on a Unix socket instead of a TCP port (see the file).
SOCKET_PRELOAD = Path(__file__).with_name("unix-socket.cjs")


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
    return [node, "--require", str(SOCKET_PRELOAD), str(script)]


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


def wait_for_socket(path: Path, process: subprocess.Popen, seconds: float) -> None:
    """Return once something listens on the Unix socket ``path``; raise if ``process`` ends first or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"decap-server đã dừng (mã {process.returncode}) trước khi sẵn sàng")
        with contextlib.suppress(OSError), socket.socket(socket.AF_UNIX) as probe:
            probe.connect(str(path))
            return
        time.sleep(0.1)
    raise RuntimeError(f"sau {seconds:.0f} giây decap-server vẫn chưa sẵn sàng")


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


def guard_rules(root: Path, port: int) -> Rules:
    """What the form may do in the repository at ``root``: the collections of the configuration a build
    would write for it (``/quan-tri/config.yml``), on the plan's branch."""
    plan_path = root / PLAN
    plan, settings = load_plan(plan_path), load_settings(plan_path)
    return Rules(scope_of(cms_config(plan, settings, port, root), root), settings.branch)


def _printer(log: Path | None) -> Callable[[str], None]:
    stream = sys.stderr  # the stream of make edit's terminal, even while the check's output is being collected

    def write(line: str) -> None:
        if log is None:
            print(line, file=stream, flush=True)
        else:
            with open(log, "a", encoding="utf-8") as file:
                file.write(line + "\n")

    return write


@contextlib.contextmanager
def local_backend(root: Path, port: int, site_port: int = SITE_PORT, log: Path | None = None) -> Iterator[str]:
    """``decap-server`` in git mode for the repository at ``root``, behind the guard on 127.0.0.1:``port``
    that admits only the form served on 127.0.0.1:``site_port``; yields the API address. The guard's
    refusals go to ``log`` (with decap-server's own lines) or else to the terminal."""
    if not (root / ".git").exists():
        raise EditorMissing(f"{root} không phải một bản sao git của kho: máy chủ cục bộ lưu mỗi bài trên một nhánh git "
                            "(git clone kho của Hội rồi chạy lại trong thư mục đó)")
    root = root.resolve()
    rules = guard_rules(root, port)
    command = decap_server_command(root)
    with tempfile.TemporaryDirectory(prefix="nttv-") as private:  # mode 700: only this user reaches the socket
        backend = Path(private) / "decap.sock"
        env = {**os.environ, "NTTV_DECAP_SOCKET": str(backend), "MODE": "git", "GIT_REPO_DIRECTORY": str(root),
               "LOG_LEVEL": "info"}
        output = open(log, "ab") if log else subprocess.DEVNULL
        process = subprocess.Popen(command, cwd=root, env=env, stdout=output, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        try:
            wait_for_socket(backend, process, START_SECONDS)
            with guarding(Door(HOST, port, site_port), rules, backend, _printer(log)) as url:
                yield url
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
        with local_backend(root, backend_port, site_port):
            site = subprocess.Popen(serve_command(f"{HOST}:{site_port}", editing=True),
                                    cwd=root, env=env, start_new_session=True)
            try:
                wait_for_port(site_port, site, 600)
                print(f"Trang viết bài: http://{HOST}:{site_port}/quan-tri/ (dừng: Ctrl-C)", flush=True)
                while not stopping and site.poll() is None:
                    time.sleep(0.2)
            finally:
                stop(site)
    except (EditorMissing, NttvError, RuntimeError, OSError) as exc:
        if stopping:
            return 0
        print(f"make edit: {exc}", file=sys.stderr)
        return 1
    print("Đã dừng máy chủ cục bộ và trang xem trước.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(run_edit(Path.cwd(), int(os.environ.get(PORT_VARIABLE) or LOCAL_PORT),
                      int(os.environ.get("NTTV_SITE_PORT") or SITE_PORT)))
