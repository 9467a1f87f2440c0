"""briefing: turn a folder of heterogeneous sources into a curated MkDocs site."""

__version__ = "0.1.0"
