"""Every internal link and anchor of the built site resolves; nothing is fetched from outside it.

No browser: the built HTML is parsed with `html.parser`.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# Attributes that make the browser fetch something when the page is shown.
FETCHED = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("iframe", "src"),
    ("source", "src"),
    ("source", "srcset"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("track", "src"),
    ("input", "src"),
}
NOT_LINKS = ("mailto:", "javascript:", "data:", "tel:")
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")


@dataclass
class Page:
    """The ids of one built page and every reference it makes."""

    ids: set[str] = field(default_factory=set)
    twice: list[str] = field(default_factory=list)  # ids given more than once
    links: list[str] = field(default_factory=list)  # a[href]
    fetched: list[tuple[str, str]] = field(default_factory=list)  # (tag, url) loaded with the page
    styles: list[str] = field(default_factory=list)  # inline style attributes and <style> blocks


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                if name == "id" and value in self.page.ids:
                    self.page.twice.append(value)
                self.page.ids.add(value)
            elif tag == "a" and name == "href":
                self.page.links.append(value)
            elif (tag, name) in FETCHED:
                self.page.fetched.extend((tag, v.strip().split()[0]) for v in value.split(",") if v.strip())
            elif name == "style":
                self.page.styles.append(value)
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.page.styles.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False


def parse(path: Path) -> Page:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.page


def _mkdocs_build(project: Path, out: Path) -> Path:
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return out


def _parsed(site: Path) -> dict[str, Page]:
    """Built file (POSIX path relative to the site) -> parsed page."""
    return {p.relative_to(site).as_posix(): parse(p) for p in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def site(root, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    return _mkdocs_build(root, out)


@pytest.fixture(scope="module")
def pages(site) -> dict[str, Page]:
    return _parsed(site)


def is_external(url: str) -> bool:
    """A URL on another host (`https://…`, `//cdn…`); `data:` and friends stay in the page."""
    scheme = urlsplit(url).scheme.lower()
    return url.startswith("//") or bool(scheme and f"{scheme}:" not in NOT_LINKS)


def resolve(page: str, href: str, site: Path) -> tuple[str | None, str]:
    """(built file the link points to or None if missing, fragment) for an internal link from `page`."""
    parts = urlsplit(href)
    fragment = unquote(parts.fragment)
    if not parts.path:
        return page, fragment
    # Root-absolute paths appear in 404.html, which must work at any URL depth.
    base = "" if parts.path.startswith("/") else posixpath.dirname(page)
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path).lstrip("/")))
    if target == "..":
        return None, fragment
    target = "" if target == "." else target
    if target.startswith("../"):
        return None, fragment
    candidates = [f"{target}/index.html", target] if parts.path.endswith("/") or not posixpath.splitext(target)[1] else [target]
    for candidate in (c.lstrip("/") for c in candidates):
        if candidate and (site / candidate).is_file():
            return candidate, fragment
    return None, fragment


def test_site_has_the_pages(pages) -> None:
    assert "index.html" in pages
    assert sum(1 for p in pages if p.startswith("briefing/sources/")) >= 6


def broken_links(site: Path, pages: dict[str, Page]) -> list[str]:
    broken = []
    for page, parsed in pages.items():
        for href in parsed.links:
            if is_external(href) or href.startswith(NOT_LINKS):
                continue
            target, fragment = resolve(page, href, site)
            if target is None:
                broken.append(f"{page}: {href} -> missing file")
            elif fragment and target.endswith(".html") and fragment not in pages[target].ids:
                broken.append(f"{page}: {href} -> no id {fragment!r} in {target}")
    return broken


def test_every_internal_link_and_anchor_resolves(site, pages) -> None:
    broken = broken_links(site, pages)
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:40])


def test_no_page_has_an_id_twice(pages) -> None:
    """A link to an id given twice lands on the first: the other is unreachable."""
    twice = {page: parsed.twice for page, parsed in pages.items() if parsed.twice}
    assert not twice, twice


# --- pages cut into pages -----------------------------------------------------
# The seeds with a page budget small enough to cut every topic, the timeline
# and the ledger into pages: generated through the API (the budget is a
# Settings field), then built by MkDocs with the plugin off. Short notes
# added to the seeds make the sources index long enough to be cut too.

EXTRA_SOURCES = 90  # with the seeds, under the nav's limit of listed sources (`NAV_MAX_SOURCES`)


def _add_notes(seeds: Path) -> None:
    """Short undated-in-text notes with front matter: rows of the sources index."""
    for n in range(EXTRA_SOURCES):
        (seeds / f"note-{n:03d}.md").write_text(
            f"---\ntitle: 补充笔记第 {n} 号：关于模型评测方法的读书摘记\ndate: 2024-{1 + n % 12:02d}-{1 + n % 28:02d}\n"
            f"publisher: 测试笔记本\ndescription: 第 {n} 号笔记，记录读书时的零散想法，供来源索引分页测试使用。\n---\n\n"
            f"第 {n} 号笔记的正文：几句零散的读书心得。\n",
            encoding="utf-8",
        )


@pytest.fixture(scope="module")
def split_site(root, tmp_path_factory) -> Path:
    from generator.build import build
    from generator.core.config import Settings

    project = tmp_path_factory.mktemp("split")
    for name in ("seeds", "curation"):
        shutil.copytree(root / name, project / name)
    _add_notes(project / "seeds")
    shutil.copytree(root / "docs", project / "docs", ignore=lambda d, names: ["briefing"] if Path(d) == root / "docs" else [])
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert config.count("  - briefing\n") == 1
    (project / "mkdocs.yml").write_text(config.replace("  - briefing\n", "  - briefing:\n      enabled: false\n"), encoding="utf-8")
    result = build(Settings(root=project, page_kb=10, workers=1, cache=str(tmp_path_factory.mktemp("cache"))))
    assert {"timeline.md", "predictions.md", "sources/index.md"} <= set(result.site.layout) and len(result.site.layout) >= 5
    out = project / "out"
    return _mkdocs_build(project, out)


@pytest.fixture(scope="module")
def split_pages(split_site) -> dict[str, Page]:
    return _parsed(split_site)


def test_split_pages_links_and_anchors_resolve(split_site, split_pages) -> None:
    later = [p for p in split_pages if re.match(r"briefing/(timeline|predictions|topics/[\w-]+|sources/index)\.[\w-]+/index\.html$", p)]
    assert len(later) >= 8 and len([p for p in later if p.startswith("briefing/sources/index.")]) >= 2
    broken = broken_links(split_site, split_pages)
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:40])
    twice = {page: parsed.twice for page, parsed in split_pages.items() if parsed.twice}
    assert not twice, twice


def test_split_sources_index_lists_every_source_once(split_site, split_pages) -> None:
    """Page one of the sources index maps its pages; together they link every source page exactly once."""
    first = "briefing/sources/index.html"
    html = (split_site / first).read_text(encoding="utf-8")
    family = [first] + [resolve(first, href, split_site)[0] for _, href in re.findall(r'<a data-pg="(\d+)" href="([^"]+)"', html)]
    assert len(family) >= 3 and all(family)
    sources = [p for p in split_pages if re.match(r"briefing/sources/(?!index[./])[\w-]+/index\.html$", p)]
    assert len(sources) >= EXTRA_SOURCES
    # The table's links only: the nav lists the sources too.
    tables = {
        page: "".join(re.findall(r"<table>.*?</table>", (split_site / page).read_text(encoding="utf-8"), re.DOTALL)) for page in family
    }
    linked = [resolve(page, href, split_site)[0] for page, table in tables.items() for href in re.findall(r'href="([^"]+)"', table)]
    assert sorted(linked) == sorted(sources)


def _family(site: Path, pages: dict[str, Page], first: str) -> tuple[dict, list[str]]:
    """(anchors table, built page of each index) of the family whose page one is `first` (a built page)."""
    html = (site / first).read_text(encoding="utf-8")
    table_href = re.search(r'<a class="pg-anchors" hidden="hidden" href="([^"]+)"', html).group(1)
    target, _ = resolve(first, table_href, site)
    table = json.loads((site / target).read_text(encoding="utf-8"))
    built = {int(n): resolve(first, href, site)[0] for n, href in re.findall(r'<a data-pg="(\d+)" href="([^"]+)"', html)}
    built[0] = first
    return table, [built[n] for n in range(len(table["pages"]))]


@pytest.mark.parametrize(
    "first", ["briefing/timeline/index.html", "briefing/predictions/index.html", "briefing/topics/security/index.html"]
)
def test_old_addresses_map_to_the_page_that_holds_the_anchor(split_site, split_pages, first) -> None:
    """`timeline/#<entry>` of before the cut: the anchors table beside page one names the page that holds it."""
    table, built = _family(split_site, split_pages, first)
    assert len(built) > 2 and all(built)
    wrong = [f"{anchor} -> {built[n]}" for anchor, n in table["anchors"].items() if anchor not in split_pages[built[n]].ids]
    assert not wrong, wrong[:20]
    # Everything the whole page held is still somewhere: every entry, card or group has its anchor in the table.
    held = {i for page in built for i in split_pages[page].ids if re.match(r"(t|pred|src)-", i)}
    assert held <= set(table["anchors"])


def test_every_fetched_resource_exists(site, pages) -> None:
    missing = []
    for page, parsed in pages.items():
        for tag, url in parsed.fetched:
            if is_external(url) or url.startswith(NOT_LINKS):
                continue
            if resolve(page, url, site)[0] is None:
                missing.append(f"{page}: <{tag}> {url}")
    assert not missing, "\n".join(missing[:40])


def test_pages_fetch_nothing_from_outside_the_site(pages) -> None:
    """Scripts, styles, fonts and images come from the site: it works offline and leaks no visit.

    Plain outgoing `<a>` links (a source's original URL) are fine: they are
    followed only when the reader clicks.
    """
    assert "index.html" in pages
    outside = [f"{page}: <{tag}> {url}" for page, parsed in pages.items() for tag, url in parsed.fetched if is_external(url)]
    outside += [
        f"{page}: style url({url})"
        for page, parsed in pages.items()
        for style in parsed.styles
        for url in _css_urls(style)
        if is_external(url)
    ]
    assert not outside, "\n".join(outside[:40])


def test_stylesheets_load_nothing_from_outside(site) -> None:
    """`theme.font: false`: no web font (or anything else) pulled from a CDN by a stylesheet."""
    outside = [
        f"{css.relative_to(site)}: {url}"
        for css in sorted(site.rglob("*.css"))
        for url in _css_urls(css.read_text(encoding="utf-8"))
        if is_external(url)
    ]
    assert not outside, "\n".join(outside)


def _css_urls(text: str) -> list[str]:
    return [a or b for a, b in _CSS_URL.findall(text)]
