"""One source -> everything computed from it alone: the unit the cache keeps.

Passages, their topic scores, dated timeline entries, terms-table rows and
key figures depend only on the source and the curated topics, so they are
computed once per source and stored under a key of both (see `memo`). An
edit to one source recomputes its digest alone; the corpus-wide steps
(merging timeline entries, ranking figures) then start from the digests.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from generator.analysis.classify import Classification, TopicMatch, build_matcher, classify, heading_parents
from generator.analysis.figures import Figure, passage_figures
from generator.analysis.passages import source_passages
from generator.analysis.phrases import PhraseMatcher
from generator.analysis.topics import Topic
from generator.core.errors import BriefingError
from generator.core.memo import dumps
from generator.core.model import Passage, Source, Term
from generator.glossary import parse_terms
from generator.timeline.entries import TimelineEntry, extract_entries


@dataclass(frozen=True, slots=True)
class Digest:
    """What one source contributes to the corpus-wide pages.

    Attributes:
        passages: its passages in document order.
        classification: the topic scores of those passages alone (its
            `topics` left empty).
        entries: its dated statements, before merging across sources.
        figures: the figures of its passages that some topic includes.
        terms: rows of its terms tables.
        term_problems: broken terms rows (warnings).
        date_problems: dates it cannot resolve without a source date (warnings).
    """

    passages: tuple[Passage, ...]
    classification: Classification
    entries: tuple[TimelineEntry, ...]
    figures: tuple[Figure, ...]
    terms: tuple[Term, ...]
    term_problems: tuple[BriefingError, ...]
    date_problems: tuple[BriefingError, ...]


def digest(source: Source, topics: Sequence[Topic], matcher: PhraseMatcher | None = None) -> Digest:
    """Everything the corpus-wide steps need from one source."""
    passages = source_passages(source)
    classification = classify(passages, topics, heading_parents([source]), matcher)
    entries, date_problems = extract_entries(source, passages, classification.topics_of)
    included = [p for p in passages if classification.topics_of(p.id)]
    terms, term_problems = parse_terms(source)
    return Digest(
        passages=passages,
        # Without the topics themselves: `combine` adds them back once, instead
        # of every cached digest carrying a copy.
        classification=replace(classification, topics=()),
        entries=tuple(entries),
        figures=tuple(f for p in included for f in passage_figures(p)),
        terms=tuple(terms),
        term_problems=tuple(term_problems),
        date_problems=tuple(date_problems),
    )


def digest_chunk(sources: bytes, topics: Sequence[Topic]) -> list[bytes | None]:
    """In a worker (see `workers`): pickled sources -> their pickled digests,
    None for one that fails (the build then digests it itself and reports why)."""
    matcher = build_matcher(topics)
    out: list[bytes | None] = []
    for source in pickle.loads(sources):
        try:
            out.append(dumps(digest(source, topics, matcher)))
        except BriefingError:
            out.append(None)
    return out


def combine(parts: Iterable[Classification], topics: Sequence[Topic]) -> Classification:
    """The classification of a corpus from those of its sources, in their order."""
    by_topic: dict[str, list[TopicMatch]] = {t.id: [] for t in topics}
    by_passage: dict[str, tuple[str, ...]] = {}
    total = 0
    for part in parts:
        for topic_id, matches in part.by_topic.items():
            by_topic[topic_id].extend(matches)
        by_passage.update(part.by_passage)
        total += part.total
    return Classification(topics=tuple(topics), by_topic={k: tuple(v) for k, v in by_topic.items()}, by_passage=by_passage, total=total)
