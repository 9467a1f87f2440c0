"""Date expressions in Chinese and English -> date spans with a granularity.

A small module of explicit patterns rather than a library: jionlp parses
most Chinese forms but weighs about 218 MB and reads `3-4月` as March 4;
dateparser reads `12月11日` as 2012-11. cn2an (already a dependency)
turns Chinese numerals (`二〇二五`, `十二`) into numbers.

The rules live in `date_rules`, the spans in `date_spans`; this module
finds the expressions in a text and places the ones that lack a year.

Resolution of dates that do not state their year, in this order:

1. a year stated earlier in the same text (a paragraph, or a list item
   with its parents, or a table row: the caller passes them as one text):
   a year alone (`2024年，…`, `去年…`) for the rest of the text, a year
   that dates a month or a day (`去年12月`) for its own sentence only;
2. `anchor_year`, the year the structure around the text states (a
   `## 2024` heading, a dated lead, a year cell of the row);
3. the source's date: the latest such date not after it, or, for a
   sentence about the future, the first one not before it;
4. `carried_year`, a year stated in earlier text of the document, only
   when the source has no date (with a date, an old year mentioned
   paragraphs before must not win over it).

Relative years (`去年`, `明年`) count from the source's own date; a
curated `relative_years` mapping overrides single words where the text
was written before it was published. `未来十年` counts from an explicit
date stated before it in the same sentence (the deal it speaks of), else
from the source's date. Whatever is still unplaced comes back as a match
with `span=None`: flagged, never guessed, so the caller can report "needs
a date the source lacks".
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from generator.dates.rules import BY, FOLD, RULES, Raw, candidates
from generator.dates.spans import (
    DAY,
    GRANULARITIES,
    HALF,
    MONTH,
    QUARTER,
    RANGE,
    YEAR,
    DateSpan,
    add_months,
    day_span,
    half_span,
    month_span,
    parse_iso,
    quarter_span,
    range_span,
    year_aligned,
    year_span,
)

# Words that make a clause speak of the future. `会` and `将` are common
# inside other words (国会, 社会; 将近), hence the guards; 计划, 目标 and
# 承诺 are left out because they are nouns as often as verbs (行动计划).
# 将 before a number (将二十余家实体列入清单, 将3款模型开源) is 把, not the future.
FUTURE = re.compile(
    r"将(?![近军领士二三四五六七八九十两几数\d]|所有|部分)|预计|(?<![的构气能度据可])预测(?![的中模结方能任精系])|预期|有望|(?<!成为|变得|变为|成了)可能|(?<![社国机学议大协年开工商理体领约聚误宴晚都事委博展峰例东教布讨流面谈明赛参])会(?![议员长计谈场所])"
    r"|期待|即将|(?<![动略划项年])计划(?=[在于将要到\d一二三四五六七八九十今明下本年推发上启开建完实])"
    r"|(?<![A-Za-z])(?:will|shall|expects?|expected\s+to|forecasts?|predicts?|plans?\s+to|planned\s+for|is\s+set\s+to"
    r"|are\s+set\s+to|going\s+to|aims?\s+to|likely\s+to|upcoming|scheduled\s+(?:to|for)|slated\s+(?:to|for)|on\s+track\s+to"
    r"|(?:is|are)\s+due\s+(?:to(?=\s+(?!the\b|a\b|an\b|its\b|their\b|this\b|that\b|high\b|low\b|rising\b|strong\b)[a-z])|in|for|by|out)|(?:is|are)\s+poised\s+to)(?![A-Za-z])"
    r"|定于|(?<![模虚比草])拟(?=[于在将要对向从以])",
    re.IGNORECASE,
)
# An English full stop ends a sentence when a lower-case word, digit or
# closing mark precedes it and a capital follows (`2026. Northwind`), not
# in `Jan. 5`, `3.5` or `U.S.`.
SENTENCE_END = re.compile(r"[。！？!?；;\n]|(?<=[a-z0-9%)”\"'])\.(?=\s+[A-Z“\"(])")


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One date expression found in a text.

    Attributes:
        start, end: character offsets of the expression in the text.
        text: the expression as written.
        span: the period meant, or None when it needs a date the source
            lacks (a relative year, or a month with no year in sight).
        relative: the expression counts from the source's date (`去年`).
        target: a deadline (`到2030年`, `截止到8月份`).
        sets_year: the year this expression states for later yearless
            dates (`2025年`, `去年`), 0 when it states none (ranges, targets).
    """

    start: int
    end: int
    text: str
    span: DateSpan | None
    relative: bool = False
    target: bool = False
    sets_year: int = 0


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of `text` that holds the characters start..end."""
    left, right = sentence_span(text, start, end)
    return text[left:right]


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence holding text[start:end], its end mark included."""
    ends = _sentence_ends(text)
    i = bisect.bisect_right(ends, start)
    left = ends[i - 1] if i else 0
    j = bisect.bisect_right(ends, end)
    return left, (ends[j] if j < len(ends) else len(text))


@functools.lru_cache(maxsize=64)
def _sentence_ends(text: str) -> tuple[int, ...]:
    """Where each sentence of `text` ends (after its end mark), once per text:
    a passage with many dates asks for its sentences many times."""
    return tuple(m.end() for m in SENTENCE_END.finditer(text))


def speaks_of_future(sentence: str) -> bool:
    """The sentence carries a marker of the future (将, 预计, will...)."""
    return bool(FUTURE.search(sentence))


def find_dates(
    text: str,
    *,
    anchor_year: int | None,
    source_date: dt.date | DateSpan | None,
    relative_years: Mapping[str, int] | None = None,
    carried_year: int | None = None,
) -> list[DateMatch]:
    """Every date expression in `text`, in order.

    Args:
        text: plain text of one passage.
        anchor_year: the year the structure around the text states (a
            year heading, a dated lead), for yearless months.
        source_date: when the source was written; relative years count
            from it. A DateSpan keeps its granularity (`2026-01`).
        relative_years: curated overrides of single relative words
            (`{"明年": 2026}`) for texts written before their publication.
        carried_year: the last year stated in earlier text of the
            document; used only when there is no source date.

    Returns:
        Matches in text order. A match with `span=None` needs a date the
        source lacks. Never raises for any input text.
    """
    source = _as_span(source_date)
    folded = text.translate(FOLD)
    out: list[DateMatch] = []
    years = _Years(None, anchor_year, carried_year)
    until = len(folded)  # where the stated year stops serving (below)
    for start, end, index, m in candidates(folded):
        if start >= until:
            years, until = _Years(None, anchor_year, carried_year), len(folded)
        try:
            raw = RULES[index][1](m)
            if raw.make is None and raw.ahead is None:
                continue  # a blocker
            origin = _origin(out, folded, start) if raw.ahead else None
            span, relative = _resolve(raw, m, folded, years, source, relative_years or {}, origin)
        except (ValueError, OverflowError):
            continue  # numerals cn2an cannot read (`十十`), or years beyond 9999
        target = bool(BY.search(folded, max(0, start - 8), start))
        if span is None and _resolvable(raw, years, source, relative_years or {}):
            continue  # not a calendar date (`2月30日`)
        sets = span.start.year if span and raw.states_year and not target and span.start.year == span.end.year else 0
        out.append(DateMatch(start, end, text[start:end], span, relative, target, sets))
        if sets:
            years = _Years(sets, anchor_year, carried_year)
            # A year alone (`去年`, `2024年，…`) frames the text after it; a year that dates a month
            # or a day (`去年12月`) dates its own sentence: a later yearless date takes the source's.
            until = len(folded) if span.granularity == YEAR else sentence_span(folded, start, end)[1]
    return out


@dataclass(frozen=True, slots=True)
class _Years:
    """The years a yearless date may take, strongest first (module docstring)."""

    stated: int | None  # earlier in the same text
    anchor: int | None  # from the structure around the text
    carried: int | None  # from earlier text of the section


def _origin(found: list[DateMatch], text: str, start: int) -> DateSpan | None:
    """The explicit date stated before `start` in its sentence: `未来10年`
    after `2025年5月，…达成了协议` counts from the deal, not the source."""
    left = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    for m in reversed(found):
        if m.start >= left and m.span is not None and not m.relative and not m.target and m.span.granularity != RANGE:
            return m.span
    return None


def _as_span(value: dt.date | DateSpan | None) -> DateSpan | None:
    if value is None or isinstance(value, DateSpan):
        return value
    return DateSpan(value, value, DAY)


def _resolve(
    raw: Raw,
    m: re.Match,
    text: str,
    years: _Years,
    source: DateSpan | None,
    overrides: Mapping[str, int],
    origin: DateSpan | None = None,
) -> tuple[DateSpan | None, bool]:
    """The span of one match, and whether it was counted from the source's date."""
    if raw.ahead:
        if origin is not None:
            return _ahead_span(raw.ahead, origin, {}), False
        return _ahead_span(raw.ahead, source, overrides), True
    assert raw.make is not None
    if raw.year is not None:
        return raw.make(raw.year), False
    if raw.rel:
        year = _relative_year(raw.rel, source, overrides)
        return (raw.make(year) if year is not None else None), True
    if years.stated is not None:
        return raw.make(years.stated), False
    # `12月的行政命令` names a known thing: it lies before the source's date,
    # whatever year a heading or the tense of the sentence suggests.
    attributive = text[m.end() : m.end() + 1] == "的" and source is not None
    if years.anchor is not None and not attributive:
        return raw.make(years.anchor), False
    if source is None:
        return (raw.make(years.carried) if years.carried is not None else None), False
    future = not attributive and speaks_of_future(sentence_at(text, m.start(), m.end()))
    return _nearest(raw.make, source, future), False


def _resolvable(raw: Raw, years: _Years, source: DateSpan | None, overrides: Mapping[str, int]) -> bool:
    """The match had all it needs to be placed, so a missing span means an invalid date."""
    if raw.ahead:
        return source is not None or (raw.ahead[2] == "year" and "明年" in overrides)
    if raw.rel:
        return source is not None or raw.rel in overrides
    return raw.year is not None or source is not None or any(y is not None for y in (years.stated, years.anchor, years.carried))


def _relative_year(word: str, source: DateSpan | None, overrides: Mapping[str, int]) -> int | None:
    if word in overrides:
        return overrides[word]
    if source is None:
        return None
    return source.start.year + {"去年": -1, "今年": 0, "明年": 1, "后年": 2}[word]


def _nearest(make: Callable[[int], DateSpan | None], source: DateSpan, future: bool) -> DateSpan | None:
    """A yearless date placed by the source's date: the latest one not after
    it, or for a sentence about the future the first one not before it."""
    year = source.start.year
    if future:
        for y in (year, year + 1):
            span = make(y)
            if span and span.end >= source.start:
                return span
        return None
    for y in (year, year - 1):
        span = make(y)
        if span and span.start <= source.end:
            return span
    return None


def _ahead_span(ahead: tuple[int, int, str], source: DateSpan | None, overrides: Mapping[str, int]) -> DateSpan | None:
    """`未来三年` from the month after the source's date (or from the curated `明年`)."""
    _, n2, unit = ahead
    if unit == "year" and "明年" in overrides:
        first = overrides["明年"]
        return year_span(first) if n2 == 1 else DateSpan(dt.date(first, 1, 1), dt.date(first + n2 - 1, 12, 31), RANGE)
    if source is None:
        return None
    start = add_months(source.end, 1)
    months = n2 * 12 if unit == "year" else n2
    end = add_months(start, months) - dt.timedelta(days=1)
    span = DateSpan(start, end, RANGE)
    if year_aligned(start, end) and start.year == end.year:
        return DateSpan(start, end, YEAR)
    return span


__all__ = [
    "DAY",
    "GRANULARITIES",
    "HALF",
    "MONTH",
    "QUARTER",
    "RANGE",
    "YEAR",
    "DateMatch",
    "DateSpan",
    "day_span",
    "find_dates",
    "half_span",
    "month_span",
    "parse_iso",
    "quarter_span",
    "range_span",
    "sentence_at",
    "sentence_span",
    "speaks_of_future",
    "year_span",
]  # fmt: skip
