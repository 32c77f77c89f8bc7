"""The search index beside publishing: at once after a build, and behind a preview on a thread of its
own once the first index is there (the page is written; its search follows without holding it back)."""

from __future__ import annotations

import threading

from pagefind_bundle import indexed_pages

from generator.cache import Caches
from generator.publishing.indexer import SearchIndexer


def page(site, path: str, title: str) -> None:
    (site / path).parent.mkdir(parents=True, exist_ok=True)
    (site / path).write_text(f"<html><body><h1>{title}</h1><p>Việc thiện</p></body></html>", encoding="utf-8")


def test_a_preview_s_index_follows_on_a_thread_and_a_build_s_comes_at_once(tmp_path):
    site, said, done = tmp_path / "site", [], threading.Event()
    page(site, "index.html", "Trang chủ")
    indexer = SearchIndexer(True, lambda line: (said.append(line), done.set()), said.append)
    assert str(indexer.index(site, Caches(tmp_path).search)).startswith("1 trang được lập chỉ mục")
    page(site, "bai/index.html", "Người hiến đất")
    assert indexer.index(site, Caches(tmp_path).search) is None  # handed to the thread
    assert done.wait(120), said
    assert said == ["Tìm kiếm: 2 trang được lập chỉ mục, 1 từ có chữ đ thêm cách viết d"]
    assert set(indexed_pages(site)) == {"/", "/bai/"}
    building = SearchIndexer(False, said.append, said.append)
    assert building.index(site, Caches(tmp_path).search) is not None and building.index(site, Caches(tmp_path).search) is not None
