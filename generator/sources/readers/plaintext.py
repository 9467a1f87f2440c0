"""Fallback reader: blank-line separated paragraphs, short lone lines as headings."""

from __future__ import annotations

import re

from generator.core.model import Meta
from generator.sources.readers.builder import Document, DocumentBuilder, join_lines, text_spans

NAME = "plaintext"

_END_PUNCT = re.compile(r"[。！？!?.…:：;；，,”\"')）]$")


def sniff(text: str) -> bool:
    return True


def read(text: str) -> Document:
    """Paragraphs split on blank lines; the first short line is the title."""
    doc = DocumentBuilder()
    title = ""
    for line_no, chunk in _chunks(text):
        first = chunk.splitlines()[0].strip()
        if "\n" not in chunk and looks_like_heading(first):
            if not title:
                title = first
            else:
                doc.section(first, line=line_no)
            continue
        doc.paragraph(text_spans(join_lines(chunk.splitlines())), line_no)
    return Document(meta=Meta(title=title), sections=doc.sections())


# An English headline takes more characters than a Chinese one says as much in.
_HEADING_MAX = {"zh": 30, "en": 90}
_HAN = re.compile(r"[\u3400-\u9fff]")


def looks_like_heading(line: str) -> bool:
    """A short line without closing punctuation reads as a heading."""
    most = _HEADING_MAX["zh" if _HAN.search(line) else "en"]
    return 0 < len(line) <= most and not _END_PUNCT.search(line)


def _chunks(text: str):
    """(first line number, text) of each blank-line separated chunk."""
    for match in re.finditer(r"(?:^[ \t]*\S.*(?:\n|$))+", text, re.MULTILINE):
        yield text.count("\n", 0, match.start()) + 1, match.group(0).strip("\n")
