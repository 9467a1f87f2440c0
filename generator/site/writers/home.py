"""The home brief, included under the hand-written intro of docs/index.md.

One screen that tells a reader whether the briefing is worth their time:
what it covers and how current it is, the topics with a number each, the
latest events, the predictions due for review, the sources, and a grid of
how much each source gives each topic. Pure: `HomeData` in, Markdown out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from generator.core.model import Source
from generator.core.paths import HOME_PAGE, PREDICTIONS, SOURCES_INDEX, TIMELINE, link, source_page, topic_page
from generator.core.text import short
from generator.site.writers.markdown import escape
from generator.site.writers.source import display_title, kind_label, language_label
from generator.site.writers.topic import source_anchor

HEAT_LEVELS = 4  # CSS classes heat-1 .. heat-4 in docs/stylesheets/home.css
ENTRY_TEXT_MAX = 90  # characters of an event or prediction shown on the home page
GRID_TITLE_MAX = 18  # characters of a source title in the coverage grid's row header


@dataclass(frozen=True, slots=True)
class TopicSummary:
    """One topic as the home page shows it.

    Attributes:
        id: topic id; its page is `paths.topic_page(id)`, with one `src-<slug>`
            anchor per source group (the coverage grid links there).
        passages: passages the topic gathers; sources: how many sources give them.
        figure_label: the topic's most notable key figure, as a short clause
            ('' when the topic has none).
        figure_link_page: generated page that cites the figure (usually a
            source page); figure_anchor: the passage anchor on that page.
        figure_value: the figure itself (`1.4万亿美元`), shown in bold.
    """

    id: str
    title: str
    summary: str
    passages: int
    sources: int
    figure_label: str = ""
    figure_link_page: str = ""
    figure_anchor: str = ""
    figure_value: str = ""


@dataclass(frozen=True, slots=True)
class EntrySummary:
    """A timeline event or a prediction, one line on the home page.

    Attributes:
        date_label: the date as readers see it (`2026年1月`).
        text: plain text, trimmed to `ENTRY_TEXT_MAX` characters here.
        source_slug: the source that states it.
        anchor: the passage anchor on `page`.
        page: generated page the link goes to; '' means the source's page.
    """

    date_label: str
    text: str
    source_slug: str
    anchor: str = ""
    page: str = ""


@dataclass(frozen=True, slots=True)
class HomeData:
    """Everything the home brief shows, already ordered by the pipeline.

    Attributes:
        sources: every source (the table sorts them newest first).
        topics: in display order; empty hides the topic and coverage sections.
        events: the latest timeline events, newest first; empty hides the section.
        predictions_due: predictions due for review; empty hides the section.
        coverage: (source slug, topic id) -> passages that source gives that topic.
        ledger: prediction status -> count, as the predictions ledger counts
            them (`ledger.status_counts`); shown in one line when any is scored.
        feeds: the whole-site feeds to link under the sources; empty (no
            `site_url`, so no feeds) shows none.
    """

    sources: Sequence[Source]
    topics: Sequence[TopicSummary] = ()
    events: Sequence[EntrySummary] = ()
    predictions_due: Sequence[EntrySummary] = ()
    coverage: Mapping[tuple[str, str], int] = field(default_factory=dict)
    ledger: Mapping[str, int] = field(default_factory=dict)
    feeds: Sequence[tuple[str, str]] = ()  # (path inside the generated folder, label): the whole-site feeds
    group_pages: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (slug, topic id) -> page of a split topic holding the group


def as_of(sources: Sequence[Source]) -> str:
    """The newest source date: what the briefing is current to."""
    dates = sorted(s.meta.date for s in sources if s.meta.date)
    return dates[-1] if dates else ""


HOME_MAX_SOURCES = 12  # rows of the coverage grid and the sources table


def home_brief(data: HomeData) -> str:
    """Markdown for the home page body (links relative to docs/index.md)."""
    sources = newest_first(data.sources)
    titles = {s.slug: display_title(s) for s in sources}
    # One screen: a big corpus shows its newest sources, the index lists the rest.
    latest = sources[:HOME_MAX_SOURCES]
    parts = [
        _overview(data, sources),
        _topics(data.topics),
        _entries(data, titles),
        _coverage(data, latest, len(sources)),
        _sources_table(latest, len(sources)),
        _feeds(data.feeds),
    ]
    return "\n\n".join(p for p in parts if p) + "\n"


def newest_first(sources: Sequence[Source]) -> list[Source]:
    """Sources by date, newest first; undated last, then by slug for a stable order."""
    return sorted(sources, key=lambda s: (s.meta.date or "0000", s.slug), reverse=True)


def heat_level(count: int, peak: int) -> int:
    """Intensity class 0..HEAT_LEVELS of a coverage count, relative to the largest count.

    On a square-root scale: counts are skewed (one long transcript gives a
    topic thirty passages, an article three), and a linear scale would
    paint every small source the same pale shade.
    """
    if count <= 0 or peak <= 0:
        return 0
    return max(1, min(HEAT_LEVELS, math.ceil(HEAT_LEVELS * math.sqrt(count / peak))))


def _overview(data: HomeData, sources: Sequence[Source]) -> str:
    """The as-of date and one sentence on what the briefing covers."""
    dated = sorted(s.meta.date for s in sources if s.meta.date)
    kinds = list(dict.fromkeys(kind_label(s) for s in sources))
    span = f" {escape(dated[0])} 至 {escape(dated[-1])} 的" if len(dated) > 1 else ""
    text = f"本简报汇集{span} {len(sources)} 篇来源（{escape('、'.join(kinds))}）"
    if data.topics:
        text += f"，归入 {len(data.topics)} 个专题"
    lead = f"**资料截至 {escape(dated[-1])}**" if dated else "**资料日期未注明**"
    return f"{lead} · {text}。\n{{: .home-asof }}"


def _topics(topics: Sequence[TopicSummary]) -> str:
    if not topics:
        return ""
    cards = [_topic_card(t) for t in topics]
    return '## 专题\n\n<div class="grid cards home-topics" markdown>\n\n' + "\n\n".join(cards) + "\n\n</div>"


def _topic_card(t: TopicSummary) -> str:
    lines = [
        f"-   **[{escape(t.title)}]({link(HOME_PAGE, topic_page(t.id))})**",
        f"    {escape(t.summary)}",
        f'    <span class="home-count">{t.passages} 段 · {t.sources} 个来源</span>',
    ]
    if t.figure_label or t.figure_value:
        target = link(HOME_PAGE, t.figure_link_page, t.figure_anchor)
        value = f"**{escape(t.figure_value)}** " if t.figure_value else ""
        lines.append(f"    关键数字：[{value}{escape(t.figure_label)}]({target})\n    {{: .home-figure }}")
    # A blank line between parts makes each its own paragraph inside the card.
    return "\n\n".join(lines)


def _entries(data: HomeData, titles: Mapping[str, str]) -> str:
    """Latest events and predictions due for review, side by side."""
    columns = []
    if data.events:
        columns.append(_entry_list("最新动态", data.events, titles, f"[完整时间线]({link(HOME_PAGE, TIMELINE)})"))
    ledger = f"[预测账本]({link(HOME_PAGE, PREDICTIONS)})"
    if data.predictions_due:
        columns.append(_entry_list("待复核的预测", data.predictions_due, titles, ledger))
    elif _scored(data.ledger):
        columns.append(f"## 预测账本\n\n{_ledger_line(data.ledger)}\n\n{ledger} →")
    if not columns:
        return ""
    inner = "\n\n".join(f'<div class="home-column" markdown>\n\n{c}\n\n</div>' for c in columns)
    return f'<div class="home-columns" markdown>\n\n{inner}\n\n</div>'


def _scored(counts: Mapping[str, int]) -> int:
    return sum(counts.get(s, 0) for s in ("hit", "partial", "miss", "pending"))


def _ledger_line(counts: Mapping[str, int]) -> str:
    """The ledger's counts in one sentence, the same numbers as the ledger page's."""
    graded = sum(counts.get(s, 0) for s in ("hit", "partial", "miss"))
    return (f"已评定 {graded} 条预测：命中 {counts.get('hit', 0)}、部分命中 {counts.get('partial', 0)}、未中 {counts.get('miss', 0)}；"
            f"待定 {counts.get('pending', 0)} 条，待复核 {counts.get('due', 0)} 条，未到期 {counts.get('open', 0)} 条。")


def _entry_list(heading: str, entries: Sequence[EntrySummary], titles: Mapping[str, str], more: str) -> str:
    lines = [f"## {heading}", ""]
    for e in entries:
        target = link(HOME_PAGE, e.page or source_page(e.source_slug), e.anchor)
        where = escape(short(titles.get(e.source_slug, e.source_slug), GRID_TITLE_MAX))
        lines.append(f"- **{escape(e.date_label)}** {escape(short(e.text, ENTRY_TEXT_MAX))} [{where}]({target})")
    lines += ["", f"{more} →"]
    return "\n".join(lines)


def _coverage(data: HomeData, sources: Sequence[Source], total: int) -> str:
    """Sources by topics: passages per cell, shaded by intensity, each cell linking to its excerpts."""
    if not data.topics or not sources:
        return ""
    peak = max(data.coverage.values(), default=0)
    header = "| 来源 | " + " | ".join(escape(t.title) for t in data.topics) + " |"
    rule = "|---|" + "---:|" * len(data.topics)
    rows = [header, rule]
    for s in sources:
        cells = [_heat_cell(s.slug, t.id, data.coverage.get((s.slug, t.id), 0), peak, data.group_pages.get((s.slug, t.id)))
                 for t in data.topics]
        rows.append(f"| {escape(short(display_title(s), GRID_TITLE_MAX))} | " + " | ".join(cells) + " |")
    intro = "每格是该来源归入该专题的段落数，颜色越深越多；点击数字查看这些段落。"
    if total > len(sources):
        intro += f"此处列出最新的 {len(sources)} 篇（共 {total} 篇）。"
    return f'## 覆盖矩阵\n\n{intro}\n\n<div class="home-coverage" markdown>\n\n' + "\n".join(rows) + "\n\n</div>"


def _heat_cell(slug: str, topic_id: str, count: int, peak: int, page: str | None = None) -> str:
    level = heat_level(count, peak)
    if not level:
        return '<span class="heat heat-0">0</span>'
    target = link(HOME_PAGE, page or topic_page(topic_id), source_anchor(slug))
    return f"[{count}]({target}){{ .heat .heat-{level} }}"


def _feeds(feeds: Sequence[tuple[str, str]]) -> str:
    if not feeds:
        return ""
    links = " · ".join(f"[{escape(label)}]({link(HOME_PAGE, path)})" for path, label in feeds)
    return f"订阅更新（新来源、时间线条目、预测评定）：{links}\n{{: .home-feeds }}"


def _sources_table(sources: Sequence[Source], total: int) -> str:
    lines = ["## 来源", "", "| 标题 | 类型 | 出处 | 日期 | 语言 |", "|---|---|---|---|---|"]
    for s in sources:
        title = f"[{escape(display_title(s))}]({link(HOME_PAGE, source_page(s.slug))})"
        lang = language_label(s.meta.language)
        lines.append(
            f"| {title} | {escape(kind_label(s))} | {escape(s.meta.publisher) or '—'} | {escape(s.meta.date) or '未注明'} | {escape(lang)} |"
        )
    label = f"全部 {total} 篇来源" if total > len(sources) else "全部来源"
    lines += ["", f"[{label}]({link(HOME_PAGE, SOURCES_INDEX)}) →"]
    return "\n".join(lines)
