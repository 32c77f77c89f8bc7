"""The search index, made beside publishing once an engine has written the site (``rendering.search``
makes it): at once after a build, and behind a preview on a thread of its own, so that a save under
``mkdocs serve`` is not held back by the index of the save before it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from ..cache import Store
from ..rendering.search import IndexRun, index_site


class SearchIndexer:
    """Indexes a site after each build. With ``behind``, every run after the first goes on a thread of
    its own (once more when asked during a run): the preview's page is already written, its search
    follows. ``said`` and ``failed`` report a run made on the thread, which never stops the server."""

    def __init__(self, behind: bool, said: Callable[[str], None], failed: Callable[[str], None]):
        self.behind = behind
        self.said = said
        self.failed = failed
        self.started = False
        self.lock = threading.Lock()
        self.wanted: tuple[Path, Store] | None = None
        self.thread: threading.Thread | None = None

    def index(self, site: Path, cache: Store) -> IndexRun | None:
        """The run made now (raising ``NttvError``), or None when it was handed to the thread; each page's
        copy is kept in the search store ``cache`` between runs."""
        if self.behind and self.started:
            self._request(site, cache)
            return None
        run = index_site(site, cache)
        self.started = True
        return run

    def _request(self, site: Path, cache: Store) -> None:
        with self.lock:
            self.wanted = (site, cache)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="nttv-search", daemon=True)
                self.thread.start()

    def _run(self) -> None:
        while True:
            with self.lock:
                wanted, self.wanted = self.wanted, None
            if wanted is None:
                return
            try:
                self.said(f"Tìm kiếm: {index_site(*wanted)}")
            except Exception as exc:  # noqa: BLE001 - a preview's search must never stop the server
                self.failed(f"Tìm kiếm: không lập được chỉ mục ({exc})")
