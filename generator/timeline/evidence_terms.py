"""The evidence ranker's statistics of passage terms, updated source by source.

What the ranker reads of the corpus as a whole: how many passages hold
each term (its weight, see `term_weight`) and, for the terms rare enough
to find candidates by, which passages those are. An edit changes the
counts of the edited source's terms only, so the index takes the changed
sources out and puts them back in, and says which terms it touched: a
prediction none of whose terms were touched keeps its ranking (see
`evidence.EvidenceIndex`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

MAX_POSTINGS = 200  # passages of a term that finds candidates (see `evidence._shortlist`)
STEPS = 16  # weight steps per bit (see `term_weight`)
SEP = "\x1f"  # between packed terms: never in a word, a bigram or a term id

# One source's passages as the index takes them: (a key of what the ranker reads
# of them, their ids, a function making for each, in that order, (a key of what
# the ranker reads of it alone, its packed terms)).
Group = tuple[str, Sequence[str], Callable[[], Sequence[tuple[str, str]]]]


def term_weight(df: int, n: int) -> int:
    """A term's weight among `n` passages, `df` of which hold it: its inverse
    document frequency, log(n / df), in steps of a sixteenth of a bit.

    The timeline merge's trick (`merge.term_weight`), finer: n counts in
    powers of two (STEPS * bit length) and df in powers of 2^(1/STEPS)
    (floor(STEPS * log2 df), from exact integers). A term's weight moves
    only when its df crosses such a power, and all weights move together
    only when n crosses a power of two; so an edit moves the weights of a
    few of its own terms at most, and a ranking that reads none of them
    stays as it was. Steps of 4% keep the ranking the continuous IDF gave
    (the seeds' top-three measure in tests/test_evidence.py; half-bit steps
    lose one of its fourteen). Whole numbers of at least 1 (df <= n): sums
    of them are exact in any order.
    """
    return STEPS * n.bit_length() - ((df**STEPS).bit_length() - 1)


def unpack(packed: str) -> list[str]:
    """The terms of one passage's packed string (see `evidence.packed_terms`)."""
    return packed.split(SEP) if packed else []


class TermIndex:
    """Per term, the passages holding it (counted; listed while they are few)."""

    def __init__(self) -> None:
        self.sources: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {}  # slug -> (its key, its (passage id, key))
        self.terms: dict[str, str] = {}  # passage id -> its packed terms
        self.df: dict[str, int] = {}  # term -> passages holding it
        self.postings: dict[str, list[str]] = {}  # term held by at most MAX_POSTINGS passages -> their ids
        self.n = 0  # passages

    def weight(self, term: str) -> int:
        """The term's weight (`term_weight`); 0 for a term no passage holds."""
        df = self.df.get(term, 0)
        return term_weight(df, self.n) if df else 0

    def update(self, groups: Mapping[str, Group]) -> tuple[dict[str, int], set[str]]:
        """Make the index hold exactly `groups` (source slug -> `Group`).

        A source whose key is unchanged is left alone. Of the others, the
        passages whose key changed (or that came or went) are taken out and
        put in again: an edit that adds a paragraph touches that paragraph's
        terms only.

        Returns:
            (term -> its df before, for every term of a passage taken out or
            put in; the ids of the passages taken out).
        """
        before: dict[str, int] = {}
        removed: set[str] = set()
        added: dict[str, list[str]] = {}
        for slug in [s for s, (key, _) in self.sources.items() if s not in groups]:
            self._take_out(slug, {}, before, removed)
        for slug, (key, ids, make) in groups.items():
            if slug in self.sources and self.sources[slug][0] == key:
                continue
            new = [(pid, *made) for pid, made in zip(ids, make(), strict=True)]
            if len(set(ids)) < len(new):  # an id twice in one source: its first passage stands for it
                first: dict[str, tuple[str, str, str]] = {}
                for entry in new:
                    first.setdefault(entry[0], entry)
                new = list(first.values())
            kept = self._take_out(slug, {pid: k for pid, k, _ in new}, before, removed)
            self.sources[slug] = (key, tuple((pid, k) for pid, k, _ in new))
            for pid, _, packed in new:
                if pid in kept:
                    continue
                self.terms[pid] = packed
                self.n += 1
                for t in self._count(packed, before, 1):
                    added.setdefault(t, []).append(pid)
        self._post(before, removed, added)
        return before, removed

    def _take_out(self, slug: str, keys: Mapping[str, str], before: dict[str, int], removed: set[str]) -> set[str]:
        """Take out the source's passages but those still under the same key in `keys`; return those kept."""
        if slug not in self.sources:
            return set()
        kept = set()
        for pid, key in self.sources.pop(slug)[1]:
            if keys.get(pid) == key:
                kept.add(pid)
                continue
            self._count(self.terms.pop(pid), before, -1)
            removed.add(pid)
            self.n -= 1
        return kept

    def _count(self, packed: str, before: dict[str, int], step: int) -> list[str]:
        terms = unpack(packed)
        df = self.df
        for t in terms:
            if t not in before:
                before[t] = df.get(t, 0)
            df[t] = df.get(t, 0) + step
        return terms

    def _post(self, before: Mapping[str, int], removed: set[str], added: Mapping[str, list[str]]) -> None:
        """Bring the postings of the touched terms up to date."""
        unlisted = set()  # rare now, common before: their passages were not listed
        for t, old in before.items():
            now = self.df.get(t, 0)
            if now == 0:
                self.df.pop(t, None)
            if now == 0 or now > MAX_POSTINGS:
                self.postings.pop(t, None)
            elif old > MAX_POSTINGS:
                unlisted.add(t)
            else:
                kept = [pid for pid in self.postings.get(t, ()) if pid not in removed]
                kept.extend(added.get(t, ()))
                self.postings[t] = kept
        if unlisted:  # rare (a term falls to MAX_POSTINGS): one pass over every passage
            for t in unlisted:
                self.postings[t] = []
            for pid, packed in self.terms.items():
                for t in unpack(packed):
                    if t in unlisted:
                        self.postings[t].append(pid)

    def state(self) -> tuple:
        return self.sources, self.terms, self.df, self.postings, self.n

    @classmethod
    def from_state(cls, state: tuple) -> TermIndex:
        index = cls()
        index.sources, index.terms, index.df, index.postings, index.n = state
        return index


__all__ = ["MAX_POSTINGS", "SEP", "Group", "TermIndex", "term_weight", "unpack"]
