"""A chapter's clone for the web editor's tests: a scratch repository under git, and a free port."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

from conftest import Scratch, make_scratch, story_text

OTHER_TITLE = "Bà Lan nấu cơm cho người bệnh"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "GIT_AUTHOR_NAME": "Thử", "GIT_AUTHOR_EMAIL": "thu@example.org",
                               "GIT_COMMITTER_NAME": "Thử", "GIT_COMMITTER_EMAIL": "thu@example.org"}).stdout


def editor_repo(root: Path) -> Scratch:
    """A scratch repository under git, with two existing stories, as a chapter's clone would be: the one
    the tests edit, and ``OTHER_TITLE``, a second story opened before it (a save must never land in it)."""
    scratch = make_scratch(root)
    scratch.story("2024/co-giao.md", story_text(body="Cô giáo dạy học miễn phí.\n"))
    scratch.story("2024/ba-lan.md", story_text(title=OTHER_TITLE, person={"name": "Trần Thị Lan"},
                                               consent={"by": "Trần Thị Lan", "date": "2024-05-01", "scope": ["website"]},
                                               body="Bà Lan nấu cơm cho người bệnh.\n"))
    (root / ".gitignore").write_text("site/\n.cache/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Kho thử")
    return scratch
