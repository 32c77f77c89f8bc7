"""One build of the shipped samples with hostile stories of every class of issue 19 beside them, and the
public sanitizer vectors as published stories: every sample is still published, no hostile story is,
`nttv check` names each, no traceback or internal error anywhere, and in Chromium no script runs."""

from __future__ import annotations

import json
import os
import shutil
import time

import pytest
from conftest import REPO, TODAY, story_text
from scratch_site import fixed_environment, shared_scratch
from test_sanitizer_vectors import OWN, VECTORS

from generator.reading.collection import load_collection
from generator.reading.plan import load_plan

CONSENT = {"by": "Nguyễn Thị Hoa", "date": "2026-01-05", "scope": ["website", "facebook"]}
PER_STORY = 15  # vectors per published story: one page each would make the build needlessly long


def hostile(title: str, *extra: str, **fields) -> str:
    text = story_text(title=title, chapter="tinh", date="2026-02-01", consent=fields.pop("consent", CONSENT), **fields)
    front, body = text[4:].split("---\n", 1)
    return "---\n" + front + "".join(f"{line}\n" for line in extra) + "---\n" + body


# (path under stories/, text, the field `nttv check` names)
HOSTILE = [
    ("2026/khong-dong-y.md", hostile("Lớp một không đồng ý", consent={**CONSENT, "by": "không đồng ý"}), "consent.by"),
    ("2026/chua-hoi.md", hostile("Lớp hai chưa hỏi", consent={**CONSENT, "by": "Chưa hỏi gia đình"}), "consent.by"),
    ("2026/dau-hoi.md", hostile("Lớp ba dấu hỏi", consent={**CONSENT, "by": "?"}), "consent.by"),
    ("2026/khong-dau.md", hostile("Lớp bốn không dấu", consent={**CONSENT, "by": "khong dong y"}), "consent.by"),
    ("2026/chu-cai-dau.md", hostile("Lớp năm chữ cái đầu", consent={**CONSENT, "by": "N.V.A"}), "consent.by"),
    ("2026/nguoi-giam-ho.md", hostile("Lớp sáu người giám hộ", person={"name": "Lê Minh An", "birth_year": 2015},
                                      consent={**CONSENT, "by": "Lê Minh An", "guardian": "Chưa đồng ý (mẹ)"}),
     "consent.guardian"),
    ("2026/draft-hoa.md", hostile("Lớp bảy Draft", "Draft: false"), "Draft"),
    ("2026/draft-kirin.md", hostile("Lớp tám Kirin", "drаft: true"), "drаft"),
    ("2026/nhap.md", hostile("Lớp chín nháp", "bản nháp: có"), "bản nháp"),
    ("2026/trang-thai.md", hostile("Lớp mười trạng thái", "status: draft"), "status"),
    ("2026/an-bai.md", hostile("Lớp mười một ẩn", "published: false"), "published"),
    ("2026/nhap-thut-vao.md", hostile("Lớp mười hai thụt vào", "person:", "  name: Trần Thị Mai", "  draft: true",
                                      person=None), "person.draft"),
    ("2026/rut-trong.md", hostile("Lớp mười ba rút trống", "withdrawn:"), "withdrawn"),
    ("2026/rut-ngoac.md", hostile("Lớp mười bốn rút ngoặc", 'withdrawn: ""'), "withdrawn"),
    ("٢٠٢٦/so-a-rap.md", hostile("Lớp mười lăm số Ả Rập"), "(tên tệp)"),
    ("２０２６/so-toan-kho.md", hostile("Lớp mười sáu số toàn khổ"), "(tên tệp)"),
    ("2026/" + "bai-rat-dai-" * 10 + "x.md", hostile("Lớp mười bảy tên dài"), "(tên tệp)"),
]
LINKED = "2022"  # a folder linked inside stories/, to a real year folder of the samples


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    repo = shared_scratch(tmp_path_factory.mktemp("fail-closed") / "repo")
    shutil.rmtree(repo.root / "stories")
    shutil.copytree(REPO / "stories", repo.root / "stories")
    shutil.copytree(REPO / "content", repo.root / "content", dirs_exist_ok=True)
    for relative, text, _ in HOSTILE:
        repo.write(f"stories/{relative}", text)
    os.symlink(repo.root / "stories" / "2023", repo.root / "stories" / LINKED, target_is_directory=True)
    payloads = [vector["payload"] for vector in VECTORS] + OWN
    groups = [payloads[start:start + PER_STORY] for start in range(0, len(payloads), PER_STORY)]
    for number, group in enumerate(groups):
        body = "Mở đầu.\n\n" + "\n\n".join(f"{payload}\n\nSau mẫu {number}-{index}." for index, payload in enumerate(group))
        repo.write(f"stories/2026/mau-ve-sinh-{number:02d}.md",
                   story_text(title=f"Bài mẫu vệ sinh mã số {number}", chapter="tinh", date="2026-03-01",
                              consent=CONSENT, person={"name": f"Nguyễn Văn Mẫu {chr(65 + number % 26)}{number}"}, body=body))
    with fixed_environment():
        started = time.monotonic()
        check = repo.nttv("check", "--format", "json")
        build = repo.build()
        seconds = time.monotonic() - started
    return {"repo": repo, "check": check, "problems": json.loads(check.stdout), "build": build, "groups": len(groups),
            "seconds": seconds}


def published_sample_pages() -> set[str]:
    os.environ.setdefault("NTTV_TODAY", TODAY)
    samples = load_collection(REPO, load_plan(REPO / "content" / "plan.yml"), REPO / "stories")
    import datetime as dt
    return {story.page_path.removesuffix(".md") for story in samples.visible(dt.date.fromisoformat(TODAY))}


@pytest.mark.build
def test_no_traceback_and_no_internal_error_anywhere(runs):
    for run in (runs["check"], runs["build"]):
        assert "Traceback" not in run.stderr + run.stdout
        assert "lỗi của chương trình" not in run.stderr + run.stdout
    assert runs["build"].returncode == 0, runs["build"].stderr
    assert runs["check"].returncode == 1


@pytest.mark.build
def test_every_sample_is_still_published(runs):
    site = runs["repo"].root / "site"
    missing = [page for page in published_sample_pages() if not (site / page / "index.html").is_file()]
    assert not missing and len(published_sample_pages()) >= 40, missing


@pytest.mark.build
@pytest.mark.parametrize("relative, text, field", HOSTILE, ids=[case[0] for case in HOSTILE])
def test_no_hostile_story_is_published_and_check_names_each(runs, relative, text, field):
    path = f"stories/{relative}"
    errors = [p for p in runs["problems"] if p["path"] == path and p["severity"] == "error"]
    assert any(p["field"] == field for p in errors), [p for p in runs["problems"] if p["path"] == path]
    title = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("title:"))
    site = runs["repo"].root / "site"
    assert not [page for page in site.rglob("*.html") if title in page.read_text(encoding="utf-8")], title


@pytest.mark.build
def test_a_linked_folder_is_named_and_read_through_no_link(runs):
    assert any(p["path"] == f"stories/{LINKED}" and "liên kết (symlink)" in p["message"] for p in runs["problems"])
    assert not (runs["repo"].root / "site" / "cau-chuyen" / LINKED).exists()


@pytest.mark.build
@pytest.mark.browser
def test_no_script_of_any_vector_runs_in_chromium(runs):
    from browser import chromium, served

    site = runs["repo"].root / "site"
    pages = [f"cau-chuyen/2026/mau-ve-sinh-{number:02d}/" for number in range(runs["groups"])]
    assert all((site / page / "index.html").is_file() for page in pages)
    started = time.monotonic()
    ran: list[str] = []
    with served(site) as origin, chromium() as browser:
        context = browser.new_context(java_script_enabled=True)
        # Whatever a vector would call to show it ran, recorded instead of shown.
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
            assert page.locator("article").count() >= 1
        context.close()
    assert not ran, ran
    assert time.monotonic() - started < 120
