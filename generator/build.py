"""The build script: inputs -> Site -> pages -> docs/briefing/. Used by the CLI and the plugin."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from generator.core.config import Settings
from generator.core.lock import WAIT_SECONDS, output_lock
from generator.core.memo import Memo
from generator.core.workers import Workers, default_workers
from generator.site.feeds import feed_settings
from generator.site.output import WriteReport, write_pages
from generator.site.pipeline import Site, iter_pages, load_site

PROGRESS_MIN_SOURCES = 300
T = TypeVar("T")
# (items, what is being done to them[, total]) -> the items, shown as a progress bar.
Progress = Callable[..., Iterable[T]]


@dataclass(frozen=True)
class BuildResult:
    site: Site
    report: WriteReport
    repaired: int = 0  # cached results that could not be read and were made again
    feeds: bool = True  # written (False: no `site_url`, so no absolute links)

    def notes(self) -> list[str]:
        """The one-line summaries a build prints after its page counts."""
        lines = []
        if self.site.notices:
            files = len({n.path for n in self.site.notices})
            lines.append(f"notices: {len(self.site.notices)} in {files} file(s) (`briefing check --verbose` lists them)")
        if self.repaired:
            lines.append(f"cache: {self.repaired} damaged result(s) could not be read and were made again")
        return lines

    def skipped(self) -> list[str]:
        """What the build's configuration left out, one line each (not a problem in the inputs: `check` keeps quiet)."""
        if self.feeds:
            return []
        return ["feeds: skipped: RSS and JSON feeds need absolute links; set `site_url` in mkdocs.yml to write them"]


def build(settings: Settings, memo: Memo | None = None, notify: Callable[[str], None] | None = None,
          wait: float = WAIT_SECONDS) -> BuildResult:
    """Generate every page in memory, then write the changed ones.

    Args:
        memo: results of earlier builds; `mkdocs serve` passes the same one
            to every rebuild. By default, the cache folder's.
        notify: told in one line when another build of the same folder runs
            and this one waits for it; by default, standard error.
        wait: seconds to wait for that other build before giving up.

    Raises:
        BriefingError: an input the user must fix, or another build that
            did not finish in time; nothing has been written.
    """
    # A one-off build needs its results on disk only: holding them in memory
    # too would double the peak for a big corpus.
    memo = memo or Memo(settings.cache_dir, keep=False)
    # Held from the first read to the last write: the second of two builds
    # then finds the first one's pages and cache complete, not in progress.
    with output_lock(settings.output_dir, settings.display(settings.output_dir), wait, notify or _tell):
        with Workers(settings.workers or default_workers(), settings.parallel_min) as pool:
            site = load_site(settings, _progress(settings), memo, pool)
            feeds = feed_settings(settings) if settings.site_url else None
            report = write_pages(settings.output_dir, iter_pages(site, memo, pool, feeds), memo.pages_on_disk)
        repaired = memo.unreadable
        memo.finish()
    return BuildResult(site=site, report=report, repaired=repaired, feeds=feeds is not None)


def _tell(message: str) -> None:
    print(f"briefing: {message}", file=sys.stderr, flush=True)


def _progress(settings: Settings) -> Progress | None:
    """tqdm bars for big builds on an interactive terminal; None (silent) in CI,
    in `mkdocs serve` logs, or when the output is not a terminal."""
    if not (settings.progress and sys.stderr.isatty()) or os.environ.get("CI"):
        return None
    from tqdm import tqdm

    def bar(items: Iterable[T], what: str, total: int | None = None) -> Iterable[T]:
        if total is None:  # a lazy iterable (results of workers) comes with its length
            items = list(items)
            total = len(items)
        if total < PROGRESS_MIN_SOURCES:
            return items
        return tqdm(items, desc=f"briefing: {what}", unit="source", total=total, leave=False)

    return bar
