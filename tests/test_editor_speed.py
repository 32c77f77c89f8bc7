"""/quan-tri/ on a slow phone: the build writes gzip copies a server can send as they are.

The time to the sign-in screen itself is a benchmark (``benchmarks/editor_load.py``), not a test:
it depends on the machine.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from conftest import REPO, repo_plan

from generator.cache import GZIP, Store
from generator.editor.precompress import SMALLEST, SUFFIXES, gzip_copy
from generator.editor.settings import load_settings
from generator.editor.site import editor_files

PLAN = repo_plan()
SETTINGS = load_settings(REPO / "content" / "plan.yml")


def test_every_text_file_of_the_editor_has_a_gzip_copy_with_the_same_bytes_inside():
    files = {item.path: item for item in editor_files(REPO, PLAN, SETTINGS)}
    originals = {path: item.data if item.data is not None else item.source.read_bytes()
                 for path, item in files.items() if not path.endswith(".gz")}
    wanted = {path for path, data in originals.items() if path.endswith(SUFFIXES) and len(data) >= SMALLEST}
    assert {"quan-tri/index.html", "quan-tri/config.yml", "quan-tri/decap/decap-cms.js"} <= wanted
    assert {path[:-3] for path in files if path.endswith(".gz")} == wanted
    for path in sorted(wanted):
        assert gzip.decompress(files[path + ".gz"].data) == originals[path], path
    decap = files["quan-tri/decap/decap-cms.js.gz"].data
    assert len(decap) < len(originals["quan-tri/decap/decap-cms.js"]) / 3


def test_decap_cms_is_the_editors_own_build_within_its_budget():
    """npm's bundle was 1.51 MB gzipped, 7.5 s of download alone at 1.6 Mbit/s; the form's own build is 0.94 MB.
    A widget or backend added to scripts/decap/entry.js must fit in what is left."""
    files = {item.path: item for item in editor_files(REPO, PLAN, SETTINGS)}
    assert len(files["quan-tri/decap/decap-cms.js.gz"].data) < 1_050_000
    assert not [path for path in files if re.fullmatch(r"quan-tri/decap/\d+\.decap-cms\.js", path)]


def test_a_gzip_copy_is_the_same_bytes_every_time_and_kept_by_its_content(tmp_path):
    data = "Người tốt, việc thiện\n".encode() * 200
    first = gzip_copy(data, Store(tmp_path, GZIP))
    assert gzip_copy(data, None) == first
    assert [path.read_bytes().endswith(first) for path in tmp_path.iterdir()] == [True]  # after the store's version line
    assert gzip_copy(data + b"!", Store(tmp_path, GZIP)) != first
    assert len(list(tmp_path.iterdir())) == 2


@pytest.mark.build
def test_the_built_site_holds_the_gzip_copies(sample_site: Path):
    folder = sample_site / "quan-tri"
    copies = sorted(folder.rglob("*.gz"))
    assert folder / "decap" / "decap-cms.js.gz" in copies and folder / "index.html.gz" in copies
    for copy in copies:
        assert gzip.decompress(copy.read_bytes()) == copy.with_suffix("").read_bytes(), copy
