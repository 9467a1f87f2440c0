"""Where each generated page lives, and relative links between them.

Paths are POSIX, relative to the generated folder (`docs/briefing/`).
"""

from __future__ import annotations

import functools
import posixpath

GENERATED_DIR = "briefing"  # inside docs/; git-ignored
HOME_BRIEF = "home.md"  # included into the hand-written docs/index.md
HOME_PAGE = "../index.md"  # where HOME_BRIEF is rendered, for its links
TOPICS_INDEX = "topics/index.md"
SOURCES_INDEX = "sources/index.md"
TIMELINE = "timeline.md"
PREDICTIONS = "predictions.md"
GLOSSARY = "glossary.md"
TIMELINE_JSON = "timeline.json"


def source_page(slug: str) -> str:
    return f"sources/{slug}.md"


def topic_page(topic_id: str) -> str:
    return f"topics/{topic_id}.md"


def link(from_page: str, to_page: str, anchor: str = "") -> str:
    """Relative Markdown link target from one generated page to another.

    MkDocs resolves `.md` links itself, so links stay valid under any
    `use_directory_urls` setting and `--strict` checks their anchors.
    """
    if to_page == from_page:
        target = ""
    else:
        here, there = _folder(from_page), _parts(to_page)
        common = 0
        while common < min(len(here), len(there) - 1) and here[common] == there[common]:
            common += 1
        target = "/".join([".."] * (len(here) - common) + there[common:])
    return f"{target}#{anchor}" if anchor else target


# Both anchored at a fake root, so `../index.md` (the home page, which
# includes HOME_BRIEF) resolves like any other page.
def _parts(page: str) -> list[str]:
    path = f"/d/{GENERATED_DIR}/{page}"
    return (posixpath.normpath(path) if "." in page.rsplit("/", 1)[0] else path).split("/")


@functools.lru_cache(maxsize=256)  # a handful of folders, asked once per link
def _folder(page: str) -> list[str]:
    return _parts(page)[:-1]
