"""briefing: turn a folder of heterogeneous sources into a curated MkDocs site.

Stages, one package each, imported in one direction only (checked by the
import-linter contract in pyproject.toml):

    core <- dates <- sources <- analysis | timeline | glossary <- site <- build <- plugin | cli
"""

from generator.core import __version__

__all__ = ["__version__"]
