"""Checks on built HTML shared by the hostile-input tests: what is live, what a reader sees."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

_DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "form", "meta", "link", "style", "svg", "math"}
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "background", "poster", "data", "srcset", "ping"}
# What the hostile fixtures' scripts call: never in the theme's own code.
_PAYLOAD_MARKS = re.compile(r"alert\(|__pwned|document\.domain")
_BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data):", re.IGNORECASE)


class _Page(HTMLParser):
    """Collects live markup and visible text; with `theme=True` a whole built page,
    where the theme's own head, icons, search form and scripts are allowed
    outside the `<article>` that holds the generated content."""

    def __init__(self, theme: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.theme = theme
        self.article = 0
        self.live: list[str] = []
        self.text: list[str] = []

    def _theme_own(self, tag: str, attrs: dict[str, str | None]) -> bool:
        if not self.theme or self.article:
            return False
        if tag == "script":
            # The theme's own: its files, its JSON config, and inline code that
            # carries none of the payloads' markers (checked in handle_data).
            src = attrs.get("src")
            return src is None or bool(re.match(r"^(?:/|(?:\.\./)*)(?:assets|javascripts)/", src))
        return tag in {"meta", "link", "svg", "form", "style"}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.article += tag == "article"
        if tag in _DANGEROUS_TAGS and not self._theme_own(tag, dict(attrs)):
            self.live.append(f"<{tag} {attrs}>"[:120])
        for name, value in attrs:
            if name.startswith("on"):
                self.live.append(f"<{tag} {name}>")
            if name in _URL_ATTRS and value and _BAD_SCHEME.match(re.sub(r"[\s\x00-\x1f]", "", value)):
                self.live.append(f"<{tag} {name}={value[:30]}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.article -= tag == "article"

    def handle_endtag(self, tag: str) -> None:
        self.article -= tag == "article"

    def handle_data(self, data: str) -> None:
        if self.lasttag == "script" and _PAYLOAD_MARKS.search(data):
            self.live.append(f"<script>{data[:60]}")
        self.text.append(data)


def parse(html: str, theme: bool = False) -> _Page:
    page = _Page(theme)
    page.feed(html)
    page.close()
    return page


def live_markup(html: str, theme: bool = False) -> list[str]:
    """Elements and attributes that could run script: the tags, `on*`, and script URLs.

    Args:
        theme: `html` is a whole page built by MkDocs; allow the theme's own
            scripts, styles and icons outside the article.
    """
    return parse(html, theme).live


def squash(text: str) -> str:
    """The visible characters: white space and control characters are compared apart (see the spacing test)."""
    return "".join(ch for ch in unicodedata.normalize("NFC", text) if not ch.isspace() and unicodedata.category(ch) != "Cc")
