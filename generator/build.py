"""The build script: inputs -> Site -> pages -> docs/briefing/. Used by the CLI and the plugin."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from generator.core.config import Settings
from generator.core.memo import Memo
from generator.core.workers import Workers, default_workers
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


def build(settings: Settings, memo: Memo | None = None) -> BuildResult:
    """Generate every page in memory, then write the changed ones.

    Args:
        memo: results of earlier builds; `mkdocs serve` passes the same one
            to every rebuild. By default, the cache folder's.

    Raises:
        BriefingError: an input the user must fix; nothing has been written.
    """
    # A one-off build needs its results on disk only: holding them in memory
    # too would double the peak for a big corpus.
    memo = memo or Memo(settings.cache_dir, keep=False)
    with Workers(settings.workers or default_workers(), settings.parallel_min) as pool:
        site = load_site(settings, _progress(settings), memo, pool)
        report = write_pages(settings.output_dir, iter_pages(site, memo, pool), memo.pages_on_disk)
    memo.finish()
    return BuildResult(site=site, report=report)


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
