"""What crawlers, feed readers and a bulletin's reader get besides the pages: robots.txt naming the
sitemap, the bulletin's quarters in the sitemap, enclosure types true to the file, and a quarter's
page light enough for a phone (fonts cut to the Latin and Vietnamese letters)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import REPO
from generator.reading.plan import load_plan

SITE_URL = load_plan(REPO / "content" / "plan.yml").site_url
PNG, JPEG = b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"


def local(site: Path, address: str) -> Path:
    path = urlsplit(address).path.lstrip("/")
    return site / path / "index.html" if path.endswith("/") or not path else site / path


def quarters(site: Path) -> list[Path]:
    return sorted(p for p in (site / "ban-tin").iterdir() if re.fullmatch(r"\d{4}-q[1-4]", p.name))


@pytest.mark.build
def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_editor(sample_site):
    lines = (sample_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {SITE_URL}sitemap.xml" in lines
    assert "User-agent: *" in lines and "Disallow: /quan-tri/" in lines
    assert (sample_site / "sitemap.xml").is_file()


@pytest.mark.build
def test_the_sitemap_lists_every_bulletin_quarter_page(sample_site):
    listed = set(re.findall(r"<loc>([^<]+)</loc>", (sample_site / "sitemap.xml").read_text(encoding="utf-8")))
    found = quarters(sample_site)
    assert len(found) >= 3
    for folder in found:
        assert f"{SITE_URL}ban-tin/{folder.name}/" in listed, folder.name
    assert all(local(sample_site, address).is_file() for address in listed)


@pytest.mark.build
def test_every_enclosure_says_the_type_of_its_file(sample_site):
    feeds = [sample_site / "cau-chuyen" / "feed.xml", *sorted((sample_site / "chi-hoi").glob("*/feed.xml"))]
    kinds = set()
    for feed in feeds:
        for kind, address in re.findall(r'<link rel="enclosure" type="([^"]+)" href="([^"]+)"/>', feed.read_text(encoding="utf-8")):
            head = local(sample_site, address).read_bytes()[:8]
            assert kind == ("image/png" if head.startswith(PNG) else "image/jpeg" if head.startswith(JPEG) else "?"), address
            kinds.add(kind)
    assert kinds == {"image/png", "image/jpeg"}


@pytest.mark.build
def test_a_bulletin_quarter_page_weighs_at_most_150_kb(sample_site):
    for folder in quarters(sample_site):
        html = (folder / "index.html").read_text(encoding="utf-8")
        loaded = re.findall(r'(?:src=|url\()"?([^"\s)]+)', html)
        files = {(folder / address).resolve() for address in loaded if not address.startswith(("http", "data:", "#"))}
        assert all(path.is_file() for path in files), (folder.name, files)
        weight = len(html.encode("utf-8")) + sum(path.stat().st_size for path in files)
        assert any(path.suffix == ".woff" for path in files), folder.name
        assert weight <= 150_000, (folder.name, weight)


def test_the_bulletin_fonts_are_the_subset_script_makes_and_hold_every_vietnamese_letter():
    from fontTools.ttLib import TTFont

    check = subprocess.run([sys.executable, str(REPO / "scripts" / "subset_fonts.py"), "--check"],
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stderr
    letters = "ĂăÂâĐđÊêÔôƠơƯư" + "".join(chr(c) for c in range(0x1EA0, 0x1EFA)) + "–—“”‘’…₫"
    for weight in ("Regular", "SemiBold", "Bold"):
        path = REPO / "generator" / "fonts" / "ban-tin" / f"BeVietnamPro-{weight}.woff"
        assert path.stat().st_size < 40_000
        cmap = TTFont(path).getBestCmap()
        assert [letter for letter in letters if ord(letter) not in cmap] == [], weight
