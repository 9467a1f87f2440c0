"""The Site model -> HomeData: what the one-screen home brief shows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from generator.analysis.classify import Classification
from generator.analysis.figures import Figure
from generator.analysis.topics import Topic
from generator.core.model import Source
from generator.core.paths import source_page
from generator.site.writers.home import EntrySummary, HomeData, TopicSummary
from generator.timeline.entries import EVENT, TimelineEntry
from generator.timeline.ledger import DUE, Prediction, Verdict, ledger_as_of, status_counts, status_of

LATEST_EVENTS = 5
EVENTS_PER_SOURCE = 2
DUE_SHOWN = 5


def home_data(
    sources: Sequence[Source],
    topics: Sequence[Topic],
    classification: Classification,
    figures: Mapping[str, Sequence[Figure]],
    entries: Sequence[TimelineEntry],
    predictions: Sequence[Prediction],
    verdicts: Mapping[str, Verdict],
) -> HomeData:
    as_of = ledger_as_of(s.meta.date for s in sources)
    summaries, coverage = [], {}
    for t in topics:
        included = classification.included(t.id)
        per_source = classification.per_source(t.id)
        coverage.update({(slug, t.id): n for slug, n in per_source.items()})
        f = figures[t.id][0] if figures.get(t.id) else None  # the topic page's first key figure
        summaries.append(TopicSummary(
            t.id, t.title, t.summary, len(included), len(per_source),
            f.label if f else "", source_page(f.passage.source) if f else "", f.passage.anchor if f else "", f.value if f else "",
        ))
    return HomeData(sources=sources, topics=summaries, events=_latest_events(entries, as_of),
                    predictions_due=_due(predictions, verdicts, as_of), coverage=coverage,
                    ledger=status_counts(predictions, verdicts, as_of))


def _latest_events(entries, as_of):
    """Dated happenings, newest first: a month or a day (a bare year is a trend, not news), two per source at most."""
    events = sorted((e for e in entries if e.kind == EVENT and e.date.granularity in ("day", "month")
                     and (as_of is None or e.date.end <= as_of)), key=lambda e: (e.date.end, e.date.start, e.id), reverse=True)
    per, chosen = {}, []
    for e in events:
        slug = e.sources[0].source
        if per.get(slug, 0) < EVENTS_PER_SOURCE:
            per[slug] = per.get(slug, 0) + 1
            chosen.append(EntrySummary(e.date.label, e.summary, slug, e.sources[0].anchor))
    return chosen[:LATEST_EVENTS]


def _due(predictions, verdicts, as_of):
    """Predictions whose target has passed and that no verdict settles yet, latest target first."""
    due = [p for p in predictions if status_of(p, verdicts.get(p.id), as_of) == DUE]
    due.sort(key=lambda p: (p.target.end, p.id), reverse=True)
    return [EntrySummary(p.target.label, p.statement, p.made_by, p.anchor) for p in due[:DUE_SHOWN]]
