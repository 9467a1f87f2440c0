"""Reader for podcast notes: timestamped sections, bilingual quotes, a terms table.

The notes follow a fixed layout: a title line, a header line of
`label: value` fields separated by `|`, boilerplate headings with nothing
under them, `H:MM 标题` section headers, `💬 精华片段(中文) "…"` followed by
the English original, a `术语 解释` table and a numbered `延伸思考` list.
"""

from __future__ import annotations

import re

from generator.core.model import Meta
from generator.dates.find import find_dates
from generator.sources.readers import plaintext
from generator.sources.readers.builder import Document, DocumentBuilder, text_spans
from generator.sources.readers.markdown import language_of

NAME = "podcast_notes"

TIMESTAMP = re.compile(r"^(\d{1,2}:\d{2}(?::\d{2})?)\s+(\S.*)$")
QUOTE_ZH = re.compile(r"^(💬\s*精华片段)\s*[(（]中文[)）]\s*(.*)$")
BOILERPLATE = frozenset({"本节重点", "详细精要", "全集重点"})
TERMS_HEADER = re.compile(r"^(术语|名词|Term)\s+(解释|释义|定义|Definition)\s*$", re.IGNORECASE)
NUMBERED = re.compile(r"^\s*(\d{1,3})[.、)]\s*(\S.*)$")
HEADER_FIELD = re.compile(r"(来源|嘉宾|主持|日期|分类|原文发表|纪要生成)\s*[:：]\s*")
KNOWN_HEADINGS = frozenset({"嘉宾/话题简介", "分节详述", "专业术语注释", "延伸思考"})
# A Latin name (spaces allowed, `KV Cache`) or a Chinese one, then its parenthesized aliases.
_TERM_WITH_PARENS = re.compile(r"^(?:[A-Za-z0-9][\w./+\- ]*?|[^\s(（]+)\s*[(（][^()（）]*[)）]")


def sniff(text: str) -> bool:
    """Podcast notes have several timestamped section headers and a quote or field header."""
    stamps = sum(1 for line in text.splitlines() if TIMESTAMP.match(line.strip()))
    return stamps >= 2 and ("💬" in text or bool(HEADER_FIELD.search(text)))


def read(text: str) -> Document:
    lines = text.splitlines()
    doc = DocumentBuilder()
    meta = Meta()
    i = 0
    while i < len(lines):
        raw = lines[i].strip()
        n = i + 1
        if not raw or raw in BOILERPLATE:
            i += 1
        elif not meta.title and raw.startswith("▶"):
            meta = _with(meta, extra=(*meta.extra, ("链接", raw.lstrip("▶ ").strip())))
            i += 1
        elif not meta.title and not TIMESTAMP.match(raw) and not HEADER_FIELD.search(raw):
            meta = _with(meta, title=raw)  # the first line of text names the episode
            i += 1
        elif HEADER_FIELD.search(raw) and "|" in raw:
            meta = _header(raw, meta)
            i += 1
        elif (m := TIMESTAMP.match(raw)):
            doc.section(m.group(2), level=3, line=n, timestamp=m.group(1))
            i += 1
        elif (m := QUOTE_ZH.match(raw)):
            i = _quote(lines, i, m.group(2), doc, m.group(1))
        elif TERMS_HEADER.match(raw):
            i = _terms(lines, i, doc)
        elif NUMBERED.match(lines[i]):
            i = _numbered(lines, i, doc)
        elif raw in KNOWN_HEADINGS or (plaintext.looks_like_heading(raw) and _next_is_text(lines, i)):
            doc.section(raw, level=2, line=n)
            i += 1
        else:
            doc.paragraph(text_spans(raw), n)
            i += 1
    return Document(meta=meta, sections=doc.sections())


def _with(meta: Meta, **changes) -> Meta:
    from dataclasses import replace

    return replace(meta, **changes)


def _header(line: str, meta: Meta) -> Meta:
    """`来源: X | 嘉宾: A、B | 原文发表: Jan 31, 2026 …` -> metadata fields, in order."""
    fields: list[tuple[str, str]] = []
    matches = list(HEADER_FIELD.finditer(line))
    for m, nxt in zip(matches, [*matches[1:], None]):
        value = line[m.end() : nxt.start() if nxt else len(line)].strip(" |")
        fields.append((m.group(1), value))
    found = dict(fields)
    guests = tuple(g.strip() for g in re.split(r"[、,，]", found.get("嘉宾", "")) if g.strip())
    return _with(meta, publisher=found.get("来源", meta.publisher), authors=guests or meta.authors,
                 date=_iso_day(found.get("原文发表", "")), extra=(*meta.extra, *fields))


def _iso_day(text: str) -> str:
    """`Jan 31, 2026` -> `2026-01-31`; '' when the text states no exact day."""
    for match in find_dates(text, anchor_year=None, source_date=None):
        if match.span is not None and match.span.granularity == "day":
            return match.span.start.isoformat()
    return ""


def _quote(lines: list[str], i: int, zh: str, doc: DocumentBuilder, caption: str) -> int:
    """A Chinese quote and, on the next non-empty line, its English original."""
    versions = [(text_spans(_unquote(zh)), "zh", i + 1)]
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j < len(lines) and language_of(lines[j]) == "en":
        versions.append((text_spans(_unquote(lines[j].strip())), "en", j + 1))
        j += 1
    doc.quote(versions, i + 1, caption=f"{caption}（中文）")
    return j


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] in "\"“" and text[-1] in "\"”":
        return text[1:-1].strip()
    return text


def _terms(lines: list[str], i: int, doc: DocumentBuilder) -> int:
    """The plain-text terms table: one `term(aliases) explanation` row per line."""
    header = tuple(lines[i].split())
    rows = []
    j = i + 1
    while j < len(lines) and lines[j].strip():
        cells = split_term_row(lines[j].strip())
        rows.append((tuple(text_spans(c) for c in cells), j + 1))
        j += 1
    doc.table(header, rows, i + 1)
    return j


def split_term_row(row: str) -> tuple[str, ...]:
    """Split `KV Cache(键值缓存) 大模型…` into (term, explanation).

    The term ends at the closing parenthesis of its first parenthesis group
    when that group follows the name directly, else at the first space.
    Returns a single cell when the row has no explanation.
    """
    m = _TERM_WITH_PARENS.match(row)
    if m:
        rest = row[m.end() :].strip()
        return (m.group(0).strip(), rest) if rest else (m.group(0).strip(),)
    return tuple(row.split(None, 1))


def _numbered(lines: list[str], i: int, doc: DocumentBuilder) -> int:
    items, j = [], i
    start = int(NUMBERED.match(lines[i]).group(1))
    while j < len(lines) and (m := NUMBERED.match(lines[j])):
        items.append((text_spans(m.group(2).strip()), j + 1))
        j += 1
    doc.list(items, ordered=True, start=start, line=i + 1)
    return j


def _next_is_text(lines: list[str], i: int) -> bool:
    """A heading is followed (after blank lines) by a longer line of prose."""
    for nxt in lines[i + 1 :]:
        if nxt.strip():
            return len(nxt.strip()) > 30 and nxt.strip() not in BOILERPLATE
    return False
