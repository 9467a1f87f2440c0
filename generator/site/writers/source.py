"""Source pages: a metadata card, then the normalized body with stable anchors."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from generator.core.model import PARAGRAPH, Block, Source
from generator.core.paths import link, source_page
from generator.core.text import short
from generator.site.writers.blocks import block, front_matter
from generator.site.writers.markdown import Inliner, escape, safe_href
from generator.site.writers.paging import PAGE_BYTES, Part, Piece, fits, pack, page_map, page_steps, parts_of, span_label
from generator.sources.readers.language import passage_language

READER_LABELS = {
    "markdown": "文章",
    "frontmatter": "文章",
    "podcast_notes": "播客纪要",
    "transcript": "视频转写",
    "plaintext": "文本",
}


LANGUAGES = {"zh": "中文", "en": "英文", "mixed": "中英混合"}
# How many characters of a source's summary the sources index shows.
INDEX_SUMMARY_MAX = 60


def language_label(code: str) -> str:
    """`en` -> 英文: how the card, the sources index and the home page name a language."""
    return LANGUAGES.get(code or "zh", code)


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
    body = []
    for section in source.sections:
        if section.title:
            stamp = f'<span class="timestamp">{escape(section.timestamp)}</span> ' if section.timestamp else ""
            body.append(f"{'#' * min(section.level, 6)} {stamp}{escape(section.title)} {{ #{section.id} }}")
        elif section.id:
            body.append(f'<span id="{section.id}"></span>')
        body.extend(block(b, inliner, _own_language(b, meta.language)) for b in section.blocks)
        if section.signature:
            body.append(f'<p class="signature">——{escape(section.signature)}</p>')
    text = "\n\n".join(p for p in body if p)
    if meta.language == "en" and text:
        # The site is Chinese; an English source says so, for screen readers, hyphenation and fonts.
        text = f'<div lang="en" markdown>\n\n{text}\n\n</div>'
    return "\n\n".join(p for p in (*parts, text) if p) + "\n"


def _own_language(b: Block, language: str) -> str:
    """`en` for an English paragraph of a mixed source (an English source is marked as a whole)."""
    if language != "mixed" or b.kind != PARAGRAPH:
        return ""
    return "en" if passage_language(b.text) == "en" else ""


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
    rows.append(("语言", escape(language_label(meta.language))))
    rows.append(("文件", f"<code>{escape(source.path)}</code>（{escape(READER_LABELS.get(source.reader, source.reader))}读取器）"))
    body = "\n".join(f"    - **{label}**：{value}" for label, value in rows)
    return f'!!! abstract "来源信息"\n\n{body}'


def sources_index(sources: Sequence[Source], page: str) -> str:
    """The 来源 landing page as one page, whatever the corpus's size (see `sources_index_pages`)."""
    ((_, text),) = sources_index_pages(sources, page, budget=None)
    return text


INDEX_TITLE = "来源"
INDEX_INTRO = "本简报依据的全部来源文件，按日期从新到旧排列。"
_TABLE_HEAD = "| 标题 | 类型 | 出处 | 日期 | 语言 | 摘要 |\n|---|---|---|---|---|---|"


def sources_index_pages(
    sources: Sequence[Source], page: str, budget: int | None = PAGE_BYTES, parts: Sequence[Part] | None = None
) -> list[tuple[str, str]]:
    """The 来源 landing page: every source in a table, newest first.

    Past `budget` bytes of Markdown the table is cut into pages of rows, in
    the same order (`paging`): page one keeps the introduction and maps
    the pages, each page has its own table head, previous and next. Rows
    carry no anchors, so the family has no anchors table.

    Returns:
        [(path, text)]: page one at `page`, the others beside it.
    """
    parts = parts or sources_index_parts(sources, page, budget)
    if len(parts) == 1:
        return [(page, "\n\n".join([_head(INDEX_TITLE, INDEX_INTRO), _table(parts[0])]) + "\n")]
    pages = []
    for index, part in enumerate(parts):
        if index == 0:
            top = [
                _head(INDEX_TITLE, INDEX_INTRO),
                f"来源较多，按日期分为 {len(parts)} 页。",
                page_map(parts, 0, "份", open_list=True, anchors=False),
            ]
        else:
            top = [_head(f"{INDEX_TITLE} · 第 {index + 1} 页"), page_map(parts, index, "份", anchors=False)]
        pages.append((part.path, "\n\n".join([*top, _table(part), page_steps(parts, index)]) + "\n"))
    return pages


def _head(title: str, intro: str = "") -> str:
    return "\n".join([front_matter(title=title), f"# {escape(title)}", *(["", intro] if intro else [])])


def sources_index_parts(sources: Sequence[Source], page: str, budget: int | None = PAGE_BYTES) -> list[Part]:
    """The index's rows, newest first, cut into pages of at most `budget` bytes (one page when None or they fit)."""
    pieces = [_index_row(s, page) for s in sorted(sources, key=lambda s: (s.meta.date or "0000", s.slug), reverse=True)]
    return parts_of(page, [pieces] if fits(pieces, budget) else pack(pieces, budget), span_label)


def _index_row(s: Source, page: str) -> Piece:
    """One source's row; labelled by its date, for the map of pages ("2026-01 – 2025-10")."""
    title = f"[{escape(display_title(s))}]({link(page, source_page(s.slug))})"
    summary = escape(short(s.meta.description, INDEX_SUMMARY_MAX)) or "—"
    row = (
        f"| {title} | {escape(kind_label(s))} | {escape(s.meta.publisher) or '—'} | {escape(s.meta.date) or '未注明'} "
        f"| {escape(language_label(s.meta.language))} | {summary} |"
    )
    return Piece(row, label=s.meta.date or "未注明日期", count=1, items=(s.slug,))


def _table(part: Part) -> str:
    return "\n".join([_TABLE_HEAD, *(p.text for p in part.pieces)])


def page_titles(sources: Mapping[str, Source]) -> dict[str, str]:
    """Generated page path -> title, for cross-page link labels."""
    return {source_page(slug): display_title(s) for slug, s in sources.items()}
