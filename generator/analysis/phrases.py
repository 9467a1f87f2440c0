"""One-pass matching of curated phrases (topic keywords) in Chinese and English text.

Chinese has no spaces, so `\\b` cannot find `MoE` in `使用MoE架构`. Instead a
phrase that starts or ends with a Latin letter or digit must not touch
another Latin letter or digit there: `AI` matches in `用AI做事` and
`AI-driven` but not in `OpenAI` or `AI2`; `agent` matches `agents` (a plural
`s` is allowed after a phrase ending in a letter) but not `agentic` or
`agency`. Chinese phrases match anywhere. Case and full-width forms are
folded, so `moe`, `MOE` and `ＭｏＥ` all match `MoE`.

Two rule forms widen or narrow that (written in the curated file, see
`generator.analysis.topics`):

- a family rule, `Qwen*`: the phrase and any word it begins, up to the end
  of that word with its version (`Qwen3`, `Qwen2.5-Coder`, `QwenLM`), so a
  family needs no list of its versions;
- a case-exact rule: `ReAct` matches `ReAct`, never the verb `react`.

A phrase the curator wrote in lowercase (`open source`, `safety`) is a common
noun. Where the text writes it capitalised inside a longer capitalised name
(`Open Source Initiative`, `Institute for AI Safety`), the hit is marked
`in_name`: the name of an organisation is not a statement about the topic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from generator.core.text import fold, narrow

FAMILY = "*"  # a phrase ending in `*` is a family rule
_JOINERS = ".-_"  # inside a family member's name: `Qwen2.5-Coder`
# Small words inside a capitalised name (`Center for Security and Emerging Technology`).
_CONNECTORS = r"(?:(?:of|for|and|the|in|on|at|to|&)\s+)*"
_NEXT_WORD = re.compile(r"\s+" + _CONNECTORS + r"([^\W_][\w'’-]*)")
_PREVIOUS_WORD = re.compile(r"([^\W_][\w'’-]*)\s+" + _CONNECTORS + r"\Z")
_SENTENCE_START = re.compile(r"(?:\A|[.!?。！？:：]\s*)\Z")
_NOT_NAMES = frozenset({"The", "A", "An"})  # capitalised only because a sentence starts there


def _latin(char: str) -> bool:
    """A Latin letter or digit (after folding): what a Latin phrase must not touch."""
    return char.isalnum() and char < "\u0250"


def is_family(phrase: str) -> bool:
    """True for a family rule (`Qwen*`)."""
    return phrase.strip().endswith(FAMILY)


def phrase_key(phrase: str, exact: bool = False) -> str:
    """The form under which a phrase is matched and counted (for duplicate checks).

    Folded for an ordinary phrase (`MoE` and `moe` are the same rule); for a
    case-exact one, `=` and the phrase as written, so `ReAct` (exact) and
    `react` can be two rules.
    """
    phrase = phrase.strip()
    return "=" + narrow(phrase) if exact else fold(phrase)


@dataclass(frozen=True, slots=True)
class Hit:
    """One occurrence of a phrase.

    Attributes:
        key: the phrase's `phrase_key`.
        start: offset of the first character in the text.
        end: offset after the last character (after a plural `s`, or the
            rest of a family member's name).
        in_name: a lowercase-written phrase found capitalised inside a longer
            capitalised name (see the module docstring).
    """

    key: str
    start: int
    end: int
    in_name: bool = False

    def covers(self, other: Hit) -> bool:
        """True if this hit spans `other` and is longer."""
        return self.start <= other.start and other.end <= self.end and (self.end - self.start) > (other.end - other.start)


@dataclass(frozen=True, slots=True)
class _Variant:
    key: str
    exact: str  # the phrase as written, narrowed, for a case-exact rule; '' otherwise
    family: bool
    common: bool  # written in lowercase with Latin letters: a common noun
    latin_start: bool
    latin_end: bool


class PhraseMatcher:
    """Finds every occurrence of a set of phrases in one pass (Aho-Corasick).

    Built once from all topics' phrases, then used for every passage.
    Overlapping occurrences are all reported (`开源模型` and `开源` in the
    same place): callers decide which one counts.
    """

    def __init__(self, phrases: Iterable[str | tuple[str, bool]]) -> None:
        """Args: phrases: each a phrase, or (phrase, True) for a case-exact one."""
        variants: dict[str, dict[str, _Variant]] = {}
        for item in phrases:
            phrase, exact = (item, False) if isinstance(item, str) else item
            variant = _variant(phrase.strip(), exact)
            if variant is not None:
                body = fold(phrase.strip().removesuffix(FAMILY).strip() if variant.family else phrase.strip())
                variants.setdefault(body, {})[variant.key] = variant
        self._automaton = ahocorasick.Automaton()
        for body, by_key in variants.items():
            self._automaton.add_word(body, (len(body), tuple(by_key.values())))
        self._empty = not variants
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Hit]:
        """Every accepted occurrence, ordered by start then by length (longest first)."""
        if self._empty or not text:
            return []
        folded = fold(text)
        hits = []
        for last, (size, variants) in self._automaton.iter(folded):
            start = last + 1 - size
            for v in variants:
                end = _accept(v, text, folded, start, last + 1)
                if end is not None:
                    hits.append(Hit(v.key, start, end, v.common and _in_name(text, start, end)))
        hits.sort(key=lambda h: (h.start, -(h.end - h.start), h.key))
        return hits


def _variant(phrase: str, exact: bool) -> _Variant | None:
    family = is_family(phrase)
    body = phrase.removesuffix(FAMILY).strip() if family else phrase
    folded = fold(body)
    if not folded:
        return None
    key = phrase_key(phrase, exact)
    common = not exact and not family and body == body.lower() and any(c.isalpha() and _latin(c) for c in body)
    return _Variant(key, narrow(body) if exact else "", family, common, _latin(folded[0]), _latin(folded[-1]))


def _accept(v: _Variant, text: str, folded: str, start: int, end: int) -> int | None:
    """The end of an accepted hit of `v` at `start`..`end`, or None if the text refuses it."""
    if v.latin_start and start > 0 and _latin(folded[start - 1]):
        return None
    if v.exact and narrow(text[start:end]) != v.exact:
        return None
    if v.family:
        return _word_end(folded, end)
    if v.latin_end and end < len(folded) and _latin(folded[end]):
        plural = folded[end] == "s" and folded[end - 1].isalpha() and (end + 1 == len(folded) or not _latin(folded[end + 1]))
        return end + 1 if plural else None
    return end


def _word_end(folded: str, end: int) -> int:
    """The end of the word a family member's name runs on to (`Qwen` -> `Qwen2.5-Coder`)."""
    n = len(folded)
    while end < n and (_latin(folded[end]) or (folded[end] in _JOINERS and end + 1 < n and _latin(folded[end + 1]))):
        end += 1
    return end


def _in_name(text: str, start: int, end: int) -> bool:
    """Is text[start:end] written capitalised inside a longer capitalised name?"""
    words = text[start:end].split()
    if not words or not all(w[0].isupper() for w in words):
        return False
    after = _NEXT_WORD.match(text, end)
    if after and after.group(1)[0].isupper():
        return True
    before = _PREVIOUS_WORD.search(text[:start])
    if not before or not before.group(1)[0].isupper() or before.group(1) in _NOT_NAMES:
        return False
    # A word capitalised because a sentence starts with it (`See the LICENSE`) names nothing.
    return not _SENTENCE_START.search(text[: before.start(1)])
