"""Block-level Markdown shared by page writers: anchored paragraphs, lists, quotes, tables."""

from __future__ import annotations

import html
import json
import re

from generator.core.model import HEADING, LIST, PARAGRAPH, QUOTE, TABLE, Block, Section
from generator.site.writers.markdown import Inliner, escape


def front_matter(**fields: object) -> str:
    """YAML front matter; JSON strings are valid YAML and escape everything."""
    lines = ["---"]
    for key, value in fields.items():
        if value in (None, "", (), []):
            continue
        lines.append(f"{key}: {json.dumps(_html_text(value), ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


# Characters YAML refuses (outside its printable set). A front matter that fails
# to parse would be rendered as page text instead, Markdown and all.
_NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _html_text(value: object) -> object:
    # MkDocs and Material put front matter values into their templates as
    # HTML, unescaped (page title, nav, description, tags): escape them here.
    if isinstance(value, str):
        return html.escape(_NOT_YAML.sub("", value), quote=True)
    if isinstance(value, (list, tuple)):
        return [_html_text(v) for v in value]
    return value


def anchored(text: str, anchor: str, classes: str = "") -> str:
    """A paragraph carrying an id (and classes) via attr_list."""
    extra = f" {classes}" if classes else ""
    return f"{text}\n{{: #{anchor}{extra} }}"


def block(b: Block, inliner: Inliner) -> str:
    """Markdown for one block, each block and item with its stable anchor."""
    if b.kind == PARAGRAPH:
        return anchored(inliner.spans(b.spans), b.id, ".passage")
    if b.kind == HEADING:
        return f"{'#' * min(b.level, 6)} {escape(''.join(s.text for s in b.spans))} {{ #{b.id} }}"
    if b.kind == LIST:
        lines = []
        for n, item in enumerate(b.items, b.start):
            marker = f"{n}." if b.ordered else "-"
            lines.append(f"{marker} {inliner.spans(item.spans)}\n    {{: #{item.id} .passage }}")
        return "\n".join(lines)
    if b.kind == QUOTE:
        parts = []
        for item in b.items:
            lang = f" lang={item.lang}" if item.lang else ""
            parts.append(f"> {inliner.spans(item.spans)}\n> {{: #{item.id}{lang} }}")
        caption = f'<p class="quote-caption">{escape(b.header[0])}</p>\n\n' if b.header else ""
        return wrap(caption + "\n>\n".join(parts), b.id, "passage quote")
    if b.kind == TABLE:
        return table(b, inliner)
    return ""


def prose(sections: tuple[Section, ...], inliner: Inliner) -> str:
    """Curated prose (a topic's introduction): the blocks without passage anchors,
    since it is the editor's text, not a citable passage of a source."""
    parts = []
    for section in sections:
        if section.title:
            parts.append(f"## {escape(section.title)}")
        for b in section.blocks:
            if b.kind == PARAGRAPH:
                parts.append(inliner.spans(b.spans))
            elif b.kind == LIST:
                parts.append("\n".join(f"{f'{n}.' if b.ordered else '-'} {inliner.spans(i.spans)}" for n, i in enumerate(b.items, b.start)))
            else:
                parts.append(block(b, inliner))
    return "\n\n".join(parts)


def table(b: Block, inliner: Inliner) -> str:
    """A Markdown table; rows with a missing cell are padded, never dropped."""
    width = max([len(b.header)] + [len(i.cells) for i in b.items]) or 1
    header = [escape(h) for h in b.header] + [""] * (width - len(b.header))
    rows = [f"| {' | '.join(header)} |", "|" + "---|" * width]
    for item in b.items:
        cells = [inliner.spans(c) for c in item.cells] + [""] * (width - len(item.cells))
        cells[0] = f'<span id="{item.id}"></span>{cells[0]}'
        rows.append(f"| {' | '.join(cells)} |")
    return wrap("\n".join(rows), b.id, "table")


def wrap(markdown: str, anchor: str, classes: str) -> str:
    """Markdown inside a div with an id: attr_list cannot address quotes or tables."""
    return f'<div id="{anchor}" class="{classes}" markdown>\n\n{markdown}\n\n</div>'
