"""Merging sources' glossaries with curation/glossary.yml: the curated entry wins, anchors stay.

The last tests build the real seeds and curated files (temporary copies)
with and without glossary-shaped sources, through `generator.build`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown
import pytest

from generator.build import build
from generator.core.config import Settings
from generator.core.model import Term
from generator.core.paths import GLOSSARY
from generator.glossary import CURATED, CuratedTerm, load_curated_terms, merge_glossary, parse_terms, term_id
from generator.sources.readers import read_file

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
GLOSSARY_SOURCES = ["gloss_numbered_headings.md", "gloss_bullet_terms.md", "gloss_terms_en.md", "gloss_tables_malformed.md",
                    "glossary_three_styles.md"]  # fmt: skip


def _row(name: str, aliases: tuple[str, ...] = (), definition: str = "来源释义", source: str = "src", line: int = 5) -> Term:
    return Term(id=term_id(name), name=name, aliases=aliases, definition=definition, source=source, anchor=f"i-{line}", line=line)


ATTENTION = CuratedTerm(name="注意力机制", aliases=("Attention", "注意力", "自注意力", "Self-Attention"), definition="编辑的释义", line=3)


def test_a_curated_entry_that_matches_several_source_terms_is_kept():
    # The case: a glossary defined 注意力机制 and 自注意力 apart; the curated entry names both.
    rows = [_row("注意力机制", ("Attention",), "加权汇总", line=9), _row("自注意力", ("Self-Attention",), "序列内部", line=15)]
    glossary = merge_glossary(rows, [ATTENTION])
    [term] = glossary.terms
    assert (term.id, term.name, term.definition, term.source) == ("注意力机制", "注意力机制", "编辑的释义", CURATED)
    assert glossary.others == {"注意力机制": tuple(rows)}
    assert [(p.path, p.line) for p in glossary.problems] == [("src", 9), ("src", 15)]
    assert all("another source" in p.message and p.field == "" for p in glossary.problems)


@pytest.mark.parametrize(
    ("entry", "row"),
    [
        (
            CuratedTerm(name="思维链", aliases=("Chain of Thought", "CoT"), definition="逐步推理"),
            _row("CoT", ("Chain-of-Thought", "思维链")),
        ),
        (CuratedTerm(name="量化", aliases=("Quantization",), definition="低比特"), _row("Quantization", ("量化",))),
        (CuratedTerm(name="量化", aliases=("Quantization",)), _row("Quantization", ("量化",))),  # no curated definition
    ],
)
def test_a_curated_term_keeps_the_anchor_of_its_own_name(entry, row):
    before = merge_glossary([], [CuratedTerm(name=entry.name, aliases=entry.aliases, definition="x")]).terms[0].id
    [term] = merge_glossary([row], [entry]).terms
    assert term.id == before == term_id(entry.name)
    assert term.name == entry.name and row.name in term.aliases


def test_a_curated_entry_without_a_definition_takes_the_first_rows_and_shows_the_rest():
    entry = CuratedTerm(name="Scaling Laws", aliases=("缩放定律",))
    first, second = _row("Scaling Laws", definition="幂律", source="a"), _row("缩放定律", definition="算力越多越好", source="b")
    glossary = merge_glossary([first, second], [entry])
    [term] = glossary.terms
    assert (term.definition, term.source, term.anchor) == ("幂律", "a", first.anchor)
    assert glossary.others == {"scaling-laws": (second,)}
    [notice] = glossary.problems
    assert notice.path == "b" and "'Scaling Laws'" in notice.message


def test_a_correction_replaces_the_first_row_and_later_rows_are_shown():
    entry = CuratedTerm(name="TPU", definition="矩阵运算芯片", correction="原表有误")
    first, later = _row("TPU", definition="专为Transformer", source="a"), _row("TPU", definition="谷歌的芯片", source="b")
    glossary = merge_glossary([first, later], [entry])
    [term] = glossary.terms
    assert (term.definition, term.source) == ("矩阵运算芯片", "a")  # the corrected row stays the citation
    assert glossary.others == {"tpu": (later,)}
    assert [p.path for p in glossary.problems] == ["b"]


def test_a_row_naming_two_known_terms_joins_the_one_its_own_name_names():
    curated = [CuratedTerm(name="上下文窗口", aliases=("上下文",), definition="窗口"), CuratedTerm(name="上下文学习", definition="ICL")]
    row = _row("上下文学习", ("上下文", "ICL"))
    glossary = merge_glossary([row], curated)
    by_id = {t.id: t for t in glossary.terms}
    assert by_id["上下文窗口"].aliases == ("上下文",) and by_id["上下文学习"].aliases == ("ICL",)
    assert glossary.others == {"上下文学习": (row,)}
    assert "'上下文' names another term" in glossary.problems[0].message


def test_copies_of_one_definition_are_shown_once_and_say_nothing():
    glossary = merge_glossary([_row("MoE", source="a"), _row("MoE", definition="来源 释义", source="b")], [])
    assert glossary.others == {} and glossary.problems == ()


# --- Anchors do not depend on which sources there are ---------------------------------------------


@pytest.fixture(scope="module")
def seed_and_glossary_rows() -> tuple[list[Term], list[Term]]:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    seed_rows = [t for path in seeds for t in parse_terms(read_file(path))[0]]
    extra = [t for name in sorted(GLOSSARY_SOURCES) for t in parse_terms(read_file(CORPUS / name))[0]]
    assert len(extra) == 33
    return seed_rows, extra


def test_adding_glossary_sources_keeps_every_id(seed_and_glossary_rows):
    seed_rows, extra = seed_and_glossary_rows
    curated = load_curated_terms(ROOT / "curation" / "glossary.yml")
    base = {t.name: t.id for t in merge_glossary(seed_rows, curated).terms}
    after = {t.name: t.id for t in merge_glossary([*seed_rows, *extra], curated).terms}
    assert {name: after.get(name) for name in base} == base
    # A source that sorts first changes no curated term's id either.
    first = {t.name: t.id for t in merge_glossary([*extra, *seed_rows], curated).terms}
    assert {c.name: first[c.name] for c in curated if c.name in base} == {c.name: base[c.name] for c in curated if c.name in base}


def test_ids_come_from_names_not_from_the_order_of_discovery(seed_and_glossary_rows):
    seed_rows, extra = seed_and_glossary_rows
    curated = load_curated_terms(ROOT / "curation" / "glossary.yml")
    forward = merge_glossary([*seed_rows, *extra], curated)
    shuffled = merge_glossary([*seed_rows, *reversed(extra)], list(reversed(curated)))
    rows = [*seed_rows, *extra]
    # Terms just one row defines: a term two sources name differently (RAG, 检索增强生成) is named by the first.
    only_once = {t.name for t in rows if not any(o is not t and {n.lower() for n in o.names} & {n.lower() for n in t.names} for o in rows)}
    ids = {t.name: t.id for t in shuffled.terms}
    assert all(ids.get(t.name) == t.id for t in forward.terms if t.source == CURATED or t.name in only_once)


# --- The real build: seeds + curation, with and without glossary-shaped sources ---------------------


def _project(root: Path, extra: dict[str, str]) -> Settings:
    shutil.copytree(ROOT / "seeds", root / "seeds")
    shutil.copytree(ROOT / "curation", root / "curation")
    for target, fixture in extra.items():
        shutil.copy(CORPUS / fixture, root / "seeds" / target)
    return Settings(root=root, cache=".cache", workers=1)


def _build(root: Path, extra: dict[str, str]):
    settings = _project(root, extra)
    return settings, build(settings).site


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    plain = _build(tmp_path_factory.mktemp("plain"), {})
    more = _build(tmp_path_factory.mktemp("more"), {name: name for name in GLOSSARY_SOURCES})
    # The same glossary again under a name that sorts before every seed.
    first = _build(tmp_path_factory.mktemp("first"), {"000_aaa_glossary.md": "gloss_numbered_headings.md"})
    return plain, more, first


def test_a_glossary_source_removes_or_renames_no_curated_entry(builds):
    (_, plain), (_, more), (_, first) = builds
    curated = load_curated_terms(ROOT / "curation" / "glossary.yml")
    expected = {c.name: c.id or term_id(c.name) for c in curated if c.definition}
    for site in (plain, more, first):
        ids = {t.name: t.id for t in site.terms}
        assert {name: ids.get(name) for name in expected} == expected
    before = {t.name: t.id for t in plain.terms}
    for site in (more, first):
        after = {t.name: t.id for t in site.terms}
        assert {name: after.get(name) for name in before} == before
    assert {"注意力机制", "思维链", "量化", "上下文学习", "zero"} <= {t.id for t in more.terms}


def test_second_definitions_are_notices_and_shown_with_their_citation(builds):
    _plain, (settings, more), _first = builds
    notices = [n for n in more.notices if "already in the glossary" in n.message]
    assert {(n.path, n.line) for n in notices} >= {("seeds/gloss_numbered_headings.md", 9), ("seeds/gloss_numbered_headings.md", 15)}
    assert not any("matches several terms" in n.message for n in more.notices)
    assert not any("gloss" in str(w) for w in more.warnings)
    entry = _page(settings, GLOSSARY).split("### 注意力机制 {")[1].split("\n### ")[0]
    assert "**出处**：编辑补充" in entry
    assert "**其他来源的释义**：" in entry
    assert "“1. 注意力机制（Attention）”](sources/gloss-numbered-headings.md#i-" in entry  # cited where it is defined
    assert "（作“自注意力”）：同一序列内部的词" in entry


def test_tooltips_on_the_built_pages(builds):
    _plain, (settings, _more), _first = builds
    notes = next(line for line in _page(settings, "sources/gloss-terms-en.md").splitlines() if "Zero-Shot" in line)
    assert notes.startswith("Our Zero-Shot benchmarks and the P Zero tyres")  # neither is linked to ZeRO
    assert "[ZeRO](../glossary.md#zero " in notes
    assert "An attention-grabbing headline is not about [Attention](../glossary.md#注意力机制 " in notes
    summary = next(line for line in _page(settings, "sources/gloss-numbered-headings.md").splitlines() if "反复出现" in line)
    assert "其中[上下文学习](../glossary.md#上下文学习 " in summary
    assert "[上下文窗口](../glossary.md#上下文窗口 " in summary
    assert "[上下文](" not in summary


def _page(settings: Settings, path: str) -> str:
    return (settings.output_dir / path).read_text(encoding="utf-8")


def test_other_definitions_render_as_a_list_of_cited_items(builds):
    _plain, (settings, _more), _first = builds
    entry = _page(settings, GLOSSARY).split("### 注意力机制 {")[1].split("\n### ")[0]
    html = markdown.markdown(entry.split("\n\n", 1)[1], extensions=["attr_list", "md_in_html"])
    block = html.split("其他来源的释义</strong>：</p>")[1]
    assert block.lstrip().startswith("<ul>") and block.count('<li><a href="sources/gloss-numbered-headings.md#i-') == 2
