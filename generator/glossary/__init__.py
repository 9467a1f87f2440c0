"""Glossary: terms tables -> terms, curated additions, and one-pass term matching.

Terms come from two places: terms tables in the sources (`tables`) and the
hand-written `curation/glossary.yml` (`curated`), combined by
`merge_terms`. `TermMatcher` (`matcher`) then finds every term and alias
in page text in one Aho-Corasick pass; the page writers' `Inliner` uses
its `segments` to turn each occurrence into a tooltip link to the glossary
(Python-Markdown's `abbr` needs `\\b` word boundaries, which never occur
between Chinese characters).

Typical use, once per build:

    parsed, problems = [], []
    for source in sources:
        terms, found = parse_terms(source)
        parsed += terms; problems += found
    terms, found = merge_terms(parsed, load_curated_terms("curation/glossary.yml"))
    matcher = TermMatcher(terms)
"""

from __future__ import annotations

from generator.glossary.curated import CURATED, CuratedTerm, editorial_notes, load_curated_terms, merge_terms
from generator.glossary.matcher import TermMatcher, appearances, collect_appearances, count_occurrences, fold, source_texts
from generator.glossary.tables import parse_terms, split_term_cell, term_id

__all__ = [
    "CURATED",
    "CuratedTerm",
    "TermMatcher",
    "appearances",
    "collect_appearances",
    "count_occurrences",
    "editorial_notes",
    "fold",
    "load_curated_terms",
    "merge_terms",
    "parse_terms",
    "source_texts",
    "split_term_cell",
    "term_id",
]
