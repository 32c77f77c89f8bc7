"""Search as a reader types it: without diacritics, with d for đ, a name in full; and what it costs a phone."""

from __future__ import annotations

import json
import posixpath
import re

import pytest

from browser import chromium, served
from conftest import run_nttv
from htmltree import parse
from pagefind_bundle import indexed_pages
from search_reader import FIRST_QUERY_BUDGET, Reader

from generator.cache import SEARCH, Store
from generator.rendering.search import index_copy, plain_spelling, unaccented



def searched_text(html: str) -> str:
    copy, _ = index_copy(html)
    main = parse(copy).find("main")
    return " ".join(p.text() for p in main.find_all("p"))


def weighted(html: str) -> list[tuple[str, str]]:
    copy, _ = index_copy(html)
    return [(p.attrs.get("data-pagefind-weight", ""), p.text()) for p in parse(copy).find("main").find_all("p")]


# The copy that Pagefind reads.

@pytest.mark.parametrize("html, present, absent", [
    ("<main data-pagefind-body><p>con đường đi</p></main>", ["con", "đuong", "duong", "đi", "di"], ["đường", "dường"]),
    ("<main data-pagefind-body><p>Đạt</p></main>", ["đat", "dat"], ["Đạt", "Dạt"]),
    ("<nav>Đồng</nav><main data-pagefind-body><p>đi</p></main>", ["đi", "di"], ["đong", "dong", "Đồng"]),
    ("<main data-pagefind-body><p>a <span data-pagefind-ignore>Chia sẻ</span> b</p></main>", ["a", "b"], ["chia", "se"]),
    ("<main data-pagefind-body><section data-pagefind-ignore=all><p>Sao chép</p></section></main>", [], ["sao", "chep"]),
    ("<body><p>Không đánh dấu</p></body>", ["khong", "đanh", "danh", "dau"], ["dánh"]),
    # A title keeps its accents (an accented query ranks it first) and gains its d spelling.
    ("<main data-pagefind-body><h1>Đường làng</h1><p>đi</p></main>", ["Đường", "Dường", "làng", "đi", "di"], ["duong"]),
])
@pytest.mark.build
@pytest.mark.browser
def test_the_copy_holds_the_text_as_a_reader_types_it_and_titles_as_written(html, present, absent):
    words = searched_text(html).split()
    assert [w for w in present if w not in words] == []
    assert [w for w in absent if w in words] == []


def test_plain_text_is_kept_once_a_word_but_titles_and_names_as_written():
    html = ('<main data-pagefind-body><h1>Người tốt người hiền</h1>'
            '<p>người người nhà nhà</p><span data-nttv-name data-pagefind-weight="10">Đỗ Thị Hoa</span></main>')
    found = weighted(html)
    assert ("7", "Người tốt người hiền") in found
    assert ("10", "Đỗ Thị Hoa") in found
    assert ("", "nguoi nha") in found
    names = " ".join(text for weight, text in found if weight == "10").split()
    assert {"dothihoa", "thihoa", "Dỗ"} <= set(names)


def test_field_labels_and_values_are_separate_words():
    html = "<main data-pagefind-body><dl><dt>Nhân vật</dt><dd>Nguyễn Thị Hoa</dd><dt>Việc làm</dt><dd>Mở lớp</dd></dl></main>"
    assert searched_text(html).split() == ["nhan", "vat", "nguyen", "thi", "hoa", "viec", "lam", "mo", "lop"]


def test_the_lead_and_title_become_the_result_text():
    html = ('<html><head><title>X - Site</title></head><body><main data-pagefind-body><h1 data-pagefind-meta="title">Tiêu đề</h1>'
            '<p data-pagefind-meta="lead">Lời dẫn</p></main></body></html>')
    copy = parse(index_copy(html)[0])
    metas = {d.attrs["data-pagefind-meta"]: d.text() for d in copy.find_all("div") if "data-pagefind-meta" in d.attrs}
    assert metas == {"title": "Tiêu đề", "lead": "Lời dẫn"}


def test_a_storys_kind_chapter_and_date_become_metadata_though_kind_and_date_are_not_searched():
    html = ('<main data-pagefind-body><h1>Tiêu đề</h1><p class="nttv-byline">'
            '<a data-pagefind-ignore data-pagefind-meta="kind">Cá nhân</a> · '
            '<a data-pagefind-meta="chapter">Hội Chữ thập đỏ huyện Bình Xuyên</a> · '
            '<span data-pagefind-ignore><time data-pagefind-meta="date">8/5/2024</time></span></p>'
            '<nav data-pagefind-ignore="all"><span data-pagefind-meta="place">Không lấy</span></nav></main>')
    copy = parse(index_copy(html)[0])
    metas = {d.attrs["data-pagefind-meta"]: d.text() for d in copy.find_all("div") if "data-pagefind-meta" in d.attrs}
    assert {key: metas.get(key) for key in ("kind", "chapter", "date", "place")} == {
        "kind": "Cá nhân", "chapter": "Hội Chữ thập đỏ huyện Bình Xuyên", "date": "8/5/2024", "place": None}
    words = searched_text(html).split()
    assert "binh" in words and "ca" not in words and "2024" not in words


# The built samples.

@pytest.mark.build
def test_the_index_holds_stories_not_lists_share_boxes_or_glued_labels(sample_site):
    pages = indexed_pages(sample_site)
    story = "/cau-chuyen/2024/co-giao-muoi-nam-mo-lop-hoc-mien-phi/"
    assert story in pages and "/chi-hoi/binh-xuyen/" in pages
    for listing in ("/", "/cau-chuyen/", "/cau-chuyen/trang-2/", "/cau-chuyen/2024/", "/thong-ke/", "/chi-hoi/", "/404.html"):
        assert listing not in pages, listing
    text = " ".join(page["content"] for page in pages.values())
    assert "Sao chép bài viết" not in text and "Chia sẻ lên Facebook" not in text and "Bài viết soạn sẵn" not in text
    assert re.search(r"(Nhân vật|Việc làm|Hội|Ngày đăng|Hình thức hỗ trợ)[^\W\d_]", text) is None
    assert pages[story]["meta"]["title"] == "Cô giáo mười năm mở lớp học miễn phí"
    assert pages[story]["meta"]["lead"]
    assert pages[story]["meta"]["name"] == "Nguyễn Thị Hoa"
    assert pages[story]["meta"]["kind"] == "Người tốt, việc thiện"
    assert pages[story]["meta"]["chapter"] == "Hội Chữ thập đỏ huyện Bình Xuyên"
    assert pages[story]["meta"]["date"] == "8/5/2024"
    # The names a near miss is compared with: people, collectives, chapters.
    names = json.loads((sample_site / "pagefind" / "nttv-names.json").read_text(encoding="utf-8"))
    assert {"Nguyễn Thị Hoa", "Khu dân cư thôn Phú Lộc", "Vĩnh Tường"} <= set(names)
    assert names == sorted(set(names))
    # Small chunks (CHUNK_SIZE): even the samples' index is split, so a query fetches only part of it.
    assert len(list((sample_site / "pagefind" / "index").glob("*.pf_index"))) > 1


@pytest.fixture(scope="module")
def reader(sample_site):
    with served(sample_site) as origin, chromium() as browser:
        yield Reader(browser, origin, sample_site)


STORY = "/cau-chuyen/{}/"


@pytest.mark.parametrize("typed, first", [
    ("nguyen thi hoa", "2024/co-giao-muoi-nam-mo-lop-hoc-mien-phi"),
    ("Nguyễn Thị Hoa", "2024/co-giao-muoi-nam-mo-lop-hoc-mien-phi"),
    ("dinh thi kim oanh", "2025/nu-dieu-duong-lap-nhom-cham-soc-giam-nhe-tai-nha-cho-nguoi-benh-nang"),
    ("Đinh Thị Kim Oanh", "2025/nu-dieu-duong-lap-nhom-cham-soc-giam-nhe-tai-nha-cho-nguoi-benh-nang"),
    ("to dan pho dong xuan", None),
    ("yen lac", "../chi-hoi/yen-lac"),
    ("binh xuyen", "../chi-hoi/binh-xuyen"),
])
@pytest.mark.build
@pytest.mark.browser
def test_a_name_typed_either_way_puts_its_story_first(reader, typed, first, sample_site):
    if first is None:
        first = next(url.strip("/").removeprefix("cau-chuyen/") for url, page in indexed_pages(sample_site).items()
                     if "Tổ dân phố Đồng Xuân" in page["content"] and url.startswith("/cau-chuyen/"))
    found = reader.search(typed)
    assert found["errors"] == []
    assert found["links"][0] == posixpath.normpath(STORY.format(first)) + "/"


@pytest.mark.parametrize("typed, name", [
    ("mai thanh dat", "Mai Thành Đạt"),
    ("Mai Thành Đạt", "Mai Thành Đạt"),
    ("kim oanh", "Đinh Thị Kim Oanh"),
    ("cong ty tnhh may mac phong lan", "Công ty TNHH May mặc Phong Lan"),
    ("may mac phong lan", "Công ty TNHH May mặc Phong Lan"),
    ("Khu dân cư thôn Phú Lộc", "Khu dân cư thôn Phú Lộc"),
])
@pytest.mark.build
@pytest.mark.browser
def test_a_name_or_a_run_of_its_words_puts_its_page_first(reader, sample_site, typed, name):
    (page,) = [url for url, fragment in indexed_pages(sample_site).items() if fragment["meta"].get("name") == name]
    found = reader.search(typed)
    assert found["errors"] == []
    assert found["links"][0] == page
    assert "kết quả đúng tên" in found["status"]  # a person, a collective or a chapter


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("typed", ["viec thien", "việc thiện", "ho tro", "hỗ trợ", "nguoi cao tuoi", "hien mau"])
@pytest.mark.build
@pytest.mark.browser
def test_a_query_that_names_no_one_finds_only_pagefinds_pages_and_no_name(reader, typed):
    """Pagefind shortens a word it cannot find ("viecthien" finds "việc"): those pages are not name matches."""
    found = reader.search(typed)
    assert found["errors"] == []
    assert found["links"], typed
    assert set(found["links"]) <= found["all"]
    assert "kết quả đúng tên" not in found["status"]


# What a reader types, and the first results they must see: in Chromium, on the samples.
SAMPLE_FIRST = [
    # Names without diacritics, in full or begun, and chapters by name.
    ("nguyen thi hoa", ["/cau-chuyen/2024/co-giao-muoi-nam-mo-lop-hoc-mien-phi/"]),
    ("doan van phuc", ["/cau-chuyen/2026/nguoi-nong-dan-hien-dat-mo-rong-duong-lien-thon/"]),
    ("lam van tu", ["/cau-chuyen/2026/chang-trai-tre-mo-lop-tin-hoc-mien-phi-cho-thanh-nien-trong-xa/"]),
    ("dinh thi kim oan", ["/cau-chuyen/2025/nu-dieu-duong-lap-nhom-cham-soc-giam-nhe-tai-nha-cho-nguoi-benh-nang/"]),
    ("dat", ["/cau-chuyen/2026/bac-si-tre-day-so-cap-cuu-mien-phi-cho-tai-xe-va-nguoi-ban-hang/"]),  # Mai Thành Đạt
    ("vinh tuong", ["/chi-hoi/xa-vinh-tuong/", "/chi-hoi/vinh-tuong/"]),
    ("phuc yen", ["/chi-hoi/phuong-phuc-yen/", "/chi-hoi/phuc-yen/"]),
    # The phrase in a title before the pages that merely hold its words ("hiến đất… mẫu").
    ("hien mau", ["/cau-chuyen/2025/nguoi-hien-mau-50-lan-cung-doan-tinh-nguyen-ho-tro-ba-con-vung-lu/",
                  "/cau-chuyen/2025/nguoi-hien-mau-50-lan-van-dong-ca-khu-pho-cung-hien-mau/"]),
    ("nguoi cao tuoi", ["/cau-chuyen/2024/nguoi-phu-nu-lap-bep-com-co-thit-cho-nguoi-cao-tuoi-neo-don/",
                        "/cau-chuyen/2024/ong-tho-cat-toc-danh-sang-thu-hai-cat-toc-mien-phi-cho-nguoi-cao-tuoi/",
                        "/cau-chuyen/2025/to-truong-dan-pho-ket-noi-tinh-nguyen-vien-di-cho-ho-nguoi-cao-tuoi/",
                        "/cau-chuyen/2023/bac-si-ve-huu-kham-benh-mien-phi-cho-nguoi-cao-tuoi-vung-ven/",
                        "/cau-chuyen/2023/nu-y-si-di-tung-nha-do-huyet-ap-cho-nguoi-cao-tuoi/",
                        "/cau-chuyen/2024/doanh-nghiep-dien-tu-mang-bua-trua-den-nguoi-cao-tuoi-song-mot-minh/"]),
    # Two words from a story's body.
    ("hang rao", ["/cau-chuyen/2026/nguoi-nong-dan-hien-dat-mo-rong-duong-lien-thon/"]),
    ("ao boi", ["/cau-chuyen/2023/thay-giao-ve-huu-day-boi-mien-phi-cho-tre-em-moi-mua-he/"]),
]
# Queries with a word no page has: nothing, said in Vietnamese, naming the word when there are others.
SAMPLE_EMPTY = [
    ("tàu vũ trụ", "Không tìm thấy kết quả nào cho “tàu vũ trụ”: không trang nào có chữ “tàu”."),
    ("viec thien xyz", "Không tìm thấy kết quả nào cho “viec thien xyz”: không trang nào có chữ “xyz”."),
    ("qwertyuiop", "Không tìm thấy kết quả nào cho “qwertyuiop”."),
]


EVERY_WORD = ["bong da", "nguyen thi hao", "tre em kho", "hien mau", "duong", "may bay"]


@pytest.fixture(scope="module")
def typed_in_turn(reader):
    """What the box shows for each query of the tables, typed one after another in one box."""
    return reader.search_in_turn([typed for typed, _ in SAMPLE_FIRST + SAMPLE_EMPTY] + EVERY_WORD)


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("typed, first", SAMPLE_FIRST)
def test_the_closest_pages_come_first(typed_in_turn, typed, first):
    found = typed_in_turn[typed]
    assert found["errors"] == []
    assert set(found["links"][:len(first)]) == set(first), found["links"]


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("typed, said", SAMPLE_EMPTY)
def test_a_word_found_nowhere_finds_nothing(typed_in_turn, typed, said):
    found = typed_in_turn[typed]
    assert (found["links"], found["status"], found["errors"]) == ([], said, [])


def folded_words(text: str) -> list[str]:
    return [plain_spelling(word) for word in re.findall(r"\w+", text)]


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("typed", EVERY_WORD)
def test_every_result_holds_every_word_the_last_perhaps_begun(typed_in_turn, sample_site, typed):
    pages = indexed_pages(sample_site)
    *whole, last = folded_words(typed)
    found = typed_in_turn[typed]
    assert found["errors"] == []
    for url in found["links"]:
        own = set(folded_words(pages[url]["content"] + " " + " ".join(pages[url]["meta"].values())))
        assert set(whole) <= own and any(word.startswith(last) for word in own), (typed, url)
    # and every page of the index that holds them is found
    holding = {url for url, page in pages.items()
               if set(whole) <= (own := set(folded_words(page["content"]))) and any(word.startswith(last) for word in own)}
    assert set(found["links"]) == holding or len(found["links"]) == 10


@pytest.mark.build
@pytest.mark.browser
def test_the_last_word_may_be_begun_while_typing_but_is_whole_after_enter(reader):
    typing = reader.search("lop ti", every_page=False)
    assert typing["links"][0] == "/cau-chuyen/2026/chang-trai-tre-mo-lop-tin-hoc-mien-phi-cho-thanh-nien-trong-xa/"
    asked = reader.search("lop ti", every_page=False, enter=True)
    assert (asked["links"], asked["status"]) == ([], "Không tìm thấy kết quả nào cho “lop ti”: không trang nào có chữ “ti”.")


@pytest.mark.build
@pytest.mark.browser
def test_a_title_holding_the_word_comes_before_a_text_holding_it(typed_in_turn, sample_site):
    pages = indexed_pages(sample_site)
    found = typed_in_turn["duong"]
    named = ["duong" in folded_words(pages[url]["meta"]["title"] + " " + pages[url]["meta"].get("name", ""))
             for url in found["links"]]
    assert named[0] and named == sorted(named, reverse=True), found["links"]


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("typed", ["nguyen thi hao", "ngyuen thi hoa"])
def test_a_name_one_letter_off_offers_the_name(reader, typed):
    found = reader.search(typed, every_page=False)
    assert found["suggestion"] == "Có phải bạn tìm: Nguyễn Thị Hoa?"
    assert "/cau-chuyen/2024/co-giao-muoi-nam-mo-lop-hoc-mien-phi/" not in found["links"]


@pytest.mark.build
@pytest.mark.browser
def test_the_offered_name_links_its_search(reader):
    tab = reader.browser.new_page(viewport={"width": 360, "height": 740})
    try:
        tab.goto(reader.origin + "cau-chuyen/", wait_until="networkidle")
        tab.get_by_role("button", name="Tìm kiếm").click()
        tab.get_by_label(re.compile("Tên người, tập thể")).fill("nguyen thi hao")
        link = tab.get_by_role("link", name="Nguyễn Thị Hoa")
        assert "?q=" in link.get_attribute("href")
        link.click()
        tab.wait_for_function("document.querySelector('.nttv-search__status').textContent.includes('đúng tên')")
        assert tab.input_value("#nttv-search-query") == "Nguyễn Thị Hoa"
        first = tab.locator(".nttv-search__result h3 a").first
        assert first.inner_text() == "Cô giáo mười năm mở lớp học miễn phí"
        # The link's own address opens the box with that search.
        tab.goto(reader.origin + "?q=" + "nguyen%20thi%20hoa", wait_until="networkidle")
        tab.wait_for_selector(".nttv-search__result")
        assert tab.locator(".nttv-search__result h3 a").first.inner_text() == "Cô giáo mười năm mở lớp học miễn phí"
    finally:
        tab.close()


@pytest.mark.build
@pytest.mark.browser
def test_a_result_says_what_where_and_when_and_marks_the_words_in_its_lead(typed_in_turn):
    found = typed_in_turn["nguoi cao tuoi"]
    (first,) = [shown for shown in found["shown"] if shown["title"] == "Nữ y sĩ đi từng nhà đo huyết áp cho người cao tuổi"]
    assert first["about"] == "Người tốt, việc thiện · Hội Chữ thập đỏ huyện Sông Lô · 15/11/2023"
    assert [plain_spelling(word) for word in first["marked"]][:3] == ["nguoi", "cao", "tuoi"]
    chapter = typed_in_turn["vinh tuong"]["shown"][0]
    assert chapter["about"] == ""  # a chapter's page: its lead says its level and years


def test_the_index_gives_each_page_its_name_and_each_run_of_it_as_one_word():
    html = '<main data-pagefind-body><span data-nttv-name data-pagefind-weight="10">Tổ dân phố Đồng Xuân</span></main>'
    copy = parse(index_copy(html)[0])
    metas = {d.attrs["data-pagefind-meta"]: d.text() for d in copy.find_all("div") if "data-pagefind-meta" in d.attrs}
    assert metas["name"] == "Tổ dân phố Đồng Xuân"
    words = " ".join(text for weight, text in weighted(html) if weight == "10").split()
    assert {"todanphodongxuan", "danphodongxuan", "phodongxuan", "dongxuan", "Tổ", "Đồng", "Dồng"} <= set(words)


@pytest.mark.parametrize("plain, accented", [("viec thien", "việc thiện"), ("yen lac", "Yên Lạc"), ("dat", "đạt"),
                                             ("duong", "đường"), ("hien mau", "hiến máu"), ("lop hoc", "lớp học")])
@pytest.mark.build
@pytest.mark.browser
def test_a_query_without_diacritics_finds_what_the_accented_one_finds(reader, plain, accented):
    without, with_ = reader.search(plain), reader.search(accented)
    assert with_["all"], accented
    assert with_["all"] <= without["all"]


@pytest.mark.build
@pytest.mark.browser
def test_d_finds_dd_in_titles(reader):
    found = reader.search("dat")
    assert STORY.format("2024/truong-thcs-nuoi-heo-dat-nhan-ai-dong-hanh-cung-mot-dia-chi-nhan-dao") in found["all"]


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("accented", ["đường", "đạt", "trẻ em"])
@pytest.mark.build
@pytest.mark.browser
def test_an_accented_query_finds_the_pages_that_have_its_words_in_their_text_only(reader, sample_site, accented):
    """The index holds a story's text without diacritics: an accented query, đ included, still finds it."""
    pages = indexed_pages(sample_site)
    words = {unaccented(word) for word in accented.split()}
    in_text = {url for url, page in pages.items()
               if words <= set(re.findall(r"\w+", page["content"])) and accented not in page["meta"]["title"].lower()}
    assert in_text, accented
    found = reader.search(accented)
    assert in_text <= found["all"]
    # Of Pagefind's pages (each word begun), those with every word whole but the last.
    *whole, last = [unaccented(word) for word in accented.split()]
    holding = [url for url in found["all"] if set(whole) <= (own := set(map(unaccented, re.findall(r"\w+", pages[url]["content"]))))
               and any(word.startswith(last) for word in own)]
    assert found["status"] == f"Tìm thấy {len(holding)} kết quả “{accented}”."


@pytest.mark.build
@pytest.mark.browser
def test_an_accented_query_with_dd_finds_the_words_with_dd_and_ranks_them_first(reader, sample_site):
    titles = {url: page["meta"]["title"] for url, page in indexed_pages(sample_site).items()}
    accented, plain = reader.search("đường"), reader.search("duong")
    assert "đường" in titles[accented["links"][0]].lower()
    assert any("dưỡng" in titles[url].lower() for url in plain["all"])
    assert accented["all"] < plain["all"]


@pytest.mark.build
@pytest.mark.browser
def test_nothing_of_search_loads_before_it_is_opened_and_the_first_query_stays_light(reader):
    found = reader.search("nguyen thi hoa", "cau-chuyen/2024/co-giao-muoi-nam-mo-lop-hoc-mien-phi/")
    assert [u for u in found["before"] if "/pagefind/" in u] == []
    fetched = [u for u in found["after"] if "/pagefind/" in u]
    assert any(u.endswith("pagefind.js") for u in fetched) and any(".pf_index" in u for u in fetched)
    assert not any(u.endswith("pagefind-worker.js") for u in fetched)  # the search runs on the page
    # A name is found with one small chunk of the index: the engine, its WebAssembly and a few kilobytes.
    assert reader.compressed(fetched) <= FIRST_QUERY_BUDGET // 2
    assert [u for u in found["before"] + found["after"] if not u.startswith(reader.origin)] == []


@pytest.mark.build
@pytest.mark.browser
def test_the_search_box_speaks_vietnamese_when_nothing_is_found(reader):
    found = reader.search("xyzkhongco")
    assert found["status"] == "Không tìm thấy kết quả nào cho “xyzkhongco”."


def _three_page_site(tmp_path):
    """A built site of three marked pages, and where its search copies are kept."""
    site = tmp_path / "site"
    for name, word in (("index.html", "hiến máu"), ("a/index.html", "nấu cơm"), ("b/index.html", "sửa nhà")):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(f'<html><body><main data-pagefind-body><h1>Trang {word}</h1><p>{word}</p></main></body></html>',
                                 encoding="utf-8")
    return site, Store(tmp_path / "cache", SEARCH)


def test_a_second_index_reads_only_the_pages_that_changed_and_keeps_the_same_index(tmp_path, monkeypatch):
    from generator.rendering import search

    site, cache = _three_page_site(tmp_path)
    read = []
    real = search.index_copy
    monkeypatch.setattr(search, "index_copy", lambda html: read.append(html) or real(html))
    first = search.index_site(site, cache)
    bundle = {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()}
    assert (first.pages, len(read)) == (3, 3)
    read.clear()
    second = search.index_site(site, Store(cache.folder, SEARCH))  # a new process: the copies come from the disk
    assert (second.pages, read) == (3, [])
    assert {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()} == bundle
    (site / "a" / "index.html").write_text('<html><body><main data-pagefind-body><h1>Trang mới</h1><p>đường làng</p></main></body></html>',
                                           encoding="utf-8")
    read.clear()
    search.index_site(site, cache)
    assert len(read) == 1 and "đường làng" in read[0]
    assert "đuong duong lang" in cache.get(search.COPIES).decode("utf-8")  # the changed page's copy, unaccented


def test_a_page_removed_or_changed_since_the_last_index_is_searched_as_it_is_now(tmp_path):
    """The folder of copies Pagefind reads is kept between runs: a page that is gone must leave the
    index, a changed one be found by its new words, and a damaged folder be made again."""
    from generator.rendering import search

    site, cache = _three_page_site(tmp_path)
    search.index_site(site, cache)
    assert set(indexed_pages(site)) == {"/", "/a/", "/b/"}
    (site / "b" / "index.html").unlink()
    (site / "a" / "index.html").write_text('<html><body><main data-pagefind-body><h1>Trang mới</h1><p>trồng cây</p></main></body></html>',
                                           encoding="utf-8")
    search.index_site(site, cache)
    pages = indexed_pages(site)
    assert set(pages) == {"/", "/a/"}
    assert "trong cay" in pages["/a/"]["content"]  # as a reader types it
    # A folder whose list of files was lost (a run that stopped) is emptied, not trusted.
    folder = next(p for p in cache.folder.iterdir() if p.is_dir())
    (folder / ".copies.json").unlink()
    (folder / "cu" / "index.html").parent.mkdir()
    (folder / "cu" / "index.html").write_text('<html><body><main data-pagefind-body><p>trang cũ</p></main></body></html>', encoding="utf-8")
    search.index_site(site, cache)
    assert set(indexed_pages(site)) == {"/", "/a/"}


# Another engine's site (no plugin, no marks): `nttv search-index` makes the same index.

def test_nttv_search_index_indexes_a_site_built_without_the_plugin(tmp_path):
    site = tmp_path / "site"
    (site / "bai").mkdir(parents=True)
    (site / "index.html").write_text("<html><body><h1>Trang chủ</h1><p>Chào mừng</p></body></html>", encoding="utf-8")
    (site / "bai" / "index.html").write_text("<html><body><h1>Người hiến đất</h1><p>Ông Đặng Văn Bình hiến đất làm đường"
                                             "</p></body></html>", encoding="utf-8")
    done = run_nttv(tmp_path, "search-index", str(site))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("2 trang được lập chỉ mục")
    pages = indexed_pages(site)
    assert set(pages) == {"/", "/bai/"}
    assert pages["/bai/"]["meta"]["title"] == "Người hiến đất"
    assert {"đang", "dang", "van", "binh", "đuong", "duong"} <= set(re.findall(r"\w+", pages["/bai/"]["content"]))


def test_nttv_search_index_says_in_vietnamese_that_a_folder_has_no_page(tmp_path):
    done = run_nttv(tmp_path, "search-index", str(tmp_path))
    assert done.returncode == 2
    assert "không có trang HTML nào để lập chỉ mục tìm kiếm" in done.stderr


def test_a_result_without_a_lead_of_its_own_shows_its_opening_words_as_written():
    """The copy's text is spelled without diacritics: a page with no lead (the movement's page)
    gets its first words, as written, for the search box to show under its title."""
    from generator.rendering.search import LEAD_WORDS

    words = " ".join(f"việc{n}" for n in range(LEAD_WORDS + 5))
    marked = f"<main data-pagefind-body><h1>Phong trào</h1><p>Phong trào “Người tốt, việc thiện” {words}</p></main>"
    lead = re.search(r'data-pagefind-meta="lead">([^<]*)<', index_copy(marked)[0]).group(1)
    assert lead.startswith("Phong trào “Người tốt, việc thiện” việc0") and lead.endswith("…")
    assert len(lead.split()) == LEAD_WORDS
    own = '<main data-pagefind-body><h1>Truyện</h1><p data-pagefind-meta="lead">Lời dẫn riêng.</p><p>Thân bài.</p></main>'
    assert re.findall(r'data-pagefind-meta="lead">([^<]*)<', index_copy(own)[0]) == ["Lời dẫn riêng."]
    # A site whose theme marks nothing (another engine's) has no part known to be the text: no lead is made up.
    assert 'data-pagefind-meta="lead"' not in index_copy("<html><body><nav>Trang chủ</nav><p>Chào mừng</p></body></html>")[0]
