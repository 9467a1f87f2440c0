"""The predictions ledger page: counts, scores per source and topic, every prediction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from generator.core.model import Source
from generator.core.paths import TIMELINE, link, source_page
from generator.site.writers.blocks import front_matter
from generator.site.writers.markdown import Inliner, attr, escape, safe_href
from generator.timeline.entries import prediction_key
from generator.timeline.ledger import (
    DUE,
    HIT,
    MISS,
    OPEN,
    PARTIAL,
    PENDING,
    STATUS_LABELS,
    STATUSES,
    Prediction,
    Score,
    Verdict,
    scores,
    status_counts,
    status_of,
)

STATUS_NOTES = {
    HIT: "预测成真",
    PARTIAL: "部分成真",
    MISS: "未成真",
    PENDING: "已复核，尚无定论",
    DUE: "目标时间已过，尚待策展人评定",
    OPEN: "目标时间未到",
}


def predictions_page(
    predictions: Sequence[Prediction],
    verdicts: Mapping[str, Verdict],
    sources: Mapping[str, Source],
    topics: Mapping[str, str],
    inliner: Inliner,
    page_path: str,
    as_of: dt.date | None,
    render_card: Callable[[Prediction], str] | None = None,
) -> str:
    """The ledger: status counts and scores on top, then every prediction by target period.

    Args:
        predictions: every prediction (any order; sorted here by target, source, id).
        verdicts: prediction id -> curated verdict.
        sources: source slug -> Source, for titles.
        topics: topic id -> Chinese title.
        inliner: renders statements and notes.
        page_path: where this page lives, for relative links.
        as_of: the day "due for review" is judged on (never the wall clock).
        render_card: renders one prediction, for a caller that keeps them
            between builds; `prediction_card` by default.
    """
    if render_card is None:
        def render_card(p: Prediction) -> str:
            return prediction_card(p, verdicts.get(p.id), sources, topics, inliner, page_path, as_of)

    ordered = sorted(predictions, key=prediction_key)
    parts = [front_matter(title="预测账本", description="来源中的全部预测、评定与各来源的命中率。"), "# 预测账本", _intro(as_of)]
    parts += [
        _counts(ordered, verdicts, as_of),
        _source_scores(ordered, verdicts, sources, page_path),
        _topic_scores(ordered, verdicts, topics),
    ]
    parts.append("## 全部预测")
    year = None
    for p in ordered:
        if p.target.start.year != year:
            year = p.target.start.year
            parts.append(f"### 目标始于{year}年 {{ #target-{year} }}")
        parts.append(render_card(p))
    if not ordered:
        parts.append("来源中还没有预测。")
    return "\n\n".join(parts) + "\n"


def _intro(as_of: dt.date | None) -> str:
    when = (
        f"评判基准日为 **{as_of.year}年{as_of.month}月{as_of.day}日**（最新来源的日期，不取构建当天，因此每次构建结果一致）。"
        if as_of
        else ""
    )
    return (
        "本页列出来源中的每一条预测：谁在何时作出、针对哪一时段、属于哪些主题，以及策展人的评定。"
        "评定写在 `curation/verdicts.yml` 中，通过拉取请求修改，用语与 State of AI Report 的预测回顾一致："
        "**命中**、**部分命中**、**未中**、**待定**。目标时段已经结束而尚无评定的预测标为**待复核**。"
        f"{when}得分 =（命中 + 0.5 × 部分命中）÷ 已评定条数。"
    )


def _counts(predictions: Sequence[Prediction], verdicts: Mapping[str, Verdict], as_of: dt.date | None) -> str:
    counts = status_counts(predictions, verdicts, as_of)
    rows = ["## 概况", "", "| 状态 | 条数 | 含义 |", "|---|---:|---|"]
    rows += [f"| {_badge(s)} | {counts[s]} | {STATUS_NOTES[s]} |" for s in STATUSES]
    rows.append(f"| **合计** | **{len(predictions)}** | |")
    return "\n".join(rows)


def _score_cell(score: Score) -> str:
    return f"{score.score:.0%}" if score.score is not None else "—"


def _table(heading: str, first: str, rows: Sequence[tuple[str, Score]]) -> str:
    """A score table whose first column names the source or topic."""
    lines = [heading, "", f"| {first} | 预测数 | 命中 | 部分命中 | 未中 | 得分 |", "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {name} | {s.total} | {s.hits} | {s.partials} | {s.misses} | {_score_cell(s)} |" for name, s in rows]
    if all(s.graded == 0 for _, s in rows):
        lines += ["", "尚无评定，得分显示为“—”。"]
    return "\n".join(lines)


def _source_scores(
    predictions: Sequence[Prediction], verdicts: Mapping[str, Verdict], sources: Mapping[str, Source], page_path: str
) -> str:
    rows = []
    for s in scores(predictions, verdicts, lambda p: (p.made_by,)):
        source = sources.get(s.key)
        title = (source.meta.title or source.path) if source else s.key
        rows.append((f"[{escape(title)}]({link(page_path, source_page(s.key))})" if source else escape(title), s))
    return _table("## 各来源得分", "来源", rows)


def _topic_scores(predictions: Sequence[Prediction], verdicts: Mapping[str, Verdict], topics: Mapping[str, str]) -> str:
    rows = [(escape(topics.get(s.key, s.key)), s) for s in scores(predictions, verdicts, lambda p: p.topics)]
    rows.sort(key=lambda r: list(topics).index(r[1].key) if r[1].key in topics else len(topics))
    return _table("## 各主题得分", "主题", rows) if rows else "## 各主题得分\n\n预测尚未归入任何主题。"


def _badge(status: str) -> str:
    return f'<span class="pred-status pred-{status}">{STATUS_LABELS[status]}</span>'


def prediction_card(
    p: Prediction,
    verdict: Verdict | None,
    sources: Mapping[str, Source],
    topics: Mapping[str, str],
    inliner: Inliner,
    page_path: str,
    as_of: dt.date | None,
) -> str:
    """One prediction: status badge, statement, who made it when, target, verdict."""
    status = status_of(p, verdict, as_of)
    source = sources.get(p.made_by)
    title = (source.meta.title or source.path) if source else p.made_by
    who = f"[{escape(title)}]({link(page_path, source_page(p.made_by), p.anchor)})" + (f" · {escape(p.author)}" if p.author else "")
    made = escape(p.made_on.label) if p.made_on else "未注明"
    facts = [f"- **提出者**：{who}", f"- **提出时间**：{made}", f"- **目标时段**：{escape(p.target.label)}"]
    if p.topics:
        facts.append("- **主题**：" + "、".join(escape(topics.get(t, t)) for t in p.topics))
    if p.entry:
        facts.append(f"- **时间线**：[查看]({link(page_path, TIMELINE, p.entry)})")
    facts.append(f"- **评定**：{_verdict(verdict, status, inliner)}")
    head = f'{_badge(status)} <code class="pred-id">{escape(p.id)}</code>'
    return "\n\n".join(
        [
            f'<div class="pred-card pred-card-{status}" id="{p.id}" data-status="{status}" data-topics="{attr(" ".join(p.topics))}" markdown>',
            head,
            f"{inliner.text(p.statement)}\n{{: .pred-statement }}",
            "\n".join(facts),
            "</div>",
        ]
    )


def _verdict(verdict: Verdict | None, status: str, inliner: Inliner) -> str:
    if verdict is None:
        return STATUS_NOTES[status]
    text = inliner.text(verdict.note) if verdict.note else STATUS_NOTES[status]
    href = safe_href(verdict.evidence)
    return f"{text}（[证据]({href})）" if href else text


__all__ = ["predictions_page"]
