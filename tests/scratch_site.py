"""A scratch repository that several tests of one module can share (the `scratch` fixture makes one per test)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

import pytest

from conftest import TODAY, Scratch, expect_mark, make_scratch, shared_cache


def shared_scratch(root: Path) -> Scratch:
    """The same layout as the `scratch` fixture, in ``root``."""
    return make_scratch(root)


@contextlib.contextmanager
def fixed_environment() -> Iterator[None]:
    """What the autouse `fixed_today` fixture sets, for the length of a module-scoped fixture's build."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NTTV_TODAY", TODAY)
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        yield


def build_samples(root: Path, plan_changes: dict[str, str] | None = None) -> Path:
    """The repository's own samples (plan, content, stories, theme) built with ``mkdocs build --strict``
    in ``root``; returns the built site. What the build printed is kept in ``root/build.log``.
    ``plan_changes`` replaces lines of the copied plan first (each must be there)."""
    import shutil
    import subprocess
    import sys

    from conftest import REPO

    expect_mark("build")
    for name in ("mkdocs.yml", "content", "stories", "theme"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    if plan_changes:
        plan = root / "content" / "plan.yml"
        text = plan.read_text(encoding="utf-8")
        for old, new in plan_changes.items():
            assert old in text, old
            text = text.replace(old, new)
        plan.write_text(text, encoding="utf-8")
    with fixed_environment(), shared_cache(root):
        built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root,
                               capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    (root / "build.log").write_text(built.stderr, encoding="utf-8")
    return root / "site"
