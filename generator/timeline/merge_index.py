"""The timeline's same-event merge, updated instead of redone.

A `MergeIndex` keeps what the merge of one corpus found: every distinct
sentence's terms and weight, which sentences are alike, and the groups of
entries. Given the entries of the next build it redoes only what they
change:

- an entry is known by what the merge reads of it (`merge.identities`): the
  entries gone are taken out, the new ones put in, the others left alone;
- term weights move in steps (`merge.term_weight`), and whether two
  sentences are alike depends on the weights of their own terms only. So
  only new sentences, and sentences holding a term whose step moved, look
  for alike sentences again (a term's step moves when its count crosses a
  power of √2: the few sentences of a rare term often, the many of a
  common one seldom);
- each entry keeps the entries alike it (`merge.alike_entries`); only
  new entries, the holders of pairs made or lost and the entries alike a
  removed one look again;
- the events are the stars (`merge.stars`) of each connected component
  of alike entries, which depend on that component alone, so only a
  component holding an entry whose alike ones changed is grouped again.

The events are those `merge.same_event_groups` finds on the same entries
(tests/test_merge_incremental.py checks random adds, edits and deletes).
When the number of entries crosses a power of two, every weight moves and
the index pairs every sentence again, as a first build does.

`persisted_groups` keeps one index in the build cache (`Memo`): in memory
across `mkdocs serve` rebuilds, on disk for the next `briefing build`.
"""

from __future__ import annotations

import pickle
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from generator.core.memo import Memo, collector_paused, key_of
from generator.dates.spans import DateSpan
from generator.timeline.merge import (
    MIN_TERMS,
    alike_entries,
    identities,
    rank_of,
    rare_total,
    rare_weight,
    sentence_bags,
    similar_bags,
    stars,
    strength,
    term_weight,
    thresholds,
    window,
)
from generator.timeline.model import TimelineEntry
from generator.timeline.terms import figures, figures_differ

KIND = "timeline-merge"  # the Memo kind it is stored under
FORMAT = 5  # of the stored index; the code version is part of its key too

Identity = tuple  # what the merge reads of an entry, and its place among equal ones


@dataclass(slots=True)
class _Entry:
    identity: Identity
    date: DateSpan
    passage: tuple[str, str]
    source: str
    bags: tuple[int, ...]  # its distinct sentences
    window: tuple[int, int, int] = (0, 0, 0)  # its date, as `merge.alike_entries` compares it


@dataclass(slots=True)
class _Bag:
    """A distinct sentence: its terms, the entries holding it, and the alike ones."""

    terms: frozenset[str]
    holders: set[int] = field(default_factory=set)
    total: int = 0  # the weight of its terms
    needed: tuple[int, int] = (0, 0)  # see `merge.thresholds`
    rare: int = 0  # the weight of its rare terms (`merge.rare_total`)


class MergeIndex:
    """The merged groups of the last entries seen, and what it takes to update them."""

    def __init__(self) -> None:
        self.format = FORMAT
        self.complete = True  # False while an update runs: one interrupted is not to be trusted
        self.entries: dict[int, _Entry] = {}
        self.by_identity: dict[Identity, int] = {}
        self.bags: dict[int, _Bag] = {}
        self.bag_ids: dict[frozenset[str], int] = {}
        self.df: dict[str, int] = {}  # term -> entries holding it
        self.weight: dict[str, int] = {}  # term -> its weight (`merge.term_weight`)
        self.postings: dict[str, set[int]] = {}  # term -> bags holding it
        # Bag -> alike bag -> WEAK or STRONG (itself included): the bulk of the index, so kept
        # packed (`pack`) but for the bags an update reads, which `_pairs` unpacks.
        self.pairs: dict[int, dict[int, int]] = {}
        self.packed: dict[int, bytes] = {}
        self.alike: dict[int, set[int]] = {}  # entry -> the entries alike it (`merge.alike_entries`)
        self.star_of: dict[int, tuple[int, ...]] = {}  # entry -> its group (`merge.stars`), entries by id
        self.bits = 0  # bit length of the number of entries the weights were taken with
        self.next_id = 0  # of entries, bags and groups alike
        self.work = 0  # sentences paired again in the last update (for tests and profiles)

    def __reduce__(self) -> tuple:
        # Pickled as one blob by the standard pickler: the cache's own calls
        # back into Python for every object, and an index holds a million.
        return _restore, (pickle.dumps(self._state(), pickle.HIGHEST_PROTOCOL),)

    def _state(self) -> dict:
        """Everything the index holds, as built-in types (`_restore` makes it again)."""
        packed = dict(self.packed)
        packed.update((b, _pack(pairs)) for b, pairs in self.pairs.items())
        return {
            "format": self.format, "complete": self.complete, "bits": self.bits, "next_id": self.next_id,
            "entries": {eid: (e.identity, (e.date.start, e.date.end, e.date.granularity), e.passage, e.source, e.bags)
                        for eid, e in self.entries.items()},
            "bags": {b: (bag.terms, bag.holders, bag.total, bag.needed, bag.rare) for b, bag in self.bags.items()},
            "packed": packed, "df": self.df, "weight": self.weight, "postings": self.postings,
            "alike": self.alike, "star_of": self.star_of,
        }  # fmt: skip

    def groups(self, entries: Sequence[TimelineEntry]) -> list[list[int]]:
        """`merge.same_event_groups(entries)`, by updating the index to `entries`."""
        ids = self.update(entries)
        place = {eid: i for i, eid in enumerate(ids)}
        return sorted(sorted(place[e] for e in star) for star in set(self.star_of.values()))

    def _alike_of(self, e: int) -> set[int]:
        entries, bags = self.entries, self.bags
        return alike_entries(
            e, entries[e].bags, self._pairs, lambda b: bags[b].holders,
            lambda j: entries[j].window, lambda j: entries[j].passage, lambda j: entries[j].source,
        )  # fmt: skip

    def _realike(self, changed: Iterable[int]) -> set[int]:
        """Find again the entries alike each `changed` one; the entries whose alike ones changed."""
        moved = set()
        for e in sorted(changed):
            new, old = self._alike_of(e), self.alike.get(e, set())
            for j in old - new:
                self.alike[j].discard(e)
            for j in new - old:
                self.alike.setdefault(j, set()).add(e)
            self.alike[e] = new
            if new != old:
                moved |= {e} | (new ^ old)
        return moved

    def _restar(self, changed: Iterable[int]) -> None:
        """Group again the connected components (of alike entries) that hold a `changed` entry.

        The stars of a component depend on it alone (`merge.stars`). A star
        an edit broke lies in such a component: its centre was alike each
        member, and a lost pair marks both its entries changed.
        """
        done: set[int] = set()
        for e in sorted(changed):
            if e in done or e not in self.entries:
                continue
            component, todo = {e}, [e]
            while todo:
                for j in self.alike[todo.pop()]:
                    if j not in component:
                        component.add(j)
                        todo.append(j)
            done |= component
            for star in stars(component, self.alike, self._rank, self._place):
                group = tuple(star)
                self.star_of.update(dict.fromkeys(group, group))

    def _place(self, e: int) -> tuple[str, tuple[int, int, int]]:
        return self.entries[e].source, self.entries[e].window

    def _rank(self, e: int) -> tuple:
        return rank_of(self.entries[e].identity)

    def update(self, entries: Sequence[TimelineEntry]) -> list[int]:
        """Bring the index to `entries`; their ids in the index, in order."""
        known = identities(entries)
        current = set(known)
        gone = [eid for identity, eid in self.by_identity.items() if identity not in current]
        new = [(identity, entry) for identity, entry in zip(known, entries, strict=True) if identity not in self.by_identity]
        self.work = 0
        if gone or new:
            self.complete = False
            self._apply(gone, new)
            self.complete = True
        return [self.by_identity[identity] for identity in known]

    # --- the update, step by step ---------------------------------------------

    def _apply(self, gone: list[int], new: list[tuple[Identity, TimelineEntry]]) -> None:
        before: dict[str, int] = {}  # term -> its df before this update, for each term whose df changed
        changed, emptied, born = set(), set(), set()  # changed: entries whose alike ones may have
        for eid in gone:
            entry = self._take_out(eid, before, changed)
            emptied.update(entry.bags)
        added = [self._put_in(identity, entry, before, born) for identity, entry in new]
        for b in sorted(emptied):
            if not self.bags[b].holders:
                self._drop(b)
        for t in [t for t in before if not self.df[t]]:
            del self.df[t], self.weight[t]
        bits = len(self.entries).bit_length()
        if bits != self.bits:  # every weight moves: start again
            self.bits = bits
            self._start_again()
            return
        gained, lost = self._pair_again(before, born)
        # The new entries and the holders of pairs made or lost look again for the entries alike them.
        again = {e for b, y, _ in gained for x in (b, y) for e in self.bags[x].holders} | set(added)
        changed |= self._realike(again | {e for b in lost for e in self.bags[b].holders}) | set(added)
        self._restar(changed)

    def _take_out(self, eid: int, before: dict[str, int], changed: set[int]) -> _Entry:
        entry = self.entries.pop(eid)
        del self.by_identity[entry.identity]
        del self.star_of[eid]
        for j in self.alike.pop(eid, ()):
            if j in self.alike:
                self.alike[j].discard(eid)
                changed.add(j)
        for b in entry.bags:
            self.bags[b].holders.discard(eid)
        for t in frozenset().union(*(self.bags[b].terms for b in entry.bags)):
            before.setdefault(t, self.df[t])
            self.df[t] -= 1
        return entry

    def _put_in(self, identity: Identity, entry: TimelineEntry, before: dict[str, int], born: set[int]) -> int:
        eid = self._new_id()
        bags = tuple(sorted({self._bag(bag, born) for bag in sentence_bags(entry)}))
        first = entry.sources[0]
        self.entries[eid] = _Entry(identity, entry.date, (first.source, first.anchor), first.source, bags, window=window(entry.date))
        self.by_identity[identity] = eid
        for b in bags:
            self.bags[b].holders.add(eid)
        for t in frozenset().union(*(self.bags[b].terms for b in bags)):
            before.setdefault(t, self.df.get(t, 0))
            self.df[t] = self.df.get(t, 0) + 1
        return eid

    def _bag(self, terms: frozenset[str], born: set[int]) -> int:
        b = self.bag_ids.get(terms)
        if b is None:
            b = self.bag_ids[terms] = self._new_id()
            born.add(b)
            self.bags[b] = _Bag(terms)
            for t in terms:
                self.postings.setdefault(t, set()).add(b)
        return b

    def _drop(self, b: int) -> None:
        """Forget a sentence no entry holds any more."""
        bag = self._unpair(b)
        for t in bag.terms:
            self.postings[t].discard(b)
            if not self.postings[t]:
                del self.postings[t]
        del self.bags[b], self.bag_ids[bag.terms], self.pairs[b]

    # --- alike sentences ------------------------------------------------------

    def _start_again(self) -> None:
        """Weigh, pair and group every entry anew, as `merge.same_event_groups` does."""
        n = len(self.entries)
        self.weight = weight = {t: term_weight(df, n) for t, df in self.df.items()}
        ids = sorted(self.bags)
        for b in ids:
            self._weigh(b, weight.__getitem__)
        pairs = similar_bags([self.bags[b].terms for b in ids], weight, rare_weight(n))
        alike: list[list[int]] = [[] for _ in ids]  # packed right away: dicts of every pair cost seconds
        for x, y, level in pairs:
            alike[x].append(ids[y] << 2 | level)
            if x != y:
                alike[y].append(ids[x] << 2 | level)
        self.pairs, self.packed = {}, {b: array("q", sorted(values)).tobytes() for b, values in zip(ids, alike, strict=True)}
        eids = sorted(self.entries)
        spot = {b: x for x, b in enumerate(ids)}

        def alike_bags(b: int) -> dict[int, int]:
            return {v >> 2: v & 3 for v in alike[spot[b]]}

        bags, every = self.bags, self.entries
        self.alike = {
            e: alike_entries(
                e, every[e].bags, alike_bags, lambda b: bags[b].holders,
                lambda j: every[j].window, lambda j: every[j].passage, lambda j: every[j].source,
            )
            for e in eids
        }  # fmt: skip
        self.star_of = {}
        self._restar(eids)
        self.work = len(ids)

    def _pair_again(self, before: dict[str, int], born: set[int]) -> tuple[list[tuple[int, int, int]], set[int]]:
        """Pair again the new sentences and those whose weights moved.

        Returns:
            (pairs made or made stronger, sentences of pairs lost or made weaker).
        """
        n, dirty = len(self.entries), set(born)
        for t in before:
            if t in self.df:
                w = term_weight(self.df[t], n)
                if self.weight.setdefault(t, w) != w:  # a known term's step moved: not a new one
                    self.weight[t] = w
                    dirty |= self.postings[t]
        weight = self.weight.__getitem__
        old = {b: dict(self._pairs(b)) for b in dirty}
        for b in dirty:
            self._unpair(b)
        for b in dirty:
            self._weigh(b, weight)
        for b in sorted(dirty):
            self._pair(b, weight)
        gained, lost = [], set()
        for b in sorted(dirty):
            pairs = self._pairs(b)
            gained += [(b, y, level) for y, level in pairs.items() if level > old[b].get(y, 0)]
            for y, level in old[b].items():
                if pairs.get(y, 0) < level:
                    lost.update((b, y))
        self.work = len(dirty)
        return gained, lost

    def _weigh(self, b: int, weight: Callable[[str], int]) -> None:
        bag = self.bags[b]
        bag.total = sum(map(weight, bag.terms))
        bag.needed = thresholds(bag.total)
        bag.rare = rare_total(bag.terms, weight, rare_weight(len(self.entries)))

    def _pair(self, x: int, weight: Callable[[str], int]) -> None:
        """Find the sentences alike `x`: alike ones share MIN_RARE rare terms, so
        they hold one of its rare terms (see `merge.similar_bags`)."""
        bag, bags = self.bags[x], self.bags
        rare = rare_weight(len(self.entries))
        if len(bag.terms) < MIN_TERMS:
            return
        # Unfiltered (set operations run in C): each candidate is weighed below.
        candidates = set().union(*(self.postings[t] for t in bag.terms if weight(t) >= rare))
        pairs = self._pairs(x)
        candidates.difference_update(pairs)
        terms, total = bag.terms, bag.total
        mine = figures(terms)
        for y in candidates:
            other = bags[y]
            shared = terms & other.terms
            if len(shared) >= MIN_TERMS and not figures_differ(mine, figures(other.terms)):
                needed = bag.needed if total <= other.total else other.needed
                level = strength(shared, weight, needed, rare, min(bag.rare, other.rare))
                if level:
                    pairs[y] = self._pairs(y)[x] = level

    def _unpair(self, b: int) -> _Bag:
        bag = self.bags[b]
        pairs = self._pairs(b)
        for y in list(pairs):
            self._pairs(y).pop(b, None)
        pairs.clear()
        return bag

    def _pairs(self, b: int) -> dict[int, int]:
        """The alike bags of `b`, unpacked if need be."""
        pairs = self.pairs.get(b)
        if pairs is None:
            packed = array("q")
            packed.frombytes(self.packed.pop(b, b""))
            pairs = self.pairs[b] = {v >> 2: v & 3 for v in packed}
        return pairs

    def pack(self) -> None:
        """Pack the alike pairs an update unpacked: a tenth of the time to store
        and load them (an array of `bag << 2 | level` per bag, not a dict)."""
        for b, pairs in self.pairs.items():
            self.packed[b] = _pack(pairs)
        self.pairs = {}

    def _new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1


def _restore(blob: bytes) -> MergeIndex:
    """A `MergeIndex` from its pickled `_state`."""
    with collector_paused():
        return _from_state(pickle.loads(blob))  # our own cache file: trusted, as `Memo` trusts it


def _from_state(state: dict) -> MergeIndex:
    index = MergeIndex()
    index.format, index.complete, index.bits, index.next_id = state["format"], state["complete"], state["bits"], state["next_id"]
    index.entries = {
        eid: _Entry(identity, span, passage, source, bags, window(span))
        for eid, (identity, date, passage, source, bags) in state["entries"].items()
        for span in [DateSpan(*date)]
    }
    index.by_identity = {e.identity: eid for eid, e in index.entries.items()}
    index.bags = {b: _Bag(*fields) for b, fields in state["bags"].items()}
    index.bag_ids = {bag.terms: b for b, bag in index.bags.items()}
    index.packed, index.df, index.weight = state["packed"], state["df"], state["weight"]
    index.postings, index.alike, index.star_of = state["postings"], state["alike"], state["star_of"]
    return index


def _pack(pairs: dict[int, int]) -> bytes:
    return array("q", sorted(y << 2 | level for y, level in pairs.items())).tobytes()


def persisted_groups(memo: Memo) -> Callable[[Sequence[TimelineEntry]], list[list[int]]]:
    """`merge.same_event_groups`, updating the index kept in `memo` since the last build.

    An index that cannot be used (from another code version: another key;
    damaged on disk: it fails to load; left half updated) is replaced by a
    new one, made from all the entries.

    A one-off build writes the index back to disk. `mkdocs serve` (a memo
    that keeps results in memory) updates it in memory and writes it only
    when it made one anew: writing costs more than an update, and the next
    `briefing build` brings the older copy on disk up to date just as well.
    """

    def groups(entries: Sequence[TimelineEntry]) -> list[list[int]]:
        key = key_of(KIND, FORMAT)
        index = memo.get(KIND, key, MergeIndex)
        if not (isinstance(index, MergeIndex) and getattr(index, "format", None) == FORMAT and index.complete):
            index = MergeIndex()
        new = not index.entries
        with collector_paused():
            try:
                out = index.groups(entries)
            except Exception:  # noqa: BLE001 - a damaged index from disk: made again from scratch
                index, new = MergeIndex(), True
                out = index.groups(entries)
            store = new or not memo.keep
            if store:
                index.pack()
            memo.put(KIND, key, index, store)
        return out

    return groups
