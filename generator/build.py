"""The build script: inputs -> Site -> pages -> docs/briefing/. Used by the CLI and the plugin."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .config import Settings
from .output import WriteReport, write_pages
from .pipeline import Site, load_site, render_pages

PROGRESS_MIN_SOURCES = 300


@dataclass(frozen=True)
class BuildResult:
    site: Site
    report: WriteReport


def build(settings: Settings) -> BuildResult:
    """Generate every page in memory, then write the changed ones.

    Raises:
        BriefingError: an input the user must fix; nothing has been written.
    """
    site = load_site(settings, _progress(settings))
    pages = render_pages(site)
    report = write_pages(settings.output_dir, pages)
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
