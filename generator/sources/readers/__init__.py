"""Readers: one per source shape, chosen by sniffing content in a fixed order.

Like markdown-it-py's ordered rule lists, the registry is an explicit
tuple: the first reader whose `sniff` accepts the text reads it. File
names are never consulted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath

from generator.core.errors import BriefingError
from generator.core.ids import file_slug
from generator.core.model import CODE_BLOCK, Notice, Source
from generator.sources.decode import DEFAULT_MAX_BYTES, decode
from generator.sources.readers import frontmatter, markdown, plaintext, podcast_notes, transcript
from generator.sources.readers.builder import Document
from generator.sources.readers.language import document_language
from generator.sources.readers.transcript import Cue

# Most specific first; plaintext accepts anything.
REGISTRY = (frontmatter, podcast_notes, transcript, markdown, plaintext)


def choose(text: str):
    """The first reader module in REGISTRY whose sniff accepts the text."""
    return next(reader for reader in REGISTRY if reader.sniff(text))


def read_text(text: str, path: str, cues: Sequence[Cue] = ()) -> tuple[str, Document]:
    """Parse decoded text with the reader its content calls for.

    Returns:
        (reader name, document).
    """
    reader = choose(text)
    if reader is frontmatter:
        doc = frontmatter.read(text, path)
    elif reader is transcript:
        doc = transcript.read(text, cues)
    else:
        doc = reader.read(text)
    return reader.NAME, _completed(doc, path, headings=reader in (frontmatter, markdown))


def _completed(doc: Document, path: str, headings: bool) -> Document:
    """Metadata every reader leaves to the body: the language when the text does
    not declare it, and a title (the first Markdown heading, else the file
    name; a transcript's sections are topic turns, not headings)."""
    meta = doc.meta
    if not doc.language_declared:
        # Code is not prose: a Chinese tutorial full of Python is still Chinese.
        texts = [b.text for s in doc.sections for b in s.blocks if b.kind != CODE_BLOCK] + [s.title for s in doc.sections]
        meta = replace(meta, language=document_language(texts))
    if not meta.title:
        heading = next((s.title for s in doc.sections if s.title), "") if headings else ""
        meta = replace(meta, title=heading or PurePosixPath(path).stem or path)
    return replace(doc, meta=meta)


def read_bytes(data: bytes, path: str, slug: str = "", cues: Sequence[Cue] = (), max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Decode and read one source file's bytes into a Source."""
    notices: list[str] = []
    text = decode(data, path, max_bytes, notices)
    name, doc = read_text(text, path, cues)
    if not doc.sections:
        raise BriefingError("file has no readable text (front matter or comments only); it is skipped", path)
    return Source(
        path=path,
        slug=slug or file_slug(Path(path).stem),
        meta=doc.meta,
        sections=doc.sections,
        reader=name,
        digest=hashlib.sha256(data).hexdigest(),
        notices=(*(Notice(n) for n in notices), *doc.notices),
    )


def read_file(path: Path, slug: str = "", cues: Sequence[Cue] = ()) -> Source:
    """Read a source file from disk (convenience for tests and tools)."""
    return read_bytes(Path(path).read_bytes(), Path(path).name, slug, cues)


__all__ = ["REGISTRY", "Cue", "choose", "read_bytes", "read_file", "read_text"]
