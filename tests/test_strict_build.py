"""`--strict` fails on a story error whatever the log level: MkDocs drops warnings before its strict
counter when quiet (mkdocs/mkdocs#4126), so the plugin raises its own error."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.build

BAD = "stories/2024/sai-chi-hoi.md"


def with_strict_in_config(scratch) -> None:
    config = scratch.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "strict: false" in text
    config.write_text(text.replace("strict: false", "strict: true"), encoding="utf-8")


@pytest.mark.parametrize("args, strict_in_config, fails, problems_shown", [
    (["-q", "--strict"], False, True, True),
    (["--quiet", "--strict"], False, True, True),
    (["-q"], True, True, True),
    (["--strict"], False, True, True),
    ([], True, True, True),
    (["-v", "--strict"], False, True, True),
    (["-q"], False, False, False),  # not strict: the good story is published, the bad one skipped
    ([], False, False, True),
])
def test_a_story_error_fails_every_strict_build(scratch, args, strict_in_config, fails, problems_shown):
    scratch.story("2024/co-giao-mo-lop.md")
    scratch.story("2024/sai-chi-hoi.md", title="Bài sai Hội", chapter="binh-xuyenn")
    if strict_in_config:
        with_strict_in_config(scratch)
    result = scratch.mkdocs("build", *args)
    log = result.stdout + result.stderr
    assert (result.returncode != 0) is fails, log
    assert (f"{BAD}:" in log) is problems_shown, log
    if fails:
        assert "nttv: 1 lỗi trong các tệp truyện và ảnh nên bản dựng --strict dừng lại" in log
        assert "chapter: không có Hội `binh-xuyenn`" in log  # named even when -q hid the warnings
    else:
        assert (scratch.root / "site/cau-chuyen/2024/co-giao-mo-lop/index.html").is_file()
        assert not (scratch.root / "site/cau-chuyen/2024/sai-chi-hoi").exists()


@pytest.mark.parametrize("args", [["-q", "--strict"], ["--strict"]])
def test_good_stories_pass_strict_at_any_log_level(scratch, args):
    scratch.story("2024/co-giao-mo-lop.md")
    # A warning (an unknown, harmless field) is not an error: strict still passes.
    scratch.story("2024/ong-ba-nau-com.md", title="Ông bà nấu cơm", person={"name": "Trần Văn Ba"}, ghi_chu="x")
    result = scratch.mkdocs("build", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (scratch.root / "site/cau-chuyen/2024/ong-ba-nau-com/index.html").is_file()
