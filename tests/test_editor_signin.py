"""The sign-in screen of /quan-tri/ tells an editor, in plain Vietnamese, what to do when signing in fails.

It shows at once, before Decap CMS has arrived (on a slow phone that takes seconds), and stays
under Decap's sign-in button without covering it.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from conftest import REPO, repo_plan

from generator.editor.settings import load_settings
from generator.editor.site import editor_files

PLAN = repo_plan()
SETTINGS = load_settings(REPO / "content" / "plan.yml")
# What an editor should never have to read on this screen.
TECHNICAL = re.compile(r"OAuth|token|PKCE|callback|proxy|backend|config|Decap|API|\bURL\b|JavaScript|popup", re.I)


def page(settings=SETTINGS) -> str:
    return next(f for f in editor_files(REPO, PLAN, settings) if f.path == "quan-tri/index.html").data.decode()


def help_text(html: str) -> str:
    section = re.search(r'<section id="nttv-signin".*?</section>', html, re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section)).strip()


@pytest.mark.parametrize("backend, options, host", [
    ("github", (), "GitHub"),
    ("gitlab", (("auth_type", "pkce"), ("app_id", "abc")), "GitLab"),
    ("forgejo", (("app_id", "abc"), ("base_url", "https://codeberg.org")), "Codeberg"),
    ("gitea", (("app_id", "abc"), ("base_url", "https://git.hoi.vn")), "Gitea"),
])
def test_the_help_names_the_account_to_sign_in_with_in_plain_words(backend, options, host):
    text = help_text(page(dataclasses.replace(SETTINGS, backend=backend, options=options)))
    assert "Không đăng nhập được?" in text
    assert f"tài khoản {host} mà người quản trị đã thêm" in text
    assert "người quản trị" in text and "cho phép" in text
    assert not TECHNICAL.search(text), TECHNICAL.search(text)


@pytest.mark.build
@pytest.mark.browser
def test_the_help_shows_before_decap_arrives_and_stays_clear_of_its_button(sample_site: Path):
    from browser import chromium, served

    with served(sample_site) as origin, chromium() as browser:
        page = browser.new_page(viewport={"width": 360, "height": 780}, locale="vi-VN")
        held = []
        page.route("**/decap/decap-cms.js", lambda route: held.append(route))
        page.goto(origin + "quan-tri/", wait_until="commit")
        wait = page.get_by_role("status")
        wait.wait_for()
        assert "Đang mở trang viết bài" in wait.inner_text()
        assert page.get_by_role("heading", name="Không đăng nhập được?").is_visible()
        page.wait_for_timeout(200)
        held[0].continue_()

        button = page.locator("#nc-root button", has_text="Đăng nhập").first
        button.wait_for(timeout=60_000)
        help_box = page.locator("#nttv-signin")
        page.wait_for_function("document.documentElement.dataset.nttvScreen === 'sign-in'")
        assert help_box.is_visible() and not wait.is_visible()
        top_of_help, bottom_of_button = help_box.bounding_box()["y"], button.bounding_box()["y"] + button.bounding_box()["height"]
        assert bottom_of_button < top_of_help
        assert not page.locator('[class*="NetlifyCreditIcon"]').is_visible()  # no maker's logo under the button
        assert "người quản trị" in help_box.inner_text()
