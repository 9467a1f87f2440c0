"""The build script: inputs -> Site -> pages -> docs/briefing/. Used by the CLI and the plugin."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .config import Settings
from .memo import Memo
from .output import WriteReport, write_pages
from .pipeline import Site, iter_pages, load_site

PROGRESS_MIN_SOURCES = 300


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
    site = load_site(settings, _progress(settings), memo)
    report = write_pages(settings.output_dir, iter_pages(site, memo), memo.pages_on_disk)
    memo.finish()
    return BuildResult(site=site, report=report)


def _progress(settings: Settings) -> Callable[[Iterable], Iterable] | None:
    """A tqdm bar for big builds on an interactive terminal; silent in CI and serve logs."""
    if not (settings.progress and sys.stderr.isatty()):
        return None
    from tqdm import tqdm

    def bar(files):
        files = list(files)
        if len(files) < PROGRESS_MIN_SOURCES:
            return files
        return tqdm(files, desc="briefing: reading sources", unit="file", leave=False)

    return bar
