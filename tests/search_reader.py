"""A phone reader using the column's search box in Chromium, and what it downloads."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

# The first query of a reader may fetch at most this much, compressed (script, WASM, index, fragments).
FIRST_QUERY_BUDGET = 250_000


def compressed_size(site: Path, urls: list[str]) -> int:
    """What the files behind ``urls`` weigh gzip-compressed, as a static host sends them
    (Pagefind's index files are compressed already)."""
    total = 0
    for url in urls:
        path = site / unquote(urlsplit(url).path).lstrip("/")
        data = (path / "index.html" if path.is_dir() else path).read_bytes()
        total += len(data) if data[:2] == b"\x1f\x8b" else len(gzip.compress(data))
    return total


class Reader:
    """A phone that opens the search box of a story page and types."""

    def __init__(self, browser, origin: str, site: Path):
        self.browser, self.origin, self.site = browser, origin, site

    def search(self, query: str, page_url: str = "cau-chuyen/", every_page: bool = True, enter: bool = False) -> dict:
        """What typing ``query`` (then Enter, with ``enter``) shows and fetches; with ``every_page``, also
        the address of each of Pagefind's results (a fragment each: too slow for a query that finds thousands)."""
        tab = self.browser.new_page(viewport={"width": 360, "height": 740})
        requests, errors = [], []
        tab.on("requestfinished", lambda r: requests.append(r.url))
        tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
        tab.on("pageerror", lambda e: errors.append(str(e)))
        try:
            tab.goto(self.origin + page_url, wait_until="networkidle")
            before = list(requests)
            requests.clear()
            tab.get_by_role("button", name="Tìm kiếm").click()
            box = tab.get_by_label(re.compile("Tên người, tập thể"))
            box.fill(query)
            if enter:
                box.press("Enter")
            tab.wait_for_function("document.querySelector('.nttv-search__result')"
                                  " || document.querySelector('.nttv-search__status').textContent.startsWith('Không tìm thấy')")
            tab.wait_for_load_state("networkidle")
            links = tab.eval_on_selector_all(".nttv-search__result h3 a", "as => as.map(a => new URL(a.href).pathname)")
            # What the reader's query fetched, before the test asks Pagefind for every result's page.
            after = list(requests)
            every = [] if not every_page else tab.evaluate("""async (q) => { const pf = await import('/pagefind/pagefind.js');
                const r = await pf.search(q); return Promise.all(r.results.map(x => x.data().then(d => d.url))); }""", query)
            # "order": Pagefind's own ranking of the query, which only a real name match may change.
            shown = tab.eval_on_selector_all(".nttv-search__result", """items => items.map(li => ({
                title: li.querySelector('h3').innerText, about: (li.querySelector('.nttv-search__about') || {}).innerText || '',
                marked: Array.from(li.querySelectorAll('mark'), m => m.innerText)}))""")
            suggestion = tab.locator(".nttv-search__suggest")
            return {"before": before, "after": after, "links": links, "all": set(every), "order": every, "errors": errors,
                    "status": tab.locator(".nttv-search__status").inner_text(), "shown": shown,
                    "suggestion": suggestion.inner_text() if suggestion.is_visible() else ""}
        finally:
            tab.close()

    def search_in_turn(self, queries: list[str], page_url: str = "cau-chuyen/") -> dict[str, dict]:
        """What typing each of ``queries`` in turn into one open search box shows (``links``, ``status``,
        ``shown``, ``errors``): one page load for a table of queries; nothing fetched is measured."""
        tab = self.browser.new_page(viewport={"width": 360, "height": 740})
        errors: list[str] = []
        tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
        tab.on("pageerror", lambda e: errors.append(str(e)))
        seen = {}
        try:
            tab.goto(self.origin + page_url, wait_until="networkidle")
            tab.get_by_role("button", name="Tìm kiếm").click()
            box = tab.get_by_label(re.compile("Tên người, tập thể"))
            for query in queries:
                box.fill(query)
                # The status names the query once its results replaced the last query's.
                tab.wait_for_function("""(q) => { const s = document.querySelector('.nttv-search__status').textContent;
                    return s.includes('“' + q + '”') && (!!document.querySelector('.nttv-search__result') || s.startsWith('Không tìm thấy')); }""",
                                      arg=query)
                seen[query] = {
                    "links": tab.eval_on_selector_all(".nttv-search__result h3 a", "as => as.map(a => new URL(a.href).pathname)"),
                    "status": tab.locator(".nttv-search__status").inner_text(), "errors": list(errors),
                    "shown": tab.eval_on_selector_all(".nttv-search__result", """items => items.map(li => ({
                        title: li.querySelector('h3').innerText, about: (li.querySelector('.nttv-search__about') || {}).innerText || '',
                        marked: Array.from(li.querySelectorAll('mark'), m => m.innerText)}))""")}
        finally:
            tab.close()
        return seen

    def compressed(self, urls: list[str]) -> int:
        return compressed_size(self.site, urls)


