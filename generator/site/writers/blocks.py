"""Block-level Markdown shared by page writers: anchored paragraphs, lists, quotes, tables."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence

from generator.core.model import CALLOUT, CODE_BLOCK, HEADING, HTML, LIST, PARAGRAPH, QUOTE, RULE, TABLE, Block, HtmlNode, Item, Section
from generator.site.writers.markdown import Inliner, attr, escape, escape_code


def front_matter(**fields: object) -> str:
    """YAML front matter; JSON strings are valid YAML and escape everything."""
    lines = ["---"]
    for key, value in fields.items():
        if value in (None, "", (), []):
            continue
        lines.append(f"{key}: {json.dumps(_html_text(value), ensure_ascii=False)}")
    if len(lines) == 1:
        return ""  # an empty `---`/`---` block is no front matter to MkDocs: it would show as text
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


def block(b: Block, inliner: Inliner, lang: str = "") -> str:
    """Markdown for one block, each block and item with its stable anchor.

    Args:
        lang: the paragraph's language when it differs from the page's
            (an English paragraph of a mixed source), for `lang=`.
    """
    if b.kind == PARAGRAPH:
        return anchored(inliner.spans(b.spans), b.id, ".passage" + (f" lang={lang}" if lang.isalpha() else ""))
    if b.kind == HEADING:
        return f"{'#' * min(b.level, 6)} {escape(''.join(s.text for s in b.spans))} {{ #{b.id} }}"
    if b.kind == LIST:
        return "\n".join(list_lines(b.items, inliner, ".passage"))
    if b.kind == QUOTE:
        caption = f'<p class="quote-caption">{escape(b.header[0])}</p>\n\n' if b.header else ""
        return wrap(caption + _quoted(b, inliner), b.id, "passage quote")
    if b.kind == CALLOUT:
        return callout(b, inliner)
    if b.kind == TABLE:
        return table(b, inliner)
    if b.kind == CODE_BLOCK:
        return code_block(b)
    if b.kind == RULE:
        return "<hr>"
    if b.kind == HTML:
        return f'<div id="{b.id}" class="passage html">\n{html_nodes(b.html)}\n</div>'
    return ""


# The writer's own allow-list: the elements and attributes it emits, whatever a
# model holds. Everything else contributes its text only.
HTML_TAGS = frozenset({
    "details", "summary", "p", "br", "div", "span", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "ul", "ol", "li", "hr", "blockquote", "sup", "sub", "kbd", "mark", "b", "strong", "i", "em", "code", "small",
})
HTML_ATTRIBUTES = {"details": {"open"}, "th": {"colspan", "rowspan", "align"}, "td": {"colspan", "rowspan", "align"}, "ol": {"start"}}
_VOID = frozenset({"br", "hr"})


def html_nodes(nodes: Sequence[HtmlNode]) -> str:
    """Harmless HTML from its model: allow-listed tags and attributes, every text node escaped.

    It goes out as one raw HTML block, which Python-Markdown passes through
    untouched; the escaped text then reads as text in the browser.
    """
    out = []
    for node in nodes:
        if not node.tag:
            out.append(escape(node.text, strip=False))
            continue
        inner = html_nodes(node.children)
        if node.tag not in HTML_TAGS:
            out.append(inner)
            continue
        attrs = "".join(f' {name}="{attr(value)}"' for name, value in node.attrs if name in HTML_ATTRIBUTES.get(node.tag, ()))
        out.append(f"<{node.tag}{attrs}>" if node.tag in _VOID else f"<{node.tag}{attrs}>{inner}</{node.tag}>")
    return "".join(out)


def list_lines(items: Sequence[Item], inliner: Inliner, classes: str = "", prefix: str = "") -> list[str]:
    """List items as Markdown, nested by depth, each with its anchor.

    Python-Markdown numbers every ordered list from 1, so an item whose number
    is not the next one says so with the HTML `value` attribute.
    """
    lines, expected = [], {}
    for item in items:
        expected = {d: n for d, n in expected.items() if d <= item.depth}  # a deeper list has ended
        indent = "    " * item.depth
        value = ""
        if item.number:
            value = f' value="{item.number}"' if item.number != expected.get(item.depth, 1) else ""
            expected[item.depth] = item.number + 1
        marker = f"{item.number}." if item.number else "-"
        lang = f" lang={item.lang}" if item.lang and prefix else ""
        attrs = " ".join(a for a in (f"#{item.id}", classes, value.strip(), lang.strip()) if a)
        lines.append(f"{prefix}{indent}{marker} {inliner.spans(item.spans)}\n{prefix}{indent}    {{: {attrs} }}")
    return lines


def _quoted(b: Block, inliner: Inliner) -> str:
    """Quote lines and quoted list items, each with its anchor."""
    parts: list[str] = []
    run: list[Item] = []
    for item in (*b.items, None):
        if item is not None and item.listed:
            run.append(item)
            continue
        if run:
            parts.append("\n".join(list_lines(run, inliner, prefix="> ")))
            run = []
        if item is not None:
            lang = f" lang={item.lang}" if item.lang else ""
            parts.append(f"> {inliner.spans(item.spans)}\n> {{: #{item.id}{lang} }}")
    return "\n>\n".join(parts)


# Obsidian callout types -> Material admonition types (the CSS classes Material styles).
CALLOUT_TYPES = {
    "note": "note", "abstract": "abstract", "summary": "abstract", "tldr": "abstract", "info": "info", "todo": "info",
    "tip": "tip", "hint": "tip", "important": "tip", "success": "success", "check": "success", "done": "success",
    "question": "question", "help": "question", "faq": "question", "warning": "warning", "caution": "warning",
    "attention": "warning", "failure": "failure", "fail": "failure", "missing": "failure", "danger": "danger",
    "error": "danger", "bug": "bug", "example": "example", "quote": "quote", "cite": "quote",
}


def callout(b: Block, inliner: Inliner) -> str:
    """A callout as a Material admonition; its type comes from a fixed list, never from the text."""
    kind = CALLOUT_TYPES.get(b.header[0], "note")
    title = b.header[1] or b.header[0].capitalize()
    body = _quoted(b, inliner).replace("\n>\n", "\n\n") if b.items else ""
    body = "\n".join(line.removeprefix("> ") for line in body.split("\n"))
    head = f'<p class="admonition-title">{escape(title)}</p>'
    return f'<div id="{b.id}" class="admonition {kind} passage" markdown>\n{head}\n\n{body}\n\n</div>'


def code_block(b: Block) -> str:
    """Code as a raw `<pre><code>` block: Markdown leaves it alone, the browser shows it as written."""
    code = b.spans[0].text if b.spans else ""
    lang = f' class="language-{attr(b.header[0])}"' if b.header and b.header[0].replace("-", "").replace("+", "").isalnum() else ""
    return f'<div id="{b.id}" class="code" markdown>\n<pre><code{lang}>{escape_code(code)}</code></pre>\n</div>'


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
                parts.append("\n".join(f"{'    ' * i.depth}{f'{i.number}.' if i.number else '-'} {inliner.spans(i.spans)}" for i in b.items))
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
