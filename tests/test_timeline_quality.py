"""The timeline against an editor's labels: issue 16's "Done when" (see tests/timeline_quality.py).

Run `python -m tests.timeline_quality -v` for the figures and every entry
that is not fully good.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from timeline_quality import (
    CORPUS,
    DROP,
    FIXTURE_LABELS,
    KEEP,
    SEED_LABELS,
    Cite,
    Entry,
    Figures,
    Label,
    Predicted,
    by_file,
    entries_of_site,
    fixture_files,
    fixture_site,
    headline_problems,
    load_labels,
    parse_labels,
    score,
    squash,
)

# The issue's thresholds.
SEED_FULLY_GOOD = 0.85
SEED_MAX_CUT = 0.10
SEED_RECALL = 0.90
FIXTURE_PRECISION = 0.90
FIXTURE_RECALL = 0.85
MIN_FIXTURE_STATEMENTS = 80

ISO = re.compile(r"^\d{4}(?:-(?:\d{2}(?:-\d{2})?|Q[1-4]|H[12]))?(?:/\d{4}(?:-\d{2}(?:-\d{2})?)?)?$")


def seed_failures(f: Figures) -> list[str]:
    out = []
    if f.fully_good < SEED_FULLY_GOOD:
        out.append(f"fully good {f.fully_good:.2f} < {SEED_FULLY_GOOD}")
    if f.cut > SEED_MAX_CUT:
        out.append(f"headlines cut with … {f.cut:.2f} > {SEED_MAX_CUT}")
    if f.recall < SEED_RECALL:
        out.append(f"keep recall {f.recall:.2f} < {SEED_RECALL}")
    if f.predictions_lost:
        out.append(f"predictions not kept as predictions: {[lab.snippet for lab in f.predictions_lost]}")
    if f.stat_events:
        out.append(f"{f.stat_events} multi-year statistics filed as events")
    return out


def fixture_failures(f: Figures) -> list[str]:
    out = []
    if f.precision < FIXTURE_PRECISION:
        out.append(f"precision {f.precision:.2f} < {FIXTURE_PRECISION}")
    if f.recall < FIXTURE_RECALL:
        out.append(f"recall {f.recall:.2f} < {FIXTURE_RECALL}")
    if f.stat_events:
        out.append(f"{f.stat_events} multi-year statistics filed as events")
    return out


# --- the labels themselves --------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_labels() -> list[Label]:
    return load_labels(SEED_LABELS)


@pytest.fixture(scope="module")
def fixture_labels() -> list[Label]:
    return load_labels(FIXTURE_LABELS)


def test_label_dates_are_iso_forms(seed_labels, fixture_labels) -> None:
    bad = [(lab.source, lab.snippet, d) for lab in seed_labels + fixture_labels for d in lab.dates if not ISO.match(d)]
    assert bad == []


def test_seed_snippets_are_in_their_seeds(seed_site, seed_labels) -> None:
    """A snippet that matches nothing would make its label a free pass or a free miss."""
    text: dict[str, str] = {}
    for p in seed_site.passages:
        text[p.source] = text.get(p.source, "") + squash(p.text)
    missing = [(lab.source, s) for lab in seed_labels for s in (lab.snippet, *lab.also) if squash(s) not in text.get(lab.source, "")]
    assert missing == []


def test_fixture_snippets_are_in_their_fixtures(fixture_labels) -> None:
    files = {p.name: squash(p.read_text(encoding="utf-8")) for p in fixture_files()}
    labelled = yaml.safe_load(FIXTURE_LABELS.read_text(encoding="utf-8"))
    assert set(files) == set(labelled), "every tl_ fixture is labelled (an empty list: it must give nothing), and only those"
    missing = [(lab.source, s) for lab in fixture_labels for s in (lab.snippet, *lab.also) if squash(s) not in files[lab.source]]
    assert missing == []


def test_fixture_labels_cover_what_the_issue_asks(fixture_labels) -> None:
    keeps = [lab for lab in fixture_labels if lab.verdict == KEEP]
    assert len(keeps) >= MIN_FIXTURE_STATEMENTS
    assert {lab.kind for lab in keeps} == {"event", "prediction"}
    zh = [lab for lab in keeps if re.search(r"[\u4e00-\u9fff]", lab.snippet)]
    en = [lab for lab in keeps if not re.search(r"[\u4e00-\u9fff]", lab.snippet)]
    assert len(zh) >= 20 and len(en) >= 20
    body = {p.name: p.read_text(encoding="utf-8") for p in fixture_files()}

    def lines_with(lab: Label) -> list[str]:
        return [line for line in body[lab.source].splitlines() if lab.key in squash(line)]

    table_rows = [lab for lab in keeps if any(line.lstrip().startswith("|") for line in lines_with(lab))]
    nested = [lab for lab in keeps if any(re.match(r"^\s{2,}- ", line) for line in lines_with(lab))]
    yearless = [lab for lab in keeps if not any(re.search(r"(?:19|20)\d\d", line) for line in lines_with(lab))]
    assert len(table_rows) >= 10 and len(nested) >= 4 and len(yearless) >= 10
    assert sum(lab.verdict == DROP and lab.stat for lab in fixture_labels) >= 6


def test_seed_labels_judge_every_seed(seed_labels) -> None:
    assert {lab.source for lab in seed_labels} == {
        "mit-tr-whats-next-2026", "blog-ai-trends-2026", "lex-fridman-state-of-ai-2026", "state-of-ai-2025-video", "ai-roadmap-2025",
    }  # fmt: skip
    assert all(lab.reason for lab in seed_labels if lab.verdict == DROP)


# --- the matcher, on hand-made cases ---------------------------------------------------------

TINY = parse_labels({
    "s": [
        {"keep": "Larkspur released Fern-70B", "date": "2024-11-20", "kind": "event", "words": ["Larkspur"]},
        {"keep": "Fern-8B is expected to ship", "date": "2025-01", "kind": "prediction", "words": ["Fern-8B"]},
        {"keep": "发布了语音模型 Gale-2", "date": "2025-06-12", "kind": "event", "words": ["Gale-2"]},
        {"drop": "downloads rose from 40 million in 2022", "reason": "statistic naming several years", "stat": True},
    ],
})  # fmt: skip


def entry(text: str, date: str, kind: str, headline: str | None = None, source: str = "s") -> Entry:
    return Entry(date, kind, text if headline is None else headline, (Cite(source, text, kind, date, text),))


GOOD = [
    entry("On November 20th, Larkspur released Fern-70B.", "2024-11-20", "event"),
    entry("Fern-8B is expected to ship in January.", "2025-01", "prediction"),
    entry("6月12日，Northwind 发布了语音模型 Gale-2。", "2025-06-12", "event"),
]
LEDGER = [Predicted("s", "Fern-8B is expected to ship in January.", "2025-01")]


def test_a_right_timeline_scores_full_marks() -> None:
    f = score("tiny", GOOD, TINY, LEDGER)
    assert (f.precision, f.recall, f.fully_good, f.cut, f.stat_events, f.predictions_lost) == (1, 1, 1, 0, 0, [])
    assert fixture_failures(f) == [] and seed_failures(f) == []


def test_an_empty_timeline_fails() -> None:
    f = score("tiny", [], TINY, [])
    assert f.recall == 0 and f.precision == 0
    assert fixture_failures(f) and seed_failures(f)


def test_a_wrong_date_loses_precision_and_recall() -> None:
    wrong = [entry("On November 20th, Larkspur released Fern-70B.", "2022-11-20", "event"), *GOOD[1:]]
    f = score("tiny", wrong, TINY, LEDGER)
    assert f.precision == pytest.approx(2 / 3) and f.recall == pytest.approx(2 / 3)
    assert "date 2022-11-20 not 2024-11-20" in f.judged[0].why


def test_a_prediction_filed_as_event_is_lost() -> None:
    wrong = [GOOD[0], entry("Fern-8B is expected to ship in January.", "2025-01", "event"), GOOD[2]]
    f = score("tiny", wrong, TINY, [])
    assert f.precision == pytest.approx(2 / 3)
    assert [lab.snippet for lab in f.predictions_lost] == ["Fern-8B is expected to ship"]
    assert seed_failures(f)


def test_a_statistic_as_an_event_counts_against_precision() -> None:
    stat = entry("Downloads rose from 40 million in 2022 to 310 million in 2024.", "2022", "event")
    f = score("tiny", [*GOOD, stat], TINY, LEDGER)
    assert f.precision == pytest.approx(3 / 4) and f.stat_events == 1
    assert fixture_failures(f) and seed_failures(f)


def test_an_unlabelled_entry_counts_against_precision() -> None:
    f = score("tiny", [*GOOD, entry("2月15日。", "2024-02-15", "event")], TINY, LEDGER)
    assert f.unlabelled == 1 and f.precision == pytest.approx(3 / 4)


def test_an_entry_from_another_source_does_not_match() -> None:
    f = score("tiny", [entry("On November 20th, Larkspur released Fern-70B.", "2024-11-20", "event", source="t")], TINY, [])
    assert f.precision == 0 and f.recall == 0


def test_matching_ignores_whitespace_punctuation_and_width() -> None:
    text = "６月１２日，Northwind　发布了语音模型ＧＡＬＥ－２！"
    f = score("tiny", [entry(text, "2025-06-12", "event")], TINY, [])
    assert f.precision == 1 and f.judged[0].label is TINY[2]


def test_unreadable_headlines() -> None:
    keep = TINY[0]
    assert headline_problems("On November 20th, Larkspur released Fern-70B.", keep) == []
    assert "cut with …" in headline_problems("On November 20th, Larkspur released Fern-70B and …", keep)
    assert any("lacks" in p for p in headline_problems("On November 20th, they released Fern-70B.", keep))
    assert any("longer than" in p for p in headline_problems("On November 20th, Larkspur released Fern-70B. " * 5, keep))
    assert "Chinese punctuation in English" in headline_problems("On November 20th, Larkspur released Fern-70B。", keep)
    passage = "黑市加价大约50%，面对美国的政策压力，中国2025年的AI战略核心是自主可控。"
    zh = Label("s", "中国2025年的AI战略", KEEP, ("2025",), "event")
    assert headline_problems("面对美国的政策压力，中国2025年的AI战略核心是自主可控。", zh, passage) == []
    assert "starts mid-clause" in headline_problems("加价大约50%，面对美国的政策压力。", zh, passage)
    assert "ends mid-clause" in headline_problems("黑市加价大约5。", zh, passage)
    assert "ends on a lead-in" in headline_problems("2025年全球出现了多起案例，调查发现。", zh)
    assert headline_problems("但是2025年的资本支出预计超过300亿美元。", zh, "但是2025年的资本支出预计超过300亿美元。") == []


def test_a_cut_headline_is_not_fully_good() -> None:
    cut = [
        entry("On November 20th, Larkspur released Fern-70B.", "2024-11-20", "event", headline="On November 20th, Larkspur released…"),
        *GOOD[1:],
    ]
    f = score("tiny", cut, TINY, LEDGER)
    assert f.precision == 1 and f.fully_good == pytest.approx(2 / 3) and f.cut == pytest.approx(1 / 3)


# --- the product, against the issue's thresholds ------------------------------------------------


@pytest.fixture(scope="module")
def seed_figures(seed_site) -> Figures:
    entries, predictions = entries_of_site(seed_site)
    return score("seeds", entries, load_labels(SEED_LABELS), predictions)


@pytest.fixture(scope="module")
def fixture_figures(tmp_path_factory) -> Figures:
    site = fixture_site(Path(tmp_path_factory.mktemp("timeline-fixtures")))
    entries, predictions = by_file(site, *entries_of_site(site))
    return score("fixtures", entries, load_labels(FIXTURE_LABELS), predictions)


def test_fixtures_are_in_the_corpus() -> None:
    assert fixture_files() and all(p.parent == CORPUS for p in fixture_files())


def test_seed_timeline_meets_the_issue(seed_figures) -> None:
    assert seed_failures(seed_figures) == []


def test_fixture_timeline_meets_the_issue(fixture_figures) -> None:
    assert fixture_failures(fixture_figures) == []
