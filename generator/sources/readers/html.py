"""Raw HTML in a source: harmless structure kept as a typed model, the rest as text.

Like a code host rendering a README: an allow-list of harmless elements
(line breaks, `<details>`/`<summary>`, `<sup>`, `<kbd>`, `<mark>`,
tables, paragraphs) is kept, through nh3 (the Rust `ammonia` sanitizer),
and comments are dropped. A fragment with anything else in it (`<script>`,
`<style>`, `<iframe>`, an event attribute, a `javascript:`, `data:` or
`vbscript:` address) is not sanitized away but shown, whole, as the text
it is, so nothing is lost and nothing is live. The reader never passes
HTML on as markup: it returns `HtmlNode`s, and the writers emit their own
tags with every text node escaped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

from generator.core.model import BREAK, CODE, EMPH, KBD, MARK, STRONG, SUB, SUP, HtmlNode

# Elements kept, and the attributes kept on them (`class` on `p` is dropped).
BLOCK_TAGS = frozenset({
    "details", "summary", "p", "br", "div", "span", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "ul", "ol", "li", "hr", "blockquote", "sup", "sub", "kbd", "mark", "b", "strong", "i", "em", "code", "small",
})
ATTRIBUTES = {"details": {"open"}, "th": {"colspan", "rowspan", "align"}, "td": {"colspan", "rowspan", "align"}, "ol": {"start"}}
# Attributes that are dropped without a word: presentation only.
DROPPED_ATTRIBUTES = frozenset({"class", "id", "align", "width", "height", "dir", "lang", "title", "name"})
# Inline elements and the span kind each becomes.
INLINE_KINDS = {"sup": SUP, "sub": SUB, "kbd": KBD, "mark": MARK, "b": STRONG, "strong": STRONG, "i": EMPH, "em": EMPH, "code": CODE}
VOID = frozenset({"br", "hr"})
_COMMENTS = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


class _Tags(HTMLParser):
    """The tags and attributes of a fragment, and whether it is all harmless."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.harmless = True
        self.tags = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags += 1
        self.harmless &= tag in BLOCK_TAGS and all(
            name in ATTRIBUTES.get(tag, ()) or name in DROPPED_ATTRIBUTES for name, _ in attrs)

    def handle_endtag(self, tag: str) -> None:
        self.harmless &= tag in BLOCK_TAGS

    def unknown_decl(self, data: str) -> None:  # `<![CDATA[`
        self.harmless = False

    def handle_pi(self, data: str) -> None:  # `<?php ?>`
        self.harmless = False

    def handle_decl(self, decl: str) -> None:  # `<!DOCTYPE>`
        self.harmless = False


def harmless(fragment: str) -> bool:
    """True when every tag and attribute in the fragment is on the allow-list."""
    checker = _Tags()
    checker.feed(_COMMENTS.sub("", fragment))
    checker.close()
    return checker.harmless and checker.tags > 0


def sanitized(fragment: str) -> tuple[HtmlNode, ...] | None:
    """The fragment's elements, or None when it must be shown as text."""
    if not harmless(fragment):
        return None
    clean = nh3.clean(fragment, tags=set(BLOCK_TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                      strip_comments=True, link_rel=None)
    builder = _Tree()
    builder.feed(clean)
    builder.close()
    return builder.nodes()


def comment_only(fragment: str) -> bool:
    """A fragment that is nothing but comments (and white space)."""
    return bool(fragment.strip()) and not _COMMENTS.sub("", fragment).strip()


class _Tree(HTMLParser):
    """nh3's balanced output -> HtmlNodes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, tuple[tuple[str, str], ...], list[HtmlNode]]] = [("", (), [])]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kept = tuple((n, v or "") for n, v in attrs if n in ATTRIBUTES.get(tag, ()))
        if tag in VOID:
            self.stack[-1][2].append(HtmlNode(tag, kept))
        else:
            self.stack.append((tag, kept, []))

    def handle_endtag(self, tag: str) -> None:
        if len(self.stack) > 1 and self.stack[-1][0] == tag:
            name, attrs, children = self.stack.pop()
            self.stack[-1][2].append(HtmlNode(name, attrs, tuple(children)))

    def handle_data(self, data: str) -> None:
        self.stack[-1][2].append(HtmlNode(text=data))

    def nodes(self) -> tuple[HtmlNode, ...]:
        while len(self.stack) > 1:
            self.handle_endtag(self.stack[-1][0])
        return tuple(self.stack[0][2])


def node_text(nodes: tuple[HtmlNode, ...]) -> str:
    """The text a reader sees: line breaks between blocks, cells apart."""
    out = []
    for node in nodes:
        if not node.tag:
            out.append(node.text)
        elif node.tag in ("br", "hr"):
            out.append("\n")
        else:
            inner = node_text(node.children)
            out.append(f"\n{inner}\n" if node.tag in ("p", "summary", "div", "tr", "li", "caption", "details") else
                       f"{inner} " if node.tag in ("td", "th") else inner)
    return re.sub(r"\n\s*\n+", "\n", "".join(out))


def inline_tag(html: str) -> tuple[str, bool] | None:
    """(tag, is closing) of one inline tag that is kept (`<br>`, `<sup>`, `</sup>`), else None."""
    m = re.fullmatch(r"<(/?)([a-zA-Z]+)\s*/?>", html.strip())
    if not m:
        return None
    tag = m.group(2).lower()
    if tag == "br" or (tag in INLINE_KINDS):
        return tag, bool(m.group(1))
    return None


__all__ = ["BREAK", "INLINE_KINDS", "comment_only", "harmless", "inline_tag", "node_text", "sanitized"]
