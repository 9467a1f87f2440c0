"""Reader for Markdown with front matter: YAML between `---` lines (Hexo,
Jekyll, Obsidian, Notion exports) or TOML between `+++` lines (Hugo).

The front matter belongs to the document, not to a curator: whatever in it
cannot be read becomes a notice naming the line, the rest of the metadata
is still read, and the body always is. Only `seeds/sources.yml` stops a build.

Keys read, by what they mean (the first key present wins within a group):

- title: `title`;
- date: `date`, then `published` (`publishDate`, `pubDate`), then
  `created`, then `updated` (`lastmod`, `modified`): the day the text was
  published is the best evidence of when its statements were made, the
  day it was last edited the weakest;
- address: `url`, `link`, `source`, `canonical_url`, `original` (a `source`
  that is not an address is the publisher);
- authors: `author`, `authors`, `speaker`, `speakers`;
- description: `summary`, `description`, `excerpt`;
- tags: `tags`, `categories`, `keywords` (all of them, in that order);
- language: `lang`, `language`.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from generator.core.errors import BriefingError
from generator.core.model import Notice
from generator.core.yamlfile import line_of, parse
from generator.sources.readers import markdown
from generator.sources.readers.builder import Document
from generator.sources.readers.metadata import LANGUAGES, FieldReader, key_lines, meta_from

NAME = "frontmatter"

_YAML = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$\n?", re.DOTALL | re.MULTILINE)
_TOML = re.compile(r"\A\+\+\+[ \t]*\n(.*?)^\+\+\+[ \t]*$\n?", re.DOTALL | re.MULTILINE)
_TOML_LINE = re.compile(r"at line (\d+)")


def sniff(text: str) -> bool:
    return bool(_YAML.match(text) or _TOML.match(text))


def read(text: str, path: str = "") -> Document:
    """Read the front matter into metadata, then the body as Markdown."""
    found = _YAML.match(text)
    toml = found is None
    found = found or _TOML.match(text)
    if found is None:  # only reached when called without sniffing first
        return markdown.read(text)
    notices: list[Notice] = []
    data, lines = (_toml(found.group(1), notices) if toml else _yaml(found.group(1), path, notices))
    body_offset = text.count("\n", 0, found.end())
    doc = markdown.read(text[found.end():], line_offset=body_offset)
    fields = FieldReader(data, lines, notices)
    return Document(meta=meta_from(fields, doc.meta), sections=doc.sections, notices=(*notices, *doc.notices),
                    language_declared=bool(fields.text(LANGUAGES)[1]) or doc.language_declared)


def _yaml(fm: str, path: str, notices: list[Notice]) -> tuple[dict[str, Any], dict[str, int]]:
    """The mapping and the line of each key; what is not valid YAML becomes a notice."""
    # The first line of `fm` is the file's second line.
    try:
        data = parse("\n" + fm, path)
    except BriefingError as err:
        notices.append(Notice(f"front matter is not valid YAML ({err.message.removeprefix('invalid YAML: ')}); "
                              "read what could be read, line by line", err.line))
        return key_lines(fm, 2)
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        notices.append(Notice("front matter is not a mapping of keys to values; it was ignored", 2))
        return {}, {}
    return data, {k: line_of(data, k) for k in data}


# TOML front matter past this size is not read (YAML has `Limits` in yamlfile).
MAX_TOML_CHARS = 100_000


def _toml(fm: str, notices: list[Notice]) -> tuple[dict[str, Any], dict[str, int]]:
    if len(fm) > MAX_TOML_CHARS:
        notices.append(Notice(f"TOML front matter over {MAX_TOML_CHARS:,} characters was not read", 1))
        return {}, {}
    try:
        data = tomllib.loads(fm)
    except RecursionError:  # arrays nested thousands deep
        notices.append(Notice("TOML front matter nested too deep was not read", 1))
        return {}, {}
    except tomllib.TOMLDecodeError as err:
        m = _TOML_LINE.search(str(err))
        notices.append(Notice(f"front matter is not valid TOML ({str(err).split(' (at ')[0]}); it was ignored",
                              int(m.group(1)) + 1 if m else 1))
        return {}, {}
    lines = {}
    for n, line in enumerate(fm.splitlines(), 2):
        key = line.split("=", 1)[0].strip()
        if "=" in line and key in data and key not in lines:
            lines[key] = n
    return data, lines
