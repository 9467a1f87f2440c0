"""Escaping and inline rendering shared by every page writer.

Source text is data: everything from a source passes through `escape`, so
HTML, scripts and Markdown syntax in a source show as literal text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from urllib.parse import quote, urlsplit

from generator.core.model import CODE, CORRECTED, EMPH, LINK, STRONG, Inline, Span, Term
from generator.core.text import WHITESPACE, short

# Python-Markdown's ESCAPED_CHARS plus `|` (tables). Backslash-escaping any
# other character would leave a visible backslash.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")
_SAFE_SCHEMES = ("http", "https", "mailto")

# A term matcher splits text into (chunk, term-or-None) pieces.
Annotator = Callable[[str], Sequence[tuple[str, "Term | None"]]]


def escape(text: str, strip: bool = True) -> str:
    """Plain text -> Markdown that renders as exactly that text, on one line."""
    text = WHITESPACE.sub(" ", text)
    text = text.strip() if strip else text
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def attr(text: str) -> str:
    """Plain text -> a value safe inside a double-quoted HTML/Markdown attribute."""
    return html.escape(WHITESPACE.sub(" ", text).strip(), quote=True)


def safe_href(href: str) -> str:
    """The link target if it is a web or mail address, else '' (never `javascript:`)."""
    href = href.strip()
    parts = urlsplit(href)
    if parts.scheme.lower() not in _SAFE_SCHEMES or not (parts.netloc or parts.scheme == "mailto"):
        return ""
    return quote(href, safe=":/?#[]@!$&'*+,;=%~")


class Inliner:
    """Renders inline spans for one page, linking glossary terms where allowed.

    Args:
        term_link: maps a term to the link target of its glossary entry from
            this page; None disables term linking (headings, tables of contents).
        annotate: splits plain text into chunks and matched terms.
    """

    def __init__(self, term_link: Callable[[Term], str] | None = None, annotate: Annotator | None = None) -> None:
        self.term_link = term_link
        self.annotate = annotate

    def text(self, text: str) -> str:
        """Escape text, turning glossary terms into tooltip links."""
        if not (self.annotate and self.term_link):
            return escape(text)
        out = []
        for chunk, term in self.annotate(WHITESPACE.sub(" ", text).strip()):
            if term is None:
                out.append(escape(chunk, strip=False))
            else:
                tip = short(f"{term.name}：{term.definition}").replace('"', "”")
                out.append(f'[{escape(chunk)}]({self.term_link(term)} "{attr(tip)}")')
        return "".join(out)

    def span(self, span: Span) -> str:
        if span.kind == LINK:
            href = safe_href(span.href)
            return f"[{escape(span.text)}]({href})" if href else escape(span.text)
        if span.kind == CODE:
            return f"<code>{html.escape(span.text)}</code>"
        if span.kind == CORRECTED:
            tip = attr(f"原文转写为“{span.title}”，已更正")
            return f'<abbr class="correction" title="{tip}">{html.escape(span.text)}</abbr>'
        body = self.text(span.text)
        if not body.strip():
            return body
        if span.kind == STRONG:
            return f"**{body}**"
        if span.kind == EMPH:
            return f"*{body}*"
        return body

    def spans(self, spans: Inline) -> str:
        return "".join(self.span(span) for span in spans).strip()


PLAIN = Inliner()
