"""Real Chromium for the tests: Debian's browser driven by Playwright, and a built site on 127.0.0.1.

Playwright's own browser download does not work offline, so the tests drive /usr/bin/chromium
(`make test` installs it). A missing browser fails the tests: it never skips them.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = os.environ.get("NTTV_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking switches Chromium keeps calling Google's hosts, which this
# closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        # As GitHub Pages and most static hosts do: a missing address gets the site's own 404.html.
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def served(folder: Path, handler: type[SimpleHTTPRequestHandler] | None = None) -> Iterator[str]:
    """``folder`` served over HTTP on 127.0.0.1 (by ``handler``, a quiet static one unless given); yields the
    origin with a trailing slash."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler or _QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, as this machine allows it."""
    from conftest import expect_mark

    expect_mark("browser")
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"no Chromium at {CHROMIUM}: install Debian's `chromium` (apt-get install chromium) or set NTTV_CHROMIUM")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
