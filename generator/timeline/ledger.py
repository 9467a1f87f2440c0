"""The predictions ledger: predictions, curated verdicts, due dates and scores.

Verdicts are hand-written in `curation/verdicts.yml` and use the State of
AI Report's own vocabulary: `hit`, `partial`, `miss`, `pending`. Two more
statuses are derived, never written: `due` (the target period is over and
no curator has scored it yet) and `open` (not due yet).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from generator.core import yamlfile
from generator.core.errors import BriefingError
from generator.dates.find import DateSpan, parse_iso
from generator.timeline.terms import terms

HIT, PARTIAL, MISS, PENDING = "hit", "partial", "miss", "pending"
VERDICTS = (HIT, PARTIAL, MISS, PENDING)
DUE, OPEN = "due", "open"
STATUSES = (HIT, PARTIAL, MISS, PENDING, DUE, OPEN)
STATUS_LABELS = {HIT: "命中", PARTIAL: "部分命中", MISS: "未中", PENDING: "待定", DUE: "待复核", OPEN: "未到期"}
VERDICT_KEYS = frozenset({"status", "note", "evidence", "text"})
# An internal evidence reference: a passage id, `<source slug>/<anchor>`.
_PASSAGE_ID = re.compile(r"^[^\s/:]+/[^\s/:]+$")
# Share of the old text's terms a current prediction must have to be named as its likely successor.
_SUCCESSOR_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Verdict:
    """A curator's judgement of one prediction.

    Attributes:
        status: `hit`, `partial`, `miss` or `pending`.
        note: one or two sentences on why (plain text).
        evidence: what shows it: a web address, or a passage of the
            corpus as `<source slug>/<anchor>`; '' if none yet.
        line: line of the entry in the verdicts file.
        text: the prediction's wording when the verdict was written (what
            `briefing verdicts suggest` copies in), so that an error can
            name a prediction that has since disappeared; '' if not given.
    """

    status: str
    note: str = ""
    evidence: str = ""
    line: int = 0
    text: str = ""

    @property
    def internal(self) -> bool:
        """The evidence is a passage of the corpus, not a web address."""
        return is_passage_ref(self.evidence)


@dataclass(frozen=True, slots=True)
class Prediction:
    """A statement about the future, as one source made it.

    Attributes:
        id: stable, `pred-<hash of source, passage anchor and target period>`
            (see `prediction_id`); verdicts refer to it, so better wording
            or merging never orphans a verdict.
        made_by: slug of the source that made it.
        author: who signed it (section signature, else the source's authors).
        made_on: the source's date; None when the source is undated.
        target: the period the prediction is about.
        topics: topic ids of its passage.
        statement: the prediction in the source's words (plain text).
        anchor: its passage on the source page.
        entry: id of the timeline entry that shows it.
        line: line of its passage in the source file (for ordering).
        verdict: the curated verdict, if any.
    """

    id: str
    made_by: str
    author: str
    made_on: DateSpan | None
    target: DateSpan
    topics: tuple[str, ...]
    statement: str
    anchor: str = ""
    entry: str = ""
    line: int = 0
    verdict: Verdict | None = None


@dataclass(frozen=True, slots=True)
class Score:
    """Verdict counts for one source or topic, and its State of AI style score.

    `pending` (reviewed, but the sources cannot decide) is counted apart:
    it is neither graded nor left unreviewed.
    """

    key: str
    total: int
    hits: int
    partials: int
    misses: int
    pending: int = 0

    @property
    def graded(self) -> int:
        return self.hits + self.partials + self.misses

    @property
    def score(self) -> float | None:
        """(hits + 0.5 x partials) / graded, None while nothing is graded."""
        return (self.hits + 0.5 * self.partials) / self.graded if self.graded else None


def load_verdicts(
    path: Path,
    prediction_ids: Collection[str] | Mapping[str, str],
    display: str = "",
    passage_ids: Collection[str] = (),
) -> dict[str, Verdict]:
    """Read the curated verdicts file; a missing file means no verdicts yet.

    The file maps prediction ids to `{status, note, evidence, text}`.

    Args:
        path: the verdicts file.
        prediction_ids: ids of the current predictions; a mapping from id
            to statement lets the error for a vanished prediction say what
            became of it.
        display: the file's name in messages.
        passage_ids: ids of the corpus's passages, which `evidence` may name.

    Raises:
        BriefingError: invalid YAML, an id no prediction has (naming its old
            text when the entry gives it), an unknown key, a status outside
            the vocabulary, or evidence that is neither an http(s) address
            nor a known passage id; each names the file and line.
    """
    where = display or str(path)
    if not path.is_file():
        return {}
    data = yamlfile.load(path, where)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise BriefingError("the verdicts file must map prediction ids to verdicts", where, getattr(data, "line", 1))
    statements = prediction_ids if isinstance(prediction_ids, Mapping) else dict.fromkeys(prediction_ids, "")
    check = _Check(where, statements, frozenset(passage_ids))
    return {str(key): check.verdict(str(key), value, data) for key, value in data.items()}


@dataclass(frozen=True, slots=True)
class _Check:
    where: str
    statements: Mapping[str, str]
    passages: frozenset[str]

    def verdict(self, key: str, value: object, data: dict) -> Verdict:
        where, line = self.where, yamlfile.line_of(data, key)
        if not isinstance(value, dict):
            if key not in self.statements:
                raise BriefingError(gone_message(key, "", self.statements), where, line, key)
            raise BriefingError("a verdict must be a mapping with `status`, `note` and `evidence`", where, line, key)
        yamlfile.check_keys(value, VERDICT_KEYS, where, key)
        text = value.get("text") or ""
        if not isinstance(text, str):
            raise BriefingError("`text` must be the prediction's wording, as text", where, yamlfile.line_of(value, "text"), f"{key}.text")
        if key not in self.statements:
            raise BriefingError(gone_message(key, text, self.statements), where, line, key)
        status = value.get("status")
        if status not in VERDICTS:
            raise BriefingError(
                f"status must be one of {', '.join(VERDICTS)}, not {status!r}", where, yamlfile.line_of(value, "status"), f"{key}.status"
            )
        note, evidence = value.get("note") or "", value.get("evidence") or ""
        if not isinstance(note, str) or not isinstance(evidence, str):
            raise BriefingError("`note` and `evidence` must be text", where, line, key)
        self._evidence(key, evidence.strip(), yamlfile.line_of(value, "evidence"))
        # `text` is checked loosely: a re-worded headline keeps its id and its verdict.
        return Verdict(status=status, note=note.strip(), evidence=evidence.strip(), line=line, text=text.strip())

    def _evidence(self, key: str, evidence: str, line: int) -> None:
        if not evidence or _is_web_address(evidence):
            return
        if not is_passage_ref(evidence):
            raise BriefingError(
                f"evidence must be an http(s) address or a passage id `<source slug>/<anchor>`, not {evidence!r}",
                self.where,
                line,
                f"{key}.evidence",
            )
        if evidence not in self.passages:
            raise BriefingError(
                f"unknown passage id `{evidence}`: no passage has it (run `briefing verdicts suggest` to see candidates, "
                "or copy the source page's address and the anchor after `#`)",
                self.where,
                line,
                f"{key}.evidence",
            )


def is_passage_ref(evidence: str) -> bool:
    """`<source slug>/<anchor>` rather than a web address."""
    return bool(_PASSAGE_ID.match(evidence.strip())) and not _is_web_address(evidence)


def gone_message(key: str, old_text: str, statements: Mapping[str, str]) -> str:
    """Why a verdict's id matches no prediction, naming the old text and what became of it."""
    base = f"unknown prediction id `{key}`: no prediction has it"
    if not old_text:
        return (
            f"{base} (ids are listed on the predictions page; an id changes when its source, passage or target "
            "period changes: keep the `text:` that `briefing verdicts suggest` writes, so this message can name it)"
        )
    same = sorted(pid for pid, text in statements.items() if _norm(text) == _norm(old_text))
    if same:
        return (
            f"{base}: the prediction “{old_text}” now has id `{same[0]}`; its passage anchor or target period "
            "changed, so move the verdict to the new id"
        )
    near = _closest(old_text, statements)
    if near:
        return (
            f"{base}: the prediction “{old_text}” is gone; the closest one now is `{near}` “{statements[near]}”: "
            "its wording, passage or target period changed, so check it and move the verdict"
        )
    return (
        f"{base}: the prediction “{old_text}” is gone and no prediction reads like it any more (its source was "
        "edited or removed, or its date no longer reads as a prediction); delete the verdict or fix the source"
    )


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _closest(old_text: str, statements: Mapping[str, str]) -> str:
    """The current prediction sharing the most of the old text's terms, if it shares enough."""
    old = terms(old_text)
    if not old:
        return ""
    best = max(((len(old & terms(text)) / len(old), pid) for pid, text in sorted(statements.items()) if text), default=(0.0, ""))
    return best[1] if best[0] >= _SUCCESSOR_SHARE else ""


def _is_web_address(value: str) -> bool:
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def ledger_as_of(dates: Iterable[str]) -> dt.date | None:
    """The day the ledger is judged on: the start of the newest source date.

    The wall clock is never used, so the same inputs always build the same
    site; a prediction becomes "due" when a newer source (or a curated
    date) moves this day past its target. The start of the newest period
    is taken so that a source dated `2026-01` never makes something due
    that might still have been open on the day it was written.
    """
    spans = [parse_iso(d) for d in dates if d]
    return max(s.start for s in spans) if spans else None


def is_due(prediction: Prediction, as_of: dt.date | None) -> bool:
    """The target period ended before `as_of`."""
    return as_of is not None and prediction.target.end < as_of


def status_of(prediction: Prediction, verdict: Verdict | None, as_of: dt.date | None) -> str:
    """A curated verdict wins; otherwise `due` once the target is past, else `open`."""
    if verdict is not None:
        return verdict.status
    return DUE if is_due(prediction, as_of) else OPEN


def status_counts(predictions: Sequence[Prediction], verdicts: Mapping[str, Verdict], as_of: dt.date | None) -> dict[str, int]:
    """How many predictions have each status, in the fixed order of STATUSES."""
    counts = dict.fromkeys(STATUSES, 0)
    for p in predictions:
        counts[status_of(p, verdicts.get(p.id), as_of)] += 1
    return counts


def scores(predictions: Sequence[Prediction], verdicts: Mapping[str, Verdict], keys: Callable[[Prediction], Iterable[str]]) -> list[Score]:
    """Scores grouped by `keys` (a source slug, or each topic of a prediction), sorted by key."""
    tally: dict[str, list[int]] = {}
    for p in predictions:
        verdict = verdicts.get(p.id)
        status = verdict.status if verdict else ""
        for key in dict.fromkeys(keys(p)):
            row = tally.setdefault(key, [0, 0, 0, 0, 0])
            row[0] += 1
            row[1] += status == HIT
            row[2] += status == PARTIAL
            row[3] += status == MISS
            row[4] += status == PENDING
    return [Score(key, *row) for key, row in sorted(tally.items())]


__all__ = [
    "DUE",
    "HIT",
    "MISS",
    "OPEN",
    "PARTIAL",
    "PENDING",
    "STATUSES",
    "STATUS_LABELS",
    "VERDICTS",
    "Prediction",
    "Score",
    "Verdict",
    "gone_message",
    "is_due",
    "is_passage_ref",
    "ledger_as_of",
    "load_verdicts",
    "scores",
    "status_counts",
    "status_of",
]  # fmt: skip
