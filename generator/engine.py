"""The engine that builds and serves the site: MkDocs, ProperDocs or Zensical, chosen in one place.

MkDocs and ProperDocs run the ``nttv`` plugin inside their build. Zensical runs no MkDocs plugin: it
builds the site source that ``nttv generate`` writes (``site_source``), then the search index is
made as the plugin makes it. Either way the site lands in mkdocs.yml's ``site_dir``.

``python -m generator.engine build|serve`` is what ``make site``, ``check``, ``serve`` and
``publish`` run; the engine is ``--engine``, else ``NTTV_ENGINE`` (the Makefile's ``ENGINE``), else
``DEFAULT``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .cache import Caches
from .core import PLAN_OPTION, STORIES_OPTION, build_notes
from .dates import today
from .problems import NttvError
from .rendering.search import index_site
from .site_config import CONFIG, docs_dir, plugin_options, read_config
from .site_source import export_site

ENGINES = ("mkdocs", "properdocs", "zensical")
# The one place the default is chosen: README.md, "Engines", says when to switch it to zensical.
DEFAULT = "mkdocs"
VARIABLE = "NTTV_ENGINE"
ADDRESS = "127.0.0.1:8000"
POLL_SECONDS = 1.0


def chosen(name: str | None = None) -> str:
    """The engine named, else the one of ``NTTV_ENGINE``, else the default; an unknown name is refused."""
    engine = (name or os.environ.get(VARIABLE) or DEFAULT).strip().lower()
    if engine not in ENGINES:
        raise NttvError(f"không có công cụ dựng trang {engine!r}: chọn một trong {', '.join(ENGINES)} "
                        f"(ví dụ `make site ENGINE=zensical`)")
    return engine


def build(root: Path, engine: str, strict: bool = False) -> int:
    """Build the site of the repository at ``root`` into its ``site_dir``; the engine's exit status."""
    if engine != "zensical":
        return subprocess.call([sys.executable, "-m", engine, "build", *(["--strict"] if strict else [])], cwd=root)
    site = root / str(read_config(root / CONFIG).get("site_dir", "site"))
    with tempfile.TemporaryDirectory(prefix="nttv-zensical-") as scratch:
        source = Path(scratch) / "nguon"
        if not _generate(root, source, preview=False) and strict:
            print("nttv: có truyện lỗi (xem ở trên): dừng dựng trang vì --strict", file=sys.stderr)
            return 1
        status = subprocess.call([sys.executable, "-m", "zensical", "build", *(["--strict"] if strict else [])],
                                 cwd=source)
        if status != 0:
            return status
        shutil.rmtree(site, ignore_errors=True)
        shutil.move(source / "site", site)
    print(f"Tìm kiếm: {index_site(site, Caches(root).search)}", file=sys.stderr)
    return 0


def serve_command(address: str = ADDRESS, engine: str | None = None, editing: bool = False) -> list[str]:
    """The command that previews the site at ``address`` until stopped: ``make serve``, or with ``editing``
    the preview beside the web editor of ``make edit`` (a full rebuild on each save, no live reload)."""
    engine = chosen(engine)
    if engine == "zensical":
        return [sys.executable, "-m", __name__, "serve", "--engine", engine, "-a", address]
    if editing:
        return [sys.executable, "-m", engine, "serve", "--no-livereload", "-a", address]
    # --dirty: a save rebuilds only the pages whose content changed (generated pages included).
    return [sys.executable, "-m", engine, "serve", "--dirty", "-a", address]


def serve_zensical(root: Path, address: str) -> int:
    """``zensical serve`` of the generated source, generated again whenever a file it comes from is saved."""
    stopping: list[int] = []
    signal.signal(signal.SIGTERM, lambda signum, frame: stopping.append(signum))
    with tempfile.TemporaryDirectory(prefix="nttv-zensical-") as scratch:
        source = Path(scratch) / "nguon"
        _generate(root, source, preview=True)
        watched = _watched(root)
        seen = _state(watched)
        server = subprocess.Popen([sys.executable, "-m", "zensical", "serve", "-a", address], cwd=source,
                                  start_new_session=True)
        try:
            while not stopping and server.poll() is None:
                time.sleep(POLL_SECONDS)
                now = _state(watched)
                if now != seen:
                    seen = now
                    print("Có tệp vừa lưu: dựng lại mã nguồn trang…", file=sys.stderr, flush=True)
                    try:
                        regenerate(root, source, Path(scratch) / "moi")
                    except NttvError as exc:  # a broken plan: said, and the preview waits for the next save
                        print(f"nttv: {exc}", file=sys.stderr, flush=True)
        except KeyboardInterrupt:
            pass
        finally:
            _stop(server)
    return 0


def regenerate(root: Path, source: Path, staging: Path) -> int:
    """Generate the source again into ``staging`` and copy into ``source`` only what changed (and remove
    what is gone), so that the server watching ``source`` rebuilds those pages; the files changed."""
    shutil.rmtree(staging, ignore_errors=True)  # left by a run that stopped half way
    _generate(root, staging, preview=True)
    fresh = _tree(staging)
    changed = 0
    for name, path in fresh.items():
        target = source / name
        if not target.is_file() or target.read_bytes() != path.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            changed += 1
    tops = {name.split("/")[0] for name in fresh}
    for name, path in _tree(source).items():
        if name.split("/")[0] in tops and name not in fresh:
            path.unlink()
            changed += 1
    shutil.rmtree(staging)
    return changed


def _generate(root: Path, out: Path, preview: bool) -> bool:
    """``nttv generate`` into ``out``, its problems printed; False when a story was left out for an error."""
    exported = export_site(root, out, today(), preview=preview)
    for problem in exported.problems:
        print(f"{problem}" + ("" if problem.is_error else " (cảnh báo)"), file=sys.stderr)
    for note in build_notes(exported.build):
        print(note, file=sys.stderr, flush=True)
    return not any(problem.is_error for problem in exported.problems)


def _watched(root: Path) -> list[Path]:
    config = read_config(root / CONFIG)
    options = plugin_options(config)
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    names = [CONFIG, docs_dir(config), str(options.get("stories", STORIES_OPTION)),
             str(options.get("plan", PLAN_OPTION)), *([str(custom)] if custom else [])]
    return [root / name for name in names]


def _state(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """Each file's modification time and size: a save, a new file or a removed one changes it."""
    state = {}
    for path in paths:
        for file in ([path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []):
            with contextlib.suppress(OSError):
                stat = file.stat()
                state[file.as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return state


def _tree(folder: Path) -> dict[str, Path]:
    return {path.relative_to(folder).as_posix(): path for path in folder.rglob("*")
            if path.is_file() and not path.relative_to(folder).as_posix().startswith(("site/", ".cache/"))}


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.engine",
                                     description="Dựng hoặc xem trước trang bằng công cụ đã chọn.")
    parser.add_argument("action", choices=("build", "serve"))
    parser.add_argument("--engine", help=f"{', '.join(ENGINES)} (mặc định: biến {VARIABLE}, rồi {DEFAULT})")
    parser.add_argument("--strict", action="store_true", help="build: dừng khi có truyện lỗi hoặc cảnh báo của công cụ")
    parser.add_argument("-a", "--address", default=ADDRESS, help=f"serve: địa chỉ xem trước (mặc định {ADDRESS})")
    args = parser.parse_args(argv)
    root = Path.cwd()
    try:
        engine = chosen(args.engine)
        if args.action == "build":
            return build(root, engine, args.strict)
        if engine == "zensical":
            return serve_zensical(root, args.address)
        return subprocess.call(serve_command(args.address, engine))
    except NttvError as exc:
        print(f"nttv: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
