"""What a reader's first search costs, in headless chromium against a local server.

From a cold browser cache: the home page loads, the search dialog opens,
a query is typed. Counted: every byte fetched from `pagefind/` (the UI,
the search code, the index chunks and the result fragments: everything
search loads), and the time from the last keystroke to the first result
shown. Chromium is Debian's (`/usr/bin/chromium`, or BRIEFING_CHROMIUM).
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path(os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
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
    from playwright.sync_api import sync_playwright

    sent: dict[str, int] = {}
    with _serve(site, sent) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        page = browser.new_page()
        page.goto(url)
        page.wait_for_selector("pagefind-modal-trigger button", timeout=60000)
        page.locator("body").press("/")
        box = page.locator("pagefind-modal input")
        box.wait_for(state="visible", timeout=10000)
        start = time.perf_counter()
        box.fill(query)
        page.wait_for_selector("pagefind-results a.pf-result-link", timeout=120000)
        seconds = time.perf_counter() - start
        browser.close()
    return sum(size for path, size in sent.items() if path.startswith("/pagefind/")), seconds
