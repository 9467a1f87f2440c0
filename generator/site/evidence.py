"""Evidence candidates for the ledger: the timeline's ranker, fed with the glossary's entities.

In the site stage because it joins two siblings that may not import each
other: the timeline ranks, the glossary knows that MoE and 混合专家 name
one thing.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence

from generator.core.errors import BriefingError
from generator.core.memo import Memo, collector_paused, key_of
from generator.core.model import Passage, Source, Term
from generator.glossary import TermMatcher
from generator.timeline.entries import source_date
from generator.timeline.evidence import (
    FORMAT,
    MAX_CANDIDATES,
    Candidate,
    Concepts,
    EvidenceIndex,
    packed_terms,
    passage_facts,
)
from generator.timeline.ledger import Prediction

STATE_KIND = "evidence-index"  # the Memo kind of the kept `EvidenceIndex`


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
    keys: Mapping[str, str] | None = None,
) -> Mapping[str, tuple[Candidate, ...]]:
    """Prediction id -> its possible evidence, best first (see `rank_evidence`).

    A terms-table row that defines a glossary term is left out: a definition
    names the entity better than any report, and reports nothing.

    The ranking is kept in `memo` between builds with what it read
    (`EvidenceIndex`, made for one glossary): a build reads again the
    terms of the sources whose key changed, takes out and puts in again
    those of their passages that changed, and ranks again the predictions
    whose terms those touched. The result is the ranking from scratch.

    Args:
        keys: source slug -> a key of everything the ranker reads of its
            passages (their ids, texts and topics, its date), as the site's
            digests are kept under; made from the passages when None.
    """
    memo = memo or Memo()
    dates = {s.slug: source_date(s) for s in sources}
    definitions = {f"{t.source}/{t.anchor}" for t in terms if t.anchor}
    concepts = glossary_concepts(terms)
    by_source: dict[str, list[Passage]] = {}
    for p in passages:
        if p.id not in definitions:
            by_source.setdefault(p.source, []).append(p)
    groups = {
        slug: (
            keys[slug] if keys is not None and slug in keys else key_of([_read(p, topics_of) for p in group], dates.get(slug)),
            [p.id for p in group],
            functools.partial(_terms, group, dates.get(slug), topics_of, concepts),
        )
        for slug, group in by_source.items()
    }
    reports = [p for group in by_source.values() for p in group]
    context = key_of(STATE_KIND, FORMAT, terms)
    index = memo.get(STATE_KIND, context, lambda: EvidenceIndex(context))
    if not (isinstance(index, EvidenceIndex) and index.format == FORMAT and index.complete and index.context == context):
        index = EvidenceIndex(context)
    new = not index.terms.sources
    rank = functools.partial(index.rank, predictions, groups, reports, dates, as_of, topics_of, MAX_CANDIDATES, concepts,
                             lambda passage, made: passage_facts(passage, made))
    with collector_paused():
        try:
            out = rank()
        except BriefingError:
            raise
        except Exception:  # noqa: BLE001 - a damaged index from disk: made again from scratch
            index, new = EvidenceIndex(context), True
            out = functools.partial(index.rank, *rank.args)()
    # As the timeline's merge index: `mkdocs serve` keeps it in memory and writes it only when made anew.
    memo.put(STATE_KIND, context, index, new or not memo.keep)
    return out


def _terms(group: Sequence[Passage], date: object, topics_of: Callable[[str], Iterable[str]], concepts: Concepts
           ) -> list[tuple[str, str]]:
    """For each passage of a source: (a key of what the ranker reads of it, its packed terms)."""
    return [(key_of(_read(p, topics_of), date), packed_terms(p.text, concepts)) for p in group]


def _read(passage: Passage, topics_of: Callable[[str], Iterable[str]]) -> tuple:
    """What the ranker reads of a passage but its terms (made from its text) and its source's date."""
    return passage.id, passage.source, passage.anchor, passage.text, tuple(topics_of(passage.id))


__all__ = ["STATE_KIND", "evidence_candidates", "glossary_concepts"]
