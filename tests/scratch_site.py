"""A scratch repository that several tests of one module can share (the `scratch` fixture makes one per test)."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import Iterator

import pytest

from conftest import REPO, TODAY, Scratch


def shared_scratch(root: Path) -> Scratch:
    """The same layout as the `scratch` fixture, in ``root``."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "theme", root / "theme")
    (root / "content").mkdir()
    shutil.copy(REPO / "content" / "plan.yml", root / "content" / "plan.yml")
    for page, title in (("index.md", "Trang chủ"), ("phong-trao.md", "Phong trào"), ("de-cu.md", "Giới thiệu")):
        (root / "content" / page).write_text(f"# {title}\n", encoding="utf-8")
    (root / "stories").mkdir()
    return Scratch(root)


@contextlib.contextmanager
def fixed_environment() -> Iterator[None]:
    """What the autouse `fixed_today` fixture sets, for the length of a module-scoped fixture's build."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NTTV_TODAY", TODAY)
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        yield
