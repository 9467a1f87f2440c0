"""Which timeline entries report the same event: the rule, and a merge from scratch.

Kept apart from `entries.py` so the extraction rules read on their own.
`merge_index.MergeIndex` applies the same rule to what changed since the
last build; the two give the same groups (tests/test_merge_incremental.py).

Term weights are inverse document frequencies in whole steps (see
`term_weight`), not real numbers. With real numbers every new entry would
move every weight a little, and any pair of sentences could cross the
threshold; in steps, a new source moves the weights of the few terms
whose counts cross a step (all of them only when the number of entries
crosses a power of two), so an update pairs again only the sentences
holding those terms, and is exact.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction

from generator.dates.find import DAY, MONTH, SENTENCE_END, DateSpan
from generator.timeline.model import TimelineEntry

_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9+]*")
_DATE_CHARS = re.compile(r"[年月日号]")
_LATIN_STOP = frozenset({"ai", "the", "of", "and", "to", "in", "a"})
MAX_GAP_DAYS = 31
MIN_SHARED = Fraction(2, 5)  # share of the lighter sentence's term weight
MIN_SHARED_SAME_SOURCE = Fraction(3, 5)
MIN_TERMS = 5  # shared terms in absolute number: a phrase, not one word
# Of them, terms rare in the corpus (see `rare_weight`): a name, a number's
# unit, a specific word. Without them, two reports cast in one template
# (`X宣布完成…融资，由Y领投`, `有分析师估算，X相关支出今年将达到…`) look alike
# through the template's words alone, and chain a month of news into one event.
MIN_RARE = 2
_FINE = frozenset({DAY, MONTH})
WEAK, STRONG = 1, 2  # a pair of sentences alike across sources only, or within one source too


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


def term_weight(df: int, n: int) -> int:
    """A term's weight among `n` entries, `df` of which hold it: its inverse
    document frequency, log(n / df), in steps of half a bit.

    n counts in powers of two (2 * bit length) and df in powers of √2
    (floor(2 * log2 df), from exact integers), so the weight is a whole
    number of at least 1: a common term weighs 1 or 2, a term of one entry
    weighs the most. A term's weight moves only when its df crosses a power
    of √2, and all weights shift together only when the number of entries
    crosses a power of two.
    """
    return 2 * n.bit_length() - ((df * df).bit_length() - 1)


def rare_weight(n: int) -> int:
    """The least weight of a rare term among `n` entries: half the greatest,
    so a term held by at most about √n entries. It moves only when `n`
    crosses a power of two, as every weight does."""
    return n.bit_length()


def thresholds(total: int) -> tuple[int, int]:
    """The shared weight a sentence of weight `total` needs to be alike
    another heavier one: (across sources, within one source)."""
    return math.ceil(MIN_SHARED * total), math.ceil(MIN_SHARED_SAME_SOURCE * total)


def strength(shared: frozenset[str], weight: Callable[[str], int], needed: tuple[int, int], rare: int) -> int:
    """0, WEAK or STRONG: how alike two sentences are, given the terms they
    share, the thresholds (`thresholds`) of the lighter one and the weight
    of a rare term (`rare_weight`)."""
    if len(shared) < MIN_TERMS or sum(1 for t in shared if weight(t) >= rare) < MIN_RARE:
        return 0
    value = sum(map(weight, shared))
    return STRONG if value >= needed[1] else WEAK if value >= needed[0] else 0


def same_event_groups(entries: Sequence[TimelineEntry]) -> list[list[int]]:
    """Indices of entries that report the same event, grouped, in input order.

    Two entries are the same event when their dates are near (see
    `near`), they come from different passages, and some sentence of one
    shares at least MIN_TERMS terms, MIN_RARE of them rare, carrying at least MIN_SHARED of the
    weight of the lighter of the two sentences (MIN_SHARED_SAME_SOURCE
    within one source, which restates itself less often than it lists
    parallel facts). Terms weigh by inverse document frequency (see
    `term_weight`), so 行政命令 counts and 模型 hardly does.

    No all-pairs comparison: similar sentences are found through an index
    (`similar_bags`), and only the entries holding them are compared.
    """
    bags: list[frozenset[str]] = []  # distinct sentences' term bags
    number: dict[frozenset[str], int] = {}  # bag -> its place in `bags`
    holders: list[list[int]] = []  # bag number -> entries holding that sentence
    df: dict[str, int] = {}
    for i, entry in enumerate(entries):
        own = set()
        for bag in sentence_bags(entry):
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
    weight = {t: term_weight(d, n) for t, d in df.items()}
    # Entries as extracted cite one passage each. Two entries of one class
    # never join: of one passage always, of one source below MIN_SHARED_SAME_SOURCE.
    passage_of = [(e.sources[0].source, e.sources[0].anchor) for e in entries]
    source_of = [e.sources[0].source for e in entries]
    roots, _ = connect(similar_bags(bags, weight, rare_weight(n)), holders, [e.date for e in entries], passage_of, source_of)
    groups: dict[int, list[int]] = {}
    for i, r in enumerate(roots):
        groups.setdefault(r, []).append(i)
    return [groups[k] for k in sorted(groups)]


def connect(
    pairs: Iterable[tuple[int, int, int]],
    holders: Sequence[Sequence[int]],
    dates: Sequence[DateSpan],
    passage_of: Sequence[object],
    source_of: Sequence[object],
) -> tuple[list[int], list[tuple[int, int]]]:
    """Join the entries 0..n-1 along the alike pairs of their sentences (see `same_event_groups`).

    Args:
        pairs: (bag, bag, WEAK or STRONG), as `similar_bags` gives them.
        holders: bag -> the entries holding it, ascending.
        dates, passage_of, source_of: of each entry.

    Returns:
        (each entry's group, named by its first entry; the links that
        joined two groups, a spanning forest of the groups).
    """
    parent = list(range(len(dates)))
    links: list[tuple[int, int]] = []

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
            links.append((i, j))

    by_date: dict[int, dict[DateSpan, list[int]]] = {}  # bag -> its holders by date
    for a, b, level in pairs:
        if a == b and len(holders[a]) == 1:
            continue  # a sentence alike itself, in one entry
        for bag in (a, b):
            if bag not in by_date:
                by_date[bag] = by_date_of(holders[bag], dates.__getitem__)
        join_near(by_date[a], by_date[b], (passage_of if level == STRONG else source_of).__getitem__, union)
    return [root(i) for i in range(len(parent))], links


def by_date_of(indices: Iterable[int], date_of: Callable[[int], DateSpan]) -> dict[DateSpan, list[int]]:
    """The indices grouped by their entries' dates."""
    out: dict[DateSpan, list[int]] = {}
    for i in indices:
        out.setdefault(date_of(i), []).append(i)
    return out


def join_near(
    left: Mapping[DateSpan, list[int]],
    right: Mapping[DateSpan, list[int]],
    class_of: Callable[[int], object],
    union: Callable[[int, int], None],
) -> None:
    """Join the holders of two alike sentences (by date) whose dates are near,
    where their classes differ (see `same_event_groups`)."""
    for date, lefts in left.items():
        for other, rights in right.items():
            if near(date, other):
                _join_across(lefts, rights, class_of, union)


def _join_across(left: list[int], right: list[int], class_of: Callable[[int], object], union: Callable[[int, int], None]) -> None:
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
    left_reps, right_reps = _representatives(left, class_of), _representatives(right, class_of)
    for i in left:
        own = class_of(i)
        for r in right_reps:
            if class_of(r) != own:
                union(i, r)
    for j in right:
        own = class_of(j)
        for r in left_reps:
            if class_of(r) != own:
                union(j, r)


def _representatives(indices: list[int], class_of: Callable[[int], object]) -> list[int]:
    """The first entries of up to three distinct classes."""
    out, seen = [], set()
    for i in indices:
        c = class_of(i)
        if c not in seen:
            seen.add(c)
            out.append(i)
            if len(out) == 3:
                break
    return out


def prefix_terms(bag: frozenset[str], weight: Callable[[str], int], least: int) -> list[str]:
    """The bag's terms in the global order (heaviest first, then by term), up
    to its shortest head whose tail weighs less than `least`: a lighter bag
    that shares `least` with another shares a term of this head."""
    ranked = sorted(bag, key=lambda t: (-weight(t), t))
    tail, out = sum(map(weight, ranked)), []
    for t in ranked:
        if tail < least:
            break
        out.append(t)
        tail -= weight(t)
    return out


def similar_bags(bags: list[frozenset[str]], weight: dict[str, int], rare: int) -> list[tuple[int, int, int]]:
    """Pairs of bags (a <= b, a bag with itself included) sharing at least
    MIN_TERMS terms (MIN_RARE of at least weight `rare`) and MIN_SHARED of the lighter bag's weight, with how
    alike they are (WEAK or STRONG).

    Prefix filtering: each bag looks up only its prefix terms (see
    `prefix_terms`) in an index of every bag's terms, and compares only
    bags at least as heavy; a lighter one finds this one itself.
    """
    totals = [sum(map(weight.__getitem__, bag)) for bag in bags]
    postings: dict[str, list[int]] = {}  # term -> bags holding it, heaviest first
    for b in sorted(range(len(bags)), key=lambda b: (-totals[b], b)):
        for t in bags[b]:
            postings.setdefault(t, []).append(b)
    keys = {t: [-totals[b] for b in bs] for t, bs in postings.items()}  # for bisecting a list at a weight
    out = []
    for a, bag in enumerate(bags):
        if len(bag) < MIN_TERMS:
            continue
        needed = thresholds(totals[a])
        candidates: set[int] = set()
        for t in prefix_terms(bag, weight.__getitem__, needed[0]):
            candidates.update(postings[t][: bisect.bisect_right(keys[t], -totals[a])])
        for b in sorted(candidates):
            if totals[b] == totals[a] and b < a:
                continue
            level = strength(bag & bags[b], weight.__getitem__, needed, rare)
            if level:
                out.append((min(a, b), max(a, b), level))
    return out


def sentence_bags(entry: TimelineEntry) -> list[frozenset[str]]:
    """The term bags of the entry's sentences (see `_sentences`)."""
    return [terms(s) for s in _sentences(entry)]


def _sentences(entry: TimelineEntry) -> list[str]:
    """The sentences of each citation, without a list heading they all share."""
    out = []
    for c in entry.sources:
        text = c.text[len(entry.context) + 1 :] if entry.context and c.text.startswith(entry.context + "：") else c.text
        out.extend(s for s in SENTENCE_END.split(text) if s.strip())
    return out or [""]


def near(a: DateSpan, b: DateSpan) -> bool:
    """Overlapping periods, or a day or month at most MAX_GAP_DAYS from the
    other period (the order of 2025-12-11 and a forecast for 2026 meet; two
    forecasts for 2026 and 2027 do not)."""
    return a.overlaps(b) or ((a.granularity in _FINE or b.granularity in _FINE) and a.gap_days(b) <= MAX_GAP_DAYS)
