"""Consent names someone who agreed, or it is no consent: refusals, "not yet" and placeholders are errors."""

from __future__ import annotations

import pytest
import yaml
from conftest import REPO

from generator.reading.consent import WORDS_FILE, consent_words
from generator.reading.plan import load_plan
from generator.reading.story import read_story

PLAN = load_plan(REPO / "content" / "plan.yml")

REFUSALS = [
    "không đồng ý", "Không đồng ý", "KHÔNG ĐỒNG Ý", "Chưa đồng ý", "Không", "Chưa hỏi", "-", "?", "…", "...", "--", "???",
    "khong dong y", "chua dong y", "khong", "Khong", "chua hoi", "Chưa", "chua", "Từ chối", "tu choi",
    "Gia đình từ chối", "Bố em không cho đăng", "Nguyễn Văn An (chưa ký)", "Nguyễn Văn An - không đồng ý",
    "Đang chờ gia đình trả lời", "dang cho gia dinh tra loi", "chờ ký", "Sẽ hỏi sau", "se hoi sau", "Hỏi lại sau",
    "Hoãn lại", "hoan lai", "Để sau", "de sau", "bổ sung sau", "Đã rút lại", "thu hồi", "ko", "k", "không rõ",
    "Chưa xác định", "no", "No", "NO", "not yet", "Not yet", "refused", "Pending", "TBD", "n/a", "N/A", "unknown",
    "x", "xxx", "A", "1", "123", "2024", "0000", "12/05/2024", "(  )", "''", "Đồng ý", "đã đồng ý", "Có", "yes", "OK",
    "Họ và tên", "Tên người đồng ý", "Ẩn danh", "Gia đình", "Phụ huynh", "Nguyễn Văn A", "Nguyen Van A", "N.V.A",
    "Khôngđồngý", "chưa_hỏi", "Không!!!", "«không»", "Chờ", "ＫＨÔＮＧ", "Chưa hỏі",  # Cyrillic і
]

NAMES = [
    "Khổng Minh Đức", "Khong Minh Duc", "Khổng Thị Hoan", "Khong Thi Hoan", "Nguyễn Văn Hoan", "Nguyen Van Hoan",
    "Lê Thị Hoàn", "Le Thi Hoan", "Trần Văn Hội", "Tran Van Hoi", "Lâm Văn Tú", "Lam Van Tu", "Đỗ Văn Từ", "Do Van Tu",
    "Chu Thị Hồng", "Chu Thi Hong", "Lò Văn Chờ", "Lo Van Cho", "Chu Văn Chờ", "Hội", "Tú", "Từ", "Hoàn", "Hoan",
    "Khổng", "Chu", "Lò Thị Chờ", "Hoàng Văn Chu", "Nguyễn Thị Hoa", "Trần Văn Minh", "Đặng Minh Quân",
    "Phùng Gia Huy", "Vương Thị Hạnh", "Nông Văn Dền", "Tòng Thị Phóng", "Hà Văn Chưởng", "Nguyễn Ngọc Nở",
    "Nguyen Thi No", "Tran Co Thanh", "Lê Văn Chúc", "Lý Thị Khoa", "Bế Văn Đàn", "Hầu A Lềnh", "Giàng Thị Chờ",
    "Vàng Seo Hoàn", "Kiều Thị Thanh Hương", "Hoang Van Khong",
]


def by_value(scratch, value: str, **fields):
    consent = {"by": value, "date": "2024-05-01", "scope": ["website"]}
    text = "---\n" + yaml.safe_dump({
        "title": "Cô giáo mở lớp học miễn phí", "kind": "individual", "person": {"name": "Nguyễn Thị Hoa"},
        "chapter": "binh-xuyen", "deed": "Mở lớp học miễn phí cho trẻ em khó khăn",
        "criteria": ["phap-luat", "dia-chi-nhan-dao", "tam-guong"], "date": "2024-05-08", "consent": consent, **fields,
    }, allow_unicode=True, sort_keys=False) + "---\nNội dung câu chuyện.\n"
    path = scratch.write("stories/2024/co-giao.md", text)
    return read_story(path, scratch.root, PLAN)


def test_the_tables_are_long_enough_and_hold_the_names_the_issue_lists():
    assert len(REFUSALS) >= 30 and len(NAMES) >= 30
    for name in ("Khổng", "Hoan", "Hoàn", "Hội", "Tú", "Từ", "Chu", "Chờ", "Khong", "Hoi", "Tu", "Cho"):
        assert any(name in full.split() for full in NAMES), name


@pytest.mark.parametrize("value", REFUSALS)
def test_a_refusal_a_not_yet_or_a_placeholder_is_no_consent(scratch, value):
    story, problems = by_value(scratch, value)
    assert story is None, value
    errors = [problem for problem in problems if problem.is_error]
    assert [problem.field for problem in errors] == ["consent.by"], errors
    assert "lỗi của chương trình" not in errors[0].message
    assert errors[0].line > 1


@pytest.mark.parametrize("value", NAMES)
def test_a_real_name_passes_with_or_without_diacritics(scratch, value):
    story, problems = by_value(scratch, value)
    assert story is not None, [str(problem) for problem in problems]


@pytest.mark.parametrize("value", ["Nguyễn Văn A", "N.V.A", "Nguyễn V. A."])
def test_initials_pass_only_in_an_anonymised_story(scratch, value):
    assert by_value(scratch, value)[0] is None
    story, problems = by_value(scratch, value, anonymised=True)
    assert story is not None, [str(problem) for problem in problems]


@pytest.mark.parametrize("guardian", ["Không đồng ý", "chua hoi (bo)", "Phụ huynh", "?", "Nguyễn Văn A (bố)"])
def test_the_guardian_is_judged_like_the_consenting_person(scratch, guardian):
    story, problems = by_value(scratch, "Lê Minh An", person={"name": "Lê Minh An", "birth_year": 2012})
    assert story is None  # no guardian at all
    consent = {"by": "Lê Minh An", "date": "2024-05-01", "scope": ["website"], "guardian": guardian}
    text = "---\n" + yaml.safe_dump({
        "title": "Em học sinh nhặt được của rơi", "kind": "individual", "person": {"name": "Lê Minh An", "birth_year": 2012},
        "chapter": "binh-xuyen", "deed": "Trả lại của rơi", "criteria": ["phap-luat", "dia-chi-nhan-dao", "tam-guong"],
        "date": "2024-05-08", "consent": consent}, allow_unicode=True, sort_keys=False) + "---\nNội dung.\n"
    story, problems = read_story(scratch.write("stories/2024/em-an.md", text), scratch.root, PLAN)
    assert story is None
    assert "consent.guardian" in [problem.field for problem in problems if problem.is_error]


@pytest.mark.parametrize("value, published", [
    ("Nguyễn Văn Hùng (Hiệu trưởng)", True),
    ("Nguyễn Văn Hùng, Hiệu trưởng", True),
    ("Thầy hiệu trưởng", False),
    ("Nguyễn Văn Hùng", False),
    ("Ban giám hiệu", False),
    ("Chưa hỏi (Hiệu trưởng)", False),
])
def test_a_collective_consents_through_a_named_representative_and_role(scratch, value, published):
    story, problems = by_value(scratch, value, kind="collective", person={"name": "Trường THCS Tam Hợp"},
                               unit="Trường THCS Tam Hợp", criteria=["huong-ung", "giup-do-het", "lan-toa"])
    assert (story is not None) == published, [str(problem) for problem in problems]


def test_the_word_table_is_one_data_file_with_the_lists_the_web_editor_can_read():
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    assert set(data) == {"refusals", "alone", "placeholders", "names"}
    assert all(isinstance(word, str) and word == word.casefold() for words in data.values() for word in words)
    assert "không" in consent_words().refusals
