"""Escaping and inline rendering shared by every page writer.

The one escaping path. Text from a source or a curated file reaches a page
only through `escape` (text) or `attr` (an attribute value). Both replace
every character that means something to Markdown or HTML with a numeric
character reference (`[` -> `&#91;`), so nothing downstream can re-parse
it: not Python-Markdown's inline patterns, not attr_list, not
pymdownx.snippets, not a CommonMark renderer, and not HTML. References
are standard in every Markdown dialect and decode to the same text in the
browser and in any search index, so the output stays builder-agnostic.
The result is safe in every context the writers use: paragraph text, link
text, table cells, the content of inline HTML (which Python-Markdown does
parse as Markdown), raw HTML blocks (which it does not) and quoted
attribute values. Backslash escapes would not be: they show as
backslashes inside raw HTML blocks and do nothing inside attribute values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from urllib.parse import quote, urlsplit

from generator.core.model import BREAK, CODE, CORRECTED, EMPH, KBD, LINK, MARK, STRONG, SUB, SUP, Inline, Span, Term
from generator.core.text import WHITESPACE, short

# Characters that start or end Markdown or HTML syntax anywhere in a line:
# HTML, entities, code, emphasis, links and images, attr_list, tables, GFM
# strikethrough, and the backslash itself.
_ANYWHERE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"} | {c: f"&#{ord(c)};" for c in "\\`*_[]{}|~"})
# ...and those that only matter where a line starts (headings, lists, rules,
# setext underlines, definition lists, snippets) or where a heading ends.
_LINE_START = re.compile(r"^(\s*\d*)((?<!\d)[#+=:-]|(?<=\d)[.)](?=\s|$))")
_LINE_END = re.compile(r"#(?=\s*$)")
# Control characters are invisible and invalid in HTML; STX/ETX (\x02, \x03) would
# also forge Python-Markdown's placeholders for stashed HTML.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ATTR = str.maketrans({'"': "&quot;", "'": "&#39;", "(": "&#40;", ")": "&#41;"})
_SAFE_SCHEMES = ("http", "https", "mailto")

# The harmless inline HTML a source may write: span kind -> the tag the writer emits.
_HTML_TAGS = {SUP: "sup", SUB: "sub", KBD: "kbd", MARK: "mark"}

# A term matcher splits text into (chunk, term-or-None) pieces.
Annotator = Callable[[str], Sequence[tuple[str, "Term | None"]]]


def escape(text: str, strip: bool = True) -> str:
    """Plain text -> Markdown (and HTML) that renders as exactly that text, on one line."""
    text = WHITESPACE.sub(" ", _CONTROL.sub("", text))
    text = (text.strip() if strip else text).translate(_ANYWHERE)
    text = _LINE_START.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", text)
    return _LINE_END.sub("&#35;", text)


# In code, every ASCII punctuation character: code keeps its white space and
# line breaks, so the line-start rules of `escape` cannot apply line by line.
_CODE = str.maketrans({c: f"&#{ord(c)};" for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"})


def escape_code(text: str) -> str:
    """Code -> the content of a raw `<pre><code>` block that shows exactly that
    code: white space and line breaks kept, nothing parseable left."""
    return _CONTROL.sub("", text.replace("\r\n", "\n")).translate(_CODE)


def attr(text: str) -> str:
    """Plain text -> a value safe inside a double-quoted HTML attribute or Markdown link title."""
    return escape(text).translate(_ATTR)


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

    def text(self, text: str, strip: bool = True) -> str:
        """Escape text, turning glossary terms into tooltip links."""
        text = WHITESPACE.sub(" ", text)
        text = text.strip() if strip else text
        if not (self.annotate and self.term_link):
            return escape(text, strip=False)
        out = []
        for chunk, term in self.annotate(text):
            if term is None:
                out.append(escape(chunk, strip=False))
            else:
                tip = short(f"{term.name}：{term.definition}")
                out.append(f'[{escape(chunk)}]({self.term_link(term)} "{attr(tip)}")')
        return "".join(out)

    def span(self, span: Span) -> str:
        """One span; the white space around it stays outside its markup, so words keep their spaces."""
        if span.kind == BREAK:
            return "<br>" * max(1, span.text.count("\n"))
        text = WHITESPACE.sub(" ", span.text)
        core = text.strip()
        if not core:
            return text
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        return f"{lead}{self._markup(span, core)}{trail}"

    def _markup(self, span: Span, text: str) -> str:
        if span.kind == LINK:
            href = safe_href(span.href)
            return f"[{escape(text)}]({href})" if href else escape(text)
        if span.kind == CODE:
            return f"<code>{escape(text)}</code>"
        if span.kind == CORRECTED:
            tip = attr(f"原文转写为“{span.title}”，已更正")
            return f'<abbr class="correction" title="{tip}">{escape(text)}</abbr>'
        if span.kind in _HTML_TAGS:
            # Inline HTML content is Markdown to Python-Markdown: escaped like any text.
            return f"<{_HTML_TAGS[span.kind]}>{escape(text)}</{_HTML_TAGS[span.kind]}>"
        body = self.text(text)
        if span.kind == STRONG:
            return f"**{body}**"
        if span.kind == EMPH:
            return f"*{body}*"
        return body

    def spans(self, spans: Inline) -> str:
        return "".join(self.span(span) for span in spans).strip()


PLAIN = Inliner()
