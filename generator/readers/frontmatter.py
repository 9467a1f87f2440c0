"""Reader for Markdown with YAML front matter (python-frontmatter does the split)."""

from __future__ import annotations

import datetime as dt
import re

import frontmatter
import yaml

from ..errors import BriefingError
from ..model import Meta
from . import markdown
from .builder import Document

NAME = "frontmatter"

_OPENING = re.compile(r"\A---[ \t]*\n.*?^(?:---|\.\.\.)[ \t]*$", re.S | re.M)


def sniff(text: str) -> bool:
    return bool(_OPENING.match(text))


def read(text: str, path: str = "") -> Document:
    """Split the YAML header from the body, then read the body as Markdown.

    Raises:
        BriefingError: the front matter is not valid YAML or not a mapping.
    """
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for the opening `---`, +1 for 1-based
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BriefingError(f"invalid YAML front matter: {problem}", path, line) from None
    if not isinstance(post.metadata, dict):
        raise BriefingError("front matter must be a mapping of keys to values", path, 1)
    # python-frontmatter strips the body; find where it starts so block
    # line numbers point into the original file.
    body_start = text.find(post.content[:80], _OPENING.match(text).end()) if post.content else -1
    doc = markdown.read(post.content, line_offset=text.count("\n", 0, body_start) if body_start >= 0 else 0)
    return Document(meta=_meta(post.metadata, doc.meta), sections=doc.sections)


def _meta(data: dict, found: Meta) -> Meta:
    """Front matter wins over what the body says; the H1 is the fallback title."""
    authors = data.get("author") or data.get("authors") or found.authors
    if isinstance(authors, str):
        authors = (authors,)
    tags = data.get("tags") or ()
    if isinstance(tags, str):
        tags = tuple(t.strip() for t in tags.split(","))
    date = data.get("date", "")
    if isinstance(date, (dt.date, dt.datetime)):
        date = date.strftime("%Y-%m-%d")
    return Meta(
        title=str(data.get("title") or found.title),
        authors=tuple(str(a) for a in authors),
        date=str(date or ""),
        description=str(data.get("description") or ""),
        tags=tuple(str(t) for t in tags),
    )
