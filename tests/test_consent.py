"""Consent: who agreed, for which channels, until when; minors need their guardian, and their own word from 7."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import repo_plan, TODAY
from photo_factory import phone_jpeg

from generator.build import build_site
from generator.reading.story import read_story

PLAN = repo_plan()
STORY = "stories/2024/co-giao-mo-lop.md"
PAGE = "cau-chuyen/2024/co-giao-mo-lop/"
CHILD = "Lê Minh An"
PARENT = "Lê Văn Bình (bố)"


def read(scratch, **fields):
    path = scratch.story("2024/co-giao-mo-lop.md", **fields)
    return read_story(path, scratch.root, PLAN)


def consent(**changes) -> dict:
    base = {"by": CHILD, "date": "2024-05-01", "scope": ["website", "facebook", "zalo"]}
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


# The story is dated 2024-05-08: birth years 2018, 2017, 2007, 2006 and 2005 give 6, 7, 17, 18 and 19.
AGES = [
    # (birth_year, minor flag, by, guardian, expected error field or None)
    (2018, None, PARENT, None, "consent.guardian"),
    (2018, None, PARENT, PARENT, None),  # under 7: the guardian's word is the consent
    (2017, None, PARENT, PARENT, "consent.by"),  # from 7 the child must agree too
    (2017, None, CHILD, PARENT, None),
    (2017, None, CHILD, None, "consent.guardian"),
    (2007, None, CHILD, None, "consent.guardian"),
    (2007, None, CHILD, PARENT, None),
    (2006, None, CHILD, None, "consent.guardian"),  # 18 by year, but could still be 17 on that day
    (2006, None, CHILD, PARENT, None),
    (2005, None, CHILD, None, None),  # 19: an adult whatever the birthday
    (None, True, CHILD, None, "consent.guardian"),
    (None, True, PARENT, PARENT, "consent.by"),  # age unknown: could be 7 or older
    (None, True, CHILD, PARENT, None),
    (None, None, CHILD, None, None),
]


@pytest.mark.parametrize("birth_year, minor, by, guardian, error", AGES)
def test_age_on_the_story_date_decides_who_must_consent(scratch, birth_year, minor, by, guardian, error):
    person = {"name": CHILD, "birth_year": birth_year, "minor": minor}
    story, problems = read(scratch, person={k: v for k, v in person.items() if v is not None},
                           consent=consent(by=by, guardian=guardian))
    errors = [p for p in problems if p.is_error]
    if error is None:
        assert story is not None and errors == []
    else:
        assert story is None
        assert [p.field for p in errors] == [error]
        assert STORY == errors[0].path and errors[0].line > 1
        assert ("chưa đủ 18 tuổi" in errors[0].message) if error == "consent.guardian" else ("từ 7 tuổi" in errors[0].message)


def test_age_rules_are_for_individuals_not_collectives(scratch):
    story, problems = read(scratch, kind="collective", person={"name": "Đội tình nguyện Trường THCS Tam Hợp", "minor": True},
                           unit="Trường THCS Tam Hợp", consent=consent(by="Nguyễn Văn Hùng (Hiệu trưởng)"))
    assert story is not None and not [p for p in problems if p.is_error]


@pytest.mark.parametrize("fields, field, message", [
    ({"consent": None}, "consent", "thiếu phần đồng ý đăng bài"),
    ({"consent": consent(date="2024-05-09")}, "consent.date", "sau ngày đăng 8/5/2024"),
    ({"consent": consent(by=None)}, "consent.by", "thiếu giá trị bắt buộc"),
    ({"consent": consent(scope=None)}, "consent.scope", "thiếu phạm vi đồng ý"),
])
def test_story_without_valid_consent_is_not_published(scratch, fields, field, message):
    story, problems = read(scratch, **fields)
    assert story is None
    assert any(p.is_error and p.field == field and message in p.message and p.path == STORY for p in problems)


SCOPES = [
    # scope, on the website, may share on facebook, on zalo
    (["website", "facebook", "zalo", "print"], True, True, True),
    (["website"], True, False, False),
    (["website", "zalo"], True, False, True),
    (["facebook", "zalo"], False, False, False),  # the column is the source of every post
    ([], False, False, False),
]


@pytest.mark.parametrize("scope, website, facebook, zalo", SCOPES)
@pytest.mark.build
def test_scope_gates_every_channel(scratch, scope, website, facebook, zalo):
    phone_jpeg(scratch.root / "stories/2024/anh-1.jpg", size=(800, 600))
    scratch.story("2024/co-giao-mo-lop.md", consent=consent(scope=scope), person={"name": "Nguyễn Thị Hoa"},
                  photos=[{"src": "anh-1.jpg", "alt": "Cô Hoa giảng bài"}])
    today = dt.date.fromisoformat(TODAY)
    build = build_site(scratch.root, PLAN, scratch.root / "stories", today)
    story = build.collection.stories[0]
    assert (story.on_website(today), story.may_share("facebook", today), story.may_share("zalo", today)) == (website, facebook, zalo)
    paths = {page.path for page in build.pages} | {file.path for file in build.files}
    assert ("cau-chuyen/2024/co-giao-mo-lop.md" in paths) is website
    assert any(path.startswith("cau-chuyen/2024/co-giao-mo-lop/anh-1-") for path in paths) is website
    tally = next(page.text for page in build.pages if page.path == "thong-ke/2024/index.md")
    row = next(r for r in build.tally.rows_for("individuals", "binh-xuyen") if r.year == 2024)
    assert row.reached == 1  # the honour stands whatever the channels
    if website:
        assert "Nguyễn Thị Hoa" in tally and "1 gương không công bố" not in tally
    else:
        assert "Nguyễn Thị Hoa" not in tally and "co-giao-mo-lop" not in tally and "1 gương không công bố" in tally
        assert all("Nguyễn Thị Hoa" not in page.text for page in build.pages)


@pytest.mark.parametrize("withdrawn, gone", [
    ("2026-11-30", False),  # today (2026-11-29) is before the withdrawal date
    ("2026-11-29", True),   # on the day
    ("2026-11-28", True),   # after it
])
@pytest.mark.build
def test_withdrawal_takes_the_page_and_photos_down_from_its_date(scratch, withdrawn, gone):
    phone_jpeg(scratch.root / "stories/2024/anh-1.jpg", size=(800, 600))
    scratch.story("2024/co-giao-mo-lop.md", withdrawn=withdrawn, published_on=["website", "facebook", "zalo"],
                  photos=[{"src": "anh-1.jpg", "alt": "Cô Hoa giảng bài"}])
    result = scratch.build(strict=True)
    assert result.returncode == 0, result.stderr
    site = scratch.root / "site"
    page = site / PAGE / "index.html"
    assert page.exists() is not gone
    photos = list((site / PAGE).glob("anh-1-*")) if (site / PAGE).is_dir() else []
    assert bool(photos) is not gone
    tally = scratch.html("thong-ke/2024/")
    assert ("1 gương không công bố" in tally) is gone
    assert ("Nguyễn Thị Hoa" in tally) is not gone
    if gone:
        every_page = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
        assert "Nguyễn Thị Hoa" not in every_page and "co-giao-mo-lop" not in every_page


@pytest.mark.build
def test_withdrawn_story_still_counts_unnamed_in_open_data_and_the_withdrawal_list_keeps_its_path(scratch):
    scratch.story("2024/co-giao-mo-lop.md", withdrawn="2025-01-10", published_on=["website", "facebook", "zalo"])
    scratch.story("2024/ong-ba-nau-com.md", title="Ông bà nấu cơm cho bệnh nhân", person={"name": "Trần Văn Ba"})

    tally = json.loads(scratch.nttv("tally", "--json").stdout)
    row = next(r for r in tally if r["target"] == "individuals" and r["chapter"] == "binh-xuyen" and r["year"] == 2024)
    # Open data: counted as a number, never named by path (issue 19); `nttv withdrawn` is the editors' own list.
    assert row["reached"] == 2 and STORY not in row["examples"] and row["unnamed_examples"] == 1

    listed = scratch.nttv("withdrawn")
    assert listed.returncode == 0
    assert listed.stdout.splitlines() == [
        f"{STORY}: đã rút từ 10/1/2025 – “Cô giáo mở lớp học miễn phí”; đã đăng trên: Trang web, Facebook, Zalo"]
    as_json = json.loads(scratch.nttv("withdrawn", "--json").stdout)
    assert as_json == [{"path": STORY, "title": "Cô giáo mở lớp học miễn phí", "withdrawn": "2025-01-10",
                        "in_effect": True, "published_on": ["website", "facebook", "zalo"]}]

    assert scratch.build(strict=True).returncode == 0
    page = scratch.html("thong-ke/2024/")
    assert "Trần Văn Ba" in page and "1 gương không công bố" in page and "Nguyễn Thị Hoa" not in page


def test_published_on_a_channel_without_consent_is_a_warning(scratch):
    story, problems = read(scratch, consent=consent(scope=["website"]), published_on=["website", "facebook"])
    assert story is not None
    warning = next(p for p in problems if p.field == "published_on")
    assert not warning.is_error and "Facebook" in warning.message and "`facebook`" in warning.message


@pytest.mark.build
def test_anonymised_story_says_names_were_changed(scratch):
    scratch.story("2024/co-giao-mo-lop.md", anonymised=True)
    assert scratch.build(strict=True).returncode == 0
    assert "Tên nhân vật đã được thay đổi." in scratch.html(PAGE)
    scratch.story("2024/co-giao-mo-lop.md")
    assert scratch.build(strict=True).returncode == 0
    assert "Tên nhân vật đã được thay đổi." not in scratch.html(PAGE)


@pytest.mark.parametrize("channel, scope, warned", [
    pytest.param("newspaper", ["website"], True, id="newspaper needs print"),
    pytest.param("newspaper", ["website", "print"], False, id="newspaper with print"),
    pytest.param("bulletin", ["website", "print"], False, id="bulletin with print"),
    pytest.param("radio-tv", ["website", "print"], True, id="radio-tv needs broadcast"),
    pytest.param("radio-tv", ["website", "broadcast"], False, id="radio-tv with broadcast"),
    pytest.param("portal", ["website"], False, id="the portal republishes the web article"),
    pytest.param("portal", ["facebook"], True, id="the portal without the website"),
])
def test_each_channel_a_story_was_published_on_needs_its_consent_scope(scratch, channel, scope, warned):
    _, problems = read(scratch, consent=consent(scope=scope), published_on=[channel])
    found = [p for p in problems if p.field == "published_on"]
    assert bool(found) is warned


ANONYMOUS = {"anonymised": True}
RECORD = {"record": "Biên bản số 06/2024"}
# The story is dated 2024-05-08. (birth year, extra story fields, consent fields, error field or None, words)
CHILD_CONSENT = [
    (2009, {}, {"by": CHILD, "guardian": PARENT}, None, ""),
    (2009, {}, {"by": "lê  minh  AN", "guardian": PARENT}, None, ""),
    (2009, {}, {"by": "Le\u0302 Minh An", "guardian": PARENT}, None, ""),  # decomposed, as a Mac may save it
    (2009, {}, {"by": CHILD, "guardian": "Lê Văn Bình, bố"}, None, ""),
    (2009, {}, {"by": CHILD, "guardian": "Trần Thị Hạnh – người giám hộ"}, None, ""),
    (2009, {}, {"by": "Lê Minh Ân", "guardian": PARENT}, "consent.by", "không khớp tên nhân vật"),
    (2009, {}, {"by": "Nguyễn Thị Hoa", "guardian": PARENT}, "consent.by", "không khớp tên nhân vật"),
    (2009, {}, {"by": PARENT, "guardian": PARENT}, "consent.by", "ghi người khác"),
    (2009, {}, {"by": "Lê Văn Bình", "guardian": PARENT}, "consent.by", "ghi người khác"),
    (2009, {}, {"by": "Bố của em", "guardian": PARENT}, "consent.by", "ghi người khác"),
    (2009, {}, {"by": "bố", "guardian": PARENT}, "consent.by", "ghi người khác"),
    (2009, {}, {"by": "Mẹ", "guardian": PARENT}, "consent.by", "ghi người khác"),
    (2009, {}, {"by": "Người giám hộ", "guardian": PARENT}, "consent.by", "ghi người khác"),
    (2009, {}, {"by": "Phụ huynh em An", "guardian": PARENT}, "consent.by", "ghi người khác"),
    (2009, {}, {"by": "Lê Văn Bình (bố của em)", "guardian": PARENT}, "consent.by", "ghi người khác"),
    (2009, {}, {"by": CHILD, "guardian": "mẹ"}, "consent.guardian", "phải ghi họ tên"),
    (2009, {}, {"by": CHILD, "guardian": "Mẹ của em"}, "consent.guardian", "phải ghi họ tên"),
    (2009, {}, {"by": CHILD, "guardian": "Lê Văn Bình"}, "consent.guardian", "thiếu quan hệ"),
    (2009, {}, {"by": CHILD, "guardian": "Lê Minh An (con)"}, "consent.guardian", "chính nhân vật"),
    (2009, ANONYMOUS, {"by": "Em A.", "guardian": PARENT, **RECORD}, None, ""),
    (2009, ANONYMOUS, {"by": CHILD, "guardian": PARENT, **RECORD}, None, ""),
    (2009, ANONYMOUS, {"by": "Em A.", "guardian": PARENT}, "consent.record", "anonymised: true"),
    (2009, ANONYMOUS, {"by": "Bố của em", "guardian": PARENT, **RECORD}, "consent.by", "ghi người khác"),
    (2009, ANONYMOUS, {"by": "Lê Văn Bình", "guardian": PARENT, **RECORD}, "consent.by", "ghi người khác"),
    (2017, {}, {"by": "Mẹ của em", "guardian": PARENT}, "consent.by", "từ 7 tuổi"),  # 6 or 7 that day: protectively 7
    # Under 7 the representative's word is the consent: `by` is that person (or the child).
    (2019, {}, {"by": PARENT, "guardian": PARENT}, None, ""),
    (2019, {}, {"by": "Lê Văn Bình", "guardian": PARENT}, None, ""),
    (2019, {}, {"by": CHILD, "guardian": PARENT}, None, ""),
    (2019, {}, {"by": "Cô giáo chủ nhiệm", "guardian": PARENT}, "consent.by", "dưới 7 tuổi"),
    (2019, {}, {"by": PARENT, "guardian": "bố"}, "consent.guardian", "phải ghi họ tên"),
    (2019, ANONYMOUS, {"by": PARENT, "guardian": PARENT}, "consent.record", "anonymised: true"),
    # Adults: nothing changes.
    (2005, {}, {"by": CHILD}, None, ""),
    (1980, ANONYMOUS, {"by": "N.T.L"}, None, ""),  # initials, in a story marked anonymised
    (1980, ANONYMOUS, {"by": "Người được giới thiệu"}, "consent.by", "không phải họ tên"),
]


@pytest.mark.parametrize("birth_year, fields, given, error, words", CHILD_CONSENT)
def test_a_child_consents_in_their_own_name_beside_a_named_representative(scratch, birth_year, fields, given, error, words):
    story, problems = read(scratch, person={"name": CHILD, "birth_year": birth_year}, consent=consent(**given), **fields)
    errors = [p for p in problems if p.is_error]
    if error is None:
        assert story is not None and errors == [], problems
        return
    assert story is None
    assert [p.field for p in errors] == [error], errors
    assert errors[0].path == STORY and errors[0].line > 1
    assert words in errors[0].message, errors[0].message


@pytest.mark.build
def test_a_parent_recorded_as_the_child_is_named_by_check_and_keeps_the_page_off_the_site(scratch):
    scratch.story("2024/co-giao-mo-lop.md", person={"name": CHILD, "birth_year": 2010},
                  consent=consent(by="Bố của em", guardian=PARENT))
    scratch.story("2024/ong-ba-nau-com.md", title="Ông bà nấu cơm", person={"name": "Trần Văn Ba"})
    check = scratch.nttv("check", "--format", "json")
    assert check.returncode == 1
    (problem,) = json.loads(check.stdout)
    assert (problem["path"], problem["field"], problem["severity"]) == (STORY, "consent.by", "error")
    assert "“Bố của em”" in problem["message"] and f"“{CHILD}”" in problem["message"]
    build = scratch.build()
    assert build.returncode == 0 and f"{STORY}:" in build.stderr
    assert not (scratch.root / "site" / PAGE).exists()
    assert (scratch.root / "site/cau-chuyen/2024/ong-ba-nau-com/index.html").is_file()
