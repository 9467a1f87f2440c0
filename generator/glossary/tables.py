"""A source's glossary-shaped parts -> glossary terms (names, aliases, definition, citation).

`parse_terms` reads all three shapes (which parts count is documented in
`context`): terms tables, here; headings with a definition and
`term：definition` lists, in `lists`.

A table is a terms table when a header cell names a term column (术语 /
名词 / Term), or, in a glossary section, a definition column. Malformed
pipe tables are read as far as they go: rows longer or shorter than the
header (the Markdown reader pads them), and a paragraph of pipe rows whose
separator line is missing. Rows that cannot be used are returned as
problems (with the source path and line), never raised, so the build
reports and skips them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from generator.core.errors import BriefingError
from generator.core.model import PARAGRAPH, TABLE, Block, Section, Source, Term, plain
from generator.core.text import fold
from generator.glossary.context import sections_in_context
from generator.glossary.lists import Found, bullet_terms, heading_terms, term_like
from generator.glossary.names import split_aliases, split_term_cell, term_id, unique_names

_TERM_HEADER = re.compile(r"^(?:术语|名词|terms?(?![a-z]))", re.IGNORECASE)
_DEF_HEADER = re.compile(r"^(?:解释|释义|定义|含义|说明|definition|meaning|description|explanation)", re.IGNORECASE)
_ALIAS_HEADER = re.compile(r"^(?:别名|英文|全称|alias|full name|english)", re.IGNORECASE)
_SEPARATOR_ROW = re.compile(r"^[\s|:：\-–—]+$")
_SPACES = re.compile(r"\s+")

Columns = tuple[int, int, tuple[int, ...]]  # term column, definition column, alias columns


def parse_terms(source: Source) -> tuple[list[Term], list[BriefingError]]:
    """Every term of every glossary-shaped part of a source.

    A term repeated within the source, or a terms-table row without a
    term or a definition, is returned as a problem with the source path
    and line, and left out.

    Returns:
        (terms in document order, problems). Term ids are the readable
        slugs of their names; `merge_terms` makes them unique.
    """
    sections = list(sections_in_context(source))
    problems: list[BriefingError] = []
    found = [*_table_terms(source, sections, problems)]
    found += [_found_term(source, f) for f in (*heading_terms(sections), *bullet_terms(sections))]
    terms: list[Term] = []
    seen: dict[str, Term] = {}
    for term in sorted(found, key=lambda t: t.line):  # stable: the order within a line is kept
        if (problem := _repeat(source, term, seen)) is not None:
            problems.append(problem)
            continue
        terms.append(term)
        seen.update((fold(name), term) for name in term.names)
    return terms, sorted(problems, key=lambda p: p.line or 0)


def _table_terms(source: Source, sections: Sequence[tuple[Section, bool]], problems: list[BriefingError]) -> list[Term]:
    terms = []
    for section, in_glossary in sections:
        for block in section.blocks:
            for header, rows in _tables(block):
                columns = _columns(header, in_glossary)
                if columns is None:
                    continue
                for anchor, line, cells in rows:
                    term, problem = _row_term(source, anchor, line, cells, columns)
                    if problem is not None:
                        problems.append(problem)
                    elif term is not None:
                        terms.append(term)
    return terms


def _tables(block: Block) -> list[tuple[tuple[str, ...], list[tuple[str, int, list[str]]]]]:
    """(header, [(anchor, line, cells)]) of a table block, or of a paragraph of pipe rows."""
    if block.kind == TABLE:
        rows = [(item.id, item.line or block.line, [plain(c).strip() for c in (item.cells or (item.spans,))]) for item in block.items]
        return [(block.header, rows)]
    if block.kind != PARAGRAPH:
        return []
    lines = [(n, line.strip()) for n, line in enumerate(plain(block.spans).split("\n")) if line.strip()]
    if len(lines) < 2 or not all("|" in line for _n, line in lines):
        return []
    cells = [(n, _pipe_cells(line)) for n, line in lines if not _SEPARATOR_ROW.match(line)]
    if len(cells) < 2:
        return []
    # The paragraph has no row anchors: each row cites the paragraph.
    return [(tuple(cells[0][1]), [(block.id, block.line + n if block.line else 0, row) for n, row in cells[1:]])]


def _pipe_cells(line: str) -> list[str]:
    """`| a | b |` or `a | b` -> [a, b]."""
    line = line.strip()
    line = line.removeprefix("|")
    line = line.removesuffix("|")
    return [cell.strip() for cell in line.split("|")]


def _columns(header: Sequence[str], in_glossary: bool) -> Columns | None:
    """(term column, definition column, alias columns) of a terms table, else None."""
    cells = [h.strip() for h in header]
    term = next((i for i, h in enumerate(cells) if _TERM_HEADER.match(h)), None)
    definition = next((i for i, h in enumerate(cells) if i != term and _DEF_HEADER.match(h)), None)
    if term is None:
        # In a glossary section, `| 名称 | 说明 |` is a terms table too: the term is the first column.
        if not in_glossary or definition is None or definition == 0 or len(cells) < 2:
            return None
        term = 0
    others = [i for i in range(len(cells)) if i != term]
    if definition is None:
        definition = others[0] if others else term + 1
    aliases = tuple(i for i in others if i != definition and _ALIAS_HEADER.match(cells[i]))
    return term, definition, aliases


def _row_term(source: Source, anchor: str, line: int, cells: list[str], columns: Columns) -> tuple[Term | None, BriefingError | None]:
    term_col, def_col, alias_cols = columns
    row = " ".join(c for c in cells if c)
    if not row:
        return None, None
    for col, what in ((term_col, "term"), (def_col, "definition")):
        if col >= len(cells) or not cells[col]:
            message = f"terms table row has no {what} column, skipped: {row[:60]!r}"
            return None, BriefingError(message, path=source.path, line=line)
    extra = [a for col in alias_cols if col < len(cells) for a in split_aliases(cells[col])]
    return _term(source, cells[term_col], _SPACES.sub(" ", cells[def_col]).strip(), anchor, line, extra), None


def _found_term(source: Source, found: Found) -> Term:
    return _term(source, found.cell, found.definition, found.anchor, found.line)


def _term(source: Source, cell: str, definition: str, anchor: str, line: int, extra: Sequence[str] = ()) -> Term:
    name, aliases = split_term_cell(cell.strip().strip("*_`").strip())
    return Term(
        id=term_id(name),
        name=name,
        aliases=unique_names([*aliases, *extra], exclude=name),
        definition=definition,
        source=source.slug,
        anchor=anchor,
        line=line,
    )


def _repeat(source: Source, term: Term, seen: Mapping[str, Term]) -> BriefingError | None:
    for name in term.names:
        if (other := seen.get(fold(name))) is not None:
            message = f"term {name!r} is already defined on line {other.line}; this one is skipped"
            return BriefingError(message, path=source.path, line=term.line)
    return None


__all__ = ["parse_terms", "split_term_cell", "term_id", "term_like", "unique_names"]
