"""The engine setting: one default, `ENGINE=` of make (NTTV_ENGINE) choosing another, and Zensical's preview
generating the site source again when a story is saved."""

from __future__ import annotations

import contextlib
import io
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
import yaml

from conftest import REPO, story_text
from generator import engine


def test_the_default_is_mkdocs_and_the_setting_chooses_another(monkeypatch):
    monkeypatch.delenv(engine.VARIABLE, raising=False)
    assert engine.chosen() == "mkdocs"
    monkeypatch.setenv(engine.VARIABLE, "")  # `make site` without ENGINE exports it empty
    assert engine.chosen() == "mkdocs"
    monkeypatch.setenv(engine.VARIABLE, "Zensical")
    assert engine.chosen() == "zensical"
    assert engine.chosen("properdocs") == "properdocs"


def test_an_unknown_engine_stops_before_building_and_names_the_choices(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(engine.VARIABLE, "hugo")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert engine.main(["build"]) == 2
    assert "'hugo'" in err.getvalue() and "mkdocs, properdocs, zensical" in err.getvalue()
    assert list(tmp_path.iterdir()) == []


def test_make_edit_previews_with_the_chosen_engine(monkeypatch):
    monkeypatch.setenv(engine.VARIABLE, "zensical")
    assert engine.serve_command("127.0.0.1:8000", editing=True)[1:] == [
        "-m", "generator.engine", "serve", "--engine", "zensical", "-a", "127.0.0.1:8000"]
    monkeypatch.setenv(engine.VARIABLE, "")
    assert engine.serve_command("127.0.0.1:8000", editing=True)[1:] == [
        "-m", "mkdocs", "serve", "--no-livereload", "-a", "127.0.0.1:8000"]  # as `make edit` ran it before


def test_the_makefile_hands_engine_to_every_build_and_preview():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "export NTTV_ENGINE := $(ENGINE)" in makefile
    for target in ("site", "serve", "check", "publish"):
        recipe = makefile.split(f"\n{target}:", 1)[1].split("\n\n", 1)[0]
        assert "-m generator.engine" in recipe and "mkdocs build" not in recipe and "mkdocs serve" not in recipe, target


def test_pull_requests_are_built_on_mkdocs_and_on_zensical_with_the_problems_shown_once():
    job = yaml.safe_load((REPO / ".github" / "workflows" / "kiem-tra.yml").read_text(encoding="utf-8"))["jobs"]["kiem-tra"]
    assert job["strategy"]["matrix"]["engine"] == ["mkdocs", "zensical"]
    assert job["strategy"]["fail-fast"] is False  # a failure on one engine still shows the other's result
    step, = (step for step in job["steps"] if step.get("run") == "make check")
    assert step["env"]["ENGINE"] == "${{ matrix.engine }}"
    assert step["env"]["NTTV_CHECK_FORMAT"] == "${{ matrix.engine == 'mkdocs' && 'github' || 'text' }}"


@pytest.mark.build
def test_make_check_on_zensical_stops_at_a_bad_story_before_building(scratch, monkeypatch, capsys):
    scratch.story("2024/co-giao-mo-lop.md")
    scratch.story("2024/thieu-ngay.md", text=story_text(date=None, person={"name": "Trần Văn Nam"}))
    monkeypatch.chdir(scratch.root)
    assert engine.main(["build", "--engine", "zensical", "--strict"]) == 1
    said = capsys.readouterr().err
    assert "stories/2024/thieu-ngay.md" in said and "--strict" in said
    assert not (scratch.root / "site").exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str:
    with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=5) as answer:
        return answer.read().decode("utf-8")
    return ""


def _wait_for(url: str, text: str, process: subprocess.Popen, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the preview stopped (exit {process.returncode})"
        body = _fetch(url)
        if text in body:
            return body
        time.sleep(0.5)
    pytest.fail(f"{url} never showed {text!r}")


@pytest.mark.build
def test_zensical_preview_shows_a_saved_story_without_a_restart(scratch, tmp_path):
    scratch.story("2024/co-giao-mo-lop.md", title="Cô giáo mở lớp học miễn phí")
    port = _free_port()
    log = tmp_path / "serve.log"
    with open(log, "wb") as output:
        server = subprocess.Popen([sys.executable, "-m", "generator.engine", "serve", "--engine", "zensical",
                                   "-a", f"127.0.0.1:{port}"], cwd=scratch.root, stdout=output,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    story = f"http://127.0.0.1:{port}/cau-chuyen/2024/co-giao-mo-lop/"
    try:
        _wait_for(story, "Cô giáo mở lớp học miễn phí", server, 180)
        scratch.story("2024/co-giao-mo-lop.md", title="Cô giáo mười năm mở lớp học")
        _wait_for(story, "Cô giáo mười năm mở lớp học", server, 120)
        # A draft is shown in the preview, as under `mkdocs serve`.
        scratch.story("2024/ban-nhap.md", title="Bài còn nháp", draft=True, person={"name": "Trần Văn Nam"},
                      consent={"by": "Trần Văn Nam", "date": "2024-05-01", "scope": ["website"]})
        _wait_for(f"http://127.0.0.1:{port}/cau-chuyen/2024/ban-nhap/", "Bài còn nháp", server, 120)
    finally:
        engine._stop(server)
    assert "Có tệp vừa lưu" in log.read_text(encoding="utf-8")
