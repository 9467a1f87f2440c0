"""The home brief writer, on hand-built data, rendered with the site's Markdown extensions."""

from __future__ import annotations

import re

import markdown
import pytest

from generator.core.model import Meta, Source
from generator.site.writers.home import (
    ENTRY_TEXT_MAX,
    HOME_MAX_SOURCES,
    EntrySummary,
    HomeData,
    TopicSummary,
    as_of,
    heat_level,
    home_brief,
)


def src(slug: str, date: str, title: str = "", **meta) -> Source:
    return Source(path=f"{slug}.txt", slug=slug, meta=Meta(title=title or slug.upper(), date=date, **meta), sections=(), reader="markdown")


SOURCES = (
    src("old", "2023-12-25", "路线图", kind="技术文章", publisher="技术博客"),
    src("pod", "2026-01-31", "播客纪要", kind="播客纪要", publisher="Lex Fridman Podcast", language="en"),
    src("mit", "2026-01", "MIT科技评论", kind="杂志文章"),
    src("undated", "", "无日期"),
)
TOPICS = (
    TopicSummary(
        "regulation", "监管与政策", "各国政府如何管AI。", 37, 3, "中国市场销售额的15%要交给美国政府", "sources/mit.md", "p-15", "15%"
    ),
    TopicSummary("agents", "智能体", "从能说到能做。", 46, 2),
)
COVERAGE = {("mit", "regulation"): 11, ("pod", "regulation"): 2, ("old", "agents"): 28, ("pod", "agents"): 3}
EVENTS = (EntrySummary("2025年12月11日", "特朗普签署行政命令。", "mit", "p-1"),)
DUE = (EntrySummary("2025年", "训练成本降到几十万美元。", "old", "i-2"),)
DATA = HomeData(sources=SOURCES, topics=TOPICS, events=EVENTS, predictions_due=DUE, coverage=COVERAGE)


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list", "md_in_html", "tables"])


@pytest.fixture(scope="module")
def html() -> str:
    return render(home_brief(DATA))


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (["2026-01", "2026-01-31", "2023-12-25"], "2026-01-31"),
        (["2025", "2025-10", ""], "2025-10"),
        (["", ""], ""),
        ([], ""),
    ],
)
def test_as_of_is_the_newest_source_date(dates, expected) -> None:
    assert as_of([src(f"s{n}", d) for n, d in enumerate(dates)]) == expected


def test_first_line_states_as_of_and_what_is_covered(html) -> None:
    first = re.search(r'<p class="home-asof">(.*?)</p>', html).group(1)
    assert "<strong>资料截至 2026-01-31</strong>" in first
    assert "2023-12-25 至 2026-01-31" in first
    assert "4 篇来源" in first and "2 个专题" in first
    assert html.index("home-asof") < html.index("<h2")


def test_topic_cards_link_to_topic_pages_with_counts_and_key_figure(html) -> None:
    cards = re.search(r'<div class="grid cards home-topics">(.*?)</div>', html, re.DOTALL).group(1)
    assert '<a href="briefing/topics/regulation.md">监管与政策</a>' in cards
    assert "各国政府如何管AI。" in cards and "37 段 · 3 个来源" in cards
    assert re.search(r'<p class="home-figure">关键数字：<a href="briefing/sources/mit.md#p-15"><strong>15%</strong> 中国市场销售额', cards)
    assert cards.index("监管与政策") < cards.index("智能体"), "topics keep the given order"
    assert cards.count("home-figure") == 1, "a topic without a key figure shows none"


def test_coverage_grid_links_each_nonzero_cell_to_the_source_group_on_the_topic_page(html) -> None:
    grid = re.search(r'<div class="home-coverage">(.*?)</div>', html, re.DOTALL).group(1)
    header = re.findall(r"<th[^>]*>(.*?)</th>", grid)
    assert header == ["来源", "监管与政策", "智能体"]
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>(.*?)</tr>", grid, re.DOTALL)
    assert [r[0] for r in rows] == ["播客纪要", "MIT科技评论", "路线图", "无日期"], "rows newest source first"
    assert '<a class="heat heat-4" href="briefing/topics/agents.md#src-old">28</a>' in grid
    assert '<a class="heat heat-3" href="briefing/topics/regulation.md#src-mit">11</a>' in grid
    assert '<span class="heat heat-0">0</span>' in rows[3][1] and "<a" not in rows[3][1]
    assert grid.count("<a ") == len(COVERAGE)


@pytest.mark.parametrize(
    ("count", "peak", "level"),
    [(0, 28, 0), (1, 28, 1), (2, 28, 2), (3, 28, 2), (11, 28, 3), (16, 28, 4), (28, 28, 4), (5, 0, 0), (40, 28, 4)],
)
def test_heat_level_is_a_square_root_scale(count, peak, level) -> None:
    assert heat_level(count, peak) == level


def test_latest_events_and_due_predictions_link_to_their_passages(html) -> None:
    assert '<h2 id="最新动态">最新动态</h2>' in html or "最新动态</h2>" in html
    assert re.search(r"<strong>2025年12月11日</strong> 特朗普签署行政命令。 <a href=\"briefing/sources/mit.md#p-1\">MIT科技评论</a>", html)
    assert '<a href="briefing/timeline.md">完整时间线</a>' in html
    assert "待复核的预测</h2>" in html
    assert '<a href="briefing/sources/old.md#i-2">路线图</a>' in html
    assert '<a href="briefing/predictions.md">预测账本</a>' in html


def test_entry_may_link_to_another_page_and_long_text_is_trimmed() -> None:
    long = "很长的预测" * 40
    data = HomeData(sources=SOURCES, predictions_due=(EntrySummary("2025年", long, "old", "pred-1", page="predictions.md"),))
    out = render(home_brief(data))
    assert '<a href="briefing/predictions.md#pred-1">路线图</a>' in out
    shown = re.search(r"</strong> (.*?) <a", out).group(1)
    assert len(shown) == ENTRY_TEXT_MAX and shown.endswith("…")


def test_a_scored_ledger_without_due_predictions_shows_its_counts() -> None:
    counts = {"hit": 1, "partial": 10, "miss": 3, "pending": 26, "due": 0, "open": 47}
    out = home_brief(HomeData(sources=SOURCES, ledger=counts))
    assert "## 预测账本" in out and "待复核的预测" not in out
    assert "已评定 14 条预测：命中 1、部分命中 10、未中 3；待定 26 条，待复核 0 条，未到期 47 条。" in out
    assert "(briefing/predictions.md)" in out or "predictions.md)" in out


def test_sections_without_data_are_left_out() -> None:
    out = home_brief(HomeData(sources=SOURCES))
    for absent in ("专题", "最新动态", "待复核的预测", "覆盖矩阵", "topics/", "timeline.md", "predictions.md"):
        assert absent not in out, absent
    assert "## 来源" in out and "资料截至" in out


def test_sources_table_newest_first_with_kind_publisher_date_language(html) -> None:
    table = html[html.index("来源</h2>") :]
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", table, re.DOTALL)
    assert rows[0] == ('<a href="briefing/sources/pod.md">播客纪要</a>', "播客纪要", "Lex Fridman Podcast", "2026-01-31", "英文")
    assert [r[3] for r in rows] == ["2026-01-31", "2026-01", "2023-12-25", "未注明"]
    assert rows[1][2] == "—" and rows[1][4] == "中文"
    assert '<a href="briefing/sources/index.md">全部来源</a>' in table


def test_source_text_is_shown_as_text_never_markup() -> None:
    evil = "<script>alert(1)</script> [x](javascript:alert(2)) | *粗* <img src=x onerror=alert(3)>"
    sources = (src("evil", "2026-02", evil, kind=evil, publisher=evil),)
    data = HomeData(
        sources=sources,
        topics=(TopicSummary("t", evil, evil, 1, 1, evil, "sources/evil.md", "p-1", evil),),
        events=(EntrySummary(evil, evil, "evil", "p-1"),),
        coverage={("evil", "t"): 1},
    )
    out = render(home_brief(data))
    assert "<script" not in out and "<img" not in out and "javascript:" not in out.replace("&#91;x&#93;(javascript:alert(2))", "")
    assert not re.search(r'href="javascript:', out)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    # The pipe stays inside its cell: the sources table keeps five columns.
    table = out[out.index("来源</h2>") :]
    assert len(re.findall(r"<td>", table.split("</tr>")[1])) == 5


def test_output_does_not_depend_on_input_order() -> None:
    shuffled = HomeData(
        sources=tuple(reversed(SOURCES)),
        topics=TOPICS,
        events=EVENTS,
        predictions_due=DUE,
        coverage=dict(reversed(list(COVERAGE.items()))),
    )
    assert home_brief(shuffled) == home_brief(DATA)


def test_all_links_are_relative_to_the_home_page() -> None:
    out = home_brief(DATA)
    targets = re.findall(r"\]\(([^)\s]+)", out)
    assert targets and all(t.startswith("briefing/") and ".md" in t for t in targets), targets


def test_a_big_corpus_still_fits_one_screen() -> None:
    many = tuple(src(f"s{n:03d}", f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}") for n in range(HOME_MAX_SOURCES * 20))
    coverage = {(s.slug, "agents"): 1 + n % 4 for n, s in enumerate(many)}
    out = home_brief(HomeData(sources=many, topics=TOPICS, coverage=coverage))
    grid, table = out.split("## 覆盖矩阵")[1].split("## 来源")
    assert grid.count("\n| S") == HOME_MAX_SOURCES and f"最新的 {HOME_MAX_SOURCES} 篇（共 {len(many)} 篇）" in grid
    assert table.count("](briefing/sources/s") == HOME_MAX_SOURCES
    assert f"[全部 {len(many)} 篇来源](briefing/sources/index.md)" in table
    newest = max(many, key=lambda s: (s.meta.date, s.slug))
    assert f"](briefing/sources/{newest.slug}.md)" in table
