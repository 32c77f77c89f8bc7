"""Real `mkdocs build` runs of a scratch site: what gets published, what is refused, what the log says."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
import struct

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from PIL import Image

from conftest import TODAY, make_scratch
from generator.build import build_site
from pagefind_bundle import holds, indexed_pages
from htmltree import internal_links, parse, resolve

pytestmark = pytest.mark.build

SITE_URL = "https://nguoitotviecthien.example.org/"
DRAFT = "Bản thảo chưa duyệt về bà cụ bán vé số"
FUTURE = "Bài hẹn đăng về đội sơ cứu tình nguyện"
# Elements that make a browser fetch something: none of them may leave the site.
FETCHING = {("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"), ("iframe", "src"),
            ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}


def consent(day: str, by: str = "Nguyễn Văn Minh") -> dict:
    return {"by": by, "date": day, "scope": ["website", "facebook"]}


def add_good_stories(scratch) -> None:
    scratch.story("2024/co-giao-mo-lop.md")
    scratch.story("2023/doi-thanh-nien.md", kind="collective", title="Đội thanh niên tình nguyện xã",
                  person={"name": "Đội thanh niên tình nguyện"}, chapter="tam-dao", date="2023-07-01",
                  consent=consent("2023-06-01", "Nguyễn Văn Minh (Đội trưởng)"))
    scratch.story("2026/phuong-moi.md", title="Tổ dân phố góp quỹ cho người già", person={"name": "Lê Thị Mai"},
                  chapter="phuong-vinh-yen", date="2026-03-03", consent=consent("2026-03-01"),
                  body="Đoạn mở đầu.\n\n<!-- more -->\n\nXem thêm [trang chủ](https://example.org/).\n")
    (scratch.root / "stories" / "2025").mkdir()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(scratch.root / "stories" / "2025" / "anh-mau.jpg")
    scratch.story("2025/co-anh.md", title="Bác sĩ khám miễn phí", person={"name": "Đỗ Văn Bình"}, chapter="tinh",
                  date="2025-10-10", consent=consent("2025-10-01"),
                  photos=[{"src": "anh-mau.jpg", "alt": "Bác sĩ khám cho cụ già", "caption": "Buổi khám"}])
    scratch.story("2024/ban-nhap.md", title=DRAFT, person={"name": "Hoàng Thị Lan"}, draft=True)
    scratch.story("2026/hen-dang.md", title=FUTURE, person={"name": "Đội sơ cứu"}, chapter="tinh",
                  date="2026-12-20", consent=consent("2026-12-01"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    scratch = make_scratch(tmp_path_factory.mktemp("e2e") / "repo")
    add_good_stories(scratch)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("NTTV_TODAY", TODAY)
        env.setenv("NO_MKDOCS_2_WARNING", "1")
        env.delenv("SOURCE_DATE_EPOCH", raising=False)
        result = scratch.build(strict=True)
    assert result.returncode == 0, result.stderr
    return scratch, result


def site_files(site) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_a_strict_build_of_good_stories_passes_and_logs_the_summary(built):
    scratch, result = built
    assert "WARNING" not in result.stderr
    assert "Chuyên mục: 4 truyện đã đăng, 1 bản nháp và 1 bài hẹn đăng chưa đăng, 0 tệp bị bỏ qua vì lỗi" in result.stderr
    for url in ("cau-chuyen/2024/co-giao-mo-lop/", "cau-chuyen/2023/doi-thanh-nien/", "cau-chuyen/2026/phuong-moi/",
                "cau-chuyen/2025/co-anh/", "cau-chuyen/", "chi-hoi/", "chi-hoi/phuong-vinh-yen/", "thong-ke/"):
        assert (scratch.root / "site" / url / "index.html").is_file(), url


def test_drafts_and_future_stories_are_nowhere_in_the_built_site(built):
    scratch, _ = built
    site = scratch.root / "site"
    assert not (site / "cau-chuyen" / "2024" / "ban-nhap").exists()
    assert not (site / "cau-chuyen" / "2026" / "hen-dang").exists()
    for relative, data in site_files(site).items():
        if relative.endswith((".gz", ".jpg", ".webp", ".png")) or "/assets/" in f"/{relative}" or relative.startswith("pagefind/"):
            continue
        text = data.decode("utf-8")
        for hidden in (DRAFT, FUTURE, "ban-nhap", "hen-dang", "Hoàng Thị Lan", "Đội sơ cứu"):
            assert hidden not in text, (relative, hidden)
    searched = " ".join(page["content"] + json.dumps(page["meta"], ensure_ascii=False) for page in indexed_pages(site).values())
    for hidden in (DRAFT, FUTURE, "ban-nhap", "hen-dang", "Hoàng Thị Lan", "Đội sơ cứu"):
        assert not holds(searched, hidden), hidden


def test_drafts_and_future_stories_are_not_in_the_tally(built):
    scratch, _ = built
    rows = json.loads(scratch.nttv("tally", "--json").stdout)
    examples = {path for row in rows for path in row["examples"]}
    assert examples == {"stories/2024/co-giao-mo-lop.md", "stories/2023/doi-thanh-nien.md",
                        "stories/2026/phuong-moi.md", "stories/2025/co-anh.md"}
    tinh_2026 = next(r for r in rows if (r["target"], r["chapter"], r["year"]) == ("individuals", "tinh", 2026))
    assert tinh_2026["reached"] == 0


def test_a_preview_shows_drafts_and_future_stories_marked_but_never_counts_them(built):
    scratch, _ = built
    plan = scratch.plan()
    today = dt.date.fromisoformat(TODAY)
    published = build_site(scratch.root, plan, scratch.root / "stories", today)
    preview = build_site(scratch.root, plan, scratch.root / "stories", today, preview=True)
    pages = {page.path: page.text for page in preview.pages}
    assert "Bản nháp" in pages["cau-chuyen/2024/ban-nhap.md"]
    assert "Hẹn đăng 20/12/2026" in pages["cau-chuyen/2026/hen-dang.md"]
    assert DRAFT in pages["cau-chuyen/index.md"] and FUTURE in pages["cau-chuyen/index.md"]
    assert {page.path for page in published.pages} == set(pages) - {"cau-chuyen/2024/ban-nhap.md", "cau-chuyen/2026/hen-dang.md"}
    assert preview.tally == published.tally
    assert preview.summary == published.summary


def test_every_internal_link_and_image_resolves_to_a_built_file(built):
    scratch, _ = built
    site = scratch.root / "site"
    assert len(list(site.rglob("*.html"))) > 25
    links = list(internal_links(site, SITE_URL))
    assert len(links) > 1000
    assert [f"{here}: <{tag} {name}={link!r}>" for here, tag, name, link, target in links if not target.is_file()] == []
    assert any(tag == "img" and "/co-anh/" in str(target) for _, tag, _, _, target in links)


def test_the_photo_is_published_and_shown(built):
    scratch, _ = built
    site = scratch.root / "site"
    story = parse((site / "cau-chuyen" / "2025" / "co-anh" / "index.html").read_text(encoding="utf-8"))
    figure = story.find("figure", cls="nttv-photo")
    image = figure.find("img")
    assert image.attrs["alt"] == "Bác sĩ khám cho cụ già"
    assert figure.find("figcaption").text() == "Buổi khám"
    assert resolve(site, "cau-chuyen/2025/co-anh/", image.attrs["src"]).is_file()


def test_the_plan_file_is_not_published(built):
    scratch, _ = built
    site = scratch.root / "site"
    assert list(site.rglob("plan.yml")) == []
    # The one YAML file published is the web editor's configuration, made from the plan's public parts.
    assert [p.relative_to(site).as_posix() for p in site.rglob("*.yml")] == ["quan-tri/config.yml"]
    assert "consent" not in (site / "quan-tri/config.yml").read_text(encoding="utf-8").split("collections:")[0]
    indexed = indexed_pages(site)
    assert indexed and not [url for url in indexed if "plan" in url]


def test_no_page_loads_anything_from_outside_the_site(built):
    scratch, _ = built
    site = scratch.root / "site"
    outside = []
    for file in sorted(site.rglob("*.html")):
        for element in parse(file.read_text(encoding="utf-8")).iter():
            for tag, name in FETCHING:
                value = element.attrs.get(name, "")
                if element.tag == tag and value.startswith(("http:", "https:", "//")) and not value.startswith(SITE_URL):
                    if tag == "link" and element.attrs.get("rel") in ("canonical", "alternate"):
                        continue
                    outside.append(f"{file.relative_to(site)}: <{tag} {name}={value}>")
            if element.tag == "style":
                assert "url(http" not in element.text() and "@import" not in element.text(), file
    assert outside == []
    for file in sorted(site.rglob("*")):
        if file.suffix in (".html", ".css", ".js"):
            text = file.read_text(encoding="utf-8")
            assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, file


def test_a_rebuild_is_byte_identical(built, tmp_path, monkeypatch):
    scratch, _ = built
    first = site_files(scratch.root / "site")
    copy = tmp_path / "repo"
    shutil.copytree(scratch.root, copy, ignore=shutil.ignore_patterns("site"))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    result = type(scratch)(copy).build(strict=True)
    assert result.returncode == 0, result.stderr
    second = site_files(copy / "site")
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []


def test_the_sitemap_is_dated_by_nttv_today_not_by_the_clock(scratch, monkeypatch):
    scratch.story("2024/co-giao-mo-lop.md")
    monkeypatch.setenv("NTTV_TODAY", "2027-02-14")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert scratch.build(strict=True).returncode == 0
    site = scratch.root / "site"
    assert "<lastmod>2027-02-14</lastmod>" in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>" in gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8")
    mtime, = struct.unpack("<I", (site / "sitemap.xml.gz").read_bytes()[4:8])
    assert dt.datetime.fromtimestamp(mtime, dt.timezone.utc).date() == dt.date(2027, 2, 14)


def test_a_bad_story_fails_strict_but_a_plain_build_publishes_the_rest_and_names_it(scratch):
    scratch.story("2024/co-giao-mo-lop.md")
    scratch.story("2024/sai-chi-hoi.md", title="Truyện ghi sai Hội", chapter="binh-xuyenn", person={"name": "Trần Văn Nam"})
    strict = scratch.build(strict=True)
    assert strict.returncode != 0
    assert "stories/2024/sai-chi-hoi.md:" in strict.stderr
    plain = scratch.build()
    assert plain.returncode == 0, plain.stderr
    warning = next(line for line in plain.stderr.splitlines() if "sai-chi-hoi.md" in line)
    assert warning.startswith("WARNING")
    assert "chapter: không có Hội `binh-xuyenn` trong kế hoạch (ý bạn là `binh-xuyen`?)" in warning
    assert "1 truyện đã đăng, 0 bản nháp và 0 bài hẹn đăng chưa đăng, 1 tệp bị bỏ qua vì lỗi" in plain.stderr
    assert "Cô giáo mở lớp học miễn phí" in scratch.html("cau-chuyen/")
    assert "Truyện ghi sai Hội" not in scratch.html("cau-chuyen/")
    assert not (scratch.root / "site" / "cau-chuyen" / "2024" / "sai-chi-hoi").exists()


def test_a_warning_is_logged_but_does_not_fail_strict(scratch):
    scratch.story("2024/co-giao-mo-lop.md", nguon="Báo Vĩnh Phúc")
    result = scratch.build(strict=True)
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stderr.splitlines() if "co-giao-mo-lop.md" in line)
    assert line.startswith("INFO") and "nguon" in line
    assert "1 truyện đã đăng" in result.stderr


@pytest.mark.parametrize("configured", ["https://nguoitotviecthien.example.org/", "https://nguoitotviecthien.example.org"])
def test_the_same_site_url_in_mkdocs_yml_and_the_plan_is_accepted(scratch, configured):
    scratch.write("mkdocs.yml", (scratch.root / "mkdocs.yml").read_text(encoding="utf-8") + f"site_url: {configured}\n")
    assert scratch.build(strict=True).returncode == 0


def test_a_site_url_clash_between_mkdocs_yml_and_the_plan_fails_clearly(scratch):
    scratch.write("mkdocs.yml", (scratch.root / "mkdocs.yml").read_text(encoding="utf-8") + "site_url: https://chuthapdo.example.vn/\n")
    result = scratch.build()
    assert result.returncode != 0
    assert "site_url" in result.stderr
    assert "https://chuthapdo.example.vn/" in result.stderr and SITE_URL in result.stderr
    assert "content/plan.yml" in result.stderr
    assert not (scratch.root / "site" / "index.html").exists()


@pytest.mark.parametrize("command, shown", [("serve", True), ("build", False)])
def test_only_mkdocs_serve_adds_drafts_and_future_stories(scratch, monkeypatch, command, shown):
    # The plugin runs in this process and sets SOURCE_DATE_EPOCH; monkeypatch removes it afterwards.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    add_good_stories(scratch)
    config = load_config(config_file=str(scratch.root / "mkdocs.yml"))
    config.plugins.on_startup(command=command, dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    paths = {file.src_uri for file in files}
    assert "cau-chuyen/2024/co-giao-mo-lop.md" in paths
    assert ("cau-chuyen/2024/ban-nhap.md" in paths) is shown
    assert ("cau-chuyen/2026/hen-dang.md" in paths) is shown
    assert "plan.yml" not in paths


def test_a_missing_stories_folder_stops_the_build_instead_of_publishing_an_empty_column(scratch):
    (scratch.root / "stories").rmdir()
    result = scratch.build()
    assert result.returncode != 0
    assert "không có thư mục truyện" in result.stderr


def test_mkdocs_serve_previews_drafts_and_future_stories(scratch):
    """`make serve` for real: MkDocs points site_url at the local address, which must not stop the build."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    add_good_stories(scratch)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
                              cwd=scratch.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    def fetch(url: str) -> str | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{url}", timeout=5) as answer:
                return answer.read().decode("utf-8")
        except OSError:
            return None

    try:
        draft = None
        deadline = time.monotonic() + 90
        while draft is None and time.monotonic() < deadline and server.poll() is None:
            draft = fetch("cau-chuyen/2024/ban-nhap/") or time.sleep(0.5)
        assert draft is not None, server.stdout.read() if server.poll() is not None else "no answer from mkdocs serve"
        assert "Bản nháp" in draft
        # Link previews keep the public address, not the local one MkDocs serves from.
        published = fetch("cau-chuyen/2024/co-giao-mo-lop/")
        assert '<meta property="og:url" content="https://nguoitotviecthien.example.org/cau-chuyen/2024/co-giao-mo-lop/">' in published
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_flat_addresses_are_refused_with_a_message_saying_which_setting(scratch):
    config = scratch.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("use_directory_urls: true", "use_directory_urls: false"),
                      encoding="utf-8")
    scratch.story("2024/co-giao-mo-lop.md")
    result = scratch.build()
    assert result.returncode != 0
    assert "use_directory_urls trong mkdocs.yml phải để true" in result.stderr
