"""`briefing verdicts suggest`: a YAML skeleton for `curation/verdicts.yml`.

One entry per prediction awaiting a verdict, with the prediction's text (as
`text:`, which the loader keeps so that a vanished prediction can be named)
and its possible evidence as comments. `status` is left empty on purpose:
the file does not load until a curator has decided.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence

from generator.core.model import Passage
from generator.core.text import short
from generator.timeline.evidence import Candidate
from generator.timeline.ledger import DUE, PENDING, Prediction, Verdict, status_of

COMMENT_TEXT = 70  # characters of a passage quoted in a comment
# Characters that end a YAML line or comment: never inside a comment, escaped inside a scalar.
_BREAKS = {"\n": " ", "\r": " ", "\x85": " ", "\u2028": " ", "\u2029": " "}


def verdicts_skeleton(
    predictions: Sequence[Prediction],
    verdicts: Mapping[str, Verdict],
    evidence: Mapping[str, Sequence[Candidate]],
    passages: Mapping[str, Passage],
    as_of: dt.date | None,
    due_only: bool = False,
) -> str:
    """The skeleton's text.

    Args:
        predictions: the ledger, in its order.
        verdicts: the curated verdicts, which settle a prediction unless `pending`.
        evidence: prediction id -> possible evidence, best first.
        passages: passage id -> passage, for the quotes in comments.
        as_of: the ledger's day (`ledger_as_of`).
        due_only: only predictions whose target period is over and that no
            verdict settles (`due`); otherwise also those whose period has
            started, and those marked `pending`, for another look.

    Returns:
        YAML with comments; empty entries' `status` makes it fail to load
        until a curator fills it in.
    """
    chosen = [p for p in predictions if _wanted(p, verdicts.get(p.id), as_of, due_only)]
    head = [
        "# Skeleton for curation/verdicts.yml, written by `briefing verdicts suggest`.",
        "# For each entry: set `status` (hit | partial | miss | pending), write a `note`",
        "# (for `pending`, the reason the sources cannot decide), and set `evidence` to",
        "# one of the passage ids suggested below (read it first: they are suggestions)",
        "# or to an http(s) address you have checked. Keep `text`: it names the",
        "# prediction if its id ever disappears. Then copy the entries into the file.",
    ]
    if not chosen:
        return "\n".join([*head, "#", "# Nothing awaits a verdict.", "{}"]) + "\n"
    body = [_entry(p, verdicts.get(p.id), evidence.get(p.id, ()), passages) for p in chosen]
    return "\n".join(head) + "\n\n" + "\n\n".join(body) + "\n"


def _wanted(p: Prediction, verdict: Verdict | None, as_of: dt.date | None, due_only: bool) -> bool:
    status = status_of(p, verdict, as_of)
    if due_only:
        return status == DUE
    started = as_of is not None and p.target.start <= as_of
    return status in (DUE, PENDING) or (verdict is None and started)


def _entry(p: Prediction, verdict: Verdict | None, candidates: Sequence[Candidate], passages: Mapping[str, Passage]) -> str:
    made = p.made_on.label if p.made_on else "未注明"
    lines = [
        f"{p.id}:",
        f"  # {_comment(p.made_by)}#{_comment(p.anchor)} · 提出 {_comment(made)} · 目标 {_comment(p.target.label)}",
        f"  text: {_scalar(p.statement)}",
        f"  status: {verdict.status if verdict else ''}".rstrip() + "  # hit | partial | miss | pending",
        f"  note: {_scalar(verdict.note if verdict else '')}",
    ]
    if candidates:
        lines.append("  # possible evidence, best first (suggestions; read each before citing it):")
        for c in candidates:
            passage = passages.get(c.passage)
            quote = _comment(short(passage.text.split("\n", 1)[0], COMMENT_TEXT)) if passage else ""
            lines.append(f"  #   {c.passage}  ({c.score:.2f})  {quote}")
    else:
        lines.append("  # no passage of a later source matches it")
    lines.append(f"  evidence: {_scalar(verdict.evidence if verdict else '')}")
    return "\n".join(lines)


def _comment(text: str) -> str:
    """Text on one comment line."""
    return "".join(_BREAKS.get(ch, ch) for ch in text)


def _scalar(text: str) -> str:
    """A double-quoted YAML scalar (JSON's escapes are YAML's), line separators escaped too."""
    return json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\x85")


__all__ = ["verdicts_skeleton"]
