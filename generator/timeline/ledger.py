"""The predictions ledger: predictions, curated verdicts, due dates and scores.

Verdicts are hand-written in `curation/verdicts.yml` and use the State of
AI Report's own vocabulary: `hit`, `partial`, `miss`, `pending`. Two more
statuses are derived, never written: `due` (the target period is over and
no curator has scored it yet) and `open` (not due yet).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from generator.core import yamlfile
from generator.core.errors import BriefingError
from generator.dates.find import DateSpan, parse_iso

HIT, PARTIAL, MISS, PENDING = "hit", "partial", "miss", "pending"
VERDICTS = (HIT, PARTIAL, MISS, PENDING)
DUE, OPEN = "due", "open"
STATUSES = (HIT, PARTIAL, MISS, PENDING, DUE, OPEN)
STATUS_LABELS = {HIT: "命中", PARTIAL: "部分命中", MISS: "未中", PENDING: "待定", DUE: "待复核", OPEN: "未到期"}
VERDICT_KEYS = frozenset({"status", "note", "evidence"})


@dataclass(frozen=True, slots=True)
class Verdict:
    """A curator's judgement of one prediction.

    Attributes:
        status: `hit`, `partial`, `miss` or `pending`.
        note: one or two sentences on why (plain text).
        evidence: a web address that shows it, '' if none yet.
        line: line of the entry in the verdicts file.
    """

    status: str
    note: str = ""
    evidence: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Prediction:
    """A statement about the future, as one source made it.

    Attributes:
        id: stable, `pred-<hash of source and wording>`; verdicts refer to it.
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
    """Verdict counts for one source or topic, and its State of AI style score."""

    key: str
    total: int
    hits: int
    partials: int
    misses: int

    @property
    def graded(self) -> int:
        return self.hits + self.partials + self.misses

    @property
    def score(self) -> float | None:
        """(hits + 0.5 x partials) / graded, None while nothing is graded."""
        return (self.hits + 0.5 * self.partials) / self.graded if self.graded else None


def load_verdicts(path: Path, prediction_ids: Collection[str], display: str = "") -> dict[str, Verdict]:
    """Read the curated verdicts file; a missing file means no verdicts yet.

    The file maps prediction ids to `{status, note, evidence}`.

    Raises:
        BriefingError: invalid YAML, an id no prediction has, an unknown
            key, a status outside the vocabulary, or a bad evidence link;
            each names the file and line.
    """
    where = display or str(path)
    if not path.is_file():
        return {}
    data = yamlfile.load(path, where)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise BriefingError("the verdicts file must map prediction ids to verdicts", where, getattr(data, "line", 1))
    known = set(prediction_ids)
    return {str(key): _verdict(str(key), value, data, known, where) for key, value in data.items()}


def _verdict(key: str, value: object, data: dict, known: set[str], where: str) -> Verdict:
    line = yamlfile.line_of(data, key)
    if key not in known:
        raise BriefingError(
            f"unknown prediction id `{key}`: no prediction has it (ids are listed on the predictions page)", where, line, key
        )
    if not isinstance(value, dict):
        raise BriefingError("a verdict must be a mapping with `status`, `note` and `evidence`", where, line, key)
    yamlfile.check_keys(value, VERDICT_KEYS, where, key)
    status = value.get("status")
    if status not in VERDICTS:
        raise BriefingError(
            f"status must be one of {', '.join(VERDICTS)}, not {status!r}", where, yamlfile.line_of(value, "status"), f"{key}.status"
        )
    note, evidence = value.get("note") or "", value.get("evidence") or ""
    if not isinstance(note, str) or not isinstance(evidence, str):
        raise BriefingError("`note` and `evidence` must be text", where, line, key)
    if evidence and not _is_web_address(evidence):
        raise BriefingError(
            f"evidence must be an http(s) address, not {evidence!r}", where, yamlfile.line_of(value, "evidence"), f"{key}.evidence"
        )
    return Verdict(status=status, note=note.strip(), evidence=evidence.strip(), line=line)


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
            row = tally.setdefault(key, [0, 0, 0, 0])
            row[0] += 1
            row[1] += status == HIT
            row[2] += status == PARTIAL
            row[3] += status == MISS
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
    "is_due",
    "ledger_as_of",
    "load_verdicts",
    "scores",
    "status_counts",
    "status_of",
]  # fmt: skip
