"""Helpers of the browser tests: build, serve, open watched pages, save artifacts.

Never downloads a browser: playwright is pointed at the system chromium.
Every page opened with `open_page` is watched: a console error, an
uncaught exception or a request leaving 127.0.0.1 is recorded (external
requests are also blocked, so the suite never touches the network).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path(os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORT = {"width": 1280, "height": 800}
# The project's own inputs; generated output (docs/briefing) is rebuilt in the copy.
PROJECT_PARTS = ("mkdocs.yml", "docs", "curation", "seeds")


def build_site(project: Path, out: Path) -> Path:
    """`mkdocs build` of a project folder into `out`; fails the test with MkDocs' own message."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if run.returncode != 0:
        pytest.fail(f"mkdocs build failed in {project}:\n{run.stderr[-4000:]}", pytrace=False)
    return out


def copy_project(dest: Path) -> Path:
    """A copy of the project's inputs, so a test can add a seed without touching the repo."""
    for name in PROJECT_PARTS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("briefing", "__pycache__"))
        else:
            shutil.copy(src, dest / name)
    return dest


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a built site on a free port of 127.0.0.1; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Watch:
    """What went wrong on the pages of one test."""

    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


def open_page(browser, base_url: str, watch: Watch, color_scheme: str = "light"):
    """A fresh page whose console errors and external requests are recorded in `watch`."""
    context = browser.new_context(viewport=VIEWPORT, color_scheme=color_scheme, locale="zh-CN")

    def route(r) -> None:
        url = r.request.url
        if url.startswith((base_url, "data:", "blob:")):
            r.continue_()
        else:
            watch.external.append(url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and watch.errors.append(f"{page.url}: {m.text}"))
    page.on("pageerror", lambda exc: watch.errors.append(f"{page.url}: uncaught {exc}"))
    return page


def check_watch(watch: Watch) -> None:
    assert not watch.errors, "console errors:\n" + "\n".join(watch.errors)
    assert not watch.external, "requests outside the site:\n" + "\n".join(watch.external)


def goto(page, base_url: str, path: str):
    """Open a site path (`briefing/timeline/`); fails clearly when the page was not built."""
    response = page.goto(base_url + path)
    assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '-'} (page not built?)"
    return response


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name
