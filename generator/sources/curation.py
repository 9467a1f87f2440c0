"""Loading and validating the curated source metadata (`seeds/sources.yml`).

Curated files are hand-written inputs: this module only reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from generator.core.errors import BriefingError
from generator.core.model import CODE, CORRECTED, LINK, Block, Item, Section, Source, Span
from generator.core.yamlfile import check_keys, line_of, load
from generator.sources.readers.transcript import Cue

SOURCE_KEYS = frozenset(
    {"slug", "title", "kind", "publisher", "authors", "date", "date_note", "url", "language", "description", "tags", "corrections", "sections", "relative_years"}
)
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


@dataclass(frozen=True, slots=True)
class Correction:
    wrong: str
    right: str
    line: int


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One file's curated metadata; empty fields mean "keep what the text says"."""

    file: str
    line: int
    slug: str = ""
    meta: tuple[tuple[str, object], ...] = ()
    corrections: tuple[Correction, ...] = ()
    cues: tuple[Cue, ...] = ()


def load_source_entries(path: Path, display: str) -> dict[str, SourceEntry]:
    """Read `sources.yml`: file name -> SourceEntry. A missing file means no curation."""
    if not path.exists():
        return {}
    data = load(path, display)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise BriefingError("must be a mapping of source file names to their metadata", display, 1)
    return {str(name): _entry(str(name), body, line_of(data, name), display) for name, body in data.items()}


def _entry(name: str, body: object, line: int, display: str) -> SourceEntry:
    if not isinstance(body, dict):
        raise BriefingError("entry must be a mapping of fields", display, line, name)
    check_keys(body, SOURCE_KEYS, display, name)
    meta: list[tuple[str, object]] = []
    for key in ("title", "kind", "publisher", "date", "date_note", "url", "language", "description"):
        if key in body:
            value = body[key]
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                raise BriefingError(f"`{key}` must be text", display, line_of(body, key), name)
            if key == "date" and not _DATE.match(str(value)):
                raise BriefingError(f"`date` must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}", display, line_of(body, key), name)
            meta.append((key, str(value)))
    for key in ("authors", "tags"):
        if key in body:
            value = body[key]
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise BriefingError(f"`{key}` must be a list of names", display, line_of(body, key), name)
            meta.append((key, tuple(value)))
    if "relative_years" in body:
        meta.append(("relative_years", _relative_years(body["relative_years"], display, line_of(body, "relative_years"), name)))
    slug = str(body.get("slug", ""))
    if slug and not _SLUG.match(slug):
        raise BriefingError("`slug` must be lowercase letters, digits and hyphens", display, line_of(body, "slug"), name)
    return SourceEntry(
        file=name, line=line, slug=slug, meta=tuple(meta),
        corrections=_corrections(body.get("corrections", []), display, name, line_of(body, "corrections")),
        cues=_cues(body.get("sections", []), display, name, line_of(body, "sections")),
    )


def _relative_years(value: object, display: str, line: int, name: str) -> tuple[tuple[str, int], ...]:
    """`{明年: 2026}`: how to read a relative year in a text written before it was dated."""
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) for k, v in value.items()):
        raise BriefingError("`relative_years` must map words to years, e.g. {明年: 2026}", display, line, name)
    return tuple(sorted(value.items()))


def _pairs(items: object, keys: tuple[str, str], display: str, name: str, field: str, line: int = 0) -> list[tuple[str, str, int]]:
    if not isinstance(items, list):
        raise BriefingError(f"`{field}` must be a list", display, line, name)
    out = []
    for i, item in enumerate(items):
        line = line_of(items, i)
        if not isinstance(item, dict):
            raise BriefingError(f"each of `{field}` needs `{keys[0]}` and `{keys[1]}`", display, line, name)
        check_keys(item, set(keys), display, f"{name}: {field}")
        if not all(isinstance(item.get(k), str) and item.get(k).strip() for k in keys):
            raise BriefingError(f"each of `{field}` needs non-empty text for `{keys[0]}` and `{keys[1]}` (quote words YAML reads as true/false or numbers, e.g. \"Yes\")", display, line, name)
        out.append((item[keys[0]], item[keys[1]], line))
    return out


def _corrections(items: object, display: str, name: str, line: int) -> tuple[Correction, ...]:
    return tuple(Correction(a, b, ln) for a, b, ln in _pairs(items, ("from", "to"), display, name, "corrections", line))


def _cues(items: object, display: str, name: str, line: int) -> tuple[Cue, ...]:
    return tuple(Cue(title=a, starts=b) for a, b, _ in _pairs(items, ("title", "starts"), display, name, "sections", line))


def apply_entry(source: Source, entry: SourceEntry | None, display: str) -> Source:
    """Curated metadata over what the text says, then transcription corrections.

    Raises:
        BriefingError: a correction matches nothing in the source.
    """
    if entry is None:
        return source
    meta = replace(source.meta, **dict(entry.meta))
    source = replace(source, meta=meta, slug=entry.slug or source.slug)
    for fix in entry.corrections:
        source, count = correct(source, fix)
        if not count:
            raise BriefingError(f"correction `{fix.wrong}` -> `{fix.right}` matches nothing in {entry.file}", display, fix.line, entry.file)
    return source


def correct(source: Source, fix: Correction) -> tuple[Source, int]:
    """Replace a mis-transcribed word everywhere, marking each fix with its original."""
    count = 0

    def spans(run: tuple[Span, ...]) -> tuple[Span, ...]:
        nonlocal count
        out: list[Span] = []
        for span in run:
            if span.kind in (LINK, CODE, CORRECTED) or fix.wrong not in span.text:
                out.append(span)
                continue
            parts = span.text.split(fix.wrong)
            count += len(parts) - 1
            for i, part in enumerate(parts):
                if i:
                    out.append(Span(fix.right, CORRECTED, title=fix.wrong))
                if part:
                    out.append(Span(part, span.kind, span.href, span.title))
        return tuple(out)

    def item(it: Item) -> Item:
        return replace(it, spans=spans(it.spans), cells=tuple(spans(c) for c in it.cells))

    def block(b: Block) -> Block:
        return replace(b, spans=spans(b.spans), items=tuple(item(i) for i in b.items))

    def section(s: Section) -> Section:
        nonlocal count
        count += s.title.count(fix.wrong)
        return replace(s, title=s.title.replace(fix.wrong, fix.right), blocks=tuple(block(b) for b in s.blocks))

    fixed = replace(source, sections=tuple(section(s) for s in source.sections))
    return fixed, count
