"""A small accumulator every reader uses to emit sections and blocks with stable ids."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from generator.core.ids import IdAllocator, heading_slug
from generator.core.model import (
    CALLOUT,
    CODE,
    CODE_BLOCK,
    HTML,
    LIST,
    PARAGRAPH,
    QUOTE,
    RULE,
    TABLE,
    Block,
    HtmlNode,
    Inline,
    Item,
    Meta,
    Notice,
    Section,
    Span,
    plain,
)


class Piece(NamedTuple):
    """One item as a reader found it, before it gets its id."""

    spans: Inline
    line: int = 0
    depth: int = 0
    number: int = 0
    listed: bool = False
    lang: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """What a reader returns: metadata found in the text and the body."""

    meta: Meta
    sections: tuple[Section, ...]
    notices: tuple[Notice, ...] = ()
    language_declared: bool = False  # the text states its language (front matter); else it is detected


@dataclass(slots=True)
class _OpenSection:
    title: str
    level: int
    line: int
    timestamp: str = ""
    signature: str = ""
    blocks: list[Block] = field(default_factory=list)


class DocumentBuilder:
    """Collects blocks into sections, giving every block and item a content id.

    Ids hash the block's own text, so editing one paragraph never changes
    another paragraph's anchor.
    """

    def __init__(self) -> None:
        self._ids = IdAllocator()
        self._done: list[_OpenSection] = []
        self._current = _OpenSection(title="", level=2, line=1)

    def section(self, title: str, level: int = 2, line: int = 0, timestamp: str = "") -> None:
        """Start a new section; an empty untitled lead section is dropped."""
        self._flush()
        self._current = _OpenSection(title=title.strip(), level=level, line=line, timestamp=timestamp)

    def sign(self, author: str) -> None:
        """Record the author who signed the current section."""
        self._current.signature = author.strip()

    def paragraph(self, spans: Inline, line: int = 0) -> None:
        if plain(spans).strip():
            self._add(Block(kind=PARAGRAPH, id=self._ids.for_text("p", plain(spans)), spans=spans, line=line))

    def heading(self, spans: Inline, level: int, line: int = 0) -> None:
        """A heading kept inside the current section (below section level)."""
        self._add(Block(kind="heading", id=self._ids.take(heading_slug(plain(spans))), spans=spans, level=level, line=line))

    def list(self, items: Sequence[tuple[Inline, int] | Piece], ordered: bool = False, start: int = 1, line: int = 0) -> None:
        """A list, flat in document order; nesting is each item's `depth`.

        Items of a flat ordered list without numbers are numbered from `start`.
        """
        pieces = [p if isinstance(p, Piece) else Piece(p[0], p[1]) for p in items]
        if ordered and not any(p.number for p in pieces):
            pieces = [p._replace(number=start + n) if p.depth == 0 else p for n, p in enumerate(pieces)]
        built = self._items(pieces, "i", listed=True)
        if built:
            self._add(Block(kind=LIST, id=self._ids.for_text("l", "\n".join(i.text for i in built)), items=built, ordered=ordered, start=start, line=line))

    def quote(self, versions: Sequence[tuple[Inline, str, int] | Piece], line: int = 0, caption: str = "") -> None:
        """A quote; `versions` holds (spans, language, line), one per language,
        or pieces (lines and list items of a quoted list)."""
        pieces = [v if isinstance(v, Piece) else Piece(v[0], v[2], lang=v[1]) for v in versions]
        items = self._items(pieces, "ql")
        if items:
            block_id = self._ids.for_text("q", "\n".join(i.text for i in items))
            self._add(Block(kind=QUOTE, id=block_id, items=items, header=(caption,) if caption else (), line=line))

    def callout(self, kind: str, title: str, pieces: Sequence[Piece], line: int = 0) -> None:
        """An Obsidian callout (`> [!note] Title`): a titled quote shown as an admonition."""
        items = self._items(pieces, "ql")
        block_id = self._ids.for_text("c", "\n".join([title, *(i.text for i in items)]))
        self._add(Block(kind=CALLOUT, id=block_id, items=items, header=(kind, title), line=line))

    def code(self, text: str, language: str = "", line: int = 0) -> None:
        """A code block, kept verbatim."""
        if text.strip():
            self._add(Block(kind=CODE_BLOCK, id=self._ids.for_text("code", text), spans=(Span(text, CODE),),
                            header=(language,) if language else (), line=line))

    def html(self, nodes: tuple[HtmlNode, ...], text: str, line: int = 0) -> None:
        """Harmless HTML (already sanitized into nodes) with its text for passages."""
        if text.strip():
            self._add(Block(kind=HTML, id=self._ids.for_text("h", text), spans=(Span(text.strip()),), html=nodes, line=line))

    def rule(self, line: int = 0) -> None:
        """A thematic break; it carries no text and needs no anchor of its own."""
        self._add(Block(kind=RULE, id=self._ids.take("hr"), line=line))

    def _items(self, pieces: Sequence[Piece], prefix: str, listed: bool = False) -> tuple[Item, ...]:
        """Items with ids; an empty piece is dropped and its children move up, so
        depth never grows by more than one from one item to the next."""
        out: list[Item] = []
        for p in pieces:
            if not plain(p.spans).strip():
                continue
            depth = min(p.depth, out[-1].depth + 1 if out else 0)
            out.append(Item(id=self._ids.for_text(prefix, plain(p.spans)), spans=p.spans, lang=p.lang, line=p.line,
                            depth=depth, number=p.number, listed=listed or p.listed))
        return tuple(out)

    def table(self, header: tuple[str, ...], rows: list[tuple[tuple[Inline, ...], int]], line: int = 0) -> None:
        items = tuple(
            Item(id=self._ids.for_text("r", " ".join(plain(c) for c in cells)), spans=cells[0] if cells else (), cells=cells, line=ln)
            for cells, ln in rows
        )
        self._add(Block(kind=TABLE, id=self._ids.for_text("t", " ".join(header) + "\n" + "\n".join(i.text for i in items)), header=header, items=items, line=line))

    def _add(self, block: Block) -> None:
        self._current.blocks.append(block)

    def _flush(self) -> None:
        cur = self._current
        if cur.title or cur.blocks:
            self._done.append(cur)

    def sections(self) -> tuple[Section, ...]:
        """The finished sections, each with a unique readable anchor."""
        self._flush()
        self._current = _OpenSection(title="", level=2, line=0)
        out = []
        for s in self._done:
            slug = self._ids.take(heading_slug(f"{s.timestamp} {s.title}".strip()) if s.title else "intro")
            out.append(Section(id=slug, title=s.title, level=s.level, blocks=tuple(s.blocks), timestamp=s.timestamp, signature=s.signature, line=s.line))
        self._done = []
        return tuple(out)


_CJK_EDGE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines: no space between Chinese characters, one between words."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if out and line and not (_CJK_EDGE.match(out[-1]) or _CJK_EDGE.match(line[0])):
            out += " "
        out += line
    return out


def text_spans(text: str) -> Inline:
    """Plain text as a one-span inline run."""
    return (Span(text),) if text else ()
