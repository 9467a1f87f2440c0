"""How well the timeline merge finds one event's reports, against an editor's labels.

The corpus, tests/data/merge_corpus/, is news items, newsletters and blog
notes where 2 to 5 sources restate one event in their own words and
dates (`3月5日`, `2025-03-05`, `March 5`), beside look-alikes that must
stay apart: one funding template for different companies the same week,
`欧洲议会通过…` and `英国下议院通过…`, one company's two models four
weeks apart, an analyst's estimates for different sectors, a boilerplate
lead-in opening unrelated briefs, and forecasts beside the events they
foresaw. tests/data/merge_labels.yml groups the entries that are one
event and names the pairs of groups that must never share an entry.

The entries are built as the build builds them (the corpus read as a
user's seeds folder, each source's entries extracted as `site.digest`
extracts them, as tests/test_timeline.py does), merged by
`merge_entries` with `merge.same_event_groups`, and scored on the
labelled entries only:

- pair precision: of the labelled pairs the merge puts in one entry, the
  share labelled as one event;
- pair recall: of the pairs labelled as one event, the share the merge
  puts in one entry; over all pairs, and over pairs of one language (the
  rule compares wording, Chinese bigrams and Latin words: a Chinese and
  an English report of one event share a name at most, and stay apart);
- violations: `apart` pairs that share an entry (must be none).

Every figure above was tuned on that corpus. tests/data/merge_holdout/ and
tests/data/merge_holdout_labels.yml are a held-out corpus in the same format,
written after the rules and never used to tune them (Hexo/Jekyll posts, a
plain-text digest and transcript, English newsletters, mixed zh/en; the same
figures for two companies, two versions of one model, a claim and its
denial, a report and its correction): its figures are printed, and gated
only once they clear the bar (see `CORPORA`).

Each figure is measured twice: the corpus alone, and among the project's
seeds (term weights are frequencies in the whole timeline, so a rule can
behave differently on a small corpus and a large one).

`.venv/bin/pytest -q -p no:cacheprovider tests/test_merge_quality.py -s`
prints the per-group table.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from timeline_quality import DATA, ROOT, squash

from generator.analysis.passages import source_passages
from generator.core.config import Settings
from generator.sources.loader import load_sources
from generator.timeline.entries import PUBLICATION, extract_entries, merge_entries
from generator.timeline.merge import same_event_groups
from generator.timeline.model import Citation, TimelineEntry

CORPUS = DATA / "merge_corpus"
LABELS = DATA / "merge_labels.yml"
# Written after the rules were tuned on CORPUS and never used to tune them (see its labels' header).
HOLDOUT = DATA / "merge_holdout"
HOLDOUT_LABELS = DATA / "merge_holdout_labels.yml"

# The bar a merge worth having clears, not the figures of the code when the
# corpus was labelled (2026-12-01): the star clustering then in the working
# tree scored precision 0.37 / 0.40, one-language recall 0.44 / 0.62, 12 / 15
# apart pairs merged (alone / among the seeds); the single-link rule before
# it 0.36 / 0.38, 0.56 / 0.69, 16 / 18. Both fail; do not lower the bar to pass them.
# The rules then written against this corpus (figures, identifiers, days apart,
# one source's passages) score 1.00 / 1.00, 0.94 / 0.94, 0 / 0: a tuning figure.
MIN_PRECISION = 0.9
MIN_RECALL_ONE_LANGUAGE = 0.8

_CJK = re.compile(r"[\u3400-\u9fff]")


# --- labels ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """A labelled entry: a corpus file's stem and a phrase its headline contains."""

    group: str
    stem: str
    phrase: str

    def __str__(self) -> str:
        return f"{self.stem}: {self.phrase}"


@dataclass(frozen=True)
class Group:
    name: str
    kind: str
    date: str
    members: tuple[Member, ...]


@dataclass(frozen=True)
class Labels:
    groups: dict[str, Group]
    apart: tuple[tuple[str, str], ...]

    @property
    def members(self) -> list[Member]:
        return [m for g in self.groups.values() for m in g.members]


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def parse_labels(data: Mapping) -> Labels:
    """The labels file's data -> Labels; a malformed label raises ValueError."""
    groups = {}
    for name, row in (data.get("groups") or {}).items():
        members = tuple(Member(name, str(stem), str(phrase)) for stem, phrase in row.get("members") or ())
        if not members:
            raise ValueError(f"group {name}: no members")
        if row.get("kind") not in ("event", "prediction"):
            raise ValueError(f"group {name}: kind must be event or prediction")
        short = [m.phrase for m in members if len(squash(m.phrase)) < 6]
        if short:
            raise ValueError(f"group {name}: phrases too short to pick out one entry: {short}")
        groups[name] = Group(name, row["kind"], _iso(row.get("date", "")), members)
    apart = tuple((str(a), str(b)) for a, b in data.get("apart") or ())
    unknown = {g for pair in apart for g in pair} - set(groups)
    if unknown:
        raise ValueError(f"apart names unknown groups: {sorted(unknown)}")
    return Labels(groups, apart)


def load_labels(path: Path = LABELS) -> Labels:
    return parse_labels(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


# --- the corpus as the build reads and merges it ------------------------------------------------


@dataclass
class Built:
    """The corpus's entries before and after the merge, each source named by its file's stem."""

    name: str
    extracted: list[TimelineEntry]
    merged: list[TimelineEntry]
    stem: dict[str, str]  # source slug -> file stem


def build(cache: Path, among_seeds: bool = False, corpus: Path = CORPUS) -> Built:
    """Read the corpus folder as the build reads a seeds folder without `sources.yml`, extract
    each source's entries as `site.digest` does (topics aside: the merge does not read them),
    then merge every source's entries from scratch; `among_seeds`: with the project's seeds'
    entries too, as a real timeline holds them (term weights are corpus frequencies)."""
    extracted = []
    stems = {}
    folders = [Settings(root=corpus.parent, seeds=corpus.name, cache=str(cache / "corpus"), workers=1)]
    if among_seeds:
        folders.append(Settings(root=ROOT, cache=str(cache / "seeds"), workers=1))
    for i, settings in enumerate(folders):
        for source in load_sources(settings).sources:
            entries, _ = extract_entries(source, source_passages(source), lambda _: ())
            extracted += entries
            if i == 0:
                stems[source.slug] = Path(source.path).stem
    return Built("among the seeds" if among_seeds else "alone", extracted, merge_entries(extracted, same_event_groups), stems)


def resolve(labels: Labels, built: Built) -> tuple[dict[Member, TimelineEntry], list[str]]:
    """Each labelled entry's extracted entry, and the labels that pick out none or several."""
    found: dict[Member, TimelineEntry] = {}
    problems = []
    for m in labels.members:
        hits = [
            e
            for e in built.extracted
            if e.kind != PUBLICATION and built.stem.get(e.sources[0].source) == m.stem and squash(m.phrase) in squash(e.summary)
        ]
        if len(hits) == 1:
            found[m] = hits[0]
        else:
            problems.append(f"{m} [{m.group}]: {len(hits)} entries{''.join(f' | {e.summary}' for e in hits)}")
    return found, problems


def placement(found: Mapping[Member, TimelineEntry], merged: Sequence[TimelineEntry]) -> dict[Member, int]:
    """Each labelled entry's place in the merged timeline: the merged entry citing its citation."""
    where: dict[Citation, int] = {}
    for i, entry in enumerate(merged):
        for cite in entry.sources:
            where.setdefault(cite, i)
    return {m: where[e.sources[0]] for m, e in found.items()}


# --- scoring ------------------------------------------------------------------------------


def language(headline: str) -> str:
    return "zh" if _CJK.search(headline) else "en"


@dataclass
class Score:
    precision: float
    recall: float
    recall_one_language: float
    together: int  # labelled pairs the merge put in one entry
    same: int  # pairs labelled one event
    same_one_language: int
    wrong: list[tuple[Member, Member]] = field(default_factory=list)  # together, labelled different
    missed: list[tuple[Member, Member]] = field(default_factory=list)  # labelled one event, kept apart
    violations: list[tuple[Member, Member]] = field(default_factory=list)  # together, labelled apart


def _share(n: int, d: int) -> float:
    return n / d if d else 1.0


def score(labels: Labels, place: Mapping[Member, int], lang: Mapping[Member, str]) -> Score:
    """Pair precision and recall of "same merged entry" over the labelled entries in `place`."""
    members = [m for m in labels.members if m in place]
    apart = {frozenset(p) for p in labels.apart}
    hit = together = same = same_lang = hit_lang = 0
    wrong, missed, violations = [], [], []
    for a, b in itertools.combinations(members, 2):
        joined, labelled = place[a] == place[b], a.group == b.group
        together += joined
        same += labelled
        hit += joined and labelled
        if labelled and lang[a] == lang[b]:
            same_lang += 1
            hit_lang += joined
        if joined and not labelled:
            wrong.append((a, b))
            if frozenset((a.group, b.group)) in apart:
                violations.append((a, b))
        if labelled and not joined:
            missed.append((a, b))
    return Score(
        _share(hit, together), _share(hit, same), _share(hit_lang, same_lang), together, same, same_lang, wrong, missed, violations
    )


def table(labels: Labels, found: Mapping[Member, TimelineEntry], place: Mapping[Member, int], s: Score) -> str:
    """Per group: its members, the merged entry each landed in (#n), and the entry's date and kind."""
    figures = (
        f"pair precision {s.precision:.2f} ({s.together} pairs joined), recall {s.recall:.2f} ({s.same} pairs), "
        f"one-language recall {s.recall_one_language:.2f} ({s.same_one_language} pairs), apart violations {len(s.violations)}"
    )
    lines = [
        figures,
        "",
        "| group | kind, date | member | merged # | extracted as |",
        "|---|---|---|---|---|",
    ]
    for g in labels.groups.values():
        for m in g.members:
            e = found.get(m)
            got = "MISSING" if e is None else f"{e.kind} {e.date.iso}"
            drift = "" if e is None or (e.kind, e.date.iso) == (g.kind, g.date) else "  <- not as labelled"
            lines.append(f"| {g.name} | {g.kind} {g.date} | {m} | {place.get(m, '-')} | {got}{drift} |")
    for title, pairs in (("wrong merges", s.wrong), ("missed pairs", s.missed), ("apart violations", s.violations)):
        lines.append(f"\n{title}:")
        lines += [f"  - [{a.group}] {found[a].summary}\n    [{b.group}] {found[b].summary}" for a, b in pairs]
    return "\n".join(lines)


def pairs_text(pairs: Iterable[tuple[Member, Member]]) -> list[str]:
    return [f"{a} ~ {b}" for a, b in pairs]


# --- tests ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    """A labelled corpus; `gated`: its figures must clear the bar. One that does not yet must
    stay above its `floor` (precision, one-language recall, apart pairs merged): a regression
    fails, and the shortfall is printed."""

    name: str
    folder: Path
    labels: Path
    gated: bool
    floor: tuple[float, float, int] = (MIN_PRECISION, MIN_RECALL_ONE_LANGUAGE, 0)


# The held-out corpus does not clear the bar (2026-12-01: precision 0.89 / 0.83, one-language
# recall 0.59 / 0.53, 2 / 2 apart pairs merged, alone / among the seeds), so it is measured and
# printed, not gated: gate it once the rules clear it, never by lowering the bar or fitting it.
# Its floor is those figures, so that a change that makes it worse fails.
CORPORA = [
    Corpus("tuning", CORPUS, LABELS, gated=True),
    Corpus("held-out", HOLDOUT, HOLDOUT_LABELS, gated=False, floor=(0.83, 0.52, 2)),
]


@pytest.fixture(scope="module", params=CORPORA, ids=lambda c: c.name)
def corpus(request: pytest.FixtureRequest) -> Corpus:
    return request.param


@pytest.fixture(scope="module")
def labels(corpus: Corpus) -> Labels:
    return load_labels(corpus.labels)


@pytest.fixture(scope="module", params=[False, True], ids=["alone", "among-seeds"])
def built(request: pytest.FixtureRequest, corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp(corpus.folder.name), among_seeds=request.param, corpus=corpus.folder)


@pytest.fixture(scope="module")
def resolved(labels: Labels, built: Built) -> tuple[dict[Member, TimelineEntry], list[str]]:
    return resolve(labels, built)


def test_labels_cover_the_corpus_and_what_it_must_test(corpus: Corpus, labels: Labels) -> None:
    stems = {p.stem for p in corpus.folder.iterdir() if p.is_file()}
    named = {m.stem for m in labels.members}
    assert named <= stems, f"labels name files not in the corpus: {sorted(named - stems)}"
    assert stems <= named, f"corpus files no label uses: {sorted(stems - named)}"
    sizes = [len(g.members) for g in labels.groups.values()]
    assert sum(n >= 2 for n in sizes) >= 8 and max(sizes) >= 4
    assert len(labels.apart) >= 10
    kinds = {frozenset(labels.groups[g].kind for g in pair) for pair in labels.apart}
    assert frozenset({"event", "prediction"}) in kinds, "a forecast beside the event it foresaw"


def test_every_labelled_entry_is_extracted(resolved) -> None:
    """A label that picks out no entry (or several) would make its pairs a free pass or a free miss."""
    _, problems = resolved
    assert problems == []


def test_merge_precision_recall_and_apart_pairs(corpus: Corpus, labels: Labels, built: Built, resolved) -> None:
    found, _ = resolved
    place = placement(found, built.merged)
    s = score(labels, place, {m: language(e.summary) for m, e in found.items()})
    print(f"\n## the {corpus.name} merge corpus {built.name}\n" + table(labels, found, place, s))
    failures = [f"apart pairs merged: {pairs_text(s.violations)}"] if s.violations else []
    if s.precision < MIN_PRECISION:
        failures.append(f"pair precision {s.precision:.2f} < {MIN_PRECISION}: {pairs_text(s.wrong)}")
    if s.recall_one_language < MIN_RECALL_ONE_LANGUAGE:
        failures.append(f"one-language pair recall {s.recall_one_language:.2f} < {MIN_RECALL_ONE_LANGUAGE}: {pairs_text(s.missed)}")
    if corpus.gated:
        assert not failures, "\n".join(failures)
    else:
        print("\nbelow the bar (reported, not gated):" + "".join(f"\n  - {f}" for f in failures))
        precision, recall, merged = corpus.floor
        assert s.precision >= precision and s.recall_one_language >= recall, f"worse than its floor {corpus.floor}"
        assert len(s.violations) <= merged, f"more apart pairs merged than its floor: {pairs_text(s.violations)}"


# --- the scorer itself, on hand-made placements ------------------------------------------------------

TINY = parse_labels({
    "groups": {
        "a": {"kind": "event", "date": "2025-03-05", "members": [["s1", "玄鸟发布玄鸟-3"], ["s2", "玄鸟-3正式发布"], ["s3", "Xuanniao-3 launched"]]},
        "b": {"kind": "event", "date": "2025-04-02", "members": [["s1", "玄鸟发布玄鸟-R1"], ["s2", "玄鸟-R1正式发布"]]},
    },
    "apart": [["a", "b"]],
})  # fmt: skip
A1, A2, A3, B1, B2 = TINY.members
LANG = {A1: "zh", A2: "zh", A3: "en", B1: "zh", B2: "zh"}


def test_a_right_merge_scores_full_marks_but_for_the_other_language() -> None:
    s = score(TINY, {A1: 0, A2: 0, A3: 1, B1: 2, B2: 2}, LANG)
    assert (s.precision, s.recall_one_language, s.violations) == (1.0, 1.0, [])
    assert s.recall == pytest.approx(2 / 4)


def test_one_event_of_everything_loses_precision_and_violates_apart() -> None:
    s = score(TINY, dict.fromkeys(TINY.members, 0), LANG)
    assert s.recall == 1.0 and s.precision == pytest.approx(4 / 10)
    assert len(s.violations) == 6


def test_no_merge_has_no_recall() -> None:
    s = score(TINY, {m: i for i, m in enumerate(TINY.members)}, LANG)
    assert (s.recall, s.recall_one_language, s.together) == (0.0, 0.0, 0)
