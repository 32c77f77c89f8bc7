"""Public pages honour what was achieved: the shipped samples (``public_shortfalls: false``) show
figures against goals in neutral colours, never "✗", "thiếu" or a shortfall on a share card; a
former district's page reads as its history. The leaders' view (``public_shortfalls: true``) is
tests/test_tally_pages.py's site; the setting itself is read here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from htmltree import page
from generator.problems import NttvError
from generator.reading.plan import load_plan
from conftest import REPO

SHORTFALL = re.compile(r"✗|thiếu \d|cần thêm \d|chưa đạt|Chưa đủ tiêu chí|nttv-behind|nttv-short")


def public_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.build
def test_no_public_page_names_a_shortfall(sample_site):
    pages = public_pages(sample_site)
    assert len(pages) > 50
    found = {str(path.relative_to(sample_site)): SHORTFALL.findall(path.read_text(encoding="utf-8")) for path in pages}
    assert {path: words for path, words in found.items() if words} == {}
    # The tally still shows every figure against its goal: honouring is not hiding the numbers.
    year = page(sample_site, "thong-ke/2025/")
    row = next(tr for tr in year.find("table", cls="nttv-tally").find("tbody").find_all("tr") if tr.attrs["data-label"] == "Bình Xuyên")
    assert row.find_all("td")[0].text() == "0/3"
    assert row.classes == ["nttv-progress"]


@pytest.mark.build
def test_share_descriptions_show_only_what_was_achieved(sample_site):
    for path in public_pages(sample_site):
        if "/cau-chuyen/" in path.as_posix():
            continue  # a story's description is its deed
        head = path.read_text(encoding="utf-8").split("</head>")[0]
        for name in ("og:description", "og:image:alt", "twitter:image:alt"):
            for content in re.findall(rf'(?:property|name)="{name}" content="([^"]*)"', head):
                assert not re.search(r"\d+/\d+|thiếu|✗", content), (path, name, content)


@pytest.mark.build
def test_a_former_district_reads_as_its_history(sample_site):
    html = page(sample_site, "chi-hoi/vinh-tuong/")
    history = html.find("p", cls="nttv-history").text()
    assert re.fullmatch(r"2023–2025: \d+ tấm gương", history), history
    head = (sample_site / "chi-hoi" / "vinh-tuong" / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    description = re.search(r'property="og:description" content="([^"]*)"', head).group(1)
    assert description.startswith("Hội Chữ thập đỏ huyện Vĩnh Tường: ") and "tấm gương (2023–2025)" in description
    assert "DỪNG HOẠT ĐỘNG" not in description.upper()


def test_the_plan_reads_the_public_view_settings(tmp_path):
    shipped = load_plan(REPO / "content" / "plan.yml")
    assert shipped.public_shortfalls is False and shipped.featured_max == 3
    text = (REPO / "content" / "plan.yml").read_text(encoding="utf-8")
    plan = tmp_path / "plan.yml"
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "dau-hieu.png").write_bytes((REPO / "content" / "assets" / "dau-hieu.png").read_bytes())
    plan.write_text(text.replace("public_shortfalls: false", "public_shortfalls: true")
                    .replace("featured_max: 3", "featured_max: 1"), encoding="utf-8")
    changed = load_plan(plan)
    assert changed.public_shortfalls is True and changed.featured_max == 1
    plan.write_text(text.replace("public_shortfalls: false", "public_shortfalls: có"), encoding="utf-8")
    with pytest.raises(NttvError, match="public_shortfalls: sai kiểu dữ liệu"):
        load_plan(plan)
