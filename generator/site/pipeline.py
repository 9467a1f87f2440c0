"""Sources + curation -> Site model -> rendered pages. Pure apart from reading inputs.

Pelican's two phases: read everything into one Site model first, then
render every page from it; `output.write_pages` alone touches the disk.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import html
import pickle
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.analysis.classify import Classification, build_matcher, keyword_test
from generator.analysis.figures import Figure, rank_figures
from generator.analysis.topics import Topic, load_topics, validate_passage_ids
from generator.core.config import Settings
from generator.core.errors import BriefingError
from generator.core.memo import Memo, dumps, file_key, key_of
from generator.core.model import Passage, Source, Term
from generator.core.paths import (
    GENERATED_DIR,
    GLOSSARY,
    HOME_BRIEF,
    PREDICTIONS,
    SOURCES_INDEX,
    TIMELINE,
    TIMELINE_JSON,
    TOPICS_INDEX,
    link,
    source_page,
    topic_page,
)
from generator.core.workers import Workers
from generator.glossary import (
    TermMatcher,
    collect_appearances,
    count_occurrences,
    editorial_notes,
    load_curated_terms,
    merge_glossary,
    source_texts,
)
from generator.site.digest import Digest, combine, digest, digest_chunk
from generator.site.evidence import evidence_candidates
from generator.site.feeds import feed_files
from generator.site.home_data import home_data
from generator.site.previews import preview_files
from generator.site.suggest import verdicts_skeleton
from generator.site.writers.appearances import APPEARANCES, appearance_pages
from generator.site.writers.feed import FeedSettings, feed_path
from generator.site.writers.glossary import TITLE as GLOSSARY_TITLE
from generator.site.writers.glossary import glossary_page, group_terms
from generator.site.writers.home import as_of as newest_date
from generator.site.writers.home import home_brief
from generator.site.writers.markdown import Inliner
from generator.site.writers.paging import PAGE_BYTES, Part, first_page, locator
from generator.site.writers.predictions import prediction_card, prediction_parts, predictions_pages
from generator.site.writers.source import display_title, source_page_markdown, sources_index_pages, sources_index_parts
from generator.site.writers.stamp import stamped
from generator.site.writers.timeline import event_json as timeline_event_json
from generator.site.writers.timeline import timeline_entry, timeline_json, timeline_pages, timeline_parts
from generator.site.writers.topic import source_group, source_groups, topic_pages, topic_parts, topics_index
from generator.sources.loader import load_sources
from generator.timeline.entries import TimelineEntry, merge_entries, prediction_key, predictions_from, timeline_entries
from generator.timeline.evidence import Candidate
from generator.timeline.ledger import Prediction, Verdict, ledger_as_of, load_verdicts
from generator.timeline.merge_index import persisted_groups


@dataclass(frozen=True)
class Site:
    """Everything the writers need, fully resolved."""

    sources: tuple[Source, ...]
    passages: tuple[Passage, ...]
    topics: tuple[Topic, ...]
    classification: Classification
    figures: Mapping[str, tuple[Figure, ...]]  # topic id -> key figures, most notable first
    terms: tuple[Term, ...]
    term_notes: Mapping[str, str]
    timeline: tuple[TimelineEntry, ...]
    predictions: tuple[Prediction, ...]
    verdicts: Mapping[str, Verdict]
    as_of: dt.date | None
    warnings: tuple[BriefingError, ...] = ()  # files skipped
    notices: tuple[BriefingError, ...] = ()  # problems in sources the build worked around
    parsed: int = 0
    by_slug: Mapping[str, Source] = field(default_factory=dict)
    keys: Mapping[str, str] = field(default_factory=dict)  # slug -> cache key of the source and the topics
    term_others: Mapping[str, tuple[Term, ...]] = field(default_factory=dict)  # term id -> other sources' definitions
    evidence: Mapping[str, tuple[Candidate, ...]] = field(default_factory=dict)  # prediction id -> possible evidence, best first
    page_bytes: int = PAGE_BYTES  # Markdown per page of a topic, the timeline, the ledger (see `paging`)
    # Page one of a split page -> its later pages, recorded as they are rendered: the nav and the
    # search filters need them after the build, and only rendering tells how big a page is.
    layout: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def topic_titles(self) -> dict[str, str]:
        """Topic id -> title, in display order."""
        return {t.id: t.title for t in self.topics}


def load_site(settings: Settings, progress: Callable[..., Iterable] | None = None, memo: Memo | None = None,
              pool: Workers | None = None) -> Site:
    """Read sources and curated files and build the Site model.

    Per-source work comes from `memo` when its inputs are unchanged (see
    `digest`); only the corpus-wide steps run on every build.

    Raises:
        BriefingError: any input the user must fix.
    """
    memo = memo or Memo(settings.cache_dir)
    loaded = load_sources(settings, progress, memo, pool)
    folder = settings.curation_dir / "topics"
    topics = load_topics(folder, settings.display(folder))
    matcher = build_matcher(topics)
    topics_key = key_of(topics)
    keys = {s.slug: key_of(k, topics_key) for s, k in zip(loaded.sources, loaded.keys, strict=True)}
    missing = [(s, keys[s.slug]) for s in loaded.sources if not memo.has("digests", keys[s.slug])]
    if pool and pool.wanted(len(missing)):
        _digest_in_workers(memo, missing, topics, pool, progress)
    todo = progress(loaded.sources, "topics and dates") if progress else loaded.sources
    digests = [memo.get("digests", keys[s.slug], functools.partial(digest, s, topics, matcher)) for s in todo]
    passages = tuple(p for d in digests for p in d.passages)
    errors = validate_passage_ids(topics, (p.id for p in passages))
    if errors:
        raise errors[0]
    classification = combine((d.classification for d in digests), topics)
    figures = {t.id: tuple(_topic_figures(t, classification, digests)) for t in topics}
    terms, notes, others, clashes = load_glossary(settings, (t for d in digests for t in d.terms), memo)
    # The merge compares statements across the corpus: kept under the keys of every digest,
    # so a build where no source changed skips it; otherwise it updates the last build's groups.
    timeline = memo.get("timelines", key_of(tuple(keys.values())),
                        lambda: tuple(merge_entries([e for d in digests for e in d.entries], persisted_groups(memo))),
                        disk=not memo.keep)
    by_slug = {s.slug: s for s in loaded.sources}
    predictions = tuple(predictions_from(timeline, by_slug))
    timeline = timeline_entries(timeline)  # vague forecasts stay on the ledger only
    verdict_file = settings.curation_dir / "verdicts.yml"
    verdicts = load_verdicts(verdict_file, {p.id: p.statement for p in predictions}, settings.display(verdict_file),
                             passage_ids={p.id for p in passages})
    as_of = ledger_as_of(s.meta.date for s in loaded.sources)
    # Ranks every passage against every started prediction: kept, like the merge, under every digest's key.
    evidence = memo.get("evidence", key_of(tuple(keys.values()), terms, as_of),
                        lambda: evidence_candidates(predictions, passages, loaded.sources, as_of, classification.topics_of, terms, memo, keys),
                        disk=not memo.keep)
    term_problems = [e for d in digests for e in d.term_problems]
    date_problems = [e for d in digests for e in d.date_problems]
    return Site(
        sources=loaded.sources, passages=passages, topics=topics, classification=classification, figures=figures,
        terms=terms, term_notes=notes, term_others=others, timeline=timeline, predictions=predictions, verdicts=verdicts,
        as_of=as_of, evidence=evidence,
        warnings=loaded.warnings,
        notices=tuple(_in_seeds((*_source_notices(loaded.sources, settings), *term_problems, *clashes, *date_problems),
                                loaded.sources, settings)),
        parsed=loaded.read, by_slug=by_slug, keys=keys, page_bytes=settings.page_kb * 1024,
    )


def _source_notices(sources: Sequence[Source], settings: Settings) -> Iterator[BriefingError]:
    for source in sources:
        for notice in source.notices:
            yield BriefingError(notice.message, f"{settings.seeds}/{source.path}", notice.line)


def _in_seeds(notices: Iterable[BriefingError], sources: Sequence[Source], settings: Settings) -> Iterator[BriefingError]:
    """Notices that name a source by its file name or slug, named `seeds/<file>` as the user sees it."""
    files = {s.slug: s.path for s in sources} | {s.path: s.path for s in sources}
    for notice in notices:
        if notice.path in files:
            notice = BriefingError(notice.message, f"{settings.seeds}/{files[notice.path]}", notice.line, notice.field)
        yield notice


def _digest_in_workers(memo: Memo, todo: list[tuple[Source, str]], topics: Sequence[Topic], pool: Workers,
                       progress: Callable[..., Iterable] | None) -> None:
    """Digest many sources on every core into `memo` (under their keys)."""
    results = pool.map(functools.partial(digest_chunk, topics=topics), [source for source, _ in todo], progress, "topics and dates")
    for (_, key), data in zip(todo, results, strict=True):
        if data is not None:
            memo.put_pickled("digests", key, data)


def _inliner(matcher: TermMatcher, page: str) -> Inliner:
    return Inliner(lambda term: link(page, GLOSSARY, term.id), matcher.segments)


def _render(matcher: TermMatcher, what: str, *args: Any) -> tuple[str, Counter[str]]:
    """A source's page or one source's group on a topic page, with the glossary
    terms it mentions: the parts of pages kept between builds."""
    if what == "source":
        (source,) = args
        page = source_page(source.slug)
        return source_page_markdown(source, _inliner(matcher, page)), count_occurrences(matcher, source_texts(source))
    slug, passages, source, page = args
    return source_group(slug, passages, source, _inliner(matcher, page), page), count_occurrences(matcher, (p.text for p in passages))


def _render_in_workers(site: Site, memo: Memo, key: Callable[[str, str], str], pool: Workers) -> None:
    """Render many missing source pages and groups on every core into `memo`.

    One job per source, its page and its groups on topic pages together,
    so a worker receives each source once.
    """
    by_topic = {topic_page(t.id): source_groups(site.classification.included(t.id), site.by_slug) for t in site.topics}
    jobs: list[tuple[Source, list[tuple[str, str, str, list[Passage] | None]]]] = []  # source, [(kind, key, page, passages)]
    for source in site.sources:
        parts = [("source-pages", key(source.slug, ""), source_page(source.slug), None)]
        parts += [("topic-groups", key(source.slug, page), page, groups[source.slug]) for page, groups in by_topic.items()
                  if source.slug in groups]
        parts = [part for part in parts if not memo.has(part[0], part[1])]
        if parts:
            jobs.append((source, parts))
    if not pool.wanted(sum(len(parts) for _, parts in jobs)):
        return
    sent = [(source, [(page, passages) for _, _, page, passages in parts]) for source, parts in jobs]
    for (_, parts), results in zip(jobs, pool.map(functools.partial(_render_chunk, terms=site.terms), sent), strict=True):
        for (kind, part_key, _, _), data in zip(parts, results or [None] * len(parts), strict=True):
            if data is not None:
                memo.put_pickled(kind, part_key, data)


def _render_chunk(jobs: bytes, terms: Sequence[Term]) -> list[list[bytes]]:
    """In a worker: for each (source, [(page, passages or None for its own page)]), the pickled `_render` results."""
    matcher = TermMatcher(terms)
    out = []
    for source, parts in pickle.loads(jobs):
        out.append([dumps(_render(matcher, "source", source) if passages is None
                          else _render(matcher, "group", source.slug, passages, source, page)) for page, passages in parts])
    return out


def _topic_figures(topic: Topic, classification: Classification, digests: Iterable[Digest]) -> list[Figure]:
    """A topic's key figures, most notable first, from its included passages."""
    included = {m.passage.id for m in classification.included(topic.id)}
    return rank_figures((f for d in digests for f in d.figures if f.passage.id in included), relevant=keyword_test(topic))


def load_glossary(settings: Settings, parsed: Iterable[Term], memo: Memo | None = None
                  ) -> tuple[tuple[Term, ...], dict[str, str], dict[str, tuple[Term, ...]], list[BriefingError]]:
    """Source terms + curation/glossary.yml -> terms, editorial notes, other sources' definitions, notices."""
    path = settings.curation_dir / "glossary.yml"
    display = settings.display(path)
    memo = memo or Memo()
    curated = memo.get("curated-terms", file_key(path, display), lambda: tuple(load_curated_terms(path, display=display)), disk=False)
    glossary = merge_glossary(parsed, curated)
    return glossary.terms, editorial_notes(glossary.terms, curated), glossary.others, list(glossary.problems)


def iter_pages(site: Site, memo: Memo | None = None, pool: Workers | None = None,
               feeds: FeedSettings | None = None) -> Iterator[tuple[str, str]]:
    """Every generated page as (path inside the generated folder, Markdown text), one at a time.

    Each page ends with its "资料截至" line (the newest source date; the
    home brief has its own at the top). Then come the per-source preview
    files of the citation popovers and "cited by" markers (`previews`).
    See `_pages` for the other arguments.

    Args:
        feeds: where the site is published: the RSS and JSON feeds follow
            the pages, and the home brief links them. None: no feeds.
    """
    date = newest_date(site.sources)
    for path, text in _pages(site, memo, pool, feeds is not None):
        yield path, (stamped(text, date) if path.endswith(".md") and path != HOME_BRIEF else text)
    yield from preview_files(site)
    if feeds:
        yield from feed_files(site, feeds)


def _pages(site: Site, memo: Memo | None = None, pool: Workers | None = None, feeds: bool = False) -> Iterator[tuple[str, str]]:
    """The generated pages and files, before the as-of line.

    One at a time, so a big corpus never holds all its pages in memory.
    A source's page and its groups on topic pages come from `memo` when the
    source, the topics and the glossary are unchanged; the pages that
    gather the whole corpus are rendered on every build.

    Args:
        pool: worker processes for many missing source pages and groups;
            by default, this process renders them.
    """
    memo = memo or Memo()
    matcher = TermMatcher(site.terms)  # built once, shared by every page
    glossary = key_of(site.terms)

    def inliner(page: str) -> Inliner:
        return _inliner(matcher, page)

    @functools.cache  # asked twice per part: by the workers' check, then by the render loop
    def key(slug: str, extra: str) -> str:
        return key_of(site.keys.get(slug, slug), extra, glossary)

    if pool:
        _render_in_workers(site, memo, key, pool)

    counts: dict[str, Counter[str]] = {}  # page -> term counts, for the glossary's "appears in"
    for source in site.sources:
        page = source_page(source.slug)
        text, counts[page] = memo.get("source-pages", key(source.slug, ""), functools.partial(_render, matcher, "source", source))
        yield page, text
    index_parts = sources_index_parts(site.sources, SOURCES_INDEX, site.page_bytes)
    yield from _family(site, sources_index_pages(site.sources, SOURCES_INDEX, parts=index_parts), index_parts)
    page_titles = {source_page(s.slug): display_title(s) for s in site.sources}
    group_pages: dict[tuple[str, str], str] = {}  # (slug, topic id) -> later page of a split topic holding its group
    for topic in site.topics:
        page = topic_page(topic.id)
        found_in: dict[str, Counter[str]] = {}  # slug -> terms its group mentions

        def group(slug: str, passages: Sequence[Passage], page: str = page, found_in: dict[str, Counter[str]] = found_in) -> str:
            text, found_in[slug] = memo.get("topic-groups", key(slug, page),
                                            functools.partial(_render, matcher, "group", slug, passages, site.by_slug.get(slug), page))
            return text

        included = site.classification.included(topic.id)
        parts = topic_parts(topic, included, site.by_slug, page, group, site.page_bytes)
        yield from _family(site, topic_pages(topic, included, site.figures[topic.id], site.by_slug, site.topics, inliner(page), page,
                                             group, site.page_bytes, parts), parts)
        for n, part in enumerate(parts):
            group_pages.update({(piece.anchors[0].removeprefix("src-"), topic.id): part.path for piece in part.pieces} if n else {})
            counts[part.path] = total = Counter()  # added up in place: `sum` of Counters copies every one
            for piece in part.pieces:
                total.update(found_in[piece.anchors[0].removeprefix("src-")])
            page_titles[part.path] = topic.title if n == 0 else f"{topic.title} · 第 {n + 1} 页"
    yield TOPICS_INDEX, topics_index(site.topics, site.classification, site.by_slug, TOPICS_INDEX)
    titles = site.topic_titles
    context = key_of(titles, glossary, site.as_of)  # what every entry and card also depends on
    timeline_inliner, predictions_inliner = inliner(TIMELINE), inliner(PREDICTIONS)

    entry_keys: dict[int, tuple[TimelineEntry, str]] = {}  # id -> (the entry, held so that its id stays its own, its key)

    def entry_key(e: TimelineEntry) -> str:
        kept = entry_keys.get(id(e))
        if kept is None or kept[0] is not e:
            kept = entry_keys[id(e)] = (e, key_of(e, context))
        return kept[1]

    def entry(e: TimelineEntry) -> str:
        # A citation's title is its source's: the entry itself says all the rest.
        make = functools.partial(timeline_entry, e, site.by_slug, titles, timeline_inliner, TIMELINE)
        return memo.get("timeline-entries", entry_key(e), make)

    def event(e: TimelineEntry) -> str:
        # Under `mkdocs serve` only: an unchanged entry's JSON is not encoded again (reading it from disk costs as much).
        return memo.get("timeline-events", entry_key(e), functools.partial(timeline_event_json, e, titles), disk=False)

    timeline_parts_ = timeline_parts(site.timeline, site.by_slug, titles, timeline_inliner, TIMELINE, entry, site.page_bytes)
    yield from _family(site, timeline_pages(site.timeline, site.by_slug, titles, timeline_inliner, TIMELINE, entry, site.page_bytes,
                                            timeline_parts_), timeline_parts_)
    entry_page = locator(timeline_parts_)
    for n, part in enumerate(timeline_parts_):
        counts[part.path] = count_occurrences(matcher, (e.summary for piece in part.pieces for s in piece.items for e in s.entries))
        page_titles[part.path] = "时间线" if n == 0 else f"时间线 · {part.label}"
    passages = {p.id: p for p in site.passages}

    def card(p: Prediction) -> str:
        source, verdict, candidates = site.by_slug.get(p.made_by), site.verdicts.get(p.id), site.evidence.get(p.id, ())
        # Evidence previews show passages of other sources: their text and titles are part of the card.
        cited = [c.passage for c in candidates] + ([verdict.evidence] if verdict and verdict.internal else [])
        shown = {pid: passages[pid] for pid in cited if pid in passages}
        refs = [(pid, passage.text, site.by_slug.get(passage.source) and display_title(site.by_slug[passage.source]))
                for pid, passage in shown.items()]
        where = (p.entry and entry_page(p.entry)) or TIMELINE
        make = functools.partial(prediction_card, p, verdict, site.by_slug, titles, predictions_inliner, PREDICTIONS, site.as_of,
                                 candidates, shown, where)
        return memo.get("prediction-cards", key_of(p, verdict, source and display_title(source), context, candidates, refs, where), make)

    ledger = prediction_parts(sorted(site.predictions, key=prediction_key), card, PREDICTIONS, site.page_bytes)
    yield from _family(site, predictions_pages(site.predictions, site.verdicts, site.by_slug, titles, predictions_inliner, PREDICTIONS,
                                               site.as_of, card, budget=site.page_bytes, parts=ledger), ledger)
    yield TIMELINE_JSON, timeline_json(site.timeline, titles, event if memo.keep else None)
    page_titles.update({topic_page(t.id): t.title for t in site.topics})
    found = collect_appearances(counts)
    yield GLOSSARY, glossary_page(site.terms, found, site.by_slug, page_titles, inliner(GLOSSARY), GLOSSARY, site.term_notes,
                                  site.term_others)
    # The full lists of the terms the glossary cuts: a page the nav leaves out, like a split page's later ones.
    in_order = [t for g in group_terms(site.terms) for t in g.terms]
    full_lists, list_parts = appearance_pages(in_order, found, page_titles, site.page_bytes)
    yield from full_lists
    site.layout.pop(APPEARANCES, None)
    if list_parts:
        site.layout[APPEARANCES] = tuple(part.path for part in list_parts[1:])
    home = home_data(site.sources, site.topics, site.classification, site.figures, site.timeline, site.predictions, site.verdicts)
    links = ((feed_path("all", "xml"), "RSS"), (feed_path("all", "json"), "JSON Feed")) if feeds else ()
    yield HOME_BRIEF, home_brief(dataclasses.replace(home, feeds=links, group_pages=group_pages))


def _family(site: Site, pages: list[tuple[str, str]], parts: Sequence[Part]) -> list[tuple[str, str]]:
    """A split page's files, as they are; its later pages recorded on the site (see `Site.layout`)."""
    if len(parts) > 1:
        site.layout[parts[0].path] = tuple(part.path for part in parts[1:])
    else:
        site.layout.pop(parts[0].path, None)
    return pages


def suggest_verdicts(site: Site, due_only: bool = False) -> str:
    """`briefing verdicts suggest`: a YAML skeleton for curation/verdicts.yml (see `suggest.verdicts_skeleton`)."""
    passages = {p.id: p for p in site.passages}
    return verdicts_skeleton(site.predictions, site.verdicts, site.evidence, passages, site.as_of, due_only)


NAV_MAX_SOURCES = 100  # default of the plugin's `nav_max_sources`: beyond it, the sources index alone lists them


def nav(site: Site, max_sources: int = NAV_MAX_SOURCES) -> list:
    """MkDocs `nav` for the generated pages, under the hand-written home page.

    A corpus of more than `max_sources` sources lists its sources on the
    sources index only (see `unlisted_pages`): every page carries the whole
    visible nav, so listing N sources would make N pages of N links each.

    Titles are HTML-escaped: MkDocs and Material insert nav titles as markup.
    """

    def g(page: str) -> str:
        return f"{GENERATED_DIR}/{page}"

    listed = site.sources if len(site.sources) <= max_sources else ()
    return [
        {"首页": "index.md"},
        {"专题": [g(TOPICS_INDEX)] + [{html.escape(t.title): g(topic_page(t.id))} for t in site.topics]},
        {"时间线": [g(TIMELINE), {"预测账本": g(PREDICTIONS)}]},
        {GLOSSARY_TITLE: g(GLOSSARY)},
        {"来源": [g(SOURCES_INDEX)] + [{html.escape(display_title(s)): g(source_page(s.slug))} for s in listed]},
    ]


def unlisted_pages(site: Site, max_sources: int = NAV_MAX_SOURCES) -> set[str]:
    """Generated pages (docs-relative paths) that `nav` leaves out on purpose: the
    later pages of a split page (its first page maps them all), and the sources
    of a big corpus."""
    later = {f"{GENERATED_DIR}/{page}" for pages in site.layout.values() for page in pages}
    later |= {f"{GENERATED_DIR}/{APPEARANCES}"} if APPEARANCES in site.layout else set()
    if len(site.sources) <= max_sources:
        return later
    return later | {f"{GENERATED_DIR}/{source_page(s.slug)}" for s in site.sources}


def family_of(site: Site, page: str) -> str:
    """The page (generated-folder path) whose family `page` belongs to: itself, or page one of a split page."""
    return first_page(page, site.layout) or page
