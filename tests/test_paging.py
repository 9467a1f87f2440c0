"""Corpus-wide pages cut into pages of a readable size (`generator.site.writers.paging`).

The seeds' pages, cut with a small budget, stand in for a big corpus's:
every entry, card and group lands on exactly one page, each page stays
near the budget, every page maps the others, and `anchors.json` sends each
anchor to the page that holds it.
"""

from __future__ import annotations

import json
import re

from generator.core.paths import PREDICTIONS, TIMELINE, link, topic_page
from generator.site.pipeline import iter_pages
from generator.site.writers.markdown import Inliner
from generator.site.writers.paging import Piece, anchors_path, first_page, pack, page_map, parts_of, span_label
from generator.site.writers.predictions import predictions_page, predictions_pages
from generator.site.writers.timeline import timeline_page, timeline_pages
from generator.site.writers.topic import topic_page as topic_markdown
from generator.site.writers.topic import topic_pages

BUDGET = 6_000
_ID = re.compile(r'\bid="([^"]+)"|\{ #([^ }]+)')


def ids(text: str) -> list[str]:
    return [a or b for a, b in _ID.findall(text)]


def pages_of(files: list[tuple[str, str]]) -> tuple[dict[str, str], dict]:
    """(page path -> Markdown, the anchors table) of a split family."""
    pages = {path: text for path, text in files if path.endswith(".md")}
    (table,) = [json.loads(text) for path, text in files if path.endswith(".json")]
    return pages, table


def assert_family(files: list[tuple[str, str]], first: str, anchors: list[str]) -> dict[str, str]:
    """Page one first; every anchor on exactly one page, and the table says which; every page maps the others."""
    pages, table = pages_of(files)
    paths = list(pages)
    assert paths[0] == first and len(paths) > 2
    assert table["pages"] == paths
    assert [p for p, _ in files if p.endswith(".json")] == [anchors_path(first)]
    holders = {a: [p for p, text in pages.items() if a in ids(text)] for a in anchors}
    assert all(len(where) == 1 for where in holders.values()), {a: w for a, w in holders.items() if len(w) != 1}
    assert {a: paths[table["anchors"][a]] for a in anchors} == {a: where[0] for a, where in holders.items()}
    for n, (path, text) in enumerate(pages.items()):
        assert f"第 {n + 1} / {len(pages)} 页" in text
        for m, other in enumerate(paths):
            if m != n:  # siblings in one folder: the link is the file name
                assert f'({other.rsplit("/", 1)[-1]}){{ data-pg="{m}" }}' in text
        assert first_page(path, [first]) == (None if n == 0 else first)
    return pages


def test_pack_is_greedy_in_order_and_never_drops_a_piece() -> None:
    pieces = [Piece("a" * size, key=str(n)) for n, size in enumerate([40, 30, 50, 200, 10, 10])]
    runs = pack(pieces, 100)
    assert [[p.key for p in run] for run in runs] == [["0", "1"], ["2"], ["3"], ["4", "5"]]
    assert pack(pieces, 100, first_budget=20)[0] == [pieces[0]]  # page one also holds the introduction
    assert pack([], 100) == [[]]


def test_pages_are_named_after_their_first_piece_and_never_collide() -> None:
    pieces = [Piece("x", label="2025年", key="2025"), Piece("y", label="2025年", key="2025"), Piece("z", key="A/../b")]
    parts = parts_of(TIMELINE, [[p] for p in pieces], span_label)
    assert [p.path for p in parts] == ["timeline.md", "timeline.2025.md", "timeline.a-b.md"]
    assert parts_of(TIMELINE, [pieces[:2]], span_label)[0].label == "2025年"


def test_labels_in_the_map_are_escaped() -> None:
    parts = parts_of(topic_page("x"), [[Piece("a", label="<script>[x](javascript:y)")], [Piece("b", label="b")]], span_label)
    text = page_map(parts, 1, "段")
    assert "<script>" not in text and "&lt;script&gt;&#91;x&#93;" in text


def test_the_seeds_fit_on_one_page_each(seed_site) -> None:
    paths = [path for path, _ in iter_pages(seed_site)]
    assert not seed_site.layout
    assert not [p for p in paths if p.endswith(".anchors.json") or re.search(r"\.\w[\w-]*\.md$", p)]


def test_timeline_cut_by_period(seed_site) -> None:
    args = (seed_site.timeline, seed_site.by_slug, seed_site.topic_titles, Inliner(), TIMELINE)
    files = timeline_pages(*args, budget=BUDGET)
    pages = assert_family(files, TIMELINE, [e.id for e in seed_site.timeline])
    assert len(pages) < len(seed_site.timeline)  # entries share pages
    whole = timeline_page(*args)
    assert sum(len(re.findall(r'class="tl-entry ', t)) for t in pages.values()) == whole.count('class="tl-entry ')
    # Page one keeps the introduction; the others say which period they hold.
    first, *later = pages.values()
    assert "本页按时间顺序汇集" in first and all("本页按时间顺序汇集" not in t for t in later)
    assert all(re.search(r"^# 时间线 · \S", t, re.MULTILINE) for t in later)
    # A page is the budget, or one piece that is bigger on its own; nothing is near twice the budget.
    assert max(len(t.encode()) for t in pages.values()) < 2 * BUDGET + 20_000
    # Years and months keep their anchors, as often as on the whole page: a continuation is marked 续 with an id of its own.
    headings = sorted(h for t in pages.values() for h in re.findall(r"\{ #(tl-[\w-]+)", t) if not h.endswith("-more"))
    assert headings == sorted(re.findall(r"\{ #(tl-[\w-]+)", whole))


def test_topic_page_one_keeps_intro_and_figures(seed_site) -> None:
    topic = max(seed_site.topics, key=lambda t: len(seed_site.classification.included(t.id)))
    included = seed_site.classification.included(topic.id)
    args = (topic, included, seed_site.figures[topic.id], seed_site.by_slug, seed_site.topics, Inliner(), topic_page(topic.id))
    files = topic_pages(*args, budget=BUDGET)
    groups = sorted({f"src-{m.passage.source}" for m in included})
    pages = assert_family(files, topic_page(topic.id), groups)
    first, *later = pages.values()
    assert "## 关键数字" in first and all("## 关键数字" not in t for t in later)
    assert '<details class="pg-list" open markdown>' in first
    quotes = sum(t.count("{: .passage-cite }") for t in pages.values())
    assert quotes == len(included)
    assert topic_pages(*args, budget=None) == [(topic_page(topic.id), topic_markdown(*args))]


def test_ledger_cut_by_target_year(seed_site) -> None:
    args = (seed_site.predictions, seed_site.verdicts, seed_site.by_slug, seed_site.topic_titles, Inliner(), PREDICTIONS, seed_site.as_of)
    files = predictions_pages(*args, budget=BUDGET)
    pages = assert_family(files, PREDICTIONS, [p.id for p in seed_site.predictions])
    first, *later = pages.values()
    assert "## 校准" in first and all("## 校准" not in t for t in later)
    assert sum(t.count('class="pred-card ') for t in pages.values()) == len(seed_site.predictions)
    assert predictions_pages(*args, budget=None)[0][1] == predictions_page(*args)


def test_pipeline_links_a_prediction_to_the_timeline_page_of_its_entry(seed_site) -> None:
    from dataclasses import replace

    site = replace(seed_site, page_bytes=BUDGET, layout={})
    files = dict(iter_pages(site))
    assert site.layout and set(site.layout) >= {TIMELINE, PREDICTIONS}
    holder = {i: path for path, text in files.items() if path.startswith("timeline") and path.endswith(".md") for i in ids(text)}
    cards = {path: text for path, text in files.items() if path.startswith("predictions") and path.endswith(".md")}
    links = [(m.group(1), m.group(2)) for text in cards.values() for m in re.finditer(r"\[查看\]\((timeline[^)#]*)#([^)]+)\)", text)]
    assert links and all(holder[entry] == page for page, entry in links)
    # The glossary's "appears in" names the page a term appears on, with its own title.
    glossary = files["glossary.md"]
    assert re.search(r"\[时间线 · [^\]]+\]\(timeline\.[\w-]+\.md\)", glossary)


def test_full_lists_of_the_terms_the_glossary_cuts() -> None:
    from generator.core.model import Term
    from generator.site.writers.appearances import APPEARANCES, MAX_APPEARANCES, appearance_pages

    terms = [
        Term(id="moe", name="MoE", aliases=(), definition="d", source="curated"),
        Term(id="rare", name="稀有", aliases=(), definition="d", source="curated"),
    ]
    many = [(f"sources/s{n:03d}.md", 1 + n % 7) for n in range(300)]
    found = {"moe": many, "rare": many[:MAX_APPEARANCES]}
    titles = {page: f"<b>来源 {n}</b>" for n, (page, _) in enumerate(many)}
    files, parts = appearance_pages(terms, found, titles, budget=BUDGET)
    pages = assert_family(files, APPEARANCES, ["list-moe"])
    first, *_ = pages.values()
    assert "{: #appears-moe }" in first and "appears-rare" not in first  # only the lists the glossary cuts
    rows = [line for text in pages.values() for line in text.splitlines() if line.startswith("- [&lt;b&gt;来源")]
    assert len(rows) == 300 and "<b>" not in "".join(pages.values())
    assert rows[0].endswith("（7 次）")  # most mentions first
    holder = parts[next(i for i, p in enumerate(parts) for piece in p.pieces if "list-moe" in piece.anchors)].path
    assert f"]({link(APPEARANCES, holder, 'list-moe')})：300 个页面" in first
    assert appearance_pages(terms, {"rare": many[:MAX_APPEARANCES]}, titles) == ([], [])


# --- the sources index ---------------------------------------------------------


def many_sources(seed_site, n: int) -> list:
    """`n` sources made from the seeds: slugs of their own, dates spread over years, some undated."""
    from dataclasses import replace

    base = seed_site.sources
    out = []
    for i in range(n):
        s = base[i % len(base)]
        date = "" if i % 17 == 0 else f"{2015 + i % 12}-{1 + i % 12:02d}"
        out.append(replace(s, slug=f"{s.slug}-{i:03d}", meta=replace(s.meta, date=date, title=f"{s.meta.title} <{i}>")))
    return out


def index_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| [")]


def test_sources_index_cut_into_pages_in_order(seed_site) -> None:
    from generator.core.paths import SOURCES_INDEX, source_page
    from generator.site.writers.source import sources_index, sources_index_pages

    sources = many_sources(seed_site, 150)
    files = sources_index_pages(sources, SOURCES_INDEX, budget=BUDGET)
    pages = dict(files)
    paths = list(pages)
    assert len(paths) == len(files) > 2 and paths[0] == SOURCES_INDEX
    assert not [p for p in paths if not p.endswith(".md")]  # rows have no anchors: no anchors table, none linked
    assert all("pg-anchors" not in text for text in pages.values())
    # Every source on exactly one page; the pages, read in order, are the whole table.
    for s in sources:
        target = f"]({link(SOURCES_INDEX, source_page(s.slug))})"
        assert sum(text.count(target) for text in pages.values()) == 1, s.slug
    whole = sources_index(sources, SOURCES_INDEX)
    assert [r for text in pages.values() for r in index_rows(text)] == index_rows(whole)
    assert all(text.count("|---|---|---|---|---|---|") == 1 for text in pages.values())  # each page its own table head
    # Page one keeps the introduction and maps every page; every page links every other and its neighbours.
    first, *later = pages.values()
    assert "本简报依据的全部来源文件" in first and all("本简报依据的全部来源文件" not in t for t in later)
    assert '<details class="pg-list" open markdown>' in first
    for n, (path, text) in enumerate(pages.items()):
        assert f"第 {n + 1} / {len(pages)} 页" in text
        listed = [int(m) for m, _ in re.findall(r'\{ data-pg="(\d+)" \}（(\d+) 份）', text)]
        assert listed == [m for m in range(len(pages)) if m != n]
        assert all(f'({other.rsplit("/", 1)[-1]}){{ data-pg="{m}" }}' in text for m, other in enumerate(paths) if m != n)
        counts = [int(c) for c in re.findall(r"（(\d+) 份）", text)]
        assert sum(counts) == len(sources)  # the map's counts add up to every source
        assert ("« 上一页" in text) == (n > 0) and ("下一页：" in text) == (n + 1 < len(pages))
        assert first_page(path, [SOURCES_INDEX]) == (None if n == 0 else SOURCES_INDEX)
    assert max(len(t.encode()) for t in pages.values()) < BUDGET + 4_000  # rows are small: near the budget, never twice it
    assert "<7>" not in "".join(pages.values()) and "&lt;7&gt;" in "".join(pages.values())


def test_sources_index_of_the_seeds_is_one_page(seed_site) -> None:
    from generator.core.paths import SOURCES_INDEX
    from generator.site.writers.paging import PAGE_BYTES
    from generator.site.writers.source import sources_index, sources_index_pages

    assert sources_index_pages(seed_site.sources, SOURCES_INDEX, PAGE_BYTES) == [
        (SOURCES_INDEX, sources_index(seed_site.sources, SOURCES_INDEX))
    ]
    text = sources_index(seed_site.sources, SOURCES_INDEX)
    assert "pg-map" not in text and len(index_rows(text)) == len(seed_site.sources)


def test_pipeline_records_the_split_sources_index(seed_site) -> None:
    from dataclasses import replace

    from generator.core.paths import GENERATED_DIR, SOURCES_INDEX
    from generator.site.pipeline import unlisted_pages

    sources = tuple(many_sources(seed_site, 150))
    site = replace(seed_site, sources=sources, by_slug={s.slug: s for s in sources}, page_bytes=BUDGET, layout={})
    paths = [path for path, _ in iter_pages(site)]
    later = site.layout[SOURCES_INDEX]
    assert len(later) >= 2 and all(p in paths for p in later)
    assert {f"{GENERATED_DIR}/{p}" for p in later} <= unlisted_pages(site)


# --- ids ------------------------------------------------------------------------

# An id given in Markdown: `id="…"` in HTML, `{ #… }` / `{: #… }` in an attribute list (the id among classes).
_ANY_ID = re.compile(r'\bid="([^"]+)"|\{:?[^}\n]*?(?<![\w&])#([A-Za-z][\w-]*)[^}\n]*\}')


def duplicate_ids(text: str) -> list[str]:
    from collections import Counter

    found = Counter(a or b for a, b in _ANY_ID.findall(text))
    return sorted(i for i, n in found.items() if n > 1)


def test_duplicate_ids_are_found() -> None:
    assert duplicate_ids("## 2025年 { #tl-2025 }\n\n### 2025年（全年） { #tl-2025 .tl-group-title }") == ["tl-2025"]
    assert duplicate_ids('<div id="a"></div>\n- x\n  {: #a }\n{ .c #b }') == ["a"]


def test_no_page_has_an_id_twice(seed_site) -> None:
    """Whole pages and pages cut small: an id twice on a page breaks the anchor (the browser goes to the first)."""
    from dataclasses import replace

    small = replace(seed_site, page_bytes=BUDGET, layout={})
    for site in (seed_site, small):
        twice = {path: found for path, text in iter_pages(site) if path.endswith(".md") and (found := duplicate_ids(text))}
        assert not twice, twice
