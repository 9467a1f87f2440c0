"""Terms written as headings with a definition, and as `term：definition` list items.

Two of the three glossary shapes (tables are in `tables`; which parts of
a source count is decided in `context`):

    ### 1. **注意力机制（Attention）**        - **RAG**：检索增强生成……
    - 定义：模型在处理一个词时……             - MoE: mixture of experts……
    - 例子：……                               - **ZeRO** - Zero Redundancy Optimizer……

A heading's term is its text without the list number (`1.`, `一、`,
`（3）`), split into name and aliases like a table cell; its definition
is the labelled item (`定义：`), or, in a glossary section, the paragraph
after it. Other labelled items (`例子：`) are left on the source page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from generator.core.model import HEADING, LIST, PARAGRAPH, STRONG, Block, Section, Span, plain

_NUMBER = re.compile(
    r"^\s*(?:第?[0-9０-９]{1,3}\s*[.、．:：)）](?![0-9])|[一二三四五六七八九十]{1,3}\s*[、.．)）]|[(（][0-9一二三四五六七八九十]{1,3}[)）])\s*"
)
_LABEL = re.compile(r"^\s*(?:定义|释义|含义|解释|definition|meaning)\s*[:：]\s*(?P<text>\S.*)$", re.IGNORECASE | re.DOTALL)
# `term：definition`, `term: definition` (not `https://`, not `12:30`), `term - definition`.
_BULLET = re.compile(r"^\s*(?P<term>[^：:\n]{1,80}?)\s*(?:：|:(?!//|\d)|\s[-–—]\s)\s*(?P<text>\S.*)$", re.DOTALL)
_PARENTHESES = re.compile(r"[(（][^)）]*[)）]?")
_SENTENCE = re.compile(r"[。！？!?；;，,、]|\.\s")
_WORD = re.compile(r"[A-Za-z0-9][\w'’+./@-]*")
_LETTER = re.compile(r"[A-Za-z\u3400-\u9fff]")
# Labels of a glossary card's other lines, never terms themselves.
_NOT_TERMS = frozenset({
    "定义", "释义", "含义", "解释", "例子", "举例", "示例", "例如", "延伸", "延伸阅读", "备注", "注意", "说明", "注",
    "参考", "来源", "出处", "相关", "相关术语", "definition", "meaning", "example", "examples", "note", "notes",
    "see also", "source",
})  # fmt: skip
MAX_TERM_CJK = 24  # characters of a Chinese term, its parenthesis left out
MAX_TERM_WORDS = 6  # words of a Latin term
MAX_PLAIN_DEFINITION = 400  # characters of an unlabelled paragraph read as a definition


@dataclass(frozen=True, slots=True)
class Found:
    """A term cell and its definition, with where the definition is.

    Attributes:
        cell: the term as written (`注意力机制（Attention）`), split later like a table cell.
        definition: plain text.
        anchor: id of the item or block that holds the definition.
        line: its line in the file.
    """

    cell: str
    definition: str
    anchor: str
    line: int


def heading_terms(sections: Sequence[tuple[Section, bool]]) -> list[Found]:
    """Terms written as a heading followed by their definition, in document order."""
    labelled: list[Found] = []
    plain_ones: list[Found] = []
    for section, in_glossary in sections:
        for title, bold_or_numbered, blocks in _units(section):
            if not term_like(title) or not blocks:
                continue
            if (found := _labelled(title, blocks[0])) is not None:
                labelled.append(found)
            elif in_glossary and bold_or_numbered and (found := _paragraph(title, blocks[0])) is not None:
                plain_ones.append(found)
    # One numbered heading with a paragraph is a section of an article; a run of them is a glossary.
    return sorted([*labelled, *(plain_ones if len(plain_ones) >= 2 else [])], key=lambda f: f.line)


def _units(section: Section) -> Iterator[tuple[str, bool, list[Block]]]:
    """(heading text without its number, numbered or bold, the blocks up to the next heading)."""
    title, marked, blocks = section.title, bool(_NUMBER.match(section.title)), []
    for block in section.blocks:
        heading = _heading_text(block)
        if heading is None:
            blocks.append(block)
            continue
        yield _NUMBER.sub("", title, count=1).strip(), marked, blocks
        title, blocks = heading
        marked = block.kind == PARAGRAPH or bool(_NUMBER.match(title))
    yield _NUMBER.sub("", title, count=1).strip(), marked, blocks


def _heading_text(block: Block) -> tuple[str, list[Block]] | None:
    """The text of a sub-heading or of a paragraph that is only bold text, else None."""
    if block.kind == HEADING:
        return plain(block.spans).strip(), []
    if block.kind == PARAGRAPH and _only_bold(block.spans):
        return plain(block.spans).strip(), []
    return None


def _only_bold(spans: Sequence[Span]) -> bool:
    shown = [s for s in spans if s.text.strip()]
    return bool(shown) and all(s.kind == STRONG for s in shown) and len(plain(spans)) <= 80


def _labelled(title: str, block: Block) -> Found | None:
    """`- 定义：…` as the first list after the heading (any of its top items), or a `定义：…` paragraph."""
    if block.kind == LIST:
        for item in block.items:
            if item.depth == 0 and (m := _LABEL.match(item.text)):
                return Found(title, _clean(m["text"]), item.id, item.line or block.line)
        return None
    if block.kind == PARAGRAPH and (m := _LABEL.match(plain(block.spans))):
        return Found(title, _clean(m["text"]), block.id, block.line)
    return None


def _paragraph(title: str, block: Block) -> Found | None:
    text = _clean(plain(block.spans))
    if block.kind != PARAGRAPH or not text or len(text) > MAX_PLAIN_DEFINITION or _LABEL.match(text):
        return None
    return Found(title, text, block.id, block.line)


def bullet_terms(sections: Sequence[tuple[Section, bool]]) -> list[Found]:
    """`term：definition` items of the lists in glossary sections where at least half the items have that shape."""
    out: list[Found] = []
    for section, in_glossary in sections:
        if not in_glossary:
            continue
        for block in section.blocks:
            if block.kind != LIST:
                continue
            top = [item for item in block.items if item.depth == 0]
            if any(_LABEL.match(item.text) for item in top):
                continue  # a card's lines under its heading (`- 定义：…`, `- 优点：…`), not a list of terms
            found = [f for item in top if (f := _bullet(item.text, item.id, item.line or block.line)) is not None]
            if found and 2 * len(found) >= len(top):
                out.extend(found)
    return out


def _bullet(text: str, anchor: str, line: int) -> Found | None:
    m = _BULLET.match(text)
    if m is None or not term_like(m["term"]):
        return None
    definition = _clean(m["text"])
    return Found(m["term"].strip(), definition, anchor, line) if len(definition) >= 2 else None


def term_like(cell: str) -> bool:
    """Short enough for a term and not a sentence: `注意力机制（Attention）`, `Mixed precision`, not `营收同比增长，达到…`."""
    core = _PARENTHESES.sub("", cell).strip().strip("*_`").strip()
    if not core or not _LETTER.search(core) or _SENTENCE.search(core) or core.lower() in _NOT_TERMS:
        return False
    cjk = sum(1 for c in core if "\u3400" <= c <= "\u9fff")
    return cjk <= MAX_TERM_CJK and len(_WORD.findall(core)) <= MAX_TERM_WORDS and len(core) <= 60


def _clean(text: str) -> str:
    return " ".join(text.split())
