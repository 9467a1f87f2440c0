"""Reader for Markdown articles and blog posts, parsed with markdown-it-py.

H1 becomes the title, H2 and deeper start sections, and a closing line such
as `——Caiwei Chen` signs its section. Raw HTML in the source is kept as
text (the writers escape it), never passed through as markup.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.core.model import CODE, EMPH, LINK, STRONG, TEXT, Inline, Meta, Span
from generator.sources.readers.builder import Document, DocumentBuilder, text_spans

NAME = "markdown"

_HEADING = re.compile(r"^ {0,3}#{1,6}\s+\S", re.M)
_LIST_OR_EMPHASIS = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+\S|\*\*[^*\n]+\*\*|\[[^\]\n]+\]\([^)\n]*\)", re.M)
_SIGNATURE = re.compile(r"^\s*(?:——|--|—)\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*$")

_parser = MarkdownIt("commonmark", {"html": True}).enable("table")
# markdown-it drops whatever is nested deeper than its maxNesting (20), so
# deeper quote markers are folded into this many before parsing: the text stays.
MAX_QUOTE_DEPTH = 10
_DEEP_QUOTE = re.compile(rf"^((?:[ \t]{{0,3}}>[ \t]?){{{MAX_QUOTE_DEPTH}}})(?:[ \t]{{0,3}}>[ \t]?)+", re.M)


def sniff(text: str) -> bool:
    """Markdown when it has ATX headings, or several lists, bold runs or links."""
    return bool(_HEADING.search(text)) or len(_LIST_OR_EMPHASIS.findall(text)) >= 3


def read(text: str, line_offset: int = 0) -> Document:
    """Parse Markdown text into a Document.

    Args:
        text: the Markdown body.
        line_offset: lines before `text` in the file (front matter), so
            block line numbers point into the original file.
    """
    tokens = _parser.parse(_DEEP_QUOTE.sub(r"\1", text))
    return _Walker(tokens, line_offset).run()


class _Walker:
    def __init__(self, tokens: list[Token], line_offset: int) -> None:
        self.tokens = tokens
        self.offset = line_offset
        self.doc = DocumentBuilder()
        self.title = ""
        self.authors: list[str] = []
        self.pos = 0

    def line(self, tok: Token) -> int:
        return (tok.map[0] + 1 + self.offset) if tok.map else 0

    def run(self) -> Document:
        while self.pos < len(self.tokens):
            self.block(self.tokens[self.pos])
        meta = Meta(title=self.title, authors=tuple(dict.fromkeys(self.authors)))
        return Document(meta=meta, sections=self.doc.sections())

    def block(self, tok: Token) -> None:
        handler = {
            "heading_open": self.heading,
            "paragraph_open": self.paragraph,
            "bullet_list_open": self.list,
            "ordered_list_open": self.list,
            "blockquote_open": self.blockquote,
            "table_open": self.table,
        }.get(tok.type)
        if handler:
            handler(tok)
            return
        if tok.type in ("fence", "code_block", "html_block"):
            self.doc.paragraph(((Span(tok.content.rstrip("\n"), CODE) if tok.type != "html_block" else Span(tok.content.strip())),), self.line(tok))
        self.pos += 1

    def _inline_until(self, close: str) -> tuple[Inline, Token]:
        """Collect inline content up to the matching close token."""
        start = self.tokens[self.pos]
        spans: list[Span] = []
        self.pos += 1
        while self.tokens[self.pos].type != close:
            if self.tokens[self.pos].type == "inline":
                spans.extend(inline_spans(self.tokens[self.pos]))
            self.pos += 1
        self.pos += 1
        return tuple(spans), start

    def heading(self, tok: Token) -> None:
        level = int(tok.tag[1])
        spans, _ = self._inline_until("heading_close")
        title = "".join(s.text for s in spans).strip()
        if level == 1 and not self.title:
            self.title = title
        elif level <= 3:
            self.doc.section(title, level=max(level, 2), line=self.line(tok))
        else:
            self.doc.heading(spans, level, self.line(tok))

    def paragraph(self, tok: Token) -> None:
        spans, _ = self._inline_until("paragraph_close")
        signed = _SIGNATURE.match("".join(s.text for s in spans))
        if signed:
            self.doc.sign(signed.group(1))
            self.authors.append(signed.group(1))
        else:
            self.doc.paragraph(spans, self.line(tok))

    def list(self, tok: Token) -> None:
        close = tok.type.replace("_open", "_close")
        ordered = tok.type.startswith("ordered")
        start = int(tok.attrs.get("start", 1) or 1) if ordered else 1
        items: list[tuple[Inline, int]] = []
        depth, item_line, current = 0, 0, []
        self.pos += 1
        while depth > 0 or self.tokens[self.pos].type != close:
            t = self.tokens[self.pos]
            if t.type == "list_item_open" and depth == 0:
                current, item_line = [], self.line(t)
            elif t.type == "list_item_close" and depth == 0:
                items.append((tuple(current), item_line))
            elif t.type in ("bullet_list_open", "ordered_list_open"):
                depth += 1
            elif t.type in ("bullet_list_close", "ordered_list_close"):
                depth -= 1
            elif t.type == "inline":
                # Nested list items fold into their parent item as extra text.
                if current:
                    current.append(Span("；"))
                current.extend(inline_spans(t))
            self.pos += 1
        self.pos += 1
        self.doc.list(items, ordered=ordered, start=start, line=self.line(tok))

    def blockquote(self, tok: Token) -> None:
        versions: list[tuple[Inline, str, int]] = []
        depth = 0
        self.pos += 1
        while depth > 0 or self.tokens[self.pos].type != "blockquote_close":
            t = self.tokens[self.pos]
            depth += t.type == "blockquote_open"
            depth -= t.type == "blockquote_close"
            if t.type == "inline":
                spans = tuple(inline_spans(t))
                versions.append((spans, language_of("".join(s.text for s in spans)), self.line(t)))
            self.pos += 1
        self.pos += 1
        self.doc.quote(versions, self.line(tok))

    def table(self, tok: Token) -> None:
        header: list[str] = []
        rows: list[tuple[tuple[Inline, ...], int]] = []
        row: list[Inline] = []
        in_head, row_line = False, 0
        self.pos += 1
        while self.tokens[self.pos].type != "table_close":
            t = self.tokens[self.pos]
            if t.type == "thead_open":
                in_head = True
            elif t.type == "thead_close":
                in_head = False
            elif t.type == "tr_open":
                row, row_line = [], self.line(t)
            elif t.type == "inline":
                row.append(tuple(inline_spans(t)))
            elif t.type == "tr_close":
                if in_head:
                    header = ["".join(s.text for s in cell) for cell in row]
                else:
                    rows.append((tuple(row), row_line))
            self.pos += 1
        self.pos += 1
        self.doc.table(tuple(header), rows, self.line(tok))


def inline_spans(tok: Token) -> list[Span]:
    """Flatten an inline token into spans: bold, emphasis, links, code, text."""
    spans: list[Span] = []
    style, href = TEXT, ""
    for child in tok.children or []:
        kind = child.type
        if kind == "strong_open":
            style = STRONG
        elif kind == "em_open":
            style = EMPH if style == TEXT else style
        elif kind in ("strong_close", "em_close"):
            style = TEXT
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
        elif kind == "link_close":
            href = ""
        elif kind == "code_inline":
            spans.append(Span(child.content, CODE))
        elif kind in ("softbreak", "hardbreak"):
            spans.append(Span("\n"))
        elif kind == "image":
            spans.append(Span(child.content or ""))
        elif kind in ("text", "html_inline"):
            if href:
                spans.append(Span(child.content, LINK, href=href))
            else:
                spans.append(Span(child.content, style))
    return _merge(spans)


def _merge(spans: list[Span]) -> list[Span]:
    """Join neighbouring spans of the same style so ids and matching see whole runs."""
    out: list[Span] = []
    for span in spans:
        if out and out[-1].kind == span.kind and out[-1].href == span.href and span.kind != CODE:
            out[-1] = Span(out[-1].text + span.text, span.kind, span.href)
        elif span.text:
            out.append(span)
    return out


_LATIN = re.compile(r"[A-Za-z]")
_HAN = re.compile(r"[\u3400-\u9fff]")


def language_of(text: str) -> str:
    """`zh` when the text has Chinese characters, `en` when it is Latin only."""
    if _HAN.search(text):
        return "zh"
    return "en" if _LATIN.search(text) else ""


__all__ = ["NAME", "read", "sniff", "inline_spans", "language_of", "text_spans"]
