"""Golden files: each seed and each reader edge case -> normalized Markdown.

Regenerate on purpose with `make goldens` (UPDATE_GOLDEN=1) and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.site.writers.markdown import Inliner
from generator.site.writers.source import source_page_markdown
from generator.sources.readers import read_file

HERE = Path(__file__).parent
SEEDS = sorted((HERE.parent / "seeds").glob("*.txt"))
FIXTURES = sorted((HERE / "fixtures" / "readers").glob("*.*"))
CORPUS = sorted((HERE / "fixtures" / "corpus").glob("*.*"))  # real-world shapes: see tests/test_corpus.py
EXPECTED_READER = {
    "000_73097608b6939b6a.txt": "markdown",
    "001_82380a7551734421.txt": "markdown",
    "002_0eac84650eee5944.txt": "podcast_notes",
    "003_629946bb46bbfa39.txt": "transcript",
    "004_e7ab1f9b1495f44a.txt": "frontmatter",
}


def _check(name: str, text: str) -> None:
    golden = HERE / "golden" / f"{name}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run `make goldens`"
    assert text == golden.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_golden(path: Path, seed_site) -> None:
    """The seed as the pipeline sees it (curated metadata and corrections applied)."""
    source = next(s for s in seed_site.sources if s.path == path.name)
    assert source.reader == EXPECTED_READER[path.name]
    _check(path.stem, source_page_markdown(source, Inliner()))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_reader_fixture_golden(path: Path) -> None:
    """Edge cases per reader, read without curation; the file name says which."""
    source = read_file(path)
    expected_reader = path.name.split("__", 1)[0]
    assert source.reader == expected_reader
    _check(path.name, source_page_markdown(source, Inliner()))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_golden(path: Path) -> None:
    """The fixture corpus, read as a file dropped into seeds/ with no entry."""
    _check(f"corpus/{path.name}", source_page_markdown(read_file(path), Inliner()))
