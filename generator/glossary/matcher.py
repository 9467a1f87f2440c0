"""One-pass matching of glossary terms in page text, and where terms appear."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import ahocorasick

from generator.core.model import CODE, CORRECTED, HEADING, LINK, Source, Term
from generator.core.text import fold, narrow

# A bare URL runs over printable ASCII only, so Chinese text right after it is not swallowed.
_URL = re.compile(r"(?:https?://|www\.)[\x21-\x7e]+", re.IGNORECASE)

def _latin(char: str) -> bool:
    """A Latin letter or digit (after folding): what a Latin term must not touch."""
    return char.isalnum() and char < "\u0250"


def _case_sensitive(name: str) -> bool:
    """Short all-caps acronyms (`RL`, `TPU`, `GRPO`) match only in capitals."""
    return name.isascii() and len(name) <= 5 and name.upper() == name and any(c.isalpha() for c in name)


@dataclass(frozen=True, slots=True)
class _Key:
    name: str
    term: Term
    case_sensitive: bool
    latin_start: bool
    latin_end: bool


class TermMatcher:
    """Finds every term name and alias in text, in one pass, longest match first.

    Built once from the terms (an Aho-Corasick automaton over folded
    names), then shared by every page writer.
    Matching rules: anywhere inside Chinese text; all-caps names of up to
    five characters match case-sensitively, other names ignore case;
    a name that starts or ends with a Latin letter or digit must not touch
    another one there (`TPU` not in `GPUTPU`, `RLHF` not in `RLHFX`),
    except for a plural `s` (`LLMs`); nothing matches inside a URL.
    """

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms = tuple(terms)
        self._automaton = ahocorasick.Automaton()
        for term in self.terms:
            for name in term.names:
                if name.strip():
                    key = _Key(name, term, _case_sensitive(name), _latin(fold(name[0])), _latin(fold(name[-1])))
                    self._automaton.add_word(fold(name), key)
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[tuple[int, int, Term]]:
        """(start, end, term) of each match, left to right, not overlapping."""
        if self._empty or not text:
            return []
        folded = fold(text)
        found = []
        for last, key in self._automaton.iter(folded):
            start, end = last + 1 - len(key.name), last + 1
            end = self._accept(text, folded, start, end, key)
            if end:
                found.append((start, end, key.term))
        if not found:
            return []
        found.sort(key=lambda m: (m[0], -m[1]))
        chosen, pos = [], 0
        for match in found:
            if match[0] >= pos:
                chosen.append(match)
                pos = match[1]
        return _outside_urls(text, chosen)

    @staticmethod
    def _accept(text: str, folded: str, start: int, end: int, key: _Key) -> int:
        """The match's end (one further for a plural `s`), or 0 if it does not count."""
        if key.case_sensitive and narrow(text[start:end]) != key.name:
            return 0
        if key.latin_start and start > 0 and _latin(folded[start - 1]):
            return 0
        if key.latin_end and end < len(text) and _latin(folded[end]):
            plural = text[end] == "s" and key.name[-1].isalpha() and (end + 1 == len(text) or not _latin(folded[end + 1]))
            return end + 1 if plural else 0
        return end

    def segments(self, text: str) -> list[tuple[str, Term | None]]:
        """Text split into plain chunks and matched terms, in order; joins back to `text`."""
        out: list[tuple[str, Term | None]] = []
        pos = 0
        for start, end, term in self.find(text):
            if start > pos:
                out.append((text[pos:start], None))
            out.append((text[start:end], term))
            pos = end
        if pos < len(text):
            out.append((text[pos:], None))
        return out


def _outside_urls(text: str, matches: list[tuple[int, int, Term]]) -> list[tuple[int, int, Term]]:
    """Drop matches inside a bare URL; both lists are in text order, so one sweep."""
    if "://" not in text and "www." not in text.lower():
        return matches
    urls = [m.span() for m in _URL.finditer(text)]
    kept, u = [], 0
    for match in matches:
        while u < len(urls) and urls[u][1] <= match[0]:
            u += 1
        if u == len(urls) or match[1] <= urls[u][0]:
            kept.append(match)
    return kept


def count_occurrences(matcher: TermMatcher, texts: Iterable[str]) -> Counter[str]:
    """How often each term (by id) occurs in the texts, counting every name and alias."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(term.id for _s, _e, term in matcher.find(text))
    return counts


def appearances(matcher: TermMatcher, pages: Mapping[str, Iterable[str]]) -> dict[str, list[tuple[str, int]]]:
    """Term id -> [(page path, count)] for each page where the term occurs.

    Args:
        pages: generated page path (`sources/roadmap.md`) -> the plain texts
            shown on it, as the page writer annotates them.

    Returns:
        Term ids in sorted order, each with its pages sorted by path.
    """
    return collect_appearances({page: count_occurrences(matcher, texts) for page, texts in pages.items()})


def collect_appearances(counts: Mapping[str, Mapping[str, int]]) -> dict[str, list[tuple[str, int]]]:
    """`appearances` from each page's term counts (as `count_occurrences` gives them)."""
    found: dict[str, list[tuple[str, int]]] = {}
    for page in sorted(counts):
        for tid, n in sorted(counts[page].items()):
            if n:
                found.setdefault(tid, []).append((page, n))
    return {tid: found[tid] for tid in sorted(found)}


def source_texts(source: Source) -> list[str]:
    """The texts of a source page that get term links, for `appearances`.

    One text per span, as the Inliner annotates them: no headings, and no
    code, link or corrected spans.
    """
    out: list[str] = []
    for _section, block in source.blocks():
        if block.kind == HEADING:
            continue
        runs = [block.spans] if block.spans else []
        for item in block.items:
            runs.extend(item.cells or (item.spans,))
        out.extend(s.text for run in runs for s in run if s.kind not in (CODE, LINK, CORRECTED) and s.text.strip())
    return out
