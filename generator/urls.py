"""Addresses of generated pages, relative links between them, as any static engine lays them out.

Pages are named by their Markdown source path relative to the docs folder; with directory URLs
``a/b.md`` is served at ``a/b/`` and ``a/index.md`` at ``a/``.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

from .problems import NttvError

COLUMN = "cau-chuyen/index.md"
CHAPTERS_FOLDER = "chi-hoi/"
CHAPTERS = CHAPTERS_FOLDER + "index.md"
TALLY = "thong-ke/index.md"
ACTIVITIES = "hoat-dong/index.md"
KIND_FOLDERS = {"individual": "cau-chuyen/ca-nhan", "collective": "cau-chuyen/tap-the"}


def chapter_page(chapter_id: str) -> str:
    return f"{CHAPTERS_FOLDER}{chapter_id}.md"


def tally_year(year: int) -> str:
    return f"thong-ke/{year}/index.md"


def tally_report(year: int) -> str:
    return f"thong-ke/{year}/bao-cao.md"


def year_page(year: int) -> str:
    return f"cau-chuyen/{year}/index.md"


def list_page(first: str, number: int) -> str:
    """Page ``number`` of a paginated list whose first page is ``first`` (``x/index.md``)."""
    return first if number == 1 else f"{first.rsplit('/', 1)[0]}/trang-{number}.md"


def is_list_page_name(slug: str) -> bool:
    """Whether a story named ``slug`` would take the address of its year's list (``index``, ``trang-2``…)."""
    return slug == "index" or re.fullmatch(r"trang-\d+", slug) is not None


def url_of(page: str) -> str:
    """The served address of a page or file, relative to the site root, without a leading slash."""
    if not page.endswith(".md"):
        return page
    stem = page[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def href(from_page: str, to: str) -> str:
    """A relative link from one page's address to another page or file."""
    base = url_of(from_page)
    target = url_of(to)
    relative = posixpath.relpath("/" + target, "/" + base.rstrip("/") if base else "/")
    if target.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return "./" if relative == "./" or relative == "." else relative


_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
_HOST = re.compile(r"^(?:\[[0-9a-f:.]+\]|[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.?)(?::[0-9]{1,5})?$")


def site_url_problem(url: str) -> str:
    """Why ``url`` cannot be the column's public address, or nothing: it is https (http only on
    this machine), names a host, has a path ending in ``/`` and no space, query or fragment."""
    if not url:
        return "để trống"
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in url):
        return "có dấu cách hoặc ký tự điều khiển"
    if any(char in url for char in "<>\"'\\`{}|^"):
        return "có ký tự không được dùng trong địa chỉ web (< > \" ' \\ ` { } | ^)"
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not url.lower().startswith(f"{parts.scheme.lower()}://"):
        return "không bắt đầu bằng https://"
    if "?" in url:
        return "có phần truy vấn (?…)"
    if "#" in url:
        return "có phần neo (#…)"
    if "@" in parts.netloc:
        return "có tên tài khoản hoặc mật khẩu trước tên miền (…@)"
    host = (parts.hostname or "").rstrip(".")
    if not host or not _HOST.match(parts.netloc):
        return "không có tên miền hợp lệ"
    if parts.scheme.lower() == "http" and host not in _LOCAL_HOSTS:
        return "dùng http: địa chỉ công khai phải là https (http chỉ dùng cho máy này, localhost)"
    if not parts.path.endswith("/"):
        return "không kết thúc bằng /"
    if any(part in (".", "..") for part in parts.path.split("/")):
        return "có . hoặc .. trong đường dẫn"
    return ""


def public_url(plan_url: str, configured: str | None, plan_file: str) -> str:
    """The column's public address, ending in ``/``: the plan's ``site_url``, or mkdocs.yml's when the
    plan has none. Two that differ, none at all or one that is not a full http(s) address stop the run."""
    configured = (configured or "").rstrip("/") + "/" if configured else ""
    if plan_url and configured and configured != plan_url:
        raise NttvError(f"site_url trong mkdocs.yml ({configured}) khác site_url trong {plan_file} ({plan_url}): "
                        f"chỉ ghi địa chỉ công khai của chuyên mục ở {plan_file}")
    chosen = plan_url or configured
    if not chosen:
        raise NttvError(f"chưa có địa chỉ công khai của chuyên mục: thêm dòng "
                        f"site_url: \"https://…/\" vào {plan_file}")
    problem = site_url_problem(chosen)
    if problem:
        raise NttvError(f"site_url ({chosen}) trong {plan_file if plan_url else 'mkdocs.yml'} {problem}: phải là địa chỉ đầy đủ, "
                        "ví dụ https://chuthapdo.example.vn/nguoi-tot/ (https, tên miền, đường dẫn kết thúc bằng /, không có "
                        "dấu cách, ? hay #)")
    return chosen


def criterion_page(criterion_id: str) -> str:
    """The list of stories that meet one criterion."""
    return f"cau-chuyen/tieu-chi/{criterion_id}/index.md"
