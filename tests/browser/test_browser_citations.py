"""Citation previews and "cited by" markers in headless chromium, light and dark, axe clean.

Each kind of citing page (topic, timeline, predictions, home, glossary) is
hovered and focused: the popover shows the cited passage's text (exactly
the model's), its source's title and date, and its section, and never
moves the page. A source page marks exactly the passages something cites.
"""

from __future__ import annotations

import json
from urllib.parse import unquote, urlsplit

import pytest
from browserkit import Watch, check_watch, goto, open_page
from test_browser_a11y import AXE, BLOCKING, _describe

# Page -> selector of its citation links (the first is tested).
CITING = {
    "topic": ("briefing/topics/agents/", ".passage-cite a"),
    "topic-figure": ("briefing/topics/compute-energy/", "table a[href*='/sources/']"),
    "timeline": ("briefing/timeline/", ".tl-entry a[href*='/sources/'][href*='#']"),
    "predictions": ("briefing/predictions/", ".pred-card a[href*='/sources/'][href*='#']"),
    "home": ("", ".home-column a[href*='/sources/'][href*='#']"),
    "glossary": ("briefing/glossary/", ".md-content a[href*='/sources/'][href*='#']"),
}
SOURCE = "state-of-ai-2025-video"


def run_axe(page, *selectors: str) -> list[dict]:
    """axe-core on what this feature adds (and the link it describes): the pages
    themselves are checked by test_browser_a11y.py (which leaves out the ledger,
    whose status badges fail colour contrast on their own)."""
    assert AXE.exists(), f"{AXE} is missing: run `npm ci --prefix tests/browser`"
    page.add_script_tag(path=str(AXE))
    context = {"include": [[s] for s in selectors]}
    result = page.evaluate("async (context) => await axe.run(context, {resultTypes: ['violations']})", context)
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def cited(link_href: str) -> tuple[str, str]:
    """(slug, anchor) of a citation's address."""
    parts = urlsplit(link_href)
    return unquote(parts.path.rstrip("/").rsplit("/", 1)[-1]).removesuffix(".html"), unquote(parts.fragment)


def layout(page) -> dict:
    return page.evaluate("""() => ({height: document.documentElement.scrollHeight, y: window.scrollY,
        main: JSON.stringify(document.querySelector('.md-content').getBoundingClientRect())})""")


@pytest.fixture(scope="module")
def passages(seed_site) -> dict[str, object]:
    return {p.id: p for p in seed_site.passages}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(CITING))
def test_hover_and_focus_show_the_cited_passage(browser, base_url, seed_site, passages, kind, scheme) -> None:
    path, selector = CITING[kind]
    watch = Watch()
    page = open_page(browser, base_url, watch, color_scheme=scheme)
    try:
        goto(page, base_url, path)
        link = page.locator(selector).first
        slug, anchor = cited(link.evaluate("a => a.href"))
        passage, source = passages[f"{slug}/{anchor}"], seed_site.by_slug[slug]
        tip = page.locator("#cite-preview")
        link.scroll_into_view_if_needed()
        before = layout(page)
        link.hover()
        tip.wait_for(state="visible")
        assert tip.locator(".cite-preview-text").evaluate("n => n.textContent") == passage.text
        assert tip.locator(".cite-preview-source strong").text_content() == source.meta.title
        assert (tip.locator(".cite-preview-date").text_content() or "") == source.meta.date
        if passage.section_title:
            assert tip.locator(".cite-preview-section").text_content() == passage.section_title
        assert link.get_attribute("aria-describedby") == "cite-preview"
        assert layout(page) == before, "showing the popover moved the page"
        # The pointer may move onto the popover (to select its text): it stays.
        # (axe runs there: a hovered link takes Material's accent colour, not ours to check.)
        tip.hover()
        page.wait_for_timeout(400)
        assert tip.is_visible()
        violations = run_axe(page, "#cite-preview", '[aria-describedby="cite-preview"]')
        assert not violations, _describe(violations)
        # Pointer away: it closes. Keyboard focus: it opens again, and Escape closes it without moving focus.
        page.mouse.move(1, 1)
        tip.wait_for(state="hidden")
        link.focus()
        tip.wait_for(state="visible")
        assert tip.locator(".cite-preview-text").evaluate("n => n.textContent") == passage.text
        page.keyboard.press("Escape")
        tip.wait_for(state="hidden")
        assert link.evaluate("a => a === document.activeElement")
        assert link.get_attribute("aria-describedby") is None
        # Readable: the text is not the background's colour in either scheme.
        link.hover()
        tip.wait_for(state="visible")
        colours = tip.evaluate("n => [getComputedStyle(n).color, getComputedStyle(n).backgroundColor]")
        assert colours[0] != colours[1]
        if scheme == "dark":
            assert colours[1] != "rgb(255, 255, 255)"
    finally:
        page.context.close()
    check_watch(watch)


def test_first_tap_opens_second_tap_follows(browser, base_url) -> None:
    watch = Watch()
    context = browser.new_context(viewport={"width": 400, "height": 800}, has_touch=True, is_mobile=True, locale="zh-CN")
    context.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith(base_url) else (watch.external.append(r.request.url), r.abort())
    )
    page = context.new_page()
    page.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    try:
        goto(page, base_url, "briefing/topics/agents/")
        link = page.locator(".passage-cite a").first
        link.scroll_into_view_if_needed()
        link.tap()
        page.locator("#cite-preview").wait_for(state="visible")
        assert urlsplit(page.url).path.endswith("/briefing/topics/agents/")
        link.tap()
        page.wait_for_url("**/briefing/sources/**")
        assert urlsplit(page.url).fragment
    finally:
        context.close()
    check_watch(watch)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_cited_passages_are_marked_and_list_their_citers(browser, base_url, site_dir, scheme) -> None:
    data = json.loads((site_dir / "briefing" / "previews" / f"{SOURCE}.json").read_text(encoding="utf-8"))
    watch = Watch()
    page = open_page(browser, base_url, watch, color_scheme=scheme)
    try:
        goto(page, base_url, f"briefing/sources/{SOURCE}/")
        page.locator(".cited-by").first.wait_for()
        marked = page.evaluate("() => [...document.querySelectorAll('.cited-by')].map(m => m.parentElement.closest('[id]').id)")
        ids = set(page.evaluate("() => [...document.querySelectorAll('.md-content [id]')].map(n => n.id)"))
        assert sorted(marked) == sorted(a for a in data["c"] if a in ids)
        uncited = [a for a in data["p"] if a not in data["c"] and a in ids]
        assert uncited, "the seeds have passages nothing cites"
        assert page.evaluate("ids => ids.every(id => !document.getElementById(id).querySelector(':scope > .cited-by'))", uncited)
        anchor = next(a for a in data["c"] if a in ids)
        button = page.locator(f"#{anchor} .cited-by-button").first
        button.scroll_into_view_if_needed()  # focusing a button below the fold scrolls by itself
        before = layout(page)
        button.focus()
        page.keyboard.press("Enter")
        panel = page.locator(f"#cited-by-{anchor}")
        panel.wait_for(state="visible")
        assert button.get_attribute("aria-expanded") == "true"
        assert layout(page) == before, "opening the list moved the page"
        labels = panel.locator("a").all_text_contents()
        assert labels == [data["w"][n][2] for n in data["c"][anchor]]
        violations = run_axe(page, ".cited-by")
        assert not violations, _describe(violations)
        panel.locator("a").first.focus()
        page.keyboard.press("Escape")
        panel.wait_for(state="hidden")
        assert button.evaluate("b => b === document.activeElement")
        # Every listed place of every marker exists: its page, and its anchor there.
        hrefs = page.locator(".cited-by-panel a").evaluate_all("links => links.map(a => a.href)")
        wanted: dict[str, set[str]] = {}
        for href in hrefs:
            parts = urlsplit(href)
            wanted.setdefault(parts._replace(fragment="").geturl(), set()).add(unquote(parts.fragment))
        for address, fragments in wanted.items():
            goto(page, "", address)
            ids = set(page.evaluate("() => [...document.querySelectorAll('[id]')].map(n => n.id)"))
            assert fragments - {""} <= ids, (address, sorted(fragments - ids - {""}))
    finally:
        page.context.close()
    check_watch(watch)
