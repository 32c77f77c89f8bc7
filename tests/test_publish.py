"""`make publish`: the built site copied with rsync to a local folder, exactly as it would go over ssh."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, TODAY, expect_mark, make_scratch, story_text
from generator.problems import NttvError
from generator.publishing import rsync
from generator.publishing.address import is_sample_address
from photo_factory import phone_jpeg

REAL_URL = "https://chuthapdo-mau.vn/nguoi-tot/"
STAYS = "cau-chuyen/2026/o-lai"
LEAVES = "cau-chuyen/2026/rut-lai"


def make(root: Path, *args: str) -> subprocess.CompletedProcess:
    """``make`` in a scratch repository, with this checkout's environment (nothing is installed)."""
    if {"site", "publish", "check", "editions"} & set(args):
        expect_mark("build")
    env = {**os.environ, "VENV": str(REPO / ".venv"), "NTTV_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(["make", "--no-print-directory", *args], cwd=root, capture_output=True, text=True, env=env,
                          timeout=900)


def makeable(scratch) -> None:
    """The Makefile and what its stamp depends on, older than this checkout's installed environment."""
    decap = [f"scripts/decap/{path.name}" for path in (REPO / "scripts" / "decap").iterdir()]
    for name in ("Makefile", "pyproject.toml", "constraints.txt", "package.json", "package-lock.json", *decap):
        (scratch.root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / name, scratch.root / name)
        os.utime(scratch.root / name, (0, 0))
    (scratch.root / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)


def set_site_url(scratch, url: str) -> None:
    plan = scratch.root / "content" / "plan.yml"
    text = re.sub(r'^site_url: .*$', f'site_url: "{url}"', plan.read_text(encoding="utf-8"), count=1, flags=re.M)
    plan.write_text(text, encoding="utf-8")


def story(slug: str, title: str, **fields) -> str:
    consent = {"by": "Nguyễn Văn Minh", "date": "2026-10-01", "scope": ["website", "facebook", "print"]}
    return story_text(title=title, date="2026-10-05", chapter="tinh", consent=consent,
                      photos=[{"src": f"{slug}.jpg", "alt": "Ảnh của câu chuyện", "caption": "Chú thích"}], **fields)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """Publish twice unchanged, then again after one story's consent was withdrawn."""
    expect_mark("build")
    expect_mark("browser")  # `make publish` prints the bulletins with Chromium
    scratch = make_scratch(tmp_path_factory.mktemp("publish") / "repo")
    makeable(scratch)
    set_site_url(scratch, REAL_URL)
    for slug, title in (("o-lai", "Người ở lại trên trang"), ("rut-lai", "Người rút lại sự đồng ý")):
        phone_jpeg(scratch.root / "stories" / "2026" / f"{slug}.jpg", size=(800, 600))
        scratch.story(f"2026/{slug}.md", story(slug, title))
    dest = scratch.root.parent / "www" / "nguoitot"
    runs = {"first": make(scratch.root, "publish", f"DEST={dest}")}
    first_files = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    runs["unchanged"] = make(scratch.root, "publish", f"DEST={dest}")
    scratch.story("2026/rut-lai.md", story("rut-lai", "Người rút lại sự đồng ý", withdrawn="2026-11-20"))
    runs["withdrawn"] = make(scratch.root, "publish", f"DEST={dest}")
    for name, run in runs.items():
        assert run.returncode == 0, f"{name}: {run.stdout}\n{run.stderr}"
    return scratch, dest, runs, first_files


@pytest.mark.build
@pytest.mark.browser
def test_the_first_publication_copies_the_whole_site(published):
    _, dest, runs, files = published
    for path in (f"{STAYS}/index.html", f"{LEAVES}/index.html", f"{LEAVES}/anh-1-480.jpg", "404.html",
                 "ban-tin/2026-q4/index.html", "ban-tin/2026-q4/ban-tin-2026-q4.pdf", "sitemap.xml"):
        assert path in files
    assert re.search(rf"đã chép {len(files)} tệp mới hoặc đã đổi, xóa 0 tệp", runs["first"].stderr)
    assert REAL_URL in (dest / STAYS / "index.html").read_text(encoding="utf-8")


@pytest.mark.build
@pytest.mark.browser
def test_an_unchanged_site_copies_nothing(published):
    _, _, runs, _ = published
    assert "đã chép 0 tệp mới hoặc đã đổi, xóa 0 tệp" in runs["unchanged"].stderr
    assert "0 số mới in, 1 số lấy lại" in runs["unchanged"].stderr  # the bulletin was not printed again


@pytest.mark.build
@pytest.mark.browser
def test_a_withdrawn_story_disappears_with_its_photos(published):
    _, dest, runs, files = published
    assert not (dest / LEAVES).exists()
    assert (dest / STAYS / "index.html").is_file() and (dest / STAYS / "anh-1-480.jpg").is_file()
    gone = [line.removeprefix("đã xóa ") for line in runs["withdrawn"].stdout.splitlines() if line.startswith("đã xóa ")]
    assert f"{LEAVES}/index.html" in gone
    assert {f for f in files if f.startswith(LEAVES + "/")} <= set(gone)
    assert any(f.startswith(f"{LEAVES}/anh-1-") for f in gone)
    assert "Người rút lại sự đồng ý" not in (dest / "cau-chuyen" / "index.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_the_sample_address_stops_publishing_before_anything_is_built(scratch, tmp_path):
    makeable(scratch)
    scratch.story("2026/o-lai.md", story_text())
    dest = tmp_path / "www"
    result = make(scratch.root, "publish", f"DEST={dest}")
    assert result.returncode != 0
    line = next(n for n, text in enumerate((scratch.root / "content/plan.yml").read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("site_url:"))
    assert f"content/plan.yml:{line}: site_url vẫn là địa chỉ mẫu https://nguoitotviecthien.example.org/" in result.stderr
    assert not dest.exists() and not (scratch.root / "site").exists()
    # Builds are not publishing: the same repository builds and checks.
    assert make(scratch.root, "site").returncode == 0
    assert (scratch.root / "site" / "index.html").is_file()


@pytest.mark.build
def test_deploy_refuses_the_sample_address_too(scratch, tmp_path):
    makeable(scratch)
    assert make(scratch.root, "site").returncode == 0
    result = make(scratch.root, "deploy", f"DEST={tmp_path / 'www'}")
    assert result.returncode != 0 and "site_url vẫn là địa chỉ mẫu" in result.stderr
    assert not (tmp_path / "www").exists()


@pytest.mark.build
def test_a_folder_that_holds_something_else_is_never_emptied(scratch, tmp_path):
    makeable(scratch)
    set_site_url(scratch, REAL_URL)
    assert make(scratch.root, "site").returncode == 0
    elsewhere = tmp_path / "tai-lieu"
    elsewhere.mkdir()
    (elsewhere / "bao-cao.docx").write_bytes(b"PK")
    result = make(scratch.root, "deploy", f"DEST={elsewhere}")
    assert result.returncode != 0
    assert "không trống và không chứa trang đã đăng" in result.stderr
    assert (elsewhere / "bao-cao.docx").is_file()
    inside = make(scratch.root, "deploy", f"DEST={scratch.root}")
    assert inside.returncode != 0 and (scratch.root / "content" / "plan.yml").is_file()


@pytest.mark.build
def test_no_destination_says_where_to_set_one(scratch):
    makeable(scratch)
    set_site_url(scratch, REAL_URL)
    assert make(scratch.root, "site").returncode == 0
    result = make(scratch.root, "deploy")
    assert result.returncode != 0
    assert "chưa có nơi đăng: make publish DEST=" in result.stderr and "publishing.rsync.dest" in result.stderr


@pytest.mark.parametrize("url, sample", [
    ("https://nguoitotviecthien.example.org/", True),
    ("https://example.com/", True),
    ("http://www.example.net/cot/", True),
    ("https://cot.example/", True),
    ("https://ban-tin.test/", True),
    ("http://localhost:8000/", True),
    ("http://127.0.0.1:8000/", True),
    ("https://chuthapdo.vinhphuc.gov.vn/nguoi-tot/", False),
    ("https://nguoitot.github.io/cot/", False),
    ("https://examples.org/", False),
    ("https://myexample.org/", False),
])
def test_sample_and_local_addresses_are_told_apart(url, sample):
    assert is_sample_address(url) is sample


@pytest.mark.parametrize("dest, refused", [
    ("nttv@may-chu.vn:", True),
    ("nttv@may-chu.vn:~", True),
    ("nttv@may-chu.vn:nguoitot", True),
    ("nttv@may-chu.vn:/", True),
    ("nttv@may-chu.vn:/var", True),
    ("nttv@may-chu.vn:/home/nttv", True),
    ("nttv@may-chu.vn:/root/www", True),
    ("nttv@may-chu.vn:/var/www/../..", True),
    ("nttv@may-chu.vn:/var/www/nguoitot", False),
    ("may-chu.vn:/srv/nguoitot/", False),
    ("nttv@may-chu.vn:/home/nttv/www", False),
])
def test_a_remote_folder_must_be_named_in_full(tmp_path, dest, refused):
    (tmp_path / "index.html").write_text("<h1>Trang</h1>", encoding="utf-8")
    if refused:
        with pytest.raises(NttvError, match="ghi đủ đường dẫn thư mục riêng của trang"):
            rsync.sync_site(tmp_path, dest, ssh="false")
    else:
        # Accepted: rsync itself runs, and fails only because `false` is no remote shell.
        with pytest.raises(NttvError, match="rsync không chép được tới"):
            rsync.sync_site(tmp_path, dest, ssh="false")


@pytest.mark.parametrize("dest", [
    "-e sh", "--rsh=sh -c 'touch /tmp/x'", "--log-file=/tmp/nttv.log", "-", "--", "-avz", " ", "/", "~", "~/",
    "/etc", "/usr", "/bin", "/boot", "/var", "/home", "/home/", "//var//", "/var/www/.ssh", "/srv/.git/nguoitot",
    "./site", "../www", "/var/www/nguoitot/..", "nttv@may-chu.vn:/etc", "nttv@may-chu.vn:~", "nttv@may-chu.vn:/var/.cache/x",
])
def test_a_destination_rsync_would_misread_or_that_holds_the_system_is_refused_before_rsync(tmp_path, dest, capsys):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<h1>Trang</h1>", encoding="utf-8")
    with pytest.raises(NttvError) as refused:
        rsync.sync_site(tmp_path / "site", dest, ssh="false")
    assert "nơi đăng" in str(refused.value) or "ghi đủ đường dẫn" in str(refused.value)


@pytest.mark.parametrize("dest", ["/var/www/nguoitot", "/srv/nguoitot", "nttv@may-chu.vn:/var/www/nguoitot"])
def test_folders_below_var_www_and_srv_pass_the_destination_check(dest):
    rsync.refuse_destination(dest)


def test_an_rsync_failure_is_a_non_zero_exit_in_vietnamese_and_never_says_copied(scratch, tmp_path, capsys):
    from generator.cli import main

    set_site_url(scratch, REAL_URL)
    site = scratch.root / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>Trang</h1>", encoding="utf-8")
    code = main(["--root", str(scratch.root), "publish", "--dest", "nttv@may-chu.vn:/var/www/nguoitot", "--ssh", "false"])
    err = capsys.readouterr().err
    assert code != 0
    assert "đã chép" not in err and "rsync không chép được" in err and "mã lỗi" in err
    assert not re.search(r"\b(error|failed|connection|unexplained|protocol)\b", err, re.I), err
    code = main(["--root", str(scratch.root), "publish", "--dest", "-e sh"])
    err = capsys.readouterr().err
    assert code != 0 and "đã chép" not in err and "bắt đầu bằng dấu “-”" in err
