"""Split pages in a real browser: an old address lands on the page that holds its anchor, and the map moves between pages.

The seeds, generated with a page budget small enough to cut the timeline,
the ledger and every topic into pages, then built by MkDocs with the
plugin off (the budget is a generator setting).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browserkit import build_site, check_watch, copy_project, goto, open_page, serve


@pytest.fixture(scope="module")
def split_url(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    from generator.build import build
    from generator.core.config import Settings

    project = copy_project(tmp_path_factory.mktemp("split"))
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("  - briefing\n", "  - briefing:\n      enabled: false\n"), encoding="utf-8")
    build(Settings(root=project, page_kb=10, workers=1, cache=str(tmp_path_factory.mktemp("cache"))))
    out = build_site(project, tmp_path_factory.mktemp("site"))
    with serve(out) as url:
        yield url, project / "docs" / "briefing"


@pytest.fixture
def split_page(browser, split_url, watch):
    page = open_page(browser, split_url[0], watch)
    yield page
    page.context.close()
    check_watch(watch)


def _moved(generated: Path, first: str) -> tuple[str, str]:
    """An anchor that the anchors table places on a later page, and that page's path (generated folder)."""
    table = json.loads((generated / f"{first}.anchors.json").read_text(encoding="utf-8"))
    anchor, index = next((a, n) for a, n in sorted(table["anchors"].items()) if n >= 2 and re.match(r"(t|pred|src)-", a))
    return anchor, table["pages"][index]


@pytest.mark.parametrize("first", ["timeline", "predictions", "topics/security"])
def test_an_old_address_lands_on_the_page_holding_its_anchor(split_page, split_url, first) -> None:
    base, generated = split_url
    anchor, holder = _moved(generated, first)
    goto(split_page, base, f"briefing/{first}/#{anchor}")
    expected = f"briefing/{holder.removesuffix('.md')}/"
    split_page.wait_for_url(re.compile(re.escape(base + expected) + "#" + re.escape(anchor)), timeout=10_000)
    assert split_page.locator(f"[id='{anchor}']").count() == 1


def test_the_map_of_pages_moves_between_them(split_page, split_url) -> None:
    base, _ = split_url
    goto(split_page, base, "briefing/timeline/")
    nav = split_page.locator("nav.pg-map").first
    assert nav.locator("details.pg-list[open]").count() == 1  # page one shows every page
    assert nav.locator("a[data-pg]").count() >= 2
    nav.locator("a", has_text="下一页").first.click()
    split_page.wait_for_load_state()
    assert "第 2 / " in split_page.locator("nav.pg-map").first.inner_text()
    assert split_page.locator(".tl-entry").count() > 0
    split_page.locator("nav.pg-map").first.locator("a", has_text="上一页").first.click()
    split_page.wait_for_url(re.compile(re.escape(base + "briefing/timeline/") + "$"))


def test_an_unknown_anchor_stays_put(split_page, split_url) -> None:
    base, _ = split_url
    goto(split_page, base, "briefing/timeline/#no-such-anchor")
    split_page.wait_for_timeout(500)
    assert split_page.url.endswith("briefing/timeline/#no-such-anchor")


def test_the_topic_filter_goes_along_to_the_next_page(split_page, split_url) -> None:
    base, generated = split_url
    pages = json.loads((generated / "timeline.anchors.json").read_text(encoding="utf-8"))["pages"]
    button = 'data-topic="regulation" aria-pressed'
    n = next(n for n in range(1, len(pages)) if button in (generated / pages[n]).read_text(encoding="utf-8"))
    goto(split_page, base, f"briefing/{pages[n - 1].removesuffix('.md')}/?topic=regulation")
    split_page.locator("nav.pg-map").first.locator("a", has_text="下一页").first.click()
    expected = base + f"briefing/{pages[n].removesuffix('.md')}/?topic=regulation"
    split_page.wait_for_url(expected)
    assert split_page.locator('[data-tl-filter] button[aria-pressed="true"]').get_attribute("data-topic") == "regulation"
    shown = split_page.locator(".tl-entry:visible")
    assert shown.count() > 0
    assert all("regulation" in (shown.nth(i).get_attribute("data-topics") or "").split() for i in range(shown.count()))
