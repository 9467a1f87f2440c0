"""Headlines for the timeline: the clauses of a sentence that stand alone
around a date, without dangling connectives.

Kept apart from `entries.py` so the extraction rules read on their own.
"""

from __future__ import annotations

import re

from generator.dates.find import SENTENCE_END

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
