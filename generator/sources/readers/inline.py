"""Inline Markdown (a markdown-it inline token) -> spans, and the helpers the
Markdown reader shares for inline content: wikilinks, callout titles, the
HTML of a paragraph inside an HTML block.
"""

from __future__ import annotations

import html
import re

from markdown_it.token import Token

from generator.core.model import BREAK, CODE, EMPH, LINK, STRONG, TEXT, Inline, Span
from generator.sources.readers.html import INLINE_KINDS, inline_tag

# `[[Page]]`, `[[Page|shown text]]`, `![[embedded]]`.
_WIKILINK = re.compile(r"!?\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")


def inline_spans(tok: Token) -> list[Span]:
    """Flatten an inline token into spans: bold, emphasis, links, code, text."""
    spans: list[Span] = []
    style, href = TEXT, ""
    for child in tok.children or []:
        kind = child.type
        kept = inline_tag(child.content) if kind == "html_inline" else None
        if kept:
            tag, closing = kept
            if tag == "br":
                spans.append(Span("\n", BREAK))
            else:
                style = TEXT if closing else INLINE_KINDS[tag]
            continue
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
        elif kind == "footnote_ref":
            spans.append(Span(f"[{(child.meta or {}).get('label', '')}]", style))
        elif kind == "html_inline" and child.content.startswith("<!--"):
            continue  # a comment is the writer's note to self, never shown
        elif kind in ("text", "html_inline"):
            if href:
                spans.append(Span(child.content, LINK, href=href))
            else:
                spans.append(Span(child.content, style))
    return [_unwiki(span) for span in _merge(spans)]


_OPENS = re.compile(r"<(/?)(details|div|table|blockquote|ul|ol)\b", re.IGNORECASE)


# Span kind -> the element that shows it inside a sanitized HTML fragment.
_SPAN_TAGS = {STRONG: "strong", EMPH: "em", CODE: "code", **{kind: tag for tag, kind in INLINE_KINDS.items() if tag in ("sup", "sub", "kbd", "mark")}}


def spans_html(spans: list[Span]) -> str:
    """A paragraph inside an HTML block (`<details>`' body) as HTML for the sanitizer, its text escaped."""
    out = []
    for span in spans:
        if span.kind == BREAK:
            out.append("<br>")
        elif span.kind in _SPAN_TAGS:
            out.append(f"<{_SPAN_TAGS[span.kind]}>{html.escape(span.text)}</{_SPAN_TAGS[span.kind]}>")
        else:
            out.append(html.escape(span.text))
    return "".join(out)


def unclosed(fragment: str) -> bool:
    """More container elements opened than closed (`<details>` whose body comes later)."""
    depth = 0
    for m in _OPENS.finditer(fragment):
        depth += -1 if m.group(1) else 1
    return depth > 0


def _unwiki(span: Span) -> Span:
    """Obsidian `[[Page]]` and `[[Page|shown]]` links read as their text: the page is not here to link to."""
    if span.kind == CODE or "[[" not in span.text:
        return span
    return Span(_WIKILINK.sub(_wiki_text, span.text), span.kind, span.href, span.title)


def _wiki_text(m: re.Match[str]) -> str:
    return m.group(2) or m.group(1).replace("#", " › ")


def after_first_line(spans: Inline) -> Inline:
    """The spans after the first line break (a callout's body after its `[!type] Title` line)."""
    out: list[Span] = []
    seen = False
    for span in spans:
        if seen:
            out.append(span)
        elif "\n" in span.text:
            seen = True
            rest = span.text.split("\n", 1)[1]
            if rest:
                out.append(Span(rest, span.kind, span.href, span.title))
    return tuple(out)


def _merge(spans: list[Span]) -> list[Span]:
    """Join neighbouring spans of the same style so ids and matching see whole runs."""
    out: list[Span] = []
    for span in spans:
        if out and out[-1].kind == span.kind and out[-1].href == span.href and span.kind not in (CODE, BREAK):
            out[-1] = Span(out[-1].text + span.text, span.kind, span.href)
        elif span.text:
            out.append(span)
    return out


__all__ = ["after_first_line", "inline_spans", "spans_html", "unclosed"]
