"""`nttv check` (and so the pull-request check) refuses a story whose photo still carries a GPS position."""

from __future__ import annotations

import pytest

from photo_factory import phone_jpeg, phone_photo


@pytest.mark.parametrize("make, name, refused", [
    (lambda path: phone_jpeg(path, size=(800, 600)), "anh-1.jpg", True),
    (lambda path: phone_jpeg(path, size=(800, 600), gps=False), "anh-1.jpg", False),
    (lambda path: phone_photo(path, "png", size=(800, 600)), "anh-1.png", True),
    (lambda path: phone_photo(path, "webp", size=(800, 600)), "anh-1.webp", True),
])
def test_a_photo_with_gps_is_refused_on_its_line(scratch, make, name, refused):
    make(scratch.root / "stories/2024" / name)
    scratch.story("2024/co-giao.md", photos=[{"src": name, "alt": "Cô Hoa giảng bài"}])
    result = scratch.nttv("check")
    assert (result.returncode == 1) is refused, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if "GPS" in line]
    if refused:
        line = next(n for n, text in enumerate((scratch.root / "stories/2024/co-giao.md").read_text().splitlines(), 1)
                    if f"src: {name}" in text)
        assert len(lines) == 1 and lines[0].startswith(f"stories/2024/co-giao.md:{line}:")
        assert f"photos[0].src: ảnh `{name}` còn vị trí GPS" in lines[0]
        assert f"nttv scrub stories/2024/{name}" in lines[0]
    else:
        assert lines == []


def test_after_nttv_scrub_the_photo_is_accepted(scratch):
    phone_jpeg(scratch.root / "stories/2024/anh-1.jpg", size=(800, 600))
    scratch.story("2024/co-giao.md", photos=[{"src": "anh-1.jpg", "alt": "Cô Hoa giảng bài"}])
    assert scratch.nttv("check").returncode == 1
    assert scratch.nttv("scrub", "stories/2024/anh-1.jpg").returncode == 0
    result = scratch.nttv("check")
    assert result.returncode == 0, result.stdout
