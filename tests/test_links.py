"""Every internal link and anchor of the built site resolves; nothing is fetched from outside it.

No browser: the built HTML is parsed with `html.parser`.
"""

from __future__ import annotations

import os
import posixpath
import re
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


@pytest.fixture(scope="module")
def site(root, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)],
        cwd=root,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def pages(site) -> dict[str, Page]:
    """Built file (POSIX path relative to the site) -> parsed page."""
    return {p.relative_to(site).as_posix(): parse(p) for p in sorted(site.rglob("*.html"))}


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


def test_every_internal_link_and_anchor_resolves(site, pages) -> None:
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
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:40])


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
