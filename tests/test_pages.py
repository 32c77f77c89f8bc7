"""The generated pages as a reader sees them in the built site: dates, badges, lists, chapters, escaping."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import make_scratch, repo_plan
from htmltree import Element, internal_links, page, parse, resolve

pytestmark = pytest.mark.build

PLAN = repo_plan()
SITE_NAME = "Người tốt, việc thiện"

IMG = '"><img src=x onerror=alert(1)>'
SCRIPT = "</title><script>alert(1)</script>"
MARKDOWN = "Tấm gương *số 1* [xem](https://example.org) `mã` # không phải tiêu đề ~ 50 suất | ít \\ hết"
HOSTILE = {
    "2025/anh-tho-ban-dem.md": dict(title=IMG, person={"name": SCRIPT, "role": "<b>Thợ</b> & phụ"},
                                    deed=f"{SCRIPT} C:\\Users\\x {IMG}", unit="<i>Xưởng</i>"),
    "2025/bac-si-tinh-nguyen.md": dict(title=SCRIPT, person={"name": IMG}, deed=f'{IMG} "trích dẫn" & \'nháy\''),
    "2025/tam-guong-so-mot.md": dict(title=MARKDOWN, person={"name": "Phạm *Thu* Hà"}, deed=MARKDOWN),
}
FILLERS = 15  # with the six named stories: 21 published, one more than a page holds


def yaml_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def hostile_story(title, person, deed, unit=None) -> str:
    """Front matter written by hand: the text goes through YAML single quotes untouched."""
    lines = [f"title: {yaml_quoted(title)}", "kind: individual", "person:"]
    lines += [f"  {key}: {yaml_quoted(value)}" for key, value in person.items()]
    lines += ["chapter: tinh", f"deed: {yaml_quoted(deed)}", "criteria: [phap-luat, dia-chi-nhan-dao, tam-guong]",
              "date: 2025-09-02", "consent: {by: Nguyễn Văn Minh, date: 2025-08-01, scope: [website]}"]
    if unit:
        lines.append(f"unit: {yaml_quoted(unit)}")
    return "---\n" + "\n".join(lines) + "\n---\nNội dung.\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    scratch = make_scratch(tmp_path_factory.mktemp("pages") / "repo")
    scratch.story("2024/co-giao-mo-lop.md", person={"name": "Nguyễn Thị Hoa", "role": "Giáo viên"}, unit="Trường Tiểu học Hương Canh",
                  humanitarian_addresses=2)
    scratch.story("2024/thieu-tieu-chi.md", title="Bác xe ôm chở bệnh nhân", person={"name": "Trần Văn Nam"},
                  criteria=["phap-luat", "dia-chi-nhan-dao"], date="2024-03-15",
                  consent={"by": "Trần Văn Nam", "date": "2024-03-01", "scope": ["website"]})
    scratch.story("2023/cau-lac-bo-tinh-nguyen.md", kind="collective", title="Câu lạc bộ tình nguyện xóm Mới",
                  person={"name": "Câu lạc bộ Tình nguyện xóm Mới"}, chapter="vinh-yen", date="2023-10-20",
                  consent={"by": "Trần Văn Nam (Chủ nhiệm câu lạc bộ)", "date": "2023-10-01", "scope": ["website"]})
    for relative, fields in HOSTILE.items():
        scratch.story(relative, hostile_story(**fields))
    for number in range(1, FILLERS + 1):
        scratch.story(f"2024/guong-sang-{number:02}.md", title=f"Gương sáng số {number}",
                      person={"name": f"Người mẫu {number}"}, chapter="phuc-yen", date=f"2024-06-{number:02}")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("NTTV_TODAY", "2026-11-29")
        env.setenv("NO_MKDOCS_2_WARNING", "1")
        result = scratch.build(strict=True)
    assert result.returncode == 0, result.stderr
    return scratch.root / "site"


def cards(html: Element) -> list[Element]:
    return html.find_all("article", cls="nttv-card")


def card_titles(html: Element) -> list[str]:
    return [card.find("h2", cls="nttv-card__title").text() for card in cards(html)]


def content(html: Element) -> Element:
    return html.find("article", cls="md-content__inner")


# Dates and criteria.

def test_a_story_page_gives_the_date_in_words_and_the_column_in_figures(site):
    story = page(site, "cau-chuyen/2024/co-giao-mo-lop/")
    facts = dict(zip((dt.text() for dt in story.find_all("dt")), (dd.text() for dd in story.find_all("dd"))))
    assert facts["Ngày đăng"] == "ngày 8 tháng 5 năm 2024"
    assert facts["Nhân vật"] == "Nguyễn Thị Hoa, Giáo viên"
    assert facts["Hội"] == "Hội Chữ thập đỏ huyện Bình Xuyên"
    assert facts["Đơn vị"] == "Trường Tiểu học Hương Canh"
    assert facts["Địa chỉ nhân đạo được giúp"] == "2"
    assert list(facts).index("Địa chỉ nhân đạo được giúp") > list(facts).index("Việc làm")
    card = next(c for c in cards(page(site, "cau-chuyen/2024/")) if "Cô giáo mở lớp" in c.text())
    assert card.find("time").text() == "8/5/2024"
    assert card.find("time").attrs["datetime"] == "2024-05-08"


@pytest.mark.parametrize("url, kind, met", [
    ("cau-chuyen/2024/co-giao-mo-lop/", "individual", ["phap-luat", "dia-chi-nhan-dao", "tam-guong"]),
    ("cau-chuyen/2023/cau-lac-bo-tinh-nguyen/", "collective", ["huong-ung", "giup-do-het", "lan-toa"]),
    ("cau-chuyen/2024/thieu-tieu-chi/", "individual", ["phap-luat", "dia-chi-nhan-dao"]),
])
def test_criteria_met_show_as_badges_with_their_vietnamese_labels(site, url, kind, met):
    story = page(site, url)
    criteria = {c.id: c for c in PLAN.kinds[kind].criteria}
    badges = story.find("ul", cls="nttv-badges").find_all("a", cls="nttv-badge")
    assert [b.text() for b in badges] == [criteria[c].short for c in met]
    assert [b.attrs["title"] for b in badges] == [criteria[c].label for c in met]
    for badge, criterion in zip(badges, met):
        assert resolve(site, url, badge.attrs["href"]) == site / "cau-chuyen" / "tieu-chi" / criterion / "index.html"
        listed = [c.find("h2").find("a").attrs["href"] for c in cards(page(site, f"cau-chuyen/tieu-chi/{criterion}/"))]
        assert any(resolve(site, f"cau-chuyen/tieu-chi/{criterion}/", href) == site / url / "index.html" for href in listed)
    kind_link = story.find("p", cls="nttv-byline").find("a", cls="nttv-kind")
    assert kind_link.text() == PLAN.kinds[kind].label
    assert resolve(site, url, kind_link.attrs["href"]) == site / ("cau-chuyen/ca-nhan" if kind == "individual" else "cau-chuyen/tap-the") / "index.html"
    # What a story lacks is for its editors: the public page shows what it met, never what it did not.
    assert story.find_all("p", cls="nttv-missing") == []
    assert "Chưa đủ tiêu chí" not in story.text()


# The column and its lists.

def test_the_column_shows_20_stories_a_page_with_working_prev_and_next_links(site):
    first = page(site, "cau-chuyen/")
    assert len(cards(first)) == 20
    next_link = first.find("a", cls="nttv-pager__next").attrs["href"]
    assert resolve(site, "cau-chuyen/", next_link) == site / "cau-chuyen" / "trang-2" / "index.html"
    assert first.find_all("a", cls="nttv-pager__prev") == []
    second = page(site, "cau-chuyen/trang-2/")
    assert len(cards(second)) == 1
    assert second.find_all("a", cls="nttv-pager__next") == []
    prev_link = second.find("a", cls="nttv-pager__prev").attrs["href"]
    assert resolve(site, "cau-chuyen/trang-2/", prev_link) == site / "cau-chuyen" / "index.html"
    assert not (site / "cau-chuyen" / "trang-3").exists()
    dates = [c.find("time").attrs["datetime"] for c in cards(first) + cards(second)]
    assert dates == sorted(dates, reverse=True), "newest first across pages"
    assert len(set(card_titles(first) + card_titles(second))) == 21


def test_a_card_shows_title_person_chapter_date_and_deed(site):
    card, = cards(page(site, "cau-chuyen/tap-the/"))
    assert card.find("h2").text() == "Câu lạc bộ tình nguyện xóm Mới"
    assert card.find("p", cls="nttv-card__meta").text() == (
        "Cộng đồng nhân ái · Câu lạc bộ Tình nguyện xóm Mới · Hội Chữ thập đỏ thành phố Vĩnh Yên · 20/10/2023")
    assert card.find("p", cls="nttv-card__deed").text() == "Mở lớp học miễn phí cho trẻ em khó khăn"
    link = card.find("h2").find("a").attrs["href"]
    assert resolve(site, "cau-chuyen/tap-the/", link) == site / "cau-chuyen" / "2023" / "cau-lac-bo-tinh-nguyen" / "index.html"


@pytest.mark.parametrize("year, count", [(2023, 1), (2024, 17), (2025, 3)])
def test_the_archive_has_a_page_per_year_with_only_that_year(site, year, count):
    listed = cards(page(site, f"cau-chuyen/{year}/"))
    assert len(listed) == count
    assert {c.find("time").attrs["datetime"][:4] for c in listed} == {str(year)}
    column = page(site, "cau-chuyen/")
    year_links = [a for a in column.find("p", cls="nttv-filters").find_all("a") if a.text() == str(year)]
    assert resolve(site, "cau-chuyen/", year_links[0].attrs["href"]) == site / "cau-chuyen" / str(year) / "index.html"


@pytest.mark.parametrize("folder, kind, count", [("ca-nhan", "individual", 20), ("tap-the", "collective", 1)])
def test_views_by_kind_list_only_that_kind(site, folder, kind, count):
    listed = cards(page(site, f"cau-chuyen/{folder}/"))
    assert len(listed) == count
    assert {c.find("span", cls="nttv-kind").text() for c in listed} == {PLAN.kinds[kind].label}
    column = page(site, "cau-chuyen/")
    link = next(a for a in column.find("p", cls="nttv-filters").find_all("a") if a.text() == PLAN.kinds[kind].label)
    assert resolve(site, "cau-chuyen/", link.attrs["href"]) == site / "cau-chuyen" / folder / "index.html"


def test_every_link_of_the_lists_leads_to_a_built_page(site):
    broken = [(here, link) for here, _, _, link, target in internal_links(site, PLAN.site_url) if not target.is_file()]
    assert broken == []


def test_the_navigation_lists_the_columns_sections_and_no_story_or_chapter(site):
    """Every page embeds the navigation: chapters (thousands of communes at national scale) are
    listed on /chi-hoi/ only, so that a page does not grow with their number."""
    nav = page(site, "cau-chuyen/").find("nav", cls="md-nav--primary")
    targets = {resolve(site, "cau-chuyen/", a.attrs["href"]) for a in nav.find_all("a") if a.attrs.get("href")}
    assert site / "cau-chuyen" / "2024" / "co-giao-mo-lop" / "index.html" not in targets
    assert not any("/cau-chuyen/20" in str(t) for t in targets)
    for path in ("cau-chuyen", "thong-ke", "chi-hoi", "ban-tin"):
        assert site / path / "index.html" in targets, path
    assert [t for t in targets if "chi-hoi" in t.parts and t.parent.name != "chi-hoi"] == []
    assert len(nav.find_all("a")) <= 10


@pytest.mark.parametrize("url", ["", "cau-chuyen/", "cau-chuyen/2024/co-giao-mo-lop/", "chi-hoi/", "thong-ke/"])
def test_the_header_and_the_phones_menu_show_the_same_neutral_mark(site, url):
    """Material shows its own book icon at the top of the phone's menu unless told otherwise; a
    column without a logo of its own shows the neutral hand-and-heart in both places."""
    import material

    icon = (Path(material.__file__).parent / "templates" / ".icons" / "material" / "hand-heart.svg").read_text(encoding="utf-8")
    expected = re.search(r'<path d="([^"]+)"', icon).group(1)
    logos = page(site, url).find_all("a", cls="md-logo")
    assert len(logos) == 2  # the header's, and the menu's
    for logo in logos:
        assert [path.attrs["d"] for path in logo.find_all("path")] == [expected]


# Chapters.

@pytest.mark.parametrize("chapter", PLAN.chapters, ids=lambda c: c.id)
def test_every_chapter_of_the_plan_has_a_page_even_without_stories(site, chapter):
    html = page(site, f"chi-hoi/{chapter.id}/")
    assert content(html).find("h1").text() == chapter.name
    own = {"binh-xuyen": 2, "vinh-yen": 1, "phuc-yen": FILLERS, "tinh": 3}.get(chapter.id, 0)
    assert content(html).find_all("h2")[-1].text() == f"Câu chuyện ({own})"
    if own == 0:
        assert "Hội chưa có câu chuyện nào được đăng." in content(html).text()
    years = [row.find("th").text() for row in html.find("table", cls="nttv-tally").find("tbody").find_all("tr")]
    expected = {"district": ["2025", "2024", "2023"], "commune": ["2026", "2025"], "province": ["2026", "2025", "2024", "2023"]}
    assert years == expected[chapter.level]
    index = page(site, "chi-hoi/")
    # The list names each chapter by its short name (a line or two on a phone), its full name in the title.
    link = next(a for a in index.find_all("a") if a.text() == chapter.short and a.attrs.get("title") == chapter.name)
    assert resolve(site, "chi-hoi/", link.attrs["href"]) == site / "chi-hoi" / chapter.id / "index.html"


@pytest.mark.parametrize("chapter", ["binh-xuyen", "tinh", "xa-tam-dao"])
def test_a_chapter_page_leads_back_to_the_list_of_chapters(site, chapter):
    """Chapters are not in the navigation: their page says where it sits and links the list."""
    crumbs = content(page(site, f"chi-hoi/{chapter}/")).find("nav", cls="nttv-breadcrumb")
    items = crumbs.find_all("li")
    assert [item.text() for item in items] == ["Các cấp Hội", PLAN.chapter(chapter).name]
    assert resolve(site, f"chi-hoi/{chapter}/", items[0].find("a").attrs["href"]) == site / "chi-hoi" / "index.html"
    assert items[1].find("span").attrs["aria-current"] == "page"


def test_a_former_chapter_keeps_its_stories_and_names_its_successor(site):
    html = page(site, "chi-hoi/binh-xuyen/")
    note = html.find("p", cls="nttv-note")
    assert "dừng hoạt động sau ngày 30/6/2025" in note.text()
    successor = note.find("a")
    assert successor.text() == "Hội Chữ thập đỏ tỉnh Phú Thọ"
    assert resolve(site, "chi-hoi/binh-xuyen/", successor.attrs["href"]) == site / "chi-hoi" / "tinh" / "index.html"
    titles = [li.find("a").text() for li in content(html).find("ul", cls="nttv-list").find_all("li")]
    assert titles == ["Cô giáo mở lớp học miễn phí", "Bác xe ôm chở bệnh nhân"]


def test_a_story_without_humanitarian_addresses_shows_no_such_fact(site):
    story = page(site, "cau-chuyen/2024/thieu-tieu-chi/")
    assert "Địa chỉ nhân đạo" not in [dt.text() for dt in story.find_all("dt")]


def test_the_province_lists_the_chapters_it_took_over_from_and_each_links_back(site):
    section = page(site, "chi-hoi/tinh/").find("section", cls="nttv-predecessors")
    assert section.find("h2").text() == "Tiếp nhận công việc của các Hội đã dừng hoạt động"
    links = section.find("ul", cls="nttv-list").find_all("a")
    predecessors = PLAN.predecessors("tinh")
    # Successors are data: four districts name a sample ward or commune, the other five the province association.
    assert len(predecessors) == 5 and [c.id for c in PLAN.predecessors("phuong-vinh-yen")] == ["vinh-yen"]
    assert [a.text() for a in links] == [c.name for c in predecessors]
    for link, chapter in zip(links, predecessors):
        assert resolve(site, "chi-hoi/tinh/", link.attrs["href"]) == site / "chi-hoi" / chapter.id / "index.html"
        successor = page(site, f"chi-hoi/{chapter.id}/").find("p", cls="nttv-note").find("a")
        assert resolve(site, f"chi-hoi/{chapter.id}/", successor.attrs["href"]) == site / "chi-hoi" / "tinh" / "index.html"
    assert "hoạt động đến 30/6/2025" in section.text()
    assert page(site, "chi-hoi/binh-xuyen/").find_all("section", cls="nttv-predecessors") == []


def test_a_chapter_page_shows_its_yearly_figures_against_the_targets(site):
    rows = {row.find("th").text(): [td.text() for td in row.find_all("td")]
            for row in page(site, "chi-hoi/binh-xuyen/").find("table", cls="nttv-tally").find("tbody").find_all("tr")}
    # The story that misses a criterion is published but not counted. The public page shows the
    # figure against the goal and nothing of what is missing (`nttv tally` says that).
    assert [cell.strip() for cell in rows["2024"][:2]] == ["1/5", "0/2"]
    assert [cell.strip() for cell in rows["2023"][:3]] == ["0/5", "0/2", "0/1"]
    assert rows["2025"][0] == "0/3 chỉ tiêu 6 tháng"


# Escaping: front-matter text is text, never markup.

def all_pages(site):
    return sorted(site.rglob("*.html"))


def test_no_element_or_attribute_comes_from_front_matter_text(site):
    for file in all_pages(site):
        html = parse(file.read_text(encoding="utf-8"))
        for element in html.iter():
            assert not any(name.startswith("on") for name in element.attrs), (file, element.tag, element.attrs)
            assert not (element.tag == "img" and element.attrs.get("src") == "x"), file
            assert element.tag not in ("b", "i"), (file, element.tag)
            if element.tag == "script" and element.attrs.get("type") == "application/ld+json":
                # Link-preview data carries the title as JSON, with every "<" escaped.
                assert "<" not in element.text(), file
            elif element.tag == "script":
                assert "alert(1)" not in element.text(), file
        for emphasis in html.find_all("em") + html.find_all("code"):
            assert emphasis.text() not in ("số 1", "Thu", "mã"), (file, emphasis.tag)


@pytest.mark.parametrize("relative", HOSTILE)
def test_hostile_text_reads_as_typed_in_title_heading_card_and_description(site, relative):
    fields = HOSTILE[relative]
    url = "cau-chuyen/" + relative.removesuffix(".md") + "/"
    story = page(site, url)
    assert story.find("title").text() == f"{fields['title']} - {SITE_NAME}"
    assert content(story).find("h1").text() == fields["title"]
    assert story.find("meta", name="description").attrs["content"] == fields["deed"]
    assert story.find("span", cls="nttv-byline__name").text() == fields["person"]["name"]
    facts = {dt.text(): dd.text() for dt, dd in zip(story.find_all("dt"), story.find_all("dd"))}
    assert facts["Việc làm"] == fields["deed"]
    assert facts["Nhân vật"].startswith(fields["person"]["name"])
    card = next(c for c in cards(page(site, "cau-chuyen/2025/")) if c.find("h2").find("a").attrs["href"].rstrip("/").endswith(
        relative.removesuffix(".md").split("/")[1]))
    assert card.find("h2").text() == fields["title"]
    assert f" · {fields['person']['name']} · " in card.find("p", cls="nttv-card__meta").text()
    assert card.find("p", cls="nttv-card__deed").text() == fields["deed"]


def test_the_tally_page_links_the_counted_people_by_name(site):
    tally = page(site, "thong-ke/")
    year = page(site, "thong-ke/2025/")
    names = [a.text() for a in year.find_all("ul", cls="nttv-list")[0].find_all("a")]
    assert sorted(names) == sorted([SCRIPT, IMG, "Phạm *Thu* Hà"])
    assert "Số liệu tính đến ngày 29 tháng 11 năm 2026" in tally.find("p", cls="nttv-asof").text()
    # A story published without every criterion is not listed as lacking one on the public page.
    assert "Chưa đủ tiêu chí" not in tally.text() and "thiếu" not in tally.text()

