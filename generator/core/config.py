"""The one configuration object, shared by the CLI and the MkDocs plugin."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.core.paths import GENERATED_DIR


@dataclass(frozen=True, slots=True)
class Settings:
    """Where the generator reads and writes, and its limits.

    Attributes:
        root: project folder (the one holding mkdocs.yml); other paths are relative to it.
        seeds: folder of source documents and the curated `sources.yml`.
        curation: folder of the other curated files: `topics/*.md`,
            `glossary.yml`, `verdicts.yml`, `userdict.txt`.
        docs: MkDocs' docs_dir; the generated pages go to `docs/briefing/`.
        cache: folder for parsed sources keyed by content hash; safe to delete.
        max_source_mb: larger source files are refused with an error.
        progress: show a progress bar (only on an interactive terminal).
        workers: processes that parse and digest sources; 0 = one per core, 1 = none.
        parallel_min: fewest sources to parse or digest that start workers
            (starting them costs more than a few sources' work).
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
