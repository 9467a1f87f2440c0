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
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction

from generator.dates.find import DAY, MONTH, SENTENCE_END, DateSpan
from generator.timeline.model import TimelineEntry
from generator.timeline.terms import figures, figures_differ, identifier, terms

MAX_GAP_DAYS = 31
DAY_GAP_DAYS = 3  # two reports of one event dated by the day: the day, or a day or two off (time zones, a report the day after)
MIN_SHARED = Fraction(1, 4)  # share of the lighter sentence's term weight
MIN_SHARED_SAME_SOURCE = Fraction(3, 5)
MIN_TERMS = 5  # shared terms in absolute number: a phrase, not one word
# Of them, terms rare in the corpus (see `rare_weight`): a name, a number's
# unit, a specific word. Without them, two reports cast in one template
# (`X宣布完成…融资，由Y领投`, `有分析师估算，X相关支出今年将达到…`) look alike
# through the template's words alone, and chain a month of news into one event.
MIN_RARE = 2
RARE_BITS = 14  # see `rare_weight`: rare terms are held by fewer than about 180 entries
# ...and of the rare terms' weight in the sentence with less of it: two reports
# of one event share its specifics, where `X内部把Y列为头号项目` for two Xs does not.
MIN_RARE_SHARED = Fraction(1, 4)
_FINE = frozenset({DAY, MONTH})
WEAK, STRONG = 1, 2  # a pair of sentences alike across sources only, or within one source too


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
    so a term held by at most about √n entries, and by at most about
    2 ** (RARE_BITS / 2) however large the corpus (a name in every other
    week's news is not a specific). With √n alone, the pairs to compare
    grew as n√n. It moves only when `n` crosses a power of two, as every
    weight does."""
    return max(n.bit_length(), 2 * n.bit_length() - RARE_BITS)


def _below(value: int, share: Fraction, of: int) -> bool:
    """value < share * of, in integers (a Fraction per pair costs seconds)."""
    return value * share.denominator < share.numerator * of


def rare_total(bag: frozenset[str], weight: Callable[[str], int], rare: int) -> int:
    """The weight of a sentence's rare terms (see `strength`)."""
    return sum(w for w in map(weight, bag) if w >= rare)


def thresholds(total: int) -> tuple[int, int]:
    """The shared weight a sentence of weight `total` needs to be alike
    another heavier one: (across sources, within one source)."""
    return math.ceil(MIN_SHARED * total), math.ceil(MIN_SHARED_SAME_SOURCE * total)


def strength(shared: frozenset[str], weight: Callable[[str], int], needed: tuple[int, int], rare: int, rarer: int) -> int:
    """0, WEAK or STRONG: how alike two sentences are, given the terms they
    share, the thresholds (`thresholds`) of the lighter one, the weight of
    a rare term (`rare_weight`) and the lesser weight of rare terms
    (`rare_total`) of the two."""
    if len(shared) < MIN_TERMS:
        return 0
    weights = list(map(weight, shared))
    rare_shared = [w for w in weights if w >= rare]
    if len(rare_shared) < MIN_RARE:
        return 0
    value = sum(weights)
    if value >= needed[0] and not _below(sum(rare_shared), MIN_RARE_SHARED, rarer):
        return STRONG if value >= needed[1] else WEAK
    # A shared rare identifier (`玄鸟-3`, 《算法问责法》) names the event's subject better than any share
    # of words: a one-line brief and a paragraph of detail about it are alike (across sources). A
    # common one (`GPT-4` in a year of news) names no event.
    return WEAK if any(identifier(t) and weight(t) >= rare for t in shared) else 0


def same_event_groups(entries: Sequence[TimelineEntry]) -> list[list[int]]:
    """Indices of entries that report the same event, grouped, in input order.

    Two entries are alike when their dates are near (see `near`), they
    come from different passages, and some sentence of one is alike some
    sentence of the other (`strength`): they share at least MIN_TERMS
    terms, MIN_RARE of them rare, carrying at least MIN_SHARED of the
    weight of the lighter sentence (MIN_SHARED_SAME_SOURCE within one
    source, which restates itself less often than it lists parallel
    facts) and MIN_RARE_SHARED of the rare terms' weight of the sentence
    with less of it, or share a rare identifier (see `terms`); and they
    state no conflicting figures (`terms.figures_differ`). Terms weigh by
    inverse document frequency (see `term_weight`), so 行政命令 counts and
    模型 hardly does.

    Alike entries are grouped around centres (see `stars`), not joined
    along chains: in news cast in templates, A is alike B and B alike C
    for different reasons, and a chain of such pairs once made one
    "event" of a year of reports.

    No all-pairs comparison: similar sentences are found through an index
    (`similar_bags`), and only the entries holding them are compared.
    """
    bags: list[frozenset[str]] = []  # distinct sentences' term bags
    number: dict[frozenset[str], int] = {}  # bag -> its place in `bags`
    holders: list[list[int]] = []  # bag number -> entries holding that sentence
    own: list[list[int]] = []  # entry -> its bags
    df: dict[str, int] = {}
    for i, entry in enumerate(entries):
        mine = set()
        for bag in sentence_bags(entry):
            if bag not in number:
                number[bag] = len(bags)
                bags.append(bag)
                holders.append([])
            mine.add(number[bag])
        own.append(sorted(mine))
        for b in own[-1]:
            holders[b].append(i)
        for t in frozenset().union(*(bags[b] for b in mine)):
            df[t] = df.get(t, 0) + 1
    n = len(entries)
    weight = {t: term_weight(d, n) for t, d in df.items()}
    alike: list[dict[int, int]] = [{} for _ in bags]
    for a, b, level in similar_bags(bags, weight, rare_weight(n)):
        alike[a][b] = alike[b][a] = level
    # Entries as extracted cite one passage each. Two entries of one class
    # never join: of one passage always, of one source below MIN_SHARED_SAME_SOURCE.
    passage_of = [(e.sources[0].source, e.sources[0].anchor) for e in entries]
    source_of = [e.sources[0].source for e in entries]
    windows = [window(e.date) for e in entries]
    ranks = [rank_of(identity) for identity in identities(entries)]

    def neighbours(i: int) -> set[int]:
        return alike_entries(
            i, own[i], alike.__getitem__, holders.__getitem__, windows.__getitem__, passage_of.__getitem__, source_of.__getitem__
        )

    places = list(zip(source_of, windows, strict=True))
    return sorted(stars(range(n), {i: neighbours(i) for i in range(n)}, ranks.__getitem__, places.__getitem__))


def alike_entries(
    i: int,
    own: Iterable[int],
    alike: Callable[[int], Mapping[int, int]],
    holders: Callable[[int], Iterable[int]],
    window_of: Callable[[int], tuple[int, int, int]],
    passage_of: Callable[[int], object],
    source_of: Callable[[int], object],
) -> set[int]:
    """The entries alike entry `i` (see `same_event_groups`), given its
    sentences `own`, each sentence's alike ones, each sentence's holders and
    each entry's `window`."""
    out: set[int] = set()
    start, end, fine = window_of(i)
    passage, source = passage_of(i), source_of(i)
    for x in own:
        for y, level in alike(x).items():
            for j in holders(y):
                if j in out:
                    continue
                other_start, other_end, other_fine = window_of(j)
                slack = _slack(fine, other_fine)  # `near`, in whole days
                if (
                    start - slack <= other_end
                    and other_start - slack <= end
                    and (passage_of(j) != passage if level == STRONG else source_of(j) != source)
                ):
                    out.add(j)
    out.discard(i)
    return out


def window(date: DateSpan) -> tuple[int, int, int]:
    """A date as `alike_entries` compares it: first and last day, and how fine
    it is (2 a day, 1 a month, 0 coarser)."""
    return date.start.toordinal(), date.end.toordinal(), 2 if date.granularity == DAY else 1 if date.granularity in _FINE else 0


def _slack(fine: int, other: int) -> int:
    """The days `near` allows between two periods of these finenesses (see `window`)."""
    return DAY_GAP_DAYS if fine == other == 2 else MAX_GAP_DAYS if fine or other else 0


def stars(
    members: Iterable[int],
    neighbours: Mapping[int, set[int]],
    rank: Callable[[int], object],
    place_of: Callable[[int], tuple[object, tuple[int, int, int]]],
) -> list[list[int]]:
    """Star clustering: the member alike the most others (ties by `rank`) is
    a centre, and its group is it and its alike members not yet grouped;
    then the next, until every member is grouped. Each group's members are
    all alike its centre, so no group spans a chain.

    A member joins only if each member of its own source already there is
    alike it, or dates the event more loosely or more precisely (`12月的行政命令`
    beside `12月11日…签署了行政命令`): two passages of one source alike one
    report but not each other, dated apart (a chronology's US rule of
    January 15 and Japan's list of January 17), are two events. `place_of`
    gives a member's source and `window`.

    Groups never cross connected components, so the stars of a component
    depend on it alone (what lets `merge_index` keep them per component).
    """
    order = sorted(members, key=lambda i: (-len(neighbours[i]), rank(i)))
    grouped: set[int] = set()
    out = []
    for centre in order:
        if centre in grouped:
            continue
        group = [centre]
        for j in sorted(neighbours[centre] - grouped, key=rank):
            source, span = place_of(j)
            if all(j in neighbours[m] or _nested(span, place_of(m)[1]) for m in group if place_of(m)[0] == source):
                group.append(j)
        grouped.update(group)
        out.append(sorted(group))
    return out


def _nested(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    """One period holds the other, and is longer (see `window`)."""
    return a[:2] != b[:2] and ((a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1]))


def identities(entries: Sequence[TimelineEntry]) -> list[tuple]:
    """What the merge reads of each entry (its first citation's passage, its
    date, its context and the texts it cites) and its place among equal ones."""
    seen: dict[tuple, int] = {}
    out = []
    for entry in entries:
        first, date = entry.sources[0], entry.date
        texts = first.text if len(entry.sources) == 1 else tuple(c.text for c in entry.sources)
        # The date's fields, not the DateSpan: hashing a dataclass runs Python code.
        what = (first.source, first.anchor, date.start, date.end, date.granularity, entry.context, texts)
        k = seen[what] = seen.get(what, -1) + 1
        out.append((what, k))
    return out


def rank_of(identity: tuple) -> tuple:
    """An order of entries that depends on each entry alone (not on its place
    in a corpus an edit reorders): to break ties between centres."""
    what, k = identity
    texts = what[6] if isinstance(what[6], tuple) else (what[6],)
    return (*what[:6], texts, k)


def similar_bags(bags: list[frozenset[str]], weight: dict[str, int], rare: int) -> list[tuple[int, int, int]]:
    """Pairs of bags (a <= b, a bag with itself included) alike by `strength`,
    with how alike they are (WEAK or STRONG).

    Alike bags share at least MIN_RARE rare terms, so each bag counts, in an
    index of rare terms (each held by few entries: short lists), the bags
    sharing that many of its own, and compares only those with at least as
    much rare weight; one with less finds this one itself. Template words
    are never looked up, however many reports repeat them.
    """
    w = weight.__getitem__
    totals = [sum(map(w, bag)) for bag in bags]
    needs = [thresholds(total) for total in totals]
    rares = [rare_total(bag, w, rare) for bag in bags]
    figs = [figures(bag) for bag in bags]
    postings: dict[str, list[int]] = {}  # rare term -> bags holding it, most rare weight first
    for b in sorted(range(len(bags)), key=lambda b: (-rares[b], b)):
        for t in bags[b]:
            if weight[t] >= rare:
                postings.setdefault(t, []).append(b)
    keys = {t: [-rares[b] for b in bs] for t, bs in postings.items()}  # for bisecting a list at a rare weight
    out = []
    for a, bag in enumerate(bags):
        own = [t for t in bag if weight[t] >= rare]
        if len(bag) < MIN_TERMS or len(own) < MIN_RARE:
            continue
        hits: Counter[int] = Counter()  # bag -> its rare terms shared with this one (C-speed counting)
        for t in own:
            hits.update(postings[t][: bisect.bisect_right(keys[t], -rares[a])])
        for b in sorted(b for b, k in hits.items() if k >= MIN_RARE and (rares[b] > rares[a] or b >= a)):
            if figures_differ(figs[a], figs[b]):
                continue
            level = strength(bag & bags[b], w, needs[a if totals[a] <= totals[b] else b], rare, min(rares[a], rares[b]))
            if level:
                out.append((a, b, level) if a < b else (b, a, level))
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
    """Two days at most DAY_GAP_DAYS apart; else overlapping periods, or a
    day or month at most MAX_GAP_DAYS from the other period (the order of
    2025-12-11 and a forecast for 2026 meet; two forecasts for 2026 and
    2027 do not, nor two newsletters' `下期将于3月23日推送` and `…4月13日…`)."""
    if a.granularity == DAY and b.granularity == DAY:
        return a.gap_days(b) <= DAY_GAP_DAYS
    return a.overlaps(b) or ((a.granularity in _FINE or b.granularity in _FINE) and a.gap_days(b) <= MAX_GAP_DAYS)
