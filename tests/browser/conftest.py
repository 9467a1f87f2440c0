"""Fixtures of the browser tests: the site built once and served, chromium, watched pages.

A failing test leaves a screenshot of its pages in `test-artifacts/` at the repo root.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browserkit import CHROMIUM, CHROMIUM_ARGS, ROOT, Watch, artifact, build_site, check_watch, open_page, serve


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The real project, built once for the whole browser session.

    BRIEFING_SITE_DIR names an already built site to test instead (quick
    reruns while editing a test).
    """
    prebuilt = os.environ.get("BRIEFING_SITE_DIR")
    if prebuilt:
        return Path(prebuilt)
    return build_site(ROOT, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def base_url(site_dir) -> Iterator[str]:
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"chromium not found at {CHROMIUM}: install Debian's `chromium` package (see .ci/run)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def page(browser, base_url, watch):
    """A page on the built site; the test fails on any console error or external request."""
    page = open_page(browser, base_url, watch)
    yield page
    page.context.close()
    check_watch(watch)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Screenshot every open page of a failing test into test-artifacts/."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    from playwright.sync_api import Page

    pages = [v for v in item.funcargs.values() if isinstance(v, Page)]
    for n, page in enumerate(pages):
        if page.is_closed():
            continue
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid.split("::", 1)[-1]).strip("_")[:120]
        try:
            page.screenshot(path=artifact(f"failed-{name}{f'-{n}' if n else ''}.png"), full_page=True)
        except Exception as exc:  # noqa: BLE001 - a failed screenshot must not hide the real failure
            report.sections.append(("screenshot", f"could not save a screenshot: {exc}"))
