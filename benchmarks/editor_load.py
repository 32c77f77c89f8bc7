"""Not a test: how long ``/quan-tri/`` takes to show its sign-in screen on a slow phone.

The profile is Lighthouse's mobile one: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip, the CPU
four times slower (Chromium's DevTools throttling through Playwright). The browser's cache is
emptied before every cold load; a warm load opens the page again with the cache of the cold one.

The built site (``site/`` unless ``--site``; ``make site`` first) is served on 127.0.0.1 in the ways
the column is published:

- ``nginx``: Debian's nginx with ``gzip_static on`` (the ``.gz`` files the build writes beside the
  editor's scripts) and ``gzip on`` for the rest, as the README's nginx block;
- ``precompressed``: the same rule in Python (a ``.gz`` beside the file when the browser accepts gzip,
  else gzip on the fly), for a machine without nginx;
- ``github-pages``: as GitHub Pages serves: gzip made on the fly for text, ``Cache-Control:
  max-age=600``, no other header; ``.gz`` files are ignored;
- ``plain`` (only with ``--servers plain``): no compression at all, the figure before this work.

The time is from the navigation's start to the moment Decap's own sign-in button is visible and
enabled (the light screen with the sign-in help shows long before; it has no button). The
figures are printed and written as JSON (``--json``). On a busy machine the CPU slowdown
multiplies the other work's share too: note the load average beside any figure.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import mimetypes
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Iterator

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser import CHROMIUM, CHROMIUM_ARGS, served as static_server  # noqa: E402  (the tests' Chromium and static server)

# Lighthouse's "slow 4G" mobile profile, as the issue measured it.
SLOW_PHONE = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
              "uploadThroughput": 750_000 / 8}
CPU_SLOWDOWN = 4
TARGET_SECONDS = 12.0
TIMEOUT_MS = 180_000
SERVERS = ("nginx", "precompressed", "github-pages")
COMPRESSIBLE = {"text/html", "text/css", "text/plain", "text/javascript", "application/javascript",
                "application/json", "text/yaml", "application/yaml", "image/svg+xml", "application/xml"}
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _content_type(path: str) -> str:
    kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return "text/yaml" if path.endswith((".yml", ".yaml")) else kind


class _Handler(SimpleHTTPRequestHandler):
    """Static files over HTTP/1.1, compressed as the chosen host would (``mode``)."""

    protocol_version = "HTTP/1.1"
    mode = "plain"

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?")[0] + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            self.send_error(404)
            return
        modified = self.date_time_string(int(os.path.getmtime(path)))
        if self.headers.get("If-Modified-Since") == modified:
            self.send_response(304)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        kind = _content_type(path)
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        body, encoding = Path(path).read_bytes(), None
        if self.mode == "precompressed" and accepts_gzip and os.path.isfile(path + ".gz"):
            body, encoding = Path(path + ".gz").read_bytes(), "gzip"
        elif self.mode in ("precompressed", "github-pages") and accepts_gzip and kind.split(";")[0] in COMPRESSIBLE:
            body, encoding = gzip.compress(body, compresslevel=6), "gzip"
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", modified)
        if encoding:
            self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
        if self.mode == "github-pages":
            self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def python_server(site: Path, mode: str) -> contextlib.AbstractContextManager[str]:
    return static_server(site, type("Handler", (_Handler,), {"mode": mode}))


NGINX_CONF = """daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    types {{ text/yaml yml; }}
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        index index.html;
        charset utf-8;
        gzip on;
        gzip_vary on;
        gzip_min_length 512;
        gzip_types text/css application/javascript application/json text/xml application/xml image/svg+xml text/yaml;
        gzip_static on;
        location / {{ try_files $uri $uri/ =404; add_header Cache-Control "no-cache"; }}
    }}
}}
"""


@contextlib.contextmanager
def nginx_server(site: Path) -> Iterator[str]:
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="nttv-nginx-") as tmp:
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, site=site.resolve()), encoding="utf-8")
        process = subprocess.Popen([NGINX, "-p", tmp, "-c", str(conf)], stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 10
            while True:
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"nginx did not start: {process.stderr.read().decode(errors='replace')}")
                time.sleep(0.1)
            yield f"http://127.0.0.1:{port}/"
        finally:
            process.terminate()
            process.wait(timeout=10)


def served(site: Path, mode: str):
    return nginx_server(site) if mode == "nginx" else python_server(site, mode)


def load_once(context, url: str, *, cold: bool, throttle: bool) -> dict:
    """Open ``url`` in a new tab of ``context`` on the slow profile; the seconds until the sign-in
    button can be pressed, and the bytes that crossed the network."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if cold:
        cdp.send("Network.clearBrowserCache")
    if throttle:
        cdp.send("Network.emulateNetworkConditions", SLOW_PHONE)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    received = {"bytes": 0, "requests": 0}

    def finished(event):
        received["bytes"] += event.get("encodedDataLength", 0)
        received["requests"] += 1

    cdp.on("Network.loadingFinished", finished)
    button = page.locator("#nc-root button:not([disabled])", has_text="Đăng nhập")
    start = time.monotonic()
    page.goto(url + "quan-tri/", wait_until="commit", timeout=TIMEOUT_MS)
    button.first.wait_for(state="visible", timeout=TIMEOUT_MS)
    seconds = time.monotonic() - start
    # What the page goes on loading after the button shows counts for the bytes, not the time.
    with contextlib.suppress(Exception):
        page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
    page.close()
    return {"seconds": round(seconds, 2), "bytes": received["bytes"], "requests": received["requests"]}


def measure(site: Path, servers: list[str], runs: int, throttle: bool) -> list[dict]:
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for mode in servers:
                with served(site, mode) as url:
                    for run in range(runs):
                        context = browser.new_context(viewport={"width": 360, "height": 780}, locale="vi-VN",
                                                      is_mobile=True, has_touch=True, device_scale_factor=2)
                        try:
                            cold = load_once(context, url, cold=True, throttle=throttle)
                            warm = load_once(context, url, cold=False, throttle=throttle)
                        finally:
                            context.close()
                        results.append({"server": mode, "run": run + 1, "cold": cold, "warm": warm})
                        print(f"{mode:14} run {run + 1}: cold {cold['seconds']:5.1f} s "
                              f"({cold['bytes'] / 1e6:.2f} MB, {cold['requests']} requests), "
                              f"warm {warm['seconds']:5.1f} s ({warm['bytes'] / 1e6:.2f} MB)", flush=True)
        finally:
            browser.close()
    return results


def summary(results: list[dict]) -> list[dict]:
    rows = []
    for mode in dict.fromkeys(result["server"] for result in results):
        mine = [result for result in results if result["server"] == mode]
        cold = [result["cold"]["seconds"] for result in mine]
        rows.append({"server": mode, "cold_median": statistics.median(cold), "cold_worst": max(cold),
                     "warm_median": statistics.median(result["warm"]["seconds"] for result in mine),
                     "cold_megabytes": round(statistics.median(result["cold"]["bytes"] for result in mine) / 1e6, 2)})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--servers", default=",".join(SERVERS),
                        help=f"comma-separated, of {', '.join(SERVERS)}, plain (default: all but plain)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-throttle", action="store_true", help="full speed (to see the CPU's share)")
    parser.add_argument("--json", type=Path, default=ROOT / ".cache" / "bench" / "editor-load.json")
    args = parser.parse_args(argv)
    if not (args.site / "quan-tri" / "index.html").is_file():
        print(f"{args.site}/quan-tri/ is missing: run `make site` first", file=sys.stderr)
        return 2
    servers = [name for name in args.servers.split(",") if name]
    if "nginx" in servers and not Path(NGINX).is_file():
        print("nginx is not installed (apt-get install nginx-light): measuring the Python servers only", file=sys.stderr)
        servers.remove("nginx")
    print("load average before: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()), flush=True)
    results = measure(args.site, servers, args.runs, not args.no_throttle)
    print("load average after: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    rows = summary(results)
    print(f"\n{'server':14} {'cold median':>12} {'cold worst':>11} {'warm median':>12} {'cold MB':>8}   target {TARGET_SECONDS:.0f} s")
    for row in rows:
        verdict = "met" if row["cold_worst"] <= TARGET_SECONDS else "NOT met"
        print(f"{row['server']:14} {row['cold_median']:11.1f}s {row['cold_worst']:10.1f}s {row['warm_median']:11.1f}s "
              f"{row['cold_megabytes']:8.2f}   {verdict}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"profile": {**SLOW_PHONE, "cpu_slowdown": CPU_SLOWDOWN},
                                     "load_average": os.getloadavg(), "throttled": not args.no_throttle,
                                     "runs": results, "summary": rows}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
