"""Text helpers every stage may use: whitespace, trimming, case and width folding."""

from __future__ import annotations

import re

# Runs of white space, with any line break inside, fold to one space.
WHITESPACE = re.compile(r"\s*\n\s*|[ \t\r\f\v]+")

# Full-width letters and digits (ｇｐｕ, ＧＰＵ) match like half-width ones. They
# are rare, so a regex replaces just them; full-width punctuation, which
# is everywhere in Chinese text, is left alone.
_WIDE = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def _narrow_one(match: re.Match[str]) -> str:
    return chr(ord(match.group()) - 0xFEE0)


def narrow(text: str) -> str:
    """Full-width letters and digits as half-width ones."""
    return _WIDE.sub(_narrow_one, text)


def fold(text: str) -> str:
    """Case- and width-folded text of the same length, for matching and comparing names.

    Offsets in the folded text are offsets in the original, so a match
    found in one is cut from the other.
    """
    if _WIDE.search(text):
        text = narrow(text)
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters (`İ`) grow when lowered; keep those as they are.
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


def short(text: str, limit: int = 140) -> str:
    """Trim text to `limit` characters for a tooltip or a summary."""
    text = WHITESPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
