"""Glossary-shaped sources: the three shapes, malformed tables, and what is not a glossary.

Fixtures in real-world shapes (tests/fixtures/corpus/gloss_*.md and
glossary_three_styles.md) are read by the real readers, as files dropped
into seeds/; small cases are written to a temporary file the same way.
Which parts of a source count is documented in generator/glossary/context.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.glossary import parse_terms
from generator.glossary.context import names_glossary
from generator.sources.readers import read_file

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"

# fixture -> every term it defines: (name, aliases, start of the definition), in document order.
EXPECTED = {
    "gloss_numbered_headings.md": [  # `### 1. **注意力机制（Attention）**` then `- 定义：…`
        ("注意力机制", ("Attention",), "模型在处理一个词时"),
        ("自注意力", ("Self-Attention",), "同一序列内部的词"),
        ("上下文学习", ("In-context Learning", "ICL"), "不更新参数"),
        ("思维链", ("Chain-of-Thought", "CoT"), "让模型先写出"),
        ("量化", ("Quantization",), "把模型权重从 16 位"),  # `- **定义**：…`
        ("ZeRO", ("Zero Redundancy Optimizer",), "DeepSpeed 提出的"),
        ("零样本学习", ("Zero-Shot Learning",), "不给任何示例"),
    ],
    "gloss_bullet_terms.md": [  # `- **RAG**：…` and `- MoE: …` under 名词解释
        ("RAG", (), "检索增强生成（Retrieval-Augmented Generation）"),
        ("Embedding", (), "把文本映射为稠密向量"),
        ("Reranker", (), "对初步召回的文档"),
        ("MoE", (), "mixture of experts，一种稀疏激活"),
        ("幻觉", (), "模型生成看似合理"),
    ],
    "gloss_terms_en.md": [  # `- **ZeRO**: …`, `- **X** - …`, `- X: …`, `- **FSDP** (…): …` under a Glossary title
        ("ZeRO", (), "Zero Redundancy Optimizer, a DeepSpeed"),
        ("Mixed precision", (), "training with 16-bit floats"),
        ("Gradient accumulation", (), "summing gradients"),
        ("Pipeline parallelism", (), "splitting the layers"),
        ("FSDP", ("Fully Sharded Data Parallel",), "PyTorch's sharded"),
    ],
    "gloss_tables_malformed.md": [
        ("预训练", ("Pre-training",), "在海量无标注数据上"),  # no outer pipes
        ("指令微调", ("Instruction Tuning",), "用“指令—回答”数据"),
        ("课程学习", ("Curriculum Learning",), "先易后难"),  # (an extra column: SHAPES; the reader drops its text)
        ("梯度检查点", ("Gradient Checkpointing",), "只保存部分激活值"),  # no closing pipe
        ("投机解码", ("Speculative Decoding",), "先用小模型起草"),  # no separator line
        ("KV 缓存", (), "缓存已生成 token"),
        ("批处理", ("Batching",), "把多个请求合并"),
    ],
    "glossary_three_styles.md": [
        ("大语言模型", ("LLM",), "用海量文本训练"),  # **1. 大语言模型（LLM）** then a paragraph
        ("上下文窗口", (), "模型一次能读入"),
        ("幻觉", (), "模型生成看似合理"),
        ("检索增强生成", ("RAG",), "先检索相关文档"),  # table; 蒸馏 has no definition (a notice)
        ("微调", ("Fine-tuning",), "在预训练模型上"),
        ("术语缺格", (), "这一行第二格是空的"),
        ("智能体", (), "能够调用工具"),  # `- **智能体**：…`
        ("提示词", (), "输入给模型的指令"),
        ("向量数据库", (), "按语义相似度"),
    ],
    "gloss_article_colons.md": [],  # colon bullets, numbered bold headings and a 说明 table in an ordinary article
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_terms(name: str) -> None:
    terms, _problems = parse_terms(read_file(CORPUS / name))
    got = [(t.name, t.aliases, t.definition[: len(d)]) for t, (_n, _a, d) in zip(terms, EXPECTED[name], strict=False)]
    assert got == EXPECTED[name]
    assert len(terms) == len(EXPECTED[name])


def test_fixture_citations_point_at_the_definition() -> None:
    source = read_file(CORPUS / "gloss_numbered_headings.md")
    terms, _ = parse_terms(source)
    items = {item.id: (item.text, item.line) for _s, block in source.blocks() for item in block.items}
    for term in terms:
        text, line = items[term.anchor]
        assert text.lstrip("*").startswith("定义") and line == term.line


def test_rows_that_cannot_be_used_are_notices() -> None:
    _terms, problems = parse_terms(read_file(CORPUS / "gloss_tables_malformed.md"))
    assert [(p.line, "definition" in p.message) for p in problems] == [(12, True)]  # | 混合精度训练 | Mixed Precision |


def test_every_other_corpus_document_has_no_glossary() -> None:
    """False positives over the whole fixture corpus: only glossary-shaped documents give terms."""
    for path in sorted(CORPUS.iterdir()):
        if path.name not in EXPECTED:
            assert parse_terms(read_file(path)) == ([], []), path.name


def _read(tmp_path: Path, text: str):
    path = tmp_path / "doc.md"
    path.write_text(text, encoding="utf-8")
    return parse_terms(read_file(path))


def _names(tmp_path: Path, text: str) -> list[str]:
    return [t.name for t in _read(tmp_path, text)[0]]


# --- The three shapes, one variant per line -------------------------------------------

SHAPES = [
    # pipe tables
    ("# 笔记\n\n| 术语 | 解释 |\n|---|---|\n| MoE | 稀疏激活 |\n", ["MoE"]),
    ("# 笔记\n\n术语 | 解释\n---|---\nMoE | 稀疏激活\nRAG | 先检索 |\n", ["MoE", "RAG"]),
    ("# 笔记\n\n| 术语 | 解释 |\n| MoE | 稀疏激活 |\n| RAG | 先检索再生成 |\n", ["MoE", "RAG"]),  # no separator line
    ("# 笔记\n\n| Term | English | Definition |\n|---|---|---|\n| 蒸馏 | Distillation | 用大模型教小模型 | 多余 |\n", ["蒸馏"]),
    ("# 名词解释\n\n| 名称 | 说明 |\n|---|---|\n| MoE | 稀疏激活 |\n", ["MoE"]),
    # headings followed by a labelled definition
    ("# 卡片\n\n### 1. **注意力机制（Attention）**\n\n- 定义：加权汇总。\n- 例子：翻译。\n", ["注意力机制"]),
    ("# 卡片\n\n## 一、MoE\n\n- **定义**：稀疏激活。\n", ["MoE"]),
    ("# 卡片\n\n### （2）RAG\n\n定义：先检索再生成。\n", ["RAG"]),
    ("# Cards\n\n### Attention\n\n- Definition: weighted sums.\n- Example: translation.\n", ["Attention"]),
    ("# 卡片\n\n#### 1. 蒸馏\n\n- 例子：教师模型。\n- 定义：用大模型教小模型。\n", ["蒸馏"]),
    ("# 术语卡片\n\n### 1. MoE\n\n- 定义：稀疏激活。\n- 优点：省算力。\n- 应用场景：大模型。\n", ["MoE"]),  # not 优点, 应用场景
    # numbered bold headings with a plain paragraph, in a glossary
    ("# 术语表\n\n**1. MoE**\n\n稀疏激活的模型。\n\n**2. RAG**\n\n先检索再生成。\n", ["MoE", "RAG"]),
    ("# 常用概念\n\n### 1. MoE\n\n稀疏激活的模型。\n\n### 2. RAG\n\n先检索再生成。\n", ["MoE", "RAG"]),
    # `term：definition` lists, in a glossary section
    ("# 周报\n\n## 名词解释\n\n- **RAG**：检索增强生成。\n- MoE: mixture of experts.\n", ["RAG", "MoE"]),
    ("# Glossary\n\n- **ZeRO** - Zero Redundancy Optimizer.\n- **FSDP** (Fully Sharded Data Parallel): sharding.\n", ["ZeRO", "FSDP"]),
    ("# 术语\n\n1. 幻觉：编造事实。\n2. 对齐：符合人类意图。\n3. 见下文。\n", ["幻觉", "对齐"]),
    ("# Key terms\n\n- LLM — a large language model\n", ["LLM"]),
]


@pytest.mark.parametrize(("text", "names"), SHAPES)
def test_shapes(tmp_path: Path, text: str, names: list[str]) -> None:
    assert _names(tmp_path, text) == names


# --- Not glossaries ---------------------------------------------------------------------------

NOT_GLOSSARIES = [
    # key-value bullets in an article
    "# 会议安排\n\n- 时间：下午三点\n- 地点：三楼会议室\n- 议题：预算\n",
    "# 第三季度回顾\n\n- **营收**：同比增长 32%。\n- **毛利率**：提升 3 个百分点。\n",
    # the title has a glossary word, but not that meaning
    "# 三只AI概念股\n\n- 寒武纪：芯片设计。\n- 科大讯飞：语音。\n",
    "# Terms of Service\n\n- Payment: monthly.\n- Refunds: within 30 days.\n",
    "# Thinking in terms of cost\n\n- Compute: the GPUs.\n- People: the team.\n",
    # numbered headings with paragraphs: an article's sections
    "# 经营回顾\n\n### 1. **智能客服**\n\n接入 12 家银行。\n\n### 2. **文档助手**\n\n上线合同审查。\n",
    # one numbered heading with a paragraph, even under a glossary title
    "# 术语笔记\n\n### 1. 背景\n\n这份笔记整理了常用术语。\n",
    # a glossary section whose list is mostly not `term：definition`
    "# 术语\n\n- 先读第一章。\n- 再做练习。\n- 备注：下周交。\n",
    # URLs and clock times are not a term's colon; sentences are not terms
    "# 术语\n\n- 链接 https://example.com/x\n- 12:30 开会\n- 我们认为，模型：会更强\n",
    # tables without a term column outside a glossary
    "# 风险\n\n| 项目 | 说明 |\n|---|---|\n| 算力成本 | 偏高 |\n",
    "# 笔记\n\n| 名称 | 价格 |\n|---|---|\n| H100 | 3 万美元 |\n",
]


@pytest.mark.parametrize("text", NOT_GLOSSARIES)
def test_not_glossaries(tmp_path: Path, text: str) -> None:
    assert _read(tmp_path, text) == ([], [])


@pytest.mark.parametrize(
    ("title", "glossary"),
    [
        ("术语表", True), ("名词解释", True), ("七个核心概念", True), ("Glossary of Training Terms", True),
        ("Key terms", True), ("词汇", True), ("Definitions", True),
        ("AI概念股", False), ("Terms of Service", False), ("in terms of cost", False), ("会议纪要", False),
        ("Terminal setup", False), ("进展", False),
    ],
)  # fmt: skip
def test_names_glossary(title: str, glossary: bool) -> None:
    assert names_glossary(title) is glossary
