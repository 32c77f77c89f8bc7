"""Shared fixtures: a scratch repository built in tmp_path, and valid stories to start from.

Slow work is marked (`build`, `browser`, `scale`, registered in pyproject.toml) so that `make test-fast`
can leave it out; `expect_mark` fails a test that does such work without its mark.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-29"

# The test being run (setup, call and teardown), for expect_mark.
_RUNNING: list[pytest.Item] = []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _RUNNING.append(item)
    try:
        return (yield)
    finally:
        _RUNNING.pop()


def expect_mark(kind: str) -> None:
    """Fail the running test if it does ``kind`` work (build, browser, scale) without that mark:
    unmarked, `make test-fast` would run it and stop being fast."""
    if _RUNNING and _RUNNING[-1].get_closest_marker(kind) is None:
        pytest.fail(f"{_RUNNING[-1].nodeid} does `{kind}` work: mark it @pytest.mark.{kind}", pytrace=False)


_SLOW_MARKS = ("build", "browser", "scale", "slow")
_LONGEST_FIRST = ("scale", "browser", "build", "slow")


def pytest_collection_modifyitems(items):
    """Files with scale, then browser, build and slow tests first, each file's tests kept together and in
    order: run side by side (`make test`), the longest files start first and the processes end together."""
    weight: dict[str, int] = {}
    for item in items:
        rank = next((i for i, mark in enumerate(_LONGEST_FIRST) if item.get_closest_marker(mark)), len(_LONGEST_FIRST))
        weight[item.nodeid.split("::")[0]] = min(rank, weight.get(item.nodeid.split("::")[0], len(_LONGEST_FIRST)))
    items.sort(key=lambda item: weight[item.nodeid.split("::")[0]])


def pytest_terminal_summary(terminalreporter):
    """Seconds spent per mark (setup, call and teardown; a test with two marks counts in both), so a
    run says which kind of test its time went to. Works across pytest-xdist's workers."""
    seconds: dict[str, float] = {}
    tests: dict[str, set[str]] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if not isinstance(report, pytest.TestReport):
                continue
            marks = [mark for mark in _SLOW_MARKS if mark in report.keywords] or ["unmarked"]
            for mark in marks:
                seconds[mark] = seconds.get(mark, 0.0) + report.duration
                tests.setdefault(mark, set()).add(report.nodeid)
    if seconds:
        shown = ", ".join(f"{mark} {seconds[mark]:.0f} s ({len(tests[mark])} tests)"
                          for mark in (*_SLOW_MARKS, "unmarked") if mark in seconds)
        terminalreporter.write_line(f"time by mark: {shown}")


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


def without_reminders(text: str) -> str:
    """Output without `nttv check`'s November reminders of reports (TODAY is in November): for tests about something else."""
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("Nhắc việc: "))


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
        expect_mark("build")
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", *args], cwd=self.root, capture_output=True, text=True,
            env={**os.environ}, timeout=600,
        )

    def build(self, strict: bool = False, fresh_cache: bool = False) -> subprocess.CompletedProcess:
        """``mkdocs build`` here. Cards, photos and search copies already made by another test's build
        are lent to this one (the caches are keyed by content); ``fresh_cache`` for a test of that work."""
        with contextlib.nullcontext() if fresh_cache else shared_cache(self.root):
            return self.mkdocs("build", *(["--strict"] if strict else []))

    def nttv(self, *args: str) -> subprocess.CompletedProcess:
        """`nttv` with ``args``, run in this process from the repository's folder, as an editor runs it."""
        return run_nttv(self.root, *args)

    def plan(self):
        """The plan of this repository: the session's reading when the file is the scratch default."""
        from generator.reading.plan import load_plan

        path = self.root / "content" / "plan.yml"
        if path.read_text(encoding="utf-8") != _scratch_plan_text():
            return load_plan(path)
        return dataclasses.replace(_scratch_plan(), path=path, register=path.parent / "don-vi.yml",
                                   activities=path.parent / "hoat-dong.yml")

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
    (root / "content" / "plan.yml").write_text(_scratch_plan_text(), encoding="utf-8")
    shutil.copy(REPO / "content" / "don-vi.yml", root / "content" / "don-vi.yml")
    # A fresh column has recorded no activity yet: the register the plan names is there, empty.
    (root / "content" / "hoat-dong.yml").write_text("activities: []\n", encoding="utf-8")
    for page, title in (("phong-trao.md", "Phong trào"), ("de-cu.md", "Giới thiệu")):
        (root / "content" / page).write_text(f"# {title}\n", encoding="utf-8")
    (root / "stories").mkdir()
    return Scratch(root)


def _scratch_plan_text() -> str:
    # The sample mark stays in the repository: a scratch column has no logo (the header draws a neutral one).
    plan = (REPO / "content" / "plan.yml").read_text(encoding="utf-8")
    return re.sub(r"(?m)^  (logo|favicon): .*$", r"  \1: null", plan)


_PLANS: dict[str, object] = {}


def _scratch_plan():
    """The scratch plan, read once a session (reading the plan's YAML takes a tenth of a second)."""
    if "scratch" not in _PLANS:
        import tempfile

        from generator.reading.plan import load_plan

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "plan.yml"
            path.write_text(_scratch_plan_text(), encoding="utf-8")
            _PLANS["scratch"] = load_plan(path)
    return _PLANS["scratch"]


def run_nttv(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`nttv` run in this process from ``root``, its output caught: what a subprocess would give,
    without starting Python and importing the generator again (about a second each). The generator
    keeps nothing in module memory, so a run starts as a new process would."""
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), _no_input():
            try:
                code = main(list(args))
            except SystemExit as exit:  # argparse: --help, or a wrong use of the command
                code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 2)
    finally:
        os.chdir(previous)
    return subprocess.CompletedProcess(["nttv", *args], code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _no_input() -> Iterator[None]:
    """An empty standard input that is not a terminal, as `subprocess.run(capture_output=True)` gives."""
    previous = sys.stdin
    sys.stdin = io.StringIO("")
    try:
        yield
    finally:
        sys.stdin = previous


# Caches keyed by what they hold (cards by their text, photos by their bytes): one build's work is
# valid for any other, so test builds share it. Printed bulletins are not shared: `nttv edition`
# runs after a build, and its tests count what it prints.
_POOL: list[Path] = []


@contextlib.contextmanager
def shared_cache(root: Path) -> Iterator[None]:
    """Lend the session's cache to the build in ``root``, and keep what the build adds to it.

    Files are hard links: the generator replaces a cache file by renaming a new one over it and
    prunes by unlinking, so neither touches the session's copy. Search copies are one entry, merged.
    """
    import json
    import tempfile

    from generator.cache import PAGE_CARDS, PHOTOS, POSTERS, SEARCH, SHARE_CARDS, Store
    from generator.rendering.search import COPIES

    if not _POOL:
        _POOL.append(Path(tempfile.mkdtemp(prefix="nttv-test-cache-")))
    pool = _POOL[0]
    shared = [kind.path for kind in (SHARE_CARDS, PAGE_CARDS, PHOTOS, POSTERS)]
    for folder in shared:
        _link_files(pool / folder, root / folder)
    copies, pooled_copies = Store(root / SEARCH.path, SEARCH), Store(pool / SEARCH.path, SEARCH)
    lent = pooled_copies.get(COPIES)
    if lent is not None and not copies.has(COPIES):
        copies.put(COPIES, lent)
    yield
    for folder in shared:
        _link_files(root / folder, pool / folder)
    new = copies.get(COPIES)
    if new is not None:
        try:
            merged = {**json.loads(pooled_copies.get(COPIES) or b"{}"), **json.loads(new)}
        except ValueError:
            return
        pooled_copies.put(COPIES, json.dumps(merged, ensure_ascii=False).encode("utf-8"))


def _link_files(source: Path, target: Path) -> None:
    if not source.is_dir():
        return
    for path in source.rglob("*"):
        if path.is_file() and not path.name.startswith(".") and not path.name.endswith(".tmp"):
            linked = target / path.relative_to(source)
            if not linked.exists():
                linked.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(path, linked)
                except OSError:
                    shutil.copy2(path, linked)


def repo_plan():
    """The repository's own plan (content/plan.yml), read once a session: a plan is immutable."""
    if "repo" not in _PLANS:
        from generator.reading.plan import load_plan

        _PLANS["repo"] = load_plan(REPO / "content" / "plan.yml")
    return _PLANS["repo"]


@pytest.fixture(scope="session")
def plan():
    """The repository's own plan, for tests that take it as a fixture."""
    return repo_plan()


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The shipped samples, built once for every test module that reads them."""
    from scratch_site import build_samples

    return build_samples(tmp_path_factory.mktemp("samples"))


@pytest.fixture(autouse=True)
def _rendering_the_site_is_build_work(monkeypatch):
    """`build_site` (the core of every build, `nttv generate` included) renders every page: a test
    that runs it must be marked `build`, whether through MkDocs or in this process."""
    import generator.build

    rendering = generator.build.render_pages

    def render_pages(*args, **kwargs):
        expect_mark("build")
        return rendering(*args, **kwargs)

    monkeypatch.setattr(generator.build, "render_pages", render_pages)


@pytest.fixture(autouse=True)
def _printing_is_browser_work(monkeypatch):
    """The bulletin's PDF is printed by Chromium: a test that prints must be marked `browser`."""
    from generator.publishing import editions

    printing = editions.print_pdf

    def print_pdf(*args, **kwargs):
        expect_mark("browser")
        return printing(*args, **kwargs)

    monkeypatch.setattr(editions, "print_pdf", print_pdf)
