"""Search under `mkdocs serve`: the index catches up in the background and is swapped in whole.

Pagefind reads the whole built site, which takes longer than a rebuild of
one edited page. A served site therefore shows the edit first and gets its
new index a little later: after each rebuild a thread indexes the site into
a new folder, then points `pagefind` at it in one atomic step. At every
moment `pagefind/` is one complete index (the previous one until the swap),
never a half-written one.

In the site folder (hidden entries survive MkDocs' cleaning):

    pagefind -> .pagefind/<n>    a symbolic link, replaced atomically
    .pagefind/<n>/               the index of rebuild n

Pagefind names its index chunks by their content, and a reader who opened
the search before a swap holds the previous index's list of chunks: each
new folder also holds (as hard links) the previous index's chunks, so that
reader's next query still finds them. Older folders are deleted.

Rebuilds that finish while an index is being made are folded into one more
run after it. The first build of a server indexes before it answers
(`now`), so search works from the first page.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from generator.core.errors import BriefingError
from generator.site.search_index import BUNDLE, IndexReport, index_site

GENERATIONS = ".pagefind"
# index_site(site folder, index folder) -> its report
Indexer = Callable[[Path, Path], IndexReport]


class SearchRefresh:
    """The search index of one served site folder.

    Args:
        site_dir: the folder MkDocs builds into.
        tell: told, in one line, each index made in the background and
            each one that failed (the previous index is then kept).
        index: makes an index; Pagefind's by default.
    """

    def __init__(self, site_dir: Path, tell: Callable[[str], None], index: Indexer | None = None) -> None:
        self.site_dir = site_dir
        self._tell = tell
        self._index = index or (lambda site, out: index_site(site, output=out))
        self._lock = threading.Lock()
        self._wanted = False
        self._closed = False
        self._thread: threading.Thread | None = None
        self._own: set[str] = set()  # files the current index's Pagefind run wrote
        self._generation = 0

    def now(self) -> IndexReport:
        """Index the site and swap the index in, before returning.

        Raises:
            BriefingError: Pagefind is missing or failed.
        """
        with self._lock:
            self._generation += 1
            generation = self._generation
        return self._refresh(generation)

    def soon(self) -> None:
        """Index the site again in the background (once more after the run in progress, if any)."""
        with self._lock:
            if self._closed:
                return
            self._wanted = True
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="briefing-search-index", daemon=True)
                self._thread.start()

    def idle(self, timeout: float | None = None) -> bool:
        """Wait until no index is being made or wanted; False if `timeout` ran out first."""
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
        with self._lock:
            return self._thread is None

    def close(self, timeout: float | None = None) -> None:
        """Make no more indexes; wait for the one in progress (its Pagefind must not outlive the site folder)."""
        with self._lock:
            self._closed = True
            self._wanted = False
        self.idle(timeout)

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._wanted or self._closed:
                    self._thread = None
                    return
                self._wanted = False
                self._generation += 1
                generation = self._generation
            try:
                report = self._refresh(generation)
            except (BriefingError, OSError) as err:
                self._tell(f"search index not updated, the previous one is still served: {err}")
                continue
            self._tell(f"search index of {report.pages} pages, {report.bytes // 1024} KB, in {report.seconds:.1f} s (in the background)")

    def _refresh(self, generation: int) -> IndexReport:
        """Index into a new generation folder, keep the previous one's chunks there, swap it in, drop the rest."""
        folders = self.site_dir / GENERATIONS
        out = folders / str(generation)
        shutil.rmtree(out, ignore_errors=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        report = self._index(self.site_dir, out)
        own = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
        link = self.site_dir / BUNDLE
        previous = self.site_dir / os.readlink(link) if link.is_symlink() else None
        if previous is not None and previous.is_dir():
            for rel in self._own - own:
                _link_or_copy(previous / rel, out / rel)
        _swap(link, Path(GENERATIONS) / str(generation))
        self._own = own
        for folder in folders.iterdir():
            if folder != out:
                shutil.rmtree(folder, ignore_errors=True)
        return report


def _swap(link: Path, target: Path) -> None:
    """Point `link` at `target` (relative to the link's folder) in one step: a
    request sees the old index or the new one, never none."""
    if link.exists() and not link.is_symlink():
        shutil.rmtree(link)  # a real folder, from a build before this server's first index
    temp = link.with_name(f".{link.name}-{os.getpid()}-{threading.get_ident()}")
    temp.unlink(missing_ok=True)
    temp.symlink_to(target, target_is_directory=True)
    os.replace(temp, link)


def _link_or_copy(source: Path, dest: Path) -> None:
    if not source.is_file() or dest.exists():
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, dest)
    except OSError:
        shutil.copy2(source, dest)
