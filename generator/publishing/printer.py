"""HTML to PDF with a real browser engine: headless Chromium, as the tests already use.

Chromium lays out the page with the same CSS a reader's browser uses (A4 from ``@page``, the
bundled font embedded), so the bulletin's PDF and its web page cannot drift apart.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..problems import NttvError, os_reason

# Debian and Ubuntu name the browser differently; GitHub's runners ship Google Chrome.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_SECONDS = 180
# Time Chromium may spend loading fonts and photos before it prints, in virtual milliseconds.
LOAD_BUDGET_MS = 15000


def find_browser() -> str:
    """The Chromium to print with: ``NTTV_CHROMIUM`` if set, else the first of BROWSERS on the PATH."""
    chosen = os.environ.get("NTTV_CHROMIUM")
    if chosen:
        if not Path(chosen).is_file():
            raise NttvError(f"NTTV_CHROMIUM={chosen}: không có tệp này; bỏ biến đó hoặc ghi đúng đường dẫn tới chromium")
        return chosen
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise NttvError(
        "chưa có trình duyệt Chromium để in bản PDF: trên Debian/Ubuntu chạy sudo apt-get install chromium, "
        "hoặc đặt biến NTTV_CHROMIUM là đường dẫn tới Chromium/Google Chrome. Trên máy Windows không cần cài: "
        "bản PDF của mỗi quý được làm khi GitHub Actions đăng trang, tải ở trang Bản tin")


def print_pdf(page: Path, pdf: Path) -> None:
    """Print the HTML file ``page`` to ``pdf``, paper size and margins from the page's own CSS."""
    browser = find_browser()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nttv-chromium-") as profile:
        command = [
            browser, "--headless", "--disable-gpu", "--no-first-run", "--disable-sync",
            "--disable-background-networking", "--disable-component-update", "--disable-extensions",
            f"--user-data-dir={profile}", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
            f"--virtual-time-budget={LOAD_BUDGET_MS}", f"--print-to-pdf={pdf}", page.resolve().as_uri(),
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            # Chromium's sandbox refuses to start as root (containers, CI); the page is our own file.
            command.insert(1, "--no-sandbox")
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            raise NttvError(f"Chromium chưa in xong {page.name} sau {TIMEOUT_SECONDS} giây") from None
        except OSError as exc:
            raise NttvError(f"không chạy được {browser}: {os_reason(exc)}") from None
    if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"mã thoát {done.returncode}"
        raise NttvError(f"Chromium không in được {page.name} ra PDF: {detail}")
