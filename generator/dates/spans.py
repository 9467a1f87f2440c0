"""Periods of time with the precision a text gave them, and ISO dates.

`DateSpan` is what every date expression resolves to: a first and last
day and a granularity, so `2025年12月` stays a month and `2024年底` stays
the end of a year instead of becoming a day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from generator.core.errors import BriefingError

DAY, MONTH, QUARTER, HALF, YEAR, RANGE = "day", "month", "quarter", "half", "year", "range"
GRANULARITIES = (DAY, MONTH, QUARTER, HALF, YEAR, RANGE)


@dataclass(frozen=True, slots=True, order=True)
class DateSpan:
    """A period of time as precise as the text stated it.

    Attributes:
        start: first day of the period.
        end: last day of the period (inclusive).
        granularity: one of `day`, `month`, `quarter`, `half`, `year`, `range`.
        text: a Chinese label when the granularity alone would misdescribe
            the period (`2024年底`, `2024年圣诞节后`); ignored in comparisons.
    """

    start: dt.date
    end: dt.date
    granularity: str
    text: str = field(default="", compare=False)

    @property
    def iso(self) -> str:
        """ISO 8601 form: `2025-12-11`, `2025-12`, `2025-Q1`, `2025-H1`, `2025`, `2024/2026`."""
        y = self.start.year
        if self.granularity == DAY:
            return self.start.isoformat()
        if self.granularity == MONTH:
            return f"{y}-{self.start.month:02d}"
        if self.granularity == QUARTER:
            return f"{y}-Q{(self.start.month - 1) // 3 + 1}"
        if self.granularity == HALF:
            return f"{y}-H{1 if self.start.month <= 6 else 2}"
        if self.granularity == YEAR:
            return str(y)
        return f"{_iso_bound(self.start, self.end, True)}/{_iso_bound(self.start, self.end, False)}"

    @property
    def label(self) -> str:
        """Chinese label: `2025年12月11日`, `2025年第一季度`, `2026年上半年`, `2024-2026年`."""
        if self.text:
            return self.text
        s, e = self.start, self.end
        if self.granularity == DAY:
            return f"{s.year}年{s.month}月{s.day}日"
        if self.granularity == MONTH:
            return f"{s.year}年{s.month}月"
        if self.granularity == QUARTER:
            return f"{s.year}年第{'一二三四'[(s.month - 1) // 3]}季度"
        if self.granularity == HALF:
            return f"{s.year}年{'上' if s.month <= 6 else '下'}半年"
        if self.granularity == YEAR:
            return f"{s.year}年"
        if year_aligned(s, e):
            return f"{s.year}-{e.year}年"
        if month_aligned(s, e):
            if s.year == e.year:
                return f"{s.year}年{s.month}-{e.month}月"
            return f"{s.year}年{s.month}月至{e.year}年{e.month}月"
        if (s.year, s.month) == (e.year, e.month):
            return f"{s.year}年{s.month}月{s.day}-{e.day}日"
        return f"{s.year}年{s.month}月{s.day}日至{e.year}年{e.month}月{e.day}日"

    def overlaps(self, other: DateSpan) -> bool:
        return self.start <= other.end and other.start <= self.end

    def gap_days(self, other: DateSpan) -> int:
        """Days between the two periods, 0 when they overlap."""
        if self.overlaps(other):
            return 0
        return (other.start - self.end).days if self.end < other.start else (self.start - other.end).days


# --- span constructors --------------------------------------------------------


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def day_span(year: int, month: int, day: int) -> DateSpan:
    d = dt.date(year, month, day)
    return DateSpan(d, d, DAY)


def month_span(year: int, month: int, text: str = "") -> DateSpan:
    return DateSpan(dt.date(year, month, 1), dt.date(year, month, _last_day(year, month)), MONTH, text)


def year_span(year: int) -> DateSpan:
    return DateSpan(dt.date(year, 1, 1), dt.date(year, 12, 31), YEAR)


def quarter_span(year: int, quarter: int, text: str = "") -> DateSpan:
    first = 3 * (quarter - 1) + 1
    return DateSpan(dt.date(year, first, 1), dt.date(year, first + 2, _last_day(year, first + 2)), QUARTER, text)


def half_span(year: int, half: int) -> DateSpan:
    return DateSpan(dt.date(year, 1 if half == 1 else 7, 1), dt.date(year, 6 if half == 1 else 12, 30 if half == 1 else 31), HALF)


def range_span(first: DateSpan, last: DateSpan) -> DateSpan | None:
    """The period from the start of `first` to the end of `last`, if in order."""
    if last.end < first.start:
        return None
    return DateSpan(first.start, last.end, RANGE)


def year_aligned(s: dt.date, e: dt.date) -> bool:
    return (s.month, s.day, e.month, e.day) == (1, 1, 12, 31)


def month_aligned(s: dt.date, e: dt.date) -> bool:
    return s.day == 1 and e.day == _last_day(e.year, e.month)


def _iso_bound(s: dt.date, e: dt.date, first: bool) -> str:
    d = s if first else e
    if year_aligned(s, e):
        return str(d.year)
    if month_aligned(s, e):
        return f"{d.year}-{d.month:02d}"
    return d.isoformat()


def part_span(year: int, part: str) -> DateSpan:
    """年初 / 年中 / 年底 / 年末 as periods of a year."""
    if part == "初":
        return quarter_span(year, 1, f"{year}年初")
    if part == "中":
        return DateSpan(dt.date(year, 5, 1), dt.date(year, 8, 31), RANGE, f"{year}年中")
    return quarter_span(year, 4, f"{year}年{'底' if part == '底' else '末'}")


def christmas_span(year: int, when: str) -> DateSpan:
    if when == "后":
        return DateSpan(dt.date(year, 12, 26), dt.date(year, 12, 31), RANGE, f"{year}年圣诞节后")
    if when == "前":
        return DateSpan(dt.date(year, 12, 1), dt.date(year, 12, 24), RANGE, f"{year}年圣诞节前")
    return day_span(year, 12, 25)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


# --- ISO and front matter -----------------------------------------------------

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_iso(value: str) -> DateSpan:
    """An ISO date from front matter or curation: `2023-12-25`, `2026-01` or `2026`.

    Raises:
        BriefingError: the value is not one of those forms or not a real date.
    """
    m = _ISO.fullmatch(str(value).strip())
    try:
        if not m:
            raise ValueError
        year, month, day = int(m.group(1)), m.group(2), m.group(3)
        if day:
            return day_span(year, int(month), int(day))
        if month:
            return month_span(year, int(month))
        return year_span(year)
    except ValueError:
        raise BriefingError(f"not a date: {value!r}; write YYYY, YYYY-MM or YYYY-MM-DD", field="date") from None
