"""Source -> passages: the addressable units that topics and the timeline cite."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.core.model import CALLOUT, HTML, LIST, PARAGRAPH, QUOTE, TABLE, Block, Item, Passage, Source, plain

# A parent's text ending in one of these already leads into its children.
_LEADS_IN = ("：", ":", "，", ",", "—", "-")
# A paragraph whose last sentence ends so introduces the list, table or quote after it.
_INTRODUCES = ("：", ":")
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=\.)\s+")


def source_passages(source: Source) -> tuple[Passage, ...]:
    """Every paragraph, list item, quote, callout and table row of a source, in document order.

    Sub-headings are not passages: headings give context through
    `section_title`. A nested list item carries its parents' text, and a
    table row its column headers, so a date or a topic stated there counts
    for it (`2月15日：` over `谷歌发布 Gemini 1.5 Pro` is one dated statement).
    """
    out: list[Passage] = []
    for section, block in source.blocks():
        for anchor, text, kind, line in _units(block):
            if text.strip():
                out.append(
                    Passage(
                        id=f"{source.slug}/{anchor}",
                        source=source.slug,
                        anchor=anchor,
                        section=section.id,
                        section_title=section.title,
                        text=text,
                        kind=kind,
                        line=line,
                    )
                )
    return tuple(out)


def _units(block: Block) -> Iterator[tuple[str, str, str, int]]:
    """(anchor, text, kind, line) of each passage in a block."""
    if block.kind in (PARAGRAPH, HTML):
        yield block.id, block.text, "paragraph", block.line
    elif block.kind == LIST:
        for item, text in with_context(block.items):
            yield item.id, text, "item", item.line or block.line
    elif block.kind in (QUOTE, CALLOUT):
        yield block.id, block.text, "quote", block.line
    elif block.kind == TABLE:
        for item in block.items:
            yield item.id, row_text(block.header, item), "row", item.line or block.line


def with_context(items: tuple[Item, ...]) -> Iterator[tuple[Item, str]]:
    """Each item with its text led by its parents' text (the nearest earlier items of lower depth)."""
    parents: list[str] = []
    for item in items:
        del parents[item.depth :]
        yield item, _joined([*parents, item.text])
        parents.append(item.text)


def _joined(texts: list[str]) -> str:
    out = ""
    for text in (t.strip() for t in texts):
        out += ("" if not out or out.endswith(_LEADS_IN) else "：") + text
    return out


def row_text(header: tuple[str, ...], row: Item) -> str:
    """A table row as one statement: `时间：2023.07，概念：…` (cells alone without headers).

    Cells are joined by a comma, not a semicolon: a semicolon ends a sentence
    for the timeline, whose summary of a dated row must be the whole row.
    """
    cells = [plain(c).strip() for c in row.cells] or [row.text]
    named = [f"{header[i].strip()}：{cell}" if i < len(header) and header[i].strip() else cell for i, cell in enumerate(cells) if cell]
    return "，".join(named)


def lead_ins(source: Source) -> dict[str, str]:
    """Anchor of each list item, table row or quote -> the sentence that introduces its block.

    That is the last sentence of the paragraph just before the block, when
    it ends with a colon (`Tested open-weight models:`, `作者列出了三种常见做法：`):
    a reader takes each item as an instance of it. A paragraph that does
    not end so (`It was signed by the following organisations.`) introduces
    nothing here, and a heading between them breaks the link.
    """
    out: dict[str, str] = {}
    for section in source.sections:
        before: Block | None = None
        for block in section.blocks:
            lead = _lead_sentence(before) if before is not None and block.kind in (LIST, TABLE, QUOTE, CALLOUT) else ""
            if lead:
                for anchor, _text, _kind, _line in _units(block):
                    out[anchor] = lead
            before = block
    return out


def _lead_sentence(block: Block) -> str:
    if block.kind != PARAGRAPH:
        return ""
    text = block.text.strip()
    if not text.endswith(_INTRODUCES):
        return ""
    return [s for s in _SENTENCE_END.split(text) if s and s.strip()][-1].strip()
