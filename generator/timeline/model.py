"""The timeline's own model: dated entries and the citations behind them.

Apart from `entries` so that the merge can name `TimelineEntry` without
importing the extraction rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.dates.spans import DateSpan

EVENT, PREDICTION, PUBLICATION = "event", "prediction", "publication"
KINDS = (EVENT, PREDICTION, PUBLICATION)


@dataclass(frozen=True, slots=True)
class Citation:
    """One source's statement behind a timeline entry.

    Attributes:
        source: slug of the source.
        anchor: passage anchor on the source page ('' for the page itself).
        title: the source's title.
        text: the statement in that source's words (plain text).
        kind: what the statement is in that source (event, prediction, publication).
        date: the date as that source gives it.
        author: who signed it, '' if unknown.
        line: line in the source file.
    """

    source: str
    anchor: str
    title: str
    text: str
    kind: str
    date: DateSpan
    author: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated statement, possibly reported by several sources.

    Attributes:
        id: stable id from the date, the first source and its wording.
        date: the period it happened or is expected in.
        summary: the sentence holding the date, trimmed to stand alone.
        kind: `event`, `prediction` or `publication`; `event` once any
            source reports it as having happened.
        sources: every citation, the one the summary comes from first.
        topics: topic ids of the cited passages.
        context: the section or list heading it sits under.
        note: where a date the text does not state comes from.
        ledger_only: a forecast too vague for the timeline (no named actor,
            figure or quoted term; see `statements.concrete`): it stays on
            the predictions ledger, where a curator scores it, and off the
            timeline page.
    """

    id: str
    date: DateSpan
    summary: str
    kind: str
    sources: tuple[Citation, ...]
    topics: tuple[str, ...] = ()
    context: str = ""
    note: str = ""
    ledger_only: bool = False
