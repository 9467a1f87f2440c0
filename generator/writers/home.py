"""The home brief, included under the hand-written intro of docs/index.md."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Source
from ..paths import HOME_PAGE, link, source_page
from .markdown import escape
from .source import display_title, kind_label


def as_of(sources: Sequence[Source]) -> str:
    """The newest source date: what the briefing is current to."""
    dates = sorted(s.meta.date for s in sources if s.meta.date)
    return dates[-1] if dates else ""


def home_brief(sources: Sequence[Source]) -> str:
    """Markdown for the home page body (links relative to docs/index.md)."""
    lines = []
    if as_of(sources):
        lines.append(f"**资料截至 {escape(as_of(sources))}**，共 {len(sources)} 篇来源。")
    lines += ["", "## 来源", "", "| 标题 | 类型 | 出处 | 日期 | 语言 |", "|---|---|---|---|---|"]
    for s in sorted(sources, key=lambda s: (s.meta.date or "0000", s.slug), reverse=True):
        title = f"[{escape(display_title(s))}]({link(HOME_PAGE, source_page(s.slug))})"
        lines.append(f"| {title} | {escape(kind_label(s))} | {escape(s.meta.publisher) or '—'} | {escape(s.meta.date) or '未注明'} | {escape(s.meta.language)} |")
    return "\n".join(lines) + "\n"
