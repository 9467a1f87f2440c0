"""Feed items -> RSS 2.0 and JSON Feed 1.1 text. Pure: items in, text out.

No field holds the build time (no `lastBuildDate`, no `updated` of the
feed): two builds of the same inputs give the same bytes. Plain text from
the sources goes into RSS `title` XML-escaped, and into `description`
HTML-escaped and then XML-escaped, since readers render a description as
HTML; JSON Feed carries it as `content_text`, which no reader renders as HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from generator.core.paths import GENERATED_DIR

FEEDS_DIR = "feeds"
# Characters XML 1.0 cannot hold at all, even as references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class FeedSettings:
    """Where the site is published, for the feeds' absolute links.

    Attributes:
        url: MkDocs' `site_url`, the address of the site's home page.
        name: MkDocs' `site_name`, the whole-site feed's title.
        directory_urls: MkDocs' `use_directory_urls` (`topics/agents/`, not `topics/agents.html`).
    """

    url: str
    name: str = "briefing"
    directory_urls: bool = True

    def url_of(self, page: str, anchor: str = "") -> str:
        """Absolute address of a generated page (path inside the generated folder; `../index.md` is home) or file."""
        path = posixpath.normpath(f"{GENERATED_DIR}/{page}")
        if path.endswith(".md"):
            path = path[:-3]
            if self.directory_urls:
                path = "" if path == "index" else (path[: -len("index")] if path.endswith("/index") else f"{path}/")
            else:
                path = f"{path}.html"
        base = self.url if self.url.endswith("/") else f"{self.url}/"
        return f"{base}{path}" + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One feed item. `id` is stable and from content; `page`/`anchor` say where it links."""

    id: str
    title: str
    text: str
    page: str
    anchor: str = ""
    date: dt.date | None = None


def feed_path(stem: str, ext: str) -> str:
    """Path of a feed inside the generated folder: `feeds/all.xml`, `feeds/<topic>.json`."""
    return f"{FEEDS_DIR}/{stem}.{ext}"


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _rfc822(date: dt.date) -> str:
    return format_datetime(dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC))


def _rfc3339(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def rss(stem: str, title: str, page: str, items: Sequence[FeedItem], settings: FeedSettings) -> str:
    """An RSS 2.0 document (with an Atom self link, as validators ask)."""
    self_url = settings.url_of(feed_path(stem, "xml"))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
        "<channel>",
        f"<title>{xml_escape(_clean(title))}</title>",
        f"<link>{xml_escape(settings.url_of(page))}</link>",
        f"<description>{xml_escape(_clean(title))}：新来源、时间线条目与预测评定</description>",
        "<language>zh-cn</language>",
        f'<atom:link href={quoteattr(self_url)} rel="self" type="application/rss+xml"/>',
    ]
    for item in items:
        lines += [
            "<item>",
            f"<title>{xml_escape(_clean(item.title))}</title>",
            f"<link>{xml_escape(settings.url_of(item.page, item.anchor))}</link>",
            f"<description>{xml_escape(html.escape(_clean(item.text)))}</description>",
            f'<guid isPermaLink="false">{xml_escape(item.id)}</guid>',
        ]
        if item.date:
            lines.append(f"<pubDate>{_rfc822(item.date)}</pubDate>")
        lines.append("</item>")
    lines += ["</channel>", "</rss>"]
    return "\n".join(lines) + "\n"


def json_feed(stem: str, title: str, page: str, items: Sequence[FeedItem], settings: FeedSettings) -> str:
    """A JSON Feed 1.1 document."""
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": settings.url_of(page),
        "feed_url": settings.url_of(feed_path(stem, "json")),
        "language": "zh-CN",
        "items": [_json_item(item, settings) for item in items],
    }
    return json.dumps(feed, ensure_ascii=False, indent=1) + "\n"


def _json_item(item: FeedItem, settings: FeedSettings) -> dict:
    out = {"id": item.id, "url": settings.url_of(item.page, item.anchor), "title": item.title, "content_text": item.text}
    if item.date:
        out["date_published"] = _rfc3339(item.date)
    return out
