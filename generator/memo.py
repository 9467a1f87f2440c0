"""Results keyed by a hash of everything they depend on, kept between builds.

A key hashes the inputs of a result (a source's bytes, its curated entry,
the topics, the glossary) and the generator's own code, so an entry that
is out of date is never found, only left unused. Two layers:

- memory: a dict that lives as long as the `Memo` (the MkDocs plugin keeps
  one across `mkdocs serve` rebuilds, so an edit re-reads nothing else);
- disk: one pickle per result under the cache folder, for the next run.
  The folder is safe to delete at any time; a build prunes what it no
  longer uses, so it holds one corpus' worth.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from . import __version__

T = TypeVar("T")
_MISSING = object()


@functools.cache
def code_version() -> str:
    """Hash of the generator's code: editing any module invalidates every cached result."""
    package = Path(__file__).parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def key_of(*parts: object) -> str:
    """A cache key from the parts' `repr` (dataclasses, strings, tuples) and the code version."""
    return hashlib.sha256(repr((code_version(), parts)).encode()).hexdigest()[:32]


class Memo:
    """Results by kind and key, in memory and (with a folder) on disk.

    Args:
        folder: where the pickles go; None keeps results in memory only.
        keep: hold results in memory for the next build (as `mkdocs serve`
            wants); a one-off build only needs them on disk.
    """

    def __init__(self, folder: Path | None = None, keep: bool = True) -> None:
        self.folder = folder
        self.keep = keep or folder is None
        self._memory: dict[tuple[str, str], Any] = {}
        self._used: dict[tuple[str, str], Any] = {}
        self.made = 0  # results computed (not found) since the last `finish`
        self.pages_on_disk: dict[str, tuple[int, int, bytes]] = {}  # see `output.write_pages`

    def get(self, kind: str, key: str, make: Callable[[], T]) -> T:
        """The result stored under (kind, key), made and stored when missing.

        `make` may raise: nothing is stored then.
        """
        slot = (kind, key)
        value = _MISSING
        if self.keep:
            value = self._used.get(slot, self._memory.get(slot, _MISSING))
        if value is _MISSING:
            value = self._load(kind, key)
        if value is _MISSING:
            value = make()
            self.made += 1
            self._store(kind, key, value)
        self._used[slot] = value if self.keep else None
        return value

    def finish(self, prune: bool = True) -> None:
        """End a build: keep in memory only what it used, and (with `prune`)
        delete the pickles of its kinds that it did not use."""
        if prune and self.folder is not None:
            for kind in {k for k, _ in self._used}:
                keep = {f"{key}.pickle" for k, key in self._used if k == kind}
                try:
                    names = os.listdir(self.folder / kind)
                except OSError:
                    continue
                for name in names:
                    if name.endswith(".pickle") and name not in keep:
                        (self.folder / kind / name).unlink(missing_ok=True)
        self._memory, self._used = (self._used if self.keep else {}), {}
        self.made = 0

    def _load(self, kind: str, key: str) -> Any:
        if self.folder is None:
            return _MISSING
        try:
            with (self.folder / kind / f"{key}.pickle").open("rb") as fh:
                return pickle.load(fh)  # our own cache folder: trusted
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return _MISSING

    def _store(self, kind: str, key: str, value: Any) -> None:
        if self.folder is None:
            return
        folder = self.folder / kind
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{key}.{os.getpid()}.tmp"
            tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(folder / f"{key}.pickle")
        except OSError:
            pass  # an optimization only: a read-only disk must not fail the build
