"""Passages -> dated timeline entries; merging across sources; predictions.

What counts as an entry: a statement about its date (an event, a release,
a law, a deal, a concrete forecast). Each date expression of a passage is
a candidate; it gives no entry when it is

* a baseline (`比2024年快`, `而2022年只有50%`, `从2023年的3.9万美元`), or
  sits in a background statistic: a sentence that compares quantities
  across dates (a baseline with a figure, or figures under two or more
  years) names its years as measurements, not as events, and gives no
  entry at all;
* in a question, in a sentence about the text itself (`本文…`, `探讨…`,
  `In this post`, an episode's description), or in a lead-in to a list
  (`…体现在以下几个方面：`);
* all there is: the passage without its dates is empty or only a label
  (`2月15日。`, `2024年。`, `年初。`). Such a passage is reported as a
  notice unless it is a list parent whose items take its date.

Several dates in one sentence are split: each date that survives the
rules above gets its own entry, whose headline is the run of whole clauses
from its clause up to the next date's clause (see `headlines`). Two
dates of one clause give one entry, dated by the first (the event it
reports); a deadline (`到2030年`) in the same clause is a second entry
only when it is a forecast.

Kind: `prediction` when the period starts after the source's date,
`event` when it ended before (a past statement is never a prediction);
for a period around the source's date the wording decides (将, 预计,
有望, 可能, 计划; will, expected to, plans to, is set to...). Each source
also gets a `publication` entry.

Years come from the structure before the source's date (see
`dates.find`): a list item's parents and a table row are one text with
the item; a `## 2024` heading (or `2023年关键突破`) is the anchor of its
section and the sections under it; a year stated in earlier text of the
document is used only when the source has no date.

A list item without a date of its own takes its parent's date when the
parent is only a date or a short label (`- 2月15日：` over `- 谷歌发布…`);
deeper items are details of that entry, not entries. Enumerations under a
dated lead take its date: the `2024: 稀疏激活成为标准` heading and its
bullet points, or `团队给出了10个2026年的AI预测` and the ten numbered
paragraphs after it. Each point becomes its own entry, so a curator can
score each prediction on its own. A forecast point under a year-and-theme
heading that names nothing checkable (no named actor, figure or quoted
term: `AI系统将能提出可测试的科学假设`, see `statements.concrete`) is
`ledger_only`: it stays on the predictions ledger, where a curator scores
it, and off the timeline page (`timeline_entries`). Points of a list the
text announces as predictions all stay: each is a forecast its authors
chose to state. A table row's headline is its cells
without the date cell and without the headers.

A top-level item under a heading that states its year (`### 2023年关键突破`)
is an entry of that year when it names something checkable
(`statements.concrete`) and is not a technique's capability
(`量化技术使…成为可能`, `statements.capability`).

A headline whose clauses name no actor takes the one an earlier clause of
its section opens on (`英国：2025年推出AI机遇行动计划。`, `他们发布了V3` ->
`DeepSeek发布了V3`; see `subjects`).

Relative words count from the source's date unless curated otherwise: a
text written in December and published in January says 明年 for the year
of its publication. `extract_entries` takes such readings as
`relative_years`, or else from `source.meta.relative_years` (pairs such as
`(("明年", 2026),)`) when the model carries that curated field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from generator.core.errors import BriefingError
from generator.core.ids import IdAllocator, content_hash
from generator.core.model import LIST, TABLE, Passage, Section, Source, plain
from generator.dates.find import HALF, MONTH, QUARTER, DateMatch, DateSpan, find_dates, parse_iso, speaks_of_future, year_span
from generator.timeline.headlines import ENUMERATION, is_latin, sentence_bounds, summary_of, tidy
from generator.timeline.ledger import Prediction, Verdict, load_verdicts  # re-exported: the ledger's public names
from generator.timeline.merge import same_event_groups
from generator.timeline.model import EVENT, KINDS, PREDICTION, PUBLICATION, Citation, TimelineEntry
from generator.timeline.statements import QUESTION, capability, clause_at, concrete, statements
from generator.timeline.subjects import with_subject

_HEADING = re.compile(r"^\s*((?:19|20)\d\d)\s*年?\s*[:：]\s*(\S.{0,40})$")
_BARE_YEAR = re.compile(r"^\s*(?:19|20)\d\d\s*年?\s*(?:[:：]\s*)?$")
_ENUMERATED = ENUMERATION
_ANNOUNCES_PREDICTIONS = re.compile(r"预测|预言|predictions?|forecasts?", re.IGNORECASE)
_DATE_FIELD = re.compile(r"^\s*(?:日期|时间|发布时间|更新时间|date|when|published|updated)\s*[:：]?\s*$", re.IGNORECASE)
_NEXT_FIELD = re.compile(r"^\s*[|｜·,，;；]?\s*[^\s:：。，,]{1,8}\s*[:：]")
_FIELD_LINE = re.compile(r"^[\s·|｜,，;；]*(?:[^\s:：。，,！？!?]{1,8}\s*[:：][\s·|｜,，;；]*)+$")
# What is left of a passage once its dates are gone, when it is only a label.
_LABEL_ONLY = re.compile(
    r"^[\s\W_]*(?:(?:在|于|到|至|从|自|截至|早在|时间|日期|年份|月份|季度|date|when|in|on|by|the|of)[\s\W_]*)*$", re.IGNORECASE
)
# A short label a date-only parent may carry for its items (`2024: 稀疏激活成为标准`).
MAX_LABEL = 12
# Characters of a section's earlier text kept for its headlines' actors: `subjects.REACH` clauses and more.
_SAID = 2000
# Words of a past statement: Chinese aspect marks, English past forms.
_PAST = re.compile(
    r"了|已|曾|过(?![程去度渡])|(?<![A-Za-z])(?:was|were|had|did|\w{2,}ed|began|became|saw|took|made|won|led|grew|fell|rose|sold|bought|got)(?![A-Za-z])",
    re.IGNORECASE,
)
# Relative years a headline writes out.
_RELATIVE_YEAR = re.compile(r"^(?:去|今|明|后)年")
# Relative words that look ahead from the writer's day, whatever the period.
_AHEAD = re.compile(r"^(?:明年|后年|未来|今后|接下来)")


def source_date(source: Source) -> DateSpan | None:
    """The source's own date (`meta.date`: ISO, possibly `YYYY-MM` or empty).

    Raises:
        BriefingError: the date is not ISO.
    """
    if not source.meta.date:
        return None
    try:
        return parse_iso(source.meta.date)
    except BriefingError as err:
        raise BriefingError(err.message, source.path, 0, "date") from None


def classify(date: DateSpan, made: DateSpan | None, future_words: bool, text: str = "") -> str:
    """`prediction` when the period starts after the source's date, `event`
    when it ended before; for a period around the source's date the wording
    decides: future words make a prediction; without them, a month, quarter
    or half-year mostly still ahead of the source's date (`第二季度：发布多语种版本` written on
    April 8) is a prediction unless `text` speaks of the past (了, 已; -ed)."""
    if made is not None and date.start > made.end:
        return PREDICTION
    if made is not None and date.end < made.start:
        return EVENT
    if future_words:
        return PREDICTION
    # Not a whole year: `2026年，…依然活跃` written in January describes the present.
    ahead = made is not None and (date.end - made.end) > (made.start - date.start)
    if ahead and text and date.granularity in (MONTH, QUARTER, HALF) and not _PAST.search(text):
        return PREDICTION
    return EVENT


def extract_entries(
    source: Source,
    passages: Sequence[Passage],
    topics_of: Callable[[str], tuple[str, ...]],
    relative_years: Mapping[str, int] | None = None,
) -> tuple[list[TimelineEntry], list[BriefingError]]:
    """The dated statements of one source.

    Args:
        source: the source, whose `meta.date` dates it.
        passages: its passages in document order.
        topics_of: topic ids of a passage, given the passage id.
        relative_years: curated readings of relative words (`{"明年": 2026}`)
            for a text written before it was published.

    Returns:
        (entries in document order, problems): a problem is a date that
        needs a source date the source lacks, or a passage that is only a
        date; it is reported, not guessed.
    """
    made = source_date(source)
    if relative_years is None:
        # Curated in seeds/sources.yml, when Meta carries it (module docstring).
        relative_years = dict(getattr(source.meta, "relative_years", ()))
    ctx = _Context(source, made, topics_of, relative_years, IdAllocator())
    entries = [_publication(source, made, ctx)] if made else []
    sections = {s.id: s for s in source.sections}
    anchors, titled = _heading_years(source, ctx)
    units = _units(source)
    carried: int | None = None  # the last year stated in earlier text (used only without a source date)
    leads = _leads(passages, ctx)
    labels: dict[str, BriefingError] = {}  # date-only passages, until an item takes their date
    said: dict[str, str] = {}  # per section, its title and text so far: where a headline's actor is named
    for p in passages:
        section = sections.get(p.section)
        before = said.get(p.section, p.section_title + "。")
        said[p.section] = f"{before}{_scan_text(p, units.get(p.anchor))}。"[-_SAID:]
        lead = leads.get(p.id)
        if lead == "":
            continue  # a lead whose date its points carry
        anchor = lead[0].start.year if lead and lead[0].start.year == lead[0].end.year else anchors.get(p.section)
        unit = units.get(p.anchor)
        found, year = _from_passage(p, section, unit, anchor, carried, ctx, labels, titled.get(p.section), before)
        if year is not None and not lead:
            carried = year
        if not found and lead:
            found = [_inherited(p, section, lead, ctx)]
        entries.extend(found)
    ctx.problems.extend(labels.values())
    ctx.problems.sort(key=lambda e: e.line)
    return entries, ctx.problems


@dataclass(slots=True)
class _Context:
    source: Source
    made: DateSpan | None
    topics_of: Callable[[str], tuple[str, ...]]
    relative: Mapping[str, int]
    ids: IdAllocator
    problems: list[BriefingError] = field(default_factory=list)

    def find(self, text: str, year: int | None, carried: int | None = None) -> list[DateMatch]:
        return find_dates(text, anchor_year=year, source_date=self.made, relative_years=self.relative, carried_year=carried)

    def entry(
        self, p: Passage, section: Section | None, date: DateSpan, summary: str, kind: str, context: str = "", said: str = ""
    ) -> TimelineEntry:
        """An entry headed `summary`; its citation keeps the source's words `said` (default: the summary)."""
        title = self.source.meta.title or self.source.path
        cite = Citation(self.source.slug, p.anchor, title, said or summary, kind, date, _author(self.source, section), p.line)
        base = f"t-{content_hash(f'{date.iso}|{self.source.slug}|{summary}')}"
        return TimelineEntry(self.ids.take(base), date, summary, kind, (cite,), tuple(self.topics_of(p.id)), context or p.section_title)

    def notice(self, p: Passage, message: str) -> BriefingError:
        return BriefingError(message, self.source.path, p.line)


def _author(source: Source, section: Section | None) -> str:
    if section is not None and section.signature:
        return section.signature
    return "、".join(source.meta.authors) or source.meta.publisher


def _publication(source: Source, made: DateSpan, ctx: _Context) -> TimelineEntry:
    title = source.meta.title or source.path
    summary = f"《{title}》发表"
    cite = Citation(source.slug, "", title, summary, PUBLICATION, made, _author(source, None))
    return TimelineEntry(
        ctx.ids.take(f"t-{content_hash(f'{made.iso}|{source.slug}|publication')}"),
        made,
        summary,
        PUBLICATION,
        (cite,),
        note=source.meta.date_note,
    )


# --- structure: heading years, list parents, table rows -------------------------


@dataclass(frozen=True, slots=True)
class _Unit:
    """Where a passage sits: a list item's own text and its parents', or a row's cells."""

    own: str = ""
    parents: tuple[tuple[str, str], ...] = ()  # (anchor, text), outermost first
    cells: tuple[str, ...] = ()


def _units(source: Source) -> dict[str, _Unit]:
    out: dict[str, _Unit] = {}
    for _, block in source.blocks():
        if block.kind == LIST:
            chain: list[tuple[int, str, str]] = []
            for item in block.items:
                chain = [c for c in chain if c[0] < item.depth]
                out[item.id] = _Unit(own=item.text.strip(), parents=tuple((a, t) for _, a, t in chain))
                chain.append((item.depth, item.id, item.text.strip()))
        elif block.kind == TABLE:
            for item in block.items:
                # A line break inside a cell (`<br>`) separates two remarks.
                cells = tuple(_one_line(plain(c)) for c in item.cells) or (_one_line(item.text),)
                out[item.id] = _Unit(cells=cells)
    return out


def _one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", "; " if is_latin(text) else "，", text.strip())


def _heading_years(source: Source, ctx: _Context) -> tuple[dict[str, int], dict[str, int]]:
    """The year each section's heading, or a heading above it, states
    (`## 2024`, `### 2023年关键突破`): the anchor of its yearless dates;
    and the year a section's own heading (below the page title) states,
    which dates its undated top-level list items."""
    out: dict[str, int] = {}
    own: dict[str, int] = {}
    stack: list[tuple[int, int | None]] = []
    for section in source.sections:
        stack = [s for s in stack if s[0] < section.level]
        year = _title_year(section.title, ctx)
        if year is not None and section.level >= 2:
            own[section.id] = year
        stack.append((section.level, year))
        inherited = next((y for _, y in reversed(stack) if y is not None), None)
        if inherited is not None:
            out[section.id] = inherited
    return out, own


def _title_year(title: str, ctx: _Context) -> int | None:
    if not title:
        return None
    if _BARE_YEAR.match(title):
        return int(title.strip()[:4])
    years = [m.sets_year for m in ctx.find(title, None) if m.sets_year]
    return years[-1] if years else None


# --- one passage ----------------------------------------------------------------


def _scan_text(p: Passage, unit: _Unit | None) -> str:
    """The text dates are read from: for a bilingual quote, its first version only
    (the translation would date the same statement twice); for a table row,
    its cells, a bare year cell read as a year."""
    if p.kind == "quote":
        return p.text.split("\n", 1)[0]
    if p.kind == "row" and unit is not None and unit.cells:
        return "，".join(f"{c}年" if _BARE_YEAR.match(c) and not c.rstrip().endswith("年") else c for c in unit.cells if c)
    return p.text


def _from_passage(
    p: Passage,
    section: Section | None,
    unit: _Unit | None,
    anchor: int | None,
    carried: int | None,
    ctx: _Context,
    labels: dict[str, BriefingError],
    heading: int | None = None,
    before: str = "",
) -> tuple[list[TimelineEntry], int | None]:
    """Entries for the dates a passage states, and the last year it states;
    `before`: the section's text before the passage (where an actor its
    headlines leave out is named, see `subjects`)."""
    text = _scan_text(p, unit)
    matches = ctx.find(text, anchor, carried)
    year = next((m.sets_year for m in reversed(matches) if m.sets_year), None)
    if _is_field_line(text, matches):
        return [], year
    own_start = 0
    if p.kind == "item" and unit is not None and unit.own and text.endswith(unit.own):
        own_start = len(text) - len(unit.own)
    own = [m for m in matches if m.start >= own_start]
    for m in own:
        if m.span is None:
            ctx.problems.append(
                ctx.notice(p, f"`{m.text}` needs the source's date, which it lacks: add `date` to its entry in seeds/sources.yml")
            )
    dated = [m for m in own if m.span is not None]
    if p.kind == "item" and unit is not None and not own:
        found = _from_parent(p, section, unit, text, own_start, matches, ctx, labels)
        if (
            not found
            and not unit.parents
            and heading is not None
            and concrete(unit.own)
            and not capability(unit.own)
            and not QUESTION.search(unit.own)
            and not speaks_of_future(unit.own)
        ):  # a forecast under `2023年关键突破` has no target date
            found = [_under_heading(p, section, unit, heading, ctx)]
        return found, year
    if not dated:
        return [], year
    if _label_only(text, own_start, own):
        if p.kind != "row":
            labels[p.anchor] = ctx.notice(p, f"`{text[own_start:].strip()}` is only a date: no timeline entry")
        return [], year
    kept = statements(text, dated)
    if p.kind == "row" and unit is not None:
        return _row_entries(p, section, unit, text, kept, ctx), year
    out, seen = [], set()
    base = own_start  # an item's headline is its own text: its parents are its date's context
    offsets = [m.start - base for m in kept]
    for m in kept:
        summary = summary_of(text[base:], m.start - base, m.end - base, offsets)
        if not summary or (m.span, summary) in seen:
            continue
        seen.add((m.span, summary))
        future = bool(_AHEAD.match(m.text)) or _future(p, text, m)
        kind = classify(m.span, ctx.made, future, summary)
        headline = with_subject(summary, before + text[base : sentence_bounds(text, m.start, m.end)[0]])
        out.append((ctx.entry(p, section, m.span, _resolved(headline, matches), kind, said=summary), future))
    return _one_per_clause(out), year


def _label_only(text: str, start: int, matches: Sequence[DateMatch]) -> bool:
    """text[start:] says nothing once its dates are gone (`2月15日。`, `年初。`)."""
    return bool(_LABEL_ONLY.match(_rest(text, start, len(text), matches)))


def _resolved(summary: str, matches: Sequence[DateMatch]) -> str:
    """The headline with its relative years written out (`明年` -> `2026年`):
    an entry filed under a date must not say `明年` to a later reader."""
    for m in matches:
        if m.relative and m.span is not None and _RELATIVE_YEAR.match(m.text) and m.text in summary:
            summary = summary.replace(m.text, m.span.label)
    return summary


def _one_per_clause(entries: list[tuple[TimelineEntry, bool]]) -> list[TimelineEntry]:
    """Dates with one headline give one event and at most one forecast: the
    event is dated by the first date whose clause does not look ahead
    (`Atlas, which was expected to ship in 2023, finally launched in
    October 2024` is an October 2024 launch), the forecast by its first date."""
    out: list[TimelineEntry] = []
    for i, (e, future) in enumerate(entries):
        same = [(j, o, f) for j, (o, f) in enumerate(entries) if o.sources[0].text == e.sources[0].text and o.kind == e.kind]
        if e.kind == EVENT:
            plain = [j for j, _, f in same if not f]
            first = plain[0] if plain else same[0][0]
        else:
            first = same[0][0]
        if i == first:
            out.append(e)
    return out


def _future(p: Passage, text: str, m: DateMatch) -> bool:
    """Future wording next to the date: its clause and the one after, and
    for a quote also the original-language version."""
    left, right = sentence_bounds(text, m.start, m.end)
    window = clause_at(text, m, left, right, 1)
    extra = p.text.split("\n", 1)[1] if p.kind == "quote" and "\n" in p.text else ""
    return speaks_of_future(window) or speaks_of_future(extra)


def _from_parent(
    p: Passage,
    section: Section | None,
    unit: _Unit,
    text: str,
    own_start: int,
    matches: list[DateMatch],
    ctx: _Context,
    labels: dict[str, BriefingError],
) -> list[TimelineEntry]:
    """A list item without a date takes its direct parent's, when the parent
    is only that date or a short label (`- 2月15日：` over `- 谷歌发布…`)."""
    if not unit.parents or not unit.own:
        return []
    parent_anchor, parent = unit.parents[-1]
    start = text.rfind(parent, 0, own_start)
    if start < 0:
        return []
    in_parent = [m for m in matches if m.span is not None and start <= m.start < start + len(parent)]
    if not in_parent:
        return []
    label = _rest(text, start, start + len(parent), in_parent)
    label = "" if _LABEL_ONLY.match(label) else re.sub(r"^[\s\W_]+|[\s\W_]+$", "", label)
    if len(label.split()) > 4 if is_latin(label) else len(label) > MAX_LABEL:
        return []  # the parent is a statement; its items are details of it
    labels.pop(parent_anchor, None)
    date = in_parent[-1].span
    assert date is not None
    point = _ENUMERATED.sub("", unit.own, count=1).strip()
    summary = tidy(f"{label}：{point}" if label else point)
    kind = classify(date, ctx.made, speaks_of_future(point), point)
    return [ctx.entry(p, section, date, summary, kind, label or p.section_title)]


def _under_heading(p: Passage, section: Section | None, unit: _Unit, year: int, ctx: _Context) -> TimelineEntry:
    """A top-level list item under a heading that states its year (`### 2023年关键突破`)."""
    point = _ENUMERATED.sub("", unit.own, count=1).strip()
    date = year_span(year)
    return ctx.entry(p, section, date, tidy(point), classify(date, ctx.made, speaks_of_future(point), point))


def _rest(text: str, start: int, end: int, matches: Sequence[DateMatch]) -> str:
    """text[start:end] without the dates in it."""
    rest, pos = [], start
    for m in matches:
        rest.append(text[pos : m.start])
        pos = m.end
    rest.append(text[pos:end])
    return "".join(rest)


def _row_entries(p: Passage, section: Section | None, unit: _Unit, text: str, kept: list[DateMatch], ctx: _Context) -> list[TimelineEntry]:
    """A dated table row, one entry dated by its first date: its headline is
    the cells other than the date cell, without headers; a date inside a
    text cell takes that cell's clauses, after the row's name."""
    if not kept:
        return []
    cells = [c for c in unit.cells if c]
    bounds, pos = [], 0
    for cell in cells:
        bounds.append((pos, pos + len(cell)))
        pos += len(cell) + 1
    m = kept[0]
    assert m.span is not None
    i = next((k for k, (a, b) in enumerate(bounds) if a <= m.start < b), 0)
    a, b = bounds[i]
    if _LABEL_ONLY.match(_rest(text, a, b, [x for x in kept if a <= x.start < b])):
        rest = [c for k, c in enumerate(cells) if k != i]
        summary = tidy(("; " if all(is_latin(c) for c in rest) else "，").join(rest))
    else:
        summary = summary_of(text[a:b], m.start - a, m.end - a)
        name = cells[0] if i > 0 and len(cells[0]) <= 30 else ""
        summary = tidy(f"{name}：{summary}" if name else summary)
    if not summary:
        return []
    kind = classify(m.span, ctx.made, speaks_of_future(summary), summary)
    return [ctx.entry(p, section, m.span, summary, kind)]


def _is_field_line(text: str, matches: list[DateMatch]) -> bool:
    """A metadata line such as `原文发表:Jan 31, 2026 · 纪要生成:2026-02-25`."""
    if not matches:
        return False
    rest, pos = [], 0
    for m in matches:
        rest.append(text[pos : m.start])
        pos = m.end
    rest.append(text[pos:])
    # `日期：2025-06-12 参会：产品、算法` : a date field, then other fields.
    if _DATE_FIELD.match(rest[0]) and _NEXT_FIELD.match(rest[1]):
        return True
    return bool(_FIELD_LINE.match(" ".join(rest)))


def _leads(passages: Sequence[Passage], ctx: _Context) -> dict[str, str | DateSpan | tuple[DateSpan, str]]:
    """Dated leads and the enumerated points after them.

    Returns a map: lead passage id -> '' (it yields no entry of its own);
    point passage id -> (date, label) the point takes from its lead.
    """
    out: dict = {}
    for i, p in enumerate(passages):
        lead = _lead_date(p, ctx)
        if lead is None:
            continue
        points = []
        for q in passages[i + 1 :]:
            if q.section != p.section or not (q.kind == "item" or _ENUMERATED.match(q.text)):
                break
            points.append(q)
        if points:
            out[p.id] = ""
            for q in points:
                out[q.id] = lead
    return out


def _lead_date(p: Passage, ctx: _Context) -> tuple[DateSpan, str] | None:
    """(date, label) of a year heading (`2024: 稀疏激活成为标准`) or of a
    sentence announcing dated predictions; None for any other passage."""
    heading = _HEADING.match(p.text) if p.kind == "paragraph" else None  # an item's parent year is its own text
    if heading:
        matches = ctx.find(p.text, None)
        return (matches[0].span, heading.group(2).strip()) if matches and matches[0].span else None
    if p.kind == "paragraph" and _ANNOUNCES_PREDICTIONS.search(p.text):
        dated = [m for m in ctx.find(p.text, None) if m.span]
        return (dated[-1].span, "") if dated else None
    return None


def _inherited(p: Passage, section: Section | None, lead: tuple[DateSpan, str], ctx: _Context) -> TimelineEntry:
    """An enumerated point dated by its lead: `稀疏激活成为标准：MoE将成为…`."""
    date, label = lead
    point = _ENUMERATED.sub("", p.text, count=1).strip()
    summary = tidy(f"{label}：{point}" if label else point)
    kind = classify(date, ctx.made, speaks_of_future(point), point)
    entry = ctx.entry(p, section, date, summary, kind, label or p.section_title)
    # A vague forecast (`AI系统将能提出可测试的科学假设`) is scored on the ledger, not shown as a dated entry.
    # Only under a year-and-theme heading, whose points elaborate the theme: a list the text
    # announces as predictions (`团队给出了10个2026年的AI预测`) is forecasts its authors chose to state.
    return replace(entry, ledger_only=True) if label and kind == PREDICTION and not concrete(point) else entry


# --- merging ------------------------------------------------------------------

_PRECISION = {"day": 0, "month": 1, "quarter": 2, "half": 3, "range": 4, "year": 5}


def merge_entries(
    entries: Sequence[TimelineEntry], groups: Callable[[Sequence[TimelineEntry]], list[list[int]]] = same_event_groups
) -> list[TimelineEntry]:
    """One entry per event, citing every source that reports or predicts it.

    `groups` finds the same-event groups: `merge.same_event_groups` from
    scratch, or `merge_index.persisted_groups` by updating the last build's.

    Entries merge when their dates are at most a month apart and their
    wording shares enough rare terms (see `merge.same_event_groups`);
    publications never merge, and a prediction never folds into an event:
    the forecast stays on the ledger in its own words, to be scored
    (`特朗普将发布…｜但是会被最高法院裁定违宪` beside the order it
    foresaw). The result is ordered by date, then id.
    """
    ordered = sorted(entries, key=entry_key)
    mergeable = [e for e in ordered if e.kind != PUBLICATION]
    merged = [
        _combine(part)
        for group in groups(mergeable)
        for part in ([mergeable[i] for i in group if mergeable[i].kind == kind] for kind in (EVENT, PREDICTION))
        if part
    ]
    merged += [e for e in ordered if e.kind == PUBLICATION]
    return sorted(merged, key=entry_key)


def timeline_entries(entries: Sequence[TimelineEntry]) -> tuple[TimelineEntry, ...]:
    """The entries the timeline page shows: all but the ledger-only forecasts."""
    return tuple(e for e in entries if not e.ledger_only)


def entry_key(entry: TimelineEntry) -> tuple:
    """Chronological order: start, then the longer period first; entries of
    one period by source and place in it (a list keeps its order), then id."""
    first = entry.sources[0]
    return (entry.date.start, -entry.date.end.toordinal(), first.source, first.line, entry.id)


def _combine(group: list[TimelineEntry]) -> TimelineEntry:
    if len(group) == 1:
        return group[0]
    # The summary and date come from the most precise report (a month's
    # coarse mention must not blur the day another source gives).
    lead = min(group, key=lambda e: (_PRECISION.get(e.date.granularity, 9), entry_key(e)))
    cites = [c for e in [lead, *[e for e in group if e is not lead]] for c in e.sources]
    topics = tuple(dict.fromkeys(t for e in [lead, *group] for t in e.topics))
    # On the timeline when any of its reports is concrete enough to be.
    return replace(lead, sources=tuple(cites), topics=topics, ledger_only=all(e.ledger_only for e in group))


# --- predictions --------------------------------------------------------------


def predictions_from(entries: Sequence[TimelineEntry], sources: Mapping[str, Source]) -> list[Prediction]:
    """Every prediction, one per cited passage and target, ordered by target then id.

    Two sources predicting the same thing stay two predictions: each is
    scored for its own author; so do two passages of one source that the
    merge found alike (each is a forecast of its own, and a merge must not
    take one off the ledger).
    """
    out: list[Prediction] = []
    ids = IdAllocator()
    for entry in entries:
        firsts: dict[tuple[str, str, DateSpan], Citation] = {}
        for cite in entry.sources:
            if cite.kind == PREDICTION:
                firsts.setdefault((cite.source, cite.anchor, cite.date), cite)
        for (slug, _, _), cite in firsts.items():
            source = sources.get(slug)
            pid = ids.take(prediction_id(slug, cite.anchor, cite.date))
            made = source_date(source) if source else None
            shown = "" if entry.ledger_only else entry.id  # a ledger-only forecast has no timeline entry to link to
            out.append(Prediction(pid, slug, cite.author, made, cite.date, entry.topics, cite.text, cite.anchor, shown, cite.line))
    return sorted(out, key=prediction_key)


def prediction_id(source: str, anchor: str, target: DateSpan) -> str:
    """`pred-` and a hash of where the prediction is and what period it is about.

    Not of its wording: a better summary or a merge with another source's
    statement keeps the id, and so the curated verdict. Two predictions of
    one passage for one period (rare) are told apart by `IdAllocator`, in
    timeline order.
    """
    return f"pred-{content_hash(f'{source}|{anchor}|{target.iso}')}"


def prediction_key(p: Prediction) -> tuple:
    """Ledger order: target period, then source and place in it, then id."""
    return (p.target.start, p.target.end, p.made_by, p.line, p.id)


def with_verdicts(predictions: Sequence[Prediction], verdicts: Mapping[str, Verdict]) -> list[Prediction]:
    """The predictions with their curated verdicts attached."""
    return [replace(p, verdict=verdicts.get(p.id)) for p in predictions]


__all__ = [
    "EVENT",
    "KINDS",
    "PREDICTION",
    "PUBLICATION",
    "Citation",
    "Prediction",
    "TimelineEntry",
    "Verdict",
    "classify",
    "entry_key",
    "extract_entries",
    "load_verdicts",
    "merge_entries",
    "prediction_id",
    "prediction_key",
    "predictions_from",
    "source_date",
    "timeline_entries",
    "with_verdicts",
]  # fmt: skip
