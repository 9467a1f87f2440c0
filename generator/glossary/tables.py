"""Terms tables in sources -> glossary terms (names, aliases, definition, citation).

A table is a terms table when a header cell names a term column (术语 /
名词 / Term): the podcast reader's plain-text `术语 解释` table and
Markdown tables alike. Rows that cannot be used are returned as problems
(with the source path and line), never raised, so the build warns and
skips them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from generator.core.errors import BriefingError
from generator.core.ids import heading_slug
from generator.core.model import TABLE, Source, Term, plain
from generator.core.text import fold

_TERM_HEADER = re.compile(r"^(?:术语|名词|terms?(?![a-z]))", re.IGNORECASE)
_DEF_HEADER = re.compile(r"^(?:解释|释义|定义|含义|说明|definition|meaning|description|explanation)", re.IGNORECASE)
_ALIAS_HEADER = re.compile(r"^(?:别名|英文|全称|alias|full name|english)", re.IGNORECASE)
_PAREN = re.compile(r"^([^(（]*)[(（]([^)）]*)[)）]?(.*)$", re.DOTALL)
_ALIAS_SEP = re.compile(r"[,，;；]")
_DIGIT = re.compile(r"\d")
_LATIN_SLUG = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")


def parse_terms(source: Source) -> tuple[list[Term], list[BriefingError]]:
    """Every row of every terms table in a source, as terms.

    A table is a terms table when a header cell names a term column
    (术语 / 名词 / Term). A row without a term or definition cell, or
    repeating a term already defined in this source, is returned as a
    problem with the source path and line, and left out.

    Returns:
        (terms in document order, problems). Term ids are provisional
        readable slugs; `merge_terms` makes them unique.
    """
    terms: list[Term] = []
    problems: list[BriefingError] = []
    seen: dict[str, Term] = {}
    for _section, block in source.blocks():
        columns = _columns(block.header) if block.kind == TABLE else None
        if columns is None:
            continue
        for item in block.items:
            line = item.line or block.line
            cells = [plain(c).strip() for c in (item.cells or (item.spans,))]
            term, problem = _row_term(source, item.id, line, cells, columns)
            if term is not None:
                problem = _repeat(source, term, seen)
            if problem is not None:
                problems.append(problem)
                continue
            terms.append(term)
            seen.update((fold(name), term) for name in term.names)
    return terms, problems


def _columns(header: tuple[str, ...]) -> tuple[int, int, tuple[int, ...]] | None:
    """(term column, definition column, alias columns) of a terms table, else None."""
    cells = [h.strip() for h in header]
    term = next((i for i, h in enumerate(cells) if _TERM_HEADER.match(h)), None)
    if term is None:
        return None
    others = [i for i in range(len(cells)) if i != term]
    definition = next((i for i in others if _DEF_HEADER.match(cells[i])), None)
    if definition is None:
        definition = others[0] if others else term + 1
    aliases = tuple(i for i in others if i != definition and _ALIAS_HEADER.match(cells[i]))
    return term, definition, aliases


def _row_term(
    source: Source, anchor: str, line: int, cells: list[str], columns: tuple[int, int, tuple[int, ...]]
) -> tuple[Term | None, BriefingError | None]:
    term_col, def_col, alias_cols = columns
    row = " ".join(cells)
    for col, what in ((term_col, "term"), (def_col, "definition")):
        if col >= len(cells) or not cells[col]:
            message = f"terms table row has no {what} column, skipped: {row[:60]!r}"
            return None, BriefingError(message, path=source.path, line=line)
    name, aliases = split_term_cell(cells[term_col])
    extra = [a for col in alias_cols if col < len(cells) for a in _split_aliases(cells[col])]
    term = Term(
        id=term_id(name),
        name=name,
        aliases=unique_names([*aliases, *extra], exclude=name),
        definition=_SPACES.sub(" ", cells[def_col]).strip(),
        source=source.slug,
        anchor=anchor,
        line=line,
    )
    return term, None


def _repeat(source: Source, term: Term, seen: Mapping[str, Term]) -> BriefingError | None:
    for name in term.names:
        if (other := seen.get(fold(name))) is not None:
            message = f"term {name!r} is already defined on line {other.line}; this row is skipped"
            return BriefingError(message, path=source.path, line=term.line)
    return None


def split_term_cell(text: str) -> tuple[str, tuple[str, ...]]:
    """`MoE(Mixture of Experts,混合专家)` -> ('MoE', ('Mixture of Experts', '混合专家')).

    Names joined by a slash are all kept (`FP8/FP4` gives aliases FP8 and
    FP4), and a slashed alias shares its tail: `8位/4位浮点数` gives
    `8位浮点数` and `4位浮点数`. Full- and half-width brackets and commas.
    """
    text = _SPACES.sub(" ", text).strip()
    m = _PAREN.match(text)
    head, inner = (m.group(1).strip(), m.group(2)) if m else (text, "")
    aliases = _split_aliases(inner)
    if not head:
        head, aliases = (aliases[0], aliases[1:]) if aliases else (text, [])
    if "/" in head:
        aliases = [*_expand_slash(head), *aliases]
    return head, unique_names(aliases, exclude=head)


def _split_aliases(text: str) -> list[str]:
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
    """Readable anchor of a term: `moe`, `scaling-laws`, `fp8-fp4`, `缩放定律`."""
    text = unicodedata.normalize("NFKC", name)
    if text.isascii():
        return _LATIN_SLUG.sub("-", text.lower()).strip("-") or "term"
    return heading_slug(text)
