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


_WORD = re.compile(r"[A-Za-z0-9]+")
_HYPHENS = "-\u2010\u2011"  # a hyphen between two Latin letters joins them into one word


def _latin(char: str) -> bool:
    """A Latin letter or digit (after folding): what a Latin term must not touch."""
    return char.isalnum() and char < "\u0250"


def _letter(char: str) -> bool:
    return char.isalpha() and char < "\u0250"


def case_sensitive_words(name: str) -> tuple[tuple[int, str], ...]:
    """(offset, word) of each word of a name that must match in its own case.

    An acronym or a mixed-case word (`LLM`, `ZeRO`, `MoE`, `mHC`, `FP8`)
    has a capital letter after its first character; such a word matches
    only as written, so `Zero` is not `ZeRO` and `moe` is not `MoE`. A
    capitalised or lower-case word (`Transformer`, `attention`) matches in
    any case.
    """
    text = narrow(name)
    return tuple((m.start(), m.group()) for m in _WORD.finditer(text) if any(c.isupper() for c in m.group()[1:]))


@dataclass(frozen=True, slots=True)
class _Key:
    name: str
    term: Term
    exact: tuple[tuple[int, str], ...]  # words that must match in their case
    latin_start: bool
    latin_end: bool


class TermMatcher:
    """Finds every term name and alias in text, in one pass, longest match first.

    Built once from the terms (an Aho-Corasick automaton over folded
    names), then shared by every page writer. Matching rules:

    - The glossary is the dictionary: at each place the longest name
      wins and matches never overlap, so a Chinese term never matches
      inside a longer known term (`上下文` is not linked inside
      `上下文学习` when that is a term too). Chinese names otherwise match
      anywhere inside Chinese text, which has no spaces between words.
    - A Latin name matches whole words only: it must not touch another
      Latin letter or digit (`TPU` not in `GPUTPU`, `Agent` not in
      `AgentBench`), except for a plural `s` (`LLMs`), nor be joined to
      another word by a hyphen (`attention` not in `attention-grabbing`,
      `Zero` not in `Zero-Shot`); a hyphen before a digit still ends the
      word (`ZeRO-3`, `GPT-4`).
    - Acronyms and mixed-case words (`LLM`, `ZeRO`, `MoE`) match only in
      their own case (`Zero` is not `ZeRO`), or in capitals next to Chinese
      text (`之前的MOE模型`); other words in any case (see `case_sensitive_words`).
    - Nothing matches inside a URL.
    """

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms = tuple(terms)
        self._automaton = ahocorasick.Automaton()
        for term in self.terms:
            for name in term.names:
                if name.strip():
                    key = _Key(name, term, case_sensitive_words(name), _latin(fold(name[0])), _latin(fold(name[-1])))
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
        if key.exact and not _case_matches(text, start, end, key.exact):
            return 0
        if key.latin_start and start > 0 and (_latin(folded[start - 1]) or _hyphen_joined(folded, start - 1, -1)):
            return 0
        if key.latin_end and end < len(text):
            if _hyphen_joined(folded, end, 1):
                return 0
            if _latin(folded[end]):
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


def _case_matches(text: str, start: int, end: int, exact: tuple[tuple[int, str], ...]) -> bool:
    """Whether the case-sensitive words of a name match as written.

    Next to a Chinese character (a space between allowed) an all-capitals
    spelling counts too (`之前的MOE模型`, `传统的 SAAS 公司`): transcripts
    and notes write acronyms in capitals, and there a word in capitals is
    never an ordinary English one, as `ZERO` in an English headline may be.
    """
    seen = [narrow(text[start + at : start + at + len(word)]) for at, word in exact]
    if all(s == word for s, (_at, word) in zip(seen, exact, strict=True)):
        return True
    shouting = all(s == word.upper() for s, (_at, word) in zip(seen, exact, strict=True))
    before, after = text[max(0, start - 2) : start].rstrip(" ")[-1:], text[end : end + 2].lstrip(" ")[:1]
    return shouting and (_cjk(before) or _cjk(after))


def _cjk(char: str) -> bool:
    return bool(char) and ("\u3400" <= char <= "\u9fff" or "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uff0f")


def _hyphen_joined(folded: str, at: int, step: int) -> bool:
    """Whether `folded[at]` is a hyphen with a Latin letter beyond it (`step` -1: before, 1: after)."""
    beyond = at + step
    return folded[at] in _HYPHENS and 0 <= beyond < len(folded) and _letter(folded[beyond])


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
