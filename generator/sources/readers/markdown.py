"""Reader for Markdown articles and blog posts, parsed with markdown-it-py.

H1 becomes the title, H2 and deeper start sections, and a closing line such
as `——Caiwei Chen` signs its section. Raw HTML is never passed through as
markup: harmless elements become a typed model (`sources/readers/html.py`),
comments are dropped, and anything else is kept as text (the writers escape it).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from generator.core.model import CODE, Inline, Meta, Notice, Span, plain
from generator.sources.readers.builder import Document, DocumentBuilder, Piece, text_spans
from generator.sources.readers.html import comment_only, node_text, sanitized
from generator.sources.readers.inline import after_first_line, inline_spans, spans_html, unclosed
from generator.sources.readers.metadata import LANGUAGES, FieldReader, key_lines, looks_like_metadata, meta_from

NAME = "markdown"

_HEADING = re.compile(r"^ {0,3}#{1,6}\s+\S", re.MULTILINE)
_LIST_OR_EMPHASIS = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+\S|\*\*[^*\n]+\*\*|\[[^\]\n]+\]\([^)\n]*\)", re.MULTILINE)
_SIGNATURE = re.compile(r"^\s*(?:——|--|—)\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*$")

_CALLOUT = re.compile(r"\A\[!(\w+)\][+-]?[ \t]*([^\n]*)")
_COMMENT = re.compile(r"\A\s*<!--(.*?)-->\s*\Z", re.DOTALL)

_parser = MarkdownIt("commonmark", {"html": True}).enable("table").use(footnote_plugin)
# markdown-it drops whatever is nested deeper than its maxNesting (20), so
# deeper quote markers are folded into this many before parsing: the text stays.
MAX_QUOTE_DEPTH = 10
_DEEP_QUOTE = re.compile(rf"^((?:[ \t]{{0,3}}>[ \t]?){{{MAX_QUOTE_DEPTH}}})(?:[ \t]{{0,3}}>[ \t]?)+", re.MULTILINE)


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
        self.comment_meta: tuple[dict[str, object], dict[str, int]] | None = None
        self.paragraphs = 0
        self.notices: list[Notice] = []
        self.pos = 0

    def line(self, tok: Token) -> int:
        return (tok.map[0] + 1 + self.offset) if tok.map else 0

    def run(self) -> Document:
        while self.pos < len(self.tokens):
            self.block(self.tokens[self.pos])
        meta = Meta(title=self.title, authors=tuple(dict.fromkeys(self.authors)))
        if not self.comment_meta:
            return Document(meta=meta, sections=self.doc.sections(), notices=tuple(self.notices))
        fields = FieldReader(*self.comment_meta, self.notices)
        meta = meta_from(fields, meta)
        return Document(meta=meta, sections=self.doc.sections(), notices=tuple(self.notices),
                        language_declared=bool(fields.text(LANGUAGES)[1]))

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
        if tok.type == "html_block" and comment_only(tok.content):
            self.comment(tok)
        elif tok.type == "html_block" and self.html(tok):
            return
        elif tok.type in ("fence", "code_block"):
            self.doc.code(tok.content.rstrip("\n"), tok.info.split()[0] if tok.info.strip() else "", self.line(tok))
        elif tok.type == "hr":
            self.doc.rule(self.line(tok))
        elif tok.type == "html_block":
            self.notices.append(Notice("HTML with an element or attribute off the allow-list (script, style, an event "
                                       "attribute...) is shown as text; remove it if it is not meant to be read", self.line(tok)))
            self.doc.paragraph((Span(tok.content.strip()),), self.line(tok))
        elif tok.type == "footnote_block_open":
            self.footnotes()
            return
        self.pos += 1

    def footnotes(self) -> None:
        """Footnotes stay at the end, each a paragraph led by its label."""
        label = ""
        while self.tokens[self.pos].type != "footnote_block_close":
            t = self.tokens[self.pos]
            if t.type == "footnote_open":
                label = str((t.meta or {}).get("label", ""))
            elif t.type == "inline":
                lead = (Span(f"[{label}] "),) if label else ()
                self.doc.paragraph((*lead, *inline_spans(t)), self.line(t))
                label = ""
            self.pos += 1
        self.pos += 1

    def html(self, tok: Token) -> bool:
        """Harmless HTML as a typed block; False (shown as text) otherwise.

        markdown-it ends an HTML block at a blank line, so `<details>` with
        Markdown paragraphs inside arrives in pieces: the pieces up to the
        closing tag are read as one fragment, the paragraphs as `<p>` text.
        """
        start, fragment = self.pos, tok.content
        self.pos += 1
        while unclosed(fragment) and self.pos < len(self.tokens):
            t = self.tokens[self.pos]
            if t.type == "html_block":
                fragment += t.content
            elif t.type == "inline":
                fragment += f"<p>{spans_html(inline_spans(t))}</p>\n"
            self.pos += 1
        nodes = sanitized(fragment)
        if nodes is None:
            self.pos = start
            return False
        self.doc.html(nodes, node_text(nodes), self.line(tok))
        return True

    def comment(self, tok: Token) -> None:
        """An HTML comment is never shown; one of `key: value` lines is metadata
        (the first such comment; a machine translation tool's header, say)."""
        m = _COMMENT.match(tok.content)
        body = m.group(1) if m else ""
        if not self.comment_meta and looks_like_metadata(body):
            self.comment_meta = key_lines(body, self.line(tok))

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
        raw = self.tokens[self.pos + 1].content if self.pos + 1 < len(self.tokens) else ""
        spans, _ = self._inline_until("paragraph_close")
        self.paragraphs += 1
        if self.paragraphs == 1 and self.comment_meta is None and "\n" in raw.strip() and looks_like_metadata(raw):
            # Notion exports a page's properties as `Key: value` lines under its title.
            self.comment_meta = key_lines(raw, self.line(tok))
            return
        signed = _SIGNATURE.match("".join(s.text for s in spans))
        if signed:
            self.doc.sign(signed.group(1))
            self.authors.append(signed.group(1))
        else:
            self.doc.paragraph(spans, self.line(tok))

    def list(self, tok: Token) -> None:
        ordered = tok.type.startswith("ordered")
        start = int(tok.attrs.get("start", 1) or 1) if ordered else 1
        pieces: list[Piece] = []
        self._collect_list(pieces, 0)
        self.doc.list(pieces, ordered=ordered, start=start, line=self.line(tok))

    def _collect_list(self, pieces: list[Piece], depth: int, listed: bool = False) -> None:
        """The list at `pos` (and the lists nested in it) as flat pieces with their depth and number."""
        opening = self.tokens[self.pos]
        close = opening.type.replace("_open", "_close")
        ordered = opening.type.startswith("ordered")
        number = int(opening.attrs.get("start", 1) or 1) if ordered else 0
        self.pos += 1
        while self.tokens[self.pos].type != close:
            t = self.tokens[self.pos]
            self.pos += 1
            if t.type != "list_item_open":
                continue
            if ordered and t.info.isdigit():
                number = int(t.info)  # the number the writer gave, gaps and all
            index = len(pieces)
            pieces.append(Piece((), self.line(t), depth, number, listed))
            spans = self._item_body(pieces, depth, listed)
            pieces[index] = pieces[index]._replace(spans=tuple(spans))
            number += 1 if ordered else 0
        self.pos += 1

    def _item_body(self, pieces: list[Piece], depth: int, listed: bool) -> list[Span]:
        """An item's own text up to its close; nested lists go to `pieces` after it."""
        spans: list[Span] = []
        while self.tokens[self.pos].type != "list_item_close":
            u = self.tokens[self.pos]
            if u.type in ("bullet_list_open", "ordered_list_open"):
                self._collect_list(pieces, depth + 1, listed)
                continue
            if u.type == "inline" or u.type in ("fence", "code_block"):
                if spans:
                    spans.append(Span(" "))
                spans.extend(inline_spans(u) if u.type == "inline" else [Span(u.content.rstrip("\n"), CODE)])
            self.pos += 1
        self.pos += 1
        return spans

    def blockquote(self, tok: Token) -> None:
        pieces: list[Piece] = []
        depth = 0
        self.pos += 1
        while depth > 0 or self.tokens[self.pos].type != "blockquote_close":
            t = self.tokens[self.pos]
            if t.type in ("bullet_list_open", "ordered_list_open"):
                self._collect_list(pieces, 0, listed=True)
                continue
            depth += t.type == "blockquote_open"
            depth -= t.type == "blockquote_close"
            if t.type == "inline":
                spans = tuple(inline_spans(t))
                pieces.append(Piece(spans, self.line(t), lang=language_of(plain(spans))))
            elif t.type in ("fence", "code_block"):
                pieces.append(Piece((Span(t.content.rstrip("\n"), CODE),), self.line(t)))
            self.pos += 1
        self.pos += 1
        callout = _CALLOUT.match(plain(pieces[0].spans)) if pieces and not pieces[0].listed else None
        if callout:
            first = after_first_line(pieces[0].spans)
            rest = ([pieces[0]._replace(spans=first)] if first else []) + pieces[1:]
            self.doc.callout(callout.group(1).lower(), callout.group(2).strip(), rest, self.line(tok))
        else:
            self.doc.quote(pieces, self.line(tok))

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


_LATIN = re.compile(r"[A-Za-z]")
_HAN = re.compile(r"[\u3400-\u9fff]")


def language_of(text: str) -> str:
    """`zh` when the text has Chinese characters, `en` when it is Latin only."""
    if _HAN.search(text):
        return "zh"
    return "en" if _LATIN.search(text) else ""


__all__ = ["NAME", "inline_spans", "language_of", "read", "sniff", "text_spans"]
