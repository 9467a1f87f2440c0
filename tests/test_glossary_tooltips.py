"""Tooltip matching: whole Latin words, case of acronyms, Chinese terms inside longer known words.

Every wrong tooltip the issue lists is a row here, with the right ones next to it.
"""

from __future__ import annotations

import pytest

from generator.core.model import Term
from generator.glossary import TermMatcher
from generator.glossary.matcher import case_sensitive_words


def _t(tid: str, name: str, *aliases: str) -> Term:
    return Term(id=tid, name=name, aliases=aliases, definition="释义", source="s")


TERMS = (
    _t("zero", "ZeRO", "Zero Redundancy Optimizer"),
    _t("零样本学习", "零样本学习", "Zero-Shot Learning"),
    _t("注意力机制", "注意力机制", "Attention", "注意力", "自注意力", "Self-Attention"),
    _t("上下文窗口", "上下文窗口", "Context Window", "上下文长度", "上下文"),
    _t("上下文学习", "上下文学习", "In-context Learning", "ICL"),
    _t("moe", "MoE", "Mixture of Experts", "混合专家"),
    _t("思维链", "思维链", "Chain of Thought", "CoT"),
    _t("llm", "LLM", "大语言模型"),
    _t("gpt", "GPT"),
    _t("kv-cache", "KV Cache", "KV缓存"),
    _t("scaling-laws", "Scaling Laws", "缩放定律"),
)

CASES = [
    # ZeRO: mixed case matches only as written
    ("ZeRO 把优化器状态切分到多张卡", [("ZeRO", "zero")]),
    ("Zero-Shot prompting works", []),
    ("Zero-Shot 提示", []),
    ("the P Zero tyres", []),
    ("P Zero 轮胎", []),
    ("zero redundancy", []),
    ("ZeRO-3 stage", [("ZeRO", "zero")]),  # a hyphen before a digit ends the word
    ("DeepSeek-R1-Zero 模型", []),
    ("Zero-Shot Learning 是", [("Zero-Shot Learning", "零样本学习")]),
    ("ZERO DAY exploit", []),  # capitals in English text are not the acronym
    ("使用 ZERO 优化", [("ZERO", "zero")]),  # ... next to Chinese they are
    # attention: whole words, a hyphen joins words
    ("an attention-grabbing headline", []),
    ("pre-attention layer", []),
    ("Attention is all you need", [("Attention", "注意力机制")]),
    ("multi-head attention layers", [("attention", "注意力机制")]),
    ("self-attention and Self-Attention", [("self-attention", "注意力机制"), ("Self-Attention", "注意力机制")]),
    ("attention, please", [("attention", "注意力机制")]),
    # a Chinese term never inside a longer known one
    ("GPT-3 展示了上下文学习能力", [("GPT", "gpt"), ("上下文学习", "上下文学习")]),
    ("长上下文窗口", [("上下文窗口", "上下文窗口")]),
    ("在上下文中检索", [("上下文", "上下文窗口")]),
    ("上下文长度翻倍", [("上下文长度", "上下文窗口")]),
    ("注意力机制与自注意力", [("注意力机制", "注意力机制"), ("自注意力", "注意力机制")]),
    # acronyms and mixed-case names keep their case
    ("MoE 模型", [("MoE", "moe")]),
    ("the moe of", []),
    ("之前的MOE模型", [("MOE", "moe")]),
    ("the MOE said", []),
    ("CoT 提示", [("CoT", "思维链")]),
    ("通过COT热身", [("COT", "思维链")]),
    ("a cot bed", []),
    ("LLMs are", [("LLMs", "llm")]),
    ("llm", []),
    ("KV cache 与 kv cache", [("KV cache", "kv-cache")]),  # KV as written, cache in any case
    ("scaling laws", [("scaling laws", "scaling-laws")]),
]


@pytest.fixture(scope="module")
def matcher() -> TermMatcher:
    return TermMatcher(TERMS)


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_tooltip_matches(matcher, text, expected):
    segments = matcher.segments(text)
    assert "".join(chunk for chunk, _ in segments) == text
    assert [(chunk, term.id) for chunk, term in segments if term] == expected


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("ZeRO", ((0, "ZeRO"),)), ("MoE", ((0, "MoE"),)), ("KV Cache", ((0, "KV"),)), ("mHC", ((0, "mHC"),)),
        ("Scaling Laws", ()), ("Transformer", ()), ("H20", ()), ("pass@1", ()), ("ＴＰＵ", ((0, "TPU"),)),
    ],
)  # fmt: skip
def test_case_sensitive_words(name, words):
    assert case_sensitive_words(name) == words
