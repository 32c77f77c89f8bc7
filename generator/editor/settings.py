"""Where the web editor saves and how editors sign in: the ``editor`` block of the plan file.

The chapter chooses its git host in the plan, not in code. Saves go through pull (merge) requests
so that the pull-request check runs before anything is published.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..problems import NttvError
from ..reading.plan import plan_data

BACKENDS = ("github", "gitlab", "gitea", "forgejo")
# Options passed to Decap's backend block as written in the plan (sign-in and self-hosted servers).
BACKEND_OPTIONS = ("base_url", "auth_endpoint", "api_root", "app_id", "auth_type")
# Decap's gitea backend saves straight to its branch; the others open a pull request per story.
WITHOUT_PULL_REQUESTS = ("gitea",)
LOCAL_PORT = 8081


@dataclass(frozen=True)
class EditorSettings:
    backend: str
    repo: str
    branch: str = "main"
    options: tuple[tuple[str, str], ...] = ()

    @property
    def pull_requests(self) -> bool:
        return self.backend not in WITHOUT_PULL_REQUESTS


def load_settings(plan_path: Path) -> EditorSettings:
    """The plan's ``editor`` block, checked; a broken block stops the build naming the field."""
    try:
        raw = plan_data(plan_path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:  # the plan reader has already reported a broken plan
        raise NttvError(f"{plan_path}: không đọc được tệp kế hoạch ({exc})") from None
    block: Any = raw.get("editor") if isinstance(raw, dict) else None
    if block is None:
        raise NttvError(f"{plan_path}: editor: thiếu phần `editor` (backend: github, gitlab, gitea hoặc forgejo; "
                        "repo: chủ/tên kho) cho trình soạn thảo /quan-tri/")
    if not isinstance(block, dict):
        raise NttvError(f"{plan_path}: editor: phải là một bảng gồm backend, repo, branch")
    backend = block.get("backend")
    if backend not in BACKENDS:
        raise NttvError(f"{plan_path}: editor.backend: `{backend}` không hợp lệ: chọn một trong {', '.join(BACKENDS)}")
    repo = block.get("repo")
    if not isinstance(repo, str) or repo.count("/") < 1 or repo.startswith("/") or repo.endswith("/"):
        raise NttvError(f"{plan_path}: editor.repo: cần dạng `chủ/tên-kho` (ví dụ hoi-chu-thap-do/nguoi-tot-viec-thien), "
                        f"không phải {repo!r}")
    branch = block.get("branch") or "main"
    if not isinstance(branch, str):
        raise NttvError(f"{plan_path}: editor.branch: tên nhánh phải là chữ, không phải {branch!r}")
    unknown = sorted(set(block) - {"backend", "repo", "branch", *BACKEND_OPTIONS})
    if unknown:
        raise NttvError(f"{plan_path}: editor.{unknown[0]}: không có tùy chọn này; các tùy chọn là "
                        f"backend, repo, branch, {', '.join(BACKEND_OPTIONS)}")
    options = tuple((key, str(block[key])) for key in BACKEND_OPTIONS if block.get(key))
    return EditorSettings(backend, repo, branch, options)
