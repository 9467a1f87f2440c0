"""Topics: curated-file validation, phrase matching, classification, explanation, key figures, pages."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.analysis.classify import Classification, classify, explain, heading_parents, keyword_test
from generator.analysis.figures import COUNT, MONEY, PERCENT, POWER, key_figures, passage_figures
from generator.analysis.passages import source_passages
from generator.analysis.phrases import PhraseMatcher
from generator.analysis.topics import Topic, load_topics, validate_passage_ids
from generator.core.errors import BriefingError
from generator.core.model import LIST, PARAGRAPH, Block, Item, Meta, Passage, Section, Source, Span
from generator.site.writers.markdown import Inliner
from generator.site.writers.topic import topic_page, topics_index

VALID = """---
title: 监管与政策
summary: 一行简介
order: 1
tags: [监管]
keywords:
  监管: 3
  AI: 2
pinned: [src/p-1]
related: []
---
编者按：**重要**。
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str, name: str = "t.md") -> BriefingError:
    write(tmp_path / "topics", name, text)
    with pytest.raises(BriefingError) as info:
        load_topics(tmp_path / "topics", "curation/topics")
    return info.value


# --- loading -----------------------------------------------------------------


def test_load_valid_topic(tmp_path):
    write(tmp_path, "regulation.md", VALID)
    write(tmp_path, "agents.md", VALID.replace("order: 1", "order: 0").replace("related: []", "related: [regulation]"))
    topics = load_topics(tmp_path, "curation/topics")
    assert [t.id for t in topics] == ["agents", "regulation"]  # (order, id)
    reg = topics[1]
    assert reg.title == "监管与政策" and reg.summary == "一行简介" and reg.tags == ("监管",)
    assert reg.keywords == (("监管", 3.0), ("AI", 2.0))
    assert reg.intro == "编者按：**重要**。"
    assert reg.pinned == ("src/p-1",) and reg.line("pinned:src/p-1") == 9
    assert reg.path == "curation/topics/regulation.md"
    assert topics[0].related == ("regulation",)


def test_missing_folder_means_no_topics(tmp_path):
    assert load_topics(tmp_path / "nope") == ()


# (front matter change, field, line or None, words in the message)
LOADER_ERRORS = [
    (("keywords:", "keyowrds:"), "keyowrds", 6, "did you mean `keywords`"),
    (("keywords:\n  监管: 3\n  AI: 2\n", ""), "keywords", None, "needs keywords"),
    (("keywords:\n  监管: 3\n  AI: 2\n", "keywords: {}\n"), "keywords", 6, "needs keywords"),
    (("AI: 2", "AI: lots"), "keywords: AI", 8, "must be a number"),
    (("AI: 2", "AI: -1"), "keywords: AI", 8, "must be a number"),
    (("AI: 2", "yes: 2"), "keywords", 8, "must be text"),
    (("AI: 2", "监管 : 1"), "keywords", None, "duplicate key"),
    (("AI: 2", "moe: 1\n  MoE: 2"), "keywords", 9, "repeats"),
    (("related: []", "related: [nowhere]"), "related", 10, "unknown topic `nowhere`"),
    (("related: []", "related: [t]"), "related", 10, "itself"),
    (("pinned: [src/p-1]", "pinned: [not an id]"), "pinned", 9, "not a passage id"),
    (("pinned: [src/p-1]", "pinned: [src/p-1]\nexcluded: [src/p-1]"), "excluded", 10, "both pinned and excluded"),
    (("related: []", "exclude:\n  监管: veto"), "exclude", 10, "both a keyword and an exclude"),
    (("related: []", "exclude:\n  坏: maybe"), "exclude", 11, "number >= 0 or `veto`"),
    (("title: 监管与政策\n", ""), "title", None, "required"),
    (("summary: 一行简介", "summary: |\n  第一行\n  第二行"), "summary", 3, "one line"),
    (("order: 1", "order: first"), "order", 4, "whole number"),
    (("order: 1", "order: 1\nthreshold: high"), "threshold", 5, "greater than 0"),
    # family and case-exact rules
    (("AI: 2", "Qw*: 2"), "keywords: Qw*", 8, "too short for a family rule"),
    (("AI: 2", "Qw*en: 2"), "keywords: Qw*en", 8, "`*` may only end a phrase"),
    (("AI: 2", "开源*: 2"), "keywords: 开源*", 8, "must end in a Latin letter or digit"),
    (("AI: 2", "ReAct: {weight: 3, case: upper}"), "keywords: ReAct", 8, "`case` must be `exact` or `any`"),
    (("AI: 2", "ReAct: {case: exact}"), "keywords: ReAct", 8, "needs a `weight`"),
    (("AI: 2", "ReAct: {weight: 3, cas: exact}"), "keywords: ReAct", 8, "unknown key `cas`"),
    (("AI: 2", "ReAct: {weight: 0, case: exact}"), "keywords: ReAct", 8, "greater than 0"),
    (("AI: 2", "监管者: {weight: 3, case: exact}"), "keywords: 监管者", 8, "needs a phrase with Latin letters"),
    (("AI: 2", "Qwen*: 2\n  qwen*: 3"), "keywords", 9, "repeats"),
    (("related: []", "skip_sections: {作者简介: 1}"), "skip_sections", 10, "list of names"),
]


@pytest.mark.parametrize(("change", "field", "line", "words"), LOADER_ERRORS)
def test_loader_errors_name_file_field_and_line(tmp_path, change, field, line, words):
    error = load_error(tmp_path, VALID.replace(*change, 1))
    assert error.path == "curation/topics/t.md"
    if field is not None and "duplicate key" not in words:
        assert error.field == field
    if line is not None:
        assert error.line == line
    assert words in error.message


def test_malformed_front_matter(tmp_path):
    error = load_error(tmp_path, "---\ntitle: [unclosed\nsummary: x\n---\n")
    assert "invalid YAML" in error.message and error.line >= 2 and error.path.endswith("t.md")
    assert "start with `---`" in load_error(tmp_path, "title: x\n").message
    assert "not closed" in load_error(tmp_path, "---\ntitle: x\n").message


def test_file_name_is_the_topic_id(tmp_path):
    error = load_error(tmp_path, VALID, name="Bad_Name.md")
    assert "topic id" in error.message and error.path.endswith("Bad_Name.md")


def test_unknown_pinned_or_excluded_ids_are_reported(tmp_path):
    write(tmp_path, "t.md", VALID.replace("related: []", "related: []\nexcluded: [src/gone]"))
    topics = load_topics(tmp_path, "curation/topics")
    errors = validate_passage_ids(topics, {"src/p-1"})
    assert [(e.field, e.line, e.path) for e in errors] == [("excluded", 11, "curation/topics/t.md")]
    assert "src/gone" in errors[0].message
    assert validate_passage_ids(topics, {"src/p-1", "src/gone"}) == []


def test_the_real_topics_load_and_cover_the_five_topics(root):
    topics = load_topics(root / "curation" / "topics", "curation/topics")
    assert [t.id for t in topics] == ["regulation", "compute-energy", "open-models", "security", "agents"]
    for topic in topics:
        assert topic.intro and topic.summary and topic.tags and topic.keywords
        assert "TODO" not in topic.intro


# --- phrase matching ---------------------------------------------------------

# (text, phrases, expected matched phrases (folded))
BOUNDARIES = [
    ("使用MoE架构", ["MoE"], ["moe"]),
    ("使用moe架构", ["MoE"], ["moe"]),
    ("使用ＭｏＥ架构", ["MoE"], ["moe"]),
    ("OpenAI发布了新模型", ["AI"], []),
    ("用AI做事", ["AI"], ["ai"]),
    ("AI-driven attacks", ["AI"], ["ai"]),
    ("AI2的研究", ["AI"], []),
    ("GPUTPU", ["TPU"], []),
    ("三个AI agents", ["agent"], ["agent"]),
    ("agentic workflow", ["agent"], []),
    ("中国开源模型", ["开源", "开源模型"], ["开源模型", "开源"]),
    ("", ["AI"], []),
]


@pytest.mark.parametrize(("text", "phrases", "expected"), BOUNDARIES)
def test_phrase_boundaries(text, phrases, expected):
    assert [h.key for h in PhraseMatcher(phrases).find(text)] == expected


def test_case_exact_and_family_rules_are_kept_apart(tmp_path):
    write(tmp_path, "t.md", VALID.replace("AI: 2", "ReAct: {weight: 2, case: exact}\n  react: 1\n  Qwen*: 3"))
    (t,) = load_topics(tmp_path, "curation/topics")
    assert t.keywords == (("监管", 3.0), ("ReAct", 2.0), ("react", 1.0), ("Qwen*", 3.0)) and t.exact == ("ReAct",)


SHARED = """---
exclude:
  曾任: veto
skip_sections: [About the author, 作者简介]
---
Rules for every topic.
"""


def test_shared_rules_are_added_to_every_topic(tmp_path):
    write(tmp_path, "regulation.md", VALID.replace("related: []", "related: []\nexclude: {曾任: 1}"))
    write(tmp_path, "agents.md", VALID.replace("order: 1", "order: 2"))
    write(tmp_path, "_shared.md", SHARED)
    write(tmp_path, "README.md", "not a topic")
    reg, agents = load_topics(tmp_path, "curation/topics")
    assert agents.exclude == (("曾任", None),) and agents.skip_sections == ("About the author", "作者简介")
    assert reg.exclude == (("曾任", 1.0),)  # a topic's own weight wins


@pytest.mark.parametrize(
    ("shared", "line", "words"),
    [
        (SHARED.replace("exclude:", "exclud:"), 2, "unknown key `exclud`"),
        (SHARED.replace("曾任: veto", "曾任: maybe"), 3, "number >= 0 or `veto`"),
        (SHARED.replace("曾任: veto", "监管: veto"), 3, "is a keyword of topic `t`"),
    ],
)
def test_shared_rules_errors_name_their_file_and_line(tmp_path, shared, line, words):
    write(tmp_path / "topics", "_shared.md", shared)
    error = load_error(tmp_path, VALID)
    assert (error.path, error.line) == ("curation/topics/_shared.md", line) and words in error.message


def test_the_real_shared_rules_load(root):
    topics = load_topics(root / "curation" / "topics", "curation/topics")
    for topic in topics:
        assert "About the author" in topic.skip_sections and ("曾任", None) in topic.exclude


# (text, rules: a phrase or (phrase, case-exact), the words each hit covers)
RULES = [
    ("Qwen2.5-Coder 32B 与 Qwen3", ["Qwen*"], ["Qwen2.5-Coder", "Qwen3"]),
    ("QwenLM, Qwen.", ["Qwen*"], ["QwenLM", "Qwen"]),
    ("SuperQwen", ["Qwen*"], []),
    ("Llama 3.2 和 Llama3-8B", ["Llama*"], ["Llama", "Llama3-8B"]),
    ("DeepSeek-V3 与 DeepSeek v3", ["DeepSeek*"], ["DeepSeek-V3", "DeepSeek"]),
    ("regulators, regulatory, regulation", ["regulat*"], ["regulators", "regulatory", "regulation"]),
    ("the agency and its agents", ["agent"], ["agents"]),  # whole words: `agent` is not in `agency`
    ("agentic agent-based", ["agent"], ["agent"]),
    ("ReAct, not react or REACT", [("ReAct", True)], ["ReAct"]),
    ("ＲｅＡｃｔ", [("ReAct", True)], ["ＲｅＡｃｔ"]),
    ("move the cursor to Cursor", [("Cursor", True)], ["Cursor"]),
    ("react and ReAct", [("ReAct", True), "react"], ["react", "ReAct", "ReAct"]),  # two rules, two keys
]


@pytest.mark.parametrize(("text", "rules", "expected"), RULES)
def test_family_and_case_rules(text, rules, expected):
    assert [text[h.start : h.end] for h in PhraseMatcher(rules).find(text)] == expected


# (text, a lowercase rule, is the hit inside a capitalised name?)
NAMES = [
    ("Open Source Initiative", "open source", True),
    ("Institute for Advanced Study in AI Safety", "safety", True),
    ("Center for Security and Emerging Technology", "security", True),
    ("AI Safety Institute", "safety", True),
    ("Open source models are cheap", "open source", False),
    ("Safety: agents that browse", "safety", False),
    ("See the LICENSE file", "license", False),  # `See` is capitalised by the sentence
    ("the security of open models", "security", False),
]


@pytest.mark.parametrize(("text", "rule", "in_name"), NAMES)
def test_lowercase_rules_do_not_count_inside_names(text, rule, in_name):
    (hit,) = PhraseMatcher([rule]).find(text)
    assert hit.in_name is in_name
    assert PhraseMatcher([rule.title()]).find(text)[0].in_name is False  # a capitalised rule is a name itself


# --- classification ----------------------------------------------------------


def topic(tid: str, keywords: dict, **kw) -> Topic:
    return Topic(id=tid, title=tid, summary=f"{tid} summary", intro="", keywords=tuple(keywords.items()), **kw)


def passage(pid: str, text: str, title: str = "", section: str = "s") -> Passage:
    slug, anchor = pid.split("/")
    return Passage(id=pid, source=slug, anchor=anchor, section=section, section_title=title, text=text, kind="paragraph")


REG = topic("regulation", {"出口管制": 3, "商务部": 3, "监管": 3}, exclude=(("有助于监管", 0.0),))
COMPUTE = topic("compute-energy", {"芯片": 3, "数据中心": 3})
OPEN = topic("open-models", {"开源模型": 3, "开源": 2, "open source": 3})


def test_chip_export_controls_are_regulation_and_compute():
    p = passage("a/p-1", "美国商务部扩大了对中国的AI芯片出口管制")
    result = classify([p], [REG, COMPUTE, OPEN])
    assert result.topics_of("a/p-1") == ("regulation", "compute-energy")
    assert result.matches("regulation")[0].matched == ("商务部", "出口管制")
    assert result.matches("regulation")[0].score == 6


def test_longest_keyword_counts_and_each_keyword_once():
    result = classify([passage("a/p-1", "开源模型，开源模型，开源模型"), passage("a/p-2", "开源社区")], [OPEN])
    first, second = result.matches("open-models")
    assert (first.matched, first.score, first.included) == (("开源模型",), 3, True)
    assert (second.score, second.included) == (2, False)


def test_exclude_phrase_masks_subtracts_or_vetoes():
    p = passage("a/p-1", "思维链依然有助于监管")
    match = classify([p], [REG]).matches("regulation")[0]
    assert match.matched == () and match.excluded_by == ("有助于监管",) and not match.included
    minus = topic("t", {"芯片": 3, "数据中心": 3}, exclude=(("手机芯片", 2.0),))
    m = classify([passage("a/p-2", "手机芯片与数据中心")], [minus]).matches("t")[0]
    assert (m.matched, m.score, m.included) == (("数据中心",), 1, False)
    veto = topic("t", {"芯片": 3}, exclude=(("薯片", None),))
    m = classify([passage("a/p-3", "芯片和薯片")], [veto]).matches("t")[0]
    assert (m.score, m.included, m.reason) == (3, False, "veto")


def test_pinned_always_in_excluded_never():
    t = topic("compute-energy", {"芯片": 3}, pinned=("a/p-1",), excluded=("a/p-2",))
    result = classify([passage("a/p-1", "与主题无关"), passage("a/p-2", "芯片芯片数据中心")], [t])
    assert [(m.passage.id, m.included, m.reason) for m in result.matches("compute-energy")] == [
        ("a/p-1", True, "pinned"),
        ("a/p-2", False, "excluded"),
    ]
    assert result.topics_of("a/p-1") == ("compute-energy",) and result.topics_of("a/p-2") == ()


def test_headings_give_context():
    sources = [
        Source(
            path="x.md",
            slug="a",
            meta=Meta(),
            sections=(
                Section(id="h2", title="6. 开源模型的崛起", level=2),
                Section(id="h3", title="关键突破", level=3),
                Section(id="other", title="结论", level=2),
            ),
        )
    ]
    parents = heading_parents(sources)
    assert parents == {("a", "h3"): "6. 开源模型的崛起"}
    under_title = passage("a/p-1", "社区协作：全球开发者共同参与", title="6. 开源模型的崛起", section="h2")
    under_parent = passage("a/p-2", "社区协作", title="关键突破", section="h3")
    result = classify([under_title, under_parent], [OPEN], parents)
    first, second = result.matches("open-models")
    assert (first.in_title, first.score, first.included) == (("开源模型",), 3, True)
    assert (second.in_parent, second.score, second.included) == (("开源模型",), 1.5, False)


def list_source(lead: str, items: list[str], title: str = "Supported models", doc_title: str = "") -> Source:
    blocks = (
        Block(kind=PARAGRAPH, id="p-1", spans=(Span(lead),)),
        Block(kind=LIST, id="l-1", items=tuple(Item(id=f"i-{n}", spans=(Span(t),)) for n, t in enumerate(items))),
    )
    return Source(path="x.md", slug="a", meta=Meta(title=doc_title), sections=(Section(id="s", title=title, blocks=blocks),))


OPEN_FAMILIES = topic("open-models", {"open-weight": 3, "Llama*": 2, "Qwen*": 3})


def classify_source(source: Source, topics: list[Topic]) -> Classification:
    return classify(source_passages(source), topics, heading_parents([source]))


def test_a_lists_lead_in_counts_like_a_title():
    source = list_source("Relay runs hosted models. Tested open-weight models:", ["Llama 3.2 (3B)", "Streaming output"])
    result = classify_source(source, [OPEN_FAMILIES])
    llama = next(m for m in result.matches("open-models") if m.passage.anchor == "i-0")
    assert (llama.matched, llama.found, llama.in_lead, llama.score, llama.included) == (("Llama*",), ("Llama",), ("open-weight",), 5, True)
    streaming = next(m for m in result.matches("open-models") if m.passage.anchor == "i-1")
    assert (streaming.score, streaming.included) == (3, True)
    # No colon, no lead-in: `It was signed by the following.` introduces nothing.
    plain_lead = classify_source(list_source("Tested open-weight models.", ["Llama 3.2 (3B)"]), [OPEN_FAMILIES])
    assert [m.included for m in plain_lead.matches("open-models") if m.passage.anchor == "i-0"] == [False]


def test_skipped_sections_and_document_titles_keep_passages_out():
    t = topic("regulation", {"policy": 3}, skip_sections=("About the author", "嘉宾介绍"))
    under = classify_source(list_source("She writes about policy:", ["AI policy"], title="About the author"), [t])
    assert [(m.included, m.reason, m.skipped_by) for m in under.matches("regulation")] == [(False, "skipped", "About the author")] * 2
    titled = classify_source(list_source("AI policy.", ["AI policy"], title="圆桌", doc_title="嘉宾介绍：论坛"), [t])
    assert not any(m.included for m in titled.matches("regulation"))
    kept = classify_source(list_source("AI policy.", ["AI policy"], title="Authors and policy"), [t])
    assert all(m.included for m in kept.matches("regulation"))


def test_an_exclude_phrase_in_a_heading_applies_to_its_passages():
    t = topic("t", {"agent": 3}, exclude=(("literary agent", None),))
    result = classify([passage("a/p-1", "an agent of change", title="Literary agent of the year")], [t])
    assert [(m.included, m.reason, m.excluded_by) for m in result.matches("t")] == [(False, "veto", ("literary agent",))]


def test_a_name_does_not_count_but_is_explained():
    t = topic("open-models", {"open source": 3})
    result = classify([passage("a/i-1", "Open Source Initiative"), passage("a/p-2", "Open source models matter.")], [t])
    name, text = result.matches("open-models")
    assert (name.included, name.matched, name.in_names) == (False, (), ("open source in Open Source Initiative",))
    assert text.included and text.found == ("Open source",)
    assert "[name] open source in Open Source Initiative: not counted" in explain(result, "open-models")


def test_explain_names_the_rule_behind_each_word():
    source = list_source("Tested open-weight models:", ["Qwen2.5-Coder 32B", "ReAct agents"], title="About the author")
    agents = topic("agents", {"ReAct": 3, "agent": 3}, exact=("ReAct",))
    result = classify_source(source, [OPEN_FAMILIES, dataclasses.replace(agents, skip_sections=("About the author",))])
    text = explain(result, "open-models")
    assert "Qwen* = Qwen2.5-Coder (family) +3, [lead-in] open-weight +3" in text
    text = explain(result, "agents", only="react")
    assert "ReAct (exact case) +3, agent = agents +3" in text and "(in a skipped section: About the author)" in text
    assert "a/i-0" not in text  # `only` keeps the passages that say it


def test_explain_lists_scores_and_words_in_and_out():
    t = topic("compute-energy", {"芯片": 3, "数据中心": 2}, pinned=("a/p-3",))
    result = classify([passage("a/p-1", "芯片与数据中心"), passage("a/p-2", "数据中心"), passage("a/p-3", "无关")], [t])
    text = explain(result, "compute-energy")
    assert "2 of 3 passages included" in text
    lines = text.splitlines()
    first_in = next(i for i, line in enumerate(lines) if line.startswith("IN "))
    assert "a/p-1" in lines[first_in] and "5.00" in lines[first_in]
    assert "芯片 +3, 数据中心 +2" in lines[first_in + 1]
    assert any(line.startswith("out") and "a/p-2" in line for line in lines)
    assert any("a/p-3 (pinned)" in line for line in lines)
    with pytest.raises(BriefingError, match="unknown topic"):
        explain(result, "nope")


# --- key figures ---------------------------------------------------------------

FIGURES = [
    ("仅Qwen2.5-1.5B-Instruct就有885万次下载", ["885万次"]),
    ("GPT-4采用的专家混合系统", []),
    ("V3.2 EXP则更进一步，采用了DSA注意力", []),
    ("12月11日，2025年的行政命令", []),
    ("未来12个月，每7个月翻倍", []),
    ("这是一个6,710亿参数的混合专家模型", ["6,710亿参数"]),
    ("Meta的Llama 2系列证明70B参数量模型", ["70B参数"]),
    ("推出了5,000亿美元的星际之门计划", ["5,000亿美元"]),
    ("智能体商务每年将产生3万亿至5万亿美元", ["3万亿至5万亿美元"]),
    ("英伟达投资Nebius7亿美元", ["7亿美元"]),
    ("costs roughly $100 million, which is a lot", ["$100 million"]),
    ("模型参数量可减少约75%", ["75%"]),
    ("完成40%到50%的网络攻击任务", ["40%到50%"]),
    ("百分之五十的受访者", ["百分之五十"]),
    ("快4倍的训练速度，成功率高3-5倍", ["4倍", "3-5倍"]),
    ("建设一个5G瓦的AI集群，新增了41.1GW的电力，规划10吉瓦", ["5G瓦", "41.1GW", "10吉瓦"]),
    ("700多家企业联名，1,183名从业者", ["700多家", "1,183名"]),
]


@pytest.mark.parametrize(("text", "expected"), FIGURES)
def test_figures_found(text, expected):
    assert [f.value for f in passage_figures(passage("a/p-1", text))] == expected


def test_figures_ranked_money_power_percent_count_and_deduplicated():
    ps = [
        passage("a/p-1", "16家公司，增长4倍，占比21%"),
        passage("a/p-2", "建设一个5GW的集群，投资1.4万亿美元"),
        passage("a/p-3", "约1亿美元，roughly $100 million；另有350万美元预算；占比21%"),
    ]
    figs = key_figures(ps)
    assert [f.value for f in figs] == ["1.4万亿美元", "1亿美元", "350万美元", "5GW", "21%", "4倍", "16家"]
    assert [f.kind for f in figs][:5] == [MONEY, MONEY, MONEY, POWER, PERCENT] and figs[-1].kind == COUNT
    assert figs[0].passage.id == "a/p-2" and figs[0].label == "建设一个5GW的集群，投资1.4万亿美元"  # a short clause takes the one before
    assert [f.value for f in key_figures(ps, limit=2)] == ["1.4万亿美元", "1亿美元"]
    relevant = key_figures(ps, relevant=lambda label: "预算" in label)
    assert relevant[0].value == "350万美元"


def test_figure_label_is_the_clause_trimmed():
    fig = passage_figures(passage("a/p-1", "截止到8月份，16家领先的公司，年化营收总和达到了185亿美元。其中头部公司营收突破。"))[-1]
    assert (fig.value, fig.label) == ("185亿美元", "年化营收总和达到了185亿美元")
    long_text = "前" * 80 + "达到了185亿美元" + "后" * 80
    (fig,) = passage_figures(passage("a/p-2", long_text))
    assert "185亿美元" in fig.label and fig.label.startswith("…") and len(fig.label) <= 50


# --- pages ---------------------------------------------------------------------


def site_fixture():
    items = (
        Item(id="i-1", spans=(Span("AI芯片出口管制<script>alert(1)</script>"),)),
        Item(id="i-2", spans=(Span("数据中心"),)),
    )
    source = Source(
        path="s.md",
        slug="src",
        meta=Meta(title="测试来源", kind="博客文章", date="2026-01"),
        sections=(
            Section(id="intro", title="导言", blocks=(Block(kind=PARAGRAPH, id="p-1", spans=(Span("芯片投资1.4万亿美元"),)),)),
            Section(id="list", title="清单", blocks=(Block(kind=LIST, id="l-1", items=items),)),
        ),
    )
    passages = [
        passage("src/p-1", "芯片投资1.4万亿美元", "导言", "intro"),
        passage("src/i-1", "AI芯片出口管制<script>alert(1)</script>", "清单", "list"),
        passage("src/i-2", "数据中心", "清单", "list"),
        passage("src/q-1", "开源对教育至关重要。\nOpen source is essential.", "清单", "list"),
    ]
    topics = [
        topic("compute-energy", {"芯片": 3, "数据中心": 3}, tags=("算力",), related=("open-models", "missing")),
        OPEN,
    ]
    return source, passages, topics


def test_topic_page_renders_intro_figures_quotes_and_links():
    source, passages, topics = site_fixture()
    t = topics[0]
    t = Topic(**{**{f: getattr(t, f) for f in t.__slots__}, "intro": "编者按：**算力**很重要。"})
    result = classify(passages, [t, topics[1]])
    matches = result.included("compute-energy")
    page = topic_page(
        t, matches, key_figures([m.passage for m in matches]), {"src": source}, [t, topics[1]], Inliner(), "topics/compute-energy.md"
    )
    assert page.startswith('---\ntitle: "compute-energy"\ndescription: "compute-energy summary"\ntags: ["算力"]\n---\n')
    assert "编者按：**算力**很重要。" in page
    assert "## 关键数字" in page and "| **1.4万亿美元** |" in page
    assert "](../sources/src.md#p-1)" in page and "](../sources/src.md#i-1)" in page and "](../sources/src.md#i-2)" in page
    assert "### 测试来源 { #src-src }" in page and "博客文章 · 2026-01 · 3 段" in page
    assert "&lt;script" in page and "<script>" not in page
    assert "[开源模型](open-models.md)" not in page and "[open-models](open-models.md)：open-models summary" in page
    assert "missing" not in page and "TODO" not in page
    # Consecutive quotes stay separate: a citation paragraph sits between them.
    assert page.count("{: .passage-cite }") == 3


def test_bilingual_quote_keeps_both_lines():
    source, passages, topics = site_fixture()
    result = classify(passages, topics)
    page = topic_page(topics[1], result.included("open-models"), [], {"src": source}, topics, Inliner(), "topics/open-models.md")
    assert "> 开源对教育至关重要。\n>\n> Open source is essential." in page
    assert "## 关键数字" not in page and "## 相关专题" not in page


def test_empty_topic_page_says_so():
    source, _passages, topics = site_fixture()
    page = topic_page(topics[1], [], [], {"src": source}, topics, Inliner(), "topics/open-models.md")
    assert "目前的来源中没有与本专题相关的段落。" in page


def test_topics_index_counts_passages_and_sources():
    source, passages, topics = site_fixture()
    result = classify(passages, topics)
    page = topics_index(topics, result, {"src": source}, "topics/index.md")
    assert "| [compute-energy](compute-energy.md) | compute-energy summary | 3 段 | 1 / 1 |" in page
    assert "| [open-models](open-models.md) | open-models summary | 1 段 | 1 / 1 |" in page
    assert isinstance(result, Classification) and result.per_source("compute-energy") == {"src": 3}


def test_keyword_test_matches_topic_keywords():
    test = keyword_test(OPEN)
    assert test("中国开源模型") and not test("数据中心")
