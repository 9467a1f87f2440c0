"""Per-source preview data: each passage's text and section, and what cites it.

The browser reads one small JSON file per source, `previews/<slug>.json`,
only when a reader points at a citation of that source (or opens that
source's page, for its "cited by" markers): docs/javascripts/citations.js.
A file rather than the built source page, because a page carries the
theme, the navigation and every passage's markup (several times the
text); a file rather than data inside each citing page, because a topic
page or the timeline cites hundreds of passages of many sources, and at
10,000 sources embedding them would grow every such page with the corpus.

Format (compact keys, documented here and read only by citations.js):

    {"t": source title, "d": source date ('' if undated),
     "s": [section titles], "p": {anchor: [text, index in "s"]},
     "w": [[page, anchor, label], ...], "c": {anchor: [indexes in "w"]}}

The citing places ("w") are listed once per source: the passages of one
source on one topic page all point to the same group there.

`page` is a generated page's path without `.md` (`topics/agents`): the
script turns it into an address for either `use_directory_urls` setting.
Everything is text, inserted with `textContent`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator

from generator.core.paths import GLOSSARY, PREDICTIONS, TIMELINE, topic_page
from generator.core.text import short
from generator.glossary import CURATED
from generator.site.writers.source import display_title
from generator.site.writers.topic import source_anchor

PREVIEWS_DIR = "previews"
LABEL_MAX = 40  # characters of a citing entry's text in a "cited by" list

Citing = tuple[str, str, str]  # (page without .md, anchor, label)


def preview_path(slug: str) -> str:
    """Path of a source's preview data inside the generated folder."""
    return f"{PREVIEWS_DIR}/{slug}.json"


def cited_by(site) -> dict[str, list[Citing]]:
    """Passage id -> the places that cite it: topic pages, timeline entries, predictions, glossary entries.

    Each place once per passage, in the order the site lists them
    (topics, timeline, ledger, glossary).

    Args:
        site: the `pipeline.Site` model (typed loosely: the pipeline imports this module).
    """
    found: dict[str, dict[Citing, None]] = defaultdict(dict)
    for topic in site.topics:
        page = _page(topic_page(topic.id))
        for match in site.classification.included(topic.id):
            found[match.passage.id][(page, source_anchor(match.passage.source), f"专题：{topic.title}")] = None
        for figure in site.figures.get(topic.id, ()):
            found[figure.passage.id][(page, "", f"专题：{topic.title}（关键数字）")] = None
    for entry in site.timeline:
        for c in entry.sources:
            if c.anchor:
                found[f"{c.source}/{c.anchor}"][
                    (_page(TIMELINE), entry.id, f"时间线 {entry.date.label}：{short(entry.summary, LABEL_MAX)}")
                ] = None
    for p in site.predictions:
        label = f"预测：{short(p.statement, LABEL_MAX)}"
        if p.anchor:
            found[f"{p.made_by}/{p.anchor}"][(_page(PREDICTIONS), p.id, label)] = None
        verdict = site.verdicts.get(p.id)
        if verdict is not None and verdict.internal:
            found[verdict.evidence][(_page(PREDICTIONS), p.id, f"{label}（评定的证据）")] = None
    for term in site.terms:
        if term.source != CURATED and term.anchor:
            found[f"{term.source}/{term.anchor}"][(_page(GLOSSARY), term.id, f"术语表：{term.name}")] = None
    return {pid: list(places) for pid, places in found.items()}


def preview_files(site) -> Iterator[tuple[str, str]]:
    """Every source's preview data as (path inside the generated folder, JSON text)."""
    citing = cited_by(site)
    by_source: dict[str, list] = defaultdict(list)
    for passage in site.passages:
        by_source[passage.source].append(passage)
    for source in site.sources:
        sections: dict[str, int] = {}
        places: dict[Citing, int] = {}
        passages, cites = {}, {}
        for p in by_source.get(source.slug, ()):
            passages[p.anchor] = [p.text, sections.setdefault(p.section_title, len(sections))]
            if p.id in citing:
                cites[p.anchor] = [places.setdefault(c, len(places)) for c in citing[p.id]]
        data = {
            "t": display_title(source),
            "d": source.meta.date,
            "s": list(sections),
            "p": passages,
            "w": [list(c) for c in places],
            "c": cites,
        }
        yield preview_path(source.slug), json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _page(path: str) -> str:
    return path.removesuffix(".md")
