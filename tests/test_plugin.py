"""The MkDocs adapter between the builds of one `mkdocs serve --dirty`: MkDocs keeps the plugin (it has
on_startup), and the plugin keeps what the build before wrote, so a save rewrites only what changed."""

from __future__ import annotations

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import TODAY

pytestmark = pytest.mark.build

CHANGED = "cau-chuyen/2024/co-giao-mo-lop/index.html"
UNCHANGED = "cau-chuyen/2024/ong-ba-nau-com/index.html"


def test_a_dirty_rebuild_of_mkdocs_serve_rewrites_the_saved_story_and_leaves_the_others(scratch, monkeypatch, tmp_path):
    monkeypatch.setenv("NTTV_TODAY", TODAY)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")  # set by the plugin in this process; removed afterwards
    scratch.story("2024/co-giao-mo-lop.md")
    scratch.story("2024/ong-ba-nau-com.md", title="Ông bà nấu cơm", person={"name": "Trần Văn Ba"},
                  consent={"by": "Trần Văn Ba", "date": "2024-05-01", "scope": ["website"]})
    site = tmp_path / "site"
    monkeypatch.chdir(scratch.root)

    def rebuild():
        # What `mkdocs serve --dirty` does on each save: the configuration read again, the same plugin.
        config = load_config(config_file=str(scratch.root / "mkdocs.yml"), site_dir=str(site))
        build(config, dirty=True)
        return config.plugins["nttv"]

    first = load_config(config_file=str(scratch.root / "mkdocs.yml"), site_dir=str(site))
    first.plugins.on_startup(command="serve", dirty=True)
    build(first, dirty=True)
    stamps = {page: (site / page).stat().st_mtime_ns for page in (CHANGED, UNCHANGED)}
    scratch.story("2024/co-giao-mo-lop.md", body="Cô Hoa mười năm mở lớp học miễn phí.\n")
    plugin = rebuild()

    assert plugin is first.plugins["nttv"]
    assert "mười năm mở lớp học" in (site / CHANGED).read_text(encoding="utf-8")
    assert (site / CHANGED).stat().st_mtime_ns != stamps[CHANGED]
    assert (site / UNCHANGED).stat().st_mtime_ns == stamps[UNCHANGED]  # written by the build before, not again
