"""Stable ids and slugs derived from content, so links survive edits elsewhere."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from pymdownx.slugs import slugify as _pymdownx_slugify

_heading_slug = _pymdownx_slugify(case="lower")
_SPACE = re.compile(r"\s+")
_UNSAFE = re.compile(r"[^0-9a-z\u3400-\u9fff-]+")


def heading_slug(title: str) -> str:
    """Readable anchor for a heading, the same one `pymdownx.slugs` gives."""
    return _heading_slug(title, "-") or "section"


def file_slug(name: str) -> str:
    """URL- and file-system-safe slug of a file stem or title.

    Keeps ASCII letters, digits and CJK characters; everything else (path
    separators, dots, spaces) becomes a hyphen, so no slug escapes a folder.
    """
    text = unicodedata.normalize("NFKC", name).lower()
    return _UNSAFE.sub("-", text).strip("-")[:80].strip("-") or "source"


def content_hash(text: str, length: int = 8) -> str:
    """Short hex digest of text with whitespace removed."""
    normalized = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    return hashlib.sha1(normalized.encode("utf-8")).hexdigest()[:length]


class IdAllocator:
    """Hands out ids unique within one source: content hash, then `-2`, `-3`.

    One allocator per source document; never shared between sources.
    """

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def take(self, base: str) -> str:
        """Reserve `base`, or the first free `base-N`."""
        candidate, n = base, 1
        while candidate in self._taken:
            n += 1
            candidate = f"{base}-{n}"
        self._taken.add(candidate)
        return candidate

    def for_text(self, prefix: str, text: str) -> str:
        """Reserve an id for a block or item from its text."""
        return self.take(f"{prefix}-{content_hash(text)}")
