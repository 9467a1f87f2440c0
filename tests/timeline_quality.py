"""How good the timeline is, against an editor's labels (issue 16).

Two labelled corpora:

- seeds: `tests/data/timeline_seed_labels.yml`, every entry the seeds'
  timeline had when it was labelled and every one it should have, each
  kept or dropped with a reason;
- fixtures: `tests/data/timeline_fixture_labels.yml`, dated statements of
  the `tests/fixtures/corpus/tl_*` documents, and statements that must not
  become entries.

A label names its source (seed slug, or fixture file name), a snippet of
the statement, and, for a keep, the right date(s) (ISO, as `DateSpan.iso`
writes it; a list when several readings are right), the kind and the
words a readable headline must contain. An entry matches a label when one
of its citations is from the label's source and the snippet is in that
citation's text or in the headline, compared on letters and digits only
(NFKC, case-folded), so whitespace, punctuation and full-width forms do
not matter.

Publication entries come from metadata, not statements: not scored.

Figures, per corpus (entries = the merged timeline less publications):

- precision: entries answering a keep label with its date and kind / entries
  (an entry no label matches counts against it: it is listed as unlabelled);
- keep recall: keep labels some citation states with the label's date and kind;
- fully good: precision's entries whose headline is also readable;
- date right, kind right, worth an entry: the issue's checks, each over all entries;
- readable: no trailing "…", not starting or ending mid-clause in its passage,
  not ending on a lead-in ("调查发现。"), English without Chinese punctuation,
  holding the label's `words` and none of its `avoid`;
- cut …: headlines ending in "…"; cut short: headlines that stop before their
  sentence does (reported, not a threshold);
- stats as events: entries answering a `stat: true` drop, filed as events;
- predictions lost: keep predictions some citation states with their date but
  no prediction on the ledger does (with the label's `ledger_words`).

`python -m tests.timeline_quality [-v] [FOLDER...]` builds both corpora with
the current code and prints the figures (`-v`: every missed keep and every
entry that is not fully good); each FOLDER is a further corpus, documents
and a `labels.yml`, e.g. held-out documents the rules were never run on.
`tests/test_timeline_quality.py` holds the issue's thresholds.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SEED_LABELS = DATA / "timeline_seed_labels.yml"
FIXTURE_LABELS = DATA / "timeline_fixture_labels.yml"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
FIXTURE_GLOB = "tl_*.*"

KEEP, DROP = "keep", "drop"
# What may stand before a headline's first word, or after its last, in the
# passage: a clause boundary. Anything else means the headline was cut mid-clause.
_BOUNDARY = set("，,；;：:。！？!?.、—…\n()（）「」“”\"'|｜·-") | {""}
_CUT = ("…", "...")
MAX_HEADLINE = 200  # characters: a headline is a statement, not its paragraph
_SENTENCE_END = set("。！？!?.;；…\n") | {""}
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_ZH_PUNCT = re.compile(r"[，。；：！？]")
# Connectives a headline may leave out at its front (they tie it to the sentence before).
_CONNECTIVE = re.compile(
    r"(?:但是|但|不过|而且|并且|同时|此外|另外|随后|然后|之后|因此|所以|比如说|比如|例如|其中|与此同时|那么|而|当时|呢"
    r"|\b(?:and|but|so|then|meanwhile|however|also)\b)$",
    re.IGNORECASE,
)
# A headline ending on a lead-in verb has lost what it introduces ("…调查发现。").
_LEAD_IN_END = re.compile(
    r"(?:发现|显示|表示|认为|指出|称|包括|如下|以下|表明|found|showed|said|include|including)[。.:：]?$", re.IGNORECASE
)


def squash(text: str) -> str:
    """Letters and digits only, NFKC, case-folded: what matching compares."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


# --- labels ------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """One editor's judgement of a statement.

    Attributes:
        source: seed slug or fixture file name.
        snippet: distinctive words of the statement.
        verdict: `keep` or `drop`.
        dates: accepted ISO dates (keep).
        kind: `event` or `prediction` (keep).
        words: words the headline must contain (its subject), keep only.
        avoid: words a readable headline must not contain (a neighbour's clause).
        also: other snippets of the same statement (a headline may keep either part).
        ledger_words: words the prediction's statement on the ledger must keep (a merge
            must not cut a prediction in half).
        reason: why (drops; optional for keeps).
        stat: a background statistic naming several years: never an event.
        line: line in the label file.
    """

    source: str
    snippet: str
    verdict: str
    dates: tuple[str, ...] = ()
    kind: str = ""
    words: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    ledger_words: tuple[str, ...] = ()
    also: tuple[str, ...] = ()
    reason: str = ""
    stat: bool = False
    line: int = 0

    @property
    def key(self) -> str:
        return squash(self.snippet)

    def within(self, text: str) -> bool:
        """The snippet, or one of its alternatives, is in `text`."""
        squashed = squash(text)
        return any(squash(s) in squashed for s in (self.snippet, *self.also))


def _iso(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        return tuple(_iso(v) for v in value)
    return (_iso(value),)


def parse_labels(data: Mapping[str, Sequence[Mapping]]) -> list[Label]:
    """`{source: [{keep|drop: snippet, ...}]}` -> labels; a malformed one raises ValueError."""
    labels = []
    for source, rows in data.items():
        for i, row in enumerate(rows or ()):
            where = f"{source}[{i}]"
            if (KEEP in row) == (DROP in row):
                raise ValueError(f"{where}: give exactly one of keep/drop")
            verdict = KEEP if KEEP in row else DROP
            snippet = str(row[verdict])
            if len(squash(snippet)) < 2:
                raise ValueError(f"{where}: snippet {snippet!r} is too short to be distinctive")
            label = Label(
                source=str(source),
                snippet=snippet,
                verdict=verdict,
                dates=_strings(row.get("date")),
                kind=str(row.get("kind", "")),
                words=_strings(row.get("words")),
                avoid=_strings(row.get("avoid")),
                ledger_words=_strings(row.get("ledger_words")),
                also=_strings(row.get("also")),
                reason=str(row.get("reason", "")),
                stat=bool(row.get("stat", False)),
                line=int(row.get("__line__", 0)),
            )
            if verdict == KEEP and (not label.dates or label.kind not in ("event", "prediction")):
                raise ValueError(f"{where}: a keep needs date and kind (event/prediction)")
            if verdict == DROP and not label.reason:
                raise ValueError(f"{where}: a drop needs a reason")
            labels.append(label)
    return labels


def load_labels(path: Path) -> list[Label]:
    return parse_labels(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


# --- entries as the harness sees them ----------------------------------------------------


@dataclass(frozen=True)
class Cite:
    source: str
    text: str
    kind: str
    date: str
    passage: str = ""  # the cited passage's whole text, for the clause checks


@dataclass(frozen=True)
class Entry:
    """A timeline entry reduced to what is scored (decoupled from the product's classes)."""

    date: str
    kind: str
    headline: str
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class Predicted:
    """A prediction on the ledger: who made it, its words, its target."""

    source: str
    statement: str
    target: str


# --- matching ------------------------------------------------------------------------


def _contains(label: Label, entry: Entry, cite: Cite) -> bool:
    return cite.source == label.source and (label.within(cite.text) or label.within(entry.headline))


def candidates(entry: Entry, labels: Sequence[Label]) -> list[Label]:
    return [lab for lab in labels if any(_contains(lab, entry, c) for c in entry.cites)]


@dataclass
class Judged:
    entry: Entry
    label: Label | None
    date_ok: bool = False
    kind_ok: bool = False
    readable: bool = False
    why: str = ""  # why it is not fully good

    @property
    def correct(self) -> bool:
        """Worth an entry, with date and kind right."""
        return self.label is not None and self.label.verdict == KEEP and self.date_ok and self.kind_ok

    @property
    def good(self) -> bool:
        return self.correct and self.readable


def judge(entry: Entry, labels: Sequence[Label]) -> Judged:
    """The label an entry answers to: a keep with its date and kind, else a keep with its date,
    else a drop, else a keep with another date; labels whose snippet is in the headline first."""
    found = candidates(entry, labels)
    if not found:
        return Judged(entry, None, why="unlabelled")
    in_headline = squash(entry.headline)
    found.sort(key=lambda lab: not lab.within(in_headline))

    def first(pred) -> Label | None:
        return next((lab for lab in found if pred(lab)), None)

    label = (
        first(lambda lab: lab.verdict == KEEP and entry.date in lab.dates and entry.kind == lab.kind)
        or first(lambda lab: lab.verdict == KEEP and entry.date in lab.dates)
        or first(lambda lab: lab.verdict == DROP)
        or first(lambda lab: lab.kind == entry.kind)
        or found[0]
    )
    j = Judged(entry, label)
    if label.verdict == DROP:
        j.why = f"drop: {label.reason}"
        return j
    j.date_ok = entry.date in label.dates
    j.kind_ok = entry.kind == label.kind
    problems = headline_problems(entry.headline, label, entry.cites[0].passage if entry.cites else "")
    j.readable = not problems
    j.why = "; ".join(
        ([] if j.date_ok else [f"date {entry.date} not {'/'.join(label.dates)}"])
        + ([] if j.kind_ok else [f"kind {entry.kind} not {label.kind}"])
        + problems
    )
    return j


def is_cut(headline: str) -> bool:
    return headline.rstrip().endswith(_CUT)


def is_short(entry: Entry) -> bool:
    """The headline stops before the end of its sentence in the cited passage."""
    passage = entry.cites[0].passage if entry.cites else ""
    where = _locate(entry.headline, passage)
    return bool(where) and _next_char(passage, where[1]) not in _SENTENCE_END


def _locate(headline: str, passage: str) -> tuple[int, int] | None:
    """Where the headline's text sits in its passage (whitespace-insensitive), if it does."""
    core = re.sub(r"[。.…\s]+$", "", headline.strip())
    core = re.sub(r"^[-*•\s]+", "", core)
    if len(core) < 4 or not passage:
        return None
    pattern = r"\s*".join(re.escape(ch) for ch in core if not ch.isspace())
    m = re.search(pattern, passage)
    return (m.start(), m.end()) if m else None


def _prev_char(text: str, i: int) -> str:
    """The mark before position i, past connectives a headline may drop (`但是`, `其中`, `and`)."""
    before = text[:i].rstrip(" \t")
    while (m := _CONNECTIVE.search(before)) and m.start() < len(before):
        before = before[: m.start()].rstrip(" \t")
    return before[-1:]


def _next_char(text: str, i: int) -> str:
    after = text[i:].lstrip(" \t")
    return after[:1]


def headline_problems(headline: str, label: Label, passage: str = "") -> list[str]:
    """Why a headline is not readable: cut with an ellipsis, starting or ending mid-clause,
    Chinese punctuation in an English headline, the subject missing, a neighbour's clause."""
    problems = []
    text = headline.strip()
    if not text:
        return ["empty headline"]
    if is_cut(text):
        problems.append("cut with …")
    if len(text) > MAX_HEADLINE:
        problems.append(f"longer than {MAX_HEADLINE} characters")
    if unicodedata.category(text[0])[0] == "P" and text[0] not in '《“"「(（':
        problems.append("starts with punctuation")
    where = _locate(text, passage)
    if where:
        if _prev_char(passage, where[0]) not in _BOUNDARY:
            problems.append("starts mid-clause")
        if _next_char(passage, where[1]) not in _BOUNDARY:
            problems.append("ends mid-clause")
    if _LEAD_IN_END.search(text):
        problems.append("ends on a lead-in")
    if _LATIN.search(text) and not _CJK.search(text) and _ZH_PUNCT.search(text):
        problems.append("Chinese punctuation in English")
    squashed = squash(text)
    missing = [w for w in label.words if squash(w) not in squashed]
    if missing:
        problems.append(f"lacks {', '.join(missing)}")
    stray = [w for w in label.avoid if squash(w) in squashed]
    if stray:
        problems.append(f"holds {', '.join(stray)}")
    return problems


# --- figures ------------------------------------------------------------------------


@dataclass
class Figures:
    corpus: str
    entries: int
    precision: float  # entries with a keep label, right date and kind / entries
    recall: float  # keep labels found with right date and kind / keep labels
    fully_good: float  # precision's entries with a readable headline / entries
    date_right: float
    kind_right: float
    worth: float
    readable: float
    cut: float  # headlines ending in … / entries
    short: float  # headlines that stop before their sentence does (a clause kept, "。" added) / entries
    stat_events: int  # entries that file a multi-year statistic as an event
    unlabelled: int
    duplicates: int  # entries whose headline another entry repeats word for word
    predictions_lost: list[Label] = field(default_factory=list, repr=False)  # dated predictions not on the ledger as such
    missed: list[Label] = field(default_factory=list, repr=False)
    judged: list[Judged] = field(default_factory=list, repr=False)

    def row(self) -> str:
        return (
            f"| {self.corpus} | {self.entries} | {self.precision:.2f} | {self.recall:.2f} | {self.fully_good:.2f} "
            f"| {self.date_right:.2f} | {self.kind_right:.2f} | {self.worth:.2f} | {self.readable:.2f} "
            f"| {self.cut:.2f} | {self.short:.2f} | {self.stat_events} | {len(self.predictions_lost)} | {self.unlabelled} | {self.duplicates} |"
        )


HEADER = (
    "| corpus | entries | precision | keep recall | fully good | date right | kind right | worth an entry "
    "| readable | cut … | cut short | stats as events | predictions lost | unlabelled | repeated headlines |\n|" + "---|" * 15
)


def _share(n: int, d: int) -> float:
    return n / d if d else 0.0


def found_by(label: Label, entries: Sequence[Entry]) -> list[Cite]:
    """Citations that state the label's statement with its date."""
    return [c for e in entries for c in e.cites if c.source == label.source and label.within(c.text) and c.date in label.dates]


def score(corpus: str, entries: Sequence[Entry], labels: Sequence[Label], predictions: Sequence[Predicted] | None = None) -> Figures:
    """The issue's figures for one corpus. `predictions` (the ledger) checks that dated
    predictions stay predictions; without it, the citations' kinds are used."""
    judged = [judge(e, labels) for e in entries]
    n = len(judged)
    keeps = [lab for lab in labels if lab.verdict == KEEP]
    missed = [lab for lab in keeps if not any(c.kind == lab.kind for c in found_by(lab, entries))]
    lost = []
    for lab in keeps:
        if lab.kind != "prediction":
            continue
        if predictions is not None:
            on_ledger = any(
                p.source == lab.source
                and lab.within(p.statement)
                and p.target in lab.dates
                and all(squash(w) in squash(p.statement) for w in lab.ledger_words)
                for p in predictions
            )
        else:
            on_ledger = any(c.kind == "prediction" for c in found_by(lab, entries))
        if found_by(lab, entries) and not on_ledger:
            lost.append(lab)
    return Figures(
        corpus=corpus,
        entries=n,
        precision=_share(sum(j.correct for j in judged), n),
        recall=_share(len(keeps) - len(missed), len(keeps)),
        fully_good=_share(sum(j.good for j in judged), n),
        date_right=_share(sum(j.date_ok for j in judged), n),
        kind_right=_share(sum(j.kind_ok for j in judged), n),
        worth=_share(sum(j.label is not None and j.label.verdict == KEEP for j in judged), n),
        readable=_share(sum(j.readable for j in judged), n),
        cut=_share(sum(is_cut(e.headline) for e in entries), n),
        short=_share(sum(is_short(e) for e in entries), n),
        stat_events=sum(j.label is not None and j.label.stat and j.entry.kind == "event" for j in judged),
        unlabelled=sum(j.label is None for j in judged),
        duplicates=sum(n for n in Counter(squash(e.headline) for e in entries).values() if n > 1),
        predictions_lost=lost,
        missed=missed,
        judged=judged,
    )


# --- building the corpora with the current code ---------------------------------------------


def entries_of_site(site) -> tuple[list[Entry], list[Predicted]]:
    """The site model's timeline (publications left out) and ledger, in the harness's terms."""
    passages = {p.id: p.text for p in site.passages}
    entries = [
        Entry(
            e.date.iso,
            e.kind,
            e.summary,
            tuple(Cite(c.source, c.text, c.kind, c.date.iso, passages.get(f"{c.source}/{c.anchor}", "")) for c in e.sources),
        )
        for e in site.timeline
        if e.kind != "publication"
    ]
    predictions = [Predicted(p.made_by, p.statement, p.target.iso) for p in site.predictions]
    return entries, predictions


def _load(root: Path, seeds: str, cache: str):
    from generator.core.config import Settings
    from generator.site.pipeline import load_site

    return load_site(Settings(root=root, seeds=seeds, cache=cache, workers=1))


def seed_site(work: Path):
    """The seeds as the build reads them (their sources.yml too), in a copy of the project
    without the curated verdicts: the timeline does not depend on them, and a verdict left
    behind by a rule change would stop the measurement."""
    shutil.copytree(ROOT / "seeds", work / "seeds", dirs_exist_ok=True)
    _curation(work)
    return _load(work, "seeds", str(work / "cache"))


def fixture_files() -> list[Path]:
    return sorted(CORPUS.glob(FIXTURE_GLOB))


def fixture_site(work: Path, files: Sequence[Path] | None = None):
    """The tl_* fixtures (or `files`) alone in a seeds folder with no sources.yml, as a new
    user's files; labels name a fixture by file name, so the sources' slugs are mapped back to it."""
    seeds = work / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    for path in fixture_files() if files is None else files:
        shutil.copy(path, seeds / path.name)
    _curation(work)
    return _load(work, "seeds", str(work / "cache"))


def _curation(work: Path) -> None:
    """The curated files, less the verdicts (they name the seeds' predictions by id)."""
    shutil.copytree(ROOT / "curation", work / "curation", dirs_exist_ok=True, ignore=shutil.ignore_patterns("verdicts.yml"))


def by_file(site, entries: Iterable[Entry], predictions: Iterable[Predicted]) -> tuple[list[Entry], list[Predicted]]:
    """Entries and predictions with each source named by its file, as the fixture labels name it."""
    name = {s.slug: s.path for s in site.sources}

    def cite(c: Cite) -> Cite:
        return Cite(name.get(c.source, c.source), c.text, c.kind, c.date, c.passage)

    return (
        [Entry(e.date, e.kind, e.headline, tuple(map(cite, e.cites))) for e in entries],
        [Predicted(name.get(p.source, p.source), p.statement, p.target) for p in predictions],
    )


def measure_seeds(work: Path) -> Figures:
    entries, predictions = entries_of_site(seed_site(work))
    return score("seeds", entries, load_labels(SEED_LABELS), predictions)


def measure_fixtures(work: Path) -> Figures:
    site = fixture_site(work)
    entries, predictions = by_file(site, *entries_of_site(site))
    return score("fixtures", entries, load_labels(FIXTURE_LABELS), predictions)


def measure_folder(folder: Path, work: Path) -> Figures:
    """Documents nobody tuned the rules on: `folder` holds them and their `labels.yml`."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name != "labels.yml")
    site = fixture_site(work, files)
    entries, predictions = by_file(site, *entries_of_site(site))
    return score(folder.name, entries, load_labels(folder / "labels.yml"), predictions)


def report(figures: Figures, verbose: bool) -> str:
    lines = [f"\n## {figures.corpus}"]
    if figures.predictions_lost:
        lines.append("predictions lost (filed as events or missing from the ledger):")
        lines += [f"  - {lab.source}: {lab.snippet} ({'/'.join(lab.dates)})" for lab in figures.predictions_lost]
    if verbose:
        lines.append("missed keeps:")
        lines += [f"  - {lab.source}: {lab.snippet} ({'/'.join(lab.dates)} {lab.kind})" for lab in figures.missed]
        lines.append("entries not fully good:")
        for j in figures.judged:
            if not j.good:
                lines.append(f"  - [{j.entry.date} {j.entry.kind}] {j.entry.cites[0].source}: {j.entry.headline[:70]} -- {j.why}")
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    """`[-v] [FOLDER...]`: the seeds, the fixtures, and any folder of held-out documents with a labels.yml."""
    verbose = "-v" in argv
    folders = [Path(a) for a in argv if a != "-v"]
    with tempfile.TemporaryDirectory() as tmp:
        seeds = measure_seeds(Path(tmp) / "seeds")
        corpora = [seeds, measure_fixtures(Path(tmp) / "fixtures")] if fixture_files() else [seeds]
        corpora += [measure_folder(f, Path(tmp) / f"extra{i}") for i, f in enumerate(folders)]
    print(HEADER)
    for figures in corpora:
        print(figures.row())
    for figures in corpora:
        print(report(figures, verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
