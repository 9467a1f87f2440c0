"""Source pages: a metadata card, then the normalized body with stable anchors."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from generator.core.model import Source
from generator.core.paths import link, source_page
from generator.site.writers.blocks import block, front_matter
from generator.site.writers.markdown import Inliner, escape, safe_href

READER_LABELS = {
    "markdown": "文章",
    "frontmatter": "文章",
    "podcast_notes": "播客纪要",
    "transcript": "视频转写",
    "plaintext": "文本",
}


def kind_label(source: Source) -> str:
    return source.meta.kind or READER_LABELS.get(source.reader, "文本")


def display_title(source: Source) -> str:
    return source.meta.title or source.path


def source_page_markdown(source: Source, inliner: Inliner) -> str:
    """The page of one source: card, sections with headings, blocks with anchors."""
    meta = source.meta
    parts = [
        front_matter(title=display_title(source), description=meta.description or None, tags=list(meta.tags) or None),
        f"# {escape(display_title(source))}",
        card(source),
    ]
    for section in source.sections:
        if section.title:
            stamp = f'<span class="timestamp">{escape(section.timestamp)}</span> ' if section.timestamp else ""
            parts.append(f"{'#' * min(section.level, 6)} {stamp}{escape(section.title)} {{ #{section.id} }}")
        elif section.id:
            parts.append(f'<span id="{section.id}"></span>')
        parts.extend(block(b, inliner) for b in section.blocks)
        if section.signature:
            parts.append(f'<p class="signature">——{escape(section.signature)}</p>')
    return "\n\n".join(p for p in parts if p) + "\n"


def card(source: Source) -> str:
    """The metadata card as an admonition with a definition list of facts."""
    meta = source.meta
    rows = [("类型", escape(kind_label(source)))]
    if meta.publisher:
        rows.append(("出处", escape(meta.publisher)))
    if meta.authors:
        rows.append(("作者", escape("、".join(meta.authors))))
    if meta.date:
        rows.append(("日期", escape(meta.date)))
    if meta.date_note:
        rows.append(("日期说明", escape(meta.date_note)))
    href = safe_href(meta.url)
    if href:
        rows.append(("原文", f"[{escape(meta.url)}]({href})"))
    if meta.description:
        rows.append(("摘要", escape(meta.description)))
    if meta.extra:
        rows.append(("原始信息", " · ".join(f"{escape(k)}: {escape(v)}" for k, v in meta.extra)))
    rows.append(("语言", escape(meta.language or "zh")))
    rows.append(("文件", f"<code>{escape(source.path)}</code>（{escape(READER_LABELS.get(source.reader, source.reader))}读取器）"))
    body = "\n".join(f"    - **{label}**：{value}" for label, value in rows)
    return f'!!! abstract "来源信息"\n\n{body}'


def sources_index(sources: Sequence[Source], page: str) -> str:
    """The 来源 landing page: every source in a table, newest first."""
    lines = [front_matter(title="来源"), "# 来源", "", "本简报依据的全部来源文件，按日期从新到旧排列。", "",
             "| 标题 | 类型 | 出处 | 日期 | 语言 |", "|---|---|---|---|---|"]
    for s in sorted(sources, key=lambda s: (s.meta.date or "0000", s.slug), reverse=True):
        title = f"[{escape(display_title(s))}]({link(page, source_page(s.slug))})"
        lines.append(f"| {title} | {escape(kind_label(s))} | {escape(s.meta.publisher) or '—'} | {escape(s.meta.date) or '未注明'} | {escape(s.meta.language)} |")
    return "\n".join(lines) + "\n"


def page_titles(sources: Mapping[str, Source]) -> dict[str, str]:
    """Generated page path -> title, for cross-page link labels."""
    return {source_page(slug): display_title(s) for slug, s in sources.items()}
