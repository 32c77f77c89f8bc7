"""Consent fails closed: a key that looks like a consent or withdrawal key but is not one keeps the
story (or, for a photo's own consent, the photo) off the site, with the right key suggested."""

from __future__ import annotations

import json

import pytest
from conftest import repo_plan, story_text
from photo_factory import phone_jpeg
from scratch_site import fixed_environment, shared_scratch

from generator.reading.story import read_story

PLAN = repo_plan()
STORY = "stories/2024/co-giao-mo-lop.md"
CONSENT = {"by": "Nguyễn Thị Hoa", "date": "2024-05-01", "scope": ["website", "facebook", "zalo"]}
PERSON = {"name": "Nguyễn Thị Hoa"}


def with_consent(**extra) -> dict:
    return {"consent": {**CONSENT, **extra}}


def with_person(**extra) -> dict:
    return {"person": {**PERSON, **extra}}


# (fields added to a valid story, the field named, the key suggested, words of the fix)
MISSPELT = [
    ({"Withdrawn": "2025-01-10"}, "Withdrawn", "`withdrawn`", "viết đúng `withdrawn`"),
    ({"WITHDRAWN": "2025-01-10"}, "WITHDRAWN", "`withdrawn`", "viết đúng `withdrawn`"),
    ({"withdraw": "2025-01-10"}, "withdraw", "`withdrawn`", "viết đúng"),
    ({"withdrawal": "2025-01-10"}, "withdrawal", "`withdrawn`", "viết đúng"),
    ({"withdrwan": "2025-01-10"}, "withdrwan", "`withdrawn`", "viết đúng"),
    ({"consent.withdrawn": "2025-01-10"}, "consent.withdrawn", "`withdrawn`", "ở đầu dòng"),
    ({"rút_lại": "2025-01-10"}, "rút_lại", "`withdrawn`", "viết đúng"),
    ({"rut_lai": "2025-01-10"}, "rut_lai", "`withdrawn`", "viết đúng"),
    ({"Rút lại đồng ý": "2025-01-10"}, "Rút lại đồng ý", "`withdrawn`", "viết đúng"),
    ({"Thu hồi": "2025-01-10"}, "Thu hồi", "`withdrawn`", "viết đúng"),
    ({"revoked": "2025-01-10"}, "revoked", "`withdrawn`", "viết đúng"),
    (with_consent(withdrawn="2025-01-10"), "consent.withdrawn", "`withdrawn`", "ở đầu dòng"),
    (with_consent(Withdrawn="2025-01-10"), "consent.Withdrawn", "`withdrawn`", "ở đầu dòng"),
    (with_consent(rút_lại="2025-01-10"), "consent.rút_lại", "`withdrawn`", "ở đầu dòng"),
    (with_person(withdrawn="2025-01-10"), "person.withdrawn", "`withdrawn`", "ở đầu dòng"),
    ({"Anonymised": True}, "Anonymised", "`anonymised`", "viết đúng"),
    ({"anonymized": True}, "anonymized", "`anonymised`", "viết đúng"),
    ({"ẩn_danh": True}, "ẩn_danh", "`anonymised`", "viết đúng"),
    (with_consent(Guardian="Nguyễn Văn Bình (bố)"), "consent.Guardian", "`consent.guardian`", "viết đúng `guardian`"),
    (with_consent(gaurdian="Nguyễn Văn Bình (bố)"), "consent.gaurdian", "`consent.guardian`", "viết đúng"),
    (with_consent(người_giám_hộ="Nguyễn Văn Bình (bố)"), "consent.người_giám_hộ", "`consent.guardian`", "viết đúng"),
    ({"guardian": "Nguyễn Văn Bình (bố)"}, "guardian", "`consent.guardian`", "phần `consent:`"),
    (with_person(guardian="Nguyễn Văn Bình (bố)"), "person.guardian", "`consent.guardian`", "phần `consent:`"),
    (with_consent(Scope=["website"]), "consent.Scope", "`consent.scope`", "viết đúng `scope`"),
    (with_consent(phạm_vi=["website"]), "consent.phạm_vi", "`consent.scope`", "viết đúng"),
    (with_consent(biên_bản="Biên bản số 3"), "consent.biên_bản", "`consent.record`", "viết đúng"),
    (with_person(Minor=True), "person.Minor", "`person.minor`", "viết đúng `minor`"),
    (with_person(trẻ_em=True), "person.trẻ_em", "`person.minor`", "viết đúng"),
    (with_consent(minor=True), "consent.minor", "`person.minor`", "phần `person:`"),
    (with_person(năm_sinh=2012), "person.năm_sinh", "`person.birth_year`", "viết đúng `birth_year`"),
    (with_person(birthyear=2012), "person.birthyear", "`person.birth_year`", "viết đúng"),
    ({"birth_year": 2012}, "birth_year", "`person.birth_year`", "phần `person:`"),
    ({"Đồng ý": CONSENT}, "Đồng ý", "`consent`", "viết đúng `consent`"),
    ({"Consent": CONSENT}, "Consent", "`consent`", "viết đúng `consent`"),
]


def read(scratch, text: str):
    path = scratch.story("2024/co-giao-mo-lop.md", text=text)
    return read_story(path, scratch.root, PLAN)


@pytest.mark.parametrize("fields, field, meant, fix", MISSPELT, ids=[case[1] for case in MISSPELT])
def test_a_key_that_looks_like_a_consent_key_keeps_the_story_off_the_site(scratch, fields, field, meant, fix):
    story, problems = read(scratch, story_text(**fields))
    assert story is None, problems
    errors = [p for p in problems if p.is_error]
    assert [p.field for p in errors] == [field], problems
    (error,) = errors
    assert error.path == STORY and error.line > 1 and error.column >= 1
    assert f"ý bạn là {meant}" in error.message and fix in error.message, error.message
    assert "chưa được đăng" in error.message


@pytest.mark.parametrize("extra", [{"ghi_chu": "đã gọi điện"}, {"note": "x"}, {"phone": "0912"}])
def test_any_unknown_key_inside_the_consent_block_is_an_error(scratch, extra):
    story, problems = read(scratch, story_text(**with_consent(**extra)))
    assert story is None
    (error,) = problems
    assert error.is_error and error.field == f"consent.{next(iter(extra))}"
    assert "chỉ dùng by, date, scope, record, guardian" in error.message


@pytest.mark.parametrize("fields, field", [
    ({"ghi_chu": "x"}, "ghi_chu"),
    ({"Tiêu đề": "Cô giáo"}, "Tiêu đề"),
    ({"persn": "x"}, "persn"),
    ({"Date": "2024-05-08"}, "Date"),  # the story's date, not the consent's: a warning as before
    (with_person(que_quan="Tam Dương"), "person.que_quan"),
])
def test_other_unknown_keys_stay_warnings(scratch, fields, field):
    story, problems = read(scratch, story_text(**fields))
    assert story is not None
    assert [(p.field, p.is_error) for p in problems] == [(field, False)]


@pytest.mark.parametrize("photo_key, story_published", [
    ("shows_childen", True),    # the photo's own consent: only the photo is left out
    ("Children_consent", True),
    ("có_trẻ_em", True),
    ("withdrawn", False),       # a story's withdrawal written in a photo: the story is left out
    ("rút_lại", False),
])
def test_a_consent_key_misspelt_in_a_photo(scratch, photo_key, story_published):
    phone_jpeg(scratch.root / "stories/2024/anh-1.jpg", size=(800, 600))
    photo = {"src": "anh-1.jpg", "alt": "Cô Hoa và học trò", photo_key: "x"}
    story, problems = read(scratch, story_text(photos=[photo]))
    (error,) = problems
    assert error.is_error and error.field == f"photos[0].{photo_key}" and "chưa được đăng" in error.message
    assert (story is not None) is story_published
    if story is not None:
        assert story.photos == ()


WITHDRAWAL_KEYS = {"Withdrawn": "co-giao-mo-lop", "consent.withdrawn": "chu-hai-sua-cau", "rút_lại": "me-mai-nuoi-con"}
KEPT = "ong-ba-nau-com"


@pytest.fixture(scope="module")
def taken_down(tmp_path_factory):
    """Published stories, then each given a misspelt withdrawal key of its own: check, plain and strict."""
    scratch = shared_scratch(tmp_path_factory.mktemp("withdrawal-keys") / "repo")
    (scratch.root / "stories/2024").mkdir(parents=True)
    phone_jpeg(scratch.root / "stories/2024/anh-1.jpg", size=(800, 600))
    names = dict(zip(WITHDRAWAL_KEYS.values(), ["Nguyễn Thị Hoa", "Lê Văn Hải", "Phạm Thị Mai"]))

    def write(slug: str, **extra) -> None:
        scratch.story(f"2024/{slug}.md", title=f"Truyện {slug}", person={"name": names[slug]},
                      consent={**CONSENT, "by": names[slug]}, photos=[{"src": "anh-1.jpg", "alt": "Cô Hoa và học trò"}],
                      **extra)

    for slug in names:
        write(slug)
    scratch.story(f"2024/{KEPT}.md", title="Ông bà nấu cơm", person={"name": "Trần Văn Ba"},
                  consent={**CONSENT, "by": "Trần Văn Ba"})
    with fixed_environment():
        first = scratch.build()
        pages = {slug: scratch.root / "site/cau-chuyen/2024" / slug for slug in names}
        published = {slug: (page / "index.html").is_file() and bool(list(page.glob("anh-1-*.jpg")))
                     for slug, page in pages.items()}
        for key, slug in WITHDRAWAL_KEYS.items():
            write(slug, **{key: "2026-01-10"})
        check = scratch.nttv("check", "--format", "json")
        plain = scratch.build()
        strict = scratch.build(strict=True)
    return scratch, first, published, check, plain, strict


@pytest.mark.parametrize("key", WITHDRAWAL_KEYS)
@pytest.mark.build
def test_a_misspelt_withdrawal_takes_the_published_page_down_and_fails_check_and_strict(taken_down, key):
    scratch, first, published, check, plain, strict = taken_down
    slug = WITHDRAWAL_KEYS[key]
    story = f"stories/2024/{slug}.md"
    assert first.returncode == 0
    assert published[slug]  # the page and its photo were on the site before the key was added

    assert check.returncode == 1
    (problem,) = [p for p in json.loads(check.stdout) if p["path"] == story]
    assert (problem["field"], problem["severity"]) == (key, "error")

    assert plain.returncode == 0
    assert f"WARNING -  nttv: {story}:" in plain.stderr
    assert not (scratch.root / "site/cau-chuyen/2024" / slug).exists()
    assert (scratch.root / f"site/cau-chuyen/2024/{KEPT}/index.html").is_file()
    every_page = "".join(p.read_text(encoding="utf-8") for p in (scratch.root / "site").rglob("*.html"))
    assert slug not in every_page
    assert strict.returncode != 0
