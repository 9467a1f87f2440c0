"""RSS 2.0 and JSON Feed 1.1: parsed by feedparser (RSS) and checked against the JSON Feed spec.

The items and their dates come from the inputs; no field holds the build
time; two builds give byte-identical feeds; without `site_url` the build
says so and writes none.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from generator.build import build
from generator.core.config import Settings
from generator.dates.find import parse_iso
from generator.site.feeds import MAX_ITEMS, feed_links, feeds, insert_autodiscovery, verdict_date
from generator.site.pipeline import iter_pages
from generator.site.writers.feed import FeedSettings

ROOT = Path(__file__).resolve().parent.parent
URL = "https://example.org/brief/"
SETTINGS = FeedSettings(URL, "AI 简报")


@pytest.fixture(scope="module")
def files(seed_site) -> dict[str, str]:
    return {k: v for k, v in iter_pages(seed_site, feeds=SETTINGS) if k.startswith("feeds/")}


def day(entry) -> dt.date:
    return dt.date(*entry.published_parsed[:3])


def test_every_feed_is_written_in_both_formats(seed_site, files) -> None:
    stems = ["all", *(t.id for t in seed_site.topics)]
    assert sorted(files) == sorted(f"feeds/{s}.{ext}" for s in stems for ext in ("xml", "json"))


def test_the_site_feed_parses_with_its_items_and_dates(seed_site, files) -> None:
    parsed = feedparser.parse(files["feeds/all.xml"])
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    entries = parsed.entries
    assert len(entries) == MAX_ITEMS == len({e.id for e in entries})
    assert [day(e) for e in entries] == sorted((day(e) for e in entries), reverse=True)
    by_id = {e.id: e for e in entries}
    # Every source dated on or after the oldest item is in it, dated by its own date.
    oldest = day(entries[-1])
    for s in seed_site.sources:
        if s.meta.date and parse_iso(s.meta.date).start > oldest:
            assert day(by_id[f"source:{s.slug}"]) == parse_iso(s.meta.date).start
            assert by_id[f"source:{s.slug}"].link == f"{URL}briefing/sources/{s.slug}/"
    # Every verdict, dated by its derived date, linking to its card.
    for p in seed_site.predictions:
        verdict = seed_site.verdicts.get(p.id)
        item = by_id.get(f"verdict:{p.id}:{verdict.status}") if verdict else None
        if item is not None:
            assert day(item) == verdict_date(p, verdict, seed_site.by_slug, seed_site.as_of)
            assert item.link == f"{URL}briefing/predictions/#{p.id}"
    entry_items = [e for e in entries if e.id.startswith("entry:")]
    assert entry_items and all(e.link.startswith(f"{URL}briefing/timeline/#t-") for e in entry_items)


def test_timeline_items_are_dated_by_their_period_and_never_after_the_sources(seed_site, files) -> None:
    starts = {e.id: e.date.start for e in seed_site.timeline}
    for item in feedparser.parse(files["feeds/all.xml"]).entries:
        if item.id.startswith("entry:"):
            assert day(item) == starts[item.id.removeprefix("entry:")] <= seed_site.as_of


def test_no_build_time_anywhere(files) -> None:
    parsed = feedparser.parse(files["feeds/all.xml"])
    assert "updated" not in parsed.feed and "lastbuilddate" not in files["feeds/all.xml"].lower()
    assert not any(key in json.loads(files["feeds/all.json"]) for key in ("updated", "date_modified"))


def test_the_json_feed_holds_the_same_items_as_the_rss(files) -> None:
    rss = feedparser.parse(files["feeds/all.xml"]).entries
    feed = json.loads(files["feeds/all.json"])
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == f"{URL}briefing/feeds/all.json" and feed["home_page_url"] == URL
    items = feed["items"]
    assert [i["id"] for i in items] == [e.id for e in rss]
    assert [i["url"] for i in items] == [e.link for e in rss]
    assert [i["title"] for i in items] == [e.title for e in rss]
    assert all(dt.datetime.fromisoformat(i["date_published"]).date() == day(e) for i, e in zip(items, rss, strict=True))
    assert all(isinstance(i["content_text"], str) and i["content_text"] for i in items)


def test_topic_feeds_hold_only_their_topic(seed_site) -> None:
    for feed in feeds(seed_site, "AI 简报")[1:]:
        assert feed.items
        covered = set(seed_site.classification.per_source(feed.stem))
        for item in feed.items:
            kind, _, rest = item.id.partition(":")
            if kind == "source":
                assert rest in covered and item.anchor == f"src-{rest}"
            elif kind == "entry":
                assert feed.stem in next(e for e in seed_site.timeline if e.id == rest).topics
            else:
                assert feed.stem in next(p for p in seed_site.predictions if p.id == rest.split(":")[0]).topics


def test_text_from_sources_cannot_become_markup(seed_site) -> None:
    from generator.site.writers.feed import FeedItem, json_feed, rss

    item = FeedItem("x", "<b>标题</b>&", "<script>alert(1)</script>\x01", "timeline.md", "t-1", dt.date(2026, 1, 2))
    parsed = feedparser.parse(rss("all", "t", "../index.md", [item], SETTINGS))
    assert not parsed.bozo
    assert "<script>" not in parsed.entries[0].summary and "alert(1)" in parsed.entries[0].summary
    assert json.loads(json_feed("all", "t", "../index.md", [item], SETTINGS))["items"][0]["title"] == "<b>标题</b>&"


@pytest.mark.parametrize(
    ("directory_urls", "expected"),
    [
        (True, f"{URL}briefing/topics/agents/#src-x"),
        (False, f"{URL}briefing/topics/agents.html#src-x"),
    ],
)
def test_links_follow_use_directory_urls(directory_urls, expected) -> None:
    settings = FeedSettings(URL.rstrip("/"), "n", directory_urls)
    assert settings.url_of("topics/agents.md", "src-x") == expected
    assert settings.url_of("../index.md") == (URL if directory_urls else f"{URL}index.html")
    assert settings.url_of("sources/index.md") == (f"{URL}briefing/sources/" if directory_urls else f"{URL}briefing/sources/index.html")


def test_autodiscovery_goes_before_the_end_of_head() -> None:
    links = feed_links(SETTINGS, [("agents", "智能体")])
    out = insert_autodiscovery("<html><head><title>x</title></head><body></body></html>", links)
    assert out.count('rel="alternate"') == 4
    assert 'type="application/rss+xml" title="AI 简报：智能体（RSS）" href="https://example.org/brief/briefing/feeds/agents.xml"' in out
    assert out.index("feeds/all.xml") < out.index("</head>")


def copy_project(dest: Path, site_url: str | None) -> Path:
    for name in ("docs", "curation", "seeds"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("briefing", "__pycache__"))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(config + (f"site_url: {site_url}\n" if site_url else ""), encoding="utf-8")
    return dest


def test_two_builds_give_byte_identical_feeds(tmp_path) -> None:
    outputs = []
    for name in ("one", "two"):
        root = copy_project(tmp_path / name, URL)
        result = build(Settings(root=root, cache=".cache", site_url=URL, site_name="AI 简报"))
        assert result.feeds and result.skipped() == []
        folder = root / "docs" / "briefing" / "feeds"
        outputs.append({p.name: p.read_bytes() for p in sorted(folder.iterdir())})
    assert len(outputs[0]) > 2 and outputs[0] == outputs[1]


def test_without_site_url_the_build_says_so_and_writes_no_feed(tmp_path) -> None:
    root = copy_project(tmp_path / "p", None)
    result = build(Settings(root=root, cache=".cache"))
    assert not result.feeds
    assert any("set `site_url` in mkdocs.yml" in line for line in result.skipped())
    assert not any(line.startswith("feeds:") for line in result.notes())  # `briefing check` stays quiet
    assert not (root / "docs" / "briefing" / "feeds").exists()
    assert "feeds/all.xml" not in (root / "docs" / "briefing" / "home.md").read_text(encoding="utf-8")


def test_mkdocs_build_strict_links_the_feeds_in_every_head(tmp_path) -> None:
    root = copy_project(tmp_path / "p", URL)
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    site = tmp_path / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="{URL}briefing/feeds/all.xml"' in home.split("</head>")[0]
    assert 'href="briefing/feeds/all.xml"' in home.split("</head>")[1]  # and in the brief's body
    topic = (site / "briefing" / "topics" / "agents" / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    assert "feeds/all.json" in topic and "feeds/agents.xml" in topic and "feeds/regulation.xml" not in topic
    assert not feedparser.parse((site / "briefing" / "feeds" / "all.xml").read_bytes()).bozo


def test_the_cli_builds_the_feeds_mkdocs_would(tmp_path) -> None:
    from generator.cli import load_settings

    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: 简报\nsite_url: {URL}\nuse_directory_urls: false\nplugins:\n  - briefing\n", encoding="utf-8"
    )
    settings = load_settings(tmp_path)
    assert (settings.site_url, settings.site_name, settings.directory_urls) == (URL, "简报", False)
    (tmp_path / "mkdocs.yml").write_text("site_name: 简报\n", encoding="utf-8")
    assert load_settings(tmp_path).site_url == ""
