"""Story pages as Facebook and Zalo see them: link preview tags, the share image they point at, the Chia sẻ box."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from PIL import Image

from conftest import TODAY
from generator.rendering.preview import page_card_path
from scratch_site import fixed_environment, shared_scratch
from test_sharecard import sideways_photo

pytestmark = pytest.mark.build

SITE = "https://nguoitotviecthien.example.org/"
NASTY_TITLE = 'CLB "Áo xanh" </script><b>nấu</b> cơm & <!-- phát quà'
STORIES = {
    "cau-chuyen/2024/co-giao-mo-lop/": dict(
        title="Cô giáo mở lớp học miễn phí", date="2024-05-08",
        photos=[{"src": "lop-hoc.jpg", "alt": "Cô Hoa giảng bài cho các em"}]),
    "cau-chuyen/2024/clb-ao-xanh/": dict(
        title=NASTY_TITLE, kind="collective", person={"name": "CLB Áo Xanh"}, chapter="vinh-yen", date="2024-06-01",
        deed="Nấu 300 suất cơm mỗi tuần", updated="2024-07-01",
        consent={"by": "Phạm Văn Tùng (Chủ nhiệm CLB)", "date": "2024-05-20", "scope": ["website", "zalo"]}),
    "cau-chuyen/2025/chi-tren-web/": dict(
        title="Người hiến máu 40 lần", person={"name": "Đỗ Văn Tâm"}, chapter="yen-lac", date="2025-03-02",
        consent={"by": "Đỗ Văn Tâm", "date": "2025-03-01", "scope": ["website", "print"]}),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One scratch site with three published stories and a draft, built twice (the second from the cache)."""
    scratch = shared_scratch(tmp_path_factory.mktemp("preview") / "repo")
    (scratch.root / "stories" / "2024").mkdir()
    (scratch.root / "stories" / "2024" / "lop-hoc.jpg").write_bytes(sideways_photo())
    for url, fields in STORIES.items():
        year, slug = url.strip("/").split("/")[1:]
        scratch.story(f"{year}/{slug}.md", body="Đoạn mở đầu của câu chuyện 😊.\n\n<!-- more -->\n\nPhần sau.\n", **fields)
    scratch.story("2026/ban-nhap.md", title="Bản nháp", chapter="tinh", date="2026-01-05", draft=True)
    with fixed_environment():
        first = scratch.build(strict=True, fresh_cache=True)  # the log counts the cards drawn
        assert first.returncode == 0, first.stderr
        second = scratch.build(strict=True)
        assert second.returncode == 0, second.stderr
    scratch.logs = (first.stderr, second.stderr)
    return scratch


class Head(HTMLParser):
    """What a link-preview crawler reads: meta tags, the canonical link, JSON-LD."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.canonical: list[str] = []
        self.jsonld: list[str] = []
        self.scripts: list[str] = []
        self.in_jsonld = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and ("property" in attributes or "name" in attributes):
            key = attributes.get("property") or attributes.get("name")
            self.meta.setdefault(key, []).append(attributes.get("content") or "")
        elif tag == "link" and attributes.get("rel") == "canonical":
            self.canonical.append(attributes.get("href") or "")
        elif tag == "script":
            self.in_jsonld = attributes.get("type") == "application/ld+json"
            if attributes.get("src"):
                self.scripts.append(attributes["src"])

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_jsonld = False

    def handle_data(self, data):
        if self.in_jsonld:
            self.jsonld.append(data)


def head_of(html: str) -> Head:
    parser = Head()
    parser.feed(html)
    parser.close()
    return parser


def one(head: Head, key: str) -> str:
    values = head.meta.get(key, [])
    assert len(values) == 1, f"{key}: {values}"
    return values[0]


def is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.netloc)


@pytest.mark.parametrize("url", list(STORIES))
def test_story_page_has_every_link_preview_tag_with_absolute_urls(site, url):
    head = head_of(site.html(url))
    fields = STORIES[url]
    page_url = SITE + url
    assert one(head, "og:title") == fields["title"]
    assert one(head, "og:type") == "article"
    assert one(head, "og:locale") == "vi_VN"
    assert one(head, "og:url") == page_url
    assert head.canonical == [page_url]
    assert one(head, "article:published_time") == fields["date"]
    assert one(head, "twitter:card") == "summary_large_image"
    assert one(head, "og:description") == "Đoạn mở đầu của câu chuyện 😊."
    assert one(head, "og:image:alt").startswith(fields["title"])
    for key in ("og:url", "og:image"):
        assert is_absolute(one(head, key)), key
    (article,) = [json.loads(text) for text in head.jsonld]
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == fields["title"]
    assert article["datePublished"] == fields["date"]
    assert article["url"] == article["mainEntityOfPage"]["@id"] == page_url
    assert all(is_absolute(image) for image in article["image"])


@pytest.mark.parametrize("url", list(STORIES))
def test_preview_image_is_the_declared_size_and_under_one_megabyte(site, url):
    head = head_of(site.html(url))
    image_url = one(head, "og:image")
    assert image_url.startswith(SITE)
    data = (site.root / "site" / image_url[len(SITE):]).read_bytes()
    assert len(data) < 1_000_000
    picture = Image.open(io.BytesIO(data))
    # A photo card is a JPEG; a card without a photo, flat colours and letters, a PNG: each says so.
    assert picture.format == ("JPEG" if STORIES[url].get("photos") else "PNG")
    assert one(head, "og:image:type") == f"image/{picture.format.lower()}"
    assert image_url.endswith("/chia-se.jpg" if STORIES[url].get("photos") else "/chia-se.png")
    assert picture.size == (int(one(head, "og:image:width")), int(one(head, "og:image:height"))) == (1200, 630)
    assert not picture.getexif()


def test_photo_story_preview_names_the_photo(site):
    head = head_of(site.html("cau-chuyen/2024/co-giao-mo-lop/"))
    assert "Cô Hoa giảng bài cho các em" in one(head, "og:image:alt")


def test_modified_time_is_published_when_the_story_was_updated(site):
    head = head_of(site.html("cau-chuyen/2024/clb-ao-xanh/"))
    assert one(head, "article:modified_time") == "2024-07-01"
    assert "article:modified_time" not in head_of(site.html("cau-chuyen/2024/co-giao-mo-lop/")).meta


def test_title_with_markup_cannot_break_out_of_the_head(site):
    html = site.html("cau-chuyen/2024/clb-ao-xanh/")
    head = html.split("</head>", 1)[0]
    assert "<b>nấu</b>" not in head and "</script><b>" not in head
    assert head.count("<script") == head.count("</script>")


@pytest.mark.parametrize("url, buttons", [
    ("cau-chuyen/2024/co-giao-mo-lop/", ["Chia sẻ lên Facebook", "Chia sẻ qua Zalo", "Sao chép bài viết", "Tải ảnh"]),
    ("cau-chuyen/2024/clb-ao-xanh/", ["Chia sẻ qua Zalo", "Sao chép bài viết", "Tải ảnh"]),
    ("cau-chuyen/2025/chi-tren-web/", []),
])
def test_share_box_offers_only_the_channels_the_consent_covers(site, url, buttons):
    html = site.html(url)
    labels = ["Chia sẻ lên Facebook", "Chia sẻ qua Zalo", "Sao chép bài viết", "Tải ảnh"]
    assert [label for label in labels if f">{label}</" in html] == buttons
    assert ('class="nttv-share"' in html) == bool(buttons)


def test_share_image_download_and_facebook_link_point_at_this_story(site):
    html = site.html("cau-chuyen/2024/co-giao-mo-lop/")
    assert 'href="chia-se.jpg" download="co-giao-mo-lop.jpg"' in html
    assert ("https://www.facebook.com/sharer/sharer.php?u="
            "https%3A%2F%2Fnguoitotviecthien.example.org%2Fcau-chuyen%2F2024%2Fco-giao-mo-lop%2F") in html


def test_no_page_loads_a_script_from_another_site(site):
    pages = sorted((site.root / "site").rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        for src in head_of(page.read_text(encoding="utf-8")).scripts:
            assert not urlsplit(src).netloc and not src.startswith("//"), f"{page}: {src}"


def test_second_build_takes_every_share_image_from_the_cache(site):
    first, second = site.logs
    pages = len(list((site.root / ".cache" / "page-cards").glob("*.png")))
    assert pages >= len(PAGES)
    assert f"Ảnh chia sẻ: {3 + pages} ảnh mới tạo, 0 ảnh lấy lại từ bộ nhớ đệm" in first
    assert f"Ảnh chia sẻ: 0 ảnh mới tạo, {3 + pages} ảnh lấy lại từ bộ nhớ đệm" in second
    cached = site.root / ".cache" / "share-cards"
    assert (len(list(cached.glob("*.jpg"))), len(list(cached.glob("*.png")))) == (1, 2)


# Pages that are not stories: each with its own card, its name and its figures from the tally.

PAGES = {
    "": "Người tốt, việc thiện – Chung sức xây dựng cộng đồng nhân ái",
    "cau-chuyen/": "Câu chuyện",
    "cau-chuyen/2024/": "Câu chuyện năm 2024",
    "chi-hoi/": "Các cấp Hội",
    "chi-hoi/tinh/": "Hội Chữ thập đỏ tỉnh Phú Thọ",
    "chi-hoi/binh-xuyen/": "Hội Chữ thập đỏ huyện Bình Xuyên",
    "thong-ke/": "Thống kê theo chỉ tiêu",
    "thong-ke/2024/": "Thống kê năm 2024",
}


def served_card(site, head: Head) -> bytes:
    image_url = one(head, "og:image")
    assert image_url.startswith(SITE)
    return (site.root / "site" / image_url[len(SITE):]).read_bytes()


@pytest.mark.parametrize("url", list(PAGES))
def test_every_page_type_has_a_link_preview_with_its_own_image(site, url):
    head = head_of(site.html(url))
    assert one(head, "og:title") == PAGES[url]
    assert one(head, "og:type") == "website"
    assert one(head, "og:url") == SITE + url
    assert one(head, "og:description").strip()
    assert one(head, "twitter:card") == "summary_large_image"
    assert one(head, "og:image:alt") == one(head, "twitter:image:alt")
    assert is_absolute(one(head, "og:image"))
    data = served_card(site, head)
    assert len(data) < 40_000  # a text card of a few shades (a JPEG of it weighed 60-70 KB)
    picture = Image.open(io.BytesIO(data))
    picture.load()
    assert picture.format == "PNG" and one(head, "og:image:type") == "image/png"
    assert picture.size == (int(one(head, "og:image:width")), int(one(head, "og:image:height"))) == (1200, 630)
    assert not picture.getexif()


@pytest.fixture(scope="module")
def counted(site):
    """The scratch column as the build counts it: the tally, and the text of each page's card."""
    import datetime as dt

    from generator.build import build_site
    from generator.rendering.preview import page_card_texts

    plan = site.plan()
    day = dt.date.fromisoformat(TODAY)
    built = build_site(site.root, plan, site.root / "stories", day)
    return built.tally, page_card_texts(plan, built.tally, built.collection.visible(day), day), built, plan


def test_page_cards_are_in_the_one_list_of_files_every_engine_gets(counted):
    from generator.build import site_files

    _, texts, built, plan = counted
    served = {item.path: item.content for item in site_files(built, plan)}
    for page in ("index.md", "cau-chuyen/index.md", "chi-hoi/binh-xuyen.md", "thong-ke/index.md", "thong-ke/2024/index.md"):
        path = page_card_path(page)
        assert isinstance(served.get(path), bytes) and served[path][:8] == b"\x89PNG\r\n\x1a\n", path
        assert len(served[path]) < 40_000, path  # a few shades, not a photo: a JPEG of it weighed 60-70 KB


def test_a_former_chapters_card_tells_its_history_not_its_last_years_shortfall(site, counted):
    from generator.media.pagecard import render_page_card

    tally, texts, _, _ = counted
    # Bình Xuyên stopped on 2025-06-30: its card tells the examples honoured in its years, never "0/3".
    honoured = sum(row.reached for row in tally.rows if row.chapter == "binh-xuyen" and row.target.per == "chapter-year"
                   and row.target.measure == "distinct-examples" and row.target.kind)
    years = sorted({row.year for row in tally.rows if row.chapter == "binh-xuyen" and row.year is not None})
    text = texts["chi-hoi/binh-xuyen.md"]
    assert text.title == "Hội Chữ thập đỏ huyện Bình Xuyên"
    assert text.label == f"Hội {years[0]}–{years[-1]}"
    assert text.figures == (f"{honoured} tấm gương ({years[0]}–{years[-1]})", "1 câu chuyện đã đăng")
    assert "/" not in text.alt and "thiếu" not in text.alt
    head = head_of(site.html("chi-hoi/binh-xuyen/"))
    assert one(head, "og:image:alt") == text.alt
    assert all(figure[1:] in one(head, "og:description") for figure in text.figures)
    # The image served is the one drawn from that text, not one from an earlier count.
    assert served_card(site, head) == render_page_card(text)


def test_a_column_showing_shortfalls_gets_each_chapters_year_against_its_goal(counted):
    import dataclasses
    import datetime as dt

    from generator.rendering.preview import page_card_texts

    tally, _, built, plan = counted
    day = dt.date.fromisoformat(TODAY)
    texts = page_card_texts(dataclasses.replace(plan, public_shortfalls=True), tally, built.collection.visible(day), day)
    rows = {row.target.id: row for row in tally.rows if row.chapter == "binh-xuyen" and row.year == 2025}
    individuals, collectives = rows["individuals"], rows["collectives"]
    assert individuals.prorated is not None
    assert texts["chi-hoi/binh-xuyen.md"].label == "Hội đã dừng hoạt động"
    assert texts["chi-hoi/binh-xuyen.md"].figures == (
        "1 câu chuyện đã đăng",
        f"Năm 2025: {individuals.reached}/{individuals.goal} cá nhân, {collectives.reached}/{collectives.goal} tập thể")


def test_the_home_and_tally_cards_show_the_periods_figures(site, counted):
    from generator.media.pagecard import render_page_card

    tally, texts, _, _ = counted
    period = {row.target.id: row for row in tally.rows if row.target.per == "period"}
    # What was achieved, not how far from the period's goal.
    line = (f"Cả giai đoạn 2022–2027: {period['period-individuals'].reached} cá nhân, "
            f"{period['period-collectives'].reached} tập thể")
    assert texts["index.md"].figures == ("3 câu chuyện đã đăng", line)
    assert line in texts["thong-ke/index.md"].figures
    for url, page in (("", "index.md"), ("thong-ke/", "thong-ke/index.md"), ("cau-chuyen/", "cau-chuyen/index.md")):
        assert served_card(site, head_of(site.html(url))) == render_page_card(texts[page]), url


def test_build_without_public_address_says_where_to_set_it(scratch):
    plan = scratch.root / "content" / "plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("\nsite_url:", "\n# site_url:"), encoding="utf-8")
    scratch.story("2024/co-giao.md")
    result = scratch.build()
    assert result.returncode != 0
    assert "site_url" in result.stderr and "content/plan.yml" in result.stderr


def test_build_refuses_two_public_addresses_that_differ(scratch):
    config = scratch.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nsite_url: https://khac.example.org/\n", encoding="utf-8")
    result = scratch.build()
    assert result.returncode != 0
    assert "https://khac.example.org/" in result.stderr and "content/plan.yml" in result.stderr
