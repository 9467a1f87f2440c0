"""The MkDocs plugin `briefing`: glue only, the work happens in `generator.build`.

Modelled on Material's own plugins: each event handler calls into the
build and says why it runs at that event.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .build import build
from .config import Settings
from .errors import BriefingError
from .pipeline import nav

log = logging.getLogger("mkdocs.plugins.briefing")


class BriefingConfig(Config):
    enabled = opt.Type(bool, default=True)
    seeds = opt.Type(str, default="seeds")
    curation = opt.Type(str, default="curation")
    cache = opt.Type(str, default=".cache/briefing")
    max_source_mb = opt.Type((int, float), default=20)
    set_nav = opt.Type(bool, default=True)


class BriefingPlugin(BasePlugin[BriefingConfig]):
    def on_startup(self, *, command, dirty) -> None:
        # Defining on_startup keeps this instance alive across `mkdocs serve`
        # rebuilds, so loaded resources are reused instead of reloaded.
        self.command = command

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
        )
        try:
            result = build(settings)
        except BriefingError as err:
            raise PluginError(f"briefing: {err}") from None
        for warning in result.site.warnings:
            log.warning(f"briefing: {warning} (skipped)")
        report = result.report
        log.info(f"briefing: {len(result.site.sources)} sources, {len(report.written)} pages written, "
                 f"{report.unchanged} unchanged, {len(report.removed)} removed")
        if self.config.set_nav and not config.nav:
            config.nav = nav(result.site)
        # Serve watches docs/ already; the inputs live outside it.
        for folder in (settings.seeds_dir, settings.curation_dir):
            if folder.exists() and str(folder) not in config.watch:
                config.watch.append(str(folder))
        return config
