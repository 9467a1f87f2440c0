"""Every page each glossary term appears on, in full, in pages of a readable size.

The glossary links, under each term, the MAX_APPEARANCES pages that
mention it most; a term of a big corpus appears on thousands. Its whole
list is here. Page one is an index of those terms (`appears-<term id>`,
the glossary links there), each linking to the page that holds its list
(`list-<term id>`); the lists follow, cut into pages by `paging`.
A corpus where no term outgrows the glossary has no such page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from generator.core.model import Term
from generator.core.paths import link
from generator.site.writers.blocks import front_matter
from generator.site.writers.markdown import escape
from generator.site.writers.paging import (
    PAGE_BYTES,
    Part,
    Piece,
    anchors_json,
    anchors_path,
    fits,
    locator,
    pack,
    page_map,
    page_steps,
    parts_of,
    span_label,
)

APPEARANCES = "glossary.appears.md"
TITLE = "术语出现位置"
MAX_APPEARANCES = 12  # pages the glossary links per term; the rest are listed here


def index_anchor(term_id: str) -> str:
    """Id of a term's line in the index on page one: the glossary links there."""
    return f"appears-{term_id}"


def appearance_pages(
    terms: Sequence[Term],
    appearances: Mapping[str, Sequence[tuple[str, int]]],
    page_titles: Mapping[str, str],
    budget: int | None = PAGE_BYTES,
) -> tuple[list[tuple[str, str]], list[Part]]:
    """The full lists of the terms that appear on more than MAX_APPEARANCES pages.

    Args:
        terms: every term, in the glossary's order.
        appearances: term id -> [(page path, count)], from `glossary.collect_appearances`.
        page_titles: generated page path -> title.
        budget: bytes of Markdown per page; None: one page.

    Returns:
        ([(path, text)], the pages' parts); nothing when no list is cut in the glossary.
    """
    listed = [t for t in terms if len(appearances.get(t.id, ())) > MAX_APPEARANCES]
    if not listed:
        return [], []
    heads: dict[str, str] = {}  # page -> its link, made once: a page is on many terms' lists

    def head(page: str) -> str:
        if page not in heads:
            heads[page] = f"- [{escape(page_titles.get(page) or page)}]({link(APPEARANCES, page)})"
        return heads[page]

    pieces = [p for t in listed for p in _pieces(t, appearances[t.id], head, budget)]
    runs = [pieces] if fits(pieces, budget) else pack(pieces, budget)
    parts = parts_of(APPEARANCES, runs, span_label)
    where = locator(parts)
    files = []
    for index, part in enumerate(parts):
        title = TITLE if index == 0 else f"{TITLE} · 第 {index + 1} 页"
        top = [front_matter(title=title), f"# {escape(title)}"]
        if index == 0:
            top += [_index(listed, appearances, where)]
        if len(parts) > 1:
            top.append(page_map(parts, index, "个页面", open_list=index == 0))
        # Lists of other pages' titles: kept out of the search index (`search_index.EXCLUDE`),
        # where they outranked the pages themselves.
        lists = ['<div class="term-appearances" markdown>', *(p.text for p in part.pieces), "</div>"]
        body = lists + ([page_steps(parts, index)] if len(parts) > 1 else [])
        files.append((part.path, "\n\n".join(x for x in [*top, *body] if x) + "\n"))
    if len(parts) > 1:
        files.append((anchors_path(APPEARANCES), anchors_json(parts)))
    return files, parts


def _index(listed: Sequence[Term], appearances: Mapping[str, Sequence[tuple[str, int]]], where) -> str:
    lines = [f"术语表每条只列出提到它最多的 {MAX_APPEARANCES} 个页面；下面这些术语出现得更多，这里是完整列表。", ""]
    for term in listed:
        page = where(f"list-{term.id}") or APPEARANCES
        target = link(APPEARANCES, page, f"list-{term.id}")
        lines.append(f"- [{escape(term.name)}]({target})：{len(appearances[term.id])} 个页面\n  {{: #{index_anchor(term.id)} }}")
    return "\n".join(lines)


def _pieces(term: Term, found: Sequence[tuple[str, int]], head: Callable[[str], str], budget: int | None) -> list[Piece]:
    """One term's list, most mentions first (`head`: a page's link); in runs of at most `budget` bytes when it is bigger."""
    ordered = sorted(found, key=lambda pc: (-pc[1], pc[0]))
    rows = [f"{head(page)}（{count} 次）" for page, count in ordered]
    # A list that fits in one run whatever its characters (UTF-8: at most 4 bytes each) is not measured.
    fits = budget is None or 4 * sum(map(len, rows)) <= budget
    runs = [rows] if fits else [[r.text for r in run] for run in pack([Piece(r) for r in rows], budget)]
    out = []
    for n, run in enumerate(runs, 1):
        first = n == 1
        heading = f"## {escape(term.name)} {{ #list-{term.id} }}" if first else f"## {escape(term.name)}（续） {{ #list-{term.id}-{n} }}"
        label = term.name if first else f"{term.name}（{n}）"
        out.append(Piece("\n\n".join([heading, "\n".join(run)]), (f"list-{term.id}",) if first else (), label, len(run)))
    return out
