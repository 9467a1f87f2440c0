"""Source -> passages: the addressable units that topics and the timeline cite."""

from __future__ import annotations

from generator.core.model import LIST, PARAGRAPH, QUOTE, Passage, Source


def source_passages(source: Source) -> tuple[Passage, ...]:
    """Every paragraph, list item and quote of a source, in document order.

    Tables and sub-headings are not passages: tables feed the glossary,
    headings give context through `section_title`.
    """
    out: list[Passage] = []
    for section, block in source.blocks():
        if block.kind == PARAGRAPH:
            units = [(block.id, block.text, "paragraph", block.line)]
        elif block.kind == LIST:
            units = [(item.id, item.text, "item", item.line or block.line) for item in block.items]
        elif block.kind == QUOTE:
            units = [(block.id, block.text, "quote", block.line)]
        else:
            continue
        for anchor, text, kind, line in units:
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
