"""One-pass matching of curated phrases (topic keywords) in Chinese and English text.

Chinese has no spaces, so `\\b` cannot find `MoE` in `使用MoE架构`. Instead a
phrase that starts or ends with a Latin letter or digit must not touch
another Latin letter or digit there: `AI` matches in `用AI做事` and
`AI-driven` but not in `OpenAI` or `AI2`. A plural `s` is allowed after a
phrase ending in a letter (`agents` for `agent`). Chinese phrases match
anywhere. Case and full-width forms are folded, so `moe`, `MOE` and `ＭｏＥ`
all match `MoE`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from generator.core.text import fold


def _latin(char: str) -> bool:
    """A Latin letter or digit (after folding): what a Latin phrase must not touch."""
    return char.isalnum() and char < "\u0250"


@dataclass(frozen=True, slots=True)
class Hit:
    """One occurrence of a phrase.

    Attributes:
        key: the folded phrase (what the automaton stores).
        start: offset of the first character in the text.
        end: offset after the last character (after a plural `s` if any).
    """

    key: str
    start: int
    end: int

    def covers(self, other: Hit) -> bool:
        """True if this hit spans `other` and is longer."""
        return self.start <= other.start and other.end <= self.end and (self.end - self.start) > (other.end - other.start)


class PhraseMatcher:
    """Finds every occurrence of a set of phrases in one pass (Aho-Corasick).

    Built once from all topics' phrases, then used for every passage.
    Overlapping occurrences are all reported (`开源模型` and `开源` in the
    same place): callers decide which one counts.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for phrase in phrases:
            key = fold(phrase.strip())
            if key and key not in self._automaton:
                self._automaton.add_word(key, (key, _latin(key[0]), _latin(key[-1])))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Hit]:
        """Every accepted occurrence, ordered by start then by length (longest first)."""
        if self._empty or not text:
            return []
        folded = fold(text)
        hits = []
        for last, (key, latin_start, latin_end) in self._automaton.iter(folded):
            start, end = last + 1 - len(key), last + 1
            if latin_start and start > 0 and _latin(folded[start - 1]):
                continue
            if latin_end and end < len(folded) and _latin(folded[end]):
                plural = folded[end] == "s" and key[-1].isalpha() and (end + 1 == len(folded) or not _latin(folded[end + 1]))
                if not plural:
                    continue
                end += 1
            hits.append(Hit(key, start, end))
        hits.sort(key=lambda h: (h.start, -(h.end - h.start), h.key))
        return hits


def phrase_key(phrase: str) -> str:
    """The folded form under which a phrase is matched (for duplicate checks)."""
    return fold(phrase.strip())
