"""The ``nttv`` entry point (pyproject's ``[project.scripts]``, ``python -m generator.cli``); the commands
themselves are in ``generator/commands/``."""

from __future__ import annotations

import sys

from .commands import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
