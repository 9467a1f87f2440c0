"""The MkDocs plugin `briefing`: glue only, the work happens in `generator.build`.

Modelled on Material's own plugins: each event handler calls into the
build and says why it runs at that event.
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

import jinja2
from mkdocs.commands.build import _populate_page
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import InclusionLevel

from generator.build import BuildResult, build
from generator.core.config import Settings
from generator.core.errors import BriefingError
from generator.core.memo import Memo
from generator.core.paths import GENERATED_DIR, TIMELINE_JSON, topic_page
from generator.glossary import TermMatcher
from generator.site.feeds import feed_links, feed_settings, insert_autodiscovery
from generator.site.pipeline import NAV_MAX_SOURCES, nav, unlisted_pages
from generator.site.rerender import RenderLedger, digest, mark_stale, nav_shape, tree_stamp
from generator.site.search_index import filter_markers, index_site, names_marker, page_filters, quotes_own_text
from generator.site.search_refresh import SearchRefresh

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


class _DirtyIsNoted(logging.Filter):
    """MkDocs warns at each dirty build that navigation and links may come
    out wrong; the plugin renders again every page whose navigation, titles
    or plugin output changed (`site.rerender`), so that is a note here, not
    a warning that `strict: true` would stop `mkdocs serve --dirty` on."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and str(record.msg).startswith("A 'dirty' build is being performed"):
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.msg, record.args = "briefing: dirty build: only pages that changed, or whose navigation changed, are rendered", ()
        return True


_DIRTY_IS_NOTED = _DirtyIsNoted()  # stateless; one instance, so adding it twice is a no-op


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates, compiled once per server instead of at every
    rebuild. Jinja checks each template's source against the checksum its
    code was compiled from, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self.code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class BriefingPlugin(BasePlugin[BriefingConfig]):
    def on_startup(self, *, command, dirty) -> None:
        # Defining on_startup keeps this instance alive across `mkdocs serve`
        # rebuilds, so its memo keeps every unchanged source's work in memory,
        # the ledger knows what each page in the site folder was rendered
        # with, and search is indexed again in the background.
        self.command = command
        self.dirty = dirty
        self.memo: Memo | None = None
        self.ledger = RenderLedger(GENERATED_DIR)
        self.search: SearchRefresh | None = None
        self.last: tuple | None = None  # (inputs, pages, result) of the last generator run under serve
        self.templates = _CompiledTemplates() if command == "serve" else None
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_DIRTY_IS_NOTED)

    def on_shutdown(self) -> None:
        # A Pagefind run in progress must not outlive the served folder, which MkDocs deletes next.
        if getattr(self, "search", None) is not None:
            self.search.close(timeout=120)
        logging.getLogger("mkdocs.commands.build").removeFilter(_DIRTY_IS_NOTED)

    def _incremental(self) -> bool:
        """A dirty build by a process that started the plugin: it knows what each page was rendered with."""
        return bool(self.config.enabled and getattr(self, "dirty", False))

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
        result = self._generate(settings)
        site = result.site
        self.unlisted: set[str] = set()
        self.filters = page_filters(site)
        self.terms = TermMatcher(site.terms)
        self.feeds = feed_settings(settings) if result.feeds else None
        self.topics = [(t.id, t.title) for t in site.topics]
        # What the plugin adds to every page, for `RenderLedger`: a change renders every page again.
        self.shared = digest(site.terms, self.feeds, self.topics, self.config.search)
        if self.config.set_nav and not config.nav:
            config.nav = nav(result.site, self.config.nav_max_sources)
            self.unlisted = unlisted_pages(result.site, self.config.nav_max_sources)
        # Serve watches docs/ already; the inputs live outside it.
        for folder in (settings.seeds_dir, settings.curation_dir):
            if folder.exists() and str(folder) not in config.watch:
                config.watch.append(str(folder))
        return config

    def _generate(self, settings: Settings) -> BuildResult:
        """Run the generator and report it; under `mkdocs serve`, not again
        for inputs and pages unchanged since the last run: the generator's
        own writes to docs/ start one more rebuild, which has nothing to do."""
        inputs = (repr(settings), tree_stamp(settings.seeds_dir), tree_stamp(settings.curation_dir))
        last = getattr(self, "last", None)
        if last is not None and last[0] == inputs and last[1] == tree_stamp(settings.output_dir):
            result = last[2]
            log.info(f"briefing: {len(result.site.sources)} sources, inputs unchanged since the last build: nothing to generate")
        else:
            start = time.perf_counter()
            result = _build(settings, self.memo)
            seconds = time.perf_counter() - start
            if getattr(self, "command", "build") == "serve":
                self.last = (inputs, tree_stamp(settings.output_dir), result)
            report, site = result.report, result.site
            log.info(f"briefing: {len(site.sources)} sources ({site.parsed} parsed, {len(site.sources) - site.parsed} cached), "
                     f"{len(report.written)} pages written, {report.unchanged} unchanged, {len(report.removed)} removed, in {seconds:.1f} s")
        # Again when nothing was generated: `strict` must stop on them at every build.
        for warning in result.site.warnings:
            log.warning(f"briefing: {warning} (skipped)")
        # Info, not warnings: a source's content never fails `mkdocs build --strict`.
        for line in result.notes() + result.skipped():
            log.info(f"briefing: {line}")
        return result

    def on_files(self, files, *, config):
        # Source pages a large corpus leaves out of the nav are reached from
        # the sources index; marking them keeps `omitted_files` quiet.
        for path in getattr(self, "unlisted", ()):
            file = files.get_file_from_path(path)
            if file is not None:
                file.inclusion = InclusionLevel.NOT_IN_NAV
        return files

    def on_nav(self, nav, *, config, files):
        # A dirty build renders only pages whose Markdown is newer than
        # their HTML. Here, before MkDocs reads any page, the pages whose
        # HTML shows something else that changed (the navigation, the
        # configuration, what this plugin adds) are marked stale too, and
        # the navigation borrows the titles of pages it will not read.
        if not self._incremental():
            return nav
        if self.ledger.site_dir != config.site_dir:
            self.ledger.reset(config.site_dir)
        config_file = Path(config.config_file_path) if config.config_file_path else None
        pages = files.documentation_pages(inclusion=self._inclusion())
        site_key = digest(
            nav_shape(nav.items),
            config_file.read_bytes() if config_file and config_file.is_file() else b"",
            tree_stamp(Path(config.theme.custom_dir) if config.theme.custom_dir else None),
            getattr(self, "shared", ""),
            sorted(f.src_uri for f in pages if not f.src_uri.startswith(f"{GENERATED_DIR}/")),
        )
        filters = getattr(self, "filters", {})
        marked = self.ledger.plan(site_key, pages, nav.pages, lambda uri: filters.get(uri, ()))
        log.debug(f"briefing: {marked} pages marked for rendering beyond those MkDocs finds changed")
        self.nav = nav
        return nav

    @event_priority(150)  # before the tags plugin's (100), which exports the tags of the pages read by then
    def on_env(self, env, *, config, files):
        # Every page MkDocs chose is read now, so the navigation's titles are
        # known. If one changed (a page's first heading), every page shows
        # it: render the pages MkDocs skipped too. Otherwise the skipped
        # pages are only read, so that other plugins still see every page
        # (Material's tags plugin exports the tags of all pages).
        self.files = files
        if getattr(self, "templates", None) is not None:
            # MkDocs makes a new template environment at every build; compiling
            # Material's templates again costs more than rendering a few pages.
            env.bytecode_cache = self.templates
        if not self._incremental():
            return env
        everything = self.ledger.titles_changed(self.nav.pages)
        for file in files.documentation_pages(inclusion=self._inclusion()):
            page = file.page
            if page is None or page.content is not None:
                continue
            if everything:
                mark_stale(file)
                _populate_page(page, config, files)
            else:
                page.read_source(config)
                config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        return env

    def _inclusion(self):
        """The pages a build renders: drafts too under `mkdocs serve`, as MkDocs does."""
        return InclusionLevel.is_in_serve if getattr(self, "command", "build") == "serve" else InclusionLevel.is_included

    def on_page_content(self, html, *, page, config, files):
        if self._incremental():
            self.ledger.rendered(page)
        # Search markers (page kind, topics, every name of the terms used)
        # go inside the content, the part Pagefind indexes: rendered HTML
        # is the first place every page, hand-written ones too, can be read
        # whole, and the Markdown stays plain.
        if not (self.config.enabled and self.config.search and hasattr(self, "terms")):
            return html
        filters = self.filters.get(page.file.src_uri, ())
        names = names_marker(html, self.terms) if quotes_own_text(filters) else ""
        return filter_markers(filters, page.meta.get("description", "")) + names + html

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
        # page is written; a `mkdocs serve` rebuild shows its pages first and
        # has them indexed in the background. A dirty build also deletes the
        # pages of removed files here. timeline.json also belongs at the
        # site root, for tools that read a TimelineJS file.
        if not self.config.enabled:
            return
        site = Path(config.site_dir)
        generated = site / GENERATED_DIR / TIMELINE_JSON
        if generated.is_file():
            shutil.copyfile(generated, site / TIMELINE_JSON)
        if self._incremental():
            removed = self.ledger.finished(self.files, self.nav.pages)
            log.debug(f"briefing: {len(removed)} pages of removed files deleted from the site")
        if not self.config.search:
            return
        try:
            if getattr(self, "command", "build") != "serve":
                report = index_site(site)
            elif getattr(self, "search", None) is None or self.search.site_dir != site:
                # The server's first build: search works from the first page it serves.
                self.search = SearchRefresh(site, tell=lambda line: log.info(f"briefing: {line}"))
                report = self.search.now()
            else:
                # A rebuild: the edited pages show now, the index follows (see site.search_refresh).
                self.search.soon()
                return
        except BriefingError as err:
            raise PluginError(str(err)) from None
        log.info(f"briefing: search index of {report.pages} pages, {report.bytes // 1024} KB, in {report.seconds:.1f} s")

    def on_build_error(self, *, error) -> None:
        # Pages of a failed build may be half written: the next build renders every page.
        if getattr(self, "ledger", None) is not None:
            self.ledger.reset()
