"""Evidence ranking over kept passage terms equals the ranking from scratch.

`site.evidence.evidence_candidates` keeps what the ranker reads of each
source's passages in the build cache (`Memo`): their terms under their
texts and the glossary, the facts (dates, looks ahead) of shortlisted
passages under their text and source date. Whatever the order of adds,
edits and deletes, and whether the cache lives in memory (`mkdocs serve`)
or on disk (the next `briefing build`), the candidates must be those
`timeline.evidence.rank_evidence` finds with nothing kept; and an edit
must read again only the edited source's passages.
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
from generator.core.memo import Memo
from generator.core.model import Meta, Passage, Source, Term
from generator.dates.find import parse_iso
from generator.site.evidence import evidence_candidates, glossary_concepts
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
# A step: (what, which source, its new date and passages, how many glossary terms); "delete" ignores the spec.
steps = st.lists(
    st.tuples(st.sampled_from(("put", "put", "delete")), st.sampled_from(SLUGS), source_specs, st.sampled_from((2, 2, 2, 1))),
    min_size=1,
    max_size=10,
)


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
    sources: Sequence[Source], passages: Sequence[Passage], terms: Sequence[Term] = TERMS
) -> dict[str, tuple[Candidate, ...]]:
    """The ranker with nothing kept: every passage's terms and facts made anew."""
    dates = {s.slug: parse_iso(s.meta.date) if s.meta.date else None for s in sources}
    definitions = {f"{t.source}/{t.anchor}" for t in terms if t.anchor}  # the row defining MoE
    reports = [p for p in passages if p.id not in definitions]
    return rank_evidence(PREDICTIONS, reports, dates, AS_OF, _topics_of, concepts=glossary_concepts(terms))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps, st.booleans())
# A source re-dated, its text unchanged: its 明年 is another year, in the 2026 target period or not.
@example([("put", "src-0", (2, [[4, 7]]), 2), ("put", "src-0", (3, [[4, 7]]), 2)], False)
def test_random_adds_edits_and_deletes_give_the_ranking_from_scratch(script, on_disk) -> None:
    specs: dict[str, tuple] = {}
    with tempfile.TemporaryDirectory() as folder:
        # In memory across rebuilds as `mkdocs serve` keeps it, or on disk only as `briefing build` does.
        memo = Memo(Path(folder), keep=False) if on_disk else Memo()
        for what, slug, spec, glossary in script:
            if what == "delete":
                specs.pop(slug, None)
            else:
                specs[slug] = spec
            sources, passages = _corpus(specs)
            random.Random(len(passages)).shuffle(passages)  # a source's passages need not come together
            terms = TERMS[-glossary:]  # MoE comes and goes: every passage's terms change
            got = evidence_candidates(PREDICTIONS, passages, sources, AS_OF, _topics_of, terms, memo)
            assert got == _from_scratch(sources, passages, terms)
            memo.finish()
            if on_disk:  # the next build is a new process
                memo.close()
                memo = Memo(Path(folder), keep=False)
        memo.close()


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
