"""Shared fixtures: a scratch repository built in tmp_path, and valid stories to start from."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-29"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("NTTV_TODAY", TODAY)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


def story_text(body: str = "Nội dung câu chuyện.\n", **fields) -> str:
    """A valid individual story (binh-xuyen, 2024-05-08, all criteria), with ``fields`` replaced.

    A field set to None is removed. Dates are written as plain YYYY-MM-DD, as editors write them.
    """
    data = {
        "title": "Cô giáo mở lớp học miễn phí",
        "kind": "individual",
        "person": {"name": "Nguyễn Thị Hoa"},
        "chapter": "binh-xuyen",
        "deed": "Mở lớp học miễn phí cho trẻ em khó khăn",
        "criteria": ["phap-luat", "dia-chi-nhan-dao", "tam-guong"],
        "date": "2024-05-08",
        "consent": {"by": "Nguyễn Thị Hoa", "date": "2024-05-01", "scope": ["website", "facebook", "zalo"]},
    }
    if fields.get("kind") == "collective" and "criteria" not in fields:
        data["criteria"] = ["huong-ung", "giup-do-het", "lan-toa"]
    if fields.get("kind") == "collective":
        data["consent"]["by"] = "Nguyễn Thị Hoa (Chủ nhiệm câu lạc bộ)"  # a collective consents through a representative
    for key, value in fields.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None)
    front = front.replace("'", "")  # dates and ids unquoted, as editors write them
    return f"---\n{front}---\n{body}"


@dataclass
class Scratch:
    """A repository laid out like the real one: plan, mkdocs.yml, theme, content pages, no stories."""

    root: Path

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def story(self, relative: str, text: str | None = None, **fields) -> Path:
        """Write ``stories/<relative>``: the given text, or ``story_text(**fields)``."""
        return self.write(f"stories/{relative}", text if text is not None else story_text(**fields))

    def mkdocs(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", *args], cwd=self.root, capture_output=True, text=True,
            env={**os.environ}, timeout=600,
        )

    def build(self, strict: bool = False) -> subprocess.CompletedProcess:
        return self.mkdocs("build", *(["--strict"] if strict else []))

    def nttv(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "generator.cli", *args], cwd=self.root, capture_output=True, text=True,
            env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=600,
        )

    def html(self, url: str) -> str:
        """The built page at a site address such as ``cau-chuyen/2024/co-giao/``."""
        return (self.root / "site" / url.strip("/") / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def scratch(tmp_path: Path) -> Scratch:
    return make_scratch(tmp_path / "repo")


def make_scratch(root: Path) -> Scratch:
    """A fresh scratch repository at ``root``; for fixtures shared by a whole module."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "theme", root / "theme")
    (root / "content").mkdir()
    # The sample mark stays in the repository: a scratch column has no logo (the header draws a neutral one).
    plan = (REPO / "content" / "plan.yml").read_text(encoding="utf-8")
    plan = re.sub(r"(?m)^  (logo|favicon): .*$", r"  \1: null", plan)
    (root / "content" / "plan.yml").write_text(plan, encoding="utf-8")
    shutil.copy(REPO / "content" / "don-vi.yml", root / "content" / "don-vi.yml")
    for page, title in (("phong-trao.md", "Phong trào"), ("de-cu.md", "Giới thiệu")):
        (root / "content" / page).write_text(f"# {title}\n", encoding="utf-8")
    (root / "stories").mkdir()
    return Scratch(root)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The shipped samples, built once for every test module that reads them."""
    from scratch_site import build_samples

    return build_samples(tmp_path_factory.mktemp("samples"))


@pytest.fixture(autouse=True)
def _new_process_caches():
    """Each test starts as a new process would: no story, page or search copy kept in memory from
    another test's site (`mkdocs serve` keeps them between its builds; the files in .cache stay)."""
    from generator.reading import story_cache
    from generator.rendering import memo, search

    for kept in (story_cache._LAST, memo._LAST, search._COPIES):
        kept.clear()
    yield
