"""Evidence ranking updated from the last build's equals the ranking from scratch.

`site.evidence.evidence_candidates` keeps the last ranking and what it
read in the build cache (`Memo`, an `EvidenceIndex`): each source's
passages' terms, every term's count and the passages of the rare ones,
the facts (dates, looks ahead) of shortlisted passages. Whatever the
order of adds, edits and deletes of sources, changes of the glossary, of
the predictions and of the ledger's day, whether terms cross the limit
of listed ones, and whether the cache lives in memory (`mkdocs serve`)
or on disk (the next `briefing build`), the candidates must be those
`timeline.evidence.rank_evidence` finds with nothing kept; an edit must
read again only the edited source's passages, and rank again only the
predictions whose terms it touched.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import generator.site.evidence as site_evidence
import generator.timeline.evidence as timeline_evidence
from generator.core.memo import Memo
from generator.core.model import Meta, Passage, Source, Term
from generator.dates.find import parse_iso
from generator.site.evidence import evidence_candidates, glossary_concepts
from generator.timeline import evidence_terms
from generator.timeline.evidence import Candidate, rank_evidence
from generator.timeline.ledger import Prediction

# Clauses passages are made of: shared rare words, glossary names (MoE and
# its Chinese name), dates in and before the target periods, forecasts.
CLAUSES = (
    "MoE成为所有主流大模型的标准架构",
    "混合专家架构已是主流模型的标准做法",
    "2024年底发布的V3采用稀疏激活",
    "能源瓶颈成为算力建设的最大障碍",
    "预计明年推理成本将降低一半",
    "RLHF让模型更听话",
    "2025年3月数据中心的电力需求翻倍",
    "开源推理模型的下载量持续增长",
)


def _prediction(pid: str, target: str, topics: tuple[str, ...], statement: str) -> Prediction:
    return Prediction(pid, "roadmap", "分析师", parse_iso("2023-12-25"), parse_iso(target), topics, statement)


PREDICTIONS = (
    _prediction("pred-aaaa0001", "2024", ("models",), "MoE将成为所有主流大模型的标准架构（混合专家）"),
    _prediction("pred-aaaa0002", "2025", ("energy",), "能源将成为算力建设的瓶颈，电力需求翻倍"),
    _prediction("pred-aaaa0003", "2027", (), "推理成本将降低一半"),  # target not started: no candidates
    _prediction("pred-aaaa0004", "2026", (), "推理成本到2026年将降低一半"),
)
TERMS = (
    Term("moe", "MoE", ("混合专家",), "混合专家模型，一种稀疏激活的架构，常与RLHF并用。", "glossary", "p-0"),
    Term("rlhf", "RLHF", ("人类反馈强化学习",), "用人类偏好训练模型。", "curated"),
)
DATES = ("2023-06", "2023-12-25", "2024-05", "2025-10", "2026-01", "")
AS_OF = dt.date(2026, 1, 31)
SLUGS = ("roadmap", "glossary", *(f"src-{k}" for k in range(5)))

passage_specs = st.lists(st.integers(0, len(CLAUSES) - 1), min_size=1, max_size=3)
source_specs = st.tuples(st.integers(0, len(DATES) - 1), st.lists(passage_specs, min_size=1, max_size=4))



def _corpus(specs: dict[str, tuple]) -> tuple[list[Source], list[Passage]]:
    sources, passages = [], []
    for slug in sorted(specs):
        date, texts = specs[slug]
        sources.append(Source(path=f"{slug}.md", slug=slug, meta=Meta(title=slug, date=DATES[date]), sections=()))
        for k, clauses in enumerate(texts):
            text = "，".join(CLAUSES[c] for c in clauses) + "。"
            passages.append(Passage(f"{slug}/p-{k}", slug, f"p-{k}", "s", "", text, "paragraph", k + 1))
    return sources, passages


def _topics_of(pid: str) -> tuple[str, ...]:
    return ("models",) if pid.endswith("p-0") else ("energy",) if pid.endswith("p-1") else ()


def _from_scratch(
    sources: Sequence[Source],
    passages: Sequence[Passage],
    terms: Sequence[Term] = TERMS,
    predictions: Sequence[Prediction] = PREDICTIONS,
    as_of: dt.date = AS_OF,
) -> dict[str, tuple[Candidate, ...]]:
    """The ranker with nothing kept: every passage's terms and facts made anew."""
    dates = {s.slug: parse_iso(s.meta.date) if s.meta.date else None for s in sources}
    definitions = {f"{t.source}/{t.anchor}" for t in terms if t.anchor}  # the row defining MoE
    reports = [p for p in passages if p.id not in definitions]
    return rank_evidence(predictions, reports, dates, as_of, _topics_of, concepts=glossary_concepts(terms))


# Per step, the ledger too may change: which predictions it holds (a reworded
# one replaces the first), and its day (a later one starts the 2027 target period).
ledgers = st.tuples(st.sets(st.integers(0, len(PREDICTIONS)), min_size=1), st.sampled_from((AS_OF, AS_OF, dt.date(2027, 2, 1))))
REWORDED = _prediction("pred-aaaa0001", "2024", ("models",), "MoE将成为主流大模型的架构")
# A step: (what, which source, its new date and passages, how many glossary terms, the ledger); "delete" ignores the spec.
steps = st.lists(
    st.tuples(st.sampled_from(("put", "put", "append", "redate", "delete")), st.sampled_from(SLUGS), source_specs,
              st.sampled_from((2, 2, 2, 1)), ledgers),
    min_size=1,
    max_size=10,
)


def _ledger(which: set[int]) -> list[Prediction]:
    return [REWORDED if k == len(PREDICTIONS) else PREDICTIONS[k] for k in sorted(which)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps, st.booleans(), st.sampled_from((200, 1, 2, 3)))
# A source re-dated, its text unchanged: its 明年 is another year, in the 2026 target period or not.
@example([("put", "src-0", (2, [[4, 7]]), 2, ({0, 1, 2, 3}, AS_OF)), ("put", "src-0", (3, [[4, 7]]), 2, ({0, 1, 2, 3}, AS_OF))],
         False, 200)
def test_random_adds_edits_and_deletes_give_the_ranking_from_scratch(script, on_disk, max_postings) -> None:
    specs: dict[str, tuple] = {}
    # A small MAX_POSTINGS makes terms cross it both ways: listed, then not, then listed again.
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(evidence_terms, "MAX_POSTINGS", max_postings)
        patch.setattr(timeline_evidence, "MAX_POSTINGS", max_postings)
        # In memory across rebuilds as `mkdocs serve` keeps it, or on disk only as `briefing build` does.
        memo = Memo(Path(folder), keep=False) if on_disk else Memo()
        for what, slug, spec, glossary, (which, as_of) in script:
            if what == "delete":
                specs.pop(slug, None)
            elif what == "append" and slug in specs:  # one passage more, the others as they were
                specs[slug] = (specs[slug][0], [*specs[slug][1], spec[1][0]])
            elif what == "redate" and slug in specs:  # the same passages under another date
                specs[slug] = (spec[0], specs[slug][1])
            else:
                specs[slug] = spec
            sources, passages = _corpus(specs)
            random.Random(len(passages)).shuffle(passages)  # a source's passages need not come together
            terms = TERMS[-glossary:]  # MoE comes and goes: every passage's terms change
            ledger = _ledger(which)
            got = evidence_candidates(ledger, passages, sources, as_of, _topics_of, terms, memo)
            assert got == _from_scratch(sources, passages, terms, ledger, as_of)
            assert list(got) == list(dict.fromkeys(p.id for p in ledger if p.id in got))  # in the ledger's order
            memo.finish()
            if on_disk:  # the next build is a new process
                memo.close()
                memo = Memo(Path(folder), keep=False)
        memo.close()


def test_an_edit_ranks_again_only_the_predictions_whose_terms_it_touched() -> None:
    specs = {"roadmap": (1, [[4]]), **{f"src-{k}": (3, [[0, 2], [3, 6], [4, 7]]) for k in range(3)}, "src-3": (3, [[6]])}
    memo = Memo()
    first = evidence_candidates(PREDICTIONS, *reversed(_corpus(specs)), AS_OF, _topics_of, TERMS, memo)
    assert set(first) == {"pred-aaaa0001", "pred-aaaa0002", "pred-aaaa0004"}
    memo.finish()
    specs["src-3"] = (3, [[6, 6]])  # 数据中心的电力需求翻倍 twice: terms of the energy prediction only
    sources, passages = _corpus(specs)
    again = evidence_candidates(PREDICTIONS, passages, sources, AS_OF, _topics_of, TERMS, memo)
    index = next(value for (kind, _), value in memo._used.items() if kind == site_evidence.STATE_KIND)
    assert again == _from_scratch(sources, passages) and again.keys() == first.keys()
    assert index.ranked == 1  # the other two were kept
    memo.finish()
    # A paragraph added to a source that speaks to all three: its other passages are left alone.
    specs["src-0"] = (3, [[0, 2], [3, 6], [4, 7], [6]])
    sources, passages = _corpus(specs)
    assert evidence_candidates(PREDICTIONS, passages, sources, AS_OF, _topics_of, TERMS, memo) == _from_scratch(sources, passages)
    assert index.ranked == 1


def test_the_ranking_finds_evidence_at_all() -> None:
    # The property above compares two rankings: make sure its corpora give candidates.
    specs = {"roadmap": (1, [[4]]), "src-0": (3, [[0, 2], [3, 6]]), "src-1": (4, [[1], [7]]), "src-2": (3, [[4, 7]])}
    got = evidence_candidates(PREDICTIONS, _corpus(specs)[1], _corpus(specs)[0], AS_OF, _topics_of, TERMS, Memo())
    assert set(got) == {"pred-aaaa0001", "pred-aaaa0002", "pred-aaaa0004"}
    assert got["pred-aaaa0001"][0].passage == "src-0/p-0"


class _Counting:
    """Wraps a function and records the first argument of every call."""

    def __init__(self, function) -> None:
        self.function, self.seen = function, []

    def __call__(self, first, *rest, **named):
        self.seen.append(first.text if isinstance(first, Passage) else first)
        return self.function(first, *rest, **named)


@pytest.mark.parametrize("on_disk", [False, True])
def test_a_one_source_edit_reads_only_that_source_again(tmp_path: Path, monkeypatch, on_disk: bool) -> None:
    terms = _Counting(site_evidence.packed_terms)
    facts = _Counting(site_evidence.passage_facts)
    monkeypatch.setattr(site_evidence, "packed_terms", terms)
    monkeypatch.setattr(site_evidence, "passage_facts", facts)
    specs = {"roadmap": (1, [[4]]), **{f"src-{k}": (3 + k % 2, [[0, k % 8], [3, 6], [1, 7]]) for k in range(5)}}
    memo = Memo(tmp_path, keep=False) if on_disk else Memo()
    sources, passages = _corpus(specs)
    first = evidence_candidates(PREDICTIONS, passages, sources, AS_OF, _topics_of, TERMS, memo)
    assert len(terms.seen) == len(passages) and facts.seen
    memo.finish()
    if on_disk:
        memo.close()
        memo = Memo(tmp_path, keep=False)
    terms.seen.clear()
    facts.seen.clear()
    specs["src-2"] = (3, [[0, 2], [3, 6], [1, 7, 5]])  # its third passage edited
    sources, passages = _corpus(specs)
    again = evidence_candidates(PREDICTIONS, passages, sources, AS_OF, _topics_of, TERMS, memo)
    assert sorted(terms.seen) == sorted(p.text for p in passages if p.source == "src-2")
    assert set(facts.seen) <= {p.text for p in passages if p.source == "src-2"}
    assert again == _from_scratch(sources, passages) and again != {} and first != {}
    memo.close()
