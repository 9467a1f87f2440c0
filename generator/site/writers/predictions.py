"""The predictions ledger page: counts, scores and calibration per source and topic
(tables with a bar each), then every prediction with its verdict, or with up to
three passages of later sources that may decide it (suggestions, not verdicts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from itertools import groupby

from generator.core.model import Passage, Source
from generator.core.paths import TIMELINE, link, source_page
from generator.core.text import short
from generator.site.writers.blocks import front_matter
from generator.site.writers.markdown import Inliner, attr, escape, safe_href
from generator.site.writers.paging import (
    PAGE_BYTES,
    Part,
    Piece,
    anchors_json,
    anchors_path,
    fits,
    pack,
    page_map,
    page_steps,
    parts_of,
    span_label,
)
from generator.timeline.entries import prediction_key
from generator.timeline.evidence import Candidate
from generator.timeline.ledger import (
    DUE,
    HIT,
    MISS,
    OPEN,
    PARTIAL,
    PENDING,
    STATUS_LABELS,
    STATUSES,
    VERDICTS,
    Prediction,
    Score,
    Verdict,
    is_passage_ref,
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
    evidence: Mapping[str, Sequence[Candidate]] | None = None,
    passages: Mapping[str, Passage] | None = None,
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
        evidence: prediction id -> possible evidence, best first (for the default cards).
        passages: passage id -> passage, for evidence previews (for the default cards).
    """
    return predictions_pages(predictions, verdicts, sources, topics, inliner, page_path, as_of, render_card, evidence, passages,
                             budget=None)[0][1]


def predictions_pages(
    predictions: Sequence[Prediction],
    verdicts: Mapping[str, Verdict],
    sources: Mapping[str, Source],
    topics: Mapping[str, str],
    inliner: Inliner,
    page_path: str,
    as_of: dt.date | None,
    render_card: Callable[[Prediction], str] | None = None,
    evidence: Mapping[str, Sequence[Candidate]] | None = None,
    passages: Mapping[str, Passage] | None = None,
    budget: int | None = PAGE_BYTES,
    parts: Sequence[Part] | None = None,
) -> list[tuple[str, str]]:
    """The ledger's pages: [(path, Markdown)], page one at `page_path` (see `predictions_page`).

    Past `budget` bytes of Markdown the predictions are cut into pages by
    the year their target starts (a year's cards in runs when one year is
    too big; small years share a page). Page one keeps the counts and the
    scores; every page has the map of all pages, and `anchors.json` beside
    page one says which page holds each prediction.
    """
    if render_card is None:
        def render_card(p: Prediction) -> str:
            return prediction_card(p, verdicts.get(p.id), sources, topics, inliner, page_path, as_of,
                                   (evidence or {}).get(p.id, ()), passages or {})

    ordered = sorted(predictions, key=prediction_key)
    head = [front_matter(title="预测账本", description="来源中的全部预测、评定与各来源的命中率。"), "# 预测账本", _intro(as_of)]
    head += [
        _counts(ordered, verdicts, as_of),
        _calibration(ordered, verdicts),
        _source_scores(ordered, verdicts, sources, page_path),
        _topic_scores(ordered, verdicts, topics),
    ]
    parts = parts or prediction_parts(ordered, render_card, page_path, budget)
    if len(parts) == 1:
        cards = [t for piece in parts[0].pieces for t in _cards(piece)]
        return [(page_path, "\n\n".join([*head, "## 全部预测", *cards] + ([] if ordered else ["来源中还没有预测。"])) + "\n")]
    pages = []
    for index, part in enumerate(parts):
        cards = [t for piece in part.pieces for t in _cards(piece)]
        if index == 0:
            top = [*head, "## 全部预测", f"预测较多，按目标时段分为 {len(parts)} 页。", page_map(parts, 0, "条", open_list=True)]
        else:
            title = f"预测账本 · 目标始于{part.label}"
            top = [front_matter(title=title, description="来源中的全部预测、评定与各来源的命中率。"), f"# {escape(title)}",
                   page_map(parts, index, "条"), "## 全部预测"]
        text = "\n\n".join(p for p in [*top, *cards, page_steps(parts, index)] if p) + "\n"
        pages.append((part.path, text))
    pages.append((anchors_path(page_path), anchors_json(parts)))
    return pages


def prediction_parts(ordered: Sequence[Prediction], render_card: Callable[[Prediction], str], page_path: str,
                     budget: int | None = PAGE_BYTES) -> list[Part]:
    """Predictions (sorted) cut into pages by their target's year (one page when `budget` is None or they fit)."""
    pieces = []
    for year, run in groupby(ordered, key=lambda p: p.target.start.year):
        cards = [(p.id, render_card(p)) for p in run]
        pieces.append(_year_piece(year, cards, True))
    if fits(pieces, budget):
        return parts_of(page_path, [pieces], span_label)
    split: list[Piece] = []
    for piece in pieces:
        if piece.size <= budget:
            split.append(piece)
            continue
        year, cards = piece.items
        singles = [Piece(text, (pid,), count=1, items=(pid, text)) for pid, text in cards]
        for n, run in enumerate(pack(singles, budget), 1):
            split.append(_year_piece(year, [p.items for p in run], n == 1, n))
    return parts_of(page_path, pack(split, budget), span_label)


def _year_piece(year: int, cards: Sequence[tuple[str, str]], first: bool, n: int = 1) -> Piece:
    anchors = ((f"target-{year}",) if first else ()) + tuple(pid for pid, _ in cards)
    label = f"{year}年" if n == 1 else f"{year}年（{n}）"
    return Piece("\n\n".join(t for _, t in cards), anchors, label, len(cards), str(year) if n == 1 else f"{year}-{n}",
                 (year, tuple(cards)) if first else (year, tuple(cards), n))


def _cards(piece: Piece) -> list[str]:
    """A year's heading (marked 续 on a later run), then its cards."""
    year, cards = piece.items[:2]
    heading = f"### 目标始于{year}年 {{ #target-{year} }}" if len(piece.items) == 2 else f"### 目标始于{year}年（续） {{ #target-{year}-more }}"
    return [heading, *(t for _, t in cards)]


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


MIN_GRADED = 3  # below it a share says more about chance than about the forecaster
BAR_STEP = 5  # bar widths in percent, rounded to this step (CSS classes pred-w-5 ... pred-w-100 in timeline.css)
_BAR = ((HIT, "hits"), (PARTIAL, "partials"), (MISS, "misses"), (PENDING, "pending"))


def _rate(value: float | None, graded: int) -> str:
    """A share as a percentage; '—' when nothing or fewer than MIN_GRADED are graded (the table says why)."""
    return f"{value:.0%}" if value is not None and graded >= MIN_GRADED else "—"


def _hit_rate(score: Score) -> str:
    """Calibration: hits / graded, with the number graded beside it."""
    rate = score.hits / score.graded if score.graded else None
    return f"{_rate(rate, score.graded)}（{score.graded}）"


def _bar(score: Score) -> str:
    """A stacked bar of hits, partials, misses and pending out of all predictions:
    built from numbers and fixed labels only, never from a source's text."""
    if not score.total:
        return ""
    parts, label = [], []
    for status, field in _BAR:
        n = getattr(score, field)
        label.append(f"{STATUS_LABELS[status]} {n}")
        if n:
            width = round(100 * n / score.total / BAR_STEP) * BAR_STEP
            parts.append(f'<span class="pred-bar-{status} pred-w-{max(width, BAR_STEP)}"></span>')
    rest = score.total - score.graded - score.pending
    label.append(f"未评定 {rest}")
    return f'<span class="pred-bar" role="img" aria-label="{"，".join(label)}" title="{"，".join(label)}">{"".join(parts)}</span>'


def _table(heading: str, first: str, rows: Sequence[tuple[str, Score]]) -> str:
    """A score table whose first column names the source or topic, with a bar per row."""
    lines = [heading, "", f"| {first} | 预测数 | 命中 | 部分命中 | 未中 | 待定 | 得分 | 命中率（已评定） | 分布 |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    lines += [f"| {name} | {s.total} | {s.hits} | {s.partials} | {s.misses} | {s.pending} | {_rate(s.score, s.graded)} "
              f"| {_hit_rate(s)} | {_bar(s)} |" for name, s in rows]
    if all(s.graded == 0 for _, s in rows):
        lines += ["", "尚无评定，得分显示为“—”。"]
    elif any(0 < s.graded < MIN_GRADED for _, s in rows):
        lines += ["", f"已评定不足 {MIN_GRADED} 条的行不计算得分和命中率（显示为“—”），括号里是已评定条数。"]
    lines += ["", _legend()]
    return "\n".join(lines)


def _legend() -> str:
    keys = [f'<span class="pred-key pred-bar-{status}"></span>{STATUS_LABELS[status]}' for status, _ in _BAR]
    keys.append('<span class="pred-key pred-bar-rest"></span>未评定')
    return '<p class="pred-legend">' + " ".join(keys) + "</p>"


def _calibration(predictions: Sequence[Prediction], verdicts: Mapping[str, Verdict]) -> str:
    """The ledger's calibration in one paragraph: the share of graded predictions that hit."""
    counts = dict.fromkeys(VERDICTS, 0)
    for p in predictions:
        verdict = verdicts.get(p.id)
        if verdict is not None:
            counts[verdict.status] += 1
    graded = counts[HIT] + counts[PARTIAL] + counts[MISS]
    pending = f"另有 {counts[PENDING]} 条**待定**（已复核，但来源无法判定），不计入。"
    if graded == 0:
        return f"## 校准\n\n还没有评定为命中、部分命中或未中的预测。{pending}"
    if graded < MIN_GRADED:
        share = f"已评定 {graded} 条，不足 {MIN_GRADED} 条，不计算命中率（其中命中 {counts[HIT]} 条）。"
    else:
        share = f"已评定 {graded} 条，其中命中 {counts[HIT]} 条，命中率 **{counts[HIT] / graded:.0%}**（部分命中 {counts[PARTIAL]} 条、未中 {counts[MISS]} 条）。"
    return f"## 校准\n\n{share}{pending}各来源、各主题的命中率见下表，括号里是已评定条数。"


def _source_scores(
    predictions: Sequence[Prediction], verdicts: Mapping[str, Verdict], sources: Mapping[str, Source], page_path: str
) -> str:
    rows = []
    every = scores(predictions, verdicts, lambda p: (p.made_by,))
    shown = every
    if len(every) > MAX_SOURCE_ROWS:
        # A big corpus's table alone outgrew a page: the sources most graded, then with most predictions.
        top = {s.key for s in sorted(every, key=lambda s: (-s.graded, -s.total, s.key))[:MAX_SOURCE_ROWS]}
        shown = [s for s in every if s.key in top]
    for s in shown:
        source = sources.get(s.key)
        title = (source.meta.title or source.path) if source else s.key
        rows.append((f"[{escape(title)}]({link(page_path, source_page(s.key))})" if source else escape(title), s))
    table = _table("## 各来源得分", "来源", rows)
    if len(shown) < len(every):
        table += f"\n\n表中是已评定与预测最多的 {len(shown)} 个来源；另有 {len(every) - len(shown)} 个来源作出了预测，见下文各条预测。"
    return table


MAX_SOURCE_ROWS = 200  # rows of the per-source table: 10,000 sources' rows were 4 MB


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
    candidates: Sequence[Candidate] = (),
    passages: Mapping[str, Passage] | None = None,
    entry_page: str = TIMELINE,
) -> str:
    """One prediction: status badge, statement, who made it when, target, verdict,
    and, until a curator decides, the passages that may decide it.

    Args:
        candidates: possible evidence, best first; shown for a prediction
            that is due or pending, up to MAX_SHOWN.
        passages: passage id -> passage, for the previews of evidence.
        entry_page: the page of the timeline that holds the prediction's entry.
    """
    passages = passages or {}
    status = status_of(p, verdict, as_of)
    source = sources.get(p.made_by)
    title = (source.meta.title or source.path) if source else p.made_by
    who = f"[{escape(title)}]({link(page_path, source_page(p.made_by), p.anchor)})" + (f" · {escape(p.author)}" if p.author else "")
    made = escape(p.made_on.label) if p.made_on else "未注明"
    facts = [f"- **提出者**：{who}", f"- **提出时间**：{made}", f"- **目标时段**：{escape(p.target.label)}"]
    if p.topics:
        facts.append("- **主题**：" + "、".join(escape(topics.get(t, t)) for t in p.topics))
    if p.entry:
        facts.append(f"- **时间线**：[查看]({link(page_path, entry_page, p.entry)})")
    facts.append(f"- **评定**：{_verdict(verdict, status, inliner)}")
    if verdict is not None and verdict.internal:
        facts.append(f"- **证据**：{_passage_ref(verdict.evidence, passages, sources, page_path)}")
    head = f'{_badge(status)} <code class="pred-id">{escape(p.id)}</code>'
    body = [
        f'<div class="pred-card pred-card-{status}" id="{p.id}" data-status="{status}" data-topics="{attr(" ".join(p.topics))}" markdown>',
        head,
        f"{inliner.text(p.statement)}\n{{: .pred-statement }}",
        "\n".join(facts),
    ]
    if status in (DUE, PENDING) and candidates:
        body.append(_suggestions(candidates[:MAX_SHOWN], passages, sources, page_path))
    body.append("</div>")
    return "\n\n".join(body)


MAX_SHOWN = 3  # possible evidence under one prediction
PREVIEW = 90  # characters of a passage shown as its preview


def _suggestions(candidates: Sequence[Candidate], passages: Mapping[str, Passage], sources: Mapping[str, Source], page_path: str) -> str:
    """The possible evidence, each cited to its exact passage, marked as a suggestion."""
    lines = ['<p class="pred-evidence-head" markdown>**可能的证据**（自动建议，按相关度排列；策展人评定之前不算证据）</p>', ""]
    for n, c in enumerate(candidates, 1):
        lines.append(f"{n}. {_passage_ref(c.passage, passages, sources, page_path)}（相关度 {c.score:.2f}）")
    return '<div class="pred-evidence" markdown>\n\n' + "\n".join(lines) + "\n\n</div>"


def _passage_ref(passage_id: str, passages: Mapping[str, Passage], sources: Mapping[str, Source], page_path: str) -> str:
    """A link to a passage of the corpus, named by its source, with a preview of its text."""
    slug, _, anchor = passage_id.partition("/")
    source = sources.get(slug)
    title = (source.meta.title or source.path) if source else slug
    passage = passages.get(passage_id)
    preview = f"：“{escape(short(passage.text.split(chr(10), 1)[0], PREVIEW))}”" if passage else ""
    return f"[《{escape(title)}》]({link(page_path, source_page(slug), anchor)}){preview}"


def _verdict(verdict: Verdict | None, status: str, inliner: Inliner) -> str:
    if verdict is None:
        return STATUS_NOTES[status]
    text = inliner.text(verdict.note) if verdict.note else STATUS_NOTES[status]
    if is_passage_ref(verdict.evidence):
        return text  # cited on its own line, with a preview
    href = safe_href(verdict.evidence)
    return f"{text}（[证据]({href})）" if href else text


__all__ = ["predictions_page", "predictions_pages"]
