"""`nttv generate`: the site source as plain files, the same list of pages and files as the plugin's."""

from __future__ import annotations

import yaml

import pytest

from conftest import story_text

pytestmark = pytest.mark.build


def _generate(scratch, out, *more):
    return scratch.nttv("generate", str(out), *more)


def test_generate_writes_pages_photos_cards_and_a_config_without_the_plugin(scratch, tmp_path):
    scratch.story("2024/co-giao-mo-lop.md")
    out = tmp_path / "nguon"
    result = _generate(scratch, out)
    assert result.returncode == 0, result.stderr
    assert "1 truyện đã đăng" in result.stderr
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    # mkdocs.yml's only plugin is nttv; the engine's own search stays off (search is Pagefind's, after the build).
    assert config["plugins"] == [{"search": {"enabled": False}}]
    assert config["theme"]["variant"] == "classic"  # Zensical's look of Material: the red header, not a white one
    assert config["extra"]["nttv"]["organisation"]["name"]  # the footer and header mark read it
    assert config["site_url"] == "https://nguoitotviecthien.example.org/"
    assert {"Các cấp Hội": "chi-hoi/index.md"} in config["nav"]  # the chapters are listed on their index only
    assert config["not_in_nav"].split() == ["/cau-chuyen/", "/chi-hoi/", "/thong-ke/"]  # stories; chapters; the tally of each year
    # Each page in the folder of its address, beside its photos and share image.
    story = (out / "content" / "cau-chuyen" / "2024" / "co-giao-mo-lop" / "index.md").read_text(encoding="utf-8")
    assert "title: Cô giáo mở lớp học miễn phí" in story  # the title from the page's front matter, as the template gives it
    # The story has no photo: its share image is the text-only card, a PNG.
    assert (out / "content" / "cau-chuyen" / "2024" / "co-giao-mo-lop" / "chia-se.png").read_bytes()[:4] == b"\x89PNG"
    for page in ("cau-chuyen/index.md", "thong-ke/index.md", "chi-hoi/index.md", "chi-hoi/binh-xuyen/index.md", "index.md"):
        assert (out / "content" / page).is_file(), page
    assert not (out / "content" / "plan.yml").exists()  # the generator's data, never a page
    assert (out / "theme" / "main.html").is_file()


def test_generate_again_replaces_its_earlier_output(scratch, tmp_path):
    scratch.story("2024/co-giao-mo-lop.md")
    out = tmp_path / "nguon"
    assert _generate(scratch, out).returncode == 0
    (scratch.root / "stories" / "2024" / "co-giao-mo-lop.md").unlink()
    scratch.story("2024/bac-si.md", title="Bác sĩ khám bệnh miễn phí")
    assert _generate(scratch, out).returncode == 0
    assert not (out / "content" / "cau-chuyen" / "2024" / "co-giao-mo-lop").exists()
    assert (out / "content" / "cau-chuyen" / "2024" / "bac-si" / "index.md").is_file()


def test_generate_refuses_a_folder_it_did_not_write_and_leaves_it_alone(scratch, tmp_path):
    scratch.story("2024/co-giao-mo-lop.md")
    out = tmp_path / "tai-lieu"
    out.mkdir()
    (out / "bao-cao.docx").write_bytes(b"quan trong")
    result = _generate(scratch, out)
    assert result.returncode == 2
    assert "không do `nttv generate` tạo ra" in result.stderr
    assert (out / "bao-cao.docx").read_bytes() == b"quan trong"


def test_generate_names_a_bad_story_publishes_the_others_and_fails_only_when_strict(scratch, tmp_path):
    scratch.story("2024/co-giao-mo-lop.md")
    scratch.story("2024/thieu-ngay.md", text=story_text(date=None))
    plain = _generate(scratch, tmp_path / "a")
    assert plain.returncode == 0
    assert "stories/2024/thieu-ngay.md" in plain.stderr
    assert (tmp_path / "a" / "content" / "cau-chuyen" / "2024" / "co-giao-mo-lop" / "index.md").is_file()
    assert _generate(scratch, tmp_path / "b", "--strict").returncode == 1


def test_generate_keeps_the_tags_of_mkdocs_yml(scratch, tmp_path):
    config = (scratch.root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace('site_name: "Người tốt, việc thiện"', "site_name: !ENV [NTTV_SITE_NAME, 'Người tốt, việc thiện']")
    (scratch.root / "mkdocs.yml").write_text(config, encoding="utf-8")
    scratch.story("2024/co-giao-mo-lop.md")
    assert _generate(scratch, tmp_path / "nguon").returncode == 0
    written = (tmp_path / "nguon" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_name: !ENV [NTTV_SITE_NAME, 'Người tốt, việc thiện']" in written or \
        "site_name: !ENV\n- NTTV_SITE_NAME\n- Người tốt, việc thiện" in written


def test_generate_writes_the_pages_images_as_the_site_serves_them(scratch, tmp_path):
    from photo_factory import metadata_in, phone_jpeg

    scratch.story("2024/co-giao-mo-lop.md")
    phone_jpeg(scratch.root / "content" / "anh-phong-trao.jpg")
    (scratch.root / "content" / "so-do.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    out = tmp_path / "nguon"
    result = _generate(scratch, out)
    assert result.returncode == 0, result.stderr
    assert metadata_in((out / "content" / "anh-phong-trao.jpg").read_bytes()) == []
    assert not (out / "content" / "so-do.svg").exists()
    assert "content/so-do.svg" in result.stderr
