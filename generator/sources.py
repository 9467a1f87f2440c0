"""seeds/ -> Source models: listing, decoding, reading, curation, slugs, cache."""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from . import __version__
from .config import Settings
from .curation import SourceEntry, apply_entry, load_source_entries
from .errors import BriefingError
from .model import Source
from .readers import read_bytes

CURATED_NAMES = frozenset({"sources.yml"})


@dataclass(frozen=True, slots=True)
class LoadedSources:
    sources: tuple[Source, ...]
    warnings: tuple[BriefingError, ...]
    read: int  # files parsed this run (the rest came from the cache)


def source_files(settings: Settings) -> list[Path]:
    """The source files in seeds/, in a fixed order (never file-system order).

    Raises:
        BriefingError: seeds/ is missing or holds no source file.
    """
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


def load_sources(settings: Settings, progress: Iterable | None = None) -> LoadedSources:
    """Read every source, apply curated metadata, give each a unique slug.

    Empty and binary files are skipped with a warning; anything else wrong
    (invalid front matter, a correction that matches nothing) is an error.
    """
    files = source_files(settings)
    entries = load_source_entries(settings.sources_file, settings.display(settings.sources_file))
    names = {p.name for p in files}
    for name, entry in sorted(entries.items()):
        if name not in names:
            raise BriefingError(f"entry `{name}` names a file that does not exist in {settings.seeds}/", settings.display(settings.sources_file), entry.line, name)
    sources, warnings, parsed = [], [], 0
    for path in (progress(files) if progress else files):
        try:
            source, fresh = _load_one(path, entries.get(path.name), settings)
        except BriefingError as err:
            if err.message.startswith(("file is empty", "file is binary")):
                warnings.append(err)
                continue
            raise
        parsed += fresh
        sources.append(source)
    return LoadedSources(sources=_unique_slugs(sources, settings), warnings=tuple(warnings), read=parsed)


@functools.cache
def code_version() -> str:
    """Hash of the code that turns bytes into a Source: editing a reader invalidates the cache."""
    package = Path(__file__).parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted([*package.glob("readers/*.py"), package / "model.py", package / "curation.py", package / "ids.py", package / "sources.py"]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _load_one(path: Path, entry: SourceEntry | None, settings: Settings) -> tuple[Source, bool]:
    data = path.read_bytes()
    key = hashlib.sha256(data + repr((entry, code_version(), path.name)).encode()).hexdigest()
    cached = _cache_get(settings, key)
    if cached is not None:
        return cached, False
    source = read_bytes(data, path.name, cues=entry.cues if entry else (), max_bytes=int(settings.max_source_mb * 1048576))
    if source.reader != "transcript" and entry and entry.cues:
        raise BriefingError("`sections` applies to transcripts only", settings.display(settings.sources_file), entry.line, path.name)
    source = apply_entry(source, entry, settings.display(settings.sources_file))
    _cache_put(settings, key, source)
    return source, True


def _unique_slugs(sources: list[Source], settings: Settings) -> tuple[Source, ...]:
    """Curated slugs must be unique; derived ones get `-2`, `-3` in file-name order."""
    taken: dict[str, str] = {}
    out = []
    for source in sources:
        slug, n = source.slug, 1
        while slug in taken:
            n += 1
            slug = f"{source.slug}-{n}"
        taken[slug] = source.path
        out.append(replace(source, slug=slug) if slug != source.slug else source)
    return tuple(out)


def _cache_get(settings: Settings, key: str) -> Source | None:
    path = settings.cache_dir / "sources" / f"{key}.pickle"
    try:
        with path.open("rb") as fh:
            value = pickle.load(fh)  # noqa: S301 - our own cache folder
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
        return None
    return value if isinstance(value, Source) else None


def _cache_put(settings: Settings, key: str, source: Source) -> None:
    folder = settings.cache_dir / "sources"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.tmp"
        tmp.write_bytes(pickle.dumps(source, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(folder / f"{key}.pickle")
    except OSError:
        pass  # the cache is an optimization; a read-only disk must not fail the build
