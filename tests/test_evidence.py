"""The self-checking ledger: prediction ids, evidence candidates, verdict evidence,
vanished predictions, the `verdicts suggest` skeleton, and the suggestion step's
top-3 share on the seeds' own verdicts."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.core.errors import BriefingError
from generator.core.model import Meta, Passage, Source
from generator.dates.find import parse_iso
from generator.site.suggest import verdicts_skeleton
from generator.site.writers.markdown import Inliner
from generator.site.writers.predictions import predictions_page
from generator.timeline.entries import PREDICTION, Citation, TimelineEntry, predictions_from
from generator.timeline.evidence import Candidate, rank_evidence
from generator.timeline.ledger import Prediction, Verdict, load_verdicts

ROOT = Path(__file__).resolve().parent.parent
TOP = 3
MIN_TOP3_SHARE = 0.7  # issue 20: the suggestion step finds a curator's internal evidence in its top three


def _source(slug: str, date: str, title: str = "") -> Source:
    return Source(path=f"{slug}.md", slug=slug, meta=Meta(title=title or slug, date=date), sections=())


def _entry(text: str, anchor: str = "i-1", target: str = "2024", source: str = "roadmap") -> TimelineEntry:
    date = parse_iso(target)
    cite = Citation(source, anchor, "路线图", text, PREDICTION, date, "分析师", 3)
    return TimelineEntry(f"t-{anchor}-{target}", date, text, PREDICTION, (cite,))


SOURCES = {"roadmap": _source("roadmap", "2023-12-25", "路线图")}


# --- ids ------------------------------------------------------------------------


def test_a_reworded_headline_keeps_the_prediction_id() -> None:
    before = predictions_from([_entry("稀疏激活成为标准：MoE将成为所有主流大模型的标准架构")], SOURCES)
    after = predictions_from([_entry("MoE 将成为主流大模型的标准架构（稀疏激活）")], SOURCES)
    assert [p.id for p in before] == [p.id for p in after]
    assert before[0].statement != after[0].statement


@pytest.mark.parametrize(("anchor", "target"), [("i-2", "2024"), ("i-1", "2025")])
def test_another_passage_or_period_is_another_prediction(anchor: str, target: str) -> None:
    first = predictions_from([_entry("MoE将成为标准架构")], SOURCES)[0]
    other = predictions_from([_entry("MoE将成为标准架构", anchor, target)], SOURCES)[0]
    assert other.id != first.id


def test_two_predictions_of_one_passage_and_period_get_distinct_stable_ids() -> None:
    entries = [_entry("MoE将成为标准架构"), replace(_entry("推理成本将降低一半"), id="t-other")]
    ids = [p.id for p in predictions_from(entries, SOURCES)]
    assert len(set(ids)) == 2 and all(re.fullmatch(r"pred-[0-9a-f]{8}(-2)?", i) for i in ids)
    assert ids == [p.id for p in predictions_from(entries, SOURCES)]


# --- the verdicts file ------------------------------------------------------------

KNOWN = {"pred-0123abcd": "稀疏激活成为标准：MoE将成为所有主流大模型的标准架构"}
PASSAGES = {"state-of-ai-2025-video/p-2df9ec2c"}


def _load(tmp_path: Path, text: str, statements=KNOWN) -> dict[str, Verdict]:
    path = tmp_path / "verdicts.yml"
    path.write_text(text, encoding="utf-8")
    return load_verdicts(path, statements, "curation/verdicts.yml", passage_ids=PASSAGES)


def test_evidence_may_be_a_passage_id_or_a_web_address(tmp_path: Path) -> None:
    got = _load(tmp_path, "pred-0123abcd:\n  text: 旧的措辞也可以\n  status: partial\n  evidence: state-of-ai-2025-video/p-2df9ec2c\n")
    verdict = got["pred-0123abcd"]
    assert verdict.internal and verdict.evidence == "state-of-ai-2025-video/p-2df9ec2c" and verdict.text == "旧的措辞也可以"
    web = _load(tmp_path, "pred-0123abcd:\n  status: hit\n  evidence: https://example.org/a\n")["pred-0123abcd"]
    assert not web.internal


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            "pred-0123abcd:\n  status: hit\n  evidence: state-of-ai-2025-video/p-00000000\n",
            3,
            "unknown passage id `state-of-ai-2025-video/p-00000000`",
        ),
        ("pred-0123abcd:\n  status: hit\n  evidence: not a reference\n", 3, "http(s) address or a passage id"),
        ("pred-0123abcd:\n  status: hit\n  text: [1, 2]\n", 3, "`text` must be"),
    ],
)
def test_bad_evidence_or_text_is_an_error_with_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    with pytest.raises(BriefingError) as caught:
        _load(tmp_path, text)
    assert caught.value.line == line and words in str(caught.value)
    assert str(caught.value).startswith(f"curation/verdicts.yml:{line}:")


def test_a_vanished_prediction_names_its_old_text_and_its_new_id(tmp_path: Path) -> None:
    text = f'pred-deadbeef:\n  text: "{KNOWN["pred-0123abcd"]}"\n  status: hit\n'
    with pytest.raises(BriefingError) as caught:
        _load(tmp_path, text)
    message = str(caught.value)
    assert caught.value.line == 1 and "pred-deadbeef" in message and KNOWN["pred-0123abcd"] in message
    assert "now has id `pred-0123abcd`" in message and "passage anchor or target period changed" in message


def test_a_reworded_vanished_prediction_points_to_the_closest_one(tmp_path: Path) -> None:
    text = "pred-deadbeef:\n  text: 稀疏激活成为标准：MoE将成为所有主流大模型的架构\n  status: hit\n"
    with pytest.raises(BriefingError) as caught:
        _load(tmp_path, text)
    assert "the closest one now is `pred-0123abcd`" in str(caught.value)


def test_a_prediction_gone_without_trace_says_so(tmp_path: Path) -> None:
    with pytest.raises(BriefingError) as caught:
        _load(tmp_path, "pred-deadbeef:\n  text: 量子计算将取代GPU\n  status: miss\n")
    assert "“量子计算将取代GPU” is gone and no prediction reads like it" in str(caught.value)
    with pytest.raises(BriefingError) as caught:
        _load(tmp_path, "pred-deadbeef:\n  status: miss\n")
    assert "keep the `text:`" in str(caught.value)


# --- ranking --------------------------------------------------------------------


def _passage(source: str, anchor: str, text: str) -> Passage:
    return Passage(f"{source}/{anchor}", source, anchor, "s", "", text, "paragraph", 1)


def _prediction(statement: str, target: str = "2024", topics: tuple[str, ...] = ()) -> Prediction:
    return Prediction("pred-0123abcd", "roadmap", "分析师", parse_iso("2023-12-25"), parse_iso(target), topics, statement, "i-1")


CORPUS = [
    _passage("roadmap", "p-1", "MoE混合专家架构将成为标准。"),  # the prediction's own source: never evidence
    _passage("older", "p-1", "混合专家架构成为所有主流模型的标准。"),  # written before the prediction
    _passage("video", "p-1", "2024年底发布的V3是混合专家架构的模型，所有主流模型都在跟进。"),
    _passage("video", "p-2", "能源瓶颈成为算力建设的最大障碍。"),
    _passage("blog", "p-1", "稀疏的混合专家架构已成为主流模型的标准做法。"),
]
DATES = {"roadmap": parse_iso("2023-12-25"), "older": parse_iso("2023-06"), "video": parse_iso("2025-10"), "blog": parse_iso("2026-01")}


def test_candidates_come_from_later_sources_ranked_by_what_they_share() -> None:
    pred = _prediction("MoE将成为所有主流模型的标准架构（混合专家）")
    got = rank_evidence([pred], CORPUS, DATES, dt.date(2026, 1, 31), lambda pid: ())[pred.id]
    assert {c.source for c in got} <= {"video", "blog"}
    assert "video/p-2" not in [c.passage for c in got]
    assert [c.score for c in got] == sorted((c.score for c in got), reverse=True)
    assert got == rank_evidence([pred], list(reversed(CORPUS)), DATES, dt.date(2026, 1, 31), lambda pid: ())[pred.id]


def test_no_candidates_before_the_target_period_starts() -> None:
    pred = _prediction("MoE将成为所有主流模型的标准架构", target="2027")
    assert rank_evidence([pred], CORPUS, DATES, dt.date(2026, 1, 31), lambda pid: ()) == {}


# --- the page -----------------------------------------------------------------------


def _page(verdicts: dict[str, Verdict], candidates: tuple[Candidate, ...]) -> str:
    sources = {"roadmap": _source("roadmap", "2023-12-25", "路线图"), "video": _source("video", "2025-10", "视频 <b>")}
    passages = {p.id: p for p in CORPUS}
    pred = _prediction("MoE将成为标准 <script>")
    return predictions_page(
        [pred], verdicts, sources, {}, Inliner(), "predictions.md", dt.date(2026, 1, 31), evidence={pred.id: candidates}, passages=passages
    )


def test_a_due_prediction_shows_up_to_three_suggestions_cited_to_their_anchors() -> None:
    candidates = tuple(Candidate(f"video/p-{n}", "video", f"p-{n}", 0.5 - n / 10) for n in (1, 2, 1, 2))
    text = _page({}, candidates)
    assert "**可能的证据**（自动建议" in text and "策展人评定之前不算证据" in text
    assert text.count("(sources/video.md#p-") == 3
    assert "视频 &lt;b&gt;" in text and "<b>" not in text and "<script>" not in text
    assert "2024年底发布的V3是混合专家架构的模型" in text  # the preview


def test_a_decided_prediction_shows_its_evidence_not_suggestions() -> None:
    verdict = Verdict("partial", "部分成真。", "video/p-1")
    text = _page({"pred-0123abcd": verdict}, (Candidate("video/p-2", "video", "p-2", 0.3),))
    assert "可能的证据" not in text
    assert "- **证据**：[《视频 &lt;b&gt;》](sources/video.md#p-1)：“2024年底发布的V3" in text


def test_scores_are_charted_from_numbers_only_and_calibrated() -> None:
    text = _page({"pred-0123abcd": Verdict("miss", "没有。", "")}, ())
    bars = re.findall(r'<span class="pred-bar".*?</span></span>', text)
    assert bars and all("路线图" not in b and "MoE" not in b for b in bars)
    assert 'aria-label="命中 0，部分命中 0，未中 1，待定 0，未评定 0"' in text
    assert "已评定 1 条，不足 3 条，不计算命中率" in text
    assert "—（1）" in text  # the share is not computed, and the number graded stands beside it


# --- the skeleton -------------------------------------------------------------------


def test_the_skeleton_is_yaml_with_text_and_commented_candidates() -> None:
    pred = _prediction('MoE将成为标准：\n# not a comment\u2028still text "quoted"')
    candidates = {pred.id: (Candidate("video/p-1", "video", "p-1", 0.42),)}
    passages = {p.id: p for p in CORPUS}
    text = verdicts_skeleton([pred], {}, candidates, passages, dt.date(2026, 1, 31), due_only=True)
    data = yaml.safe_load(text)
    assert data == {pred.id: {"text": pred.statement, "status": None, "note": "", "evidence": ""}}
    assert "#   video/p-1  (0.42)  2024年底发布的V3" in text
    assert verdicts_skeleton([pred], {pred.id: Verdict("hit")}, candidates, passages, dt.date(2026, 1, 31)).endswith("{}\n")


def test_cli_verdicts_suggest(tmp_path: Path) -> None:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    for folder in ("seeds", "curation"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "curation" / "verdicts.yml").write_text("{}\n", encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--root", str(tmp_path), "verdicts", "suggest", "--due"]) == 0
    data = yaml.safe_load(out.getvalue())
    assert len(data) >= 30 and all(entry["status"] is None and entry["text"] for entry in data.values())
    assert "#   state-of-ai-2025-video/p-" in out.getvalue()


# --- the seeds ------------------------------------------------------------------------


def test_every_due_prediction_of_the_seeds_has_a_verdict_with_a_reason(seed_site) -> None:
    due = [p for p in seed_site.predictions if seed_site.as_of and p.target.end < seed_site.as_of]
    assert due
    for p in due:
        verdict = seed_site.verdicts.get(p.id)
        assert verdict is not None, p.statement
        assert verdict.note, p.id
        assert verdict.status == "pending" or verdict.internal or verdict.evidence, p.id  # graded ones cite evidence


def test_suggestions_find_the_curated_internal_evidence_in_their_top_three(seed_site) -> None:
    """Issue 20's measure: of the verdicts citing a passage, the share whose passage
    the suggestion step ranks in its top three (14 verdicts, 10 found when written)."""
    cited = {pid: v.evidence for pid, v in seed_site.verdicts.items() if v.internal}
    found = [pid for pid, passage in cited.items() if passage in [c.passage for c in seed_site.evidence.get(pid, ())[:TOP]]]
    assert len(cited) >= 10
    share = len(found) / len(cited)
    assert share >= MIN_TOP3_SHARE, f"top-3 share {share:.2f} ({len(found)}/{len(cited)}); missing: {sorted(set(cited) - set(found))}"
