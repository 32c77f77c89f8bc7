"""Video blocks in real Chromium: the built story page asks no other host before a tap, a tap loads
the player in place (or opens the station's page in a new tab), and the web editor's preview shows
the poster. Every request leaving 127.0.0.1 is recorded and refused by Playwright's routing, so
nothing leaves the machine; a refused request is still a request the page made.
"""

from __future__ import annotations

import pytest
import yaml

from browser import chromium, served
from conftest import story_text
from scratch_site import fixed_environment, shared_scratch

pytestmark = [pytest.mark.build, pytest.mark.browser]

STORY = "cau-chuyen/2024/video/"
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
FACEBOOK = "https://www.facebook.com/chuthapdobinhxuyen/videos/1234567890/"
STATION = "https://phuthotv.vn/thoi-su/lop-hoc-tinh-thuong-12345.htm"
BODY = f"""Cô Hoa mở lớp học buổi tối cho các em nhỏ.

[Phóng sự: lớp học tình thương]({YOUTUBE})

Chi hội đăng clip trên Facebook:

{FACEBOOK}

[Bản tin thời sự tối 8/5]({STATION})
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The built scratch site, with one story linking a video of each kind, served on 127.0.0.1."""
    scratch = shared_scratch(tmp_path_factory.mktemp("video") / "repo")
    scratch.story("2024/video.md", story_text(body=BODY, consent={
        "by": "Nguyễn Thị Hoa", "date": "2024-05-01", "scope": ["website", "facebook", "broadcast"]}))
    with fixed_environment():
        built = scratch.build(strict=True)
    assert built.returncode == 0, built.stderr
    with served(scratch.root / "site") as origin:
        yield origin


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def open_page(browser, origin: str, address: str, edit=None):
    """A page at ``address`` whose requests to any other host are recorded, then refused."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def route(route):
        url = route.request.url
        if url.startswith(origin) or url.startswith(("data:", "blob:")):
            if edit and url.endswith("quan-tri/config.yml"):
                return route.fulfill(body=edit(route.fetch().text()), content_type="text/yaml")
            return route.continue_()
        outside.append(url)
        return route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.goto(origin + address)
    return context, page, outside


def test_nothing_is_asked_of_the_hosts_until_a_tap_loads_the_player(site, browser):
    context, page, outside = open_page(browser, site, STORY)
    posters = page.locator(".nttv-video__poster")
    assert posters.count() == 3
    for index in range(3):
        posters.nth(index).scroll_into_view_if_needed()
        assert page.locator(".nttv-video img").nth(index).evaluate("image => image.complete && image.naturalWidth") == 1200
    page.wait_for_load_state("networkidle")
    assert outside == [], "the page asked another host before any tap"
    assert page.locator("iframe").count() == 0
    captions = page.locator(".nttv-video figcaption").all_inner_texts()
    assert "tải trình phát từ youtube-nocookie.com" in captions[0] and captions[1].startswith("Facebook")
    assert "phuthotv.vn (mở thẻ mới)" in captions[2]

    page.get_by_role("link", name="Xem video: Phóng sự: lớp học tình thương (YouTube", exact=False).click()
    page.wait_for_function("document.querySelectorAll('iframe.nttv-video__player').length === 1")
    assert outside == ["https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"]
    assert page.locator("iframe.nttv-video__player").get_attribute("title") == "Phóng sự: lớp học tình thương (YouTube)"

    posters.first.click()  # the Facebook poster, now the first one left
    page.wait_for_function("document.querySelectorAll('iframe.nttv-video__player').length === 2")
    assert outside[1].startswith("https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2F")
    assert len(outside) == 2
    context.close()


def test_a_broadcasters_poster_opens_its_page_in_a_new_tab(site, browser):
    context, page, outside = open_page(browser, site, STORY)
    with context.expect_page() as opened:
        page.get_by_role("link", name="Xem video: Bản tin thời sự tối 8/5 (mở trang phuthotv.vn trong thẻ mới)").click()
    opened.value.wait_for_load_state("domcontentloaded")
    assert outside == [STATION]
    assert page.url == site + STORY and page.locator("iframe").count() == 0
    context.close()


def test_the_editors_preview_shows_the_poster(site, browser):
    def in_memory(text: str) -> str:
        # Decap's in-memory backend: the form and its preview without a git host or a local server.
        config = yaml.safe_load(text)
        config["backend"] = {"name": "test-repo"}
        config.pop("publish_mode", None)
        config.pop("local_backend", None)
        return yaml.safe_dump(config, allow_unicode=True)

    context, page, outside = open_page(browser, site, "quan-tri/", edit=in_memory)
    page.set_default_timeout(30_000)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(site + "quan-tri/#/collections/ca-nhan/new")
    page.get_by_label("Tiêu đề", exact=True).fill("Cô giáo mở lớp học")
    rest = page.locator('[class*="-ControlContainer"]', has=page.locator("label", has_text="Phần còn lại"))
    assert "trên một dòng riêng" in rest.inner_text()
    rest.locator("[contenteditable]").click()
    page.keyboard.type("https://youtu.be/dQw4w9WgXcQ")
    preview = page.frame_locator("iframe").first
    poster = preview.locator(".nttv-preview__poster")
    poster.wait_for()
    assert poster.get_attribute("aria-label") == "Ảnh bìa video: Cô giáo mở lớp học"
    assert preview.locator(".nttv-preview__poster-host").inner_text() == "YouTube"
    assert "chưa có “Phát thanh – truyền hình”" in preview.locator(".nttv-preview__video figcaption").inner_text()
    assert outside == []
    context.close()
