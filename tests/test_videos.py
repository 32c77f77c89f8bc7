"""Videos in a story: which links on a line of their own become a video block, what the check says
when the consent does not cover the video, and how the page, the posts, the feed, the bulletin,
the poster and the web editor's form show it. Real Chromium on the built page: test_video_browser.py."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from PIL import Image

from conftest import story_text
from generator.cache import POSTERS, Store
from generator import cli
from generator.build import Bodies
from generator.counting.tally import count_targets
from generator.editor.config import VIDEO_HINT, cms_config
from generator.editor.settings import EditorSettings
from generator.media.poster import HEIGHT, WIDTH, PosterText, render_poster, video_posters
from generator.reading.plan import load_plan
from generator.reading.story import read_story
from generator.rendering.context import Context
from generator.rendering.edition import Edition, Period, render_edition
from generator.rendering.export import newspaper_text
from generator.rendering.feeds import render_feeds
from generator.rendering.social import post_text, zalo_summary
from generator.rendering.video import page_body, print_body
from generator.videos import find_videos

REPO = Path(__file__).resolve().parent.parent
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
FACEBOOK = "https://www.facebook.com/chuthapdobinhxuyen/videos/1234567890/"
STATION = "https://phuthotv.vn/thoi-su/lop-hoc-tinh-thuong-12345.htm"
EVERY_SCOPE = ["website", "facebook", "zalo", "print", "broadcast"]
BODY = f"""Cô Hoa mở lớp học buổi tối cho các em nhỏ.

[Phóng sự: lớp học tình thương]({YOUTUBE})

Chi hội đăng clip trên Facebook:
{FACEBOOK}

<!-- more -->

[Bản tin thời sự tối 8/5]({STATION})

Hết.
"""


@pytest.fixture(scope="module")
def plan():
    return load_plan(REPO / "content" / "plan.yml")


def read(tmp_path: Path, plan, body: str = BODY, scope=EVERY_SCOPE, **fields):
    path = tmp_path / "stories" / "2024" / "video.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(story_text(body=body, consent={"by": "Nguyễn Thị Hoa", "date": "2024-05-01", "scope": scope},
                               **fields), encoding="utf-8")
    return read_story(path, tmp_path, plan)


@pytest.mark.parametrize("line, platform, player, short", [
    ("https://youtu.be/dQw4w9WgXcQ", "youtube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
     "youtu.be/dQw4w9WgXcQ"),
    ("<https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s>", "youtube",
     "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=90", "youtu.be/dQw4w9WgXcQ?t=90"),
    ("[Clip ngắn](https://www.youtube.com/shorts/dQw4w9WgXcQ)", "youtube",
     "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1", "youtu.be/dQw4w9WgXcQ"),
    ("  https://www.facebook.com/watch/?v=1234567890", "facebook",
     "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fwatch%2F%3Fv%3D1234567890"
     "&show_text=false&t=0", "facebook.com/watch?v=1234567890"),
    ("https://fb.watch/abcDEF123/", "facebook",
     "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Ffb.watch%2FabcDEF123%2F&show_text=false&t=0",
     "fb.watch/abcDEF123"),
    ("[Phóng sự](https://www.phuthotv.vn/phong-su/co-hoa.htm \"Đài tỉnh\")", "broadcaster", "", "phuthotv.vn/phong-su/co-hoa.htm"),
    ("https://vtv.vn/video/nguoi-tot-viec-thien-123.htm", "broadcaster", "", "vtv.vn/video/nguoi-tot-viec-thien-123.htm"),
])
def test_a_link_on_its_own_line_is_a_video(plan, line, platform, player, short):
    (video,), others = find_videos(f"Mở đầu.\n\n{line}\n\nKết.", plan.broadcasters)
    assert (video.platform, video.player, video.short_address) == (platform, player, short)
    assert others == ()


@pytest.mark.parametrize("text", [
    "Xem phóng sự https://youtu.be/dQw4w9WgXcQ trên kênh của đài.",  # inside a sentence
    "- https://youtu.be/dQw4w9WgXcQ",  # a list item
    "```\nhttps://youtu.be/dQw4w9WgXcQ\n```",  # code
    "    https://youtu.be/dQw4w9WgXcQ",  # indented code
    "https://phuthotv.vn/",  # the station's home page, not a video
    "https://example.org/video/123",  # not a host of the plan
    "https://youtu.be.example.org/dQw4w9WgXcQ",
])
def test_other_links_stay_links(plan, text):
    assert find_videos(text, plan.broadcasters)[0] == ()


def test_a_cut_off_video_address_is_named_by_the_check_and_a_channel_is_a_plain_link(tmp_path, plan):
    story, problems = read(tmp_path, plan, body="Mở đầu.\n\nhttps://www.youtube.com/watch?v=dQw4w9\n\n"
                                                "https://www.youtube.com/@chuthapdo\n")
    assert story is not None and story.videos == ()
    assert [(p.line, p.severity.name) for p in problems] == [(16, "WARNING")]  # the front matter ends on line 13
    assert "không đọc được mã video" in problems[0].message


def test_the_check_names_the_missing_scope_on_the_links_line(scratch, plan, capsys, monkeypatch):
    story, _ = read(scratch.root, plan, scope=["website", "zalo"])
    monkeypatch.chdir(scratch.root)
    assert cli.main(["check", "stories/2024/video.md"]) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("stories/")]
    # The front matter ends on line 13: the YouTube link is on 16, Facebook on 19, the station on 23.
    assert [line.split(":", 3)[1] for line in lines] == ["16", "19", "23"]
    assert "video trên YouTube cần phạm vi đồng ý `broadcast`" in lines[0]
    assert "video trên Facebook cần phạm vi đồng ý `facebook`" in lines[1]
    assert "video của Đài Phát thanh và Truyền hình Phú Thọ cần phạm vi đồng ý `broadcast`" in lines[2]
    # The story itself is published, without the videos.
    assert story is not None and story.shown_videos() == ()
    assert "youtu" not in page_body(story) and "facebook" not in page_body(story) and "phuthotv" not in page_body(story)


def test_the_page_shows_a_poster_and_asks_no_host_before_the_tap(tmp_path, plan):
    story, problems = read(tmp_path, plan)
    assert problems == []
    html = page_body(story)
    assert html.count('<figure class="nttv-video') == 3
    assert re.findall(r'<img src="([^"]+)"', html) == ["video-1.png", "video-2.png", "video-3.png"]
    # Nothing on the page fetches from another host: the players are in data attributes, loaded by a tap.
    assert not re.search(r'<(?:iframe|script|img|source|link)\b[^>]*(?:src|href)="https?:', html)
    assert 'data-nttv-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in html
    assert 'data-nttv-player="https://www.facebook.com/plugins/video.php?href=' in html
    assert f'href="{STATION}" target="_blank" rel="noopener noreferrer"' in html
    assert "trang mới tải trình phát từ youtube-nocookie.com" in html
    assert "Bấm vào ảnh để xem trên trang phuthotv.vn (mở thẻ mới)" in html
    assert "<p>Chi hội đăng clip trên Facebook:</p>" in html and "<p>Hết.</p>" in html


def test_the_bulletin_prints_the_link_and_a_short_address(tmp_path, plan):
    story, _ = read(tmp_path, plan)
    printed = print_body(story)
    assert "nttv-video\"" not in printed and "<figure" not in printed and "data-nttv-player" not in printed
    assert f'<a href="{YOUTUBE}">Phóng sự: lớp học tình thương</a><br>Xem tại: youtu.be/dQw4w9WgXcQ' in printed
    assert "Xem tại: phuthotv.vn/thoi-su/lop-hoc-tinh-thuong-12345.htm" in printed
    edition = render_edition(Edition(plan, Period(dt.date(2024, 4, 1), dt.date(2024, 6, 30)), (story,),
                                     Bodies({story.source: story}, print_body), {}))
    assert "Xem tại: youtu.be/dQw4w9WgXcQ" in edition and "youtube-nocookie" not in edition


def test_posts_and_the_newspaper_show_the_link(tmp_path, plan):
    story, _ = read(tmp_path, plan)
    post = post_text(story, plan)
    assert f"Video (YouTube): Phóng sự: lớp học tình thương – {YOUTUBE}" in post
    assert f"Video (Facebook): {FACEBOOK}" in post
    assert "youtube" not in zalo_summary(story).lower()  # one line of text: a link there reads as noise
    assert f"Video (Đài Phát thanh và Truyền hình Phú Thọ): Bản tin thời sự tối 8/5 – {STATION}" in newspaper_text(story, plan, {})


def test_the_feed_carries_the_links_of_the_videos_the_consent_covers(tmp_path, plan):
    story, _ = read(tmp_path, plan, scope=["website", "facebook"])
    today = dt.date(2026, 11, 29)
    context = Context(plan, (story,), count_targets(plan, (story,), today), today)
    feed = next(page.text for page in render_feeds(context) if page.path == "cau-chuyen/feed.xml")
    assert f'<link rel="related" type="text/html" href="{FACEBOOK}" title="Video (Facebook): Cô giáo mở lớp học miễn phí"/>' in feed
    assert "youtube" not in feed and "phuthotv" not in feed and "<iframe" not in feed


def test_posters_are_drawn_once_and_kept(tmp_path, plan):
    story, _ = read(tmp_path, plan)
    first = video_posters((story,), Store(tmp_path / "cache", POSTERS))
    again = video_posters((story,), Store(tmp_path / "cache", POSTERS))
    assert [path for path, _ in first.files] == [f"cau-chuyen/2024/video/video-{n}.png" for n in (1, 2, 3)]
    assert (first.made, again.made) == (3, 0) and again.files == first.files
    picture = Image.open(io.BytesIO(first.files[0][1]))
    assert picture.format == "PNG" and picture.size == (WIDTH, HEIGHT) == (1200, 675)
    assert render_poster(PosterText("Một tiêu đề khác", "YouTube")) != first.files[0][1]


def test_the_editors_form_says_how_to_add_a_video(plan):
    config = cms_config(plan, EditorSettings("github", "a/b"), 8081)
    body = next(field for field in config["collections"][0]["fields"] if field["name"] == "body")
    assert body["hint"] == VIDEO_HINT
    # The channel a video needs, by the name the form shows for it (not the file's key `broadcast`).
    assert "trên một dòng riêng" in VIDEO_HINT and "“Phát thanh – truyền hình”" in VIDEO_HINT
    assert "broadcast" not in VIDEO_HINT


def test_an_iframe_pasted_in_the_body_is_removed_with_the_way_to_add_a_video(tmp_path, plan):
    _, problems = read(tmp_path, plan, body='Mở đầu.\n\n<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>\n')
    assert [p.line for p in problems] == [16]
    assert "`<iframe>`" in problems[0].message and "dán đường liên kết của video trên một dòng riêng" in problems[0].message
