"""The glossary page: every term with its names, definition, source and where it appears.

Terms are grouped so a reader finds one fast: Latin names (terms and
acronyms) A–Z, then Chinese names by the initial of their pinyin, with a
letter index at the top. Each term has its own anchor, which the tooltip
links on every other page point to.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby

from pypinyin import lazy_pinyin

from generator.core.model import Source, Term
from generator.core.paths import link, source_page
from generator.glossary import CURATED
from generator.site.writers.appearances import APPEARANCES, MAX_APPEARANCES, index_anchor
from generator.site.writers.blocks import front_matter
from generator.site.writers.markdown import Annotator, Inliner, escape
from generator.site.writers.source import display_title

TITLE = "术语表"
DESCRIPTION = "本简报涉及的人工智能术语：名称、别名、释义、出处，以及它们出现在哪些页面。"


@dataclass(frozen=True, slots=True)
class Group:
    """Terms under one letter heading.

    Attributes:
        id: anchor of the heading (`latin-a`, `pinyin-d`).
        label: heading text.
        letter: the letter shown in the index.
        terms: the terms, sorted.
    """

    id: str
    label: str
    letter: str
    terms: tuple[Term, ...]


def glossary_page(
    terms: Sequence[Term],
    appearances: Mapping[str, Sequence[tuple[str, int]]],
    sources: Mapping[str, Source],
    page_titles: Mapping[str, str],
    inliner: Inliner,
    page_path: str,
    notes: Mapping[str, str] | None = None,
    others: Mapping[str, Sequence[Term]] | None = None,
) -> str:
    """The glossary page as Markdown.

    Args:
        terms: every term (ids unique).
        appearances: term id -> [(page path, count)], from `glossary.appearances`.
        sources: source slug -> Source, for citing the defining table.
        page_titles: generated page path -> title, for the "出现于" links.
        inliner: renders definitions, linking other terms (a term never links to itself).
        page_path: where this page lives (`paths.GLOSSARY`), for relative links.
        notes: term id -> editorial correction, from `glossary.editorial_notes`.
        others: term id -> other sources' definitions of the term, from `glossary.merge_glossary`.
    """
    groups = group_terms(terms)
    parts = [front_matter(title=TITLE, description=DESCRIPTION), f"# {TITLE}", _intro(terms, notes or {}), _index(groups)]
    for group in groups:
        parts.append(f"## {escape(group.label)} {{ #{group.id} }}")
        for term in group.terms:
            parts.append(
                _entry(
                    term,
                    appearances.get(term.id, ()),
                    sources,
                    page_titles,
                    inliner,
                    page_path,
                    (notes or {}).get(term.id, ""),
                    (others or {}).get(term.id, ()),
                )
            )
    return "\n\n".join(p for p in parts if p) + "\n"


def group_terms(terms: Sequence[Term]) -> list[Group]:
    """Latin names A–Z (digits first), then Chinese names by pinyin initial."""
    ordered = sorted(terms, key=_sort_key)
    groups = []
    for (script, letter), members in groupby(ordered, key=lambda t: _sort_key(t)[:2]):
        label = letter if script == "latin" else f"中文 · {letter}"
        groups.append(Group(id=_group_id(script, letter), label=label, letter=letter, terms=tuple(members)))
    return groups


def _sort_key(term: Term) -> tuple[str, str, str, str]:
    """(script, letter, sort key, id): Latin before Chinese, stable for equal names."""
    first = term.name[:1]
    if first.isascii():
        letter = first.upper() if first.isalpha() else "0–9"
        return ("latin", letter, term.name.casefold(), term.id)
    key = _pinyin(term.name)
    letter = key[:1].upper() if key[:1].isascii() and key[:1].isalpha() else "#"
    return ("pinyin", letter, key, term.id)


@functools.lru_cache(maxsize=1 << 12)
def _pinyin(name: str) -> str:
    # Pure and slow (a dictionary walk per name): asked for each term several times per build, and again by every rebuild.
    return "".join(lazy_pinyin(name)).lower()


def _group_id(script: str, letter: str) -> str:
    return f"{script}-{'0-9' if letter == '0–9' else letter.lower()}"


# MAX_APPEARANCES: pages linked per term; a term of a 10,000-source corpus appears on thousands (its full list: `appearances`)


def _intro(terms: Sequence[Term], notes: Mapping[str, str]) -> str:
    table = sum(1 for t in terms if t.source != CURATED)
    corrected = sum(1 for t in terms if t.id in notes)
    fixed = f"其中 {corrected} 条表内释义经编辑更正，" if corrected else ""
    return (
        f"本页收录 {len(terms)} 个术语：{table} 个出自来源文档自带的术语表，{len(terms) - table} 个为编辑补充；{fixed}"
        "每条都注明出处。英文术语与缩写按字母排列，中文术语按拼音首字母排列。"
        "在本站其他页面中，术语及其别名都链接到本页对应条目，鼠标悬停即可看到释义。"
    )


def _index(groups: Sequence[Group]) -> str:
    latin = " · ".join(f"[{escape(g.letter)}](#{g.id})" for g in groups if g.id.startswith("latin-"))
    pinyin = " · ".join(f"[{escape(g.letter)}](#{g.id})" for g in groups if g.id.startswith("pinyin-"))
    lines = [f"**英文与缩写**：{latin}" if latin else "", f"**中文（按拼音）**：{pinyin}" if pinyin else ""]
    return "\n\n".join(line for line in lines if line)


def _entry(
    term: Term,
    found: Sequence[tuple[str, int]],
    sources: Mapping[str, Source],
    page_titles: Mapping[str, str],
    inliner: Inliner,
    page_path: str,
    note: str,
    others: Sequence[Term] = (),
) -> str:
    # Search weight: a term's own entry ranks above pages that merely use it.
    parts = [f'### {escape(term.name)} {{ #{term.id} data-pagefind-weight="10" }}']
    if term.aliases:
        parts.append(f"**又称**：{'、'.join(escape(a) for a in term.aliases)}\n{{: data-pagefind-weight=\"10\" }}")
    own = _without_self(inliner, term)
    parts.append(own.text(term.definition))
    parts.append(f"**出处**：{_citation(term, sources, page_titles, page_path)}")
    if note:
        parts.append(f"**编辑更正**：{escape(note)}")
    if others:
        parts.append(_other_definitions(term, others, own, sources, page_titles, page_path))
    parts.append(f"**出现于**：{_appearances(found, page_titles, page_path, term.id)}")
    return "\n\n".join(parts)


def _without_self(inliner: Inliner, term: Term) -> Inliner:
    """The same inliner, except that `term` itself is not linked in its own definition."""
    annotate = inliner.annotate
    if annotate is None or inliner.term_link is None:
        return inliner

    def others(text: str) -> list[tuple[str, Term | None]]:
        out: list[tuple[str, Term | None]] = []
        for chunk, found in annotate(text):
            found = None if found is not None and found.id == term.id else found
            if found is None and out and out[-1][1] is None:
                out[-1] = (out[-1][0] + chunk, None)
            else:
                out.append((chunk, found))
        return out

    plain_annotator: Annotator = others
    return Inliner(inliner.term_link, plain_annotator)


def _citation(term: Term, sources: Mapping[str, Source], page_titles: Mapping[str, str], page_path: str) -> str:
    source = sources.get(term.source)
    if term.source == CURATED or source is None:
        return "编辑补充"
    page = source_page(source.slug)
    title = page_titles.get(page) or display_title(source)
    section = _section_title(source, term.anchor)
    where = f"《{title}》" + (f"“{section}”" if section else "术语表")
    return f"[{escape(where)}]({link(page_path, page, term.anchor)})"


def _other_definitions(
    term: Term, others: Sequence[Term], inliner: Inliner, sources: Mapping[str, Source], page_titles: Mapping[str, str], page_path: str
) -> str:
    """Other sources' definitions of a term, each with its citation (and the name that source uses, when another)."""
    lines = ["**其他来源的释义**：", ""]  # a list needs a blank line after the paragraph
    for other in others:
        named = f"（作“{escape(other.name)}”）" if other.name != term.name else ""
        lines.append(f"- {_citation(other, sources, page_titles, page_path)}{named}：{inliner.text(other.definition)}")
    return "\n".join(lines)


def _section_title(source: Source, anchor: str) -> str:
    for section, block in source.blocks():
        if block.id == anchor or any(item.id == anchor for item in block.items):
            return section.title
    return ""


def _appearances(found: Sequence[tuple[str, int]], page_titles: Mapping[str, str], page_path: str, term_id: str = "") -> str:
    """Links to the pages that mention a term; in a big corpus, the MAX_APPEARANCES that mention it most,
    and a link to its full list (`appearances`)."""
    if not found:
        return "目前没有其他页面提到这个术语。"
    shown = found
    if len(found) > MAX_APPEARANCES:
        top = set(sorted(found, key=lambda pc: (-pc[1], pc[0]))[:MAX_APPEARANCES])
        shown = [pc for pc in found if pc in top]  # kept in page order
    links = [f"[{escape(page_titles.get(page) or page)}]({link(page_path, page)})（{count} 次）" for page, count in shown]
    more = f"；另有 {len(found) - len(shown)} 个页面提到" if len(shown) < len(found) else ""
    if more and term_id:
        more += f"（[全部 {len(found)} 个页面]({link(page_path, APPEARANCES, index_anchor(term_id))})）"
    return "、".join(links) + more
