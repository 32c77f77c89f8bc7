"""A rebuild in the same process (`mkdocs serve` after a save) or from the caches of the last build
gives the very pages a build from nothing gives, and reads and renders only what changed."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from generator.build import build_site
from generator.cache import Caches
from generator.reading import collection as collection_module
from generator.reading.collection import load_collection
from generator.rendering import pages as pages_module

pytestmark = pytest.mark.build

TODAY = dt.date(2026, 11, 29)
CHAPTERS = ("binh-xuyen", "vinh-yen")


# The caches an adapter holds between builds (`mkdocs serve`), by repository.
_HELD: dict = {}


def _held(root) -> Caches:
    if root not in _HELD:
        _HELD[root] = Caches(root)
    return _HELD[root]


def _forget() -> None:
    """What a new process starts with: nothing in memory (the files in .cache stay)."""
    _HELD.clear()


@pytest.fixture
def column(scratch):
    for number in range(10):
        scratch.story(f"2024/truyen-{number}.md", title=f"Câu chuyện số {number}", person={"name": f"Người thứ {number}"},
                      chapter=CHAPTERS[number % 2], date=f"2024-{6 + number % 6:02d}-{10 + number}",
                      body=f"Đoạn mở đầu {number}.\n\n<!-- more -->\n\nPhần sau {number}.\n")
    _forget()
    yield scratch
    _forget()


def _pages(scratch, preview=False) -> dict[str, str]:
    plan = scratch.plan()
    return {page.path: page.text for page in build_site(scratch.root, plan, scratch.root / "stories", TODAY, preview,
                                                                  _held(scratch.root)).pages}


@pytest.mark.parametrize("preview", [False, True], ids=["build", "serve"])
def test_after_one_story_changes_the_rebuild_equals_a_build_from_nothing(column, preview):
    before = _pages(column, preview)
    changed = column.root / "stories" / "2024" / "truyen-4.md"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Câu chuyện số 4", "Tiêu đề mới của truyện bốn")
                       .replace("Phần sau 4.", "Đoạn vừa thêm khi sửa."), encoding="utf-8")
    again = _pages(column, preview)
    page = next(path for path in again if path == "cau-chuyen/2024/truyen-4.md")
    assert "Tiêu đề mới của truyện bốn" in again[page] and "Đoạn vừa thêm khi sửa." in again[page]
    # Lists and pages that show the story's title changed with it.
    assert "Tiêu đề mới của truyện bốn" in again["cau-chuyen/index.md"]
    # Story pages that show nothing of it stay as they were.
    untouched = [path for path in again if path.startswith("cau-chuyen/2024/truyen-") and again[path] == before[path]]
    assert len(untouched) >= 3
    shutil.rmtree(column.root / ".cache")
    _forget()
    assert _pages(column, preview) == again


def test_a_second_build_renders_no_story_page_and_reads_no_story_again(column, monkeypatch):
    first = _pages(column)
    _forget()  # from the files of .cache, as the next `mkdocs build` would
    read, rendered = [], []
    real_read, real_page = collection_module.read_story, pages_module._story_page
    monkeypatch.setattr(collection_module, "read_story", lambda *args: read.append(args[0]) or real_read(*args))
    monkeypatch.setattr(pages_module, "_story_page",
                        lambda context, story, *rest: rendered.append(story.source) or real_page(context, story, *rest))
    assert _pages(column) == first
    assert (read, rendered) == ([], [])
    (column.root / "stories" / "2024" / "truyen-7.md").write_text(
        (column.root / "stories" / "2024" / "truyen-7.md").read_text(encoding="utf-8").replace("Phần sau 7.", "Phần sau đã sửa."),
        encoding="utf-8")
    _forget()
    _pages(column)
    assert [path.name for path in read] == ["truyen-7.md"]
    assert "stories/2024/truyen-7.md" in rendered and len(rendered) < 10


def test_a_photo_added_beside_a_story_is_found_on_the_next_read(scratch):
    from photo_factory import phone_jpeg

    scratch.story("2024/co-anh.md", photos=[{"src": "lop-hoc.jpg", "alt": "Lớp học"}])
    plan = scratch.plan()
    _forget()
    first = load_collection(scratch.root, plan, scratch.root / "stories", cache=_held(scratch.root).stories)
    assert any("không tìm thấy ảnh `lop-hoc.jpg`" in problem.message for problem in first.problems)
    phone_jpeg(scratch.root / "stories" / "2024" / "lop-hoc.jpg", size=(800, 600))
    second = load_collection(scratch.root, plan, scratch.root / "stories", cache=_held(scratch.root).stories)
    assert not any("lop-hoc.jpg" in problem.message for problem in second.problems)
    assert second.stories[0].photos[0].path.name == "lop-hoc.jpg"
    _forget()


def test_a_page_from_the_cache_carries_its_front_matter_already_read(column):
    """Each generated page hands the engine its front matter as read when the page was rendered:
    a build from the cache reads no page's YAML again, and what it hands over is what the YAML says."""
    import yaml

    from generator.rendering.layout import front_matter

    plan = column.plan()
    first = {page.path: page for page in build_site(column.root, plan, column.root / "stories", TODAY, caches=_held(column.root)).pages}
    _forget()
    again = {page.path: page for page in build_site(column.root, plan, column.root / "stories", TODAY, caches=_held(column.root)).pages}
    story = again["cau-chuyen/2024/truyen-4.md"]
    front = story.text.split("---\n")[1]
    assert story.meta == yaml.safe_load(front) == first[story.path].meta
    assert story.meta["title"] == "Câu chuyện số 4"
    assert again["cau-chuyen/index.md"].meta["title"] == "Câu chuyện"
    # A value JSON cannot keep as it is (a date) leaves the front matter to the engine.
    assert front_matter("---\ntitle: A\ndate: 2024-05-01\n---\n\nText\n") is None
    assert front_matter("Text without front matter\n") is None
