"""``make bench``: the column's build against plain MkDocs and Material's blog plugin, side by side.

For each size (stories) it writes scratch repositories with ``make_stories`` and times, in
separate processes:

- ``column cold``: ``mkdocs build`` with no cache (every photo processed, every share image drawn);
- ``column warm``: the same build again, nothing changed;
- ``plain``: the same story texts as plain pages (title and body), same theme, extensions and search,
  the stories not in the navigation;
- ``blog``: the same stories as posts of Material's blog plugin, chapters as categories;
- ``serve``: under ``mkdocs serve`` (and ``--dirty``), from saving one story to its served page changing.

When the column's output holds a Pagefind index, the plain and blog sites get the same search
step (Pagefind run over their output), so that the ratios measure the column's own work. Photos
only exist in the column: the peers are built once per size, with the stories' texts.

Each run reports wall time, CPU time (user + system, less disturbed by other work on the machine
than wall time), peak memory of the process tree, output size, and for the column the photos
processed and share images drawn, read from its build log. Results are printed as a table and
written as JSON (``--json``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

import frontmatter
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_stories import HAND_WRITTEN, HERE, write_repository  # noqa: E402

from generator.reading.plan import load_plan  # noqa: E402

DEFAULT_SIZES = (100, 1000)
LARGE_SIZES = (5000, 10000)
PHOTO_EVERY = 10
SERVE_SIZE = 1000
TIME = Path("/usr/bin/time")
SERVE_TIMEOUT = 900  # seconds: the first build under `mkdocs serve` at 1,000 stories on a busy machine
CARDS_LOG = re.compile(r"Ảnh chia sẻ: (\d+) ảnh mới tạo")
PHOTOS_LOG = re.compile(r"Ảnh: đã xử lý (\d+) ảnh")
MEGABYTE = 1000 * 1000


@dataclass
class Run:
    engine: str
    stories: int
    photos: bool
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    site_mb: float | None = None
    share_images_mb: float | None = None
    photo_files_mb: float | None = None
    html_pages: int | None = None
    photos_processed: int | None = None
    share_images_drawn: int | None = None


# Running a command and measuring it.

def measure(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak RSS in MB of the whole process tree, combined output)."""
    timed = tempfile.NamedTemporaryFile(prefix="nttv-bench-rss-", delete=False)
    timed.close()
    if TIME.is_file():
        # Linux carries a process's peak memory across exec: measured from Python, the child would
        # start at this script's own size. GNU time is small and reports its child's peak.
        command = [str(TIME), "-f", "%M", "-o", timed.name, *command]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    output: list[bytes] = []
    reader = threading.Thread(target=lambda: output.append(process.stdout.read()), daemon=True)
    reader.start()
    peak_tree = 0
    while True:
        # wait4 gives the child's own usage with that of every descendant it waited for.
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        peak_tree = max(peak_tree, _tree_rss(process.pid))
        time.sleep(0.05)
    process.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    wall = time.perf_counter() - started
    text = b"".join(output).decode("utf-8", "replace")
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} (in {cwd}) failed with {process.returncode}:\n{text[-4000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    reported = Path(timed.name).read_text().strip().splitlines()
    os.unlink(timed.name)
    child_peak = int(reported[-1]) if reported and reported[-1].isdigit() else 0
    # GNU time's figure is the largest single process; the sampled one is the tree's together.
    return wall, cpu, max(peak_tree, child_peak) / 1024, text


def _tree_rss(pid: int) -> int:
    """Memory (kB) of ``pid`` and all its descendants, 0 once it is gone: their proportional set
    size, so that pages a forked worker shares with its parent count once, not once per process."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            total += _proportional_kb(current)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pending += [int(child) for child in children.read().split()]
        except (OSError, ValueError):
            continue
    return total


def _proportional_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def folder_bytes(folder: Path, pattern: str = "**/*") -> int:
    return sum(path.stat().st_size for path in folder.glob(pattern) if path.is_file())


def mb(count: int) -> float:
    return round(count / MEGABYTE, 1)


# The three sites.

def mkdocs_build(repo: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build"]


def pagefind(site: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site)]


def column_run(engine: str, repo: Path, stories: int, photos: bool) -> Run:
    wall, cpu, rss, log = measure(mkdocs_build(repo), repo, _env())
    site = repo / "site"
    run = Run(engine, stories, photos, round(wall, 2), round(cpu, 2), round(rss), **_site_sizes(site))
    run.photos_processed = _logged(PHOTOS_LOG, log)
    run.share_images_drawn = _logged(CARDS_LOG, log)
    return run


def peer_run(engine: str, repo: Path, stories: int, with_pagefind: bool) -> Run:
    wall, cpu, rss, _ = measure(mkdocs_build(repo), repo, _env())
    if with_pagefind:
        more = measure(pagefind(repo / "site"), repo, _env())
        wall, cpu, rss = wall + more[0], cpu + more[1], max(rss, more[2])
    return Run(engine, stories, False, round(wall, 2), round(cpu, 2), round(rss), **_site_sizes(repo / "site"))


def _site_sizes(site: Path) -> dict:
    return {
        "site_mb": mb(folder_bytes(site)),
        "share_images_mb": mb(folder_bytes(site, "cau-chuyen/**/chia-se.*")),
        "photo_files_mb": mb(sum(folder_bytes(site, f"cau-chuyen/**/anh-*.{ext}") for ext in ("jpg", "webp"))),
        "html_pages": sum(1 for _ in site.glob("**/*.html")),
    }


def _logged(pattern: re.Pattern, log: str) -> int | None:
    found = pattern.findall(log)
    return int(found[-1]) if found else None


def _env() -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.setdefault("NTTV_TODAY", "2026-11-29")
    return env


def peer_repositories(column: Path, work: Path) -> tuple[Path, Path]:
    """The plain-pages and blog-plugin repositories holding the stories of ``column``."""
    config = yaml.safe_load((column / "mkdocs.yml").read_text(encoding="utf-8"))
    plan = load_plan(column / "content" / "plan.yml")
    stories = []
    for path in sorted((column / "stories").glob("*/*.md")):
        post = frontmatter.load(path)
        stories.append((path, post))
    plain = work / "plain"
    blog = work / "blog"
    for repo in (plain, blog):
        if repo.exists():
            shutil.rmtree(repo)
        (repo / "content").mkdir(parents=True)
        shutil.copytree(column / "theme", repo / "theme")
        for page, title in HAND_WRITTEN:
            shutil.copy(column / "content" / page, repo / "content" / page)
    hand_nav = [item for item in config.get("nav", [])
                if any(str(value) in {page for page, _ in HAND_WRITTEN} for value in item.values())]
    for path, post in stories:
        page = plain / "content" / "cau-chuyen" / path.parent.name / path.name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# {post['title']}\n\n{post.content}\n", encoding="utf-8")
        chapter = plan.chapter(str(post["chapter"])).name
        entry = blog / "content" / "blog" / "posts" / path.parent.name / path.name
        entry.parent.mkdir(parents=True, exist_ok=True)
        head = yaml.safe_dump({"date": dt.date.fromisoformat(str(post["date"])), "categories": [chapter]}, allow_unicode=True)
        entry.write_text(f"---\n{head}---\n\n# {post['title']}\n\n{post.content}\n", encoding="utf-8")
    (blog / "content" / "blog" / "index.md").write_text("# Câu chuyện\n", encoding="utf-8")
    searching = [p for p in config.get("plugins", []) if p == "search" or (isinstance(p, dict) and "search" in p)]
    base = {key: value for key, value in config.items() if key not in ("plugins", "nav")}
    _write_config(plain, {**base, "plugins": searching, "nav": hand_nav, "not_in_nav": "/cau-chuyen/\n"})
    _write_config(blog, {**base, "plugins": searching + [{"blog": {"blog_dir": "blog"}}],
                         "nav": hand_nav[:1] + [{"Câu chuyện": "blog/index.md"}] + hand_nav[1:]})
    return plain, blog


def _write_config(repo: Path, config: dict) -> None:
    (repo / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


# `mkdocs serve`: from saving one story to the changed page.

def serve_latency(repo: Path, dirty: bool, saves: int = 2) -> dict:
    """Seconds from writing one story to the server giving its page with the change, per save."""
    port = _free_port()
    story = sorted((repo / "stories").glob("*/*.md"))[len(list((repo / "stories").glob("*/*.md"))) // 2]
    url = f"http://127.0.0.1:{port}/cau-chuyen/{story.parent.name}/{story.stem}/"
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    command[-2:-2] = ["--dirty"] if dirty else []
    server = subprocess.Popen(command, cwd=repo, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    original = story.read_text(encoding="utf-8")
    latencies = []
    try:
        started = time.perf_counter()
        first = _wait_for(url, lambda page: True, started + SERVE_TIMEOUT)
        if first is None:
            raise SystemExit(f"mkdocs serve did not serve {url} within {SERVE_TIMEOUT} s")
        time.sleep(2)  # let the watcher settle after the first build
        for save in range(1, saves + 1):
            marker = f"Đã sửa lần {save} lúc {time.time_ns()}"
            story.write_text(original.replace("<!-- more -->", f"{marker}\n\n<!-- more -->", 1), encoding="utf-8")
            saved = time.perf_counter()
            if _wait_for(url, lambda page: marker in page, saved + 120) is None:
                raise SystemExit(f"mkdocs serve{' --dirty' if dirty else ''} never showed the change in {url}")
            latencies.append(round(time.perf_counter() - saved, 2))
            time.sleep(1)
    finally:
        story.write_text(original, encoding="utf-8")
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    return {"dirty": dirty, "first_build_s": round(time.perf_counter() - started, 1), "save_to_page_s": latencies}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, condition, deadline: float) -> str | None:
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                page = response.read().decode("utf-8", "replace")
            if condition(page):
                return page
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.05)
    return None


# The whole benchmark.

def bench(sizes: list[int], photo_variants: list[bool], repeat: int, serve_size: int | None, work: Path,
          communes: int = 0) -> dict:
    runs: list[Run] = []
    serving: list[dict] = []
    for size in sizes:
        for photos in photo_variants:
            column = write_repository(size, work / f"column-{size}-{'photos' if photos else 'text'}",
                                      photo_every=PHOTO_EVERY if photos else 0, communes=communes)
            for _ in range(repeat):
                shutil.rmtree(column / ".cache", ignore_errors=True)
                shutil.rmtree(column / "site", ignore_errors=True)
                runs.append(column_run("column cold", column, size, photos))
                runs.append(column_run("column warm", column, size, photos))
                _print_run(runs[-2]), _print_run(runs[-1])
        with_pagefind = (column / "site" / "pagefind").is_dir()
        plain, blog = peer_repositories(column, work / f"peers-{size}")
        for _ in range(repeat):
            for engine, repo in (("plain", plain), ("blog", blog)):
                runs.append(peer_run(engine, repo, size, with_pagefind))
                _print_run(runs[-1])
        if size == serve_size:
            text_column = work / f"column-{size}-text"
            target = text_column if text_column.exists() else column
            for dirty in (False, True):
                serving.append({"stories": size, **serve_latency(target, dirty)})
                print(f"  serve{' --dirty' if dirty else ''}: {serving[-1]}", flush=True)
        for folder in work.glob(f"*-{size}*"):
            shutil.rmtree(folder, ignore_errors=True)
    return {
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()},
        "photo_every": PHOTO_EVERY,
        "communes": communes,
        "runs": [asdict(run) for run in runs],
        "serve": serving,
        "table": table(runs, serving),
    }


def _print_run(run: Run) -> None:
    print(f"  {run.stories:>6} {'photos' if run.photos else 'text  '} {run.engine:<12} wall {run.wall_s:7.2f} s  "
          f"cpu {run.cpu_s:7.2f} s  rss {run.peak_rss_mb:5.0f} MB  site {run.site_mb} MB  "
          f"photos {run.photos_processed}  cards {run.share_images_drawn}", flush=True)


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def table(runs: list[Run], serving: list[dict]) -> list[dict]:
    """One row per size and photo variant: medians of each engine, and the column's ratios to plain."""
    rows = []
    for size in sorted({r.stories for r in runs}):
        peers = {engine: [r for r in runs if r.stories == size and r.engine == engine] for engine in ("plain", "blog")}
        for photos in sorted({r.photos for r in runs if r.stories == size and r.engine.startswith("column")}):
            pick = {engine: [r for r in runs if r.stories == size and r.engine == engine and r.photos == photos]
                    for engine in ("column cold", "column warm")}
            pick.update(peers)
            med = {engine: _median(found) for engine, found in pick.items()}
            row = {"stories": size, "photos": photos}
            for engine, values in med.items():
                key = engine.replace("column ", "")
                row[f"{key}_wall_s"], row[f"{key}_cpu_s"], row[f"{key}_rss_mb"] = values
            for key in ("cold", "warm", "blog"):
                if row.get("plain_wall_s"):
                    row[f"{key}_over_plain_wall"] = round(row[f"{key}_wall_s"] / row["plain_wall_s"], 2)
                    row[f"{key}_over_plain_cpu"] = round(row[f"{key}_cpu_s"] / row["plain_cpu_s"], 2)
            warm = pick["column warm"][-1] if pick["column warm"] else None
            cold = pick["column cold"][-1] if pick["column cold"] else None
            plain = peers["plain"][-1] if peers["plain"] else None
            row["warm_ms_per_story_cpu"] = round(1000 * row["warm_cpu_s"] / size, 2)
            row["site_mb"] = warm.site_mb if warm else None
            row["share_images_mb"] = warm.share_images_mb if warm else None
            row["plain_site_mb"] = plain.site_mb if plain else None
            row["cold_photos_processed"] = cold.photos_processed if cold else None
            row["cold_cards_drawn"] = cold.share_images_drawn if cold else None
            row["warm_photos_processed"] = warm.photos_processed if warm else None
            row["warm_cards_drawn"] = warm.share_images_drawn if warm else None
            for serve in serving:
                if serve["stories"] == size:
                    row["serve_dirty_s" if serve["dirty"] else "serve_s"] = serve["save_to_page_s"]
            rows.append(row)
    return rows


def _median(runs: list[Run]) -> tuple[float | None, float | None, float | None]:
    if not runs:
        return None, None, None
    return (round(statistics.median(r.wall_s for r in runs), 2), round(statistics.median(r.cpu_s for r in runs), 2),
            round(max(r.peak_rss_mb for r in runs)))


def markdown_table(rows: list[dict]) -> str:
    head = ("| stories | photos | column cold | column warm | plain | blog | warm/plain | cold/plain | peak RSS (warm, cold) "
            "| site (plain) | share images | photos, cards drawn (cold; warm) | serve save→page (--dirty) |")
    lines = [head, "|" + " --- |" * (head.count("|") - 1)]
    for row in rows:
        def both(key):
            return f"{row.get(key + '_wall_s')} s ({row.get(key + '_cpu_s')} s cpu)"
        serve = ""
        if "serve_s" in row:
            serve = f"{row['serve_s']} ({row.get('serve_dirty_s')})"
        lines.append(
            f"| {row['stories']:,} | {'1 in ' + str(PHOTO_EVERY) if row['photos'] else 'none'} | {both('cold')} | {both('warm')} "
            f"| {both('plain')} | {both('blog')} | {row.get('warm_over_plain_wall')}× ({row.get('warm_over_plain_cpu')}× cpu) "
            f"| {row.get('cold_over_plain_wall')}× ({row.get('cold_over_plain_cpu')}× cpu) "
            f"| {row.get('warm_rss_mb')}, {row.get('cold_rss_mb')} MB | {row['site_mb']} MB ({row['plain_site_mb']} MB) "
            f"| {row['share_images_mb']} MB | {row['cold_photos_processed']}, {row['cold_cards_drawn']}; "
            f"{row['warm_photos_processed']}, {row['warm_cards_drawn']} | {serve} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=lambda text: [int(n) for n in text.split(",")], default=list(DEFAULT_SIZES),
                        help="comma-separated story counts (default 100,1000)")
    parser.add_argument("--large", action="store_true", help="also 5,000 and 10,000 stories")
    parser.add_argument("--photos", choices=("both", "with", "without"), default="both",
                        help=f"column with one photo per {PHOTO_EVERY} stories, without, or both (default)")
    parser.add_argument("--repeat", type=int, default=1, help="interleaved runs of each build; medians are reported")
    parser.add_argument("--serve-size", type=int, default=SERVE_SIZE,
                        help=f"stories for the `mkdocs serve` timing (default {SERVE_SIZE}; 0 skips it)")
    parser.add_argument("--communes", type=int, default=0, help="add this many commune chapters to the plan")
    parser.add_argument("--json", type=Path, default=HERE / ".cache" / "bench" / "bench.json")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    args = parser.parse_args()
    sizes = args.sizes + (list(LARGE_SIZES) if args.large else [])
    variants = {"both": [False, True], "with": [True], "without": [False]}[args.photos]
    work = args.work or Path(tempfile.mkdtemp(prefix="nttv-bench-"))
    try:
        result = bench(sizes, variants, args.repeat, args.serve_size, work, args.communes)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print()
    print(markdown_table(result["table"]))
    print(f"\n{args.json}")


if __name__ == "__main__":
    main()
