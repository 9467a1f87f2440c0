"""Structure kept, every piece citable: nested and numbered lists, code, rules,
quoted lists, footnotes, callouts, wikilinks and table rows, from the Markdown
reader to passages and the page. One line per case where the shape allows."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from generator.analysis.passages import source_passages
from generator.core.model import CALLOUT, CODE_BLOCK, LIST, QUOTE, RULE
from generator.site.writers.markdown import Inliner
from generator.site.writers.source import source_page_markdown
from generator.sources.readers import read_bytes

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def md() -> markdown.Markdown:
    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


def blocks(text: str):
    source = read_bytes(text.encode(), "doc.md")
    return [b for _, b in source.blocks()], source


@pytest.mark.parametrize(
    ("text", "kind", "shape"),
    [
        # (depth, number, text) of each item
        ("# T\n\n- a\n  - b\n    - c\n- d\n", LIST, [(0, 0, "a"), (1, 0, "b"), (2, 0, "c"), (0, 0, "d")]),
        ("# T\n\n3. a\n4. b\n\n   1. c\n", LIST, [(0, 3, "a"), (0, 4, "b"), (1, 1, "c")]),
        ("# T\n\n1. a\n1. b\n1. c\n", LIST, [(0, 1, "a"), (0, 1, "b"), (0, 1, "c")]),  # numbers as written
        ("# T\n\n- a\n\n  第二段\n- b\n", LIST, [(0, 0, "a 第二段"), (0, 0, "b")]),
        ("# T\n\n> 引文\n>\n> - a\n>   - b\n", QUOTE, [(0, 0, "引文"), (0, 0, "a"), (1, 0, "b")]),
    ],
)
def test_list_shapes(text, kind, shape) -> None:
    (b,), _ = blocks(text)
    assert b.kind == kind
    assert [(i.depth, i.number, i.text) for i in b.items] == shape


def test_code_rule_callout_footnote_wikilink() -> None:
    text = ("# T\n\n```python\ndef f():\n    return 1\n```\n\n* * *\n\n> [!warning] 注意事项\n> 第一行\n> - 要点\n\n"
            "见 [[另一篇笔记|那篇]] 与 [[页面#小节]]。[^1]\n\n[^1]: 脚注的内容。\n")
    found, _ = blocks(text)
    assert [b.kind for b in found] == [CODE_BLOCK, RULE, CALLOUT, "paragraph", "paragraph"]
    code, _, callout, para, note = found
    assert code.spans[0].text == "def f():\n    return 1" and code.header == ("python",)
    assert callout.header == ("warning", "注意事项")
    assert [(i.text, i.listed) for i in callout.items] == [("第一行", False), ("要点", True)]
    assert para.text == "见 那篇 与 页面 › 小节。[1]"
    assert note.text == "[1] 脚注的内容。"


def test_table_rows_and_nested_items_are_passages_with_context() -> None:
    text = ("# 大事记\n\n| 时间 | 概念 |\n|---|---|\n| 2023.07 | 发布了某模型 |\n| 2024.02 | 另一件事 |\n\n"
            "- 2月15日：\n  - 谷歌发布 Gemini 1.5 Pro\n  - 另一条\n- 3月\n  - 子项\n")
    _, source = blocks(text)
    passages = {p.kind: [] for p in source_passages(source)}
    for p in source_passages(source):
        passages[p.kind].append(p.text)
    assert passages["row"] == ["时间：2023.07，概念：发布了某模型", "时间：2024.02，概念：另一件事"]
    assert passages["item"] == ["2月15日：", "2月15日：谷歌发布 Gemini 1.5 Pro", "2月15日：另一条", "3月", "3月：子项"]


def test_structure_renders(md) -> None:
    text = ("# T\n\n3. 三\n4. 四\n   - 子\n\n```\n<b>x</b>\n```\n\n---\n\n> - 引用列表\n\n> [!tip]\n> 提示\n\n"
            "| a | b |\n|---|---|\n| 1 | 2 |\n")
    _, source = blocks(text)
    html = md.reset().convert(source_page_markdown(source, Inliner()).split("---\n", 2)[2])
    assert 'value="3"' in html and "<ul>\n<li" in html
    assert "<pre><code>&#60;b&#62;x&#60;&#47;b&#62;</code></pre>" in html
    assert "<hr>" in html or "<hr />" in html
    assert "<blockquote>\n<ul>" in html
    assert 'class="admonition tip passage"' in html and '<p class="admonition-title">Tip</p>' in html
    assert "<table>" in html


def test_html_off_the_allow_list_is_text_and_a_notice() -> None:
    found, source = blocks("# T\n\n正文。\n\n<script>alert(1)</script>\n\n<details><summary>好的</summary>内容</details>\n")
    assert [b.kind for b in found] == ["paragraph", "paragraph", "html"]
    assert found[1].text == "<script>alert(1)</script>"
    assert [(n.line, n.message.split(" ")[0]) for n in source.notices] == [(5, "HTML")]
