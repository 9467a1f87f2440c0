"""Date expressions in Chinese and English -> date spans with a granularity.

A small module of explicit patterns rather than a library: jionlp parses
most Chinese forms but weighs about 218 MB and reads `3-4月` as March 4;
dateparser reads `12月11日` as 2012-11. cn2an (already a dependency)
turns Chinese numerals (`二〇二五`, `十二`) into numbers.

The rules live in `date_rules`, the spans in `date_spans`; this module
finds the expressions in a text and places the ones that lack a year.

Resolution of dates that do not state their year:

* relative years (`去年`, `明年`, `未来三年`) are counted from the source's
  own date; a curated `relative_years` mapping overrides single words where
  the text was written before it was published;
* a month or month-day without a year (`12月11日`) takes the nearest year
  stated before it in the same text, else the `anchor_year` the caller
  tracked in the section, else the latest such date not after the source's
  date (the next one if the sentence speaks of the future);
* without a source date, both come back as matches with `span=None`:
  flagged, never guessed, so the caller can report "needs a date the
  source lacks".
"""

from __future__ import annotations

import datetime as dt
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
FUTURE = re.compile(
    r"将(?![近军领士])|预计|预测|预期|有望|可能|(?<![社国机学议大协年开工商理体领约聚误宴晚都])会(?![议员长计谈])"
    r"|期待|即将|(?<![A-Za-z])(?:will|expects?|forecasts?|predicts?)(?![A-Za-z])",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[。！？!?；;\n]")


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
    left = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    right = SENTENCE_END.search(text, end)
    return text[left : right.end() if right else len(text)]


def speaks_of_future(sentence: str) -> bool:
    """The sentence carries a marker of the future (将, 预计, will...)."""
    return bool(FUTURE.search(sentence))


def find_dates(
    text: str,
    *,
    anchor_year: int | None,
    source_date: dt.date | DateSpan | None,
    relative_years: Mapping[str, int] | None = None,
) -> list[DateMatch]:
    """Every date expression in `text`, in order.

    Args:
        text: plain text of one passage.
        anchor_year: the nearest year stated before this text in its
            section (the caller tracks it), for yearless months.
        source_date: when the source was written; relative years count
            from it. A DateSpan keeps its granularity (`2026-01`).
        relative_years: curated overrides of single relative words
            (`{"明年": 2026}`) for texts written before their publication.

    Returns:
        Matches in text order. A match with `span=None` needs a date the
        source lacks. Never raises for any input text.
    """
    source = _as_span(source_date)
    folded = text.translate(FOLD)
    out: list[DateMatch] = []
    context, outside = anchor_year, True
    for start, end, index, m in candidates(folded):
        try:
            raw = RULES[index][1](m)
            if raw.make is None and raw.ahead is None:
                continue  # a blocker
            span, relative = _resolve(raw, m, folded, context, outside, source, relative_years or {})
        except (ValueError, OverflowError):
            continue  # numerals cn2an cannot read (`十十`), or years beyond 9999
        target = bool(BY.search(folded, max(0, start - 8), start))
        if span is None and _resolvable(raw, context, source, relative_years or {}):
            continue  # not a calendar date (`2月30日`)
        sets = span.start.year if span and raw.states_year and not target and span.start.year == span.end.year else 0
        out.append(DateMatch(start, end, text[start:end], span, relative, target, sets))
        if sets:
            context, outside = sets, False
    return out


def _as_span(value: dt.date | DateSpan | None) -> DateSpan | None:
    if value is None or isinstance(value, DateSpan):
        return value
    return DateSpan(value, value, DAY)


def _resolve(
    raw: Raw, m: re.Match, text: str, context: int | None, outside: bool, source: DateSpan | None, overrides: Mapping[str, int]
) -> tuple[DateSpan | None, bool]:
    """The span of one match, and whether it was counted from the source's date."""
    if raw.ahead:
        return _ahead_span(raw.ahead, source, overrides), True
    assert raw.make is not None
    if raw.year is not None:
        return raw.make(raw.year), False
    if raw.rel:
        year = _relative_year(raw.rel, source, overrides)
        return (raw.make(year) if year is not None else None), True
    # `12月的行政命令` names a known thing: it lies before the source's date,
    # whatever year an earlier passage or the tense of the sentence suggests.
    attributive = text[m.end() : m.end() + 1] == "的" and source is not None
    if context is not None and not (outside and attributive):
        return raw.make(context), False
    if source is None:
        return None, False
    future = not attributive and speaks_of_future(sentence_at(text, m.start(), m.end()))
    return _nearest(raw.make, source, future), False


def _resolvable(raw: Raw, context: int | None, source: DateSpan | None, overrides: Mapping[str, int]) -> bool:
    """The match had all it needs to be placed, so a missing span means an invalid date."""
    if raw.ahead:
        return source is not None or (raw.ahead[2] == "year" and "明年" in overrides)
    if raw.rel:
        return source is not None or raw.rel in overrides
    return raw.year is not None or context is not None or source is not None


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
    "speaks_of_future",
    "year_span",
]  # fmt: skip
