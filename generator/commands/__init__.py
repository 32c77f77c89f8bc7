"""The `nttv` command line: one module per command (or family of commands), each adding its own parser
with the function that runs it; ``main`` reads the options common to all and runs the one asked for."""

from __future__ import annotations

import sys
from pathlib import Path

from ..arguments import ArgumentParser
from ..problems import NttvError
from . import check, edition, export, generate, new, publish, scrub, search, share, tally, withdrawn
from .common import UsageError

# In the order `nttv --help` lists them.
COMMANDS = (check, new, tally, share, scrub, generate, withdrawn, publish, edition, export, search)


def main(argv: list[str] | None = None) -> int:
    _speak_utf8()
    parser = ArgumentParser(prog="nttv", description="Công cụ chuyên mục “Người tốt, việc thiện”.")
    parser.add_argument("--root", type=Path, default=Path("."), help="thư mục gốc của kho (mặc định: thư mục hiện tại)")
    parser.add_argument("--plan", default="content/plan.yml", help="tệp kế hoạch, tính từ thư mục gốc")
    parser.add_argument("--stories", default="stories", help="thư mục truyện, tính từ thư mục gốc")
    commands = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(commands)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (NttvError, UsageError) as exc:
        print(f"nttv: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        # An editor stops `nttv new`'s questions with Ctrl-C: a word, not a traceback; 130 as shells report it.
        print("\nnttv: đã dừng (Ctrl-C)", file=sys.stderr)
        return 130


def _speak_utf8() -> None:
    """Vietnamese messages survive a Windows console or a pipe set to a legacy code page, and
    printing never raises: what cannot be encoded (a lone surrogate in a file name) is escaped."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
