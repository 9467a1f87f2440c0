"""Which pages a dirty MkDocs rebuild (`mkdocs serve --dirty`) must render again.

MkDocs renders a page in a dirty build only when its Markdown file is newer
than its HTML. The generator writes only the pages whose text changed
(`site.output`), so after a one-source edit MkDocs renders that source's
page and the few corpus-wide pages it touched, not the other thousand. But
a page's HTML also shows what its own file does not say, and a dirty build
alone would leave those parts stale:

- the navigation (every page carries it): its shape, and the titles of its
  pages, which MkDocs reads from pages it renders;
- mkdocs.yml, the theme's overrides, and what the plugin adds to every page
  (glossary names for search, feed links);
- per page, the plugin's search filters (a source's topics);
- for a hand-written page, anything it includes or links to (the home page
  includes the generated brief), which its own timestamp never shows.

`RenderLedger` keeps, per page, the key its HTML was rendered with and the
title it gave; it makes MkDocs render a page again by giving its HTML the
oldest timestamp, which is MkDocs' own test for a stale page. Pages are
seen through the attributes MkDocs gives them (`file.src_uri`,
`file.abs_dest_path`, `title`); this module does not import MkDocs.

The result is the site a clean build makes, page for page: the tests
compare every HTML file of a run of dirty rebuilds with a clean build.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def digest(*parts: object) -> str:
    """A short key of `repr` of the parts (they must repr the same for the same content)."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def nav_shape(items: Iterable[Any]) -> list:
    """The navigation as every page shows it, except the titles MkDocs reads
    from pages (see `RenderLedger.titles_changed`): sections and their
    titles, links, pages by address, and the titles mkdocs.yml gives."""
    shape: list = []
    for item in items:
        if item.is_section:
            shape.append(("section", item.title, nav_shape(item.children)))
        elif item.is_page:
            shape.append(("page", item.file.src_uri, item.url, item.__dict__.get("title")))
        else:
            shape.append(("link", item.title, item.url))
    return shape


def tree_stamp(folder: Path | None) -> list[tuple[str, int, int]]:
    """(path, mtime, size) of every file under a folder (theme overrides): a change shows in each page."""
    if folder is None or not folder.is_dir():
        return []
    return sorted((p.relative_to(folder).as_posix(), p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*") if p.is_file())


@dataclass(slots=True)
class RenderLedger:
    """What the pages in the site folder were rendered with, kept across rebuilds of one server.

    Args:
        generated: the docs-relative folder of generated pages; a page
            outside it is hand-written, and rendered at every rebuild.
    """

    generated: str
    site_dir: str = ""
    site_key: str = ""  # everything every page shows; "" before the first complete build
    titles_key: str = ""
    keys: dict[str, str] = field(default_factory=dict)  # src_uri -> key of its HTML
    titles: dict[str, str] = field(default_factory=dict)  # src_uri -> title its last render gave
    outputs: dict[str, str] = field(default_factory=dict)  # src_uri -> file written for it
    wanted: dict[str, str] = field(default_factory=dict)  # this build's keys
    borrowed: set[str] = field(default_factory=set)  # pages whose nav title comes from `titles`

    def reset(self, site_dir: str = "") -> None:
        """Forget everything: the next build renders every page."""
        self.site_dir, self.site_key, self.titles_key = site_dir, "", ""
        for table in (self.keys, self.titles, self.outputs, self.wanted):
            table.clear()
        self.borrowed.clear()

    def plan(self, site_key: str, pages: Sequence[Any], nav_pages: Iterable[Any], page_key: Callable[[str], object]) -> int:
        """Before MkDocs reads the pages: mark stale every page whose HTML was
        rendered with another key, and lend the navigation the titles of the
        pages that will not be rendered. Returns how many pages were marked.

        Args:
            site_key: digest of what every page shows (`nav_shape`, config, plugin state).
            pages: every documentation page's file (`.file` of a page, or MkDocs `File`s).
            nav_pages: the navigation's pages, in order.
            page_key: what the plugin adds to one page (by src_uri).
        """
        everything = site_key != self.site_key
        self.site_key = site_key
        self.wanted = {f.src_uri: digest(site_key, page_key(f.src_uri)) for f in pages}
        marked = 0
        for file in pages:
            uri = file.src_uri
            handwritten = not uri.startswith(f"{self.generated}/")
            if everything or handwritten or self.keys.get(uri) != self.wanted[uri]:
                marked += mark_stale(file)
        self.borrowed.clear()
        for page in nav_pages:
            file = page.file
            if "title" in page.__dict__ or file.is_modified():
                continue  # a title from mkdocs.yml, or one its render will give
            if file.src_uri in self.titles:
                page.title = self.titles[file.src_uri]
                self.borrowed.add(file.src_uri)
            else:
                marked += mark_stale(file)
        return marked

    def rendered(self, page: Any) -> None:
        """A page was rendered in this build (its HTML will be written with this build's key)."""
        uri = page.file.src_uri
        self.keys[uri] = self.wanted.get(uri, "")

    def titles_changed(self, nav_pages: Iterable[Any]) -> bool:
        """After MkDocs read the pages: whether a navigation title differs from the last build's."""
        key = digest([(p.file.src_uri, p.title) for p in nav_pages])
        changed, self.titles_key = key != self.titles_key, key
        return changed

    def finished(self, files: Iterable[Any], nav_pages: Iterable[Any]) -> list[str]:
        """After a complete build: keep its titles, and delete the output of
        files that are gone (a clean build would not have them). Returns the
        removed files."""
        outputs = {f.src_uri: f.abs_dest_path for f in files}
        kept = set(outputs.values())
        removed = [self.outputs[uri] for uri in self.outputs.keys() - outputs.keys() if self.outputs[uri] not in kept]
        for path in removed:
            _remove(Path(path), Path(self.site_dir))
        self.outputs = outputs
        self.titles = {p.file.src_uri: p.title for p in nav_pages if p.title is not None}
        for uri in self.keys.keys() - outputs.keys():
            del self.keys[uri]
        return sorted(removed)


def mark_stale(file: Any) -> int:
    """Make MkDocs render the file's page again: HTML older than any source is stale to it."""
    try:
        os.utime(file.abs_dest_path, ns=(0, 0))
    except FileNotFoundError:
        pass  # never written: MkDocs renders it anyway
    return 1


def _remove(path: Path, root: Path) -> None:
    """Delete a file of the site folder, and the folders it leaves empty."""
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
