"""Possible evidence for predictions, from passages of later sources.

For each prediction whose target period has started, every passage of a
source dated after the prediction was made is scored by what it shares
with the prediction: its rare terms (the stepped IDF weighting the
timeline merge uses, `evidence_terms.term_weight`: `MoE` or 专家 weigh,
模型 hardly does), its topics, and a date in
or after the target period. Named entities count through `concepts`
(glossary terms, from the site stage): `MoE` in a forecast finds
混合专家模型 in a report, and a term's definition adds the concepts it
names to the forecast's (RLHF -> 强化学习). A passage that is itself a
forecast weighs less: evidence reports what happened. The best few are
kept as suggestions; a curator decides (`curation/verdicts.yml`), the
ranker never does.

What the ranker reads of a passage, its terms (`packed_terms`) and facts
(`passage_facts`), depends on its text, the glossary and its source's date
only. An `EvidenceIndex`, which the site stage keeps between builds,
holds them with the counts of every term and the last ranking: an edit
reads the edited source again, updates the counts of its terms, and ranks
again only the predictions whose terms it touched (see `EvidenceIndex`).
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from generator.core.memo import collector_paused
from generator.core.model import Passage
from generator.dates.find import DateSpan, find_dates, speaks_of_future
from generator.timeline.evidence_terms import MAX_POSTINGS, SEP, Group, TermIndex, term_weight, unpack
from generator.timeline.ledger import Prediction
from generator.timeline.terms import text_terms

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
# passages (`evidence_terms`), by the weight of those terms alone; the SHORTLIST best are
# then scored in full. A passage sharing only common words scores below
# MIN_SCORE anyway, and a corpus of 10,000 sources is never compared
# passage by passage with every prediction (the cost per prediction is
# bounded by MAX_POSTINGS times its terms, whatever the corpus size).
SHORTLIST = 30
FORMAT = 1  # of a kept `EvidenceIndex`

# Named entities of a text (glossary term ids), the entities its own
# terms' definitions name (query expansion), and the text without the
# names (so `MoE` counts once, as the entity): (named, expansion, rest).
Concepts = Callable[[str], tuple[frozenset[str], frozenset[str], str]]


# A passage's (looks ahead itself, dates it states): see `passage_facts`.
Facts = tuple[bool, tuple[DateSpan, ...]]


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
        passages: every passage of the corpus (their order does not matter).
        source_dates: source slug -> its date; undated sources give no evidence.
        as_of: the ledger's day (`ledger_as_of`); predictions starting later get none.
        topics_of: topic ids of a passage, given its id.
        limit: candidates kept per prediction.
        concepts: the named entities of a text and those its terms'
            definitions name (see `Concepts`); none by default.
        packed: each passage's `packed_terms` (with the same `concepts`), in
            the order of `passages`; made here when None.
        facts: a passage's `passage_facts`; made here when None.

    Returns:
        prediction id -> candidates, best first (ties by passage id); only
        predictions with at least one candidate, in the order of `predictions`.
    """
    if packed is None:
        packed = [packed_terms(p.text, concepts) for p in passages]
    by_source: dict[str, list[tuple[Passage, str]]] = {}
    for p, terms in zip(passages, packed, strict=True):
        by_source.setdefault(p.source, []).append((p, terms))
    groups = {slug: ("", [p.id for p, _ in group], lambda group=group: [("", t) for _, t in group]) for slug, group in by_source.items()}
    return EvidenceIndex("").rank(predictions, groups, passages, source_dates, as_of, topics_of, limit, concepts, facts or passage_facts)


class EvidenceIndex:
    """The ranking of the last build and what it read, to update instead of ranking again.

    A prediction's candidates depend on the prediction, the weights of its
    terms (`term_weight`), the passages listed under its rare terms and
    what is read of those passages (terms, facts, topics, source and date,
    all fixed by their keys, see `TermIndex.update`). So after an edit a
    prediction keeps its candidates unless what is read of it changed, or
    one of its terms is among those of a passage taken out or put in and
    is rare (listed) before or after, or its weight moved. All are ranked
    again when the number of passages crosses a power of two (every weight
    moves), or the day or the limit changes. The index is made for one
    glossary (`context`): the terms of a passage depend on it.
    """

    def __init__(self, context: str) -> None:
        self.format = FORMAT
        self.context = context
        self.complete = True  # False while an update runs: one interrupted is not to be trusted
        self.terms = TermIndex()
        # Passage id -> what the score reads of its facts (looks ahead, the last day of the
        # dates it states), read when it is first shortlisted.
        self.facts: dict[str, tuple[bool, dt.date | None]] = {}
        self.ranked_with: tuple = ()  # (as_of, limit, bit length of n) of the kept rankings
        # Prediction id -> (what the ranking reads of it, its query, its candidates) as last ranked.
        self.results: dict[str, tuple[tuple, dict[str, float], tuple[Candidate, ...]]] = {}
        self.ranked = 0  # predictions ranked in the last update (for tests and profiles)

    def rank(
        self,
        predictions: Sequence[Prediction],
        groups: Mapping[str, Group],
        passages: Iterable[Passage],
        source_dates: Mapping[str, DateSpan | None],
        as_of: dt.date | None,
        topics_of: Callable[[str], Iterable[str]],
        limit: int,
        concepts: Concepts,
        facts: Callable[[Passage, DateSpan | None], Facts],
    ) -> dict[str, tuple[Candidate, ...]]:
        """`rank_evidence` over the passages of `groups` (`TermIndex.update`), updating the last ranking.

        Args:
            passages: the passages of `groups` (read only for predictions ranked again).
        """
        self.complete = False
        n_before = self.terms.n
        before, removed = self.terms.update(groups)
        for pid in removed:
            self.facts.pop(pid, None)
        ranked_with = (as_of, limit, self.terms.n.bit_length())
        if ranked_with != self.ranked_with:  # every weight moved, or what every ranking reads
            self.results.clear()
        self.ranked_with = ranked_with
        touched = self._touched(before, n_before)
        ranker = _Ranker(self, passages, source_dates, topics_of, limit, facts)
        results: dict[str, tuple[tuple, dict[str, float], tuple[Candidate, ...]]] = {}
        out: dict[str, tuple[Candidate, ...]] = {}
        for pred in predictions:
            if as_of is None or pred.made_on is None or pred.target.start > as_of:
                continue
            kept = self.results.get(pred.id)
            read = (pred.made_by, pred.made_on.start, pred.target.start, pred.topics, pred.statement)
            if kept is None or kept[0] != read:
                query = _query(pred, concepts)
                kept = (read, query, ranker.rank(pred, query))
            elif not touched.isdisjoint(kept[1]):
                kept = (read, kept[1], ranker.rank(pred, kept[1]))
            results[pred.id] = kept
            if kept[2]:
                out[pred.id] = kept[2]
        self.results = results
        self.ranked = ranker.ranked
        self.complete = True
        return out

    def _touched(self, before: Mapping[str, int], n_before: int) -> set[str]:
        """The terms whose weight or listed passages an update changed."""
        index, n = self.terms, self.terms.n
        touched = set()
        for t, old in before.items():
            now = index.df.get(t, 0)
            if old <= MAX_POSTINGS or now <= MAX_POSTINGS or term_weight(old, n_before) != term_weight(now, n):
                touched.add(t)
        return touched

    def __reduce__(self) -> tuple:
        # One blob of built-in types by the standard pickler: the cache's own, and a dataclass's
        # own state, call back into Python for every object.
        with collector_paused():
            results = {
                pid: (read, query, tuple((c.passage, c.source, c.anchor, c.score, c.shared) for c in found))
                for pid, (read, query, found) in self.results.items()
            }
            state = (self.format, self.context, self.complete, self.terms.state(), self.facts, self.ranked_with, results)
            return _restore, (pickle.dumps(state, pickle.HIGHEST_PROTOCOL),)


def _restore(blob: bytes) -> EvidenceIndex:
    """An `EvidenceIndex` from its pickled state (our own cache file: trusted, as `Memo` trusts it)."""
    with collector_paused():
        fmt, context, complete, terms, facts, ranked_with, results = pickle.loads(blob)
        index = EvidenceIndex(context)
        index.format, index.complete, index.terms = fmt, complete, TermIndex.from_state(terms)
        index.facts, index.ranked_with = facts, ranked_with
        index.results = {pid: (read, query, tuple(Candidate(*c) for c in found)) for pid, (read, query, found) in results.items()}
    return index


class _Ranker:
    """Ranks one prediction at a time over an `EvidenceIndex`; what it reads of
    the passages (by id, each source's first day) is made on first use."""

    def __init__(
        self,
        index: EvidenceIndex,
        passages: Iterable[Passage],
        source_dates: Mapping[str, DateSpan | None],
        topics_of: Callable[[str], Iterable[str]],
        limit: int,
        facts: Callable[[Passage, DateSpan | None], Facts],
    ) -> None:
        self.index, self.passages, self.source_dates = index, passages, source_dates
        self.topics_of, self.limit, self.facts = topics_of, limit, facts
        self._by_id: dict[str, Passage] | None = None
        self._starts: dict[str, int] = {}
        self.ranked = 0

    def rank(self, pred: Prediction, query: Mapping[str, float]) -> tuple[Candidate, ...]:
        """The prediction's candidates, best first (ties by passage id)."""
        self.ranked += 1
        terms = self.index.terms
        # Each term's weight in this query, in the query's (sorted) order; exact sums (see `term_weight`).
        weighted = {t: terms.weight(t) * f for t, f in query.items()}
        total = sum(weighted.values())
        if not total:
            return ()
        wanted = frozenset(pred.topics)
        scored = []
        for pid in self._shortlist(pred, weighted):
            # The terms in common, sorted as packed.
            ordered = [t for t in unpack(terms.terms[pid]) if t in weighted]
            # An entity in common counts as two words: `MoE` alone is a match, `模型` alone is not.
            if len(ordered) < MIN_SHARED and len(ordered) + sum(t.startswith("#") for t in ordered) < MIN_SHARED:
                continue
            share = sum([weighted[t] for t in ordered]) / total
            if share >= MIN_SCORE:
                scored.append((-self._score(pred, share, self.by_id[pid], wanted), pid, ordered))
        # Which terms a candidate shares, heaviest first, only for those kept.
        return tuple(
            Candidate(pid, (p := self.by_id[pid]).source, p.anchor, -score, tuple(sorted(ordered, key=lambda t: (-weighted[t], t))[:6]))
            for score, pid, ordered in sorted(scored, key=lambda s: s[:2])[: self.limit]
        )

    @property
    def by_id(self) -> dict[str, Passage]:
        if self._by_id is None:
            self._by_id = {}
            for p in self.passages:
                self._by_id.setdefault(p.id, p)  # an id twice: the first passage, as `TermIndex.update` keeps it
        return self._by_id

    def _start(self, source: str) -> int:
        """The first day of the source's date as an ordinal (0: undated, gives no evidence)."""
        if source not in self._starts:
            date = self.source_dates.get(source)
            self._starts[source] = date.start.toordinal() if date is not None else 0
        return self._starts[source]

    def _shortlist(self, pred: Prediction, weighted: Mapping[str, float]) -> list[str]:
        """The SHORTLIST passages of later sources that share the most weight of rare terms with the query."""
        assert pred.made_on is not None
        made, by = pred.made_on.start.toordinal(), pred.made_by
        postings = self.index.terms.postings
        acc: dict[str, float] = {}
        for t, w in weighted.items():
            for pid in postings.get(t, ()):
                acc[pid] = acc.get(pid, 0.0) + w
        by_id = self.by_id
        later = [(-w, pid) for pid, w in acc.items() if (src := by_id[pid].source) != by and self._start(src) > made]
        return [pid for _, pid in sorted(later)[:SHORTLIST]]

    def _score(self, pred: Prediction, share: float, passage: Passage, wanted: frozenset[str]) -> float:
        """The score of a passage holding `share` of the query's weight (`wanted`: the prediction's topics).

        A passage's terms all count 1 (`packed_terms`): the share is the weight
        of the query terms it holds over the query's.
        """
        known = self.index.facts
        if passage.id not in known:
            forecast, dates = self.facts(passage, self.source_dates.get(passage.source))
            known[passage.id] = (forecast, max((d.end for d in dates), default=None))
        forecast, last = known[passage.id]
        score = share
        if frozenset(self.topics_of(passage.id)) & wanted:
            score += TOPIC_BONUS * share
        if last is not None and last >= pred.target.start:  # a date it states ends in the target period or later
            score += PERIOD_BONUS * share
        score = round(score, 4)
        return round(score * FORECAST_FACTOR, 4) if forecast else score


def packed_terms(text: str, concepts: Concepts = _no_concepts) -> str:
    """A passage's terms as the ranker reads them (`_bag`), sorted, in one string.

    A pure function of the text and the glossary (`concepts`): a caller may
    keep it between builds under the passage's source and the glossary.
    """
    return SEP.join(sorted(_bag(text, concepts, related=False)))


def passage_facts(passage: Passage, made: DateSpan | None) -> Facts:
    """(whether the passage looks ahead itself, the dates it states), read only for shortlisted passages."""
    return speaks_of_future(passage.text), _dates(passage, made)


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


def _dates(passage: Passage, made: DateSpan | None) -> tuple[DateSpan, ...]:
    return tuple(m.span for m in find_dates(passage.text, anchor_year=None, source_date=made) if m.span is not None)


__all__ = ["MAX_CANDIDATES", "Candidate", "EvidenceIndex", "Facts", "packed_terms", "passage_facts", "rank_evidence"]
