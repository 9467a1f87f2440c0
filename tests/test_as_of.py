"""Every generated page says how current it is: the newest source date, never the clock."""

from __future__ import annotations

import markdown

from generator.core.paths import HOME_BRIEF
from generator.site.pipeline import iter_pages
from generator.site.writers.stamp import as_of_note, stamped


def newest(site) -> str:
    return max(s.meta.date for s in site.sources if s.meta.date)


def test_every_generated_page_ends_with_the_newest_source_date(seed_site) -> None:
    pages = dict(iter_pages(seed_site))
    note = as_of_note(newest(seed_site))
    md = {path: text for path, text in pages.items() if path.endswith(".md") and path != HOME_BRIEF}
    assert len(md) > 10
    assert [path for path, text in md.items() if not text.rstrip().endswith(note)] == []
    # The home brief carries the same date in its own first line.
    assert f"资料截至 {newest(seed_site)}" in pages[HOME_BRIEF].replace("*", "")


def test_the_note_renders_as_one_ignored_paragraph() -> None:
    html = markdown.markdown(stamped("# 页\n\n正文", "2026-01-31"), extensions=["attr_list"])
    assert '<p class="briefing-asof" data-pagefind-ignore="all">资料截至 <strong>2026-01-31</strong>（依据来源日期）</p>' in html


def test_undated_sources_say_so() -> None:
    assert as_of_note("").startswith("资料日期未注明")


def test_a_hostile_date_is_text() -> None:
    assert "<b>" not in as_of_note("<b>2026</b>")
