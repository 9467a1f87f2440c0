"""What a reader's first search costs, in headless chromium against a local server.

From a cold browser cache: the home page loads, the search dialog opens,
a query is typed. Counted: every byte fetched from `pagefind/` (the search
code, its wasm, the index's metadata, the index chunks and the result
fragments: everything search loads; the dialog itself is
`javascripts/search.js`, about 10 KB, loaded with every page), and the
time from the last keystroke to the first result shown.

Usage: `python benchmarks/search_probe.py SITE_DIR [QUERY]` prints the breakdown. Chromium is Debian's (`/usr/bin/chromium`, or BRIEFING_CHROMIUM).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path(os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
QUERY = "开源模型"


class _Counting(http.server.SimpleHTTPRequestHandler):
    """Serves the site and counts the bytes of each file it sends: requests a
    page's Web Worker makes (Pagefind searches in one) are counted too."""

    sent: dict[str, int]

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        self.sent[self.path.split("?")[0]] = self.sent.get(self.path.split("?")[0], 0) + len(data)
        outputfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def _serve(folder: Path, sent: dict[str, int]):
    handler = type("Handler", (_Counting,), {"sent": sent})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def first_query(site: Path, query: str = QUERY) -> tuple[int, float]:
    """(bytes fetched from pagefind/ up to the first result, seconds from typing to the first result)."""
    sent, seconds = probe(site, query)
    return sum(sent.values()), seconds


def probe(site: Path, query: str = QUERY) -> tuple[dict[str, int], float]:
    """({file under pagefind/: bytes sent}, seconds from typing to the first result shown)."""
    from playwright.sync_api import sync_playwright

    sent: dict[str, int] = {}
    with _serve(site, sent) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        page = browser.new_page()
        page.goto(url)
        page.wait_for_selector("button.briefing-search__trigger", timeout=60000)
        page.locator("body").press("/")
        box = page.locator("dialog.briefing-search__dialog input[type=search]")
        box.wait_for(state="visible", timeout=10000)
        start = time.perf_counter()
        box.fill(query)
        page.wait_for_selector("li.briefing-search__result a.briefing-search__link", timeout=120000)
        seconds = time.perf_counter() - start
        browser.close()
    return {path: size for path, size in sent.items() if path.startswith("/pagefind/")}, seconds


def breakdown(sent: dict[str, int]) -> dict[str, int]:
    """Bytes by kind of file: code (pagefind.js, its worker), wasm, meta, index chunks, fragments, filters."""
    kinds = {".pf_index": "index chunks", ".pf_fragment": "fragments", ".pf_filter": "filters", ".pf_meta": "meta", ".pagefind": "wasm"}
    out: dict[str, int] = {}
    for path, size in sent.items():
        kind = next((k for suffix, k in kinds.items() if path.endswith(suffix)), "code")
        out[kind] = out.get(kind, 0) + size
    return out


def fragment_page(site: Path, path: str) -> str:
    """The page a fetched fragment (`/pagefind/fragment/…`) holds: its URL, from the fragment itself."""
    data = gzip.decompress((site / path.lstrip("/")).read_bytes())
    return json.loads(data[data.index(b"{") :]).get("url", "?")


if __name__ == "__main__":
    import sys

    site = Path(sys.argv[1])
    files, took = probe(site, *sys.argv[2:3])
    for path, size in sorted(files.items(), key=lambda kv: -kv[1]):
        page = f"  ({fragment_page(site, path)})" if path.endswith(".pf_fragment") else ""
        print(f"{size / 1024:7.1f} KB  {path}{page}")
    for kind, size in sorted(breakdown(files).items(), key=lambda kv: -kv[1]):
        print(f"{kind}: {size / 1024:.0f} KB")
    print(f"total {sum(files.values()) / 1024:.0f} KB, first result {took:.2f} s")
