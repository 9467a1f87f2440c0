"""Glossary: glossary-shaped parts of sources -> terms, curated additions, one-pass term matching.

Terms come from two places: the glossary-shaped parts of the sources
(`tables.parse_terms`: terms tables, headings with `定义：`, `term：definition`
lists; which parts count is documented in `context`) and the hand-written
`curation/glossary.yml` (`curated`), combined by `merge_glossary`: a
curated entry always wins, a second definition is kept as another
source's. `TermMatcher` (`matcher`) then finds every term and alias in
page text in one Aho-Corasick pass; the page writers' `Inliner` uses its
`segments` to turn each occurrence into a tooltip link to the glossary
(Python-Markdown's `abbr` needs `\\b` word boundaries, which never occur
between Chinese characters).

Typical use, once per build:

    parsed, problems = [], []
    for source in sources:
        terms, found = parse_terms(source)
        parsed += terms; problems += found
    glossary = merge_glossary(parsed, load_curated_terms("curation/glossary.yml"))
    matcher = TermMatcher(glossary.terms)
"""

from __future__ import annotations

from generator.glossary.curated import (
    CURATED,
    CuratedTerm,
    Glossary,
    editorial_notes,
    load_curated_terms,
    merge_glossary,
    merge_terms,
)
from generator.glossary.matcher import TermMatcher, appearances, collect_appearances, count_occurrences, fold, source_texts
from generator.glossary.names import split_term_cell, term_id
from generator.glossary.tables import parse_terms

__all__ = [
    "CURATED",
    "CuratedTerm",
    "Glossary",
    "TermMatcher",
    "appearances",
    "collect_appearances",
    "count_occurrences",
    "editorial_notes",
    "fold",
    "load_curated_terms",
    "merge_glossary",
    "merge_terms",
    "parse_terms",
    "source_texts",
    "split_term_cell",
    "term_id",
]
