"""Messages an editor can act on: NFD twins named as such, long file names refused, no Python object
and no English tool message in what a command prints."""

from __future__ import annotations

import re
import unicodedata

import pytest

from conftest import story_text
from generator.cli import main

# What a library or the system says in English, or a Python object's repr.
FOREIGN = re.compile(r"<[\w.]+ object at 0x|Traceback|Errno|No such file|Permission denied|cannot identify|"
                     r"\b(error|failed|unexpected|invalid|expected)\b", re.I)


def run(root, capsys, *args):
    code = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_two_file_names_differing_only_in_nfc_and_nfd_are_named_as_such(scratch, capsys):
    composed = "cô-giáo-mở-lớp.md"
    decomposed = unicodedata.normalize("NFD", composed)
    scratch.story(f"2024/{composed}")
    scratch.story(f"2024/{decomposed}")
    code, said = run(scratch.root, capsys, "check")
    assert code == 1
    assert "tên tệp viết bằng dấu tổ hợp" in said
    refused = [line for line in said.splitlines() if "trùng địa chỉ trang" in line]
    assert refused and "tên tệp viết bằng dấu tổ hợp" in refused[0]


@pytest.mark.parametrize("length, refused", [(120, False), (121, True), (250, True)])
def test_a_story_file_name_over_120_characters_is_refused(scratch, capsys, length, refused):
    name = ("co-giao-mo-lop-" * 20)[: length - 3] + ".md"
    assert len(name) == length
    scratch.story(f"2024/{name}")
    code, said = run(scratch.root, capsys, "check")
    assert (code == 1) == refused, said
    if refused:
        assert f"tên tệp dài {length} ký tự, tối đa 120" in said


def test_a_photo_name_over_120_characters_is_refused(scratch, capsys):
    from photo_factory import phone_jpeg

    name = "a" * 121 + ".jpg"
    phone_jpeg(scratch.root / "stories" / "2024" / name, size=(200, 150))
    scratch.story("2024/co-giao.md", photos=[{"src": name, "alt": "Ảnh lớp học"}])
    code, said = run(scratch.root, capsys, "check")
    assert code == 1 and "tối đa 120" in said


@pytest.mark.parametrize("content", [b"", b"not an image", b"\xff\xd8\xff\xe0garbage", b"\x89PNG\r\n\x1a\nbroken", b"RIFF0000WEBPVP8 "])
def test_scrub_of_a_broken_image_speaks_vietnamese_without_a_python_object(scratch, capsys, content):
    (scratch.root / "stories" / "2024").mkdir(parents=True)
    (scratch.root / "stories" / "2024" / "hong.jpg").write_bytes(content)
    code, said = run(scratch.root, capsys, "scrub")
    assert code == 1
    assert "stories/2024/hong.jpg" in said and "tệp được để nguyên" in said
    assert not FOREIGN.search(said), said


def test_broken_yaml_in_the_plan_and_mkdocs_yml_is_told_in_vietnamese(scratch, capsys):
    plan = scratch.root / "content" / "plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n\tbad: [\n", encoding="utf-8")
    code, said = run(scratch.root, capsys, "check")
    assert code == 2 and "lỗi cú pháp YAML" in said and not FOREIGN.search(said), said


def test_a_story_s_broken_yaml_is_told_in_vietnamese(scratch, capsys):
    scratch.story("2024/co-giao.md", "---\ntitle: [a\nkind: {b\n---\nBài.\n")
    code, said = run(scratch.root, capsys, "check")
    assert code == 1 and "YAML" in said and not FOREIGN.search(said), said
    scratch.story("2024/co-giao.md", story_text().replace("title:", "title: &a\n  *b"))
    code, said = run(scratch.root, capsys, "check")
    assert code == 1 and not FOREIGN.search(said), said
