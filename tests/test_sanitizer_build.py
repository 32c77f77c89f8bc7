"""The public sanitizer vectors (tests/data/sanitizer-vectors/) published in one build: `nttv check`
and the build say no traceback and no internal error, every vector's story is published, and in
Chromium no script of any of them runs."""

from __future__ import annotations

import json
import time

import pytest
from conftest import story_text
from scratch_site import fixed_environment, shared_scratch
from test_sanitizer_vectors import OWN, VECTORS

from generator.markup import remote_images

CONSENT = {"by": "Nguyễn Thị Hoa", "date": "2026-01-05", "scope": ["website"]}
PER_STORY = 15  # vectors per story: one page each would make the build needlessly long

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    repo = shared_scratch(tmp_path_factory.mktemp("sanitizer-build") / "repo")
    # A vector with a NUL byte or an image from another host keeps its story off the site (the fast
    # test checks that it is refused with a reason): the pages carry every other one.
    payloads = [payload for payload in [vector["payload"] for vector in VECTORS] + OWN
                if "\x00" not in payload and not remote_images(payload)]
    groups = [payloads[start:start + PER_STORY] for start in range(0, len(payloads), PER_STORY)]
    for number, group in enumerate(groups):
        body = "Mở đầu.\n\n" + "\n\n".join(f"{payload}\n\nSau mẫu {number}-{index}." for index, payload in enumerate(group))
        (repo.root / "stories" / "2026").mkdir(parents=True, exist_ok=True)
        (repo.root / "stories" / "2026" / f"mau-{number:02d}.md").write_text(
            story_text(title=f"Bài mẫu vệ sinh mã số {number}", chapter="tinh", date="2026-03-01", consent=CONSENT,
                       person={"name": f"Nguyễn Văn Mẫu {chr(65 + number % 26)}{number}"}, body=body), encoding="utf-8")
    with fixed_environment():
        check = repo.nttv("check", "--format", "json")
        build = repo.build()
    return {"repo": repo, "check": check, "problems": json.loads(check.stdout), "build": build, "groups": len(groups),
            "payloads": len(payloads)}


def test_no_traceback_no_internal_error_and_every_vector_published(runs):
    assert runs["payloads"] >= 300
    for run in (runs["check"], runs["build"]):
        assert "Traceback" not in run.stdout + run.stderr
        assert "lỗi của chương trình" not in run.stdout + run.stderr
    assert runs["build"].returncode == 0, runs["build"].stderr
    assert not [p for p in runs["problems"] if p["severity"] == "error"]
    site = runs["repo"].root / "site" / "cau-chuyen" / "2026"
    assert all((site / f"mau-{number:02d}" / "index.html").is_file() for number in range(runs["groups"]))


@pytest.mark.browser
def test_no_script_of_any_vector_runs_in_chromium(runs):
    from browser import chromium, served

    pages = [f"cau-chuyen/2026/mau-{number:02d}/" for number in range(runs["groups"])]
    started = time.monotonic()
    ran: list[str] = []
    with served(runs["repo"].root / "site") as origin, chromium() as browser:
        context = browser.new_context()
        # Whatever a vector would call to show that it ran is recorded instead.
        context.add_init_script("""
            window.__ran = [];
            for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
                window[name] = (...args) => { window.__ran.push(name + ":" + args.join(",")); };
            }
        """)
        page = context.new_page()
        page.on("dialog", lambda dialog: (ran.append(f"dialog {dialog.message}"), dialog.dismiss()))
        for address in pages:
            page.goto(origin + address, wait_until="load")
            page.wait_for_timeout(50)
            ran += [f"{address}: {call}" for call in page.evaluate("window.__ran")]
            assert "Mở đầu." in page.locator("article").first.inner_text()
        context.close()
    assert not ran, ran
    assert time.monotonic() - started < 120
