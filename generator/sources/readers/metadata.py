"""Metadata keys as blog engines and note apps write them -> `Meta`.

Shared by the front-matter reader and the HTML-comment metadata block.
A value of the wrong shape or a date that cannot be read is a notice at
its line (with the fix), and the key is skipped: a document's metadata
never stops a build.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from generator.core.errors import BriefingError
from generator.core.model import Meta, Notice
from generator.core.yamlfile import parse
from generator.dates.metadata import metadata_date

TITLE = ("title",)
# Precedence: the publication date, then creation, then the last edit.
DATES = ("date", "published", "publishdate", "pubdate", "created", "date_created", "updated", "lastmod", "modified")
ADDRESSES = ("url", "link", "source", "canonical_url", "original", "original_url")
AUTHORS = ("author", "authors", "speaker", "speakers")
DESCRIPTIONS = ("summary", "description", "excerpt")
TAGS = ("tags", "categories", "keywords")
LANGUAGES = ("lang", "language")
PUBLISHERS = ("publisher", "site")
SPACED = frozenset({"categories", "tags"})  # keys Jekyll splits on spaces
KNOWN = frozenset(TITLE + DATES + ADDRESSES + AUTHORS + DESCRIPTIONS + TAGS + LANGUAGES + PUBLISHERS)

# One `key: value` line at the left margin.
_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*[:：](?:[ \t]*(.*))?$")


def key_lines(text: str, first_line: int) -> tuple[dict[str, object], dict[str, int]]:
    """Each `key: value` line read on its own (for front matter that is not valid
    YAML as a whole, and for metadata in an HTML comment); the first of two
    equal keys wins.

    Returns:
        (key -> value, key -> line), lines counted from `first_line`.
    """
    data: dict[str, object] = {}
    lines: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), first_line):
        m = _KEY_LINE.match(line.strip())
        if not m or m.group(1) in data:
            continue
        try:
            one = parse(f"{m.group(1)}: {m.group(2) or ''}", "")
            value = one.get(m.group(1)) if isinstance(one, dict) else None
        except BriefingError:
            # `title: AI: the future` is not YAML but plainly text; a tag, list or mapping that failed is not.
            if (m.group(2) or "")[:1] in "!&*[{|>'\"":
                continue
            value = m.group(2)
        data[m.group(1)], lines[m.group(1)] = value, n
    return data, lines


def looks_like_metadata(text: str) -> bool:
    """An HTML comment that holds metadata: every line a `key: value` pair, one key a known one."""
    rows = [ln.strip() for ln in text.splitlines() if ln.strip()]
    keys = [m.group(1).lower() for m in map(_KEY_LINE.match, rows) if m]
    return bool(rows) and len(keys) == len(rows) and any(k in KNOWN for k in keys)


class FieldReader:
    """Typed access to a mapping of metadata, keys matched without case.

    Args:
        data: key -> value, as the front matter or comment gave them.
        lines: key -> line in the file, for notices.
        notices: where problems go.
    """

    def __init__(self, data: Mapping[Any, Any], lines: Mapping[Any, int], notices: list[Notice]) -> None:
        self.data = {str(k).strip().lower(): v for k, v in data.items()}
        self.lines = {str(k).strip().lower(): n for k, n in lines.items()}
        self.notices = notices

    def text(self, keys: tuple[str, ...]) -> tuple[str, str]:
        """(key, text) of the first key with a text value, else ('', '')."""
        for key in keys:
            value = self.data.get(key)
            if value is None or value == "":
                continue
            if isinstance(value, (dict, list)):
                self.notice(key, f"`{key}` should be text, not a list or mapping; it was ignored")
                continue
            return key, str(value).strip()
        return "", ""

    def names(self, keys: tuple[str, ...], every: bool = False) -> tuple[str, ...]:
        """Names from the first key present (or from all, with `every`); `a, b` splits on commas."""
        out: list[str] = []
        for key in keys:
            value = self.data.get(key)
            if value is None or value == "":
                continue
            if isinstance(value, (str, int, float)):
                # `tags: a, b`; Jekyll reads `categories: a b` as two, split on spaces.
                value = str(value).split(",") if "," in str(value) or key not in SPACED else str(value).split()
            if not isinstance(value, list) or any(isinstance(v, (dict, list)) for v in value):
                self.notice(key, f"`{key}` should be a list of names; it was ignored")
                continue
            out += [n for n in (str(v).strip() for v in value if v is not None) if n]
            if not every:
                break
        return tuple(dict.fromkeys(out))

    def notice(self, key: str, message: str) -> None:
        self.notices.append(Notice(message, self.lines.get(key, 0)))


def meta_from(fields: FieldReader, found: Meta) -> Meta:
    """Metadata from `fields`, falling back to what the body said (`found`)."""
    url, publisher = _address(fields)
    return Meta(
        title=fields.text(TITLE)[1] or found.title,
        authors=fields.names(AUTHORS) or found.authors,
        date=_date(fields) or found.date,
        url=url or found.url,
        publisher=fields.text(PUBLISHERS)[1] or publisher or found.publisher,
        description=fields.text(DESCRIPTIONS)[1] or found.description,
        tags=fields.names(TAGS, every=True) or found.tags,
        language=language_code(fields.text(LANGUAGES)[1]) or found.language,
    )


def _date(fields: FieldReader) -> str:
    for key in DATES:
        value = fields.data.get(key)
        if value is None or value == "":
            continue
        try:
            return metadata_date(value)
        except ValueError:
            fields.notice(key, f"`{key}: {value}` is not a date this build can read; the source is undated. "
                               "Write it as YYYY-MM-DD, or set `date:` for this file in seeds/sources.yml")
    return ""


def _address(fields: FieldReader) -> tuple[str, str]:
    """(web address, publisher): a `source` that is not an address names the publisher."""
    publisher = ""
    for key in ADDRESSES:
        value = fields.text((key,))[1]
        if not value:
            continue
        parts = urlsplit(value)
        if parts.scheme.lower() in ("http", "https") and parts.netloc:
            return value, publisher
        if key == "source" and not publisher:
            publisher = value
    return "", publisher


def language_code(value: str) -> str:
    """`en-US` -> `en`, `zh-Hans` -> `zh`, `English` -> `en`, `中文` -> `zh`; '' when unknown."""
    value = value.strip().lower().replace("_", "-")
    named = {"english": "en", "chinese": "zh", "中文": "zh", "英文": "en", "英语": "en", "mixed": "mixed"}
    if value in named:
        return named[value]
    base = value.split("-")[0]
    return base if base.isalpha() and 2 <= len(base) <= 3 else ""
