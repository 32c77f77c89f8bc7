"""The post text a social-media officer copies: golden files for real-looking stories, and its rules."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import repo_plan
from generator.rendering.social import (
    ZALO_SUMMARY_MAX, ZALO_TITLE_MAX, clip, hashtags, plain_text, post_text, share_channels, zalo_post_text,
)
from generator.reading.story import Consent, Person, Story, read_story

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
STORIES = sorted(GOLDEN.glob("*.md"))
SITE = "https://chuthapdo.example.vn/nguoi-tot/"
TODAY = dt.date(2026, 11, 29)


@pytest.fixture(scope="module")
def plan():
    return dataclasses.replace(repo_plan(), site_url=SITE)


def golden_story(path: Path, plan) -> Story:
    story, problems = read_story(path, GOLDEN, plan)
    assert story is not None, [str(p) for p in problems]
    assert not [p for p in problems if p.is_error]
    return story


def check_golden(path: Path, text: str) -> None:
    """Compare with the golden file; NTTV_UPDATE_GOLDEN=1 rewrites it (then review the diff)."""
    if os.environ.get("NTTV_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_there_are_golden_stories():
    assert len(STORIES) >= 6


@pytest.mark.parametrize("source", STORIES, ids=lambda p: p.stem)
def test_post_text_matches_golden_file(source, plan):
    story = golden_story(source, plan)
    check_golden(source.with_suffix(".post.txt"), post_text(story, plan))
    check_golden(source.with_suffix(".zalo.txt"), zalo_post_text(story, plan))


@pytest.mark.parametrize("source", STORIES, ids=lambda p: p.stem)
def test_post_text_is_plain_and_opens_with_who_did_what(source, plan):
    story = golden_story(source, plan)
    text = post_text(story, plan)
    lines = text.split("\n")
    assert lines[0].endswith(story.title[-15:])
    assert lines[1].endswith(story.deed)
    assert story.person.name in text[:125]
    assert story.deed[:20] in text[:125]
    assert f"{SITE}cau-chuyen/{story.year}/{story.slug}/" in text
    assert text.rstrip("\n").split("\n")[-1].startswith("#NguoiTotViecThien")
    for leftover in ("**", "__", "](", "<", ">", "`", "![", "# ", "&amp;", "&quot;", "<!--"):
        assert leftover not in text.replace(SITE, ""), leftover
    assert not re.search(r"[\U0001D400-\U0001D7FF]", text), "Unicode-bold letters left"
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize("source", STORIES, ids=lambda p: p.stem)
def test_zalo_post_has_title_summary_link_within_limits(source, plan):
    story = golden_story(source, plan)
    title, blank, summary, blank2, link, end = zalo_post_text(story, plan).split("\n")
    assert (blank, blank2, end) == ("", "", "")
    assert 0 < len(title) <= ZALO_TITLE_MAX
    assert 0 < len(summary) <= ZALO_SUMMARY_MAX
    assert link == f"{SITE}cau-chuyen/{story.year}/{story.slug}/"


def test_emoji_and_quotes_are_kept_exactly(plan):
    story = golden_story(GOLDEN / "emoji-va-ngoac-kep.md", plan)
    text = post_text(story, plan)
    for kept in ("❤️", "🍚", "😊", "👩‍👧‍👦", "🙏🏽", "“Còn sức thì còn giúp được người ta”", "'bà tiên'", '"mẹ Mận"', "«Cho đi là còn mãi»"):
        assert kept in text
    assert "🇻🇳" not in text, "the part after <!-- more --> stays out of the post"


def test_a_very_long_story_is_cut_at_a_word(plan):
    story = golden_story(GOLDEN / "truyen-rat-dai.md", plan)
    text = post_text(story, plan)
    assert len(text) < 1200
    assert "…" in text
    assert "Đoạn thứ 4" not in text


@pytest.mark.parametrize("markdown, expected", [
    ("**đậm** và *nghiêng* và `mã`", "đậm và nghiêng và mã"),
    ("[Hội Chữ thập đỏ](https://example.org)", "Hội Chữ thập đỏ"),
    ("Dòng một  \nDòng hai", "Dòng một\nDòng hai"),
    ("- một\n- hai\n\nSau danh sách", "• một\n• hai\n\nSau danh sách"),
    ("3. ba\n4. bốn", "3. ba\n4. bốn"),
    ("A &amp; B &lt;C&gt;", "A & B <C>"),
    ("<div>trong thẻ</div>\n\n<style>p{}</style>", "trong thẻ"),
    ("𝐍𝐠𝐮̛𝐨̛̀𝐢 𝐭𝐨̂́𝐭 𝘷𝘪𝘦̣̂𝘤 𝘵𝘩𝘪𝘦̣̂𝘯", "Người tốt việc thiện"),
    ("Chú thích[^1].\n\n[^1]: ghi chú", "Chú thích."),
])
def test_markdown_becomes_plain_text(markdown, expected):
    assert plain_text(markdown) == expected


@pytest.mark.parametrize("chapter, expected", [
    ("binh-xuyen", ("#NguoiTotViecThien", "#CongDongNhanAi", "#ChuThapDo", "#BinhXuyen")),
    ("phuong-vinh-yen", ("#NguoiTotViecThien", "#CongDongNhanAi", "#ChuThapDo", "#PhuongVinhYen")),
])
def test_hashtags_come_from_the_plan_and_the_chapter(plan, chapter, expected):
    assert hashtags(_story(chapter=chapter), plan) == expected


def test_hashtags_are_not_repeated_and_get_their_hash(plan):
    chapters = tuple(dataclasses.replace(c, hashtags=("ChuThapDo", "#Moi Moi")) if c.id == "tinh" else c for c in plan.chapters)
    changed = dataclasses.replace(plan, chapters=chapters)
    assert hashtags(_story(chapter="tinh"), changed) == ("#NguoiTotViecThien", "#CongDongNhanAi", "#ChuThapDo", "#MoiMoi")


@pytest.mark.parametrize("scope, withdrawn, draft, day, expected", [
    (("website", "facebook", "zalo"), None, False, "2024-05-08", ("facebook", "zalo")),
    (("website", "facebook"), None, False, "2024-05-08", ("facebook",)),
    (("website", "zalo", "print"), None, False, "2024-05-08", ("zalo",)),
    (("website",), None, False, "2024-05-08", ()),
    (("facebook", "zalo"), None, False, "2024-05-08", ()),
    (("website", "facebook", "zalo"), "2026-11-30", False, "2024-05-08", ("facebook", "zalo")),
    (("website", "facebook", "zalo"), "2026-11-29", False, "2024-05-08", ()),
    (("website", "facebook", "zalo"), "2025-01-10", False, "2024-05-08", ()),
    (("website", "facebook", "zalo"), None, True, "2024-05-08", ()),
    (("website", "facebook", "zalo"), None, False, "2026-12-01", ()),
])
def test_share_channels_follow_consent(scope, withdrawn, draft, day, expected):
    story = _story(scope=scope, withdrawn=dt.date.fromisoformat(withdrawn) if withdrawn else None, draft=draft,
                   date=dt.date.fromisoformat(day))
    assert share_channels(story, TODAY) == expected


@pytest.mark.parametrize("title, deed, expected_second_line", [
    ("Cô giáo mở lớp học miễn phí", "Mở lớp học miễn phí", "Nguyễn Thị Hoa: Mở lớp học miễn phí"),
    ("Nguyễn Thị Hoa và lớp học miễn phí", "Mở lớp học miễn phí", "Mở lớp học miễn phí"),
    ("Cô giáo mở lớp học miễn phí", "Cô Nguyễn Thị Hoa mở lớp học miễn phí", "Cô Nguyễn Thị Hoa mở lớp học miễn phí"),
])
def test_second_line_names_the_person_unless_the_title_or_deed_does(plan, title, deed, expected_second_line):
    assert post_text(_story(title=title, deed=deed), plan).split("\n")[1] == expected_second_line


@settings(deadline=None)  # a busy 2-core CI machine must not turn slowness into a failure
@given(st.text(min_size=0, max_size=600), st.integers(min_value=2, max_value=400))
def test_clip_never_exceeds_the_limit(text, limit):
    clipped = clip(text, limit)
    assert len(clipped) <= limit
    if len(text) <= limit:
        assert clipped == text
    else:
        assert clipped.endswith("…")


def _story(chapter="binh-xuyen", scope=("website", "facebook", "zalo"), withdrawn=None, draft=False,
           date=dt.date(2024, 5, 8), title="Cô giáo mở lớp học miễn phí", deed="Mở lớp học miễn phí") -> Story:
    return Story(
        source="stories/2024/co-giao.md", slug="co-giao", title=title, kind="individual",
        person=Person("Nguyễn Thị Hoa"), chapter=chapter, deed=deed,
        criteria=("phap-luat",), date=date, consent=Consent("Nguyễn Thị Hoa", dt.date(2024, 5, 1), scope),
        body="Nội dung.", withdrawn=withdrawn, draft=draft,
    )
