"""The Site model -> feed items: what changed, for RSS and JSON Feed readers.

One feed for the whole site and one per topic, each holding:

- sources, dated by the source's date (undated sources have no date and come last);
- timeline entries, dated by the start of their period, once that period
  has begun by the newest source date (a prediction about 2030 is not news
  until a source from 2030 arrives, and would otherwise top every reader's
  list for years);
- predictions with a verdict, dated by the verdict. A verdict carries no
  date of its own, so its date is derived, never the clock: the date of the
  source its evidence passage comes from; else the end of the prediction's
  target period, or the newest source date if that comes first (a verdict
  cannot be older than what it judges, nor newer than the sources).

Ids come from content (a source's slug, an entry's or a prediction's id,
plus the verdict's status, so a changed verdict is a new item), never from
the build; the newest `MAX_ITEMS` items are kept, by date then id.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from generator.core.paths import PREDICTIONS, TIMELINE, source_page, topic_page
from generator.dates.find import parse_iso
from generator.site.writers.feed import FeedItem, FeedSettings, feed_path, json_feed, rss
from generator.site.writers.source import display_title, kind_label
from generator.site.writers.topic import source_anchor
from generator.timeline.ledger import STATUS_LABELS, Prediction, Verdict, is_passage_ref

MAX_ITEMS = 100  # per feed: readers poll the newest items; the site holds the rest


@dataclass(frozen=True, slots=True)
class Feed:
    """One feed before rendering: its file stem (`all`, a topic id), title and items, newest first."""

    stem: str
    title: str
    page: str  # the page the feed is about (home: '../index.md')
    items: tuple[FeedItem, ...]


def feeds(site, name: str) -> list[Feed]:
    """The whole-site feed, then one per topic, in display order.

    Args:
        site: the `pipeline.Site` model (typed loosely: pipeline imports this module).
        name: the site's name, the whole-site feed's title.
    """
    out = [Feed("all", name, "../index.md", _newest(_items(site, None)))]
    for topic in site.topics:
        out.append(Feed(topic.id, f"{name}：{topic.title}", topic_page(topic.id), _newest(_items(site, topic.id))))
    return out


def feed_files(site, settings: FeedSettings) -> Iterator[tuple[str, str]]:
    """Every feed as (path inside the generated folder, text): RSS 2.0 and JSON Feed 1.1 each."""
    for feed in feeds(site, settings.name):
        yield feed_path(feed.stem, "xml"), rss(feed.stem, feed.title, feed.page, feed.items, settings)
        yield feed_path(feed.stem, "json"), json_feed(feed.stem, feed.title, feed.page, feed.items, settings)


def _newest(items: Iterable[FeedItem]) -> tuple[FeedItem, ...]:
    dated = sorted(items, key=lambda i: (i.date or dt.date.min, i.id), reverse=True)
    return tuple(dated[:MAX_ITEMS])


def _items(site, topic: str | None) -> Iterator[FeedItem]:
    as_of = site.as_of
    included = set(site.classification.per_source(topic)) if topic else None
    for s in site.sources:
        if included is None or s.slug in included:
            page, anchor = (topic_page(topic), source_anchor(s.slug)) if topic else (source_page(s.slug), "")
            facts = " · ".join(f for f in (kind_label(s), s.meta.publisher, s.meta.date) if f)
            yield FeedItem(
                f"source:{s.slug}",
                f"新来源：{display_title(s)}",
                s.meta.description or facts,
                page,
                anchor,
                parse_iso(s.meta.date).start if s.meta.date else None,
            )
    for e in site.timeline:
        if (topic is None or topic in e.topics) and (as_of is None or e.date.start <= as_of):
            title = site.by_slug[e.sources[0].source].meta.title if e.sources[0].source in site.by_slug else ""
            text = e.summary + (f"（{title}）" if title else "")
            yield FeedItem(f"entry:{e.id}", f"{e.date.label}：{e.summary}", text, TIMELINE, e.id, e.date.start)
    for p in site.predictions:
        verdict = site.verdicts.get(p.id)
        if verdict and (topic is None or topic in p.topics):
            label = STATUS_LABELS.get(verdict.status, verdict.status)
            yield FeedItem(
                f"verdict:{p.id}:{verdict.status}",
                f"预测评定为{label}：{p.statement}",
                verdict.note or p.statement,
                PREDICTIONS,
                p.id,
                verdict_date(p, verdict, site.by_slug, as_of),
            )


def verdict_date(prediction: Prediction, verdict: Verdict, sources, as_of: dt.date | None) -> dt.date:
    """The date a verdict is filed under (see the module docstring): derived from the inputs only."""
    if is_passage_ref(verdict.evidence):
        source = sources.get(verdict.evidence.split("/", 1)[0])
        if source is not None and source.meta.date:
            return parse_iso(source.meta.date).start
    end = prediction.target.end
    return min(end, as_of) if as_of else end


def feed_links(settings: FeedSettings, topics: Sequence[tuple[str, str]] = ()) -> list[tuple[str, str, str]]:
    """(MIME type, title, absolute address) of the whole-site feeds and the given topics' (id, title)."""
    out = []
    for stem, title in [("all", settings.name), *((tid, f"{settings.name}：{t}") for tid, t in topics)]:
        out.append(("application/rss+xml", f"{title}（RSS）", settings.url_of(feed_path(stem, "xml"))))
        out.append(("application/feed+json", f"{title}（JSON Feed）", settings.url_of(feed_path(stem, "json"))))
    return out


def feed_settings(settings) -> FeedSettings:
    """The feeds' part of the build `Settings` (which must have a `site_url`)."""
    return FeedSettings(settings.site_url, settings.site_name, settings.directory_urls)


def insert_autodiscovery(page_html: str, links: Sequence[tuple[str, str, str]]) -> str:
    """A built page with `<link rel="alternate">` for each feed just before `</head>` (unchanged without one)."""
    tags = "".join(
        f'<link rel="alternate" type="{kind}" title="{html.escape(title)}" href="{html.escape(url)}">' for kind, title, url in links
    )
    head = page_html.find("</head>")
    return page_html if head < 0 else page_html[:head] + tags + page_html[head:]
