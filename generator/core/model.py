"""The document model every reader returns and every writer renders.

Frozen dataclasses only: readers build them, later stages derive new
values from them, nothing mutates them. Text inside the model is always
plain data (never Markdown or HTML); writers escape it when rendering.
"""

from __future__ import annotations

from dataclasses import dataclass

# Inline span kinds. A span never nests: bold text inside a link is a link.
TEXT = "text"
STRONG = "strong"
EMPH = "em"
CODE = "code"
LINK = "link"
CORRECTED = "corrected"  # text fixed by a curated correction; `title` keeps the original
# Harmless inline HTML a source wrote (`<br>`, `<sup>2</sup>`), kept as its meaning, never as markup.
BREAK = "br"  # a line break; `text` is "\n"
SUP = "sup"
SUB = "sub"
KBD = "kbd"
MARK = "mark"

# Block kinds.
PARAGRAPH = "paragraph"
LIST = "list"
QUOTE = "quote"
TABLE = "table"
HEADING = "heading"
CODE_BLOCK = "code_block"  # fenced or indented code: `spans` holds one span of the code, `header` its language
RULE = "rule"  # a thematic break (`* * *`)
HTML = "html"  # harmless HTML a source wrote (`<details>`, a table): `html` holds its elements, `spans` its text
CALLOUT = "callout"  # an Obsidian `> [!note] Title` callout: `header` is (type, title), `items` its lines


@dataclass(frozen=True, slots=True)
class Span:
    """A run of inline text with one style.

    Attributes:
        text: the plain text shown to the reader.
        kind: one of TEXT, STRONG, EMPH, CODE, LINK, CORRECTED, BREAK, SUP, SUB, KBD, MARK.
        href: link target (LINK only), untrusted: writers sanitize it.
        title: LINK title, or the original wording of a CORRECTED span.
    """

    text: str
    kind: str = TEXT
    href: str = ""
    title: str = ""


Inline = tuple[Span, ...]


def plain(spans: Inline) -> str:
    """The text of a run of spans, without any styling."""
    return "".join(span.text for span in spans)


@dataclass(frozen=True, slots=True)
class Item:
    """One addressable unit inside a block: a list item, a quote line, a table row.

    Attributes:
        id: stable anchor id, unique within its source.
        spans: inline content (for a table row: the first cell).
        cells: all cells of a table row, else empty.
        lang: BCP 47 language of the text when known (`zh`, `en`).
        line: 1-based line in the source file, 0 when unknown.
        depth: nesting of a list item: 0 at the top, 1 under an item, ...
            An item's parents are the nearest earlier items of lower depth.
        number: the item's number in an ordered list, 0 in a bulleted one.
        listed: a list item inside a quote or callout (LIST items always are).
    """

    id: str
    spans: Inline
    cells: tuple[Inline, ...] = ()
    lang: str = ""
    line: int = 0
    depth: int = 0
    number: int = 0
    listed: bool = False

    @property
    def text(self) -> str:
        return plain(self.spans)


@dataclass(frozen=True, slots=True)
class HtmlNode:
    """An element of harmless HTML, or a text node (`tag` empty).

    Readers keep only elements and attributes the sanitizer allows; the
    writers emit them from their own allow-list and escape every text node.
    """

    tag: str = ""
    attrs: tuple[tuple[str, str], ...] = ()
    children: tuple[HtmlNode, ...] = ()
    text: str = ""


@dataclass(frozen=True, slots=True)
class Block:
    """A block of a section.

    PARAGRAPH uses `spans`; LIST uses `items` (and `ordered`, `start`);
    QUOTE uses `items`, one per language version of the quote, and
    `header` for its caption (`💬 精华片段`), if any;
    TABLE uses `header` and `items` (one per row, with `cells`);
    HEADING (a heading below section level, kept inside a section) uses
    `spans` and `level`; CODE_BLOCK uses one span of code and `header`
    for its language, if any; RULE uses nothing; CALLOUT uses `header`
    (type, title) and `items`; HTML uses `html` (the elements) and
    `spans` (their text, for passages and search).

    Attributes:
        id: stable anchor id derived from the content, unique within the source.
        line: 1-based line in the source file where the block starts.
    """

    kind: str
    id: str
    spans: Inline = ()
    items: tuple[Item, ...] = ()
    header: tuple[str, ...] = ()
    ordered: bool = False
    start: int = 1
    level: int = 0
    line: int = 0
    html: tuple[HtmlNode, ...] = ()

    @property
    def text(self) -> str:
        if self.items:
            return "\n".join(item.text if not item.cells else " ".join(plain(c) for c in item.cells) for item in self.items)
        return plain(self.spans)


@dataclass(frozen=True, slots=True)
class Section:
    """A titled run of blocks. Sections are flat; `level` keeps the outline.

    Attributes:
        id: readable, stable anchor id (slug of the title).
        title: heading text; empty for the untitled lead of a document.
        level: heading level, 2 for top sections (the page title is level 1).
        timestamp: `1:57`-style position in a recording, when the source has one.
        signature: author who signed the section (`——Caiwei Chen`), if any.
    """

    id: str
    title: str
    level: int = 2
    blocks: tuple[Block, ...] = ()
    timestamp: str = ""
    signature: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Meta:
    """Source metadata: what the text carries, overridden by curation.

    `date` is ISO (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), empty when unknown;
    `date_note` says where a date not stated in the text comes from.
    """

    title: str = ""
    kind: str = ""
    publisher: str = ""
    authors: tuple[str, ...] = ()
    date: str = ""
    date_note: str = ""
    url: str = ""
    language: str = "zh"
    description: str = ""
    tags: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()  # other stated facts, e.g. ("纪要生成", "2026-02-25")
    relative_years: tuple[tuple[str, int], ...] = ()  # curated readings, e.g. (("明年", 2026),)


@dataclass(frozen=True, slots=True)
class Notice:
    """Something in a source's content the build worked around (never an error).

    Attributes:
        message: what was wrong and, where there is one, the fix.
        line: 1-based line in the source file, 0 for the whole file.
    """

    message: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class Source:
    """One source document, normalized.

    Attributes:
        path: file name relative to the seeds folder (POSIX form).
        slug: URL-safe, stable, unique name of the source page.
        reader: name of the reader that parsed it.
        digest: SHA-256 of the raw bytes, the cache key.
        notices: what the generator worked around in the file (a guessed
            encoding, front matter it could not read): kept with the source,
            so a cached build reports them too.
    """

    path: str
    slug: str
    meta: Meta
    sections: tuple[Section, ...]
    reader: str = ""
    digest: str = ""
    notices: tuple[Notice, ...] = ()

    def blocks(self):
        """Every (section, block) pair in document order."""
        for section in self.sections:
            for block in section.blocks:
                yield section, block


@dataclass(frozen=True, slots=True)
class Passage:
    """The unit topics, timeline and glossary work on: one paragraph, list item or quote.

    Attributes:
        id: globally unique and stable: `<source slug>/<anchor>`.
        source: slug of the source.
        anchor: id of the block or item on the source page.
        section: id of the enclosing section on the source page.
        section_title: that section's title (context for dates and topics).
        text: plain text of the passage.
        kind: `paragraph`, `item` or `quote`.
        line: 1-based line in the source file.
    """

    id: str
    source: str
    anchor: str
    section: str
    section_title: str
    text: str
    kind: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class Term:
    """A glossary term.

    Attributes:
        id: anchor on the glossary page.
        name: the term as the table writes it (`MoE`).
        aliases: other names: abbreviation, English full name, Chinese name.
        definition: plain text.
        source: slug of the defining source, or `curated`.
        anchor: id of the defining table row on the source page ('' if curated).
        line: line of the row in its file.
    """

    id: str
    name: str
    aliases: tuple[str, ...]
    definition: str
    source: str
    anchor: str = ""
    line: int = 0

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)
