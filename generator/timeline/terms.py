"""What a timeline sentence is compared by: its terms.

Character pairs of its Chinese text, its Latin words, its figures (a
number and its unit) and its identifiers (a title, a versioned name).
The merge (`merge`) weighs them by how rare they are in the corpus; the
evidence ranker and the ledger use the same terms.
"""

from __future__ import annotations

import functools
import re
from sys import intern

_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9+]*(?:\.\d+)*")  # a version stays on its name: `qwen2.5`, not `qwen2`
_DATE_CHARS = re.compile(r"[年月日号]")
# English words every report uses, and the words of dates (a date is compared as a date, see `merge.near`).
# fmt: off
_LATIN_STOP = frozenset(
    ["ai", "a", "an", "the", "of", "and", "or", "but", "to", "in", "on", "at", "by", "for", "with", "from", "as", "into", "onto", "over", "under", "about", "after", "before", "than", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "has", "have", "had", "will", "would", "can", "could", "also", "said", "says", "which", "who", "whom", "whose", "not", "no", "per", "via", "up", "out", "more", "most", "new", "its", "their", "they", "he", "she", "we", "our", "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)
# fmt: on
# A figure: a number and its unit (`3亿`, `31%`, `300m`), or a bare number (`GPT-5`, `3款`).
# Dates are taken out first: their numbers are compared as dates, not as figures.
_DATE_NUMBERS = re.compile(
    r"\d{4}\s*年|\d{1,2}\s*[月日号]|\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?|(?<!\d)\d{1,2}/\d{1,2}(?!\d)|\d{1,2}:\d{2}"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|\b(?:19|20)\d{2}\b|\bq[1-4]\b",
    re.IGNORECASE,
)
_FIGURE = re.compile(r"(?<![A-Za-z\d.])(\d+(?:[.,]\d+)*)\s*(亿|万|%|％|million\b|billion\b|trillion\b|bn\b)?", re.IGNORECASE)
_UNITS = {"％": "%", "million": "m", "billion": "b", "bn": "b", "trillion": "t"}
FIGURE = "№"  # first character of a figure's term (not `#`, which marks the evidence ranker's entities)
# Identifiers: a law's, a book's or a report's title, whole however long, and a
# product's name with its version (`玄鸟-3`, `GPT-4o`, `DeepSeek-R1`): the last two
# Chinese characters or the Latin word before the hyphen, so every report spells it alike.
_TITLE = re.compile(r"《([^《》]{1,40})》")
_VERSIONED = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9]*|[\u3400-\u9fff]{2})-(\d+(?:\.\d+)*[A-Za-z]?|[A-Za-z]\d+)(?![A-Za-z0-9])")


def text_terms(text: str) -> frozenset[str]:
    """Character bigrams of the Chinese text, lowercased Latin words, figures
    (`figures`) and identifiers (`identifier`)."""
    # Interned: one string per distinct term, however many sentences hold it
    # (at 10,000 sources, 80 MB less in the merge index alone).
    out = set()
    for run in _CJK_RUN.findall(text):
        for part in _DATE_CHARS.split(run):
            out.update(intern(part[i : i + 2]) for i in range(len(part) - 1))
    out.update(intern(w.lower()) for w in _LATIN.findall(text) if w.lower() not in _LATIN_STOP)
    out.update(f"《{title}》" for title in _TITLE.findall(text))
    out.update(f"{name}-{version}".lower() for name, version in _VERSIONED.findall(text))
    for number, unit in _FIGURE.findall(_DATE_NUMBERS.sub(" ", text)):
        unit = unit.lower()
        out.add(f"{FIGURE}{number.replace(',', '')}{_UNITS.get(unit, unit)}")
    return frozenset(out)


def identifier(term: str) -> bool:
    """A title or a versioned name (see `text_terms`): no bigram, word or figure holds 《 or -."""
    return term[0] == "《" or "-" in term


def figures(bag: frozenset[str]) -> frozenset[str]:
    """The figures among a sentence's terms."""
    return frozenset(t for t in bag if t[0] == FIGURE)


def figures_differ(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two sentences' `figures` hold figures of one unit, and none in common:
    `完成3亿元B轮融资` and `完成5亿元B轮融资` report two rounds, `GPT-4` and `GPT-5`
    two models, however alike the rest of their words."""
    if not (a and b):
        return False
    left, right = _by_unit(a), _by_unit(b)
    return any(unit in right and not values & right[unit] for unit, values in left.items())


def _by_unit(figures: frozenset[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for t in figures:
        out.setdefault(_unit(t), set()).add(t)
    return out


def _unit(figure: str) -> str:
    return figure.lstrip(FIGURE + "0123456789.")


# Timeline sentences, cached: `mkdocs serve` rebuilds see the same ones again.
# Whole passages (evidence) use `text_terms`: 65,536 of them cached held
# hundreds of MB.
terms = functools.lru_cache(maxsize=1 << 16)(text_terms)
