"""Everything the tool writes for the samples and for 1,000 generated stories, into one folder to compare.

    python benchmarks/snapshot.py ../before          # on the code before a change
    python benchmarks/snapshot.py ../after           # on the code after it
    diff -r ../before ../after                       # must print nothing (messages may only improve)

The checkout is copied to a scratch folder (so its caches start cold and its own site/ is untouched) and
every output is made there with ``NTTV_TODAY`` fixed: the site built twice (cold, then warm caches), the
check's problems, the tally, the yearly report in every format (docx and xlsx unpacked, since a zip
stores its own times), the share kits, the site source of ``nttv generate`` and the print export. Then
``make_stories.py`` writes 1,000 stories (a photo every tenth) and their site is built and checked too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import re
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
TODAY = "2026-12-07"
_STAMP = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
OUT: list[Path] = []  # the snapshot's folder, named <out> in messages
SKIPPED = {".git", ".venv", "site", ".cache", "node_modules", "share", "export", ".pytest_cache",
           ".hypothesis", ".ruff_cache", "__pycache__"}


def _run(cwd: Path, *args: str, out: Path | None = None) -> None:
    """Run ``python args`` in ``cwd`` with the day fixed; stdout to ``out`` and stderr beside it."""
    env = dict(os.environ, NTTV_TODAY=TODAY, PYTHONHASHSEED="0", NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True)
    if out is not None:
        out.write_text(done.stdout, encoding="utf-8")
        out.with_suffix(out.suffix + ".stderr").write_text(_without_times(done.stderr, cwd), encoding="utf-8")
        out.with_suffix(out.suffix + ".status").write_text(f"{done.returncode}\n", encoding="utf-8")
    elif done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")


def _without_times(text: str, cwd: Path) -> str:
    """MkDocs and Pagefind print how long they took, and the scratch and output paths; none is output."""
    lines = []
    for folder, name in ((cwd, "<root>"), (cwd.parent, "<scratch>"), (OUT[0], "<out>")):
        text = text.replace(str(folder), name)
    for line in text.splitlines():
        if "Documentation built in" in line or "seconds" in line or line.startswith(("Running Pagefind", "Pagefind")):
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"


def _copy(source: Path, target: Path) -> None:
    shutil.copytree(source, target, ignore=lambda _d, names: [n for n in names if n in SKIPPED])
    if (source / "node_modules").exists():
        (target / "node_modules").symlink_to((source / "node_modules").resolve())


def _unzip(folder: Path) -> None:
    """Replace each docx/xlsx by its unpacked parts (a zip stores the time it was written)."""
    for packed in sorted([*folder.rglob("*.docx"), *folder.rglob("*.xlsx")]):
        with zipfile.ZipFile(packed) as archive:
            archive.extractall(packed.with_name(packed.name + ".parts"))
        packed.unlink()
        core = packed.with_name(packed.name + ".parts") / "docProps" / "core.xml"
        if core.exists():  # openpyxl stamps the workbook with the clock, whatever the report's day
            core.write_text(_STAMP.sub(r"\1…\2", core.read_text(encoding="utf-8")), encoding="utf-8")


def _build(root: Path, out: Path, name: str) -> None:
    _run(root, "-m", "generator.engine", "build", out=out / f"{name}.log")
    shutil.copytree(root / "site", out / name, symlinks=True)


def snapshot(out: Path) -> None:
    out.mkdir(parents=True)
    OUT[:] = [out]
    with tempfile.TemporaryDirectory(prefix="nttv-snapshot-") as scratch:
        root = Path(scratch) / "repo"
        _copy(HERE, root)
        samples = out / "samples"
        samples.mkdir()
        _build(root, samples, "site")
        _build(root, samples, "site-warm")
        _run(root, "-m", "generator.cli", "check", "--format", "json", out=samples / "check.json")
        _run(root, "-m", "generator.cli", "check", out=samples / "check.txt")
        _run(root, "-m", "generator.cli", "tally", "--json", out=samples / "tally.json")
        _run(root, "-m", "generator.cli", "tally", out=samples / "tally.txt")
        _run(root, "-m", "generator.cli", "withdrawn", out=samples / "withdrawn.txt")
        reports = samples / "reports"
        reports.mkdir()
        for year in ("2025", "2026"):
            for form in ("docx", "xlsx", "csv", "md"):
                target = reports / f"bao-cao-{year}.{form}"
                _run(root, "-m", "generator.cli", "report", "--year", year, "--format", form, "--out", str(target),
                     out=reports / f"{year}-{form}.log")
        _unzip(reports)
        _run(root, "-m", "generator.cli", "share", out=samples / "share.log")
        if (root / "share").exists():
            shutil.copytree(root / "share", samples / "share")
        _run(root, "-m", "generator.cli", "generate", str(Path(scratch) / "source"), out=samples / "generate.log")
        shutil.copytree(Path(scratch) / "source", samples / "generated", symlinks=True)
        _run(root, "-m", "generator.cli", "export", "--for", "newspaper", "stories", out=samples / "export.log")
        if (root / "export").exists():
            shutil.copytree(root / "export", samples / "export")

        many = Path(scratch) / "many"
        _run(HERE, str(HERE / "benchmarks" / "make_stories.py"), "1000", str(many), "--photo-every", "10")
        thousand = out / "thousand"
        thousand.mkdir()
        for name in ("generator",):
            shutil.rmtree(many / name, ignore_errors=True)
            shutil.copytree(root / name, many / name)
        _build(many, thousand, "site")
        _run(many, "-m", "generator.cli", "check", "--format", "json", out=thousand / "check.json")
        _run(many, "-m", "generator.cli", "tally", "--json", out=thousand / "tally.json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="a folder that does not exist yet")
    snapshot(parser.parse_args().out.resolve())


if __name__ == "__main__":
    main()
