"""The timeline page, timeline.json and the predictions ledger page."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.core.model import Meta, Source
from generator.core.paths import PREDICTIONS, TIMELINE, source_page
from generator.dates.find import parse_iso
from generator.site.writers.markdown import Inliner
from generator.site.writers.predictions import predictions_page
from generator.site.writers.timeline import timeline_json, timeline_page
from generator.timeline.entries import EVENT, PREDICTION, PUBLICATION, Citation, TimelineEntry
from generator.timeline.ledger import Prediction, Verdict

ROOT = Path(__file__).resolve().parent.parent
TOPICS = {"regulation": "监管与政策", "compute-energy": "算力与能源"}
SOURCES = {
    "mit": Source(path="000.txt", slug="mit", meta=Meta(title="MIT科技评论", date="2026-01"), sections=()),
    "soa": Source(path="003.txt", slug="soa", meta=Meta(title="State of AI <解读>", date="2025-10"), sections=()),
}


def _cite(source: str, anchor: str, text: str, kind: str, date: str, author: str = "") -> Citation:
    return Citation(source, anchor, SOURCES[source].meta.title, text, kind, parse_iso(date), author)


ENTRIES = [
    TimelineEntry(
        "t-order",
        parse_iso("2025-12-11"),
        "特朗普签署行政命令",
        EVENT,
        (
            _cite("mit", "p-1", "特朗普签署行政命令", EVENT, "2025-12-11", "Michelle Kim"),
            _cite("soa", "p-9", "特朗普将发布行政命令", PREDICTION, "2026"),
        ),
        ("regulation",),
        "监管",
    ),
    TimelineEntry(
        "t-script",
        parse_iso("2025-03"),
        "<script>alert(1)</script> *强调* [链接](javascript:x)",
        EVENT,
        (_cite("soa", "p-2", "x", EVENT, "2025-03"),),
        ("compute-energy",),
    ),
    TimelineEntry("t-q1", parse_iso("2025-01"), "一月的事", EVENT, (_cite("soa", "p-3", "一月的事", EVENT, "2025-01"),)),
    TimelineEntry(
        "t-pub",
        parse_iso("2025-10"),
        "《State of AI》发表",
        PUBLICATION,
        (_cite("soa", "", "发表", PUBLICATION, "2025-10"),),
        note="日期为推定",
    ),
    TimelineEntry(
        "t-2026",
        parse_iso("2026"),
        "2026年将有更多诉讼",
        PREDICTION,
        (_cite("mit", "p-4", "2026年将有更多诉讼", PREDICTION, "2026"),),
        ("regulation",),
    ),
]


@pytest.fixture(scope="module")
def page() -> str:
    return timeline_page(ENTRIES, SOURCES, TOPICS, Inliner(), TIMELINE)


def test_timeline_is_grouped_by_year_then_month_in_order(page: str) -> None:
    headings = re.findall(r"^#{2,3} (.+?) \{", page, re.MULTILINE)
    assert headings == ["2025年", "2025年1月", "2025年3月", "2025年10月", "2025年12月", "2026年", "2026年（全年）"]


def test_entries_link_to_their_place_in_the_source(page: str) -> None:
    assert f"[MIT科技评论]({source_page('mit')}#p-1) · Michelle Kim" in page
    assert f"]({source_page('soa')}#p-9)" in page  # every citation of a merged entry
    assert f"]({source_page('soa')})" in page  # a publication links to the page itself
    assert "预测（2026年）“特朗普将发布行政命令”" in page


def test_entries_carry_topics_kind_and_ids(page: str) -> None:
    assert '<div class="tl-entry tl-event" id="t-order" data-topics="regulation" data-kind="event" markdown>' in page
    assert '<span class="tl-kind tl-kind-event">事件</span> <span class="tl-kind tl-kind-prediction">预测</span>' in page
    assert 'data-topic="regulation" aria-pressed="false">监管与政策</button>' in page
    assert '<nav class="tl-filter" data-tl-filter hidden' in page  # shown by the script only


def test_source_text_is_escaped(page: str) -> None:
    assert "<script>" not in page and "javascript:" not in page.replace("javascript:x", "")
    assert "&lt;script" in page and "&#42;强调&#42;" in page
    assert "State of AI &lt;解读" in page


def test_timeline_page_is_deterministic() -> None:
    assert timeline_page(list(reversed(ENTRIES)), SOURCES, TOPICS, Inliner(), TIMELINE) == timeline_page(
        ENTRIES, SOURCES, TOPICS, Inliner(), TIMELINE
    )


def test_timeline_json_in_timelinejs_format() -> None:
    doc = json.loads(timeline_json(ENTRIES, TOPICS))
    events = {e["unique_id"]: e for e in doc["events"]}
    assert list(events) == ["t-q1", "t-script", "t-pub", "t-order", "t-2026"]
    order = events["t-order"]
    assert order["start_date"] == {"year": 2025, "month": 12, "day": 11, "display_date": "2025年12月11日"}
    assert (order["group"], order["kind"], order["granularity"]) == ("监管与政策", "event", "day")
    assert order["anchors"] == ["mit/p-1", "soa/p-9"] and [s["kind"] for s in order["sources"]] == ["event", "prediction"]
    assert events["t-2026"]["start_date"] == {"year": 2026, "display_date": "2026年"}
    assert "&lt;script&gt;" in events["t-script"]["text"]["text"]


def test_timeline_json_end_date_for_periods() -> None:
    span = parse_iso("2024")
    entry = TimelineEntry(
        "t-r",
        span.__class__(dt.date(2024, 1, 1), dt.date(2026, 12, 31), "range"),
        "未来三年",
        PREDICTION,
        (_cite("mit", "p-5", "未来三年", PREDICTION, "2024"),),
    )
    (event,) = json.loads(timeline_json([entry]))["events"]
    assert (event["start_date"]["year"], event["end_date"]["year"], "month" in event["end_date"]) == (2024, 2026, False)


def _prediction(pid: str, target: str, topics: tuple[str, ...] = ("regulation",), source: str = "soa") -> Prediction:
    return Prediction(
        pid, source, "大飞", parse_iso(SOURCES[source].meta.date), parse_iso(target), topics, f"{pid} 的预测 <b>", "p-9", "t-order", 3
    )


def test_predictions_page() -> None:
    preds = [
        _prediction("pred-00000001", "2026"),
        _prediction("pred-00000002", "2024-12", ()),
        _prediction("pred-00000003", "2025", source="mit"),
    ]
    verdicts = {"pred-00000003": Verdict("partial", "部分成真。", "https://example.org/e")}
    text = predictions_page(preds, verdicts, SOURCES, TOPICS, Inliner(), PREDICTIONS, dt.date(2026, 1, 31))
    assert '| <span class="pred-status pred-due">待复核</span> | 1 |' in text
    assert '| <span class="pred-status pred-open">未到期</span> | 1 |' in text
    assert '| <span class="pred-status pred-partial">部分命中</span> | 1 |' in text
    # One graded prediction: no share is computed on fewer than three, and the page says so.
    assert f"| [MIT科技评论]({source_page('mit')}) | 1 | 0 | 1 | 0 | 0 | — | —（1） |" in text
    assert "已评定不足 3 条的行不计算得分和命中率" in text and "已评定 1 条，不足 3 条，不计算命中率" in text
    assert '<div class="pred-card pred-card-due" id="pred-00000002" data-status="due"' in text
    assert "部分成真。（[证据](https://example.org/e)）" in text
    assert "&lt;b" in text and "<b>" not in text
    assert f"[查看]({TIMELINE}#t-order)" in text
    cards = re.findall(r'id="(pred-\d+)"', text)
    assert cards == ["pred-00000002", "pred-00000003", "pred-00000001"]  # by target period


def test_predictions_page_without_verdicts_or_date() -> None:
    text = predictions_page([_prediction("pred-00000001", "2024")], {}, SOURCES, TOPICS, Inliner(), PREDICTIONS, None)
    assert "未到期" in text and "尚无评定" in text and "评判基准日" not in text


@pytest.mark.skipif(shutil.which("mkdocs", path=str(Path(sys.executable).parent)) is None, reason="mkdocs not installed")
def test_pages_build_with_mkdocs_strict(tmp_path: Path) -> None:
    """The pages render with Material, and every link and anchor resolves."""
    docs = tmp_path / "docs"
    (docs / "briefing" / "sources").mkdir(parents=True)
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    for slug in SOURCES:
        anchors = "\n\n".join(f"段落 {a}\n{{: #{a} }}" for a in ("p-1", "p-2", "p-3", "p-4", "p-5", "p-9"))
        (docs / "briefing" / source_page(slug)).write_text(f"# {slug}\n\n{anchors}\n", encoding="utf-8")
    (docs / "briefing" / TIMELINE).write_text(timeline_page(ENTRIES, SOURCES, TOPICS, Inliner(), TIMELINE), encoding="utf-8")
    preds = [_prediction("pred-00000001", "2026")]
    (docs / "briefing" / PREDICTIONS).write_text(
        predictions_page(preds, {}, SOURCES, TOPICS, Inliner(), PREDICTIONS, None), encoding="utf-8"
    )
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nstrict: true\ntheme:\n  name: material\n  language: zh\nplugins: []\n"
        "markdown_extensions: [attr_list, md_in_html, tables, toc]\n"
        "validation:\n  anchors: warn\n  unrecognized_links: warn\n  absolute_links: warn\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "-f", str(tmp_path / "mkdocs.yml")],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    # Not `-q`: strict mode counts the warnings it logs, and -q silences them.
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "briefing" / "timeline" / "index.html").read_text(encoding="utf-8")
    assert 'id="t-order"' in html and 'class="tl-entry tl-event"' in html and "<script>alert" not in html
