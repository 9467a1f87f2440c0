"""The timeline page and its machine-readable twin (`timeline.json`, TimelineJS format)."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import html
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby

from generator.core.model import Source
from generator.core.paths import link, source_page
from generator.core.text import short
from generator.dates.find import DAY, MONTH, YEAR, DateSpan
from generator.site.writers.blocks import front_matter
from generator.site.writers.markdown import Inliner, attr, escape
from generator.site.writers.paging import (
    PAGE_BYTES,
    Part,
    Piece,
    anchors_json,
    anchors_path,
    fits,
    pack,
    page_map,
    page_steps,
    parts_of,
    span_label,
)
from generator.timeline.entries import EVENT, PREDICTION, PUBLICATION, Citation, TimelineEntry, entry_key

KIND_LABELS = {EVENT: "事件", PREDICTION: "预测", PUBLICATION: "发表"}
CITE_LABELS = {EVENT: "报道", PREDICTION: "预测", PUBLICATION: "发表"}

INTRO = (
    "本页按时间顺序汇集全部来源中带日期的陈述：**事件**是来源写作之前已发生的事，"
    "**预测**是来源对其写作日期之后的判断，**发表**是来源本身的日期。"
    "日期保留原文的精度（日、月、季度、半年、年或区间）；几份来源讲同一件事时合并为一条，并列出每份来源的原话。"
    "点击来源链接可跳到原文中的位置；点击主题可只看该主题。"
)


def timeline_page(
    entries: Sequence[TimelineEntry],
    sources: Mapping[str, Source],
    topics: Mapping[str, str],
    inliner: Inliner,
    page_path: str,
    render_entry: Callable[[TimelineEntry], str] | None = None,
) -> str:
    """The whole timeline on one page (see `timeline_pages` for the arguments)."""
    return timeline_pages(entries, sources, topics, inliner, page_path, render_entry, budget=None)[0][1]


@dataclass(frozen=True, slots=True)
class _Slice:
    """Entries of one heading of the timeline, or the first or a later run of them when they are too many for a page."""

    year: int
    label: str
    anchor: str
    continued: bool  # a later run of its group: the heading says so, and its anchor is elsewhere
    opens_year: bool  # the year's first group (its first run): the year's heading and anchor go here
    entries: tuple[TimelineEntry, ...]
    texts: tuple[str, ...]


def timeline_pages(
    entries: Sequence[TimelineEntry],
    sources: Mapping[str, Source],
    topics: Mapping[str, str],
    inliner: Inliner,
    page_path: str,
    render_entry: Callable[[TimelineEntry], str] | None = None,
    budget: int | None = PAGE_BYTES,
    parts: Sequence[Part] | None = None,
) -> list[tuple[str, str]]:
    """The timeline: years, then months (or the coarser period an entry names), then entries.

    Past `budget` bytes of Markdown it is cut into pages by period: a year
    per page, or a year's months when the year alone is too big, or a
    month's entries in runs when the month is; small years share a page.
    Page one keeps the introduction; every page has the map of all pages,
    and `anchors.json` beside page one says which page holds each entry.

    Args:
        entries: merged entries (any order; sorted here by date, then id).
        sources: source slug -> Source, for titles.
        topics: topic id -> Chinese title, in display order.
        inliner: renders summaries (escaping them, linking glossary terms).
        page_path: page one's path, for relative links; the others sit beside it.
        render_entry: renders one entry, for a caller that keeps them
            between builds; `timeline_entry` by default.
        budget: bytes of Markdown per page; None: one page, whatever its size.
        parts: the pages' contents, from `timeline_parts`, for a caller that needs them too.

    Returns:
        [(path, text)]: the pages, then, if there are several, the anchors file.
    """
    parts = parts or timeline_parts(entries, sources, topics, inliner, page_path, render_entry, budget)
    head = [front_matter(title="时间线", description="全部来源中带日期的事件与预测，按时间排列。"), "# 时间线", INTRO]
    if len(parts) == 1:
        slices = [s for piece in parts[0].pieces for s in piece.items]
        body = _sections(slices)
        ordered = [e for s in slices for e in s.entries]
        return [(page_path, "\n\n".join([*head, _filter(ordered, topics), *body] + ([] if ordered else [NO_ENTRIES])) + "\n")]
    pages = []
    for index, part in enumerate(parts):
        slices = [s for piece in part.pieces for s in piece.items]
        listed = _filter([e for s in slices for e in s.entries], topics)
        if index == 0:
            top = [*head, page_map(parts, 0, "条", open_list=True), listed]
        else:
            title = f"时间线 · {part.label}"
            top = [
                front_matter(title=title, description="全部来源中带日期的事件与预测，按时间排列。"),
                f"# {escape(title)}",
                page_map(parts, index, "条"),
                listed,
            ]
        text = "\n\n".join(p for p in [*top, *_sections(slices), page_steps(parts, index)] if p) + "\n"
        pages.append((part.path, text))
    pages.append((anchors_path(page_path), anchors_json(parts)))
    return pages


NO_ENTRIES = "来源中还没有带日期的陈述。"


def timeline_parts(
    entries: Sequence[TimelineEntry],
    sources: Mapping[str, Source],
    topics: Mapping[str, str],
    inliner: Inliner,
    page_path: str,
    render_entry: Callable[[TimelineEntry], str] | None = None,
    budget: int | None = PAGE_BYTES,
) -> list[Part]:
    """The timeline's entries cut into pages by period (one page when `budget` is None or they fit)."""
    if render_entry is None:

        def render_entry(e: TimelineEntry) -> str:
            return timeline_entry(e, sources, topics, inliner, page_path)

    years = [
        (
            year,
            [
                _Slice(year, label, anchor, False, n == 0, tuple(members), tuple(render_entry(e) for e in members))
                for n, (label, anchor, members) in enumerate(groups)
            ],
        )
        for year, groups in _years(sorted(entries, key=entry_key))
    ]
    whole = [_piece(f"{year}年", str(year), slices) for year, slices in years]
    if fits(whole, budget):
        return parts_of(page_path, [whole], span_label)
    pieces: list[Piece] = []
    for piece, (_, slices) in zip(whole, years, strict=True):
        if piece.size <= budget:
            pieces.append(piece)
            continue
        for group in slices:
            pieces.extend(_runs(group, budget))
    return parts_of(page_path, pack(pieces, budget), span_label)


def _piece(label: str, key: str, slices: Sequence[_Slice]) -> Piece:
    """Slices as one piece: its text only measures it, `_sections` lays it out on its page."""
    anchors = [f"tl-{slices[0].year}"] if slices and slices[0].opens_year else []
    for s in slices:
        anchors += [] if s.continued else [s.anchor]
        anchors += [e.id for e in s.entries]
    return Piece(
        "\n\n".join(t for s in slices for t in s.texts), tuple(anchors), label, sum(len(s.entries) for s in slices), key, tuple(slices)
    )


def _runs(group: _Slice, budget: int) -> list[Piece]:
    """One group of entries as pieces: whole, or in runs of at most `budget` bytes when it is bigger."""
    key = group.anchor.removeprefix("tl-")
    single = _piece(group.label, key, [group])
    if single.size <= budget:
        return [single]
    entries = [Piece(text, count=1, items=(e,)) for e, text in zip(group.entries, group.texts, strict=True)]
    out = []
    for n, run in enumerate(pack(entries, budget), 1):
        part = dataclasses.replace(
            group,
            continued=n > 1,
            opens_year=group.opens_year and n == 1,
            entries=tuple(p.items[0] for p in run),
            texts=tuple(p.text for p in run),
        )
        out.append(_piece(group.label if n == 1 else f"{group.label}（{n}）", key if n == 1 else f"{key}-{n}", [part]))
    return out


def _sections(slices: Sequence[_Slice]) -> list[str]:
    """Slices as year sections holding group sections; a year or group begun on an earlier page is marked 续."""
    parts: list[str] = []
    for year, run in groupby(slices, key=lambda s: s.year):
        run = list(run)
        first = run[0]
        heading = f"## {year}年 {{ #tl-{year} }}" if first.opens_year else f"## {year}年（续） {{ #tl-{year}-more }}"
        parts.append(f'<section class="tl-year" markdown>\n\n{heading}\n\n<div class="timeline" markdown>')
        for s in run:
            title = (
                f"### {escape(s.label)} {{ #{s.anchor} .tl-group-title }}"
                if not s.continued
                else f"### {escape(s.label)}（续） {{ #{s.anchor}-more .tl-group-title }}"
            )
            parts.append(f'<section class="tl-group" markdown>\n\n{title}')
            parts.extend(s.texts)
            parts.append("</section>")
        parts.append("</div>\n\n</section>")
    return parts


def _filter(entries: Sequence[TimelineEntry], topics: Mapping[str, str]) -> str:
    """Topic buttons; hidden until the script shows them, so without JS nothing is filtered away."""
    used = {t for e in entries for t in e.topics}
    present = [t for t in topics if t in used]
    if not present:
        return ""
    buttons = ['<button type="button" class="tl-filter-button" data-topic="" aria-pressed="true">全部</button>']
    buttons += [
        f'<button type="button" class="tl-filter-button" data-topic="{attr(t)}" aria-pressed="false">{escape(topics[t])}</button>'
        for t in present
    ]
    return (
        '<nav class="tl-filter" data-tl-filter hidden aria-label="按主题筛选">\n<span class="tl-filter-label">主题：</span>\n'
        + "\n".join(buttons)
        + "\n</nav>"
    )


def _years(entries: Sequence[TimelineEntry]) -> list[tuple[int, list[tuple[str, str, list[TimelineEntry]]]]]:
    """Entries grouped by the year they start in, then by month or by their coarser period."""
    years: dict[int, dict[tuple, tuple[str, str, list[TimelineEntry]]]] = {}
    for e in entries:
        key, label, anchor = _group(e.date)
        groups = years.setdefault(e.date.start.year, {})
        groups.setdefault(key, (label, anchor, []))[2].append(e)
    return [(year, [groups[k] for k in sorted(groups)]) for year, groups in sorted(years.items())]


def _group(date: DateSpan) -> tuple[tuple, str, str]:
    """(sort key, heading, anchor): day and month entries share their month;
    coarser ones (a year, a quarter, `2024年底`) form a group of their own,
    placed by their start and longest first."""
    s = date.start
    if date.granularity in (DAY, MONTH):
        first = s.replace(day=1)
        return (first, -_month_end(first).toordinal()), f"{s.year}年{s.month}月", f"tl-{s.year}-{s.month:02d}"
    if date.granularity == YEAR:
        # Not `tl-<year>`: that is the year's heading, which the whole-year group sits under.
        return (s, -date.end.toordinal()), f"{s.year}年（全年）", f"tl-{s.year}-year"
    return (s, -date.end.toordinal()), date.label, "tl-" + date.iso.lower().replace("/", "--")


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def timeline_entry(e: TimelineEntry, sources: Mapping[str, Source], topics: Mapping[str, str], inliner: Inliner, page_path: str) -> str:
    """One entry: date and kind badges, summary, citations, topic chips."""
    kinds = sorted({c.kind for c in e.sources}, key=list(KIND_LABELS).index)
    head = f'<span class="tl-date">{escape(e.date.label)}</span> ' + " ".join(
        f'<span class="tl-kind tl-kind-{k}">{KIND_LABELS[k]}</span>' for k in ([e.kind] + [k for k in kinds if k != e.kind])
    )
    if e.context and e.kind != PUBLICATION:
        head += f' <span class="tl-context">{escape(e.context)}</span>'
    lines = [
        f'<div class="tl-entry tl-{e.kind}" id="{e.id}" data-topics="{attr(" ".join(e.topics))}" data-kind="{e.kind}" markdown>',
        head,
        inliner.text(e.summary),
    ]
    if e.note:
        lines.append(f"{escape(e.note)}\n{{: .tl-note }}")
    lines.append(_citations(e, sources, inliner, page_path))
    if e.topics:
        chips = " ".join(f'<span class="tl-topic" data-topic="{attr(t)}">{escape(topics.get(t, t))}</span>' for t in e.topics)
        lines.append(f'<p class="tl-topics">{chips}</p>')
    lines.append("</div>")
    return "\n\n".join(lines)


def _cite_link(c: Citation, sources: Mapping[str, Source], page_path: str) -> str:
    source = sources.get(c.source)
    title = (source.meta.title or source.path) if source else c.title
    byline = f" · {escape(c.author)}" if c.author else ""
    return f"[{escape(title)}]({link(page_path, source_page(c.source), c.anchor)}){byline}"


def _citations(e: TimelineEntry, sources: Mapping[str, Source], inliner: Inliner, page_path: str) -> str:
    if len(e.sources) == 1:
        return f"来源：{_cite_link(e.sources[0], sources, page_path)}\n{{: .tl-cite }}"
    items = []
    for c in e.sources[:MAX_CITATIONS]:
        said = f"{CITE_LABELS[c.kind]}（{escape(c.date.label)}）"
        items.append(f"- {_cite_link(c, sources, page_path)}：{said}“{inliner.text(c.text)}”")
    more = len(e.sources) - MAX_CITATIONS
    rest = f"\n\n另有 {more} 份来源讲到同一件事，见各来源页。\n{{: .tl-cite-more }}" if more > 0 else ""
    return '<div class="tl-cite tl-cite-many" markdown>\n\n' + "\n".join(items) + rest + "\n\n</div>"


# Quoted citations of one entry: a syndicated event merged from thousands of sources
# once made one entry 1.5 MB. The rest are on their source pages and in search.
MAX_CITATIONS = 50


# --- timeline.json ------------------------------------------------------------


def timeline_json(
    entries: Sequence[TimelineEntry], topics: Mapping[str, str] | None = None, event: Callable[[TimelineEntry], str] | None = None
) -> str:
    """The entries in TimelineJS's JSON format, with our own fields added.

    TimelineJS reads `events` (`start_date`, `end_date`, `text`, `group`,
    `unique_id`, `display_date`); the extra fields `kind`, `granularity`,
    `date`, `topics`, `sources` and `anchors` serve other tools. `text`
    fields are HTML-escaped because TimelineJS renders them as HTML.
    Anchors are passage ids (`<source slug>/<anchor>`).

    Args:
        event: an entry's `event_json` with these `topics`, when the caller keeps them between builds.
    """
    topics = topics or {}
    event = event or (lambda e: event_json(e, topics))
    title = {"text": {"headline": "AI 时间线", "text": html.escape("全部来源中带日期的事件、预测与发表日期。")}}
    # The document `{"title": ..., "events": [...]}` written piece by piece: the same bytes as
    # one `json.dumps` of it, and an unchanged entry's event is not encoded again.
    events = ",".join(event(e) for e in sorted(entries, key=entry_key))
    return f'{{"title":{_dumps(title)},"events":[{events}]}}\n'


def event_json(e: TimelineEntry, topics: Mapping[str, str]) -> str:
    """One entry's event in `timeline_json` (topics: topic id -> title)."""
    return _dumps(_event(e, topics))


def _dumps(value: object) -> str:
    # Compact: the C encoder (`indent` falls back to pure Python, slow on big corpora).
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _event(e: TimelineEntry, topics: Mapping[str, str]) -> dict:
    d = e.date
    event: dict = {"unique_id": e.id, "start_date": _date(d.start, d.granularity, d.label)}
    if d.granularity not in (DAY, MONTH, YEAR):
        aligned = YEAR if (d.start.month, d.start.day, d.end.month, d.end.day) == (1, 1, 12, 31) else MONTH
        event["start_date"] = _date(d.start, aligned if d.start.day == 1 else DAY, d.label)
        event["end_date"] = _date(d.end, aligned if d.end == _month_end(d.end) and d.start.day == 1 else DAY, "")
    event["display_date"] = d.label
    event["text"] = {"headline": html.escape(short(e.summary, 60)), "text": html.escape(e.summary)}
    if e.topics:
        event["group"] = topics.get(e.topics[0], e.topics[0])
    event.update(
        kind=e.kind,
        granularity=d.granularity,
        date=d.iso,
        topics=list(e.topics),
        sources=[
            {"slug": c.source, "title": c.title, "anchor": c.anchor, "kind": c.kind, "date": c.date.iso, "author": c.author, "text": c.text}
            for c in e.sources
        ],
        anchors=[f"{c.source}/{c.anchor}" if c.anchor else c.source for c in e.sources],
    )
    return event


def _date(day: dt.date, granularity: str, display: str) -> dict:
    out: dict = {"year": day.year}
    if granularity != YEAR:
        out["month"] = day.month
    if granularity == DAY:
        out["day"] = day.day
    if display:
        out["display_date"] = display
    return out
