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


# Markup that would be live if any renderer let it through: script-bearing
# tags, event attributes, script URLs, attr_list events and snippet lines.
# The writers show all of it as text; curated files may not carry it at all.
_ACTIVE = re.compile(
    r"<\s*/?\s*(?:script|iframe|object|embed|style|svg|math|form|base|meta|link|frame|applet)\b"
    r"|<[a-z][^>]*\son[a-z]+\s*="
    r"|\b(?:javascript|vbscript):(?=\S)|\bdata:\s*text/html"
    r"|\{[^{}\n]*\bon[a-z]+\s*="
    r"|^[ \t]*-{1,2}8<-{1,2}",
    re.IGNORECASE | re.MULTILINE,
)


def active_markup(text: str) -> tuple[int, str]:
    """(line, markup) of the first script-bearing markup in `text`, or (0, '') when there is none."""
    found = _ACTIVE.search(text)
    if not found:
        return 0, ""
    return text.count("\n", 0, found.start()) + 1, found.group().strip()
