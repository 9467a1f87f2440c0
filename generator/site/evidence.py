"""Evidence candidates for the ledger: the timeline's ranker, fed with the glossary's entities.

In the site stage because it joins two siblings that may not import each
other: the timeline ranks, the glossary knows that MoE and 混合专家 name
one thing.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence

from generator.core.model import Passage, Source, Term
from generator.glossary import TermMatcher
from generator.timeline.entries import source_date
from generator.timeline.evidence import Candidate, Concepts, rank_evidence
from generator.timeline.ledger import Prediction


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
) -> Mapping[str, tuple[Candidate, ...]]:
    """Prediction id -> its possible evidence, best first (see `rank_evidence`).

    A terms-table row that defines a glossary term is left out: a definition
    names the entity better than any report, and reports nothing.
    """
    dates = {s.slug: source_date(s) for s in sources}
    definitions = {f"{t.source}/{t.anchor}" for t in terms if t.anchor}
    reports = [p for p in passages if p.id not in definitions]
    return rank_evidence(predictions, reports, dates, as_of, topics_of, concepts=glossary_concepts(terms))


__all__ = ["evidence_candidates", "glossary_concepts"]
