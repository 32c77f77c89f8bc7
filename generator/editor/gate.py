"""``nttv check`` on what a local save or "Công bố" would put on the working branch, before it gets there.

The files are those of a git commit (or tree), with the changes the request would make applied, laid
out in a temporary folder; the repository and its working tree are not touched.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Mapping

from .. import cli

GIT_SECONDS = 120


class GateError(Exception):
    """The files to check could not be laid out (git failed): the write is refused all the same."""


def git(root: Path, *args: str, env: Mapping[str, str] | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=GIT_SECONDS,
                            env={**os.environ, **(env or {})})
    if result.returncode != 0:
        raise GateError(f"git {' '.join(args)}: {result.stderr.strip() or result.returncode}")
    return result.stdout.strip()


def problems(root: Path, treeish: str, changes: Mapping[str, bytes | None] | None = None,
             moves: list[tuple[str, str]] | None = None, merged_into: str | None = None) -> list[str]:
    """The errors ``nttv check`` finds in ``treeish`` with ``changes`` applied (a path to its new
    content, or None to delete it), then ``moves``; an empty list when the check passes. Warnings do
    not count. A move takes a file to its new path and, as decap-server does, the other files of its
    old folder to the new folder. With ``merged_into``, the files are those of ``treeish`` (a branch)
    merged into that branch."""
    with tempfile.TemporaryDirectory(prefix="nttv-kiem-tra-") as temp:
        # A merge computed here writes git objects: into this folder, not the repository's.
        objects = Path(temp) / "objects"
        objects.mkdir()
        env = {"GIT_OBJECT_DIRECTORY": str(objects),
               "GIT_ALTERNATE_OBJECT_DIRECTORIES": str((root / git(root, "rev-parse", "--git-path", "objects")).resolve())}
        if merged_into:
            treeish = _merged_tree(root, merged_into, treeish, env)
        tree = Path(temp) / "kho"
        tree.mkdir()
        _extract(root, treeish, tree, env)
        for path, data in (changes or {}).items():
            target = tree / path
            if data is None:
                target.unlink(missing_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        for old, new in moves or []:
            _move(tree, old, new)
        return _check(tree)


def _merged_tree(root: Path, into: str, branch: str, env: Mapping[str, str]) -> str:
    """The tree ``branch`` merged into ``into`` would have; the tip of ``branch`` where git cannot say
    (git older than 2.38, or a conflict, which the merge itself then reports)."""
    with contextlib.suppress(GateError):
        return git(root, "merge-tree", "--write-tree", into, branch, env=env).splitlines()[0]
    return git(root, "rev-parse", "--verify", f"{branch}^{{tree}}", env=env)


def _move(tree: Path, old: str, new: str) -> None:
    source, target = tree / old, tree / new
    if not source.is_file():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    source.rename(target)
    for path in sorted(source.parent.rglob("*")):
        if path.is_file():
            moved = target.parent / path.relative_to(source.parent)
            moved.parent.mkdir(parents=True, exist_ok=True)
            path.rename(moved)


def _extract(root: Path, treeish: str, folder: Path, env: Mapping[str, str]) -> None:
    process = subprocess.Popen(["git", "archive", "--format=tar", treeish], cwd=root, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env={**os.environ, **env})
    try:
        with tarfile.open(fileobj=process.stdout, mode="r|") as archive:
            archive.extractall(folder, filter="data")
    except (tarfile.TarError, OSError) as exc:
        process.kill()
        raise GateError(f"không chép được các tệp của {treeish} để kiểm tra ({exc})") from None
    finally:
        error = process.stderr.read().decode("utf-8", "replace").strip()
        process.wait(GIT_SECONDS)
    if process.returncode != 0:
        raise GateError(f"git archive {treeish}: {error or process.returncode}")


def _check(tree: Path) -> list[str]:
    # In process: the editor's machine does not pay for starting Python and loading the generator again.
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(["--root", str(tree), "check"])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        except Exception as exc:  # whatever stops the check stops the write: nothing unchecked reaches the branch
            return [f"nttv check dừng giữa chừng: {type(exc).__name__}: {exc}"]
    if code == 0:
        return []
    errors = [line for line in out.getvalue().splitlines() if line.strip() and not line.endswith("(cảnh báo)")]
    return errors or [line for line in err.getvalue().splitlines() if line.strip()] or [f"nttv check thoát mã {code}"]
