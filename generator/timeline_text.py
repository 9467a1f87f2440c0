"""Text work for the timeline: summaries that stand alone, and which entries
report the same event.

Kept apart from `timeline.py` so the extraction rules read on their own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .dates import DAY, MONTH, SENTENCE_END, DateSpan

if TYPE_CHECKING:
    from .timeline import TimelineEntry

MAX_SUMMARY = 80
MIN_SUMMARY = 20  # shorter ones take the sentence before them
_CLAUSE = re.compile(r"(?<=[，,：:、—；;])")
_LEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|\d{1,2}[.、)）]\s*|(?:但是|但|不过|而且|并且|同时|此外|另外|随后|然后|之后|因此|所以|可以说|比如说|比如|例如"
    r"|其中|与此同时|那么|而|首先|其次|最后|当然了|当然|好了)(?:呢)?[，,、\s]*)+"
)
_TRAILING = re.compile(r"[，,、：:；;—\s]+$")
_FINAL = re.compile(r"[。！？!?…”\"」』)）]$")


def summary_of(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], cut to its clauses near the date
    when long, without a dangling connective at the front."""
    left = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    right = SENTENCE_END.search(text, end)
    sentence = text[left : right.end() if right else len(text)]
    offset = start - left
    stripped = sentence.lstrip()
    offset -= len(sentence) - len(stripped)
    summary = _near_date(stripped.rstrip(), max(offset, 0))
    if len(_LEADING.sub("", summary)) < MIN_SUMMARY and summary == stripped.rstrip() and left > 0:
        summary = _previous_clause(text[:left]) + _LEADING.sub("", summary)
    return tidy(summary)


def _previous_clause(text: str) -> str:
    """The last clause of the sentence before, with its end mark: context for
    a bare `2024年8月法案生效。`."""
    body = text.rstrip()
    end = body[-1:] if SENTENCE_END.match(body[-1:] or "x") else ""
    body = body[: len(body) - len(end)]
    start = max((m.end() for m in SENTENCE_END.finditer(body)), default=0)
    clause = _CLAUSE.split(body[start:])[-1].strip()
    return f"{clause}{end if end.strip() else '。'}" if clause else ""


def tidy(text: str) -> str:
    """One line, no leading connective or enumeration mark, closed with 。 when cut."""
    text = re.sub(r"\s+", " ", text).strip()
    text = _LEADING.sub("", text).strip()
    if len(text) > MAX_SUMMARY * 2:
        text = text[: MAX_SUMMARY * 2 - 1].rstrip() + "…"
    if _TRAILING.search(text):
        text = _TRAILING.sub("", text) + "。"
    return text


def _near_date(sentence: str, offset: int) -> str:
    """Clauses of a long sentence around the date's clause: the clause after
    it when the date's clause is short (`2025年5月，` says nothing alone), then
    a clause after and a clause before in turn, as many as fit."""
    if len(sentence) <= MAX_SUMMARY:
        return sentence
    clauses = _CLAUSE.split(sentence)
    k, pos = 0, 0
    for k, clause in enumerate(clauses):
        if pos + len(clause) > offset:
            break
        pos += len(clause)
    lo, hi = k, k + 1
    if len(clauses[k]) < MIN_SUMMARY and hi < len(clauses):
        hi += 1
    grew = True
    while grew:  # one clause after, one before, in turn, while they fit
        grew = False
        if hi < len(clauses) and sum(len(c) for c in clauses[lo : hi + 1]) <= MAX_SUMMARY:
            hi, grew = hi + 1, True
        if lo > 0 and sum(len(c) for c in clauses[lo - 1 : hi]) <= MAX_SUMMARY:
            lo, grew = lo - 1, True
    return "".join(clauses[lo:hi])


def clause_window(sentence: str, date_text: str) -> str:
    """The clause holding the date and the clause after it."""
    clauses = _CLAUSE.split(sentence)
    for i, clause in enumerate(clauses):
        if date_text and date_text in clause:
            return "".join(clauses[i : i + 2])
    return sentence


# --- same event ---------------------------------------------------------------

_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9+]*")
_DATE_CHARS = re.compile(r"[年月日号]")
_LATIN_STOP = frozenset({"ai", "the", "of", "and", "to", "in", "a"})
MAX_GAP_DAYS = 31
MIN_SHARED = 0.4  # share of the lighter sentence's term weight
MIN_SHARED_SAME_SOURCE = 0.6
MIN_TERMS = 5  # shared terms in absolute number: a phrase, not one word


def terms(text: str) -> frozenset[str]:
    """Character bigrams of the Chinese text and lowercased Latin words."""
    out = set()
    for run in _CJK_RUN.findall(text):
        for part in _DATE_CHARS.split(run):
            out.update(part[i : i + 2] for i in range(len(part) - 1))
    out.update(w.lower() for w in _LATIN.findall(text) if w.lower() not in _LATIN_STOP)
    return frozenset(out)


def same_event_groups(entries: Sequence[TimelineEntry]) -> list[list[int]]:
    """Indices of entries that report the same event, grouped, in input order.

    Two entries are the same event when their dates are near (see
    `_near`), they come from different passages, and some sentence of one
    shares at least MIN_TERMS terms, carrying at least MIN_SHARED of the
    weight of the lighter of the two sentences (MIN_SHARED_SAME_SOURCE within one source, which restates itself
    less often than it lists parallel facts). Terms weigh by inverse
    document frequency, so 行政命令 counts and 模型 hardly does.
    """
    bags = [[terms(s) for s in _sentences(e)] for e in entries]
    df: dict[str, int] = {}
    for sentences in bags:
        for t in frozenset().union(*sentences):
            df[t] = df.get(t, 0) + 1
    n = len(entries)
    weight = {t: math.log((n + 1) / (d + 0.5)) for t, d in df.items()}
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            a, b = entries[i], entries[j]
            if not _near(a.date, b.date) or _same_passage(a, b):
                continue
            needed = MIN_SHARED_SAME_SOURCE if a.sources[0].source == b.sources[0].source else MIN_SHARED
            if any(_similar(x, y, weight, needed) for x in bags[i] for y in bags[j]):
                parent[max(root(i), root(j))] = min(root(i), root(j))
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return [groups[k] for k in sorted(groups)]


def _sentences(entry: TimelineEntry) -> list[str]:
    """The sentences of each citation, without a list heading they all share."""
    out = []
    for c in entry.sources:
        text = c.text[len(entry.context) + 1 :] if entry.context and c.text.startswith(entry.context + "：") else c.text
        out.extend(s for s in SENTENCE_END.split(text) if s.strip())
    return out or [""]


def _near(a: DateSpan, b: DateSpan) -> bool:
    """Overlapping periods, or a day or month at most MAX_GAP_DAYS from the
    other period (the order of 2025-12-11 and a forecast for 2026 meet; two
    forecasts for 2026 and 2027 do not)."""
    fine = {DAY, MONTH}
    return a.overlaps(b) or ((a.granularity in fine or b.granularity in fine) and a.gap_days(b) <= MAX_GAP_DAYS)


def _same_passage(a: TimelineEntry, b: TimelineEntry) -> bool:
    """Two dates in one passage are two statements, however alike their sentence."""
    return bool({(c.source, c.anchor) for c in a.sources} & {(c.source, c.anchor) for c in b.sources})


def similarity(a: frozenset[str], b: frozenset[str], weight: dict[str, float]) -> tuple[float, float]:
    """(shared weight / weight of the lighter bag, shared weight)."""
    shared = sum(weight.get(t, 0.0) for t in a & b)
    lighter = min(sum(weight.get(t, 0.0) for t in a), sum(weight.get(t, 0.0) for t in b))
    return (shared / lighter if lighter else 0.0), shared


def _similar(a: frozenset[str], b: frozenset[str], weight: dict[str, float], needed: float) -> bool:
    ratio, _ = similarity(a, b, weight)
    return ratio >= needed and len(a & b) >= MIN_TERMS
