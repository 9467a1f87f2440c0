"""Reader for Markdown with YAML front matter (python-frontmatter does the split)."""

from __future__ import annotations

import re

import frontmatter

from generator.core.errors import BriefingError
from generator.core.model import Meta
from generator.core.yamlfile import line_of, parse
from generator.sources.readers import markdown
from generator.sources.readers.builder import Document

NAME = "frontmatter"

# `date: 2026-01-05 10:00:00` keeps its day only, as PyYAML's own dates did.
_TIME_OF_DAY = re.compile(r"(?<=^\d{4}-\d{2}-\d{2})[ T]\d{1,2}:\d{2}.*$")
_OPENING = re.compile(r"\A---[ \t]*\n.*?^(?:---|\.\.\.)[ \t]*$", re.S | re.M)


def sniff(text: str) -> bool:
    return bool(_OPENING.match(text))


def read(text: str, path: str = "") -> Document:
    """Split the YAML header from the body, then read the body as Markdown.

    Raises:
        BriefingError: the front matter is not valid YAML or not a mapping.
    """
    opening = _OPENING.match(text)
    if opening is None:  # only reached when called without sniffing first
        return markdown.read(text)
    handler = _Handler(path)
    post = frontmatter.loads(text, handler=handler)
    # python-frontmatter strips the body; find where it starts so block
    # line numbers point into the original file.
    body_start = text.find(post.content[:80], opening.end()) if post.content else -1
    doc = markdown.read(post.content, line_offset=text.count("\n", 0, body_start) if body_start >= 0 else 0)
    return Document(meta=_meta(handler.data, doc.meta, path), sections=doc.sections)


class _Handler(frontmatter.YAMLHandler):
    """The project's YAML loader: line numbers in errors, dates kept as text."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.data: dict = {}  # kept here too: python-frontmatter copies it into a dict without line numbers

    def load(self, fm: str, **kwargs: object) -> dict:
        # `fm` starts with the rest of the opening `---` line, so its line
        # numbers are already the file's.
        try:
            data = parse(fm, self.path)
        except BriefingError as err:
            raise BriefingError(err.message.replace("invalid YAML", "invalid YAML front matter", 1), self.path, err.line) from None
        if data is not None and not isinstance(data, dict):
            raise BriefingError("front matter must be a mapping of keys to values", self.path, 2)
        self.data = data or {}
        return self.data


def _meta(data: dict, found: Meta, path: str = "") -> Meta:
    """Front matter wins over what the body says; the H1 is the fallback title."""
    authors = _names(data, "author", path) or _names(data, "authors", path) or found.authors
    tags = _names(data, "tags", path, split=",")
    return Meta(
        title=_text(data, "title", path) or found.title,
        authors=authors,
        date=_TIME_OF_DAY.sub("", _text(data, "date", path)),
        description=_text(data, "description", path),
        tags=tags,
    )


def _text(data: dict, key: str, path: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise BriefingError("must be text", path, line_of(data, key), key)
    return str(value).strip()


def _names(data: dict, key: str, path: str, split: str = "") -> tuple[str, ...]:
    """A list of names, or one name (`tags: a, b` splits on commas)."""
    value = data.get(key)
    if value is None or value == "":
        return ()
    if isinstance(value, (str, int, float)):
        value = str(value).split(split) if split else [str(value)]
    if not isinstance(value, list) or any(isinstance(v, (dict, list)) for v in value):
        raise BriefingError("must be a list of names", path, line_of(data, key), key)
    return tuple(n for n in (str(v).strip() for v in value if v is not None) if n)
