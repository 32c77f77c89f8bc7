"""A key meant to hold a story back holds it back: any spelling, case, script or Vietnamese form of
`draft`, or a status/published/hidden-style key, at any level and whatever its value."""

from __future__ import annotations

import pytest
from conftest import REPO, story_text

from generator.reading.holdback import is_holdback_key
from generator.reading.plan import load_plan
from generator.reading.story import SCHEMA_KEYS, TOP_KEYS, read_story

PLAN = load_plan(REPO / "content" / "plan.yml")

HELD = [
    ("Draft: true", "Draft"), ("Draft: false", "Draft"), ("DRAFT: yes", "DRAFT"), ("drafts: true", "drafts"),
    ("dratf: true", "dratf"), ("darft: true", "darft"), ("drat: true", "drat"), ('"draft ": true', "draft "),
    ("drаft: true", "drаft"),  # Cyrillic а
    ("ｄｒａｆｔ: true", "ｄｒａｆｔ"), ("is_draft: true", "is_draft"), ("isDraft: true", "isDraft"),
    ("draft_mode: true", "draft_mode"), ("nháp: true", "nháp"), ("Nháp: có", "Nháp"), ("bản nháp: true", "bản nháp"),
    ("bản_nháp: true", "bản_nháp"), ("ban nhap: true", "ban nhap"), ("bài nháp: true", "bài nháp"),
    ("status: draft", "status"), ("Status: published", "Status"), ("statsu: draft", "statsu"), ("state: draft", "state"),
    ("published: false", "published"), ("published: true", "published"), ("publish: false", "publish"),
    ("hidden: true", "hidden"), ("hiden: true", "hiden"), ("visible: false", "visible"), ("private: true", "private"),
    ("trạng thái: nháp", "trạng thái"), ("trang_thai: nhap", "trang_thai"), ("ẩn: true", "ẩn"), ("ẩn bài: true", "ẩn bài"),
    ("chưa đăng: true", "chưa đăng"), ("xuất bản: không", "xuất bản"), ("công khai: false", "công khai"),
    ("person:\n  name: Nguyễn Thị Hoa\n  draft: true", "person.draft"),
    ("consent_note:\n  status: draft", "consent_note.status"),
    ("photos:\n- src: a.jpg\n  alt: Ảnh\n  hidden: true", "photos[0].hidden"),
]

NOT_HELD = ["date", "deed", "updated", "published_on", "hide", "excerpt", "title", "kind", "Date", "ngay-dang", "tags",
            "author", "ghi_chu", "notes", "tac_gia", "dia_chi", "description", "template", "source", "location"]


def write(scratch, extra: str, **fields):
    text = story_text(**fields)
    front, body = text[4:].split("---\n", 1)
    if extra.startswith("person:"):
        front = front.replace("person: {name: Nguyễn Thị Hoa}\n", "")
    if extra.startswith("photos:"):
        scratch.write("stories/2024/a.jpg", "")
    return scratch.write("stories/2024/co-giao.md", f"---\n{front}{extra}\n---\n{body}")


@pytest.mark.parametrize("line, field", HELD)
def test_a_holdback_key_is_an_error_whatever_its_value(scratch, line, field):
    story, problems = read_story(write(scratch, line), scratch.root, PLAN)
    assert story is None, line
    errors = [problem for problem in problems if problem.is_error]
    assert [problem.field for problem in errors] == [field], [str(problem) for problem in problems]
    assert "`draft: true`" in errors[0].message and "xóa dòng này" in errors[0].message
    assert errors[0].line > 8  # at the key's own line, after the template's fields


@pytest.mark.parametrize("key", NOT_HELD)
def test_the_template_s_own_keys_and_other_unknown_keys_are_not_holdback_keys(key):
    assert not is_holdback_key(key, SCHEMA_KEYS)


def test_every_key_of_the_template_is_excluded_so_keys_added_later_are_too():
    assert all(not is_holdback_key(key, SCHEMA_KEYS) for key in SCHEMA_KEYS)
    assert is_holdback_key("draft", SCHEMA_KEYS)  # only the top level's own `draft` holds back, read by the template
    assert not is_holdback_key("publish_state", SCHEMA_KEYS | {"publish_state"})


@pytest.mark.parametrize("line", ["draft: true", "draft: false", "hide: [toc]", "ghi_chu: gặp ngày 5/5"])
def test_the_real_draft_key_and_other_unknown_keys_stay_as_before(scratch, line):
    story, problems = read_story(write(scratch, line), scratch.root, PLAN)
    assert story is not None, [str(problem) for problem in problems]
    assert story.draft == (line == "draft: true")
    assert "draft" in TOP_KEYS
