"""Images of the hand-written pages (content/): served without metadata, or refused by check and build alike."""

from __future__ import annotations

import io
import json

import pytest
from photo_factory import TRAILER, bomb_png, corner_colours, metadata_in, phone_jpeg, phone_photo, stored_picture
from PIL import Image

from conftest import Scratch, story_text
from scratch_site import fixed_environment, shared_scratch


def _svg(path):
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><metadata>'
                    '<rdf:RDF>Nhà chị Hoa</rdf:RDF></metadata><rect width="10" height="10"/></svg>', encoding="utf-8")


def _gif(path):
    Image.new("P", (40, 30)).save(path, "GIF", comment=b"Nha chi Hoa, xom 5")


def _tiff(path):
    stored_picture().save(path, "TIFF")


def _png_with_trailer(path):
    stored_picture().save(path, "PNG")
    path.write_bytes(path.read_bytes() + TRAILER)


def _damaged_with_gps(path):
    phone_jpeg(path)
    path.write_bytes(path.read_bytes()[:1200])


# name under content/anh/, how it is made, served?, what check and build say ("" for nothing)
IMAGES = [
    ("gps.jpg", lambda path: phone_jpeg(path), True, "tệp gốc còn vị trí GPS"),
    ("gps-thang.jpg", lambda path: phone_jpeg(path, orientation=1), True, "tệp gốc còn vị trí GPS"),
    ("gps.png", lambda path: phone_photo(path, "PNG"), True, "tệp gốc còn vị trí GPS"),
    ("gps.webp", lambda path: phone_photo(path, "WEBP"), True, "tệp gốc còn vị trí GPS"),
    ("duoi.png", _png_with_trailer, True, "dữ liệu nối sau ảnh"),
    ("sach.png", lambda path: stored_picture().save(path, "PNG"), True, ""),
    ("anh.heic", lambda path: phone_photo(path, "HEIF"), False, "không hiện được trên phần lớn trình duyệt"),
    ("logo.svg", _svg, False, "định dạng `.svg` không được đăng"),
    ("dong.gif", _gif, False, "định dạng `.gif` không được đăng"),
    ("quet.tif", _tiff, False, "định dạng `.tif` không được đăng"),
    ("bom.png", lambda path: bomb_png(path), False, "“bom giải nén”"),
    ("hong.jpg", _damaged_with_gps, False, "tệp JPEG hỏng"),
]
IDS = [name for name, *_ in IMAGES]


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> tuple[Scratch, dict, str, str]:
    """One scratch repository holding every image: `nttv check --format json`, then `mkdocs build`."""
    scratch = shared_scratch(tmp_path_factory.mktemp("assets") / "repo")
    links = []
    for name, make, _, _ in IMAGES:
        path = scratch.root / "content" / "anh" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        make(path)
        links.append(f"![{name}](anh/{name})")
    scratch.write("content/phong-trao.md", "# Phong trào\n\n" + "\n\n".join(links) + "\n")
    scratch.story("2024/co-giao-mo-lop.md", story_text())
    with fixed_environment():
        check = scratch.nttv("check", "--format", "json")
        build = scratch.build()
        strict = scratch.build(strict=True)
    assert build.returncode == 0, build.stderr
    assert strict.returncode == 1
    said = {}
    for problem in json.loads(check.stdout):
        said.setdefault(problem["path"], []).append(problem)
    return scratch, said, build.stderr, check.stdout


@pytest.mark.parametrize("name, make, served, message", IMAGES, ids=IDS)
@pytest.mark.build
def test_every_image_of_the_pages_is_served_without_metadata_or_not_at_all(repo, name, make, served, message):
    scratch, said, log, _ = repo
    published = scratch.root / "site" / "anh" / name
    assert published.is_file() is served
    if served:
        data = published.read_bytes()
        assert metadata_in(data) == [], name
        assert TRAILER not in data
        with Image.open(io.BytesIO(data)) as image:
            image.load()
        if name.startswith("gps"):
            assert corner_colours(data)[1:] == (("blue", "red") if name != "gps-thang.jpg" else ("red", "blue"))


@pytest.mark.parametrize("name, make, served, message", IMAGES, ids=IDS)
@pytest.mark.build
def test_check_says_before_the_build_what_the_build_says_of_each_image(repo, name, make, served, message):
    scratch, said, log, _ = repo
    path = f"content/anh/{name}"
    problems = said.get(path, [])
    logged = [line for line in log.splitlines() if f"nttv: {path}:" in line]
    if not message:
        assert problems == [] and logged == []
        return
    assert len(problems) == 1 and message in problems[0]["message"]
    assert problems[0]["severity"] == ("warning" if served else "error")
    # The build logs the same message: at WARNING (strict fails) for a refused image, at INFO otherwise.
    assert len(logged) == 1 and problems[0]["message"] in logged[0]
    assert logged[0].startswith("WARNING" if not served else "INFO")


@pytest.mark.build
def test_the_story_and_the_pages_are_still_published(repo):
    scratch, _, _, _ = repo
    assert "anh/sach.png" in scratch.html("phong-trao/")
    assert (scratch.root / "site/cau-chuyen/2024/co-giao-mo-lop/index.html").is_file()


@pytest.mark.build
def test_an_image_that_only_carried_metadata_is_a_warning_and_a_strict_build_passes(scratch):
    phone_jpeg(scratch.root / "content/anh/hoi-nghi.jpg")
    scratch.write("content/phong-trao.md", "# Phong trào\n\n![Hội nghị](anh/hoi-nghi.jpg)\n")
    check = scratch.nttv("check")
    assert check.returncode == 0, check.stdout
    assert "content/anh/hoi-nghi.jpg:1:1: (tệp): ảnh: tệp gốc còn vị trí GPS" in check.stdout
    assert "(cảnh báo)" in check.stdout
    strict = scratch.build(strict=True)
    assert strict.returncode == 0, strict.stderr
    assert metadata_in((scratch.root / "site/anh/hoi-nghi.jpg").read_bytes()) == []
    assert 'src="../anh/hoi-nghi.jpg"' in scratch.html("phong-trao/")


@pytest.mark.parametrize("args, expected, code", [
    (("content",), ["content/anh/bom.png", "content/anh/hoi-nghi.jpg"], 1),
    (("content/anh/hoi-nghi.jpg",), ["content/anh/hoi-nghi.jpg"], 0),
    (("content/anh/bom.png",), ["content/anh/bom.png"], 1),
    (("stories/2024/anh-hong.jpg",), ["stories/2024/co-giao-mo-lop.md"], 1),  # named through the story using it
    (("stories/2024/co-giao-mo-lop.md",), ["stories/2024/co-giao-mo-lop.md"], 1),
    (("content/phong-trao.md",), [], 0),  # a hand-written page is not a story
], ids=["content-folder", "page-image-with-gps", "page-bomb", "story-photo", "story", "page"])
def test_check_of_named_files_judges_the_images_named(scratch, args, expected, code):
    phone_jpeg(scratch.root / "content/anh/hoi-nghi.jpg")
    bomb_png(scratch.root / "content/anh/bom.png")
    (scratch.root / "stories/2024").mkdir(parents=True)
    phone_jpeg(scratch.root / "stories/2024/anh-hong.jpg")
    hong = scratch.root / "stories/2024/anh-hong.jpg"
    hong.write_bytes(hong.read_bytes()[:900])
    scratch.story("2024/co-giao-mo-lop.md", photos=[{"src": "anh-hong.jpg", "alt": "Ảnh"}])
    result = scratch.nttv("check", "--format", "json", *args)
    assert result.returncode == code, result.stdout + result.stderr
    assert sorted({problem["path"] for problem in json.loads(result.stdout)}) == expected
