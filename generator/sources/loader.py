"""seeds/ -> Source models: listing, decoding, reading, curation, slugs, cache."""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from generator.core.config import Settings
from generator.core.errors import BriefingError
from generator.core.memo import Memo, dumps, file_key, key_of
from generator.core.model import Source, plain
from generator.core.roots import check_roots
from generator.core.workers import Workers
from generator.sources.curation import SourceEntry, apply_entry, load_source_entries
from generator.sources.decode import too_large
from generator.sources.readers import read_bytes

CURATED_NAMES = frozenset({"sources.yml"})
# Problems that skip one file with a warning instead of stopping the build:
# nothing in such a file could be published anyway.
SKIPPED = ("file is empty", "file is binary", "file has no readable text", "file name is not valid UTF-8", "symbolic link points outside",
           "paragraph of ")
# Slugs a source page cannot take: `sources/index.md` is the sources list.
RESERVED_SLUGS = frozenset({"index"})


@dataclass(frozen=True, slots=True)
class LoadedSources:
    sources: tuple[Source, ...]
    warnings: tuple[BriefingError, ...]
    read: int  # files parsed this run (the rest came from the cache)
    keys: tuple[str, ...] = ()  # per source: hash of its bytes, curated entry, file name and slug


def source_files(settings: Settings) -> list[Path]:
    """The source files in seeds/, in a fixed order (never file-system order).

    Hidden files (`.DS_Store`, `.gitkeep`) and sub-folders are ignored.

    Raises:
        BriefingError: seeds/ is missing or holds no source file, or a
            content folder or a link in one leads out of the project.
    """
    check_roots(settings)
    folder = settings.seeds_dir
    if not folder.is_dir():
        raise BriefingError("seeds folder not found: create it and put source documents in it", settings.display(folder))
    files = sorted(
        (p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".") and p.name not in CURATED_NAMES),
        key=lambda p: p.name,
    )
    if not files:
        raise BriefingError("seeds folder has no source files", settings.display(folder))
    return files


def load_sources(settings: Settings, progress: Callable[..., Iterable] | None = None, memo: Memo | None = None,
                 pool: Workers | None = None) -> LoadedSources:
    """Read every source, apply curated metadata, give each a unique slug.

    Empty and binary files, file names that are not UTF-8 and links out of
    seeds/ are skipped with a warning; anything else wrong (invalid front
    matter, a file over `max_source_mb`, a correction that matches nothing,
    two curated entries with one slug) is an error.
    """
    memo = memo or Memo(settings.cache_dir)
    files = source_files(settings)
    display = settings.display(settings.sources_file)
    # Parsed again only when it changed (`mkdocs serve`): 40 KB of YAML take 0.05 s.
    entries = memo.get("source-entries", file_key(settings.sources_file, display),
                       lambda: load_source_entries(settings.sources_file, display), disk=False)
    _check_entries(entries, {p.name for p in files}, settings)
    checked = [(path, _checked_key(path, entries.get(path.name), settings)) for path in files]
    todo = [(path, key, entries.get(path.name)) for path, key in checked if isinstance(key, str) and not memo.has("sources", key)]
    made = _parse_in_workers(settings, memo, todo, pool, progress) if pool and pool.wanted(len(todo)) else set()
    sources, keys, warnings, parsed = [], [], [], 0
    for path, key in (progress(checked, "reading sources") if progress else checked):
        try:
            if isinstance(key, BriefingError):
                raise key
            source, fresh = _load_one(path, key, entries.get(path.name), settings, memo)
        except BriefingError as err:
            if err.message.startswith(SKIPPED):
                warnings.append(err)
                continue
            raise
        parsed += fresh or key in made
        sources.append(source)
        keys.append(key)
    curated = {name: e.slug for name, e in entries.items() if e.slug}
    unique = _unique_slugs(sources, curated)
    # The slug is part of every passage id, so it is part of the key too.
    keys = [key_of(key, source.slug) for key, source in zip(keys, unique, strict=True)]
    return LoadedSources(sources=unique, warnings=tuple(warnings), read=parsed, keys=tuple(keys))


def source_problems(settings: Settings) -> tuple[list[BriefingError], list[BriefingError]]:
    """Every problem in seeds/, not just the first one (for `briefing check`).

    Returns:
        (errors, warnings): the errors would stop a build; the warnings
        are files a build skips.
    """
    try:
        files = source_files(settings)
        entries = load_source_entries(settings.sources_file, settings.display(settings.sources_file))
        _check_entries(entries, {p.name for p in files}, settings)
    except BriefingError as err:
        return [err], []
    errors, warnings = [], []
    memo = Memo(settings.cache_dir)
    for path in files:
        try:
            key = _checked_key(path, entries.get(path.name), settings)
            if isinstance(key, BriefingError):
                raise key
            _load_one(path, key, entries.get(path.name), settings, memo)
        except BriefingError as err:
            (warnings if err.message.startswith(SKIPPED) else errors).append(err)
    return errors, warnings


def _check_entries(entries: dict[str, SourceEntry], names: set[str], settings: Settings) -> None:
    """Every entry names an existing file, and curated slugs are unique and free."""
    display = settings.display(settings.sources_file)
    owner: dict[str, SourceEntry] = {}
    for name, entry in sorted(entries.items(), key=lambda kv: kv[1].line):
        if name not in names:
            raise BriefingError(f"entry `{name}` names a file that does not exist in {settings.seeds}/", display, entry.line, name)
        if entry.slug in RESERVED_SLUGS:
            raise BriefingError(f"slug `{entry.slug}` is reserved for the sources list; choose another", display, entry.line, f"{name}: slug")
        if entry.slug and (first := owner.setdefault(entry.slug, entry)) is not entry:
            raise BriefingError(
                f"slug `{entry.slug}` is already used by `{first.file}` (line {first.line}); each source needs its own slug",
                display, entry.line, f"{name}: slug",
            )


def _checked_key(path: Path, entry: SourceEntry | None, settings: Settings) -> str | BriefingError:
    """The cache key of a source file (a hash of its bytes, entry and name), or
    what is wrong with the file, to report in file order."""
    shown = _shown(path, settings)
    try:
        _check_path(path, shown, settings)
        size, max_bytes = path.stat().st_size, _max_bytes(settings)
        if size > max_bytes:
            # Refuse before reading: a huge file never has to fit in memory.
            raise BriefingError(too_large(size, max_bytes), shown)
        return _key(path.read_bytes(), entry, path)
    except BriefingError as err:
        return err


def _key(data: bytes, entry: SourceEntry | None, path: Path) -> str:
    return key_of(hashlib.sha256(data).hexdigest(), entry, path.name)


def _max_bytes(settings: Settings) -> int:
    return int(settings.max_source_mb * 1048576)


def _load_one(path: Path, key: str, entry: SourceEntry | None, settings: Settings, memo: Memo) -> tuple[Source, bool]:
    """(source, whether it was parsed now rather than found in the memo)."""
    made = memo.made
    source = memo.get("sources", key, lambda: _parse_unchanged(path, key, entry, settings))
    return source, memo.made > made


def _parse_unchanged(path: Path, key: str, entry: SourceEntry | None, settings: Settings) -> Source:
    """Parse a file read again, refusing one edited since it was hashed: it
    would be cached under the key of its former bytes."""
    data = path.read_bytes()
    if _key(data, entry, path) != key:
        raise BriefingError("file changed while the build was reading it; build again", _shown(path, settings))
    return _parse(data, path, _shown(path, settings), entry, settings)


def _parse_in_workers(settings: Settings, memo: Memo, jobs: list[tuple[Path, str, SourceEntry | None]], pool: Workers,
                      progress: Callable[..., Iterable] | None) -> set[str]:
    """Parse many sources on every core into `memo`; the keys of those parsed."""
    made = set()
    results = pool.map(functools.partial(_parse_chunk, settings=settings), jobs, progress, "parsing sources")
    for (_path, key, _entry), data in zip(jobs, results, strict=True):
        if data is not None:
            memo.put_pickled("sources", key, data)
            made.add(key)
    return made


def _parse_chunk(jobs: bytes, settings: Settings) -> list[bytes | None]:
    """In a worker: each (path, key, entry) parsed and pickled, or None (the build then parses it itself)."""
    out: list[bytes | None] = []
    for path, key, entry in pickle.loads(jobs):
        try:
            out.append(dumps(_parse_unchanged(path, key, entry, settings)))
        except (BriefingError, OSError):
            out.append(None)
    return out


def _parse(data: bytes, path: Path, shown: str, entry: SourceEntry | None, settings: Settings) -> Source:
    try:
        source = read_bytes(data, path.name, cues=entry.cues if entry else (), max_bytes=_max_bytes(settings))
    except BriefingError as err:
        # Readers only know the file name; show the path from the project.
        raise BriefingError(err.message, shown, err.line, err.field) from None
    if source.reader != "transcript" and entry and entry.cues:
        raise BriefingError("`sections` applies to transcripts only", settings.display(settings.sources_file), entry.line, path.name)
    _check_paragraphs(source, shown, settings.limits.max_paragraph_chars)
    return apply_entry(source, entry, settings.display(settings.sources_file))


def _check_paragraphs(source: Source, shown: str, most: int) -> None:
    """Refuse a source with a paragraph past `most` characters (see `Limits.max_paragraph_chars`)."""
    for _, block in source.blocks():
        texts = [plain(block.spans)] + [" ".join(plain(c) for c in item.cells) or item.text for item in block.items]
        longest = max(map(len, texts))
        if longest > most:
            raise BriefingError(
                f"paragraph of {longest:,} characters is over the {most:,}-character limit (`max_paragraph_chars`); "
                "break it into paragraphs",
                shown, block.line,
            )


def _shown(path: Path, settings: Settings) -> str:
    """The path for messages; a name that is not UTF-8 shows its bytes escaped."""
    raw = os.fsencode(path.name).decode("utf-8", "backslashreplace")
    return f"{settings.seeds}/{raw}"


def _check_path(path: Path, shown: str, settings: Settings) -> None:
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        raise BriefingError("file name is not valid UTF-8; rename the file to include it", shown) from None
    if path.is_symlink() and settings.seeds_dir.resolve() not in path.resolve().parents:
        # A link could publish any file on the build machine.
        raise BriefingError("symbolic link points outside the seeds folder; copy the file in instead", shown)


def _unique_slugs(sources: list[Source], curated: dict[str, str]) -> tuple[Source, ...]:
    """Curated slugs are kept (already checked unique); derived ones get `-2`, `-3` in file-name order.

    A derived slug never takes a curated or reserved one, so adding a file
    never moves a page whose address a curator chose.
    """
    taken = set(RESERVED_SLUGS) | set(curated.values())
    out = []
    for source in sources:
        slug, n = source.slug, 1
        if curated.get(source.path) != source.slug:
            while slug in taken:
                n += 1
                slug = f"{source.slug}-{n}"
            taken.add(slug)
        out.append(replace(source, slug=slug) if slug != source.slug else source)
    return tuple(out)
