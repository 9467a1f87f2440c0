"""Evidence candidates for the ledger: the timeline's ranker, fed with the glossary's entities.

In the site stage because it joins two siblings that may not import each
other: the timeline ranks, the glossary knows that MoE and 混合专家 name
one thing.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence

from generator.core.memo import Memo, key_of
from generator.core.model import Passage, Source, Term
from generator.dates.spans import DateSpan
from generator.glossary import TermMatcher
from generator.timeline.entries import source_date
from generator.timeline.evidence import Candidate, Concepts, Facts, packed_terms, passage_facts, rank_evidence
from generator.timeline.ledger import Prediction

TERMS_KIND = "evidence-terms"  # Memo kinds: a source's passages' packed terms,
FACTS_KIND = "evidence-facts"  # ...and a shortlisted passage's facts


def glossary_concepts(terms: Sequence[Term]) -> Concepts:
    """A text's glossary terms, and the terms their definitions name (one hop, not further)."""
    matcher = TermMatcher(terms)

    @functools.lru_cache(maxsize=1 << 14)
    def named(text: str) -> tuple[frozenset[str], str]:
        found = matcher.find(text)
        rest, pos = [], 0
        for start, end, _ in found:
            rest.append(text[pos:start])
            pos = end
        rest.append(text[pos:])
        return frozenset(term.id for _, _, term in found), "\n".join(rest)

    definitions = {t.id: t.definition for t in terms}

    def concepts(text: str) -> tuple[frozenset[str], frozenset[str], str]:
        own, rest = named(text)
        related = frozenset(c for t in sorted(own) for c in named(definitions.get(t, ""))[0])
        return own, related - own, rest

    return concepts


def evidence_candidates(
    predictions: Sequence[Prediction],
    passages: Sequence[Passage],
    sources: Iterable[Source],
    as_of: dt.date | None,
    topics_of: Callable[[str], Iterable[str]],
    terms: Sequence[Term],
    memo: Memo | None = None,
) -> Mapping[str, tuple[Candidate, ...]]:
    """Prediction id -> its possible evidence, best first (see `rank_evidence`).

    A terms-table row that defines a glossary term is left out: a definition
    names the entity better than any report, and reports nothing.

    What the ranker reads of a passage is kept in `memo` between builds: the
    terms of each source's passages (under their texts and the glossary) and
    the dates of each shortlisted one (under those texts, its place among
    them and its source's date).
    So an edit reads the edited source's passages again, and the ranking
    itself (the weights move with every passage) runs over kept terms.
    """
    memo = memo or Memo()
    dates = {s.slug: source_date(s) for s in sources}
    definitions = {f"{t.source}/{t.anchor}" for t in terms if t.anchor}
    concepts = glossary_concepts(terms)
    glossary = key_of(terms)
    by_source: dict[str, list[Passage]] = {}
    for p in passages:
        by_source.setdefault(p.source, []).append(p)
    # A passage's facts are kept under its source's passages (their texts) and its place among them.
    places: dict[str, tuple[str, int]] = {}
    terms_of: dict[str, str] = {}
    for group in by_source.values():
        texts = tuple(p.text for p in group)
        key = key_of(TERMS_KIND, texts, glossary)
        kept = memo.get(TERMS_KIND, key, lambda texts=texts: tuple(packed_terms(text, concepts) for text in texts))
        for k, (p, packed) in enumerate(zip(group, kept, strict=True)):
            places[p.id], terms_of[p.id] = (key, k), packed
    reports = [p for p in passages if p.id not in definitions]  # in the given order: it breaks ties

    def facts(passage: Passage, made: DateSpan | None) -> Facts:
        return memo.get(FACTS_KIND, key_of(FACTS_KIND, places[passage.id], made), lambda: passage_facts(passage, made))

    return rank_evidence(
        predictions, reports, dates, as_of, topics_of, concepts=concepts, packed=[terms_of[p.id] for p in reports], facts=facts
    )


__all__ = ["FACTS_KIND", "TERMS_KIND", "evidence_candidates", "glossary_concepts"]
