"""The built site in a real browser: home page, tabs, tooltips, timeline, palette, console, weight."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browserkit import VIEWPORT, Watch, artifact, check_watch, goto, open_page

TIMELINE = "briefing/timeline/"
GLOSSARY_LINK = 'a[href*="glossary"][title]'
# Budgets for the home page as served (no compression): the HTML itself,
# and everything it loads before the search index.
HOME_HTML_MAX = 80_000
HOME_TOTAL_MAX = 600_000


def site_pages(site_dir: Path) -> list[str]:
    """Every built page as a site path (`briefing/sources/x/`), home first, 404 left out."""
    paths = sorted(p.parent.relative_to(site_dir).as_posix() for p in site_dir.rglob("index.html"))
    return ["" if p == "." else f"{p}/" for p in paths]


def test_home_page_briefs_in_one_screen(page, base_url, site_dir) -> None:
    goto(page, base_url, "")
    page.screenshot(path=artifact("home.png"), full_page=True)
    asof = page.locator(".home-asof")
    assert re.search(r"资料截至 \d{4}(-\d\d){0,2}", asof.inner_text()), asof.inner_text()
    assert asof.bounding_box()["y"] < VIEWPORT["height"], "the as-of line is below the first screen"
    sources = page.locator('table a[href*="briefing/sources/"]')
    assert sources.count() == len([p for p in site_pages(site_dir) if re.fullmatch(r"briefing/sources/[^/]+/", p)])
    if (site_dir / "briefing" / "topics").is_dir():
        cards = page.locator(".home-topics li")
        assert cards.count() >= 1
        assert cards.first.bounding_box()["y"] < VIEWPORT["height"], "the topics start below the first screen"
        assert page.locator(".home-coverage a.heat").count() >= 1, "coverage grid has no linked cell"


def test_tabs_navigate(page, base_url) -> None:
    goto(page, base_url, "")
    tabs = page.locator(".md-tabs__link")
    labels = [t.strip() for t in tabs.all_inner_texts()]
    assert "来源" in labels and len(labels) >= 2, labels
    for label in labels[1:]:
        page.locator(".md-tabs__link", has_text=label).first.click()
        page.wait_for_load_state()
        active = page.locator(".md-tabs__item--active .md-tabs__link").inner_text().strip()
        assert active == label, f"clicked tab {label}, active tab is {active} at {page.url}"
        assert page.locator("article h1").count() == 1
    page.locator(".md-tabs__link", has_text=labels[0]).first.click()
    page.wait_for_load_state()
    assert page.url == base_url


def test_palette_toggle_switches_dark_and_light(page, base_url) -> None:
    goto(page, base_url, "")
    scheme = lambda: page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert scheme() == "default"
    page.locator("form[data-md-component=palette] label:visible").click()
    assert scheme() == "slate"
    page.reload()
    assert scheme() == "slate", "the chosen scheme is not kept across pages"
    page.locator("form[data-md-component=palette] label:visible").click()
    assert scheme() == "default"


@pytest.mark.parametrize("where", ["briefing/sources/lex-fridman-state-of-ai-2026/", "briefing/topics/open-models/", "briefing/timeline/"])
def test_glossary_tooltip_shows_on_hover(page, base_url, site_dir, where) -> None:
    """A glossary term link (title = definition) shows Material's tooltip on hover: source, topic and timeline pages."""
    assert _has_glossary_link(site_dir, where), f"{where} has no glossary term link ({GLOSSARY_LINK})"
    goto(page, base_url, where)
    link = page.locator("article").locator(GLOSSARY_LINK.replace("[title]", "")).first
    link.scroll_into_view_if_needed()
    link.hover()
    tip = page.locator(".md-tooltip2--active")
    tip.wait_for(state="visible", timeout=5000)
    assert "：" in tip.inner_text(), f"the tooltip shows no definition: {tip.inner_text()!r}"


def _has_glossary_link(site_dir: Path, path: str) -> bool:
    html = (site_dir / path / "index.html").read_text(encoding="utf-8")
    article = html[html.find("<article") :]
    return bool(re.search(r'<a [^>]*href="[^"]*glossary[^"]*"[^>]* title="[^"]+"', article))


def test_timeline_renders(page, base_url) -> None:
    goto(page, base_url, TIMELINE)
    entries = page.locator(".tl-entry:visible")
    assert entries.count() >= 10, f"{entries.count()} timeline entries shown"
    assert page.locator(".tl-year:visible").count() >= 1
    filter_nav = page.locator("[data-tl-filter]")
    if filter_nav.count():
        assert filter_nav.first.is_visible(), "the topic filter stayed hidden: timeline.js did not run"


def test_no_console_errors_on_any_page(browser, base_url, site_dir) -> None:
    """Every page of the site, in light and dark: no console error, no uncaught exception, nothing fetched from outside."""
    pages = site_pages(site_dir)
    assert len(pages) >= 6, pages
    for scheme in ("light", "dark"):
        watch = Watch()
        page = open_page(browser, base_url, watch, color_scheme=scheme)
        try:
            for path in pages:
                goto(page, base_url, path)
        finally:
            page.context.close()
        check_watch(watch)


def test_home_page_weight(browser, base_url, site_dir) -> None:
    """Bytes the home page loads (as served here, and gzipped as a typical host sends them).

    Written to test-artifacts/weight.json; the search index is counted apart.
    """
    watch = Watch()
    page = open_page(browser, base_url, watch)
    requested: set[str] = set()
    page.on("requestfinished", lambda r: requested.add(urlsplit(r.url).path))
    try:
        goto(page, base_url, "")
        page.wait_for_load_state("networkidle")
    finally:
        page.context.close()
    check_watch(watch)
    files = {}
    for path in sorted(requested):
        file = site_dir / unquote(path).lstrip("/")
        file = file / "index.html" if file.is_dir() else file
        body = file.read_bytes()
        files[file.relative_to(site_dir).as_posix()] = {"bytes": len(body), "gzip": len(gzip.compress(body, 6))}
    # Pagefind loads its index chunk by chunk, per query: none of it on page load.
    searched = {name: files.pop(name) for name in list(files) if name.startswith("pagefind/") and not name.endswith((".js", ".css"))}
    assert searched == {}, f"the page load fetched search index files: {sorted(searched)}"
    report = {
        "home_html": files["index.html"],
        "home_total": {k: sum(f[k] for f in files.values()) for k in ("bytes", "gzip")},
        "files": files,
    }
    artifact("weight.json").write_text(json.dumps(report, indent=2, sort_keys=True), encoding="utf-8")
    assert report["home_html"]["bytes"] < HOME_HTML_MAX, report
    assert report["home_total"]["bytes"] < HOME_TOTAL_MAX, report


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_coverage_grid_reads_in_both_schemes(browser, base_url, site_dir, scheme) -> None:
    """Shaded cells keep their number legible: text and background differ in both palettes."""
    if not (site_dir / "briefing" / "topics").is_dir():
        pytest.fail("no topic pages built yet: the coverage grid cannot be shown", pytrace=False)
    watch = Watch()
    page = open_page(browser, base_url, watch, color_scheme=scheme)
    try:
        goto(page, base_url, "")
        cells = page.locator(".home-coverage a.heat")
        assert cells.count() >= 1
        colours = cells.evaluate_all("els => els.map(e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor])")
        assert all(fg != bg for fg, bg in colours)
        assert len({bg for _, bg in colours}) >= 2, "every cell has the same shade"
    finally:
        page.context.close()
    check_watch(watch)
