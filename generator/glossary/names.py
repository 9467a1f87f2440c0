"""A term's names: splitting a term cell into name and aliases, and the term's anchor."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from generator.core.ids import heading_slug
from generator.core.text import fold

_PAREN = re.compile(r"^([^(（]*)[(（]([^)）]*)[)）]?(.*)$", re.DOTALL)
_ALIAS_SEP = re.compile(r"[,，;；]")
_DIGIT = re.compile(r"\d")
_LATIN_SLUG = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")


def split_term_cell(text: str) -> tuple[str, tuple[str, ...]]:
    """`MoE(Mixture of Experts,混合专家)` -> ('MoE', ('Mixture of Experts', '混合专家')).

    Names joined by a slash are all kept (`FP8/FP4` gives aliases FP8 and
    FP4), and a slashed alias shares its tail: `8位/4位浮点数` gives
    `8位浮点数` and `4位浮点数`. Full- and half-width brackets and commas.
    """
    text = _SPACES.sub(" ", text).strip()
    m = _PAREN.match(text)
    head, inner = (m.group(1).strip(), m.group(2)) if m else (text, "")
    aliases = split_aliases(inner)
    if not head:
        head, aliases = (aliases[0], aliases[1:]) if aliases else (text, [])
    if "/" in head:
        aliases = [*_expand_slash(head), *aliases]
    return head, unique_names(aliases, exclude=head)


def split_aliases(text: str) -> list[str]:
    """`RAG，检索增强生成` -> [RAG, 检索增强生成]: names separated by commas or semicolons."""
    out: list[str] = []
    for part in _ALIAS_SEP.split(text):
        out.extend(_expand_slash(part.strip()) if "/" in part else [part.strip()])
    return [a for a in out if a]


def _expand_slash(text: str) -> list[str]:
    """`8位/4位浮点数` -> [8位浮点数, 4位浮点数]: earlier parts borrow the last part's tail."""
    parts = [p.strip() for p in text.split("/")]
    if len(parts) < 2 or not all(parts):
        return [text]
    last = parts[-1]
    out = []
    for part in parts[:-1]:
        # Only borrow when the part has the shape of the last part's head
        # (same text with other digits), so `TCP/IP` stays as it is.
        if len(part) < len(last) and _DIGIT.sub("0", part) == _DIGIT.sub("0", last[: len(part)]):
            part += last[len(part) :]
        out.append(part)
    return [*out, last]


def unique_names(names: Iterable[str], exclude: str = "") -> tuple[str, ...]:
    """Names in order without repeats (ignoring case and width), leaving out `exclude`."""
    seen = {fold(exclude)}
    out = []
    for name in names:
        if name and fold(name) not in seen:
            seen.add(fold(name))
            out.append(name)
    return tuple(out)


def term_id(name: str) -> str:
    """Readable anchor of a term, from its own name only: `moe`, `scaling-laws`, `fp8-fp4`, `缩放定律`."""
    text = unicodedata.normalize("NFKC", name)
    if text.isascii():
        return _LATIN_SLUG.sub("-", text.lower()).strip("-") or "term"
    return heading_slug(text)
