"""The Chia sẻ box in a real browser: Debian's Chromium driven by Playwright, the site served on 127.0.0.1.

A missing browser fails these tests rather than skipping them: `make test` installs `chromium`.
"""

from __future__ import annotations


import pytest

from browser import chromium
from browser import served as served_site
from scratch_site import fixed_environment, shared_scratch
from test_sharecard import sideways_photo

pytestmark = [pytest.mark.build, pytest.mark.browser]

STORY = "cau-chuyen/2024/co-giao-mo-lop/"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The built scratch site with one story on 127.0.0.1, and the kit `nttv share` wrote for that story."""
    scratch = shared_scratch(tmp_path_factory.mktemp("browser") / "repo")
    (scratch.root / "stories" / "2024").mkdir()
    (scratch.root / "stories" / "2024" / "lop-hoc.jpg").write_bytes(sideways_photo())
    scratch.story("2024/co-giao-mo-lop.md", body=(
        "Cô Hoa 😊 dạy **miễn phí** cho 30 em – “lớp học sáng đèn”.\n\n"
        "- thứ Hai: Toán\n- thứ Tư: Tiếng Việt & <Tiếng Anh>\n\n<!-- more -->\n\nPhần sau.\n"),
        photos=[{"src": "lop-hoc.jpg", "alt": "Lớp học buổi tối"}])
    with fixed_environment():
        built = scratch.build(strict=True)
        assert built.returncode == 0, built.stderr
        shared = scratch.nttv("share")
        assert shared.returncode == 0, shared.stderr
    with served_site(scratch.root / "site") as origin:
        yield origin, scratch.root / "share" / "co-giao-mo-lop"


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def open_story(browser, origin: str, init_script: str = ""):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin.rstrip("/"))
    page = context.new_page()
    if init_script:
        page.add_init_script(init_script)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(origin + STORY)
    return page, requests


def test_copy_button_puts_post_txt_on_the_clipboard(served, browser):
    origin, kit = served
    page, requests = open_story(browser, origin)
    page.get_by_role("button", name="Sao chép bài viết").click()
    page.wait_for_function("document.querySelector('.nttv-share__status').textContent.length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == (kit / "post.txt").read_text(encoding="utf-8")
    assert "Đã sao chép" in page.locator(".nttv-share__status").inner_text()
    assert requests and all(url.startswith(origin) for url in requests), "the page asked another site for something"


def test_zalo_without_share_sheet_copies_post_zalo_txt(served, browser):
    origin, kit = served
    page, _ = open_story(browser, origin, "delete Navigator.prototype.share; delete Navigator.prototype.canShare;")
    page.get_by_role("button", name="Chia sẻ qua Zalo").click()
    page.wait_for_function("document.querySelector('.nttv-share__status').textContent.length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == (kit / "post-zalo.txt").read_text(encoding="utf-8")


def test_zalo_hands_title_summary_and_link_to_the_share_sheet(served, browser):
    origin, _ = served
    page, _ = open_story(browser, origin, (
        "navigator.share = (data) => { window.sharedWith = data; return Promise.resolve(); };"
        "navigator.canShare = () => true;"))
    page.get_by_role("button", name="Chia sẻ qua Zalo").click()
    page.wait_for_function("window.sharedWith !== undefined")
    shared = page.evaluate("window.sharedWith")
    assert shared["title"] == "Cô giáo mở lớp học miễn phí"
    assert shared["url"] == f"https://nguoitotviecthien.example.org/{STORY}"
    assert shared["text"].startswith("Cô Hoa 😊 dạy miễn phí cho 30 em – “lớp học sáng đèn”.")


def test_without_clipboard_api_the_post_is_selected_for_copying_by_hand(served, browser):
    origin, kit = served
    page, _ = open_story(browser, origin, (
        "Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});"
        "document.execCommand = () => false;"))
    page.get_by_role("button", name="Sao chép bài viết").click()
    page.wait_for_function("document.querySelector('.nttv-share__status').textContent.length > 0")
    assert "chọn sẵn" in page.locator(".nttv-share__status").inner_text()
    selected = page.evaluate(
        "(() => { const a = document.activeElement; return [a.id, a.value.substring(a.selectionStart, a.selectionEnd)]; })()")
    assert selected == ["nttv-post", (kit / "post.txt").read_text(encoding="utf-8")]
    assert page.locator("details.nttv-share__texts").get_attribute("open") is not None
