"""Which timeline entries report the same event.

Kept apart from `entries.py` so the extraction rules read on their own.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Callable, Sequence

from generator.dates.find import DAY, MONTH, SENTENCE_END, DateSpan
from generator.timeline.model import TimelineEntry

_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9+]*")
_DATE_CHARS = re.compile(r"[年月日号]")
_LATIN_STOP = frozenset({"ai", "the", "of", "and", "to", "in", "a"})
MAX_GAP_DAYS = 31
MIN_SHARED = 0.4  # share of the lighter sentence's term weight
MIN_SHARED_SAME_SOURCE = 0.6
MIN_TERMS = 5  # shared terms in absolute number: a phrase, not one word


def text_terms(text: str) -> frozenset[str]:
    """Character bigrams of the Chinese text and lowercased Latin words."""
    out = set()
    for run in _CJK_RUN.findall(text):
        for part in _DATE_CHARS.split(run):
            out.update(part[i : i + 2] for i in range(len(part) - 1))
    out.update(w.lower() for w in _LATIN.findall(text) if w.lower() not in _LATIN_STOP)
    return frozenset(out)


# Timeline sentences, cached: `mkdocs serve` rebuilds see the same ones again.
# Whole passages (evidence) use `text_terms`: 65,536 of them cached held
# hundreds of MB.
terms = functools.lru_cache(maxsize=1 << 16)(text_terms)


def same_event_groups(entries: Sequence[TimelineEntry]) -> list[list[int]]:
    """Indices of entries that report the same event, grouped, in input order.

    Two entries are the same event when their dates are near (see
    `_near`), they come from different passages, and some sentence of one
    shares at least MIN_TERMS terms, carrying at least MIN_SHARED of the
    weight of the lighter of the two sentences (MIN_SHARED_SAME_SOURCE
    within one source, which restates itself less often than it lists
    parallel facts). Terms weigh by inverse document frequency, so 行政命令
    counts and 模型 hardly does.

    No all-pairs comparison: similar sentences are found through an index
    (`_similar_bags`), and only the entries holding them are compared.
    """
    bags: list[frozenset[str]] = []  # distinct sentences' term bags
    number: dict[frozenset[str], int] = {}  # bag -> its place in `bags`
    holders: list[list[int]] = []  # bag number -> entries holding that sentence
    df: dict[str, int] = {}
    for i, entry in enumerate(entries):
        own = set()
        for sentence in _sentences(entry):
            bag = terms(sentence)
            if bag not in number:
                number[bag] = len(bags)
                bags.append(bag)
                holders.append([])
            own.add(number[bag])
        for b in sorted(own):
            holders[b].append(i)
        for t in frozenset().union(*(bags[b] for b in own)):
            df[t] = df.get(t, 0) + 1
    n = len(entries)
    weight = {t: math.log((n + 1) / (d + 0.5)) for t, d in df.items()}
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    # Entries as extracted cite one passage each. Two entries of one class
    # never join: of one passage always, of one source below MIN_SHARED_SAME_SOURCE.
    passage_of = [(e.sources[0].source, e.sources[0].anchor) for e in entries]
    source_of = [e.sources[0].source for e in entries]
    by_date: dict[int, dict[DateSpan, list[int]]] = {}  # bag number -> its holders by date
    for a, b, ratio in _similar_bags(bags, weight):
        if a == b and len(holders[a]) == 1:
            continue  # a sentence alike itself, in one entry
        classes = passage_of if ratio >= MIN_SHARED_SAME_SOURCE else source_of
        for bag in (a, b):
            if bag not in by_date:
                by_date[bag] = _by_date(holders[bag], entries)
        for date, left in by_date[a].items():
            for other, right in by_date[b].items():
                if _near(date, other):
                    _join_across(left, right, classes, union)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return [groups[k] for k in sorted(groups)]


def _by_date(indices: list[int], entries: Sequence[TimelineEntry]) -> dict[DateSpan, list[int]]:
    out: dict[DateSpan, list[int]] = {}
    for i in indices:
        out.setdefault(entries[i].date, []).append(i)
    return out


def _join_across(left: list[int], right: list[int], classes: Sequence[object], union: Callable[[int, int], None]) -> None:
    """Join entries as the pairs (one of `left`, one of `right`) of different
    classes connect them, in linear time instead of trying every pair.

    Each entry joins the (up to three) representatives of distinct classes
    chosen on the other side, where their class differs from its own. That
    is exact: for any pair i, j of different classes, j joins a
    representative r of the left side with a class other than its own (one
    exists, since i's class differs from j's), and i and r, each joined to
    every right representative not of its class, share one (of three
    distinct classes, each misses at most one; of one or two, the one of
    j's class, which neither i nor r has).
    """
    left_reps, right_reps = _representatives(left, classes), _representatives(right, classes)
    for i in left:
        for r in right_reps:
            if classes[r] != classes[i]:
                union(i, r)
    for j in right:
        for r in left_reps:
            if classes[r] != classes[j]:
                union(j, r)


def _representatives(indices: list[int], classes: Sequence[object]) -> list[int]:
    """The first entries of up to three distinct classes."""
    out, seen = [], set()
    for i in indices:
        if classes[i] not in seen:
            seen.add(classes[i])
            out.append(i)
            if len(out) == 3:
                break
    return out


def _similar_bags(bags: list[frozenset[str]], weight: dict[str, float]) -> list[tuple[int, int, float]]:
    """Pairs of bags (a <= b, a bag with itself included) sharing at least
    MIN_TERMS terms and MIN_SHARED of the lighter bag's weight, with that share.

    Prefix filtering: with terms in one global order, rarest first, a bag's
    prefix is its shortest head whose tail weighs less than MIN_SHARED of
    the bag. A lighter bag sharing that much with another must share a
    term of its prefix, so each bag looks up only its prefix terms in an
    index of every bag's terms, and only heavier bags are compared.
    """
    rank = {t: k for k, t in enumerate(sorted(weight, key=lambda t: (-weight[t], t)))}
    totals = [sum(map(weight.__getitem__, bag)) for bag in bags]
    postings: dict[str, list[int]] = {}  # term -> bags holding it, heaviest first
    for b in sorted(range(len(bags)), key=lambda b: (-totals[b], b)):
        for t in bags[b]:
            postings.setdefault(t, []).append(b)
    keys = {t: [-totals[b] for b in bs] for t, bs in postings.items()}  # for bisecting a list at a weight
    out = []
    for a, bag in enumerate(bags):
        if len(bag) < MIN_TERMS or not totals[a]:
            continue
        candidates: set[int] = set()
        tail, least = totals[a], MIN_SHARED * totals[a] - 1e-9  # float slack: never miss an exact tie
        for t in sorted(bag, key=rank.__getitem__):
            if tail < least:
                break
            tail -= weight[t]
            # Only bags at least as heavy: a lighter one finds this one itself.
            candidates.update(postings[t][: bisect.bisect_right(keys[t], -totals[a])])
        for b in sorted(candidates):
            if totals[b] == totals[a] and b < a:
                continue
            shared = bag & bags[b]
            if len(shared) >= MIN_TERMS:
                ratio = sum(map(weight.__getitem__, shared)) / totals[a]
                if ratio >= MIN_SHARED:
                    out.append((min(a, b), max(a, b), ratio))
    return out


def _sentences(entry: TimelineEntry) -> list[str]:
    """The sentences of each citation, without a list heading they all share."""
    out = []
    for c in entry.sources:
        text = c.text[len(entry.context) + 1 :] if entry.context and c.text.startswith(entry.context + "：") else c.text
        out.extend(s for s in SENTENCE_END.split(text) if s.strip())
    return out or [""]


def _near(a: DateSpan, b: DateSpan) -> bool:
    """Overlapping periods, or a day or month at most MAX_GAP_DAYS from the
    other period (the order of 2025-12-11 and a forecast for 2026 meet; two
    forecasts for 2026 and 2027 do not)."""
    fine = {DAY, MONTH}
    return a.overlaps(b) or ((a.granularity in fine or b.granularity in fine) and a.gap_days(b) <= MAX_GAP_DAYS)
