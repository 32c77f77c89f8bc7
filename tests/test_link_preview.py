"""Story pages as Facebook and Zalo see them: link preview tags, the share image they point at, the Chia sẻ box."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from PIL import Image

from scratch_site import fixed_environment, shared_scratch
from test_sharecard import sideways_photo

SITE = "https://nguoitotviecthien.example.org/"
NASTY_TITLE = 'CLB "Áo xanh" </script><b>nấu</b> cơm & <!-- phát quà'
STORIES = {
    "cau-chuyen/2024/co-giao-mo-lop/": dict(
        title="Cô giáo mở lớp học miễn phí", date="2024-05-08",
        photos=[{"src": "lop-hoc.jpg", "alt": "Cô Hoa giảng bài cho các em"}]),
    "cau-chuyen/2024/clb-ao-xanh/": dict(
        title=NASTY_TITLE, kind="collective", person={"name": "CLB Áo Xanh"}, chapter="vinh-yen", date="2024-06-01",
        deed="Nấu 300 suất cơm mỗi tuần", updated="2024-07-01",
        consent={"by": "Chủ nhiệm CLB", "date": "2024-05-20", "scope": ["website", "zalo"]}),
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
        first = scratch.build(strict=True)
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
    assert "Ảnh chia sẻ: 3 ảnh mới tạo, 0 ảnh lấy lại từ bộ nhớ đệm" in first
    assert "Ảnh chia sẻ: 0 ảnh mới tạo, 3 ảnh lấy lại từ bộ nhớ đệm" in second
    cached = site.root / ".cache" / "share-cards"
    assert (len(list(cached.glob("*.jpg"))), len(list(cached.glob("*.png")))) == (1, 2)


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
