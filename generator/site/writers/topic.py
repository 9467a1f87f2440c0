"""Topic pages and the 专题 landing page. Pure: model in, Markdown out."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from generator.analysis.classify import Classification, TopicMatch
from generator.analysis.figures import Figure
from generator.analysis.topics import Topic, intro_sections
from generator.core.model import Passage, Source
from generator.core.paths import link, source_page
from generator.core.paths import topic_page as topic_page_path
from generator.site.writers.blocks import front_matter, prose
from generator.site.writers.markdown import Inliner, escape
from generator.site.writers.paging import (
    PAGE_BYTES,
    Part,
    Piece,
    anchors_json,
    anchors_path,
    fits,
    pack,
    page_map,
    page_steps,
    parts_of,
    span_label,
)
from generator.site.writers.source import display_title, kind_label

MAX_FIGURES = 8
NO_PASSAGES = "目前的来源中没有与本专题相关的段落。"


def source_anchor(slug: str) -> str:
    """Id of a source's group on a topic page (the home coverage grid links to it)."""
    return f"src-{slug}"


def topic_page(
    topic: Topic,
    matches: Sequence[TopicMatch],
    figures: Sequence[Figure],
    sources: Mapping[str, Source],
    topics: Sequence[Topic],
    inliner: Inliner,
    page_path: str,
    render_group: Callable[[str, Sequence[Passage]], str] | None = None,
) -> str:
    """The page of one topic, whole (see `topic_pages` for the arguments)."""
    return topic_pages(topic, matches, figures, sources, topics, inliner, page_path, render_group, budget=None)[0][1]


def topic_pages(
    topic: Topic,
    matches: Sequence[TopicMatch],
    figures: Sequence[Figure],
    sources: Mapping[str, Source],
    topics: Sequence[Topic],
    inliner: Inliner,
    page_path: str,
    render_group: Callable[[str, Sequence[Passage]], str] | None = None,
    budget: int | None = PAGE_BYTES,
    parts: Sequence[Part] | None = None,
) -> list[tuple[str, str]]:
    """The pages of one topic: [(path, Markdown)], page one at `page_path`.

    A topic whose passages fit in `budget` bytes of Markdown is one page.
    A bigger one is cut between its sources' groups (`paging.pack`): page
    one keeps the introduction, the key figures and the first groups, and
    every page carries the map of all pages; an `anchors.json` beside page
    one says which page holds each source's group.

    Args:
        matches: the included passages, in document order.
        figures: key figures of those passages, most notable first.
        sources: slug -> Source, in the order the groups should appear.
        topics: all topics, to resolve `related`.
        inliner: renders passage text (escaping it, linking glossary terms).
        page_path: page one's path inside the generated folder; the others
            sit beside it, so a group reads the same on any of them.
        render_group: (slug, passages) -> one source's group, for a caller
            that keeps groups between builds; `source_group` by default.
        budget: bytes of Markdown per page; None: one page, whatever its size.
        parts: the pages' contents, from `topic_parts`, for a caller that needs them too.
    """
    parts = parts or topic_parts(topic, matches, sources, page_path, render_group or _default_group(sources, inliner, page_path), budget)
    head = [
        front_matter(title=topic.title, description=topic.summary, tags=list(topic.tags) or None),
        f"# {escape(topic.title)}",
        prose(intro_sections(topic.intro), inliner),
        _figures(figures[:MAX_FIGURES], sources, page_path),
    ]
    if len(parts) == 1:
        body = [_passages(matches, sources, [p.text for p in parts[0].pieces])]
        return [(page_path, _join([*head, *body, _related(topic, topics, page_path)]))]
    pages = []
    for index, part in enumerate(parts):
        groups = [p.text for p in part.pieces]
        if index == 0:
            body = [_passages(matches, sources, [], len(parts)), page_map(parts, 0, "段", open_list=True), *groups]
            text = _join([*head, *body, page_steps(parts, 0), _related(topic, topics, page_path)])
        else:
            title = f"{topic.title} · 第 {index + 1} 页"
            text = _join([front_matter(title=title, description=topic.summary), f"# {escape(title)}", page_map(parts, index, "段"),
                          f"## 来源摘录：{escape(part.label)}", *groups, page_steps(parts, index)])
        pages.append((part.path, text))
    pages.append((anchors_path(page_path), anchors_json(parts)))
    return pages


def topic_parts(
    topic: Topic,
    matches: Sequence[TopicMatch],
    sources: Mapping[str, Source],
    page_path: str,
    render_group: Callable[[str, Sequence[Passage]], str],
    budget: int | None = PAGE_BYTES,
) -> list[Part]:
    """A topic's source groups cut into pages (one page when `budget` is None or they fit)."""
    pieces = [
        Piece(render_group(slug, passages), (source_anchor(slug),), _title(slug, sources), len(passages))
        for slug, passages in source_groups(matches, sources).items()
    ]
    runs = [pieces] if fits(pieces, budget) else pack(pieces, budget)
    return parts_of(page_path, runs, span_label)


def _default_group(sources: Mapping[str, Source], inliner: Inliner, page_path: str) -> Callable[[str, Sequence[Passage]], str]:
    def render_group(slug: str, passages: Sequence[Passage]) -> str:
        return source_group(slug, passages, sources.get(slug), inliner, page_path)

    return render_group


def _join(parts: Sequence[str]) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip()) + "\n"


def _figures(figures: Sequence[Figure], sources: Mapping[str, Source], page: str) -> str:
    if not figures:
        return ""
    rows = ["## 关键数字", "", "| 数字 | 说明 | 出处 |", "|---|---|---|"]
    for fig in figures:
        rows.append(
            f"| **{escape(fig.value)}** | {escape(fig.label)} | {_cite(fig.passage, sources, page, _title(fig.passage.source, sources))} |"
        )
    return "\n".join(rows)


def _passages(matches: Sequence[TopicMatch], sources: Mapping[str, Source], groups: Sequence[str], pages: int = 1) -> str:
    if not matches:
        return f"## 来源摘录\n\n{NO_PASSAGES}"
    used = {m.passage.source for m in matches}
    split = f"摘录较多，分为 {pages} 页，下面是全部页面及其来源。" if pages > 1 else ""
    out = [
        "## 来源摘录",
        f"本专题共收录 {len(matches)} 段摘录，来自 {len(used)} 个来源，按来源分组、依原文顺序排列；每段末尾的链接指向原文中的确切位置。{split}",
    ]
    return "\n\n".join([*out, *groups])


def source_groups(matches: Sequence[TopicMatch], sources: Mapping[str, Source]) -> dict[str, list[Passage]]:
    """A topic's passages by source, in the order of `sources` (then any others)."""
    groups: dict[str, list[Passage]] = {slug: [] for slug in sources}
    for match in matches:
        groups.setdefault(match.passage.source, []).append(match.passage)
    return {slug: ps for slug, ps in groups.items() if ps}


def source_group(slug: str, passages: Sequence[Passage], source: Source | None, inliner: Inliner, page: str) -> str:
    """One source's passages on a topic page: a heading with its anchor, then each passage cited."""
    title = display_title(source) if source else slug
    facts = [kind_label(source)] if source else []
    if source and source.meta.date:
        facts.append(source.meta.date)
    facts.append(f"{len(passages)} 段")
    head = [
        f"### {escape(title)} {{ #{source_anchor(slug)} }}",
        f"{' · '.join(escape(f) for f in facts)} · [查看全文]({link(page, source_page(slug))})",
    ]
    return "\n\n".join(head + [_quote(p, inliner, page) for p in passages])


def _quote(passage: Passage, inliner: Inliner, page: str) -> str:
    """One passage as a blockquote (each line of a bilingual quote on its own), then its citation.

    The citation paragraph also keeps consecutive quotes apart: Markdown
    would merge blockquotes separated only by a blank line.
    """
    lines = [inliner.text(line) for line in passage.text.split("\n") if line.strip()]
    where = passage.section_title or "原文"
    cite = f"[出处：{escape(where)}]({link(page, source_page(passage.source), passage.anchor)})\n{{: .passage-cite }}"
    return "\n>\n".join(f"> {line}" for line in lines) + "\n\n" + cite


def _cite(passage: Passage, sources: Mapping[str, Source], page: str, text: str) -> str:
    return f"[{escape(text)}]({link(page, source_page(passage.source), passage.anchor)})"


def _title(slug: str, sources: Mapping[str, Source]) -> str:
    source = sources.get(slug)
    return display_title(source) if source else slug


def _related(topic: Topic, topics: Sequence[Topic], page: str) -> str:
    by_id = {t.id: t for t in topics}
    items = [by_id[rid] for rid in topic.related if rid in by_id]
    if not items:
        return ""
    # The class keeps other topics' summaries out of this page's search entry (`search_index.EXCLUDE`).
    lines = ["## 相关专题", "", '<div class="related-topics" markdown>', ""]
    lines += [f"- [{escape(t.title)}]({link(page, topic_page_path(t.id))})：{escape(t.summary)}" for t in items]
    return "\n".join([*lines, "", "</div>"])


def topics_index(topics: Sequence[Topic], classification: Classification, sources: Mapping[str, Source], page_path: str) -> str:
    """The 专题 landing page: each topic with its summary and how much it gathers."""
    lines = [
        front_matter(title="专题").strip(),
        "",
        "# 专题",
        "",
        "每个专题汇集所有来源中与之相关的段落，并链接到原文中的确切位置。",
        "",
        "| 专题 | 简介 | 摘录 | 来源 |",
        "|---|---|---|---|",
    ]
    for topic in topics:
        included = classification.included(topic.id)
        count = len({m.passage.source for m in included if m.passage.source in sources})
        title = f"[{escape(topic.title)}]({link(page_path, topic_page_path(topic.id))})"
        lines.append(f"| {title} | {escape(topic.summary)} | {len(included)} 段 | {count} / {len(sources)} |")
    return "\n".join(lines) + "\n"
