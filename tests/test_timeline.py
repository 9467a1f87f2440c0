"""Timeline entries from the seeds, merging, predictions and the ledger's rules."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.analysis.passages import source_passages
from generator.core.config import Settings
from generator.core.errors import BriefingError
from generator.core.model import PARAGRAPH, Block, Meta, Section, Source, Span
from generator.dates.find import DateSpan, parse_iso
from generator.sources.loader import load_sources
from generator.timeline.entries import (
    EVENT,
    PREDICTION,
    PUBLICATION,
    Citation,
    TimelineEntry,
    classify,
    entry_key,
    extract_entries,
    merge_entries,
    predictions_from,
)
from generator.timeline.ledger import (
    DUE,
    HIT,
    OPEN,
    PARTIAL,
    Prediction,
    Verdict,
    ledger_as_of,
    load_verdicts,
    scores,
    status_counts,
    status_of,
)
from generator.timeline.merge import same_event_groups

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "data" / "timeline_expected.yml"
# Seed 000 was written in December 2025 and published in January 2026.
RELATIVE = {"mit-tr-whats-next-2026": {"明年": 2026}}
MIT, BLOG, PODCAST, STATE, ROADMAP = (
    "mit-tr-whats-next-2026", "blog-ai-trends-2026", "lex-fridman-state-of-ai-2026", "state-of-ai-2025-video", "ai-roadmap-2025",
)  # fmt: skip


def no_topics(passage_id: str) -> tuple[str, ...]:
    return ()


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Source]:
    settings = Settings(root=ROOT, cache=str(tmp_path_factory.mktemp("cache")))
    return {s.slug: s for s in load_sources(settings).sources}


@pytest.fixture(scope="module")
def extracted(sources: dict[str, Source]) -> dict[str, list[TimelineEntry]]:
    out = {}
    for slug, source in sources.items():
        entries, problems = extract_entries(source, source_passages(source), no_topics, RELATIVE.get(slug))
        assert problems == []
        out[slug] = entries
    return out


@pytest.fixture(scope="module")
def merged(extracted: dict[str, list[TimelineEntry]]) -> list[TimelineEntry]:
    return merge_entries([e for entries in extracted.values() for e in entries])


def _expected() -> dict[str, list[list[str]]]:
    return yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("slug", [MIT, BLOG, PODCAST, STATE, ROADMAP])
def test_entries_match_the_annotated_seed(slug: str, extracted: dict[str, list[TimelineEntry]]) -> None:
    actual = [(e.date.iso, e.date.granularity, e.kind, e.summary) for e in extracted[slug]]
    missing = []
    for date, granularity, kind, words in _expected()[slug]:
        hit = next((a for a in actual if a[:3] == (date, granularity, kind) and words in a[3]), None)
        if hit is None:
            missing.append((date, granularity, kind, words))
        else:
            actual.remove(hit)
    assert (missing, actual) == ([], [])


def test_executive_order_is_dated_2025_12_11(extracted: dict[str, list[TimelineEntry]]) -> None:
    (order,) = [e for e in extracted[MIT] if "签署了一项旨在削弱州AI法律的行政命令" in e.summary]
    assert (order.date.iso, order.date.granularity, order.kind) == ("2025-12-11", "day", EVENT)


def test_podcast_episode_date(extracted: dict[str, list[TimelineEntry]]) -> None:
    (published,) = [e for e in extracted[PODCAST] if e.kind == PUBLICATION]
    assert published.date.iso == "2026-01-31"
    assert not any(e.date.iso == "2026-02-25" for e in extracted[PODCAST])  # the notes' own line is metadata


def test_roadmap_forecasts_for_2024_2025_2026(extracted: dict[str, list[TimelineEntry]]) -> None:
    points = [e for e in extracted[ROADMAP] if e.sources[0].anchor.startswith("i-") and e.kind == PREDICTION]
    per_year = {year: sum(e.date.iso == year for e in points) for year in ("2024", "2025", "2026")}
    assert per_year == {"2024": 18, "2025": 18, "2026": 18}
    sparse = [e.summary for e in points if e.context == "稀疏激活成为标准"]
    assert sparse == [
        "稀疏激活成为标准：MoE将成为所有主流大模型的标准架构",
        '稀疏激活成为标准：单一模型将包含数千个"专家"子网络',
        "稀疏激活成为标准：推理成本将降低50%以上，使本地部署更加普及",
    ]


def test_state_of_ai_ten_predictions_for_2026(sources: dict[str, Source], extracted: dict[str, list[TimelineEntry]]) -> None:
    section = next(s for s in sources[STATE].sections if s.title.startswith("预测"))
    anchors = {b.id for b in section.blocks}
    ten = [e for e in extracted[STATE] if e.sources[0].anchor in anchors]
    assert [(e.date.iso, e.kind) for e in ten] == [("2026", PREDICTION)] * 10
    assert ten[0].summary == "AI agent在零售行业中的结账占比超过5%，代理广告支出将达到50亿美元。"
    assert ten[-1].summary == "特朗普将发布禁止州AI法律的行政命令。但是会被最高法院裁定违宪。"


def test_eu_ai_act_entry_into_force(extracted: dict[str, list[TimelineEntry]]) -> None:
    (act,) = [e for e in extracted[STATE] if "法案生效" in e.summary and e.date.iso == "2024-08"]
    assert (act.date.granularity, act.kind) == ("month", EVENT)


def test_entries_follow_document_order_and_are_deterministic(sources: dict[str, Source], extracted) -> None:
    source = sources[MIT]
    again, _ = extract_entries(source, source_passages(source), no_topics, RELATIVE[MIT])
    assert again == extracted[MIT]
    lines = [e.sources[0].line for e in extracted[MIT] if e.kind != PUBLICATION]
    assert lines == sorted(lines)
    assert len({e.id for e in extracted[MIT]}) == len(extracted[MIT])


def test_merged_timeline_is_chronological(merged: list[TimelineEntry], extracted) -> None:
    assert merged == sorted(merged, key=entry_key)
    assert [e.date.start for e in merged] == sorted(e.date.start for e in merged)
    shuffled = [e for entries in reversed(list(extracted.values())) for e in reversed(entries)]
    assert merge_entries(shuffled) == merged


def test_executive_order_merges_reports_and_keeps_the_prediction_apart(merged: list[TimelineEntry]) -> None:
    (order,) = [e for e in merged if any("签署了一项旨在削弱州AI法律的行政命令" in c.text for c in e.sources)]
    assert (order.date.iso, order.kind) == ("2025-12-11", EVENT)
    cited = [(c.source, c.kind, c.date.iso) for c in order.sources]
    assert cited[0] == (MIT, EVENT, "2025-12-11")
    assert (MIT, EVENT, "2025-12") in cited  # `特朗普总统12月的行政命令` in the same article
    assert all(kind == EVENT for _, kind, _ in cited)
    # The State of AI report's forecast of such an order stays a prediction, with its second half.
    (forecast,) = [e for e in merged if e.summary.startswith("特朗普将发布禁止州AI法律的行政命令")]
    assert (forecast.kind, forecast.date.iso, [c.source for c in forecast.sources]) == (PREDICTION, "2026", [STATE])
    assert "最高法院裁定违宪" in forecast.summary


def test_merging_keeps_unrelated_statements_apart(merged: list[TimelineEntry]) -> None:
    multi = [e for e in merged if len(e.sources) > 1]
    assert len(multi) == 1  # only the executive order is reported by several passages
    assert all(len(e.sources) == 1 for e in merged if e.kind == PUBLICATION)
    assert all(c.kind == e.kind for e in merged for c in e.sources)  # no prediction inside an event


def _entry(eid: str, date: str, text: str, source: str = "a", anchor: str = "p-1", kind: str = EVENT) -> TimelineEntry:
    span = parse_iso(date)
    return TimelineEntry(eid, span, text, kind, (Citation(source, anchor, source, text, kind, span),))


def test_merge_rules_on_small_cases() -> None:
    order = _entry("t-1", "2025-12-11", "特朗普总统签署了一项旨在削弱州AI法律的行政命令", "mit", "p-1")
    report = _entry("t-0", "2025-12-11", "特朗普总统签署了一项旨在削弱州AI法律的行政命令，引发各州反对", "news", "p-5")
    forecast = _entry("t-2", "2026", "特朗普将发布禁止州AI法律的行政命令", "soa", "p-9", PREDICTION)
    chips = _entry("t-3", "2025-12-11", "英伟达发布了新一代数据中心芯片", "x", "p-2")
    far = _entry("t-4", "2030", "特朗普将发布禁止州AI法律的行政命令", "y", "p-3", PREDICTION)
    other = [
        "欧盟通过了数据法案",
        "谷歌发布了新的搜索功能",
        "一家初创公司完成融资",
        "研究人员提出新的训练方法",
        "开源社区发布了新的评测基准",
        "某国宣布建设数据中心",
        "机器人公司展示了家务机器人",
        "论文讨论了缩放定律",
    ]
    filler = [_entry(f"t-f{i}", "2020", text, "z", f"p-f{i}") for i, text in enumerate(other)]
    out = merge_entries([chips, forecast, report, order, far, *filler])
    together = next(e for e in out if len(e.sources) > 1)
    assert [c.source for c in together.sources] == ["mit", "news"] and together.date.iso == "2025-12-11"
    assert together.kind == EVENT
    # The forecast is as alike as the report, but a prediction never folds into an event.
    alone = next(e for e in out if e.sources[0].source == "soa")
    assert (alone.kind, len(alone.sources), alone.summary) == (PREDICTION, 1, forecast.summary)
    assert sum(len(e.sources) for e in out) == 13 and len(out) == 12  # chips and the 2030 forecast stay alone too
    same_passage = [_entry("t-5", "2025", "同一段里的事", "a", "p-7"), _entry("t-6", "2025", "同一段里的事", "a", "p-7")]
    assert len(merge_entries(same_passage)) == 2


# Reports of unrelated events that filler keeps rare-worded: a template
# (`X内部把Y列为…头号项目`) whose slots the chain below varies one at a time.
_FILLER = (
    "欧盟通过了数据法案", "谷歌发布了新的搜索功能", "研究人员提出新的训练方法", "开源社区发布了新的评测基准",
    "某国宣布建设数据中心", "机器人公司展示了家务机器人", "论文讨论了缩放定律", "芯片出口管制再度收紧",
    "法院裁定训练数据侵权案", "监管机构就模型安全征求意见", "手机厂商推出端侧模型", "车企测试自动驾驶出租车",
)  # fmt: skip


# Other years' news cast in the same templates, so their words weigh as
# common words do in a real corpus and only a report's specifics are rare.
_NAMES = ("天工", "灵犀", "北辰", "云雀", "深蓝", "远望", "极光", "墨子", "长风", "青松", "白鹭", "赤兔")
_TEMPLATED = tuple(
    text
    for k, name in enumerate(_NAMES)
    for text in (
        f"{name}科技宣布完成{k + 1}亿元{'ABC'[k % 3]}轮融资，由{_NAMES[k - 1]}资本领投，资金将用于研发",
        f"{name}科技内部把{_FILLER[k][:4]}列为{2010 + k}年的头号项目",
    )
)


def _with_filler(*entries: TimelineEntry) -> list[TimelineEntry]:
    filler = [*_FILLER, *_TEMPLATED]
    return [*entries, *(_entry(f"t-f{i}", "2020", text, f"z{i}", "p-1") for i, text in enumerate(filler))]


def test_merge_does_not_chain_reports_cast_in_one_template() -> None:
    # Each report shares its actor with the one before and its project with
    # the one after: single-link grouping made one event of all of them.
    chain = [
        ("磐石智能", "无人机植保"), ("磐石智能", "电商搜索"), ("青源数据", "电商搜索"), ("青源数据", "人形机器人"),
        ("昆仑计算", "人形机器人"), ("昆仑计算", "智能座舱"), ("星河云", "智能座舱"), ("星河云", "药物研发"),
    ]  # fmt: skip
    reports = [_entry(f"t-{k}", "2025", f"{who}内部把{what}列为2025年的头号项目", f"s{k}", "p-1") for k, (who, what) in enumerate(chain)]
    groups = same_event_groups(_with_filler(*reports))
    largest = max(groups, key=len)
    assert len(largest) <= 3  # a centre and the two reports it shares a slot with, at most
    assert not any({0, 7} <= set(g) for g in groups)


def test_merge_needs_the_specifics_not_only_the_template() -> None:
    # Two funding rounds the same week, cast in one template, are two events;
    # one round restated in other words is one.
    a = _entry("t-a", "2025-03-05", "磐石智能宣布完成5亿元B轮融资，由红杉中国领投，资金将用于具身智能研发", "news", "p-1")
    b = _entry("t-b", "2025-03-06", "青源数据宣布完成3亿元A轮融资，由高瓴创投领投，资金将用于具身智能研发", "wire", "p-1")
    c = _entry("t-c", "2025-03-06", "磐石智能完成5亿元B轮融资，红杉中国领投，新资金用于具身智能研发和量产", "blog", "p-3")
    groups = same_event_groups(_with_filler(a, b, c))
    assert [0, 2] in groups and not any(1 in g and len(g) > 1 for g in groups)


def test_predictions_of_one_source_merged_together_stay_one_prediction_each() -> None:
    a = _entry("t-a", "2026", "某实验室将发布新一代开源推理模型并公开训练数据", "s", "p-1", PREDICTION)
    b = _entry("t-b", "2026", "某实验室将发布新一代开源推理模型并公开训练数据，引发关注", "s", "p-2", PREDICTION)
    merged_ab = merge_entries([a, b])
    assert len(merged_ab) == 1 and merged_ab[0].kind == PREDICTION
    assert len(predictions_from(merged_ab, {})) == 2  # each passage's forecast is scored on its own


@pytest.mark.parametrize(
    ("date", "made", "future_words", "kind"),
    [
        ("2024", "2023-12-25", False, PREDICTION),
        ("2022", "2023-12-25", True, EVENT),
        ("2023", "2023-12-25", False, EVENT),
        ("2026", "2026-01", True, PREDICTION),
        ("2026", "2026-01", False, EVENT),
        ("2025-12-11", "2026-01", False, EVENT),
        ("2026", None, True, PREDICTION),
    ],
)
def test_classify(date: str, made: str | None, future_words: bool, kind: str) -> None:
    assert classify(parse_iso(date), parse_iso(made) if made else None, future_words) == kind


def test_undated_source_reports_relative_dates(sources: dict[str, Source]) -> None:
    block = Block(kind=PARAGRAPH, id="p-x", spans=(Span("去年发布了R1。2024年8月法案生效。"),), line=7)
    source = Source(path="undated.txt", slug="undated", meta=Meta(title="无日期"), sections=(Section(id="s", title="", blocks=(block,)),))
    entries, problems = extract_entries(source, source_passages(source), no_topics)
    assert [(e.date.iso, e.kind) for e in entries] == [("2024-08", EVENT)]  # no publication entry, nothing guessed
    (problem,) = problems
    assert "去年" in problem.message and (problem.path, problem.line) == ("undated.txt", 7)


def test_bad_source_date_is_an_error() -> None:
    source = Source(path="x.txt", slug="x", meta=Meta(date="early 2026"), sections=())
    with pytest.raises(BriefingError) as err:
        extract_entries(source, (), no_topics)
    assert (err.value.path, err.value.field) == ("x.txt", "date")


# --- predictions and the ledger ---------------------------------------------


@pytest.fixture(scope="module")
def predictions(merged: list[TimelineEntry], sources: dict[str, Source]) -> list[Prediction]:
    return predictions_from(merged, sources)


def test_every_prediction_has_a_stable_unique_id(predictions: list[Prediction], merged, sources) -> None:
    ids = [p.id for p in predictions]
    assert len(ids) == len(set(ids)) and all(i.startswith("pred-") and len(i) == 13 for i in ids)
    assert [p.id for p in predictions_from(merged, sources)] == ids


def test_prediction_authors_and_dates(predictions: list[Prediction]) -> None:
    by_statement = {p.statement: p for p in predictions}
    politics = next(p for s, p in by_statement.items() if "2026年,期待更多政治战争" in s)
    assert (politics.made_by, politics.author, politics.made_on.iso) == (MIT, "Michelle Kim", "2026-01")
    soa = next(p for s, p in by_statement.items() if s.startswith("特朗普将发布禁止州AI法律"))
    assert (soa.made_by, soa.target.iso, soa.made_on.iso) == (STATE, "2026", "2025-10")


def test_due_for_review_rule(predictions: list[Prediction], sources: dict[str, Source]) -> None:
    as_of = ledger_as_of(s.meta.date for s in sources.values())
    assert as_of == dt.date(2026, 1, 31)
    roadmap = [p for p in predictions if p.made_by == ROADMAP and p.anchor.startswith("i-")]
    statuses = {year: {status_of(p, None, as_of) for p in roadmap if p.target.iso == year} for year in ("2024", "2025", "2026")}
    assert statuses == {"2024": {DUE}, "2025": {DUE}, "2026": {OPEN}}
    scored = roadmap[0]
    assert status_of(scored, Verdict(HIT), as_of) == HIT
    assert status_of(scored, None, None) == OPEN  # no date to judge on: nothing is due


def test_ledger_as_of_ignores_the_clock_and_takes_the_start_of_the_newest_date() -> None:
    assert ledger_as_of(["2023-12-25", "2026-01", "", "2025-10"]) == dt.date(2026, 1, 1)
    assert ledger_as_of([]) is None


def _prediction(pid: str, source: str, topics: tuple[str, ...], target: str = "2024") -> Prediction:
    return Prediction(pid, source, "", parse_iso("2023-12-25"), parse_iso(target), topics, "x")


def test_counts_and_scores() -> None:
    preds = [
        _prediction("pred-a", "s1", ("t1",)),
        _prediction("pred-b", "s1", ("t1", "t2")),
        _prediction("pred-c", "s2", ("t2",)),
        _prediction("pred-d", "s2", (), "2030"),
    ]
    verdicts = {"pred-a": Verdict(HIT), "pred-b": Verdict(PARTIAL), "pred-c": Verdict("miss")}
    counts = status_counts(preds, verdicts, dt.date(2026, 1, 31))
    assert counts == {"hit": 1, "partial": 1, "miss": 1, "pending": 0, "due": 0, "open": 1}
    per_source = {s.key: (s.total, s.graded, s.score) for s in scores(preds, verdicts, lambda p: (p.made_by,))}
    assert per_source == {"s1": (2, 2, 0.75), "s2": (2, 1, 0.0)}
    per_topic = {s.key: s.score for s in scores(preds, verdicts, lambda p: p.topics)}
    assert per_topic == {"t1": 0.75, "t2": 0.25}
    assert scores([_prediction("pred-e", "s3", ())], {}, lambda p: (p.made_by,))[0].score is None


# --- the verdicts file --------------------------------------------------------


def _verdicts(tmp_path: Path, text: str, ids=("pred-0123abcd",)) -> dict[str, Verdict]:
    path = tmp_path / "verdicts.yml"
    path.write_text(text, encoding="utf-8")
    return load_verdicts(path, ids, "curation/verdicts.yml")


def test_verdicts_file_is_read(tmp_path: Path) -> None:
    got = _verdicts(tmp_path, "# header\npred-0123abcd:\n  status: partial\n  note: 行政命令已签署。\n  evidence: https://example.org/eo\n")
    assert got == {"pred-0123abcd": Verdict("partial", "行政命令已签署。", "https://example.org/eo", 2)}


def test_the_curated_verdicts_file_loads(predictions: list[Prediction], sources: dict[str, Source]) -> None:
    passages = {p.id for source in sources.values() for p in source_passages(source)}
    load_verdicts(ROOT / "curation" / "verdicts.yml", [p.id for p in predictions], passage_ids=passages)


@pytest.mark.parametrize("text", ["", "# nothing yet\n{}\n"])
def test_empty_verdicts_file(tmp_path: Path, text: str) -> None:
    assert _verdicts(tmp_path, text) == {}


def test_missing_verdicts_file_means_no_verdicts(tmp_path: Path) -> None:
    assert load_verdicts(tmp_path / "absent.yml", ["pred-1"]) == {}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("pred-0123abcd:\n  status: hit\npred-deadbeef:\n  status: miss\n", 3, "pred-deadbeef"),
        ("pred-0123abcd:\n  status: hit\n  evidnce: https://x.org\n", 3, "evidnce"),
        ("pred-0123abcd:\n  status: right\n", 2, "status must be one of"),
        ("pred-0123abcd:\n  status: hit\n  evidence: javascript:alert(1)\n", 3, "script-bearing"),
        ("pred-0123abcd:\n  status: hit\n  evidence: ftp://x.org/a\n", 3, "http"),
        ("pred-0123abcd: hit\n", 1, "mapping"),
        ("- pred-0123abcd\n", 1, "map prediction ids"),
        ("pred-0123abcd:\n  status: hit\npred-0123abcd:\n  status: miss\n", 3, "duplicate"),
    ],
)
def test_verdict_errors_name_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    with pytest.raises(BriefingError) as err:
        _verdicts(tmp_path, text)
    assert (err.value.path, err.value.line) == ("curation/verdicts.yml", line)
    assert words in str(err.value)


def test_publication_entries_carry_the_date_note(extracted: dict[str, list[TimelineEntry]], sources) -> None:
    (published,) = [e for e in extracted[STATE] if e.kind == PUBLICATION]
    assert published.note == sources[STATE].meta.date_note and published.date == DateSpan(
        dt.date(2025, 10, 1), dt.date(2025, 10, 31), "month"
    )


def test_curated_date_is_what_dates_the_source(sources: dict[str, Source]) -> None:
    undated = replace(sources[MIT], meta=replace(sources[MIT].meta, date=""))
    entries, problems = extract_entries(undated, source_passages(undated), no_topics)
    assert problems and not any(e.kind == PUBLICATION for e in entries)


# --- the indexed merge against the all-pairs rule it replaces -------------------


def _all_pairs_groups(entries: list[TimelineEntry]) -> list[list[int]]:
    """`same_event_groups` by its definition: every pair of entries, every pair
    of sentences, then star clustering written out plainly."""
    from generator.timeline.merge import (
        MIN_RARE,
        MIN_RARE_SHARED,
        MIN_SHARED,
        MIN_SHARED_SAME_SOURCE,
        MIN_TERMS,
        RARE_BITS,
        _sentences,
        identities,
        near,
        rank_of,
        term_weight,
    )
    from generator.timeline.terms import figures, figures_differ, identifier, terms

    bags = [[terms(s) for s in _sentences(e)] for e in entries]
    df: dict[str, int] = {}
    for sentences in bags:
        for t in frozenset().union(*sentences):
            df[t] = df.get(t, 0) + 1
    weight = {t: term_weight(d, len(entries)) for t, d in df.items()}
    least_rare = max(len(entries).bit_length(), 2 * len(entries).bit_length() - RARE_BITS)  # see `rare_weight`

    def similar(x: frozenset[str], y: frozenset[str], same_source: bool) -> bool:
        lighter = min(sum(weight[t] for t in x), sum(weight[t] for t in y))
        rare_x, rare_y = (sum(weight[t] for t in z if weight[t] >= least_rare) for z in (x, y))
        shared = x & y
        value = sum(weight[t] for t in shared)
        rare = [weight[t] for t in shared if weight[t] >= least_rare]
        if len(shared) < MIN_TERMS or len(rare) < MIN_RARE or figures_differ(figures(x), figures(y)):
            return False
        specific = sum(rare) >= MIN_RARE_SHARED * min(rare_x, rare_y)
        if same_source:
            return specific and value >= MIN_SHARED_SAME_SOURCE * lighter
        return (specific and value >= MIN_SHARED * lighter) or any(identifier(t) and weight[t] >= least_rare for t in shared)

    alike: dict[int, set[int]] = {i: set() for i in range(len(entries))}
    for i, a in enumerate(entries):
        for j in range(i + 1, len(entries)):
            b = entries[j]
            if not near(a.date, b.date) or (a.sources[0].source, a.sources[0].anchor) == (b.sources[0].source, b.sources[0].anchor):
                continue
            if any(similar(x, y, a.sources[0].source == b.sources[0].source) for x in bags[i] for y in bags[j]):
                alike[i].add(j)
                alike[j].add(i)

    def nested(a: DateSpan, b: DateSpan) -> bool:
        return (a.start, a.end) != (b.start, b.end) and ((a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end))

    rank = [rank_of(identity) for identity in identities(entries)]
    grouped: set[int] = set()
    groups = []
    for centre in sorted(alike, key=lambda i: (-len(alike[i]), rank[i])):
        if centre in grouped:
            continue
        group = [centre]
        for j in sorted(alike[centre] - grouped, key=rank.__getitem__):
            # each member of its source there is alike it, or dates the event more loosely or precisely
            if all(
                j in alike[m] or nested(entries[j].date, entries[m].date)
                for m in group
                if entries[m].sources[0].source == entries[j].sources[0].source
            ):
                group.append(j)
        grouped.update(group)
        groups.append(sorted(group))
    return sorted(groups)


@pytest.mark.parametrize(
    ("df", "n", "weight"),
    [
        (1, 1, 2),  # one entry: every term weighs one step above the commonest
        (1, 1000, 20),  # 1,000 entries: n counts as 1,024, 2 * log2(1024) = 20 half bits
        (2, 1000, 18),
        (3, 1000, 17),  # 2 * log2(3) = 3.17
        (4, 1000, 16),
        (1000, 1000, 1),  # in every entry: the least weight, never 0
        (1000, 1024, 3),  # 1,024 entries count as 2,048
        (1, 1023, 20),
        (1, 1024, 22),  # a power of two more: every weight moves up a step of a bit
    ],
)
def test_term_weight_is_idf_in_half_bit_steps(df: int, n: int, weight: int) -> None:
    from generator.timeline.merge import term_weight

    assert term_weight(df, n) == weight
    assert abs(term_weight(df, n) * math.log(2) / 2 - math.log(2 ** n.bit_length() / df)) < math.log(2) / 2 + 1e-9


def test_indexed_merge_groups_the_seed_entries_like_all_pairs(extracted) -> None:
    entries = sorted((e for es in extracted.values() for e in es if e.kind != PUBLICATION), key=entry_key)
    assert same_event_groups(entries) == _all_pairs_groups(entries)


_SENTENCES = (
    "特朗普总统签署了一项旨在削弱州AI法律的行政命令。",
    "特朗普总统签署了一项削弱州AI法律的行政命令，引发各州反对。",
    "英伟达发布了新一代数据中心芯片。",
    "欧盟AI法案的通用模型条款开始生效。",
    "欧盟AI法案的通用模型条款正式开始适用。",
    "DeepSeek发布了开源推理模型R1。",
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3), st.integers(0, 2), st.integers(0, 3)), min_size=2, max_size=40))
def test_indexed_merge_equals_all_pairs_on_repeated_statements(rows) -> None:
    # Few sentences, sources, passages and dates: many repeats, shared
    # classes and near dates, the cases where a shortcut would go wrong.
    dates = ("2025-12-11", "2025-12", "2026", "2025-12-20")
    entries = [_entry(f"t-{k}", dates[d], _SENTENCES[s], f"src-{src}", f"p-{anchor}") for k, (s, src, anchor, d) in enumerate(rows)]
    assert same_event_groups(entries) == _all_pairs_groups(entries)
