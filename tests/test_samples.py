"""The shipped samples: clean, and the site built from them shows the figures counted by hand."""

import json

import pytest

from conftest import REPO, run_nttv


@pytest.mark.slow
def test_samples_have_no_error_and_no_warning():
    result = run_nttv(REPO, "check")
    assert result.returncode == 0
    assert result.stdout == ""
    assert "0 lỗi, 0 cảnh báo" in result.stderr


@pytest.mark.build
def test_samples_build_strictly_with_the_expected_counts(sample_site):
    # The session's build of the samples is strict (it stops the tests when it fails); this is what it printed.
    log = (sample_site.parent / "build.log").read_text(encoding="utf-8")
    assert "54 truyện đã đăng (1 chỉ được tính vào thống kê: không đồng ý đăng web hoặc đã rút lại), 1 bản nháp và 1 bài hẹn đăng chưa đăng, 0 tệp bị bỏ qua vì lỗi" in log


@pytest.mark.build
def test_every_chapter_of_the_plan_has_a_page(sample_site):
    root = sample_site.parent
    for chapter in ("tinh", "vinh-yen", "phuc-yen", "binh-xuyen", "lap-thach", "song-lo", "tam-dao",
                    "tam-duong", "vinh-tuong", "yen-lac", "phuong-vinh-yen", "phuong-phuc-yen",
                    "xa-vinh-tuong", "xa-tam-dao"):
        assert (root / "site" / "chi-hoi" / chapter / "index.html").is_file(), chapter


def _tally():
    result = run_nttv(REPO, "tally", "--json")
    assert result.returncode == 0, result.stderr
    return {(row["target"], row["chapter"], row["year"]): row for row in json.loads(result.stdout)}


@pytest.mark.parametrize("target, chapter, year, goal, reached", [
    # Counted by hand from stories/: binh-xuyen 2024 and tinh 2025 meet both yearly targets.
    ("individuals", "binh-xuyen", 2024, 5, 5),
    ("collectives", "binh-xuyen", 2024, 2, 2),
    # Six individual stories, but Trần Văn Minh appears twice under one person.id.
    ("individuals", "tinh", 2025, 5, 5),
    ("collectives", "tinh", 2025, 2, 2),
    # Two individual stories; one misses "tam-guong" and does not count.
    ("individuals", "vinh-yen", 2024, 5, 1),
    # Two individual stories; one is a draft.
    ("individuals", "yen-lac", 2024, 5, 1),
    # District chapters stop on 30/6/2025: their 2025 goal is prorated to 181 days (5 → 3, 2 → 1),
    # no row for 2026. The communes begin on 1/7/2025 and have no goal: the plan sets none.
    ("individuals", "phuong-vinh-yen", 2026, None, 1),
    ("individuals", "phuong-vinh-yen", 2025, None, 1),
    ("collectives", "lap-thach", 2025, 1, 0),
    ("individuals", "binh-xuyen", 2025, 3, 0),
    ("individuals", "tinh", 2026, 5, 1),
    # 38 individual stories less the draft, the future one, the incomplete one and Minh's second;
    # the withdrawn one still counts (the honour stands).
    ("period-individuals", None, None, 250, 34),
    ("individuals", "xa-vinh-tuong", 2026, None, 1),
    # 18 collective stories, all published and complete.
    ("period-collectives", None, None, 100, 18),
    # Pilots in 2023: Bệnh viện Đa khoa Hòa An (tinh) and the Bình Lạc residential area (vinh-tuong).
    ("pilot-units", "tinh", 2023, 5, 1),
    ("pilot-units", "vinh-tuong", 2023, 1, 1),
    ("pilot-units", "binh-xuyen", 2023, 1, 1),  # chosen in the register of activities, no story yet
    # content/don-vi.yml: Bình Xuyên's three schools in 2024 hold 2, 0 and 1 addresses; its two clubs 3 and 1.
    ("school-addresses", "binh-xuyen", 2024, 1.0, 2),
    ("club-addresses", "binh-xuyen", 2024, 1.0, 1),
    ("club-addresses", "song-lo", 2025, 1.0, 0),
    # Honours: province level in 2025 (two stories, one event), central level in 2026.
    ("honours-province", None, None, 2, 1),
    ("honours-central", None, None, 1, 1),
    # The newspaper column (the only outlet with a column address) ran a sample story every year.
    ("media-column", None, 2024, 1, 1),
])
def test_sample_tally_figures(target, chapter, year, goal, reached):
    row = _tally()[(target, chapter, year)]
    assert (row["goal"], row["reached"]) == (goal, reached)


def test_former_district_chapters_have_no_2026_target():
    tally = _tally()
    assert ("individuals", "binh-xuyen", 2026) not in tally
    assert ("individuals", "binh-xuyen", 2025) in tally


@pytest.mark.build
def test_tally_page_lists_the_incomplete_story_and_hides_draft_and_future(sample_site):
    root = sample_site.parent
    page = (root / "site" / "thong-ke" / "index.html").read_text(encoding="utf-8")
    # The public tally does not list what a published story lacks; `nttv tally` does (leaders read it).
    assert "Chưa đủ tiêu chí" not in page
    assert "thu-quy-chi-hoi-hai-muoi-nam" not in page
    import datetime as dt

    from generator.counting.tally import count_targets
    from generator.counting.wording import tally_text
    from generator.reading.collection import load_collection
    from generator.reading.plan import load_plan

    plan = load_plan(root / "content" / "plan.yml")
    collection = load_collection(root, plan, root / "stories")
    text = tally_text(plan, count_targets(plan, collection.stories, dt.date(2026, 11, 29), collection.register))
    lacking = text.split("Câu chuyện đã đăng nhưng chưa đủ tiêu chí (chưa được tính)\n", 1)[1]
    assert "co-gai-tre-tinh-nguyen-chi-duong-cho-nguoi-benh-o-sanh-benh-vien" in lacking and ": thiếu " in lacking
    assert "thu-quy-chi-hoi-hai-muoi-nam" not in lacking
    site = root / "site"
    assert not (site / "cau-chuyen" / "2027").exists()
    assert not (site / "cau-chuyen" / "2024" / "thu-quy-chi-hoi-hai-muoi-nam-ghi-chep-minh-bach-tung-dong-quyen-gop").exists()


@pytest.mark.build
def test_withdrawn_sample_leaves_the_site_but_still_counts_without_a_name(sample_site):
    root = sample_site.parent
    site = root / "site"
    assert not (site / "cau-chuyen" / "2026" / "ba-cu-gop-luong-huu-nuoi-bep-an-cho-benh-nhan-ngheo-o-xa").exists()
    for page in site.rglob("*.html"):
        assert "Phạm Thị Nhung" not in page.read_text(encoding="utf-8"), page
    assert "1 gương không công bố" in (site / "thong-ke" / "2026" / "index.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_consent_records_and_guardians_never_reach_the_site(sample_site):
    """Where the signed form is kept, and who the guardian is, stay in the repository."""
    import yaml
    private = set()
    for story in (REPO / "stories").rglob("*.md"):
        front = yaml.safe_load(story.read_text(encoding="utf-8").split("---", 2)[1])
        consent = front.get("consent") or {}
        private |= {consent[key] for key in ("record", "guardian") if consent.get(key)}
    assert len(private) >= 3
    root = sample_site.parent
    for path in (root / "site").rglob("*"):
        if path.suffix in (".html", ".json", ".xml", ".txt", ".js"):
            text = path.read_text(encoding="utf-8")
            assert not [secret for secret in private if secret in text], path
