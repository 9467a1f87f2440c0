"""The timeline merge updated from the last build's index equals the merge from scratch.

`merge_index.MergeIndex` takes out the entries of deleted and edited
sources, puts in those of added and edited ones, and pairs again only the
sentences whose term weights moved. Whatever the order of adds, edits and
deletes, its groups must be those `merge.same_event_groups` finds on the
same entries (which tests/test_timeline.py checks against every pair).
"""

from __future__ import annotations

import pickle
import random
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.memo import DB_NAME, Memo, dumps
from generator.dates.find import parse_iso
from generator.timeline.merge import same_event_groups
from generator.timeline.merge_index import FORMAT, KIND, MergeIndex, persisted_groups
from generator.timeline.model import EVENT, Citation, TimelineEntry

# Clauses that sentences share in part: many pairs of sentences are alike,
# some just at the threshold, and term counts cross weight steps often.
CLAUSES = (
    "特朗普总统签署了一项行政命令",
    "旨在削弱各州的人工智能法律",
    "引发多个州政府强烈反对",
    "英伟达发布了新一代数据中心芯片",
    "欧盟人工智能法案的通用模型条款开始生效",
    "深度求索发布了开源推理模型",
    "宣布完成新一轮融资由红杉资本领投",
    "OpenAI launched a new reasoning model",
    "谷歌展示了新的搜索功能",
)
DATES = ("2025-12-11", "2025-12", "2026", "2025-12-20", "2026-01-15")

# An entry: (clauses of its first sentence, of a second one or (), date, passage).
entry_specs = st.tuples(
    st.lists(st.integers(0, len(CLAUSES) - 1), min_size=1, max_size=3),
    st.lists(st.integers(0, len(CLAUSES) - 1), max_size=2),
    st.integers(0, len(DATES) - 1),
    st.integers(0, 2),
)
source_specs = st.lists(entry_specs, min_size=1, max_size=5)
SLUGS = [f"src-{k}" for k in range(6)]
# A step: (what, which source, its new entries); "delete" ignores the entries.
steps = st.lists(st.tuples(st.sampled_from(("put", "put", "delete")), st.sampled_from(SLUGS), source_specs), min_size=1, max_size=12)


def _entries(slug: str, specs: list) -> list[TimelineEntry]:
    out = []
    for k, (first, second, date, passage) in enumerate(specs):
        text = "，".join(CLAUSES[c] for c in first) + ("。" + "，".join(CLAUSES[c] for c in second) if second else "")
        span = parse_iso(DATES[date])
        cite = Citation(slug, f"p-{passage}", slug, text, EVENT, span)
        out.append(TimelineEntry(f"t-{slug}-{k}", span, text, EVENT, (cite,)))
    return out


def _corpus(sources: dict[str, list], shuffle: int) -> list[TimelineEntry]:
    entries = [e for slug in sorted(sources) for e in _entries(slug, sources[slug])]
    random.Random(shuffle).shuffle(entries)  # the index must not depend on the order it is given
    return entries


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps, st.integers(0, 1000), st.booleans())
def test_random_adds_edits_and_deletes_give_the_merge_from_scratch(script, shuffle, reload) -> None:
    sources: dict[str, list] = {}
    index = MergeIndex()
    for k, (what, slug, specs) in enumerate(script):
        if what == "delete":
            sources.pop(slug, None)
        else:
            sources[slug] = specs
        entries = _corpus(sources, shuffle + k)
        assert index.groups(entries) == same_event_groups(entries)
        if reload:  # as the next `briefing build` finds it: packed, pickled by the cache, loaded again
            index.pack()
            index = pickle.loads(dumps(index))


def test_a_pair_lost_to_a_weight_step_splits_a_group() -> None:
    # Replacing src-5 lowers the counts of its terms: weights in src-7's
    # sentences move a step, two of them are no longer alike, and the group
    # they linked falls apart although none of its entries changed.
    script = [
        ("src-7", [([5, 3], [2, 4], 1, 0), ([4, 8, 2], [1], 0, 2), ([7, 8], [], 2, 1)]),
        ("src-5", [([7, 7, 8], [0], 4, 0), ([6], [0, 7], 2, 0)]),
        ("src-5", [([3], [], 1, 2)]),
    ]
    sources: dict[str, list] = {}
    index = MergeIndex()
    for k, (slug, specs) in enumerate(script):
        sources[slug] = specs
        entries = _corpus(sources, k)
        assert index.groups(entries) == same_event_groups(entries)


def test_weight_steps_and_entry_counts_crossing_powers_of_two() -> None:
    # Grow one entry at a time past 2, 4, 8 and 16 entries (every weight moves) and
    # repeat one clause until its count crosses several steps of √2; then shrink back.
    sources: dict[str, list] = {}
    index = MergeIndex()
    plan = [(f"src-{k % 6}", [([k % 3, 3], [k % 4], k % 5, k % 2)]) for k in range(20)]
    for k, (slug, specs) in enumerate(plan):
        sources[f"{slug}-{k}"] = specs
        entries = _corpus(sources, k)
        assert index.groups(entries) == same_event_groups(entries)
    for k in range(20):
        sources.pop(min(sources))
        entries = _corpus(sources, k)
        assert index.groups(entries) == same_event_groups(entries)
    assert not index.entries and not index.bags and not index.df and not index.star_of


def test_a_one_entry_edit_pairs_few_sentences_again() -> None:
    rng = random.Random(3)
    sources = {
        f"s{k}": [
            ([rng.randrange(9), rng.randrange(9)], [rng.randrange(9)], rng.randrange(5), rng.randrange(3)) for _ in range(rng.randint(1, 5))
        ]
        for k in range(400)
    }
    index = MergeIndex()
    index.groups(_corpus(sources, 0))
    everything = index.work
    sources["s7"] = [([0, 1, 2], [], 0, 0)]
    entries = _corpus(sources, 1)
    assert index.groups(entries) == same_event_groups(entries)
    assert index.work < everything / 2  # not a new start: most sentences kept their pairs


def _entries_of(n: int) -> list[TimelineEntry]:
    rng = random.Random(n)
    return [e for k in range(n) for e in _entries(f"s{k}", [([rng.randrange(9), rng.randrange(9)], [], rng.randrange(5), 0)])]


def test_the_index_outlives_the_process(tmp_path: Path) -> None:
    first, second = _entries_of(40), _entries_of(41)
    memo = Memo(tmp_path, keep=False)
    assert persisted_groups(memo)(first) == same_event_groups(first)
    memo.finish()
    memo.close()
    again = Memo(tmp_path, keep=False)  # a new process: nothing in memory
    stored = again.get(KIND, _key(again), lambda: None)
    assert isinstance(stored, MergeIndex) and len(stored.entries) == len(first)
    assert persisted_groups(again)(second) == same_event_groups(second)
    again.finish()
    assert len(Memo(tmp_path).get(KIND, _key(again), lambda: None).entries) == len(second)


def test_a_damaged_index_is_made_again(tmp_path: Path) -> None:
    entries = _entries_of(30)
    memo = Memo(tmp_path, keep=False)
    persisted_groups(memo)(entries)
    memo.finish()
    memo.close()
    with sqlite3.connect(tmp_path / DB_NAME) as db:  # bytes that are no pickle
        db.execute("UPDATE memo SET value = ? WHERE kind = ?", (b"\x80\x05garbage", KIND))
    memo = Memo(tmp_path, keep=False)
    assert persisted_groups(memo)(entries) == same_event_groups(entries)
    memo.finish()
    # A pickle of something else, an index left half updated, one whose tables disagree, one of another format.
    for broken in ("not an index", _half_updated(entries), _inconsistent(entries), _other_format(entries)):
        memo = Memo(tmp_path, keep=False)
        memo.put(KIND, _key(memo), broken)
        memo.finish()
        memo = Memo(tmp_path, keep=False)
        changed = entries[:-3]
        assert persisted_groups(memo)(changed) == same_event_groups(changed)
        memo.finish()
        stored, anew = Memo(tmp_path).get(KIND, _key(memo), lambda: None), MergeIndex()
        anew.groups(changed)
        assert isinstance(stored, MergeIndex) and stored.format == FORMAT and stored.complete
        assert stored.next_id == anew.next_id  # made anew from the entries, not updated


def test_in_memory_across_rebuilds_as_mkdocs_serve_keeps_it(tmp_path: Path) -> None:
    memo = Memo(tmp_path)  # keep=True: one Memo for every rebuild
    first, second = _entries_of(30), _entries_of(31)
    persisted_groups(memo)(first)
    memo.finish()
    held = memo.get(KIND, _key(memo), lambda: None)
    assert persisted_groups(memo)(second) == same_event_groups(second)
    assert memo.get(KIND, _key(memo), lambda: None) is held  # updated in place, not loaded again
    memo.finish()
    # Serve wrote the index once, when it made it; a later build brings that copy up to date.
    later = Memo(tmp_path, keep=False)
    assert len(later.get(KIND, _key(later), lambda: None).entries) == len(first)
    third = _entries_of(29)
    assert persisted_groups(later)(third) == same_event_groups(third)


def _key(memo: Memo) -> str:
    from generator.core.memo import key_of

    return key_of(KIND, FORMAT)


def _half_updated(entries: list[TimelineEntry]) -> MergeIndex:
    index = MergeIndex()
    index.groups(entries)
    index.complete = False
    return index


def _other_format(entries: list[TimelineEntry]) -> MergeIndex:
    index = MergeIndex()
    index.groups(entries[:5])
    index.format = -1  # as an older generator stored it
    return index


def _inconsistent(entries: list[TimelineEntry]) -> MergeIndex:
    index = MergeIndex()
    index.groups(entries)
    index.entries.clear()  # ids known by identity, but no entries behind them
    return index
