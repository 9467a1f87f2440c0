"""The MkDocs plugin `briefing`: glue only, the work happens in `generator.build`.

Modelled on Material's own plugins: each event handler calls into the
build and says why it runs at that event.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import InclusionLevel

from generator.build import BuildResult, build
from generator.core.config import Settings
from generator.core.errors import BriefingError
from generator.core.memo import Memo
from generator.core.paths import GENERATED_DIR, TIMELINE_JSON, topic_page
from generator.glossary import TermMatcher
from generator.site.feeds import feed_links, feed_settings, insert_autodiscovery
from generator.site.pipeline import NAV_MAX_SOURCES, nav, unlisted_pages
from generator.site.search_index import filter_markers, index_site, names_marker, page_filters, quotes_own_text

log = logging.getLogger("mkdocs.plugins.briefing")


class BriefingConfig(Config):
    enabled = opt.Type(bool, default=True)
    seeds = opt.Type(str, default="seeds")
    curation = opt.Type(str, default="curation")
    cache = opt.Type(str, default=".cache/briefing")
    max_source_mb = opt.Type((int, float), default=20)
    set_nav = opt.Type(bool, default=True)
    nav_max_sources = opt.Type(int, default=NAV_MAX_SOURCES)
    workers = opt.Type(int, default=0)  # processes for parsing many sources; 0 = one per core, 1 = none
    allow_outside_roots = opt.Type(bool, default=False)  # seeds/curation may resolve outside the project
    search = opt.Type(bool, default=True)  # index the built site with Pagefind after each build


def _build(settings: Settings, memo: Memo) -> BuildResult:
    """`build`, with its problems as MkDocs reports a plugin's: a PluginError
    reading as the CLI's message (`file:line: message`), never a traceback.

    Raises:
        PluginError: an input to fix, or a file the build cannot read or write.
    """
    try:
        return build(settings, memo, notify=lambda message: log.info(f"briefing: {message}"))
    except BriefingError as err:
        raise PluginError(str(err)) from None
    except OSError as err:
        # A file the build cannot read or write (permissions, a full disk).
        where = f"{err.filename}: " if err.filename else ""
        raise PluginError(f"{where}{err.strerror or err}") from None
    except RecursionError:
        raise PluginError("an input is nested too deeply to read (Python's recursion limit); run `briefing check` to find it") from None


class BriefingPlugin(BasePlugin[BriefingConfig]):
    def on_startup(self, *, command, dirty) -> None:
        # Defining on_startup keeps this instance alive across `mkdocs serve`
        # rebuilds, so its memo keeps every unchanged source's work in memory.
        self.command = command
        self.memo: Memo | None = None

    def on_config(self, config):
        # Generate here, before MkDocs collects files and builds the nav, so
        # the generated pages exist and the nav can list them.
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path).resolve().parent
        settings = Settings(
            root=root,
            seeds=self.config.seeds,
            curation=self.config.curation,
            docs=Path(config.docs_dir).resolve().relative_to(root).as_posix(),
            cache=self.config.cache,
            max_source_mb=float(self.config.max_source_mb),
            workers=max(0, self.config.workers),
            allow_outside_roots=self.config.allow_outside_roots,
            site_url=config.site_url or "",
            site_name=config.site_name,
            directory_urls=config.use_directory_urls,
            # A bar for `mkdocs build` on a terminal; serve's log stays quiet.
            progress=getattr(self, "command", "build") == "build",
        )
        if getattr(self, "memo", None) is None or self.memo.folder != settings.cache_dir:
            # Only serve rebuilds again in this process: a one-off build keeps its results on disk only.
            self.memo = Memo(settings.cache_dir, keep=getattr(self, "command", "build") == "serve")
        result = _build(settings, self.memo)
        for warning in result.site.warnings:
            log.warning(f"briefing: {warning} (skipped)")
        report = result.report
        site = result.site
        log.info(f"briefing: {len(site.sources)} sources ({site.parsed} parsed, {len(site.sources) - site.parsed} cached), "
                 f"{len(report.written)} pages written, {report.unchanged} unchanged, {len(report.removed)} removed")
        # Info, not warnings: a source's content never fails `mkdocs build --strict`.
        for line in result.notes() + result.skipped():
            log.info(f"briefing: {line}")
        self.unlisted: set[str] = set()
        self.filters = page_filters(site)
        self.terms = TermMatcher(site.terms)
        self.feeds = feed_settings(settings) if result.feeds else None
        self.topics = [(t.id, t.title) for t in site.topics]
        if self.config.set_nav and not config.nav:
            config.nav = nav(result.site, self.config.nav_max_sources)
            self.unlisted = unlisted_pages(result.site, self.config.nav_max_sources)
        # Serve watches docs/ already; the inputs live outside it.
        for folder in (settings.seeds_dir, settings.curation_dir):
            if folder.exists() and str(folder) not in config.watch:
                config.watch.append(str(folder))
        return config

    def on_files(self, files, *, config):
        # Source pages a large corpus leaves out of the nav are reached from
        # the sources index; marking them keeps `omitted_files` quiet.
        for path in getattr(self, "unlisted", ()):
            file = files.get_file_from_path(path)
            if file is not None:
                file.inclusion = InclusionLevel.NOT_IN_NAV
        return files

    def on_page_content(self, html, *, page, config, files):
        # Search markers (page kind, topics, every name of the terms used)
        # go inside the content, the part Pagefind indexes: rendered HTML
        # is the first place every page, hand-written ones too, can be read
        # whole, and the Markdown stays plain.
        if not (self.config.enabled and self.config.search and hasattr(self, "terms")):
            return html
        filters = self.filters.get(page.file.src_uri, ())
        names = names_marker(html, self.terms) if quotes_own_text(filters) else ""
        return filter_markers(filters) + names + html

    def on_post_page(self, output, *, page, config):
        # Feed autodiscovery goes in the finished page's head: the one place
        # every page (hand-written ones too) has, whatever the theme. A topic
        # page also names its own topic's feeds.
        if not (self.config.enabled and getattr(self, "feeds", None)):
            return output
        topic = page.file.src_uri.removeprefix(f"{GENERATED_DIR}/")
        topics = [(tid, title) for tid, title in self.topics if topic_page(tid) == topic]
        return insert_autodiscovery(output, feed_links(self.feeds, topics))

    def on_post_build(self, *, config) -> None:
        # The index is made from the finished HTML, so it runs after every
        # page is written, in `mkdocs serve` rebuilds too (its pages are
        # searchable as soon as they show). timeline.json also belongs at
        # the site root, for tools that read a TimelineJS file.
        if not self.config.enabled:
            return
        site = Path(config.site_dir)
        generated = site / GENERATED_DIR / TIMELINE_JSON
        if generated.is_file():
            shutil.copyfile(generated, site / TIMELINE_JSON)
        if not self.config.search:
            return
        try:
            report = index_site(site)
        except BriefingError as err:
            raise PluginError(str(err)) from None
        log.info(f"briefing: search index of {report.pages} pages, {report.bytes // 1024} KB, in {report.seconds:.1f} s")
