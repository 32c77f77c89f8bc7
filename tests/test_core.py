"""The core every engine calls: ``prepare`` (plan, public address, mkdocs.yml read once), the build,
which deletes nothing, and ``after_build``, the clean-up once the site is written."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import TODAY, repo_plan
from photo_factory import phone_jpeg

from generator import core
from generator.build import build_site
from generator.dates import parse_iso_date
from generator.cache import PHOTOS
from generator.problems import NttvError
from generator.site_config import Tagged, dump_config, read_config, read_config_if_any, site_url

PLAN_URL = repo_plan().site_url


@pytest.mark.parametrize("configured, serving, expected", [
    (None, False, PLAN_URL),
    (PLAN_URL.rstrip("/"), False, PLAN_URL),  # the same address written without its last slash
    ("http://127.0.0.1:8000/", True, PLAN_URL),  # `mkdocs serve` gives its own address: the plan's stays
])
def test_prepare_gives_the_plan_with_the_one_public_address(scratch, configured, serving, expected):
    column = core.prepare(scratch.root, configured, serving=serving)
    assert column.plan.site_url == expected
    assert column.stories == scratch.root / "stories" and column.plan_path == scratch.root / "content/plan.yml"


@pytest.mark.parametrize("configured, directory_urls, said", [
    ("https://chuthapdo.example.vn/", True, "khác site_url trong content/plan.yml"),
    (None, False, "use_directory_urls trong mkdocs.yml phải để true"),
])
def test_prepare_refuses_a_second_address_or_flat_addresses_in_vietnamese(scratch, configured, directory_urls, said):
    with pytest.raises(NttvError, match=said):
        core.prepare(scratch.root, configured, directory_urls=directory_urls)


def test_mkdocs_yml_is_read_with_its_tags_kept_and_its_mistakes_placed(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Cột\nsite_url: !ENV [SITE_URL, 'https://a.example/']\ndocs_dir: content\n", encoding="utf-8")
    data = read_config(config)
    assert isinstance(data["site_url"], Tagged) and site_url(data) is None  # MkDocs's to read, not guessed here
    assert "!ENV" in dump_config(data)
    assert read_config_if_any(tmp_path / "khac") == {}
    config.write_text("site_name: Cột\ntheme:\n  name: material\n    palette: x\n", encoding="utf-8")
    with pytest.raises(NttvError, match=r"^mkdocs\.yml:4:12: lỗi cú pháp YAML: hãy kiểm tra thụt lề"):
        read_config(config)


@pytest.mark.build
def test_the_build_deletes_nothing_and_the_clean_up_after_writing_removes_what_no_story_needs(scratch):
    day = parse_iso_date(TODAY)
    column = core.prepare(scratch.root, None)
    column = dataclasses.replace(column, plan=dataclasses.replace(column.plan, activities=None))
    photos = scratch.root / PHOTOS.path

    def story_with(photo: str, colour: int):
        phone_jpeg(scratch.root / "stories/2024" / photo, size=(640 + colour, 480))
        scratch.story("2024/co-giao.md", photos=[{"src": photo, "alt": "Cô Hoa giảng bài"}])
        return build_site(scratch.root, column.plan, column.stories, day)

    (scratch.root / "stories/2024").mkdir(parents=True)
    story_with("anh-cu.jpg", 0)
    built = story_with("anh-moi.jpg", 8)
    (scratch.root / "stories/2024/anh-cu.jpg").unlink()
    assert len(list(photos.glob("*/*"))) == 2  # the build left the old photo's entry where it was
    pruned = core.after_build(column, built, day)
    assert (pruned.photos, len(list(photos.glob("*/*")))) == (1, 1)
    assert core.removal_note(pruned, "site") == ("Đã xóa những gì không còn được đăng: 0 tệp trong site/, 1 ảnh và "
                                                 "1 ảnh chia sẻ trong bộ nhớ đệm, 0 bộ bài đăng trong share/")
    assert core.removal_note(core.after_build(column, built, day), "site") is None  # nothing left to remove
