"""Sources + curation -> Site model -> rendered pages. Pure apart from reading inputs.

Pelican's two phases: read everything into one Site model first, then
render every page from it; `output.write_pages` alone touches the disk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .config import Settings
from .errors import BriefingError
from .model import Passage, Source
from .passages import source_passages
from .paths import HOME_BRIEF, SOURCES_INDEX, source_page
from .sources import load_sources
from .writers.home import home_brief
from .writers.markdown import Inliner
from .writers.source import source_page_markdown, sources_index


@dataclass(frozen=True)
class Site:
    """Everything the writers need, fully resolved."""

    sources: tuple[Source, ...]
    passages: tuple[Passage, ...]
    warnings: tuple[BriefingError, ...] = ()
    parsed: int = 0

    @property
    def by_slug(self) -> dict[str, Source]:
        return {s.slug: s for s in self.sources}


def load_site(settings: Settings, progress: Callable[[Iterable], Iterable] | None = None) -> Site:
    """Read sources and curated files and build the Site model.

    Raises:
        BriefingError: any input the user must fix.
    """
    loaded = load_sources(settings, progress)
    passages = tuple(p for s in loaded.sources for p in source_passages(s))
    return Site(sources=loaded.sources, passages=passages, warnings=loaded.warnings, parsed=loaded.read)


def render_pages(site: Site) -> dict[str, str]:
    """Every generated page: path inside the generated folder -> Markdown text."""
    pages: dict[str, str] = {}
    for source in site.sources:
        page = source_page(source.slug)
        pages[page] = source_page_markdown(source, Inliner())
    pages[SOURCES_INDEX] = sources_index(site.sources, SOURCES_INDEX)
    pages[HOME_BRIEF] = home_brief(site.sources)
    return pages


def nav(site: Site) -> list:
    """MkDocs `nav` for the generated pages, under the hand-written home page."""
    from .paths import GENERATED_DIR

    def g(page: str) -> str:
        return f"{GENERATED_DIR}/{page}"

    from .writers.source import display_title

    return [
        {"首页": "index.md"},
        {"来源": [g(SOURCES_INDEX)] + [{display_title(s): g(source_page(s.slug))} for s in site.sources]},
    ]
