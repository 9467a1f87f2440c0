"""Glossary: terms tables, curated terms, one-pass matching, appearances, tooltips, the page."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.core.errors import BriefingError
from generator.core.model import CODE, HEADING, LINK, PARAGRAPH, TABLE, Block, Item, Meta, Section, Source, Span, Term
from generator.core.paths import GLOSSARY, link
from generator.glossary import (
    CURATED,
    CuratedTerm,
    TermMatcher,
    appearances,
    count_occurrences,
    editorial_notes,
    load_curated_terms,
    merge_glossary,
    merge_terms,
    parse_terms,
    source_texts,
    split_term_cell,
)
from generator.site.writers.glossary import MAX_APPEARANCES, glossary_page, group_terms
from generator.site.writers.markdown import Inliner
from generator.sources.readers import read_file

ROOT = Path(__file__).resolve().parent.parent
SEED_002 = ROOT / "seeds" / "002_0eac84650eee5944.txt"
CURATED_FILE = ROOT / "curation" / "glossary.yml"

# --- Seed 002's terms table: every row, exact names and aliases ----------------

SEED_002_ROWS = [
    ("LLM", ("Large Language Model", "大语言模型")),
    ("Transformer", ()),
    ("Scaling Laws", ("缩放定律",)),
    ("MoE", ("Mixture of Experts", "混合专家")),
    ("Pre-training", ("预训练",)),
    ("Mid-training", ("中训练",)),
    ("Post-training", ("后训练",)),
    ("RLHF", ("Reinforcement Learning from Human Feedback", "人类反馈强化学习")),
    ("RLVR", ("Reinforcement Learning with Verifiable Rewards", "可验证奖励强化学习")),
    ("DPO", ("Direct Preference Optimization", "直接偏好优化")),
    ("AGI", ("Artificial General Intelligence", "通用人工智能")),
    ("ASI", ("Artificial Superintelligence", "人工超级智能")),
    ("KV Cache", ("键值缓存",)),
    ("Group Query Attention", ("分组查询注意力",)),
    ("Sliding Window Attention", ("滑动窗口注意力",)),
    ("LoRA", ("Low-Rank Adaptation", "低秩适配")),
    ("OCR", ("Optical Character Recognition", "光学字符识别")),
    ("Sim-to-real gap", ("仿真到真实的差距",)),
    ("TPU", ("Tensor Processing Unit", "张量处理单元")),
    ("CUDA", ()),
    ("FP8/FP4", ("FP8", "FP4", "8位浮点数", "4位浮点数")),
]


@pytest.fixture(scope="module")
def seed_002() -> Source:
    return read_file(SEED_002)


@pytest.fixture(scope="module")
def seed_terms(seed_002) -> list[Term]:
    terms, problems = parse_terms(seed_002)
    assert problems == []
    return terms


def test_seed_002_table_has_every_row(seed_terms):
    assert len(seed_terms) == len(SEED_002_ROWS) == 21


@pytest.mark.parametrize(("row", "name", "aliases"), [(i, n, a) for i, (n, a) in enumerate(SEED_002_ROWS)])
def test_seed_002_row(seed_terms, row, name, aliases):
    term = seed_terms[row]
    assert (term.name, term.aliases) == (name, aliases)
    assert term.definition and not term.definition.startswith(("(", "（"))
    assert term.line == 307 + row  # the table's rows are lines 307-327 of the file
    assert term.anchor.startswith("r-")


def test_seed_002_definitions_and_citation(seed_002, seed_terms):
    by_name = {t.name: t for t in seed_terms}
    assert by_name["Transformer"].definition.startswith('2017年"Attention Is All You Need"')
    assert by_name["CUDA"].definition.startswith("NVIDIA推出的并行计算平台")
    assert {t.source for t in seed_terms} == {seed_002.slug}
    row_ids = {item.id for _s, b in seed_002.blocks() if b.kind == TABLE for item in b.items}
    assert {t.anchor for t in seed_terms} == row_ids


# --- Splitting a term cell ------------------------------------------------------

SPLIT_CASES = [
    ("MoE(Mixture of Experts,混合专家)", "MoE", ("Mixture of Experts", "混合专家")),
    ("MoE（Mixture of Experts，混合专家）", "MoE", ("Mixture of Experts", "混合专家")),
    ("MoE（Mixture of Experts, 混合专家)", "MoE", ("Mixture of Experts", "混合专家")),
    ("FP8/FP4(8位/4位浮点数)", "FP8/FP4", ("FP8", "FP4", "8位浮点数", "4位浮点数")),
    ("Scaling Laws(缩放定律)", "Scaling Laws", ("缩放定律",)),
    ("KV Cache（键值缓存）", "KV Cache", ("键值缓存",)),
    ("Transformer", "Transformer", ()),
    ("  Sim-to-real  gap (仿真到真实的差距) ", "Sim-to-real gap", ("仿真到真实的差距",)),
    ("TCP/IP(传输控制协议/网际协议)", "TCP/IP", ("TCP", "IP", "传输控制协议", "网际协议")),
    ("8-bit/4-bit float", "8-bit/4-bit float", ("8-bit float", "4-bit float")),
    ("（混合专家；MoE）", "混合专家", ("MoE",)),
    ("LLM(LLM, 大语言模型)", "LLM", ("大语言模型",)),
    ("GQA(Grouped-Query Attention", "GQA", ("Grouped-Query Attention",)),
]


@pytest.mark.parametrize(("cell", "name", "aliases"), SPLIT_CASES)
def test_split_term_cell(cell, name, aliases):
    assert split_term_cell(cell) == (name, aliases)


# --- Tables built by hand: problems, Markdown headers ----------------------------


def _source(*blocks: Block, path: str = "notes.md", slug: str = "notes", title: str = "术语") -> Source:
    return Source(path=path, slug=slug, meta=Meta(title="笔记"), sections=(Section(id="terms", title=title, blocks=blocks),))


def _row(item_id: str, line: int, *cells: str) -> Item:
    spans = tuple((Span(c),) for c in cells)
    return Item(id=item_id, spans=spans[0] if spans else (), cells=spans, line=line)


def _table(header: tuple[str, ...], *rows: Item, line: int = 9) -> Block:
    return Block(kind=TABLE, id="t-1", header=header, items=rows, line=line)


def test_row_missing_a_column_is_a_problem_not_a_crash():
    source = _source(
        _table(
            ("术语", "解释"),
            _row("r-1", 10, "MoE(混合专家)", "稀疏激活"),
            _row("r-2", 11, "GRPO 组相对策略优化"),
            _row("r-3", 12, "DPO", ""),
        )
    )
    terms, problems = parse_terms(source)
    assert [t.name for t in terms] == ["MoE"]
    assert [(p.path, p.line) for p in problems] == [("notes.md", 11), ("notes.md", 12)]
    assert "definition" in problems[0].message and "GRPO" in problems[0].message


def test_markdown_table_columns_found_by_header():
    source = _source(_table(("English", "Term", "Definition"), _row("r-1", 10, "Mixture of Experts", "MoE", "稀疏激活的架构")))
    [term], problems = parse_terms(source)
    assert problems == []
    assert (term.name, term.aliases, term.definition) == ("MoE", ("Mixture of Experts",), "稀疏激活的架构")


@pytest.mark.parametrize("header", [("名词", "含义"), ("TERMS", "x"), ("术语", "解释")])
def test_terms_headers(header):
    [term], _ = parse_terms(_source(_table(header, _row("r-1", 3, "MoE", "架构"))))
    assert term.name == "MoE"


@pytest.mark.parametrize("header", [("名称", "说明"), ("Terminal", "Note"), ()])
def test_other_tables_are_not_terms_tables(header):
    assert parse_terms(_source(_table(header, _row("r-1", 3, "MoE", "架构")), title="风险提示")) == ([], [])


def test_a_table_with_a_definition_column_is_a_terms_table_in_a_glossary_section():
    [term], _ = parse_terms(_source(_table(("名称", "说明"), _row("r-1", 3, "MoE", "架构")), title="名词解释"))
    assert (term.name, term.definition) == ("MoE", "架构")


def test_term_repeated_in_a_source_is_reported():
    source = _source(_table(("术语", "解释"), _row("r-1", 10, "MoE(混合专家)", "甲"), _row("r-2", 11, "混合专家", "乙")))
    terms, [problem] = parse_terms(source)
    assert [t.definition for t in terms] == ["甲"]
    assert (problem.path, problem.line) == ("notes.md", 11)


# --- The curated file --------------------------------------------------------------


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_curated_file_loads(tmp_path):
    path = _write(
        tmp_path, "terms:\n  - name: GRPO\n    aliases: [组相对策略优化]\n    definition: >-\n      强化学习算法，\n      无需价值模型。\n"
    )
    [entry] = load_curated_terms(path)
    assert (entry.name, entry.aliases, entry.definition, entry.line) == ("GRPO", ("组相对策略优化",), "强化学习算法，无需价值模型。", 2)


def test_missing_curated_file_means_no_entries(tmp_path):
    assert load_curated_terms(tmp_path / "absent.yml") == []


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("terms:\n  - name: GRPO\n    definiton: 算法\n", 3, ("definiton", "definition")),
        ("terms:\n  - name: GRPO\n    aliases: 组相对\n", 3, ("aliases",)),
        ("terms:\n  - name: GRPO\n    definition: [a, b]\n", 3, ("definition",)),
        ("terms:\n  - aliases: [x]\n", 2, ("name",)),
        ("terms:\n  - name: GRPO\n  - name: X\n    aliases: [grpo]\n", 3, ("grpo",)),
        ("terms:\n  - name: GRPO\n    id: Bad Id\n", 3, ("id",)),
        ("term:\n  - name: GRPO\n", 1, ("term",)),
        ("terms:\n  - name: GRPO\n    definition: [unclosed\n", 3, ("YAML",)),
    ],
)
def test_curated_file_errors_name_file_line_and_field(tmp_path, text, line, words):
    path = _write(tmp_path, text)
    with pytest.raises(BriefingError) as caught:
        load_curated_terms(path, display="curation/glossary.yml")
    error = caught.value
    assert (error.path, error.line) == ("curation/glossary.yml", line)
    for word in words:
        assert word in str(error)


# --- Merging ---------------------------------------------------------------------------


def _term(name: str, aliases: tuple[str, ...] = (), definition: str = "表内释义", source: str = "pod", anchor: str = "r-1") -> Term:
    return Term(id="", name=name, aliases=aliases, definition=definition, source=source, anchor=anchor, line=5)


def test_curated_definition_wins_and_the_table_one_is_shown_as_another_sources():
    parsed = [_term("KV Cache", ("键值缓存",), "降低显存占用")]
    curated = [CuratedTerm(name="KV Cache", aliases=("KV缓存",), definition="以显存换计算", path="g.yml", line=7)]
    glossary = merge_glossary(parsed, curated)
    [term], [notice] = glossary.terms, glossary.problems
    assert (term.id, term.definition, term.source, term.anchor) == ("kv-cache", "以显存换计算", CURATED, "")
    assert term.aliases == ("KV缓存", "键值缓存")
    assert glossary.others == {"kv-cache": (parsed[0],)}  # with its own source, row and line: the citation
    assert (notice.path, notice.line) == ("pod", 5)  # a notice on the source row, not an error
    assert "KV Cache" in notice.message and "another source" in notice.message


def test_clash_matched_through_an_alias():
    curated = [CuratedTerm(name="GQA", aliases=("分组查询注意力",), definition="新释义", line=3)]
    row = _term("Group Query Attention", ("分组查询注意力",))
    glossary = merge_glossary([row], curated)
    [term] = glossary.terms
    assert (term.id, term.name, term.definition) == ("gqa", "GQA", "新释义")
    assert "Group Query Attention" in term.aliases
    assert glossary.others == {"gqa": (row,)}
    assert "Group Query Attention" in glossary.problems[0].message


def test_documented_correction_is_not_a_problem():
    curated = [CuratedTerm(name="TPU", definition="新释义", correction="原表有误", line=3)]
    terms, problems = merge_terms([_term("TPU")], curated)
    assert problems == []
    assert editorial_notes(terms, curated) == {"tpu": "原表有误"}


def test_alias_only_entry_keeps_table_definition():
    terms, problems = merge_terms([_term("Scaling Laws", ("缩放定律",))], [CuratedTerm(name="Scaling Laws", aliases=("Scaling Law",))])
    assert problems == []
    assert (terms[0].definition, terms[0].aliases) == ("表内释义", ("Scaling Law", "缩放定律"))


def test_new_curated_terms_and_their_problems():
    curated = [
        CuratedTerm(name="GRPO", definition="算法"),
        CuratedTerm(name="ARR", line=9),
        CuratedTerm(name="ACV", definition="合同金额", correction="?", line=12),
    ]
    terms, problems = merge_terms([], curated)
    assert [(t.name, t.source, t.anchor) for t in terms] == [("GRPO", CURATED, ""), ("ACV", CURATED, "")]
    assert [(p.line, p.field) for p in problems] == [(9, "definition"), (12, "correction")]


def test_term_ids_are_readable_and_unique():
    parsed = [_term("MoE"), _term("Scaling Laws", anchor="r-2"), _term("缩放定律X", anchor="r-3"), _term("A-B", anchor="r-4")]
    terms, problems = merge_terms(parsed, [CuratedTerm(name="A/B", definition="另一个")])
    assert problems == []
    # The curated term keeps the id of its own name; the source term that slugs the same way yields.
    assert [t.id for t in terms] == ["moe", "scaling-laws", "缩放定律x", "a-b-2", "a-b"]


def test_same_term_in_two_tables_keeps_the_first_and_shows_the_second():
    second = _term("moe", definition="另一种释义", source="b")
    glossary = merge_glossary([_term("MoE", source="a"), second], [])
    assert [t.source for t in glossary.terms] == ["a"]
    assert glossary.others == {"moe": (second,)}
    [notice] = glossary.problems
    assert notice.path == "b" and "already in the glossary as 'MoE'" in notice.message


def test_a_row_copied_into_another_table_is_not_a_clash():
    # Many notes of one podcast repeat the same terms rows: one term, no warning.
    terms, problems = merge_terms([_term("MoE", source="a"), _term("MoE", definition="表内 释义", source="b")], [])
    assert [t.source for t in terms] == ["a"] and problems == []


def test_real_curated_file_merges_cleanly_with_seed_002(seed_terms):
    curated = load_curated_terms(CURATED_FILE)
    terms, problems = merge_terms(seed_terms, curated)
    assert problems == []
    ids = [t.id for t in terms]
    assert len(ids) == len(set(ids))
    by_id = {t.id: t for t in terms}
    for new in ("grpo", "dsa", "apr", "arr", "acv", "ppo", "rlaif", "mhc", "sota", "新云厂商"):
        assert by_id[new].source == CURATED and by_id[new].definition
    assert set(editorial_notes(terms, curated)) == {"kv-cache", "tpu", "cuda"}
    assert "Scaling Law" in by_id["scaling-laws"].aliases


# --- Matching ------------------------------------------------------------------------------


def _t(tid: str, name: str, *aliases: str) -> Term:
    return Term(id=tid, name=name, aliases=aliases, definition=f"{name} 的释义", source="s")


TERMS = (
    _t("moe", "MoE", "Mixture of Experts", "混合专家"),
    _t("scaling-laws", "Scaling Laws", "缩放定律"),
    _t("scaling", "Scaling"),
    _t("llm", "LLM", "大语言模型"),
    _t("rlhf", "RLHF"),
    _t("rl", "强化学习", "RL"),
    _t("tpu", "TPU"),
    _t("fp8-fp4", "FP8/FP4", "FP8", "FP4"),
    _t("agent", "智能体", "Agent"),
    _t("大模型", "大模型"),
    _t("kv-cache", "KV Cache", "KV缓存"),
)


@pytest.fixture(scope="module")
def matcher() -> TermMatcher:
    return TermMatcher(TERMS)


MATCH_CASES = [
    ("使用MoE架构", [("MoE", "moe")]),
    ("缩放定律已经在13个数量级", [("缩放定律", "scaling-laws")]),
    ("大模型的推理", [("大模型", "大模型")]),
    ("Scaling Laws 仍然有效", [("Scaling Laws", "scaling-laws")]),
    ("scaling laws and Scaling", [("scaling laws", "scaling-laws"), ("Scaling", "scaling")]),
    ("moe 与 MOE", [("MOE", "moe")]),  # mixed case matches as written, or in capitals next to Chinese
    ("moe and MOE", []),
    ("llm 不是 LLM", [("LLM", "llm")]),
    ("Llm", []),
    ("LLMs are", [("LLMs", "llm")]),
    ("LLMS", []),
    ("RLHFX 与 XRLHF", []),
    ("RLHF与RL", [("RLHF", "rlhf"), ("RL", "rl")]),
    ("GPUTPU", []),
    ("2TPU", []),
    ("TPU芯片", [("TPU", "tpu")]),
    ("ＴＰＵ芯片", [("ＴＰＵ", "tpu")]),
    ("通过FP8混合精度", [("FP8", "fp8-fp4")]),
    ("FP8/FP4格式", [("FP8/FP4", "fp8-fp4")]),
    ("AgentBench 与 agents", [("agents", "agent")]),
    ("KV缓存", [("KV缓存", "kv-cache")]),
    ("Mixture of Experts（混合专家）", [("Mixture of Experts", "moe"), ("混合专家", "moe")]),
    ("见 https://example.com/LLM/MoE 与 www.moe.org，LLM", [("LLM", "llm")]),
    ("见https://x.org/LLM与MoE", [("MoE", "moe")]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), MATCH_CASES)
def test_matcher(matcher, text, expected):
    segments = matcher.segments(text)
    assert "".join(chunk for chunk, _ in segments) == text
    assert [(chunk, term.id) for chunk, term in segments if term] == expected


@given(st.text(alphabet="MoELLMsRLHFTPU缩放定律大模型 /:.whtps", max_size=60))
def test_segments_always_rebuild_the_text(text):
    segments = TermMatcher(TERMS).segments(text)
    assert "".join(chunk for chunk, _ in segments) == text
    assert all(chunk for chunk, _ in segments)


def test_matcher_without_terms():
    assert TermMatcher([]).segments("MoE") == [("MoE", None)]


def test_count_occurrences_counts_every_alias(matcher):
    counts = count_occurrences(matcher, ["MoE与混合专家", "Mixture of Experts", "LLM"])
    assert counts == {"moe": 3, "llm": 1}


def test_appearances_per_page_sorted(matcher):
    pages = {
        "topics/b.md": ["MoE与混合专家", "大语言模型"],
        "sources/a.md": ["使用MoE", "`code`"],
        "timeline.md": [],
    }
    assert appearances(matcher, pages) == {
        "llm": [("topics/b.md", 1)],
        "moe": [("sources/a.md", 1), ("topics/b.md", 2)],
    }


def test_source_texts_skip_headings_code_and_links():
    source = _source(
        Block(kind=HEADING, id="h", spans=(Span("MoE 标题"),), level=3),
        Block(kind=PARAGRAPH, id="p", spans=(Span("用MoE"), Span("MoE()", CODE), Span("MoE论文", LINK, href="https://x.org"))),
        _table(("术语", "解释"), _row("r-1", 3, "LLM", "大语言模型")),
    )
    assert source_texts(source) == ["用MoE", "LLM", "大语言模型"]


# --- Tooltip links on a page ---------------------------------------------------------------


def _page_inliner(matcher: TermMatcher, page: str = "sources/x.md") -> Inliner:
    return Inliner(lambda term: link(page, GLOSSARY, term.id), matcher.segments)


def test_inliner_links_chinese_and_english_terms_in_chinese_sentences(matcher):
    out = _page_inliner(matcher).spans((Span("研究者使用MoE架构，缩放定律依然成立。"),))
    assert '[MoE](../glossary.md#moe "MoE：MoE 的释义")' in out
    assert '[缩放定律](../glossary.md#scaling-laws "Scaling Laws：Scaling Laws 的释义")' in out
    html = markdown.markdown(out)
    assert '<a href="../glossary.md#moe" title="MoE：MoE 的释义">MoE</a>' in html
    assert '<a href="../glossary.md#scaling-laws" title="Scaling Laws：Scaling Laws 的释义">缩放定律</a>' in html


def test_term_links_keep_the_spaces_around_them(matcher):
    out = _page_inliner(matcher).text("ask an LLM anything")
    assert out.startswith("ask an [LLM](") and out.endswith(") anything")


def test_no_term_links_inside_code_or_links(matcher):
    inliner = _page_inliner(matcher)
    assert inliner.span(Span("MoE.forward()", CODE)) == "<code>MoE.forward()</code>"
    linked = inliner.span(Span("MoE论文", LINK, href="https://arxiv.org/abs/1701.06538"))
    assert "glossary" not in linked and linked.startswith("[MoE论文](https://arxiv.org/")


# --- The glossary page ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page_input():
    table = _table(("术语", "解释"), _row("r-moe", 10, "MoE(混合专家)", "一种架构，与LLM相关"))
    source = _source(table, path="pod.txt", slug="pod")
    parsed, _ = parse_terms(source)
    curated = [
        CuratedTerm(name="LLM", aliases=("大语言模型",), definition="大语言模型，常用MoE架构"),
        CuratedTerm(name="缩放定律", definition="性能随算力增长"),
        CuratedTerm(name="GRPO", definition="强化学习算法"),
    ]
    terms, problems = merge_terms(parsed, curated)
    assert problems == []
    matcher = TermMatcher(terms)
    pages = {"sources/pod.md": source_texts(source), "topics/arch.md": ["MoE与混合专家", "大语言模型"]}
    titles = {"sources/pod.md": "播客笔记", "topics/arch.md": "模型架构"}
    inliner = Inliner(lambda term: link(GLOSSARY, GLOSSARY, term.id), matcher.segments)
    return terms, appearances(matcher, pages), {"pod": source}, titles, inliner


def test_glossary_page(page_input):
    terms, found, sources, titles, inliner = page_input
    page = glossary_page(terms, found, sources, titles, inliner, GLOSSARY, {"moe": "原表释义过简"})
    assert '### MoE { #moe data-pagefind-weight="10" }' in page
    assert '### 缩放定律 { #缩放定律 data-pagefind-weight="10" }' in page
    assert "[G](#latin-g) · [L](#latin-l) · [M](#latin-m)" in page
    assert "[S](#pinyin-s)" in page and "## 中文 · S { #pinyin-s }" in page
    moe = page.split("### MoE")[1].split("###")[0]
    assert "**又称**：混合专家" in moe
    assert '[LLM](#llm "LLM：' in moe  # another term is linked ...
    assert "[MoE]" not in moe and "[混合专家]" not in moe  # ... the term itself is not
    assert "[《播客笔记》“术语”](sources/pod.md#r-moe)" in moe
    assert "**编辑更正**：原表释义过简" in moe
    assert "[播客笔记](sources/pod.md)（2 次）、[模型架构](topics/arch.md)（2 次）" in moe
    grpo = page.split("### GRPO")[1].split("###")[0]
    assert "**出处**：编辑补充" in grpo and "目前没有其他页面" in grpo
    headings = [line for line in page.splitlines() if line.startswith("#")]
    assert all("](" not in line for line in headings)


def test_glossary_page_is_deterministic(page_input):
    terms, found, sources, titles, inliner = page_input
    first = glossary_page(terms, found, sources, titles, inliner, GLOSSARY)
    again = glossary_page(tuple(reversed(terms)), dict(reversed(found.items())), sources, titles, inliner, GLOSSARY)
    assert first == again


def test_groups_latin_then_pinyin():
    terms = [_t("z", "智能体"), _t("a", "AGI"), _t("d", "大模型"), _t("n", "4位"), _t("m", "mHC")]
    assert [(g.id, [t.name for t in g.terms]) for g in group_terms(terms)] == [
        ("latin-0-9", ["4位"]),
        ("latin-a", ["AGI"]),
        ("latin-m", ["mHC"]),
        ("pinyin-d", ["大模型"]),
        ("pinyin-z", ["智能体"]),
    ]


def test_a_term_on_many_pages_links_the_pages_that_mention_it_most(page_input):
    terms, _found, sources, titles, inliner = page_input
    many = [(f"sources/s{n:02d}.md", 1 + n % 5) for n in range(20)]
    page = glossary_page(terms, {"moe": many}, sources, titles, inliner, GLOSSARY)
    line = next(x for x in page.split("### MoE")[1].splitlines() if x.startswith("**出现于**"))
    assert line.count("](sources/s") == MAX_APPEARANCES == 12
    assert "（5 次）" in line and "（1 次）" not in line  # the most mentions first to be kept
    assert line.index("s04.md") < line.index("s09.md")  # in page order
    assert line.endswith("；另有 8 个页面提到（[全部 20 个页面](glossary.appears.md#appears-moe)）")  # the full list
