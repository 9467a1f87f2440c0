"""Possible evidence for predictions, from passages of later sources.

For each prediction whose target period has started, every passage of a
source dated after the prediction was made is scored by what it shares
with the prediction: its rare terms (the IDF weighting the timeline merge
uses: `MoE` or 专家 weigh, 模型 hardly does), its topics, and a date in
or after the target period. Named entities count through `concepts`
(glossary terms, from the site stage): `MoE` in a forecast finds
混合专家模型 in a report, and a term's definition adds the concepts it
names to the forecast's (RLHF -> 强化学习). A passage that is itself a
forecast weighs less: evidence reports what happened. The best few are
kept as suggestions; a curator decides (`curation/verdicts.yml`), the
ranker never does.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from generator.core.model import Passage
from generator.dates.find import DateSpan, find_dates, speaks_of_future
from generator.timeline.ledger import Prediction
from generator.timeline.merge import text_terms

MAX_CANDIDATES = 3  # shown under a prediction and in the verdicts skeleton
MIN_SCORE = 0.05  # below it a passage shares only common words
MIN_SHARED = 2  # terms in common, in absolute number
TOPIC_BONUS = 0.25  # added share when the passage has a topic of the prediction
PERIOD_BONUS = 0.15  # ...and when it states a date from the target period on
FORECAST_FACTOR = 0.7  # a passage that looks ahead itself is a weaker witness
ENTITY_WEIGHT = 2.0  # a named entity (a glossary term) counts twice its rarity
RELATED_WEIGHT = 0.5  # ...and one its definitions name, half
# Bigrams across a particle (`型的`, `全在`) say nothing about the subject.
_PARTICLES = frozenset("的了和与在是对将把被也都而及或其之等能会")

# Candidates come from an index of the terms held by at most MAX_POSTINGS
# passages, by the weight of those terms alone; the SHORTLIST best are
# then scored in full. A passage sharing only common words scores below
# MIN_SCORE anyway, and a corpus of 10,000 sources is never compared
# passage by passage with every prediction (the cost per prediction is
# bounded by MAX_POSTINGS times its terms, whatever the corpus size).
MAX_POSTINGS = 200
SHORTLIST = 30

# Named entities of a text (glossary term ids), the entities its own
# terms' definitions name (query expansion), and the text without the
# names (so `MoE` counts once, as the entity): (named, expansion, rest).
Concepts = Callable[[str], tuple[frozenset[str], frozenset[str], str]]


def _no_concepts(text: str) -> tuple[frozenset[str], frozenset[str], str]:
    return frozenset(), frozenset(), text


@dataclass(frozen=True, slots=True)
class Candidate:
    """A passage that may speak to a prediction: a suggestion, never a verdict.

    Attributes:
        passage: the passage id, `<source slug>/<anchor>`, as `evidence` takes it.
        source: slug of its source.
        anchor: its anchor on the source page.
        score: how well it matches, 0 to about 1.4, higher first.
        shared: the prediction's terms it has, heaviest first (for `explain`-like output).
    """

    passage: str
    source: str
    anchor: str
    score: float
    shared: tuple[str, ...] = ()


def rank_evidence(
    predictions: Sequence[Prediction],
    passages: Sequence[Passage],
    source_dates: Mapping[str, DateSpan | None],
    as_of: dt.date | None,
    topics_of: Callable[[str], Iterable[str]],
    limit: int = MAX_CANDIDATES,
    concepts: Concepts = _no_concepts,
) -> dict[str, tuple[Candidate, ...]]:
    """The best candidate passages for each prediction whose target period has started.

    Args:
        predictions: the ledger's predictions.
        passages: every passage of the corpus.
        source_dates: source slug -> its date; undated sources give no evidence.
        as_of: the ledger's day (`ledger_as_of`); predictions starting later get none.
        topics_of: topic ids of a passage, given its id.
        limit: candidates kept per prediction.
        concepts: the named entities of a text and those its terms'
            definitions name (see `Concepts`); none by default.

    Returns:
        prediction id -> candidates, best first (ties by passage id); only
        predictions with at least one candidate.
    """

    # Bags are made twice (document frequencies, then the index of rare terms)
    # and a third time for the few shortlisted passages, never all held at once:
    # every passage's bag in memory cost 700 MB at 10,000 sources.
    def bag_of(passage: Passage) -> dict[str, float]:
        return _bag(passage.text, concepts, related=False)

    weight, rare = _idf(bag_of(p) for p in passages)
    index = _index(passages, bag_of, rare)
    bags: dict[str, dict[str, float]] = {}
    topics: dict[str, frozenset[str]] = {}
    forecast: dict[str, bool] = {}
    periods: dict[str, tuple[DateSpan, ...]] = {}
    out = {}
    for pred in predictions:
        if as_of is None or pred.made_on is None or pred.target.start > as_of:
            continue
        query = _query(pred, concepts)
        found = []
        for i in _shortlist(pred, query, passages, index, weight, source_dates):
            p = passages[i]
            if p.id not in topics:
                topics[p.id], forecast[p.id] = frozenset(topics_of(p.id)), speaks_of_future(p.text)
            if p.id not in bags:
                bags[p.id] = bag_of(p)
            c = _candidate(pred, query, p, bags, weight, topics, periods, source_dates)
            if c is not None:
                found.append(replace(c, score=round(c.score * FORECAST_FACTOR, 4)) if forecast[p.id] else c)
        found.sort(key=lambda c: (-c.score, c.passage))
        if found:
            out[pred.id] = tuple(found[:limit])
    return out


def _index(passages: Sequence[Passage], bag_of: Callable[[Passage], Mapping[str, float]], rare: frozenset[str]) -> dict[str, list[int]]:
    """Term -> positions of the passages holding it, for the terms rare enough to find candidates by."""
    postings: dict[str, list[int]] = {}
    for i, p in enumerate(passages):
        for t in bag_of(p).keys() & rare:
            postings.setdefault(t, []).append(i)
    return postings


def _shortlist(
    pred: Prediction,
    query: Mapping[str, float],
    passages: Sequence[Passage],
    index: Mapping[str, list[int]],
    weight: Mapping[str, float],
    source_dates: Mapping[str, DateSpan | None],
) -> list[int]:
    """Positions of the SHORTLIST passages of later sources that share the most weight of rare terms with `query`."""
    made = pred.made_on
    acc: dict[int, float] = {}
    for t, f in query.items():
        w = weight.get(t, 0.0) * f
        for i in index.get(t, ()):
            acc[i] = acc.get(i, 0.0) + w
    later = [
        (-w, i)
        for i, w in acc.items()
        if passages[i].source != pred.made_by and made is not None and _after(source_dates.get(passages[i].source), made)
    ]
    return [i for _, i in sorted(later)[:SHORTLIST]]


def _after(date: DateSpan | None, made: DateSpan) -> bool:
    return date is not None and date.start > made.start


def _idf(bags: Iterable[Iterable[str]]) -> tuple[dict[str, float], frozenset[str]]:
    """(term -> inverse document frequency, the terms in at most MAX_POSTINGS bags)."""
    df: dict[str, int] = {}
    n = 0
    for bag in bags:
        n += 1
        for t in bag:
            df[t] = df.get(t, 0) + 1
    return {t: math.log((n + 1) / (d + 0.5)) for t, d in df.items()}, frozenset(t for t, d in df.items() if d <= MAX_POSTINGS)


def _words(text: str) -> frozenset[str]:
    """The timeline's terms (bigrams, Latin words) without bigrams across a particle."""
    return frozenset(t for t in text_terms(text) if not (len(t) == 2 and (t[0] in _PARTICLES or t[1] in _PARTICLES)))


def _query(pred: Prediction, concepts: Concepts) -> dict[str, float]:
    """The prediction's terms with their factors: words 1, its entities double, the
    entities their definitions name half that (see the weights above)."""
    return _bag(pred.statement, concepts, ENTITY_WEIGHT)


def _bag(text: str, concepts: Concepts, entity: float = 1.0, related: bool = True) -> dict[str, float]:
    """A text's terms with their factors: words 1, its entities `entity`, those their definitions name half that."""
    named, near, rest = concepts(text)
    # Words outside the names only: `MoE` counts once, as the entity, and the 测试
    # of 红队测试 is not the 测试 of 可测试的假设.
    bag = dict.fromkeys(_words(rest), 1.0)
    if related:
        bag.update({f"#{c}": entity * RELATED_WEIGHT for c in near - named})
    bag.update({f"#{c}": entity for c in named})
    return bag


def _candidate(
    pred: Prediction,
    query: Mapping[str, float],
    passage: Passage,
    bags: Mapping[str, Mapping[str, float]],
    weight: Mapping[str, float],
    topics: Mapping[str, frozenset[str]],
    periods: dict[str, tuple[DateSpan, ...]],
    source_dates: Mapping[str, DateSpan | None],
) -> Candidate | None:
    total = sum(weight.get(t, 0.0) * f for t, f in query.items())
    shared = query.keys() & bags[passage.id]
    # An entity in common counts as two words: `MoE` alone is a match, `模型` alone is not.
    if len(shared) + sum(t.startswith("#") for t in shared) < MIN_SHARED or not total:
        return None
    bag = bags[passage.id]
    share = sum(weight.get(t, 0.0) * query[t] * bag[t] for t in shared) / total
    if share < MIN_SCORE:
        return None
    score = share
    if topics[passage.id] & set(pred.topics):
        score += TOPIC_BONUS * share
    if passage.id not in periods:
        periods[passage.id] = _dates(passage, source_dates.get(passage.source))
    if any(d.end >= pred.target.start for d in periods[passage.id]):
        score += PERIOD_BONUS * share
    heaviest = tuple(sorted(shared, key=lambda t: (-weight.get(t, 0.0) * query[t], t))[:6])
    return Candidate(passage.id, passage.source, passage.anchor, round(score, 4), heaviest)


def _dates(passage: Passage, made: DateSpan | None) -> tuple[DateSpan, ...]:
    return tuple(m.span for m in find_dates(passage.text, anchor_year=None, source_date=made) if m.span is not None)


__all__ = ["MAX_CANDIDATES", "Candidate", "rank_evidence"]
