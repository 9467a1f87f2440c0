"""Every sentence of every seed appears on its source page.

Allowed differences: whitespace, punctuation (added at transcript joins or
normalized), Markdown syntax, and the empty boilerplate lines the podcast
reader drops by design.
"""

from __future__ import annotations

import html
import re
import unicodedata

import pytest

from generator.site.writers.markdown import Inliner
from generator.site.writers.source import source_page_markdown

DROPPED = {"本节重点", "详细精要", "全集重点"}
_SPLIT = re.compile(r"[。！？!?；;：:，,、\n]+")
_MARKUP = re.compile(r"\{:[^}]*\}|\{ #[^}]*\}|<[^>]+>|\\(?=[^\w\s])")


def _squash(text: str) -> str:
    """Letters and digits only: drops whitespace, punctuation, symbols and emoji."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def _page_text(markdown: str) -> str:
    return _squash(html.unescape(_MARKUP.sub("", markdown)))


def _source_sentences(raw: str) -> list[str]:
    raw = re.sub(r"\A---\n.*?\n---\n", "", raw, flags=re.DOTALL)  # front matter is checked as metadata
    out = []
    for line in raw.splitlines():
        if line.strip() in DROPPED:
            continue
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)  # a link's text is kept, its target is metadata
        out.extend(chunk for chunk in _SPLIT.split(line) if _squash(chunk))
    return out


@pytest.mark.parametrize("index", range(5))
def test_every_sentence_survives(index: int, seed_site, root) -> None:
    source = sorted(seed_site.sources, key=lambda s: s.path)[index]
    raw = (root / "seeds" / source.path).read_text(encoding="utf-8")
    for fix in ("Antropix", "Latam GBT", "戴德拉", "Trinium"):
        raw = raw.replace(fix, {"Antropix": "Anthropic", "Latam GBT": "Latam GPT", "戴德拉": "截止期限（deadline）", "Trinium": "Trainium"}[fix])
    page = _page_text(source_page_markdown(source, Inliner()))
    missing = [s for s in _source_sentences(raw) if _squash(s) not in page]
    assert not missing, f"{source.path}: {len(missing)} sentences missing, e.g. {missing[:3]}"


def test_boilerplate_is_dropped(seed_site) -> None:
    podcast = next(s for s in seed_site.sources if s.reader == "podcast_notes")
    page = source_page_markdown(podcast, Inliner())
    assert not any(word in page for word in DROPPED)
