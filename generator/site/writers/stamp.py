"""The "资料截至" line every generated page ends with. Pure: a date in, Markdown out.

The date is the newest source date (`home.as_of`), never the build clock:
the same inputs build the same pages, and a reader sees what the page can
know about, not when it happened to be rebuilt.
"""

from __future__ import annotations

from generator.site.writers.markdown import escape

# Search would find this line on every page: Pagefind skips it.
_ATTRS = '{: .briefing-asof data-pagefind-ignore="all" }'


def as_of_note(date: str) -> str:
    """One paragraph: `资料截至 <date>`, or that the sources are undated.

    Args:
        date: the newest source date as written (`2026-01-31`, `2026-01`); '' when none is dated.
    """
    text = f"资料截至 **{escape(date)}**（依据来源日期）" if date else "资料日期未注明"
    return f"{text}\n{_ATTRS}"


def stamped(markdown: str, date: str) -> str:
    """A page's Markdown with the as-of line as its last paragraph."""
    return f"{markdown.rstrip()}\n\n{as_of_note(date)}\n"
