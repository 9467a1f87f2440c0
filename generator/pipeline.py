"""Sources + curation -> Site model -> rendered pages. Pure apart from reading inputs.

Pelican's two phases: read everything into one Site model first, then
render every page from it; `output.write_pages` alone touches the disk.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .classify import Classification, classify, heading_parents, keyword_test
from .config import Settings
from .errors import BriefingError
from .figures import key_figures
from .glossary import TermMatcher, appearances, editorial_notes, load_curated_terms, merge_terms, parse_terms, source_texts
from .home_data import home_data
from .ledger import Prediction, Verdict, ledger_as_of, load_verdicts
from .model import Passage, Source, Term
from .passages import source_passages
from .paths import (
    GENERATED_DIR, GLOSSARY, HOME_BRIEF, PREDICTIONS, SOURCES_INDEX, TIMELINE, TIMELINE_JSON, TOPICS_INDEX,
    link, source_page, topic_page,
)
from .sources import load_sources
from .timeline import TimelineEntry, extract_entries, merge_entries, predictions_from
from .topics import Topic, load_topics, validate_passage_ids
from .writers.glossary import TITLE as GLOSSARY_TITLE
from .writers.glossary import glossary_page
from .writers.home import home_brief
from .writers.markdown import Inliner
from .writers.predictions import predictions_page
from .writers.source import display_title, source_page_markdown, sources_index
from .writers.timeline import timeline_json, timeline_page
from .writers.topic import topic_page as topic_page_markdown
from .writers.topic import topics_index


@dataclass(frozen=True)
class Site:
    """Everything the writers need, fully resolved."""

    sources: tuple[Source, ...]
    passages: tuple[Passage, ...]
    topics: tuple[Topic, ...]
    classification: Classification
    terms: tuple[Term, ...]
    term_notes: Mapping[str, str]
    timeline: tuple[TimelineEntry, ...]
    predictions: tuple[Prediction, ...]
    verdicts: Mapping[str, Verdict]
    as_of: dt.date | None
    warnings: tuple[BriefingError, ...] = ()
    parsed: int = 0
    by_slug: Mapping[str, Source] = field(default_factory=dict)

    @property
    def topic_titles(self) -> dict[str, str]:
        """Topic id -> title, in display order."""
        return {t.id: t.title for t in self.topics}


def load_site(settings: Settings, progress: Callable[[Iterable], Iterable] | None = None) -> Site:
    """Read sources and curated files and build the Site model.

    Raises:
        BriefingError: any input the user must fix.
    """
    loaded = load_sources(settings, progress)
    per_source = {s.slug: source_passages(s) for s in loaded.sources}
    passages = tuple(p for s in loaded.sources for p in per_source[s.slug])
    folder = settings.curation_dir / "topics"
    topics = load_topics(folder, settings.display(folder))
    errors = validate_passage_ids(topics, (p.id for p in passages))
    if errors:
        raise errors[0]
    classification = classify(passages, topics, heading_parents(loaded.sources))
    terms, notes, term_problems = load_glossary(settings, loaded.sources)
    entries, date_problems = [], []
    for source in loaded.sources:
        found, problems = extract_entries(source, per_source[source.slug], classification.topics_of)
        entries += found
        date_problems += problems
    timeline = tuple(merge_entries(entries))
    by_slug = {s.slug: s for s in loaded.sources}
    predictions = tuple(predictions_from(timeline, by_slug))
    verdict_file = settings.curation_dir / "verdicts.yml"
    verdicts = load_verdicts(verdict_file, [p.id for p in predictions], settings.display(verdict_file))
    return Site(
        sources=loaded.sources, passages=passages, topics=topics, classification=classification,
        terms=terms, term_notes=notes, timeline=timeline, predictions=predictions, verdicts=verdicts,
        as_of=ledger_as_of(s.meta.date for s in loaded.sources),
        warnings=(*loaded.warnings, *term_problems, *date_problems), parsed=loaded.read, by_slug=by_slug,
    )


def load_glossary(settings: Settings, sources: Iterable[Source]) -> tuple[tuple[Term, ...], dict[str, str], list[BriefingError]]:
    """Terms tables of all sources + curation/glossary.yml -> terms, editorial notes, problems (warnings)."""
    parsed, problems = [], []
    for source in sources:
        found, issues = parse_terms(source)
        parsed += found
        problems += issues
    path = settings.curation_dir / "glossary.yml"
    curated = load_curated_terms(path, display=settings.display(path))
    terms, clashes = merge_terms(parsed, curated)
    return terms, editorial_notes(terms, curated), problems + clashes


def render_pages(site: Site) -> dict[str, str]:
    """Every generated page: path inside the generated folder -> Markdown text."""
    matcher = TermMatcher(site.terms)  # built once, shared by every page

    def inliner(page: str) -> Inliner:
        return Inliner(lambda term: link(page, GLOSSARY, term.id), matcher.segments)

    pages: dict[str, str] = {}
    shown: dict[str, list[str]] = {}  # page -> texts, for the glossary's "appears in"
    for source in site.sources:
        page = source_page(source.slug)
        pages[page] = source_page_markdown(source, inliner(page))
        shown[page] = source_texts(source)
    pages[SOURCES_INDEX] = sources_index(site.sources, SOURCES_INDEX)
    for topic in site.topics:
        page = topic_page(topic.id)
        included = site.classification.included(topic.id)
        figures = key_figures([m.passage for m in included], relevant=keyword_test(topic))
        pages[page] = topic_page_markdown(topic, included, figures, site.by_slug, site.topics, inliner(page), page)
        shown[page] = [m.passage.text for m in included]
    pages[TOPICS_INDEX] = topics_index(site.topics, site.classification, site.by_slug, TOPICS_INDEX)
    titles = site.topic_titles
    pages[TIMELINE] = timeline_page(site.timeline, site.by_slug, titles, inliner(TIMELINE), TIMELINE)
    shown[TIMELINE] = [e.summary for e in site.timeline]
    pages[PREDICTIONS] = predictions_page(site.predictions, site.verdicts, site.by_slug, titles, inliner(PREDICTIONS), PREDICTIONS, site.as_of)
    pages[TIMELINE_JSON] = timeline_json(site.timeline, titles)
    page_titles = {source_page(s.slug): display_title(s) for s in site.sources}
    page_titles.update({topic_page(t.id): t.title for t in site.topics})
    page_titles[TIMELINE] = "时间线"
    pages[GLOSSARY] = glossary_page(site.terms, appearances(matcher, shown), site.by_slug, page_titles, inliner(GLOSSARY), GLOSSARY, site.term_notes)
    pages[HOME_BRIEF] = home_brief(home_data(site.sources, site.topics, site.classification, site.timeline, site.predictions, site.verdicts))
    return pages


def nav(site: Site) -> list:
    """MkDocs `nav` for the generated pages, under the hand-written home page.

    Titles are HTML-escaped: MkDocs and Material insert nav titles as markup.
    """

    def g(page: str) -> str:
        return f"{GENERATED_DIR}/{page}"

    return [
        {"首页": "index.md"},
        {"专题": [g(TOPICS_INDEX)] + [{html.escape(t.title): g(topic_page(t.id))} for t in site.topics]},
        {"时间线": [g(TIMELINE), {"预测账本": g(PREDICTIONS)}]},
        {GLOSSARY_TITLE: g(GLOSSARY)},
        {"来源": [g(SOURCES_INDEX)] + [{html.escape(display_title(s)): g(source_page(s.slug))} for s in site.sources]},
    ]
