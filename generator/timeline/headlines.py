"""Headlines for the timeline: whole clauses around a date, with their subject.

A headline is a run of whole clauses of one sentence (clauses end at
，,；;：:), never a cut inside a clause:

* a sentence with one dated statement that fits `MAX_SUMMARY` is its own
  headline;
* otherwise the run starts at the date's clause, takes the clause before
  when the date's clause has no subject of its own (`2025年5月，` or
  `正是2024年底OpenAI发布的…`), and grows forward over clauses that hold
  no other date while it fits;
* only a single clause longer than twice `MAX_SUMMARY` is cut, and then
  marked with "…".

Chinese headlines end with 。, English ones with `.`: a headline keeps the
punctuation of its language. Kept apart from `entries.py` so the
extraction rules read on their own.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from generator.dates.find import SENTENCE_END, sentence_span

MAX_SUMMARY = 80  # in Chinese characters; Latin letters count 0.4 each (`width`)
MIN_SUMMARY = 20  # a shorter sentence takes the clause before it
_CLAUSE = re.compile(r"(?<=[，；;：])|(?<=[,:])(?!\d|//)")
# Enumeration marks: `一、`, `3.` or `3)` before text, never the `45.` of `45.9%`.
ENUMERATION = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|\d{1,2}(?:\.(?!\d)|[、)）])\s*)")
_CONNECTIVES = (
    r"但是|但|不过|而且|并且|同时|此外|另外|随后|然后|之后|因此|所以|可以说|比如说|比如|例如"
    r"|其中|与此同时|那么|而|首先|其次|最后|当然了|当然|好了"
)
_LEADING = re.compile(rf"^(?:[一二三四五六七八九十]{{1,3}}、|\d{{1,2}}(?:\.(?!\d)|[、)）])\s*|(?:{_CONNECTIVES})(?:呢)?[，,、\s]*)+")
# A clause that leans on the one before it for its subject.
_LEANS = re.compile(r"^(?:正是|而是|而|但是?|并且?|也|又|还|却|且|即|就是|which|and|but|while)(?![A-Za-z])", re.IGNORECASE)
# A sentence that opens on a subject of its own before its verb (`声澜科技还将于…进入…`).
_OWN_SUBJECT = re.compile(r"^(?!他们|她们|它们|这|该|其|此)[\u4e00-\u9fffA-Za-z0-9·]{2,10}?(?:还将|也将|将于|将在|还会|也会|已经|已于)")
# A clause whose subject is a pronoun: its antecedent is in the clause before.
_PRONOUN = re.compile(r"^(?:他们|它们|她们|他|它|她|其|该|这些|这|they|it|this|these|the company)(?![A-Za-z])", re.IGNORECASE)
# ...or holds one before its verb (`我们不抱希望它会…`, `…几天，他们发布了`).
_PRONOUN_IN = re.compile(r"^[^，,。]{0,12}?(?:他们|它们|她们|它(?!的)|其(?![他中实余次]))")
# A clause that ends on a reporting verb: the clause after it is what was reported.
_REPORTS = re.compile(
    r"(?:显示|表示|发现|指出|认为|称|说|警告|预计|预测|报告|宣布|透露|shows?|showed|said|says|found|reported|warned|announced)\s*[，,:：]?\s*$",
    re.IGNORECASE,
)
# What is left of a press release's dateline once its date is gone: a place in capitals.
_DATELINE = re.compile(r"^\s*(?:[A-Z][A-Za-z.'-]*,?\s*)+[,.\s—-]*$")
# A sentence that opens on its date and a comma stands alone (`2026年,期待…`).
_DATE_LED = re.compile(r"^\s*[,，]")
# What is left of a clause once its date is gone, when it says nothing.
_FILLER = re.compile(
    r"^[\s,，.、:：;；()（）\"“”'‘’\-—]*(?:在|于|到了?|至|从|自|截至|截止到?|早在|直到|on|in|at|by|from|since|the|of|during)?[\s,，.、:：]*$",
    re.IGNORECASE,
)
# A trailing reporting verb whose content the transcript put in the next sentence (`调查发现。`).
_DANGLING = re.compile(r"[，,][^，,]{0,6}(?:发现|表示|显示|指出|认为|称|说|提到)[。.]?$")
_TRAILING = re.compile(r"[，,、：:；;—\s]+$")
_CLAUSE_MARK = re.compile(r"[，,；;：:]")
_LATIN = re.compile(r"[A-Za-z]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def width(text: str) -> float:
    """Reading length: a Chinese character counts 1, other characters 0.4
    (an English word of five letters and a space weigh two characters)."""
    cjk = len(_CJK.findall(text))
    return cjk + 0.4 * (len(text) - cjk)


def is_latin(text: str) -> bool:
    """English text: letters, no Chinese characters (its headline keeps English punctuation)."""
    return bool(_LATIN.search(text)) and not _CJK.search(text)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end offsets of the sentence holding text[start:end] (end mark included)."""
    return sentence_span(text, start, end)


def clauses_of(sentence: str) -> list[str]:
    return [c for c in _CLAUSE.split(sentence) if c]


def summary_of(text: str, start: int, end: int, others: Sequence[int] = ()) -> str:
    """The headline of the date at text[start:end].

    Args:
        text: the passage text.
        start, end: the date's offsets.
        others: offsets of the other dates kept in the same text: a
            run of clauses stops before a clause that holds one.
    """
    left, right = sentence_bounds(text, start, end)
    if _DATELINE.match(text[left:start] + text[end:right]) and right < len(text.rstrip()):
        # `OSLO, Norway, March 3, 2026. Northwind Robotics today opened…`:
        # a dateline; the statement it dates is the next sentence.
        return summary_of(text, right, right)
    sentence = text[left:right]
    lead = len(sentence) - len(sentence.lstrip())
    sentence = sentence.strip()
    offset = max(start - left - lead, 0)
    ordered = sorted(others)
    near = ordered[bisect.bisect_left(ordered, left) : bisect.bisect_left(ordered, right)]
    other = [o - left - lead for o in near if not start <= o < end]
    fits = len(sentence) <= MAX_SUMMARY / 0.4 and width(sentence) <= MAX_SUMMARY
    if fits and (not other or is_latin(sentence)):
        summary = sentence
        short = width(_LEADING.sub("", summary)) < MIN_SUMMARY
        date_led = offset == 0 and _DATE_LED.match(sentence[end - start :])
        # A short Chinese sentence leans on the one before (`2024年8月法案生效。`);
        # an English sentence states its own subject.
        leans = short or _PRONOUN_IN.match(_LEADING.sub("", summary))
        # A sentence that opens on its own actor (`声澜科技还将于…`) stands alone.
        own_actor = bool(_OWN_SUBJECT.match(_LEADING.sub("", summary)))
        if leans and left > 0 and not date_led and not own_actor and not is_latin(summary):
            summary = _previous_clause(text, left) + _LEADING.sub("", summary)
        if is_latin(summary) and left > 0 and _PRONOUN.match(summary):
            # `It takes effect in 2026.`: the sentence before names what "it" is.
            before = text[sentence_span(text, left - 1, left - 1)[0] : left].strip()
            if before and width(before) + width(summary) <= MAX_SUMMARY:
                summary = f"{before} {summary}"
        body = _TRAILING.sub("", summary.rstrip("。."))
        if _DANGLING.search(body):
            summary = _DANGLING.sub("", body) + ("." if is_latin(body) else "。")
        return tidy(summary)
    # Only the clauses near the date can be in its headline: two clause
    # marks back, and a reach forward no headline could pass.
    first = offset
    for _ in range(3):
        first = max(sentence.rfind(c, 0, first) for c in "，,；;：:") if first > 0 else -1
        if first < 0:
            break
    first = max(first + 1, 0)
    reach = _CLAUSE_MARK.search(sentence, offset + (end - start) + int(MAX_SUMMARY / 0.4) * 2)
    last = reach.end() if reach else len(sentence)
    window = sentence[first:last]
    return tidy(_run(window, offset - first, end - start, [o - first for o in other if first <= o < last]))


def _run(sentence: str, offset: int, length: int, other: Sequence[int]) -> str:
    """Whole clauses around the date at `offset` (module docstring)."""
    clauses = clauses_of(sentence)
    bounds, pos = [], 0
    for clause in clauses:
        bounds.append((pos, pos + len(clause)))
        pos += len(clause)
    k = next((i for i, (a, b) in enumerate(bounds) if a <= offset < b), len(clauses) - 1)
    starts = [a for a, _ in bounds]
    dated = {bisect.bisect_right(starts, o) - 1 for o in other if 0 <= o < pos}
    lo, hi = k, k + 1
    own = clauses[k]
    date_at = offset - bounds[k][0]
    bare = _FILLER.match(_TRAILING.sub("", own[:date_at] + own[date_at + length :]).strip())
    head = _LEADING.sub("", own).strip()
    after = _LEADING.sub("", clauses[k + 1]).strip() if k + 1 < len(clauses) and k + 1 not in dated else ""
    if k > 0 and (
        _LEANS.match(head)
        or _PRONOUN.match(head)
        or _PRONOUN_IN.match(head)
        or _PRONOUN.match(after)
        or _REPORTS.search(clauses[k - 1])
        or (bare and (hi >= len(clauses) or hi in dated))
    ):
        lo = k - 1
    size = sum(width(c) for c in clauses[lo:hi])
    while (
        hi < len(clauses)
        and hi not in dated
        and (size + width(clauses[hi]) <= MAX_SUMMARY or (bare and hi == k + 1))
        and not (hi + 1 in dated and _LEANS.match(_LEADING.sub("", clauses[hi + 1]).strip()))
    ):
        size += width(clauses[hi])
        hi += 1
        bare = False
    summary = "".join(clauses[lo:hi]).strip()
    if hi < len(clauses):
        summary = _DANGLING.sub("", _TRAILING.sub("", summary)) or summary
        summary = _TRAILING.sub("", summary) + ("." if is_latin(summary) else "。")
    return summary


def _previous_clause(text: str, left: int) -> str:
    """The last clause of the sentence before text[left:], with its end mark:
    context for a bare `2024年8月法案生效。`."""
    start, _ = sentence_span(text, left - 1, left - 1)
    body = text[start:left].rstrip()
    end = body[-1:] if SENTENCE_END.match(body[-1:] or "x") else ""
    body = body[: len(body) - len(end)]
    start = 0
    clause = _CLAUSE.split(body[start:])[-1].strip()
    mark = "." if is_latin(clause) else "。"
    return f"{clause}{end if end.strip() else mark}" if clause else ""


def tidy(text: str) -> str:
    """One line, no leading connective or enumeration mark, closed with the
    language's full stop when it ends on a clause mark; "…" only when cut."""
    text = re.sub(r"\s+", " ", text).strip()
    text = _LEADING.sub("", text).strip()
    latin = is_latin(text)
    if len(text) > MAX_SUMMARY * 2:
        cut = text[: MAX_SUMMARY * 2 - 1]
        if latin and " " in cut:
            cut = cut.rsplit(" ", 1)[0]
        return _TRAILING.sub("", cut.rstrip()) + "…"
    if _TRAILING.search(text):
        text = _TRAILING.sub("", text) + ("." if latin else "。")
    if latin and text.endswith("。"):
        text = text[:-1] + "."
    return text


def clause_window(sentence: str, date_text: str) -> str:
    """The clause holding the date and the clause after it."""
    clauses = clauses_of(sentence)
    for i, clause in enumerate(clauses):
        if date_text and date_text in clause:
            return "".join(clauses[i : i + 2])
    return sentence
