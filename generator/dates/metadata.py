"""Dates as front matter writes them -> ISO `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.

Blog engines and note apps write a document's date in many forms:
`2026-1-15` (Hexo), `2024-05-27 10:00:00 +0800` (Jekyll),
`2025-01-01T14:57:00.000Z` (Notion, Hugo), `2026/01/15`, `2026.01.15`,
`2024年5月27日`. python-dateutil reads them; this module only keeps the
precision the writer gave (a month stays a month) and the day as written
(a time zone never moves the date to another day).
"""

from __future__ import annotations

import contextlib
import datetime as dt

from dateutil import parser as _dateutil

from generator.core.errors import BriefingError
from generator.dates.spans import parse_iso

# dateutil reads `2024-5-27` but not the Chinese unit characters.
_CHINESE_UNITS = str.maketrans({"年": "-", "月": "-", "日": " ", "号": " "})
# Two defaults that differ in year, month and day: a part the text did not give
# takes the default, so comparing the two readings shows which parts were given.
_DEFAULTS = (dt.datetime(2000, 1, 1), dt.datetime(2001, 2, 2))


def metadata_date(value: object) -> str:
    """The ISO date a front-matter value means, at the precision it states.

    Args:
        value: text or a date/datetime (TOML gives real dates).

    Returns:
        `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.

    Raises:
        ValueError: the value is not a date.
    """
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    with contextlib.suppress(BriefingError):  # not one of the ISO forms: let dateutil try
        return parse_iso(text).iso
    text = text.translate(_CHINESE_UNITS).strip(" -")
    if not any(c.isdigit() for c in text):
        raise ValueError(f"not a date: {value!r}")
    try:
        first, second = (_dateutil.parse(text, default=d, yearfirst=True) for d in _DEFAULTS)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"not a date: {value!r}") from exc
    if first.year != second.year or first.year < 1:
        raise ValueError(f"not a date: {value!r}")
    if first.month != second.month:
        return f"{first.year:04d}"
    if first.day != second.day:
        return f"{first.year:04d}-{first.month:02d}"
    return f"{first.year:04d}-{first.month:02d}-{first.day:02d}"
