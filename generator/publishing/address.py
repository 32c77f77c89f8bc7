"""The column's public address, checked before anything is published at it.

The plan ships with a sample address (``example.org``) so that builds and tests work out of the
box; publishing a site whose canonical links, previews and posts point at it would go unnoticed,
so every publishing path refuses it. Builds never call this.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from ..problems import NttvError

# Names reserved for examples and tests (RFC 2606, RFC 6761): no column can live there.
_RESERVED_DOMAINS = ("example.org", "example.com", "example.net")
_RESERVED_TLDS = ("example", "test", "invalid", "localhost", "local")
EXAMPLE_ADDRESS = "https://ten-mien-cua-chi-hoi.vn/nguoi-tot-viec-thien/"


def is_sample_address(url: str) -> bool:
    """Whether ``url`` is on a name reserved for examples or on this machine, never a public column."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if not host:
        return True
    if host in _RESERVED_DOMAINS or host.endswith(tuple("." + d for d in _RESERVED_DOMAINS)):
        return True
    return host.rsplit(".", 1)[-1] in _RESERVED_TLDS or host.startswith("127.") or host == "::1"


def require_public_address(url: str, source: Path, root: Path) -> str:
    """``url`` when it is a real public address; otherwise stop, naming the line of ``source`` to edit."""
    if not is_sample_address(url):
        return url
    try:
        shown = source.relative_to(root).as_posix()
    except ValueError:
        shown = source.as_posix()
    line = _line_of_site_url(source)
    where = f"{shown}:{line}" if line else shown
    raise NttvError(
        f"{where}: site_url vẫn là địa chỉ mẫu {url}: chưa thể đăng. Hãy ghi địa chỉ thật của chuyên mục, "
        f"ví dụ site_url: \"{EXAMPLE_ADDRESS}\", vào {shown}, commit rồi đăng lại "
        "(việc dựng thử trang bằng make site không cần địa chỉ thật)")


def _line_of_site_url(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(r"site_url\s*:", line):
            return number
    return None
