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

What the ranker reads of a passage, its terms (`packed_terms`) and facts
(`passage_facts`), depends on its text, the glossary and its source's date
only: the site stage keeps them between builds, so an edit reads the
edited source again and nothing else. The weights and the index of rare
terms move with every passage; they are made anew from the kept terms on
every ranking, in one pass (a twentieth of a second at 1,000 sources).
"""

from __future__ import annotations

import datetime as dt
import math
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

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


# A passage's (looks ahead itself, dates it states): see `passage_facts`.
Facts = tuple[bool, tuple[DateSpan, ...]]
_SEP = "\x1f"  # between packed terms: never in a word, a bigram or a term id


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
    packed: Sequence[str] | None = None,
    facts: Callable[[Passage, DateSpan | None], Facts] | None = None,
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
        packed: each passage's `packed_terms` (with the same `concepts`), in
            the order of `passages`, when the caller keeps them between
            builds; made here when None.
        facts: a passage's `passage_facts`, when the caller keeps them; made here when None.

    Returns:
        prediction id -> candidates, best first (ties by passage id); only
        predictions with at least one candidate.
    """
    # Terms are packed in one string per passage and split on use, never all held
    # as sets: every passage's bag in memory cost 700 MB at 10,000 sources.
    if packed is None:
        packed = [packed_terms(p.text, concepts) for p in passages]
    facts = facts or passage_facts
    weight, index = _index(packed)
    # Per position: the source, and its date's first day as an ordinal (0: undated, gives no evidence).
    sources = [p.source for p in passages]
    starts = [d.start.toordinal() if (d := source_dates.get(p.source)) is not None else 0 for p in passages]
    topics: dict[str, frozenset[str]] = {}
    known: dict[str, Facts] = {}
    out = {}
    for pred in predictions:
        if as_of is None or pred.made_on is None or pred.target.start > as_of:
            continue
        query = _query(pred, concepts)
        # Each term's weight in this query, in the query's (sorted) order.
        weighted = {t: weight.get(t, 0.0) * f for t, f in query.items()}
        total = sum(weighted.values())
        if not total:
            continue
        wanted = frozenset(pred.topics)
        scored = []
        for i in _shortlist(pred, weighted, index, sources, starts):
            p = passages[i]
            # The terms in common, sorted as packed: summed in one order, whatever the hash seed.
            ordered = [t for t in _unpack(packed[i]) if t in weighted]
            # An entity in common counts as two words: `MoE` alone is a match, `模型` alone is not.
            if len(ordered) < MIN_SHARED and len(ordered) + sum(t.startswith("#") for t in ordered) < MIN_SHARED:
                continue
            share = sum([weighted[t] for t in ordered]) / total
            if share >= MIN_SCORE:
                scored.append((-_score(pred, share, p, wanted, topics_of, topics, known, source_dates, facts), p.id, p, ordered))
        if scored:
            # Which terms a candidate shares, heaviest first, only for those kept.
            out[pred.id] = tuple(
                Candidate(pid, p.source, p.anchor, -score, tuple(sorted(ordered, key=lambda t: (-weighted[t], t))[:6]))
                for score, pid, p, ordered in sorted(scored, key=lambda s: s[:2])[:limit]
            )
    return out


def packed_terms(text: str, concepts: Concepts = _no_concepts) -> str:
    """A passage's terms as the ranker reads them (`_bag`), sorted, in one string.

    A pure function of the text and the glossary (`concepts`): a caller may
    keep it between builds under the passage's source and the glossary.
    """
    return _SEP.join(sorted(_bag(text, concepts, related=False)))


def passage_facts(passage: Passage, made: DateSpan | None) -> Facts:
    """(whether the passage looks ahead itself, the dates it states), read only for shortlisted passages."""
    return speaks_of_future(passage.text), _dates(passage, made)


def _unpack(packed: str) -> list[str]:
    return packed.split(_SEP) if packed else []


def _index(packed: Sequence[str]) -> tuple[dict[str, float], dict[str, array[int]]]:
    """(term -> inverse document frequency, term -> positions of the passages
    holding it for the terms rare enough to find candidates by: in at most
    MAX_POSTINGS passages), in one pass over the packed terms."""
    postings: defaultdict[str, array[int]] = defaultdict(lambda: array("i"))
    for i, terms in enumerate(packed):
        for t in _unpack(terms):
            postings[t].append(i)
    n = len(packed)
    weight = {t: math.log((n + 1) / (len(found) + 0.5)) for t, found in postings.items()}
    return weight, {t: found for t, found in postings.items() if len(found) <= MAX_POSTINGS}


def _shortlist(
    pred: Prediction,
    weighted: Mapping[str, float],
    index: Mapping[str, array[int]],
    sources: Sequence[str],
    starts: Sequence[int],
) -> list[int]:
    """Positions of the SHORTLIST passages of later sources that share the most weight of rare terms with the query."""
    assert pred.made_on is not None
    made, by = pred.made_on.start.toordinal(), pred.made_by
    acc: dict[int, float] = {}
    for t, w in weighted.items():
        for i in index.get(t, ()):
            acc[i] = acc.get(i, 0.0) + w
    later = [(-w, i) for i, w in acc.items() if starts[i] > made and sources[i] != by]
    return [i for _, i in sorted(later)[:SHORTLIST]]


def _words(text: str) -> frozenset[str]:
    """The timeline's terms (bigrams, Latin words) without bigrams across a particle."""
    return frozenset(t for t in text_terms(text) if not (len(t) == 2 and (t[0] in _PARTICLES or t[1] in _PARTICLES)))


def _query(pred: Prediction, concepts: Concepts) -> dict[str, float]:
    """The prediction's terms with their factors: words 1, its entities double, the
    entities their definitions name half that (see the weights above)."""
    return _bag(pred.statement, concepts, ENTITY_WEIGHT)


def _bag(text: str, concepts: Concepts, entity: float = 1.0, related: bool = True) -> dict[str, float]:
    """A text's terms with their factors: words 1, its entities `entity`, those their definitions name half that.

    In sorted order (words, then entities): sums of float weights over a bag
    then add in the same order in every process, whatever the hash seed.
    """
    named, near, rest = concepts(text)
    # Words outside the names only: `MoE` counts once, as the entity, and the 测试
    # of 红队测试 is not the 测试 of 可测试的假设.
    bag = dict.fromkeys(sorted(_words(rest)), 1.0)
    if related:
        bag.update({f"#{c}": entity * RELATED_WEIGHT for c in sorted(near - named)})
    bag.update({f"#{c}": entity for c in sorted(named)})
    return bag


def _score(
    pred: Prediction,
    share: float,
    passage: Passage,
    wanted: frozenset[str],
    topics_of: Callable[[str], Iterable[str]],
    topics: dict[str, frozenset[str]],
    known: dict[str, Facts],
    source_dates: Mapping[str, DateSpan | None],
    facts: Callable[[Passage, DateSpan | None], Facts],
) -> float:
    """The score of a passage holding `share` of the query's weight (`wanted`: the prediction's topics).

    A passage's terms all count 1 (`packed_terms`): the share is the weight
    of the query terms it holds over the query's.
    """
    if passage.id not in known:
        known[passage.id] = facts(passage, source_dates.get(passage.source))
    if passage.id not in topics:
        topics[passage.id] = frozenset(topics_of(passage.id))
    forecast, dates = known[passage.id]
    score = share
    if topics[passage.id] & wanted:
        score += TOPIC_BONUS * share
    if any(d.end >= pred.target.start for d in dates):
        score += PERIOD_BONUS * share
    score = round(score, 4)
    return round(score * FORECAST_FACTOR, 4) if forecast else score


def _dates(passage: Passage, made: DateSpan | None) -> tuple[DateSpan, ...]:
    return tuple(m.span for m in find_dates(passage.text, anchor_year=None, source_date=made) if m.span is not None)


__all__ = ["MAX_CANDIDATES", "Candidate", "Facts", "packed_terms", "passage_facts", "rank_evidence"]
