"""Withdrawn means gone everywhere: the site folder (also after `mkdocs build --dirty`), the share
kits of `nttv share`, and the photo and share-image caches, which keep only what a story under
`stories/` still refers to (drafts and future stories included, withdrawn ones not)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil

import pytest
from conftest import TODAY, Scratch, repo_plan
from photo_factory import phone_jpeg
from scratch_site import fixed_environment, shared_scratch

from generator.build import build_site
from generator.cache import PHOTOS, SHARE_CARDS
from generator.rendering.sharekit import KIT_MARK

pytestmark = pytest.mark.build

# A scratch column's photos only: the repository's own register of activities (and its photo) is not part of it.
PLAN = dataclasses.replace(repo_plan(), activities=None)
CONSENT = {"by": "Nguyễn Thị Hoa", "date": "2024-05-01", "scope": ["website", "facebook", "zalo"]}
GONE = "co-giao-mo-lop"
KEPT = "ong-ba-nau-com"


def photo(scratch, name: str, colour: int, year: int = 2024) -> dict:
    (scratch.root / f"stories/{year}").mkdir(parents=True, exist_ok=True)
    phone_jpeg(scratch.root / f"stories/{year}" / name, size=(640 + colour, 480))
    return {"src": name, "alt": f"Ảnh {name}"}


def write_stories(scratch, **change) -> None:
    fields = {"photos": [photo(scratch, "anh-co-hoa.jpg", 0)], "consent": CONSENT, "published_on": ["website", "facebook"]}
    fields.update(change)
    scratch.story(f"2024/{GONE}.md", **{k: v for k, v in fields.items() if v is not None})
    scratch.story(f"2024/{KEPT}.md", title="Ông bà nấu cơm", person={"name": "Trần Văn Ba"}, consent={**CONSENT, "by": "Trần Văn Ba"},
                  photos=[photo(scratch, "anh-ong-ba.jpg", 8)])
    scratch.story("2024/ban-nhap.md", title="Bản nháp", person={"name": "Lê Thị Lan"}, draft=True,
                  photos=[photo(scratch, "anh-nhap.jpg", 16)])
    scratch.story("2026/hen-dang.md", title="Bài hẹn đăng", person={"name": "Đỗ Văn Nam"}, date="2026-12-20", chapter="tinh",
                  consent={**CONSENT, "by": "Đỗ Văn Nam", "date": "2026-12-01"}, photos=[photo(scratch, "anh-hen.jpg", 24, 2026)])


def cache_entries(scratch) -> set[str]:
    folder = scratch.root / PHOTOS.path
    return {entry.name for entry in folder.glob("*/*")} if folder.is_dir() else set()


def cards(scratch) -> set[str]:
    return {card.name for card in (scratch.root / SHARE_CARDS.path).glob("*.jpg")}


def preview(scratch):
    """What `mkdocs serve` makes: drafts and future stories too."""
    return build_site(scratch.root, PLAN, scratch.root / "stories", dt.date.fromisoformat(TODAY), preview=True)


TAKEDOWNS = [
    ("withdrawn-earlier", {"withdrawn": "2026-11-01"}),
    ("withdrawn-today", {"withdrawn": TODAY}),
    ("misspelt-withdrawal", {"Withdrawn": "2026-11-01"}),
    ("website-left-out", {"consent": {**CONSENT, "scope": ["facebook", "zalo"]}}),
    ("file-deleted", None),
]


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The four stories previewed (as `mkdocs serve` does), built and given their share kits: the state
    every take-down below starts from, made once and copied for each."""
    scratch = shared_scratch(tmp_path_factory.mktemp("published") / "repo")
    with fixed_environment():
        write_stories(scratch)
        preview(scratch)
        built = scratch.build()
        shared = scratch.nttv("share")
    return scratch, built, shared


@pytest.mark.parametrize("change, kit_marked", [(case[1], True) for case in TAKEDOWNS] + [(TAKEDOWNS[0][1], False)],
                         ids=[case[0] for case in TAKEDOWNS] + ["kit-written-before-kits-were-marked"])
def test_a_story_taken_down_leaves_nothing_in_the_site_the_share_kits_or_the_caches(published, tmp_path, change, kit_marked):
    base, built, shared = published
    assert built.returncode == 0 and shared.returncode == 0, shared.stderr
    shutil.copytree(base.root, tmp_path / "repo", symlinks=True)
    scratch = Scratch(tmp_path / "repo")
    site = scratch.root / "site/cau-chuyen/2024"
    gone, kept = site / GONE, site / KEPT
    assert (gone / "index.html").is_file() and (gone / "chia-se.jpg").is_file() and list(gone.glob("anh-1-*.webp"))
    assert (scratch.root / "share" / GONE / "post.txt").is_file()
    if not kit_marked:
        (scratch.root / "share" / GONE / KIT_MARK).unlink()
    (scratch.root / "share" / KEPT / "ghi-chu-rieng.txt").write_text("của biên tập viên", encoding="utf-8")
    entries_before, cards_before = cache_entries(scratch), cards(scratch)
    assert len(entries_before) == 4 and len(cards_before) == 4  # drafts and future stories have theirs too

    if change is None:
        (scratch.root / "stories/2024" / f"{GONE}.md").unlink()
    else:
        write_stories(scratch, **change)
    shared = scratch.nttv("share", f"stories/2024/{KEPT}.md")  # named or not, a withdrawn kit goes
    assert shared.returncode == 0, shared.stderr
    assert not (scratch.root / "share" / GONE).exists()
    assert f"share/{GONE}/ của stories/2024/{GONE}.md" in shared.stdout
    assert (scratch.root / "share" / KEPT / "post.txt").is_file()
    assert (scratch.root / "share" / KEPT / "ghi-chu-rieng.txt").is_file()  # a file the tool did not write stays

    dirty = scratch.mkdocs("build", "--dirty")
    assert dirty.returncode == 0, dirty.stderr
    assert not gone.exists(), sorted(p.name for p in gone.iterdir())
    assert (kept / "index.html").is_file() and (kept / "chia-se.jpg").is_file() and list(kept.glob("anh-1-*.jpg"))
    every_page = "".join(p.read_text(encoding="utf-8") for p in (scratch.root / "site").rglob("*.html"))
    assert f"/{GONE}/" not in every_page and "Ảnh anh-co-hoa.jpg" not in every_page
    assert "Đã xóa những gì không còn được đăng" in dirty.stderr
    entries_after, cards_after = cache_entries(scratch), cards(scratch)
    assert len(entries_after) == 3 and entries_after < entries_before  # only the taken-down story's photo went
    assert len(cards_after) == 3 and cards_after < cards_before


    plain = scratch.build()
    assert plain.returncode == 0
    assert not gone.exists() and (kept / "index.html").is_file()


def test_switching_between_serve_and_build_reprocesses_nothing(scratch):
    write_stories(scratch)
    first = preview(scratch)
    assert first.photo_stats.made == 4
    built = scratch.build()
    assert built.returncode == 0
    assert "Ảnh: đã xử lý 0 ảnh, dùng lại 2 ảnh" in built.stderr
    assert "ảnh chia sẻ: 0 ảnh mới tạo" in built.stderr.lower()
    again = preview(scratch)
    assert (again.photo_stats.made, again.photo_stats.reused) == (0, 4)
    assert again.cards.made == 0


def test_a_photo_no_story_refers_to_any_more_leaves_the_cache(scratch):
    write_stories(scratch)
    assert scratch.build().returncode == 0
    before = cache_entries(scratch)
    write_stories(scratch, photos=[photo(scratch, "anh-moi.jpg", 40)])  # the story changes its photo
    assert scratch.build().returncode == 0
    after = cache_entries(scratch)
    assert len(after) == len(before) and after != before
    (scratch.root / "stories/2024/anh-co-hoa.jpg").unlink()
    settings_changed = scratch.build()
    assert "đã xử lý 0 ảnh" in settings_changed.stderr and cache_entries(scratch) == after


def test_a_build_removes_the_share_kit_of_a_withdrawn_story_too(scratch):
    write_stories(scratch)
    assert scratch.nttv("share").returncode == 0
    assert (scratch.root / "share" / GONE / "share.jpg").is_file()
    write_stories(scratch, withdrawn="2026-11-01")
    assert scratch.mkdocs("build", "--dirty").returncode == 0
    assert not (scratch.root / "share" / GONE).exists() and (scratch.root / "share" / KEPT / "share.jpg").is_file()
