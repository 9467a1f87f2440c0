"""Results keyed by a hash of everything they depend on, kept between builds.

A key hashes the inputs of a result (a source's bytes, its curated entry,
the topics, the glossary) and the generator's own code, so an entry that
is out of date is never found, only left unused. Two layers:

- memory: a dict that lives as long as the `Memo` (the MkDocs plugin keeps
  one across `mkdocs serve` rebuilds, so an edit re-reads nothing else);
- disk: one SQLite file of pickles under the cache folder, for the next
  run. One file, not one per result: creating and renaming ten thousand
  small files cost a cold build of 1,000 sources half its time. The folder
  is safe to delete at any time; a build prunes what it no longer uses, so
  it holds one corpus' worth.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import io
import pickle
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from generator.core import __version__

T = TypeVar("T")
_MISSING = object()
DB_NAME = "memo.sqlite"
_COMMIT_EVERY = 500  # stores per transaction: bounds what another process waits for
_PAGES = ("pages-on-disk", "")  # where `Memo.pages_on_disk` is kept


@functools.cache
def code_version() -> str:
    """Hash of the generator's code: editing any module invalidates every cached result."""
    package = Path(__file__).parents[1]  # the whole `generator` package, not just core
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def key_of(*parts: object) -> str:
    """A cache key from the parts' `repr` (dataclasses, strings, tuples) and the code version."""
    return hashlib.sha256(repr((code_version(), parts)).encode()).hexdigest()[:32]


FILE_KEY_BYTES = 4 << 20  # hashed for a key at most: a larger curated file is refused by its parse anyway


def file_key(path: Path, *parts: object) -> str:
    """A key for a file's content (and `parts`): a curated file parsed once
    under `mkdocs serve`, again only when its bytes change."""
    digest = hashlib.blake2b(digest_size=16)
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 16), b""):
                digest.update(chunk)
                if fh.tell() >= FILE_KEY_BYTES:
                    break
        size = path.stat().st_size
    except OSError:
        size = -1  # missing or unreadable: the parse itself says so
    return key_of(digest.hexdigest(), size, *parts)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a while: making many small objects
    (loading or updating a kept index) would start full collections, each
    walking every object of the build (hundreds of MB under `mkdocs serve`)
    to find nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@functools.cache
def _init_fields(cls: type) -> tuple[str, ...] | None:
    """A dataclass's field names when its constructor takes exactly them."""
    if not dataclasses.is_dataclass(cls) or hasattr(cls, "__post_init__"):
        return None
    fields = dataclasses.fields(cls)
    return tuple(f.name for f in fields) if all(f.init and not f.kw_only for f in fields) else None


class _Pickler(pickle.Pickler):
    """Pickles dataclasses as a call of their constructor: the default for
    frozen slotted ones (`dataclasses._dataclass_setstate`) walks `fields()`
    per object and took a third of a warm build."""

    def reducer_override(self, obj: Any) -> Any:
        names = _init_fields(type(obj))
        if names is None:
            return NotImplemented
        return type(obj), tuple([getattr(obj, name) for name in names])


def dumps(value: Any) -> bytes:
    """A value pickled as the cache stores it."""
    out = io.BytesIO()
    _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return out.getvalue()


class Memo:
    """Results by kind and key, in memory and (with a folder) on disk.

    Args:
        folder: where the cache file goes; None keeps results in memory only.
        keep: hold results in memory for the next build (as `mkdocs serve`
            wants); a one-off build only needs them on disk.
    """

    def __init__(self, folder: Path | None = None, keep: bool = True) -> None:
        self.folder = folder
        self.keep = keep or folder is None
        self._memory: dict[tuple[str, str], Any] = {}
        self._used: dict[tuple[str, str], Any] = {}
        self._db: sqlite3.Connection | None = None
        self._disk = folder is not None  # False once the cache file proved unusable
        self._pending = 0  # stores not yet committed
        self._locked = False  # another process writes: store nothing more this build
        self.made = 0  # results computed (not found) since the last `finish`
        self.unreadable = 0  # stored results that failed to unpickle since the last `finish`
        self._pages: dict[str, tuple[int, int, bytes]] | None = None  # see `pages_on_disk`

    @property
    def pages_on_disk(self) -> dict[str, tuple[int, int, bytes]]:
        """What the last build left in the output folder, per page (see
        `output.write_pages`), updated by the build: kept with the cache
        (`finish` stores it), so that a new process need not read every
        page back to find it unchanged."""
        if self._pages is None:
            kept = self._load(_PAGES)
            self._pages = kept if isinstance(kept, dict) else {}
        return self._pages

    def get(self, kind: str, key: str, make: Callable[[], T], disk: bool = True) -> T:
        """The result stored under (kind, key), made and stored when missing.

        `make` may raise: nothing is stored then. With `disk` False, a result
        made here is kept in memory only (if the memo keeps results): for a
        corpus-wide result that `mkdocs serve` makes anew after every edit,
        where pickling it to disk cost more than making it.
        """
        slot = (kind, key)
        value = self._memory.get(slot, _MISSING)
        if value is _MISSING and self.keep:
            value = self._used.get(slot, _MISSING)
        if value is _MISSING:
            value = self._load(slot)
        if value is _MISSING:
            value = make()
            self.made += 1
            if disk:
                self._store(slot, value)
        self._used[slot] = value if self.keep else None
        return value

    def put(self, kind: str, key: str, value: Any, disk: bool = True) -> None:
        """Store `value` under (kind, key), replacing what `get` found there: for
        a result that a build updates instead of making anew (the timeline's
        merge index). With `disk` False, only in memory (if the memo keeps
        results); the disk keeps the older value."""
        slot = (kind, key)
        self._used[slot] = value if self.keep else None
        if self.keep:
            self._memory[slot] = value
        if disk:
            self._store(slot, value)

    def has(self, kind: str, key: str) -> bool:
        """Whether `get` would find a result without making it."""
        slot = (kind, key)
        if slot in self._memory or (self.keep and slot in self._used):
            return True
        db = self._connection()
        if db is None:
            return False
        try:
            return db.execute("SELECT 1 FROM memo WHERE kind = ? AND key = ?", slot).fetchone() is not None
        except sqlite3.Error:
            self._give_up()
            return False

    def put_pickled(self, kind: str, key: str, data: bytes) -> None:
        """Store a result made elsewhere (see `workers`), pickled by `dumps`."""
        slot = (kind, key)
        if not self._insert(slot, data):
            self._memory[slot] = pickle.loads(data)  # no cache file: keep it for `get` in this build

    def finish(self, prune: bool = True) -> None:
        """End a build: keep in memory only what it used, commit what it
        stored and (with `prune`) delete the entries of its kinds that it
        did not use."""
        if self._pages is not None:
            self._store(_PAGES, self._pages)  # a kind of its own, never pruned
        db = self._connection()
        if db is not None:
            try:
                if prune:
                    for kind in sorted({k for k, _ in self._used}):
                        used = {key for k, key in self._used if k == kind}
                        stale = [(kind, key) for (key,) in db.execute("SELECT key FROM memo WHERE kind = ?", (kind,))
                                 if key not in used]
                        db.executemany("DELETE FROM memo WHERE kind = ? AND key = ?", stale)
                db.commit()
            except sqlite3.Error:
                self._give_up()
            self._pending = 0
        self._locked = False
        self._memory, self._used = (self._used if self.keep else {}), {}
        self.made = self.unreadable = 0

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _connection(self) -> sqlite3.Connection | None:
        """The cache file, opened (or created) on first use; a file that is
        not a database is replaced, since it only ever holds our cache."""
        if self._db is not None or not self._disk:
            return self._db
        assert self.folder is not None
        path = self.folder / DB_NAME
        for _attempt in range(2):
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                # Serve rebuilds on another thread than its first build; builds never overlap.
                db = sqlite3.connect(path, timeout=2, check_same_thread=False)
                try:
                    db.execute("PRAGMA journal_mode=WAL")
                    db.execute("PRAGMA synchronous=NORMAL")  # a cache: losing the last commit to a power cut is fine
                    db.execute("CREATE TABLE IF NOT EXISTS memo (kind TEXT, key TEXT, value BLOB, PRIMARY KEY (kind, key))")
                except sqlite3.DatabaseError:
                    db.close()
                    raise
                self._db = db
                return db
            except sqlite3.DatabaseError:
                for stale in (path, path.with_name(DB_NAME + "-wal"), path.with_name(DB_NAME + "-shm")):
                    stale.unlink(missing_ok=True)
            except (OSError, sqlite3.Error):
                break
        self._disk = False  # an optimization only: a read-only or broken disk must not fail the build
        return None

    def _give_up(self) -> None:
        self.close()
        self._disk = False

    def _load(self, slot: tuple[str, str]) -> Any:
        db = self._connection()
        if db is None:
            return _MISSING
        try:
            row = db.execute("SELECT value FROM memo WHERE kind = ? AND key = ?", slot).fetchone()
        except sqlite3.Error:
            self._give_up()
            return _MISSING
        if row is None:
            return _MISSING
        try:
            return pickle.loads(row[0])  # our own cache file: trusted
        except Exception:  # noqa: BLE001 - a damaged row raises anything (OverflowError, MemoryError, ...)
            # Made again and overwritten; the build says how many, once (see `repaired`).
            self.unreadable += 1
            return _MISSING

    def _store(self, slot: tuple[str, str], value: Any) -> None:
        if not self._locked and self._connection() is not None:
            self._insert(slot, dumps(value))

    def _insert(self, slot: tuple[str, str], data: bytes) -> bool:
        """Write one pickled result to the cache file; False when it could not."""
        db = None if self._locked else self._connection()
        if db is None:
            return False
        try:
            db.execute("INSERT OR REPLACE INTO memo VALUES (?, ?, ?)", (*slot, data))
            self._pending += 1
            if self._pending >= _COMMIT_EVERY:
                db.commit()
                self._pending = 0
            return True
        except sqlite3.OperationalError:
            # Another process holds the file (a second build): store nothing more this build.
            db.rollback()
            self._pending = 0
            self._locked = True
        except sqlite3.Error:
            self._give_up()
        return False
