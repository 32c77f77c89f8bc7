"""Links are never followed out of the repository, by any command: `nttv scrub` reads and writes no
file through a link, and a folder linked inside stories/ is named like one pointing outside."""

from __future__ import annotations

import pytest

from generator.cli import main
from photo_factory import phone_jpeg


@pytest.fixture
def linked(scratch, tmp_path):
    outside = tmp_path / "ngoai-kho"
    (outside / "con").mkdir(parents=True)
    phone_jpeg(outside / "gps.jpg", size=(120, 90))
    phone_jpeg(outside / "con" / "gps-2.jpg", size=(120, 90))
    scratch.story("2025/that.md", date="2025-08-01", chapter="tinh")
    (scratch.root / "stories" / "2026").mkdir()
    (scratch.root / "stories" / "2026" / "a.jpg").symlink_to(outside / "gps.jpg")
    (scratch.root / "stories" / "2024").symlink_to(scratch.root / "stories" / "2025", target_is_directory=True)
    (scratch.root / "stories" / "2023").symlink_to(outside, target_is_directory=True)
    return scratch, outside


def run(root, capsys, *args):
    code = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("args", [(), ("stories/2026/a.jpg",), ("stories/2023",), ("stories/2026",)])
def test_scrub_reads_and_writes_nothing_through_a_link(linked, capsys, monkeypatch, args):
    scratch, outside = linked
    monkeypatch.chdir(scratch.root)
    before = {path: path.read_bytes() for path in outside.rglob("*.jpg")}
    code, said = run(scratch.root, capsys, "scrub", *args)
    assert code == 1
    assert "liên kết (symlink)" in said and "đã xóa siêu dữ liệu khỏi 0 ảnh" in said
    assert str(scratch.root) not in said  # paths as the editor knows them, inside the repository
    assert {path: path.read_bytes() for path in outside.rglob("*.jpg")} == before
    assert (scratch.root / "stories" / "2026" / "a.jpg").is_symlink()


def test_check_names_a_linked_folder_inside_stories_like_one_pointing_outside(linked, capsys):
    scratch, _ = linked
    code, said = run(scratch.root, capsys, "check")
    assert code == 1
    assert "stories/2024:1:1: (tệp): thư mục này là liên kết (symlink)" in said
    assert "stories/2023:1:1: (tệp): thư mục này là liên kết (symlink)" in said
    assert "stories/2025/that.md" not in said  # the real folder's story is published as usual
