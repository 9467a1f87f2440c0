"""The one configuration object, shared by the CLI and the MkDocs plugin."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.core.paths import GENERATED_DIR


@dataclass(frozen=True, slots=True)
class Limits:
    """How much a contributor's file may hold; past a limit it is refused with
    an error naming the file, the line and the limit.

    Everything in seeds/ and curation/ arrives by pull request, so each
    limit bounds what one file can cost the build (memory, time, pages).

    Attributes:
        max_curated_kb: largest curated file (`seeds/sources.yml`,
            `curation/*.yml`, a topic file) and largest YAML front matter,
            in KiB. 1,024 holds a `sources.yml` describing about 3,000
            sources in full (the 10,000-source benchmark's, dates only, is
            400 KiB) and 50 times today's largest curated file.
        max_field_chars: longest text of one YAML value or key, in characters.
            A title is repeated on every page that cites its source (a 2 MB
            title once wrote 250 MB of pages); 5,000 still holds a glossary
            definition or a verdict note of a page or two (the longest
            curated field today has 176).
        max_yaml_depth: deepest nesting of YAML lists and mappings. The YAML
            library recurses once per level (1,000 levels raised
            RecursionError, 100,000 crashed the interpreter); curated files
            need 4 levels.
        max_paragraph_chars: longest paragraph, list item or table cell of a
            source; a source with a longer one is skipped with a warning. Work
            per paragraph (topic matching, figures, term links) grows with its
            length: a 5 MB run with no paragraph break took 50 s and 1 GB.
            100,000 characters is several hours of unpunctuated transcript.
    """

    max_curated_kb: int = 1024
    max_field_chars: int = 5000
    max_yaml_depth: int = 50
    max_paragraph_chars: int = 100_000


@dataclass(frozen=True, slots=True)
class Settings:
    """Where the generator reads and writes, and its limits.

    Attributes:
        root: project folder (the one holding mkdocs.yml); other paths are relative to it.
        seeds: folder of source documents and the curated `sources.yml`.
        curation: folder of the other curated files: `topics/*.md`,
            `glossary.yml`, `verdicts.yml`.
        docs: MkDocs' docs_dir; the generated pages go to `docs/briefing/`.
        cache: folder for parsed sources keyed by content hash; safe to delete.
        max_source_mb: larger source files are refused with an error.
        progress: show a progress bar (only on an interactive terminal).
        workers: processes that parse and digest sources; 0 = one per core, 1 = none.
        parallel_min: fewest sources to parse or digest that start workers
            (starting them costs more than a few sources' work).
        allow_outside_roots: let `seeds` and `curation` resolve to folders
            outside the project (off: a pull request could link them anywhere).
        limits: what one curated file, YAML value or front matter may hold (see `Limits`).
        site_url: MkDocs' `site_url`, where the site is published; feeds need it
            for absolute links and are skipped without it.
        site_name: MkDocs' `site_name`, the whole-site feed's title.
        directory_urls: MkDocs' `use_directory_urls`, for the feeds' links.
        page_kb: Markdown per page of a topic, the timeline or the predictions
            ledger, in KiB; past it they are cut into pages (`site.writers.paging`).
    """

    root: Path
    seeds: str = "seeds"
    curation: str = "curation"
    docs: str = "docs"
    cache: str = ".cache/briefing"
    max_source_mb: float = 20.0
    progress: bool = False
    workers: int = 0
    parallel_min: int = 200
    allow_outside_roots: bool = False
    limits: Limits = field(default_factory=Limits)
    site_url: str = ""
    site_name: str = "briefing"
    directory_urls: bool = True
    page_kb: int = 400


    @property
    def seeds_dir(self) -> Path:
        return self.root / self.seeds

    @property
    def curation_dir(self) -> Path:
        return self.root / self.curation

    @property
    def output_dir(self) -> Path:
        return self.root / self.docs / GENERATED_DIR

    @property
    def cache_dir(self) -> Path:
        return self.root / self.cache

    @property
    def sources_file(self) -> Path:
        return self.seeds_dir / "sources.yml"

    def display(self, path: Path) -> str:
        """A path as the user should see it in messages: relative to the project."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)
