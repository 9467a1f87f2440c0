"""Passages -> dated timeline entries; merging across sources; predictions.

Each date expression in a passage becomes an entry holding the sentence
around it. Its kind compares the date with the source's own date:
`event` before it, `prediction` after it, and for a period that contains
the source's date (`2026年` in a January 2026 text) the wording decides
(将, 预计, 期待, will...). Each source also gets a `publication` entry.

Enumerations under a dated lead take its date: the `2024: 稀疏激活成为标准`
heading and its bullet points, or `团队给出了10个2026年的AI预测` and the
ten numbered paragraphs after it. Each point becomes its own entry, so a
curator can score each prediction on its own.

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
from generator.core.model import Passage, Section, Source
from generator.dates.find import DateMatch, DateSpan, find_dates, parse_iso, sentence_at, speaks_of_future
from generator.timeline.headlines import clause_window, summary_of, tidy
from generator.timeline.ledger import Prediction, Verdict, load_verdicts  # re-exported: the ledger's public names
from generator.timeline.merge import same_event_groups
from generator.timeline.model import EVENT, KINDS, PREDICTION, PUBLICATION, Citation, TimelineEntry

_HEADING = re.compile(r"^\s*((?:19|20)\d\d)\s*年?\s*[:：]\s*(\S.{0,40})$")
_ENUMERATED = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|\d{1,2}[.、)）]\s*)")
_ANNOUNCES_PREDICTIONS = re.compile(r"预测|预言|predictions?|forecasts?", re.IGNORECASE)
_FIELD_LINE = re.compile(r"^[\s·|｜,，;；]*(?:[^\s:：。，,！？!?]{1,8}\s*[:：][\s·|｜,，;；]*)+$")
_QUESTION = re.compile(r"[？?][”\"」』)）]?\s*$")
# Sentences about the predictions themselves (`以下是我们对未来12个月的大胆预测`).
_META = re.compile(r"大胆预测|做出.{0,12}预测|给出了?.{0,12}预测|以下是.{0,12}预测|可能发生的")
# A year after 比 is a baseline (`比2024年快了将近一倍`), not the statement's date.
_BASELINE = re.compile(r"(?:比|较|相比)\s*$")
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


def classify(date: DateSpan, made: DateSpan | None, future_words: bool) -> str:
    """`prediction` when the period starts after the source's date, `event`
    when it ended before; for a period around the source's date the wording decides."""
    if made is not None and date.start > made.end:
        return PREDICTION
    if made is not None and date.end < made.start:
        return EVENT
    return PREDICTION if future_words else EVENT


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
        needs a source date the source lacks; it is reported, not guessed.
    """
    made = source_date(source)
    if relative_years is None:
        # Curated in seeds/sources.yml, when Meta carries it (module docstring).
        relative_years = dict(getattr(source.meta, "relative_years", ()))
    ctx = _Context(source, made, topics_of, relative_years, IdAllocator())
    entries = [_publication(source, made, ctx)] if made else []
    sections = {s.id: s for s in source.sections}
    years: dict[str, int | None] = {}
    leads = _leads(passages, ctx)
    for p in passages:
        section = sections.get(p.section)
        if p.section not in years:
            years[p.section] = _title_year(section, ctx)
        lead = leads.get(p.id)
        if lead == "":
            continue  # a lead whose date its points carry
        anchor = lead[0].start.year if lead and lead[0].start.year == lead[0].end.year else years[p.section]
        found, year = _from_passage(p, section, anchor, ctx)
        if not lead:
            years[p.section] = year
        if not found and lead:
            found = [_inherited(p, section, lead, ctx)]
        entries.extend(found)
    return entries, ctx.problems


@dataclass(slots=True)
class _Context:
    source: Source
    made: DateSpan | None
    topics_of: Callable[[str], tuple[str, ...]]
    relative: Mapping[str, int]
    ids: IdAllocator
    problems: list[BriefingError] = field(default_factory=list)

    def find(self, text: str, year: int | None) -> list[DateMatch]:
        return find_dates(text, anchor_year=year, source_date=self.made, relative_years=self.relative)

    def entry(self, p: Passage, section: Section | None, date: DateSpan, summary: str, kind: str, context: str = "") -> TimelineEntry:
        title = self.source.meta.title or self.source.path
        cite = Citation(self.source.slug, p.anchor, title, summary, kind, date, _author(self.source, section), p.line)
        base = f"t-{content_hash(f'{date.iso}|{self.source.slug}|{summary}')}"
        return TimelineEntry(self.ids.take(base), date, summary, kind, (cite,), tuple(self.topics_of(p.id)), context or p.section_title)


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


def _title_year(section: Section | None, ctx: _Context) -> int | None:
    """A year the section title states (`2023年关键突破`) dates what follows."""
    if section is None or not section.title:
        return None
    years = [m.sets_year for m in ctx.find(section.title, None) if m.sets_year]
    return years[-1] if years else None


def _scan_text(p: Passage) -> str:
    """The text dates are read from: for a bilingual quote, its first version only
    (the translation would date the same statement twice)."""
    return p.text.split("\n", 1)[0] if p.kind == "quote" else p.text


def _future(p: Passage, text: str, m: DateMatch) -> bool:
    """Future wording next to the date: its clause and the one after, and
    for a quote also the original-language version."""
    window = clause_window(sentence_at(text, m.start, m.end), m.text)
    extra = p.text.split("\n", 1)[1] if p.kind == "quote" and "\n" in p.text else ""
    return speaks_of_future(window) or speaks_of_future(extra)


def _from_passage(p: Passage, section: Section | None, year: int | None, ctx: _Context) -> tuple[list[TimelineEntry], int | None]:
    """Entries for the dates a passage states, and the year it leaves in context."""
    text = _scan_text(p)
    matches = ctx.find(text, year)
    if _is_field_line(text, matches):
        return [], year
    out, seen = [], set()
    for m in matches:
        if m.sets_year:
            year = m.sets_year
        if m.span is None:
            ctx.problems.append(
                BriefingError(
                    f"`{m.text}` needs the source's date, which it lacks: add `date` to its entry in seeds/sources.yml",
                    ctx.source.path,
                    p.line,
                )
            )
            continue
        if _BASELINE.search(text, max(0, m.start - 3), m.start):
            continue
        sentence = sentence_at(text, m.start, m.end)
        summary = summary_of(text, m.start, m.end)
        if _QUESTION.search(sentence.strip()) or _META.search(sentence) or (m.span, summary) in seen or not summary:
            continue
        seen.add((m.span, summary))
        ahead = m.relative and bool(_AHEAD.match(m.text))
        out.append(ctx.entry(p, section, m.span, summary, classify(m.span, ctx.made, ahead or _future(p, text, m))))
    return out, year


def _is_field_line(text: str, matches: list[DateMatch]) -> bool:
    """A metadata line such as `原文发表:Jan 31, 2026 · 纪要生成:2026-02-25`."""
    if not matches:
        return False
    rest, pos = [], 0
    for m in matches:
        rest.append(text[pos : m.start])
        pos = m.end
    rest.append(text[pos:])
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
    heading = _HEADING.match(p.text)
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
    kind = classify(date, ctx.made, speaks_of_future(point))
    return ctx.entry(p, section, date, summary, kind, label or p.section_title)


# --- merging ------------------------------------------------------------------

_PRECISION = {"day": 0, "month": 1, "quarter": 2, "half": 3, "range": 4, "year": 5}


def merge_entries(entries: Sequence[TimelineEntry]) -> list[TimelineEntry]:
    """One entry per event, citing every source that reports or predicts it.

    Entries merge when their dates are at most a month apart and their
    wording shares enough rare terms (see `merge.same_event_groups`);
    publications never merge. The result is ordered by date, then id.
    """
    ordered = sorted(entries, key=entry_key)
    mergeable = [e for e in ordered if e.kind != PUBLICATION]
    merged = [_combine([mergeable[i] for i in group]) for group in same_event_groups(mergeable)]
    merged += [e for e in ordered if e.kind == PUBLICATION]
    return sorted(merged, key=entry_key)


def entry_key(entry: TimelineEntry) -> tuple:
    """Chronological order: start, then the longer period first; entries of
    one period by source and place in it (a list keeps its order), then id."""
    first = entry.sources[0]
    return (entry.date.start, -entry.date.end.toordinal(), first.source, first.line, entry.id)


def _combine(group: list[TimelineEntry]) -> TimelineEntry:
    if len(group) == 1:
        return group[0]
    # The summary and date come from the most precise report of the event
    # (a prediction's coarse target must not blur an event's day).
    lead = min(group, key=lambda e: (e.kind != EVENT, _PRECISION.get(e.date.granularity, 9), entry_key(e)))
    cites = [c for e in [lead, *[e for e in group if e is not lead]] for c in e.sources]
    topics = tuple(dict.fromkeys(t for e in [lead, *group] for t in e.topics))
    kind = EVENT if any(e.kind == EVENT for e in group) else lead.kind
    return replace(lead, kind=kind, sources=tuple(cites), topics=topics)


# --- predictions --------------------------------------------------------------


def predictions_from(entries: Sequence[TimelineEntry], sources: Mapping[str, Source]) -> list[Prediction]:
    """Every prediction, one per source per merged entry, ordered by target then id.

    Two sources predicting the same thing stay two predictions: each is
    scored for its own author.
    """
    out: list[Prediction] = []
    ids = IdAllocator()
    for entry in entries:
        firsts: dict[str, Citation] = {}
        for cite in entry.sources:
            if cite.kind == PREDICTION:
                firsts.setdefault(cite.source, cite)
        for slug, cite in firsts.items():
            source = sources.get(slug)
            pid = ids.take(prediction_id(slug, cite.anchor, cite.date))
            made = source_date(source) if source else None
            out.append(Prediction(pid, slug, cite.author, made, cite.date, entry.topics, cite.text, cite.anchor, entry.id, cite.line))
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
    "with_verdicts",
]  # fmt: skip
